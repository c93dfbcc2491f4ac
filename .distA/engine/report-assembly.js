/**
 * A command's report put together and settled: light on purpose (core and the cluster verdicts only), so that a
 * command's start-up does not load the project reader (pipeline.ts) to print what it found (issue 22).
 */
import { filterBaseline, fingerprintFindings } from "../core/baseline.js";
import { summarize } from "../core/grade.js";
import { redactFindingText } from "../core/redact.js";
import { judgeClusters } from "../probe/clusters.js";
import { VERSION } from "./version.js";
/**
 * The one place a command's report is put together: its findings masked once more and graded, under the tool's
 * name and version, with what the command adds (topology and aliases, endpoints, attacks). The CLI then
 * fingerprints, applies a baseline and re-grades (cli/baseline.ts settleReport) before any format prints it.
 */
export function assembleReport(command, target, findings, extras = {}) {
    const masked = findings.map(redactFindingText);
    return {
        tool: { name: "wirewarden", version: VERSION },
        command,
        target,
        findings: masked,
        summary: summarize(masked),
        ...extras,
    };
}
/**
 * The second half of the assembly, pure: every finding fingerprinted (with the lines the scan read; live commands
 * have none), then, with a baseline, the findings it knows dropped and what is left graded again. Returns the
 * report to print and every fingerprinted finding (what `--write-baseline` records).
 */
export function settleFindings(report, source, baseline) {
    const all = fingerprintFindings(report.findings, source);
    if (!baseline)
        return { report: { ...report, findings: all }, all };
    const { kept, suppressed } = filterBaseline(all, baseline.entries);
    return {
        report: {
            ...report,
            findings: kept,
            summary: summarize(kept),
            // A cluster's verdict names only findings the report still shows.
            ...(report.clusters ? { clusters: judgeClusters(report.clusters, kept) } : {}),
            baseline: { file: baseline.file, suppressed: suppressed.length },
        },
        all,
    };
}
//# sourceMappingURL=report-assembly.js.map