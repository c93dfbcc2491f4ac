import { UsageError } from "../engine/usage.js";
import { VERSION } from "../engine/version.js";
import { parseShard } from "../fleet/shard.js";
import { jsonlRun, targetReports } from "../report/jsonl.js";
import { writeOutput, writeReport } from "./common.js";
/** `--shard I/N` or `auto` (the Kubernetes Indexed Job's environment), or a usage error saying what is wrong. */
export function parseShardFlag(text, io) {
    const env = new Map(Object.entries(io.env).filter((e) => e[1] !== undefined));
    const shard = parseShard(text, env);
    if ("error" in shard)
        throw new UsageError(shard.error);
    return shard;
}
/**
 * Writes one shard's reports. In JSON Lines the run line names the shard, so `wirewarden merge` can tell a missing
 * or repeated shard; any other format is the shard's report(s) as the command writes them. An empty share writes a
 * run line with no targets (in JSON Lines), else nothing.
 */
export function writeShard(io, flags, shard, reports, command = reports[0]?.command ?? "probe") {
    if (flags.format === "jsonl") {
        const run = { tool: { name: "wirewarden", version: VERSION }, command };
        const at = { index: shard.index, count: shard.count, source: shard.source };
        writeOutput(io, flags.output, jsonlRun(run, at, reports.flatMap(targetReports)));
        return;
    }
    for (const r of reports)
        writeReport(io, r, flags);
}
//# sourceMappingURL=fleet-output.js.map