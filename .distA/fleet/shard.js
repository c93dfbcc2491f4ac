import { createHash } from "node:crypto";
/** Shards beyond this are a mistake (Kubernetes caps an Indexed Job at 100,000 completions). */
export const MAX_SHARDS = 100_000;
/**
 * `--shard I/N` (0-based I), or `auto`: Kubernetes Indexed Jobs set JOB_COMPLETION_INDEX in each pod; the count is
 * read from WIREWARDEN_SHARD_COUNT (set it to the Job's `completions`, which Kubernetes does not pass down), or
 * from JOB_COMPLETION_COUNT if the pod's spec exports one; WIREWARDEN_SHARD_INDEX overrides the index. Returns an
 * error message for anything else.
 */
export function parseShard(text, env) {
    const trimmed = text.trim();
    if (trimmed === "auto") {
        const indexText = env.get("WIREWARDEN_SHARD_INDEX") ?? env.get("JOB_COMPLETION_INDEX");
        const countName = env.has("WIREWARDEN_SHARD_COUNT") ? "WIREWARDEN_SHARD_COUNT" : "JOB_COMPLETION_COUNT";
        const countText = env.get(countName);
        if (indexText === undefined)
            return {
                error: "--shard auto: neither WIREWARDEN_SHARD_INDEX nor JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job sets the latter)",
            };
        if (countText === undefined)
            return {
                error: "--shard auto: set WIREWARDEN_SHARD_COUNT to the number of shards (the Job's `completions`), or give --shard I/N",
            };
        const indexName = env.has("WIREWARDEN_SHARD_INDEX") ? "WIREWARDEN_SHARD_INDEX" : "JOB_COMPLETION_INDEX";
        return checked(indexText, countText, `${indexName}=${indexText} of ${countName}=${countText}`);
    }
    const m = /^(\d+)\s*\/\s*(\d+)$/.exec(trimmed);
    if (!m)
        return { error: `--shard ${text}: expected I/N (0-based, e.g. 0/8) or auto` };
    return checked(m[1], m[2], `--shard ${m[1]}/${m[2]}`);
}
function checked(indexText, countText, source) {
    if (!/^\d+$/.test(indexText.trim()) || !/^\d+$/.test(countText.trim()))
        return { error: `${source}: shard index and count must be whole numbers` };
    const index = Number(indexText);
    const count = Number(countText);
    if (count < 1 || count > MAX_SHARDS)
        return { error: `${source}: the count must be 1 to ${MAX_SHARDS}` };
    if (index >= count)
        return { error: `${source}: the index must be below the count (0-based)` };
    return { index, count, source };
}
/**
 * The shard a target belongs to: the first 8 bytes of SHA-256 of its key, modulo the count. Depends on nothing but
 * the key, so the union of all shards is the unsharded run, and a target never moves when others are added.
 */
export function shardOf(key, count) {
    const digest = createHash("sha256").update(key, "utf8").digest();
    return Number(digest.readBigUInt64BE(0) % BigInt(count));
}
export function inShard(key, shard) {
    return shard === undefined || shardOf(key, shard.count) === shard.index;
}
/** A project path as a fleet names and shards it: as written, without trailing slashes. */
export function projectKey(path) {
    return path.length > 1 ? path.replace(/\/+$/, "") : path;
}
//# sourceMappingURL=shard.js.map