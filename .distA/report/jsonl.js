import { summarize } from "../core/grade.js";
import { redactSecrets } from "../core/redact.js";
import { jsonReport } from "./json.js";
/**
 * JSON Lines for fleets (docs/fleet.md): one `run` line, then per target one `target` line (its JSON report without
 * the findings, and how many findings follow) and one `finding` line per finding. A `probe` run is split per
 * endpoint, so that shards of a fleet merge into what one run over every endpoint gives. Every line is masked as
 * the JSON report is (it is made from it).
 */
/** A run of these targets in JSON Lines: its `run` line (the shard it was, or null), then the targets' lines. */
export function jsonlRun(run, shard, targets) {
    const line = {
        type: "run",
        tool: { name: run.tool.name, version: run.tool.version },
        command: run.command,
        shard,
        targets: targets.length,
    };
    return `${JSON.stringify(line)}\n${targetLines(targets)}`;
}
/** The targets of one report, as JSON reports: itself, or for `probe` one per endpoint. */
export function targetReports(report) {
    const parts = report.command === "probe" && report.endpoints ? perEndpoint(report) : [report];
    return parts.map((p) => jsonReport(p));
}
/** The `target` and `finding` lines of these targets. */
function targetLines(targets) {
    let lines = "";
    for (const t of targets) {
        const { findings, ...rest } = t;
        lines += `${JSON.stringify({ type: "target", target: t.target, findings: findings.length, report: rest })}\n`;
        for (const f of findings)
            lines += `${JSON.stringify({ type: "finding", target: t.target, ...f })}\n`;
    }
    return lines;
}
/** A whole run of one report, as `--format jsonl` prints it. */
export function formatJsonl(report) {
    return jsonlRun(report, null, targetReports(report));
}
/**
 * One report per endpoint: its findings, its summary, its entry of `endpoints`. Findings that name no endpoint
 * (a run-wide WW000) stay with the run's own target. Clusters span endpoints and are not split: a fleet report
 * judges endpoints one by one.
 */
function perEndpoint(report) {
    const out = [];
    const named = new Set();
    for (const e of report.endpoints ?? []) {
        named.add(e.endpoint);
        const findings = report.findings.filter((f) => f.endpoint === e.endpoint);
        out.push({
            tool: report.tool,
            command: "probe",
            target: e.endpoint,
            findings,
            summary: summarize(findings),
            endpoints: [e],
        });
    }
    const rest = report.findings.filter((f) => f.endpoint === undefined || !named.has(f.endpoint));
    if (rest.length > 0)
        out.push({
            tool: report.tool,
            command: "probe",
            target: redactSecrets(report.target),
            findings: rest,
            summary: summarize(rest),
        });
    return out;
}
//# sourceMappingURL=jsonl.js.map