import type { Finding } from "../core/finding.js";
import { severityRank } from "../core/severity.js";

/** Where a finding is, for people: `file:line:col`, else the endpoint, else "". */
export function where(f: Finding): string {
  if (f.location) return `${f.location.file}:${f.location.line}:${f.location.column}`;
  return f.endpoint ?? "";
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Severity (highest first), then file, line, column, then endpoint, then rule id: a total, locale-free order. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    Number(!a.location) - Number(!b.location) ||
    compareText(a.location?.file ?? "", b.location?.file ?? "") ||
    (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
    (a.location?.column ?? 0) - (b.location?.column ?? 0) ||
    compareText(a.endpoint ?? "", b.endpoint ?? "") ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.message, b.message)
  );
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}
