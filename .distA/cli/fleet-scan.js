import { summarize } from "../core/grade.js";
import { applySelection } from "../core/selection.js";
import { meetsThreshold } from "../core/severity.js";
import { assembleReport } from "../engine/report-assembly.js";
import { scanProject } from "../engine/scan.js";
import { readFlagFile, UsageError } from "../engine/usage.js";
import { VERSION } from "../engine/version.js";
import { MAX_FLEET_TARGETS } from "../fleet/merge.js";
import { inShard, projectKey } from "../fleet/shard.js";
import { parseTargetsFile } from "../probe/targets.js";
import { formatFleet, isFleetFormat } from "../report/fleet.js";
import { jsonlRun, targetReports } from "../report/jsonl.js";
import { EXIT_FINDINGS, EXIT_OK, parseFailOn, progress, suppliedEnv, writeOutput, } from "./common.js";
import { excludeOf, selectionOf } from "./effective-config.js";
import { parseShardFlag } from "./fleet-output.js";
/** A list of a few thousand repository paths is a few hundred KiB. */
const MAX_TARGETS_FILE_BYTES = 4 * 1024 * 1024;
/**
 * `scan --targets FILE [--shard I/N]`: a fleet run (docs/fleet.md). Every project is scanned with the flags given
 * here (a project's own configuration file is not read: in a fleet the flags are the sweep's), and the reports are
 * written together — JSON Lines for `wirewarden merge`, or any fleet format. A project that cannot be analysed
 * (not a Django project, unreadable) is listed with why, not dropped, and does not fail the run by itself.
 */
export async function scanFleet(path, cmd, io, setExit) {
    const flags = cmd.opts();
    if (!flags.targets)
        throw new UsageError("--shard is for a fleet run: give the projects with --targets FILE");
    if (path !== ".")
        throw new UsageError("give the projects either as PATH or in --targets FILE, not both");
    for (const [flag, set] of [
        ["--baseline", flags.baseline],
        ["--write-baseline", flags.writeBaseline],
        ["--diff-base", flags.diffBase],
        ["--runtime", flags.runtime],
        ["--settings", flags.settings],
    ])
        if (set)
            throw new UsageError(`${flag} is for one project, not a fleet run (--targets)`);
    if (!isFleetFormat(flags.format))
        throw new UsageError(`--format ${flags.format} is for one project; a fleet run writes text, json, jsonl, sarif, html, markdown or openmetrics`);
    const failOn = parseFailOn(flags.failOn);
    const shard = flags.shard ? parseShardFlag(flags.shard, io) : undefined;
    const listed = [
        ...new Set(parseTargetsFile(readFlagFile(flags.targets, "--targets", MAX_TARGETS_FILE_BYTES)).map(projectKey)),
    ];
    if (listed.length === 0)
        throw new UsageError(`--targets ${flags.targets}: no project paths in it`);
    if (listed.length > MAX_FLEET_TARGETS)
        throw new UsageError(`--targets: ${listed.length} projects (limit ${MAX_FLEET_TARGETS})`);
    const mine = listed.filter((t) => inShard(t, shard));
    const exclude = excludeOf(flags);
    const env = suppliedEnv(flags.envFile, io.env);
    const bar = progress(io, Boolean(flags.quiet));
    const targets = [];
    let failing = false;
    for (const [i, target] of mine.entries()) {
        bar.update(`scanning ${i + 1}/${mine.length}: ${target}`);
        let report;
        try {
            const result = await scanProject(target, {
                env,
                ...(exclude ? { exclude } : {}),
            });
            const chosen = applySelection(result.report.findings, selectionOf(flags));
            report = { ...result.report, target, findings: chosen.kept, summary: summarize(chosen.kept) };
            if ([...chosen.kept, ...chosen.belowFloor].some((f) => meetsThreshold(f.severity, failOn)))
                failing = true;
        }
        catch (e) {
            if (!(e instanceof UsageError))
                throw e;
            // Listed with why: in a fleet, a repository that is not a Django project is an answer, not a crash.
            report = assembleReport("scan", target, [], { error: e.message });
        }
        targets.push(...targetReports(report));
    }
    bar.done();
    targets.sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
    const run = { tool: { name: "wirewarden", version: VERSION }, command: "scan" };
    const shardInfo = shard ? { index: shard.index, count: shard.count, source: shard.source } : null;
    writeOutput(io, flags.output, flags.format === "jsonl"
        ? jsonlRun(run, shardInfo, targets)
        : formatFleet({
            ...run,
            runs: [{ type: "run", ...run, shard: shardInfo, targets: targets.length }],
            targets,
            missingShards: [],
        }, flags.format));
    if (!flags.quiet && (flags.output || flags.format !== "text")) {
        const errors = targets.filter((t) => t.error).length;
        io.stderr(`wirewarden scan: ${shard ? `${shard.source}: ` : ""}${targets.length} of ${listed.length} project(s) in this run, ${errors} not analysed${flags.output ? `; report written to ${flags.output}` : ""}\n`);
    }
    setExit(failing ? EXIT_FINDINGS : EXIT_OK);
}
//# sourceMappingURL=fleet-scan.js.map