import { createColors } from "picocolors";
import type { Finding } from "../core/finding.js";
import type { Report } from "../core/report.js";
import { SEVERITIES, type Severity } from "../core/severity.js";

export interface TextOptions {
  color: boolean;
  verbose?: boolean;
}

function where(f: Finding): string {
  if (f.location) return `${f.location.file}:${f.location.line}:${f.location.column}`;
  return f.endpoint ?? "";
}

/** Findings grouped by settings module, then alias; findings of no module come last. */
function groups(findings: readonly Finding[]): [string, [string, Finding[]][]][] {
  const byModule = new Map<string, Map<string, Finding[]>>();
  for (const f of findings) {
    const mod = f.settingsModule
      ? `settings ${f.settingsModule}`
      : f.endpoint
        ? `endpoint ${f.endpoint}`
        : "other files";
    const alias = f.alias ? `database alias '${f.alias}'` : "";
    const m = byModule.get(mod) ?? new Map<string, Finding[]>();
    m.set(alias, [...(m.get(alias) ?? []), f]);
    byModule.set(mod, m);
  }
  const order = (k: string) => (k === "other files" ? 1 : 0);
  return [...byModule.entries()]
    .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
    .map(([mod, aliases]) => [mod, [...aliases.entries()].sort(([a], [b]) => a.localeCompare(b))]);
}

export function formatText(report: Report, opts: TextOptions): string {
  const c = createColors(opts.color);
  const paint: Record<Severity, (s: string) => string> = {
    critical: (s) => c.bold(c.red(s)),
    high: c.red,
    medium: c.yellow,
    low: c.cyan,
    info: c.dim,
  };
  const out: string[] = [];
  out.push(c.bold(`wirewarden ${report.tool.version} ${report.command} ${report.target}`));
  out.push("");
  if (report.findings.length === 0) out.push(c.green("No findings."));
  for (const [mod, aliases] of groups(report.findings)) {
    out.push(c.bold(mod));
    for (const [alias, findings] of aliases) {
      const indent = alias ? "    " : "  ";
      if (alias) out.push(`  ${c.bold(alias)}`);
      for (const f of findings) {
        out.push(
          `${indent}${paint[f.severity](f.severity.toUpperCase().padEnd(8))} ${f.ruleId} ${f.name}  ${c.dim(where(f))}`,
        );
        out.push(`${indent}  ${f.message}`);
        if (f.evidence) out.push(`${indent}  ${c.dim("evidence:")} ${f.evidence}`);
        if (f.fix) out.push(`${indent}  ${c.green("fix:")} ${f.fix}`);
        if (opts.verbose && (f.cwe || f.owasp))
          out.push(`${indent}  ${c.dim([f.cwe, f.owasp].filter(Boolean).join(", "))}`);
      }
    }
    out.push("");
  }
  const s = report.summary;
  const counts = SEVERITIES.map((sev) => `${sev} ${s.counts[sev]}`).join(", ");
  const gradeColor = s.grade === "A" || s.grade === "B" ? c.green : s.grade === "C" ? c.yellow : c.red;
  out.push(`${report.findings.length} finding(s): ${counts}`);
  out.push(`score ${s.score}/100, grade ${gradeColor(c.bold(s.grade))}`);
  return `${out.join("\n")}\n`;
}
