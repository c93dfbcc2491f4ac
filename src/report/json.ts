import type { Finding } from "../core/finding.js";
import type { Report } from "../core/report.js";

const FINDING_KEYS: readonly (keyof Finding)[] = [
  "ruleId",
  "name",
  "severity",
  "message",
  "location",
  "endpoint",
  "settingsModule",
  "alias",
  "evidence",
  "fix",
  "cwe",
  "owasp",
];

/** Only the documented keys, in the documented order (shared/spec/cli.md). */
export function contractFinding(f: Finding): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of FINDING_KEYS) if (f[key] !== undefined) out[key] = f[key];
  return out;
}

export function formatJson(report: Report): string {
  const body = {
    tool: report.tool,
    command: report.command,
    target: report.target,
    findings: report.findings.map(contractFinding),
    summary: report.summary,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
