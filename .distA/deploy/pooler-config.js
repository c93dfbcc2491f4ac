/**
 * Where a PgBouncer container's configuration comes from, when not from its environment: a pgbouncer.ini of the tree
 * bound into it (compose `volumes: ./pgbouncer.ini:/etc/pgbouncer/pgbouncer.ini`) or copied into the image its
 * service builds (`COPY pgbouncer.ini /etc/pgbouncer/`). The images' entrypoints (edoburu/pgbouncer, bitnami's) write
 * a configuration from the environment only when none is there, so such a file is the configuration and the
 * environment's TLS variables are not. Pure: paths and texts in, a path (and how it got there) out.
 */
import { posix } from "node:path";
import { dockerInstructions, shellWords } from "./dockerfile.js";
import { locator } from "./locate.js";
/** A container path PgBouncer reads its configuration from (the images' and the package's own places). */
const CONFIG_TARGET = /(^|\/)pgbouncer(\/conf)?\/pgbouncer\.ini$|\/pgbouncer\.ini$/;
/** A directory a configuration lands in when COPY names the directory (`COPY x.ini /etc/pgbouncer/`). */
const CONFIG_DIR = /(^|\/)pgbouncer(\/conf)?\/?$/;
/** The pgbouncer.ini a PgBouncer unit runs with, when the tree shows one bound or copied in. */
export function poolerConfigFile(unit, dockerfileText) {
    for (const m of unit.mounts ?? [])
        if (CONFIG_TARGET.test(m.target))
            return { path: m.source, how: `mounted at ${m.target}` };
    if (!unit.dockerfile)
        return undefined;
    const text = dockerfileText(unit.dockerfile);
    if (text === undefined)
        return undefined;
    const context = posix.dirname(unit.dockerfile);
    let found;
    const at = locator(text);
    for (const ins of dockerInstructions(text).instructions) {
        if (ins.keyword !== "COPY" && ins.keyword !== "ADD")
            continue;
        const words = shellWords(ins.args).map((w) => w.text);
        // COPY --from=stage copies from another image, not from the build context.
        if (words.some((w) => w.startsWith("--from")))
            continue;
        const paths = words.filter((w) => !w.startsWith("--"));
        const dest = paths.at(-1);
        if (!dest || paths.length < 2)
            continue;
        for (const src of paths.slice(0, -1)) {
            if (!src.endsWith(".ini") || src.includes("$") || src.startsWith("/"))
                continue;
            const lands = CONFIG_DIR.test(dest) ? posix.join(dest, posix.basename(src)) : dest;
            if (!CONFIG_TARGET.test(lands))
                continue;
            const path = posix.normalize(posix.join(context, src));
            if (path === ".." || path.startsWith("../"))
                continue;
            // A later COPY to the same place wins, as in the image.
            found = { path, how: `copied by ${unit.dockerfile}:${at(ins.offset).line}` };
        }
    }
    return found;
}
/** The image a unit's Dockerfile builds FROM: the build target's stage or the last, followed to its external base. */
export function builtFrom(read, target) {
    let stage = target
        ? read.stages.find((s) => s.name === target.toLowerCase())
        : read.stages[read.stages.length - 1];
    const seen = new Set();
    while (stage?.parent !== undefined && !seen.has(stage.index)) {
        seen.add(stage.index);
        stage = read.stages[stage.parent];
    }
    return stage?.from;
}
//# sourceMappingURL=pooler-config.js.map