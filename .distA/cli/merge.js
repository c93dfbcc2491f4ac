import { readSync } from "node:fs";
import { Option } from "commander";
import { meetsThreshold } from "../core/severity.js";
import { readFlagFile, UsageError } from "../engine/usage.js";
import { MAX_JSONL_BYTES, MergeError, mergeJsonl } from "../fleet/merge.js";
import { FLEET_FORMATS, formatFleet } from "../report/fleet.js";
import { EXIT_FINDINGS, EXIT_OK, parseFailOn, writeOutput } from "./common.js";
export function registerMerge(program, io, setExit) {
    program
        .command("merge")
        .summary("combine the JSON Lines reports of a fleet's shards into one report")
        .description("Reads `--format jsonl` reports of `scan --targets` or `probe` (whole runs or shards) and writes one report over " +
        "every target. Refuses a shard given twice, shards of different counts, a target in two reports and a cut " +
        "file; a missing shard is refused unless --allow-missing. The same targets merge to the same report however " +
        "they were split.")
        .argument("<reports...>", "JSON Lines reports (`-` reads standard input)")
        .addOption(new Option("-f, --format <format>", "report format").choices([...FLEET_FORMATS]).default("text"))
        .option("-o, --output <file>", "write the report to FILE instead of stdout")
        .option("--fail-on <severity>", "exit 1 when any target has a finding at or above it (or none)", "high")
        .option("--allow-missing", "merge what is there when shards are missing, and say which in the report")
        .option("-q, --quiet", "no summary on stderr")
        .addHelpText("after", "\nExamples:\n" +
        "  wirewarden probe --targets nodes.txt --shard 0/8 --format jsonl -o shard-0.jsonl   # on each worker\n" +
        "  wirewarden merge shard-*.jsonl --format html -o fleet.html\n" +
        "  wirewarden merge shard-*.jsonl --format sarif -o fleet.sarif --fail-on none\n\n" +
        "Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 the reports do not add up.")
        .action((files, flags) => {
        const failOn = parseFailOn(flags.failOn);
        const inputs = files.map((name) => ({
            name,
            text: name === "-" ? readStdin() : readFlagFile(name, "merge", MAX_JSONL_BYTES),
        }));
        let fleet;
        try {
            fleet = mergeJsonl(inputs, { allowMissing: Boolean(flags.allowMissing) });
        }
        catch (e) {
            if (e instanceof MergeError)
                throw new UsageError(`merge: ${e.message}`);
            throw e;
        }
        writeOutput(io, flags.output, formatFleet(fleet, flags.format));
        const findings = fleet.targets.flatMap((t) => t.findings);
        if (!flags.quiet && (flags.output || flags.format !== "text")) {
            const missing = fleet.missingShards.length
                ? `; shard(s) ${fleet.missingShards.join(", ")} missing`
                : "";
            io.stderr(`wirewarden merge: ${inputs.length} report(s), ${fleet.targets.length} target(s), ${findings.length} finding(s)${missing}${flags.output ? `; report written to ${flags.output}` : ""}\n`);
        }
        setExit(findings.some((f) => meetsThreshold(f.severity, failOn)) ? EXIT_FINDINGS : EXIT_OK);
    });
}
function readStdin() {
    // Bounded like a file: a pipe that never ends is not a report.
    const chunks = [];
    let total = 0;
    const buf = Buffer.alloc(1 << 16);
    for (;;) {
        let n;
        try {
            n = readSync(0, buf, 0, buf.length, null);
        }
        catch (e) {
            const code = e.code;
            if (code === "EOF")
                break;
            throw new UsageError(`merge: cannot read standard input (${code ?? String(e)}): give the report files`);
        }
        if (n === 0)
            break;
        total += n;
        if (total > MAX_JSONL_BYTES)
            throw new UsageError(`merge: standard input is over ${MAX_JSONL_BYTES} bytes`);
        chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    return Buffer.concat(chunks).toString("utf8");
}
//# sourceMappingURL=merge.js.map