import { lstatSync, realpathSync, writeFileSync } from "node:fs";
import { isAbsolute, join, sep } from "node:path";
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
import { DEFAULT_LIMITS, errorText, readRegularFile } from "../core/files.js";
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
 * Source lines of the scanned tree for fingerprints. Only what the scan itself could have read: a relative path
 * that resolves inside `root`, a regular file that is not a symbolic link, within the scan's size limit, valid
 * UTF-8. Key files are never opened. Anything else reads as no line.
 */
export function sourceLines(root: string, maxBytes = DEFAULT_LIMITS.maxFileBytes): LineReader {
  const cache = new Map<string, string[] | null>();
  let realRoot: string | undefined;
  const read = (file: string): string[] | null => {
    if (isAbsolute(file) || file.split("/").includes("..") || file.endsWith(".key")) return null;
    try {
      realRoot ??= realpathSync(root);
      const full = join(root, file);
      const st = lstatSync(full);
      if (!st.isFile() || st.size > maxBytes) return null;
      if (!realpathSync(full).startsWith(realRoot + sep)) return null;
      const read = readRegularFile(full, maxBytes, { expected: st });
      if ("problem" in read) return null;
      const text = new TextDecoder("utf-8", { fatal: true }).decode(read.bytes);
      return text.replace(/^\uFEFF/, "").split("\n");
    } catch {
      return null;
    }
  };
  return (file, line) => {
    if (!cache.has(file)) cache.set(file, read(file));
    return cache.get(file)?.[line - 1];
  };
}

/**
 * What every reporting command does between its engine and its report: fingerprint the findings (lines read from
 * `root`, the scanned tree; live commands have none), write `--write-baseline` with every finding, then drop the
 * findings `--baseline` knows and grade what is left. The returned report is what is printed and what the exit
 * code is decided on.
 */
export function settleReport(
  io: Io,
  report: Report,
  flags: Pick<ReportFlags, "baseline" | "writeBaseline" | "quiet">,
  baseline: Baseline | undefined,
  root?: string,
): Report {
  const findings = fingerprintFindings(report.findings, root === undefined ? NO_SOURCE : sourceLines(root));
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
