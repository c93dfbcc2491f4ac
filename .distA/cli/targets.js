import { readFlagFile, UsageError } from "../engine/usage.js";
import { MAX_FLEET_TARGETS } from "../fleet/merge.js";
import { inShard, projectKey } from "../fleet/shard.js";
import { parseTargetsFile } from "../probe/targets.js";
import { EXIT_OK } from "./common.js";
import { parseShardFlag } from "./fleet-output.js";
const MAX_TARGETS_FILE_BYTES = 4 * 1024 * 1024;
/**
 * `wirewarden targets FILE --shard I/N`: the project paths of a targets file that fall in one shard, by the hash
 * `scan --targets --shard` uses (the path as written, trailing slashes dropped) — so a fleet worker clones only its
 * share of the repositories before it scans them (docs/fleet.md). A probe worker needs no such step: it reads the
 * whole endpoint list and probes its share.
 */
export function registerTargets(program, io, setExit) {
    program
        .command("targets")
        .summary("print the project paths of a targets file that fall in one shard (what a fleet worker clones)")
        .argument("<file>", "a targets file: one project path per line (# comments)")
        .requiredOption("--shard <i/n>", "the shard (0-based I of N), or `auto` in a Kubernetes Indexed Job")
        .addHelpText("after", "\nExample (a fleet worker clones only its share, then scans it under the same shard):\n" +
        "  wirewarden targets repos.txt --shard 3/8 > mine.txt\n" +
        "  wirewarden scan --targets repos.txt --shard 3/8 --format jsonl -o shard-3.jsonl")
        .action((file, flags) => {
        const shard = parseShardFlag(flags.shard, io);
        const listed = [...new Set(parseTargetsFile(readFlagFile(file, "targets", MAX_TARGETS_FILE_BYTES)))];
        if (listed.length > MAX_FLEET_TARGETS)
            throw new UsageError(`${file}: ${listed.length} targets (limit ${MAX_FLEET_TARGETS})`);
        const mine = [...new Set(listed.map(projectKey))].filter((t) => inShard(t, shard));
        io.stdout(mine.map((t) => `${t}\n`).join(""));
        setExit(EXIT_OK);
    });
}
//# sourceMappingURL=targets.js.map