/** A JSON Lines report over this is a mistake, not a fleet (2,000 repositories are a few MiB). */
export const MAX_JSONL_BYTES = 256 * 1024 * 1024;
/** One line over this is refused: a target's report without its findings is small. */
const MAX_LINE_CHARS = 16 * 1024 * 1024;
/** Targets across all inputs. */
export const MAX_FLEET_TARGETS = 100_000;
export class MergeError extends Error {
}
/**
 * Reads JSON Lines reports (one per input, `--format jsonl` of scan or probe, whole or sharded) into one fleet.
 * Refused, with what is wrong and where: a line that is not a report line, runs of different commands, a shard
 * given twice, shards of different counts, a target in two inputs, findings missing from a target (a cut file).
 * Missing shards are refused unless `allowMissing`: then they are listed in the result.
 */
export function mergeJsonl(inputs, o = {}) {
    const runs = [];
    const targets = new Map();
    for (const input of inputs) {
        let run;
        let current;
        let declared = 0;
        const lines = input.text.split("\n");
        for (let i = 0; i < lines.length; i++) {
            const raw = lines[i];
            if (raw.trim() === "")
                continue;
            const at = `${input.name}:${i + 1}`;
            if (raw.length > MAX_LINE_CHARS)
                throw new MergeError(`${at}: a line of ${raw.length} characters (limit ${MAX_LINE_CHARS})`);
            let line;
            try {
                line = JSON.parse(raw);
            }
            catch {
                throw new MergeError(`${at}: not JSON (wirewarden merge reads --format jsonl reports)`);
            }
            if (typeof line !== "object" || line === null || Array.isArray(line))
                throw new MergeError(`${at}: not a report line`);
            if (line.type === "run") {
                if (run)
                    throw new MergeError(`${at}: a second run in one file (give each run's file on its own)`);
                run = checkRun(line, at);
                runs.push(run);
                continue;
            }
            if (!run)
                throw new MergeError(`${at}: a ${String(line.type)} line before the run line`);
            if (line.type === "target") {
                if (current)
                    finish(current, at);
                const report = line.report;
                const target = line.target;
                if (typeof target !== "string" ||
                    !report ||
                    typeof report !== "object" ||
                    typeof line.findings !== "number")
                    throw new MergeError(`${at}: a target line needs target, findings and report`);
                const seen = targets.get(target);
                if (seen)
                    throw new MergeError(`${at}: ${target} is also in ${seen.from}: a target belongs to one shard`);
                if (targets.size >= MAX_FLEET_TARGETS)
                    throw new MergeError(`${at}: more than ${MAX_FLEET_TARGETS} targets`);
                if (report.command !== run.command)
                    throw new MergeError(`${at}: a ${String(report.command)} target in a ${run.command} run`);
                current = {
                    report: { ...report, target, command: run.command, findings: [] },
                    from: input.name,
                    expected: line.findings,
                };
                targets.set(target, current);
                declared++;
                continue;
            }
            if (line.type === "finding") {
                if (!current || line.target !== current.report.target)
                    throw new MergeError(`${at}: a finding that does not follow its target's line`);
                const { type: _type, target: _target, ...finding } = line;
                current.report.findings.push(finding);
                continue;
            }
            throw new MergeError(`${at}: unknown line type ${JSON.stringify(line.type)}`);
        }
        if (current)
            finish(current, `${input.name}: end of file`);
        if (!run)
            throw new MergeError(`${input.name}: no run line (is it a --format jsonl report?)`);
        if (declared !== run.targets)
            throw new MergeError(`${input.name}: the run announces ${run.targets} target(s) and holds ${declared} (a cut file?)`);
    }
    const first = runs[0];
    if (!first)
        throw new MergeError("nothing to merge");
    for (const r of runs)
        if (r.command !== first.command)
            throw new MergeError(`runs of different commands (${first.command} and ${r.command}) cannot be merged`);
    const missingShards = checkShards(runs, Boolean(o.allowMissing));
    const sorted = [...targets.values()]
        .map((t) => t.report)
        .sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
    return { command: first.command, tool: first.tool, runs, targets: sorted, missingShards };
}
function finish(t, at) {
    if (t.report.findings.length !== t.expected)
        throw new MergeError(`${at}: ${t.report.target} announces ${t.expected} finding(s) and ${t.report.findings.length} follow (a cut file?)`);
}
function checkRun(line, at) {
    const tool = line.tool;
    const command = line.command;
    if (tool?.name !== "wirewarden" || typeof tool.version !== "string")
        throw new MergeError(`${at}: the run line does not name wirewarden`);
    if (command !== "scan" && command !== "probe" && command !== "prove" && command !== "fix")
        throw new MergeError(`${at}: unknown command ${JSON.stringify(command)}`);
    if (typeof line.targets !== "number" || !Number.isInteger(line.targets) || line.targets < 0)
        throw new MergeError(`${at}: the run line needs a target count`);
    const shard = line.shard;
    if (shard !== null) {
        if (typeof shard !== "object" ||
            !Number.isInteger(shard.index) ||
            !Number.isInteger(shard.count) ||
            shard.count < 1 ||
            shard.index < 0 ||
            shard.index >= shard.count)
            throw new MergeError(`${at}: the run line's shard is not index/count`);
    }
    return { type: "run", tool, command, shard, targets: line.targets };
}
/** Shard indices missing from the runs; a duplicate or a mix of counts (or of whole and sharded runs) throws. */
function checkShards(runs, allowMissing) {
    const sharded = runs.filter((r) => r.shard !== null);
    if (sharded.length === 0)
        return [];
    if (sharded.length !== runs.length)
        throw new MergeError("whole runs and shards cannot be merged together");
    const count = sharded[0].shard?.count;
    const seen = new Set();
    for (const r of sharded) {
        const s = r.shard;
        if (s.count !== count)
            throw new MergeError(`shards of ${count} and of ${s.count} cannot be merged together`);
        if (seen.has(s.index))
            throw new MergeError(`shard ${s.index}/${count} is given twice`);
        seen.add(s.index);
    }
    const missing = [];
    for (let i = 0; i < count; i++)
        if (!seen.has(i))
            missing.push(i);
    if (missing.length > 0 && !allowMissing)
        throw new MergeError(`shard${missing.length > 1 ? "s" : ""} ${missing.slice(0, 20).join(", ")}${missing.length > 20 ? "…" : ""} of ${count} missing (--allow-missing merges what is here and says so)`);
    return missing;
}
//# sourceMappingURL=merge.js.map