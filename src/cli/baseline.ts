import { writeFileSync } from "node:fs";
import {
  type Baseline,
  buildBaseline,
  filterBaseline,
  fingerprintFindings,
  type LineReader,
  MAX_BASELINE_BYTES,
  NO_SOURCE,
  parseBaseline,
  serializeBaseline,
} from "../core/baseline.js";
import { errorText } from "../core/files.js";
import { summarize } from "../core/grade.js";
import type { Report } from "../core/report.js";
import { readFlagFile, UsageError } from "../engine/usage.js";
import type { Io, ReportFlags } from "./common.js";

/**
 * Reads `--baseline FILE` before the command does its work, so that a bad file ends the run at once (exit 2,
 * one line) instead of after a scan or a probe.
 */
export function openBaseline(flags: Pick<ReportFlags, "baseline">): Baseline | undefined {
  const file = flags.baseline;
  if (file === undefined) return undefined;
  const text = readFlagFile(file, "--baseline", MAX_BASELINE_BYTES);
  const parsed = parseBaseline(text);
  if ("error" in parsed) throw new UsageError(`--baseline ${file} ${parsed.error}`);
  return parsed.baseline;
}

/**
 * What every reporting command does between its engine and its report: fingerprint the findings (with the lines
 * the scan read; live commands have none), write `--write-baseline` with every finding, then drop the
 * findings `--baseline` knows and grade what is left. The returned report is what is printed and what the exit
 * code is decided on.
 */
export function settleReport(
  io: Io,
  report: Report,
  flags: Pick<ReportFlags, "baseline" | "writeBaseline" | "quiet">,
  baseline: Baseline | undefined,
  source: LineReader = NO_SOURCE,
): Report {
  const findings = fingerprintFindings(report.findings, source);
  if (flags.writeBaseline !== undefined) {
    const written = buildBaseline(findings);
    try {
      writeFileSync(flags.writeBaseline, serializeBaseline(written));
    } catch (e) {
      throw new UsageError(`cannot write --write-baseline ${flags.writeBaseline}: ${errorText(e)}`);
    }
    if (!flags.quiet)
      io.stderr(
        `wirewarden: baseline of ${findings.length} finding(s) (${written.entries.length} entries) written to ${flags.writeBaseline}\n`,
      );
  }
  if (!baseline || flags.baseline === undefined) return { ...report, findings };
  const { kept, suppressed } = filterBaseline(findings, baseline);
  return {
    ...report,
    findings: kept,
    summary: summarize(kept),
    baseline: { file: flags.baseline, suppressed: suppressed.length },
  };
}

/** For the one-line stderr summaries: "; 3 finding(s) suppressed by the baseline", or nothing. */
export function baselineNote(report: Report): string {
  return report.baseline ? `; ${report.baseline.suppressed} finding(s) suppressed by the baseline` : "";
}
