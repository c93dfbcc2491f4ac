import { writeFileSync } from "node:fs";
import { buildBaseline, MAX_BASELINE_BYTES, NO_SOURCE, parseBaseline, serializeBaseline, } from "../core/baseline.js";
import { errorText } from "../core/files.js";
import { settleFindings } from "../engine/report-assembly.js";
import { readFlagFile, UsageError } from "../engine/usage.js";
/**
 * Reads `--baseline FILE` before the command does its work, so that a bad file ends the run at once (exit 2,
 * one line) instead of after a scan or a probe.
 */
export function openBaseline(flags) {
    const file = flags.baseline;
    if (file === undefined)
        return undefined;
    const text = readFlagFile(file, "--baseline", MAX_BASELINE_BYTES);
    const parsed = parseBaseline(text);
    if ("error" in parsed)
        throw new UsageError(`--baseline ${file} ${parsed.error}`);
    return parsed.baseline;
}
/**
 * What every reporting command does between its engine and its report: the engine's settleFindings (fingerprints,
 * the baseline, the grade again), and the side effects that are the CLI's: `--write-baseline` written with every
 * finding, and a note on stderr. The returned report is what is printed and what the exit code is decided on.
 */
export function settleReport(io, report, flags, baseline, source = NO_SOURCE) {
    const settled = settleFindings(report, source, baseline && flags.baseline !== undefined ? { file: flags.baseline, entries: baseline } : undefined);
    const findings = settled.all;
    if (flags.writeBaseline !== undefined) {
        const written = buildBaseline(findings);
        try {
            writeFileSync(flags.writeBaseline, serializeBaseline(written));
        }
        catch (e) {
            throw new UsageError(`cannot write --write-baseline ${flags.writeBaseline}: ${errorText(e)}`);
        }
        if (!flags.quiet)
            io.stderr(`wirewarden: baseline of ${findings.length} finding(s) (${written.entries.length} entries) written to ${flags.writeBaseline}\n`);
    }
    return settled.report;
}
/** For the one-line stderr summaries: "; 3 finding(s) suppressed by the baseline", or nothing. */
export function baselineNote(report) {
    return report.baseline ? `; ${report.baseline.suppressed} finding(s) suppressed by the baseline` : "";
}
//# sourceMappingURL=baseline.js.map