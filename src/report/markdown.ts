import type { Finding } from "../core/finding.js";
import type { Report } from "../core/report.js";
import { SEVERITIES } from "../core/severity.js";

export function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");
}

function where(f: Finding): string {
  if (f.location) return `\`${f.location.file}:${f.location.line}\``;
  return f.endpoint ? `\`${f.endpoint}\`` : "";
}

/** For a pull-request comment or a GitHub job summary. */
export function formatMarkdown(report: Report): string {
  const s = report.summary;
  const out: string[] = [];
  out.push(`## wirewarden ${report.command}: grade ${s.grade} (${s.score}/100)`);
  out.push("");
  out.push(`Target: \`${cell(report.target)}\``);
  out.push("");
  out.push(`| ${SEVERITIES.join(" | ")} |`);
  out.push(`|${SEVERITIES.map(() => "---").join("|")}|`);
  out.push(`| ${SEVERITIES.map((sev) => s.counts[sev]).join(" | ")} |`);
  out.push("");
  if (report.findings.length === 0) {
    out.push("No findings.");
  } else {
    out.push("| severity | rule | location | module / alias | message | fix |");
    out.push("|---|---|---|---|---|---|");
    for (const f of report.findings) {
      const scope = [f.settingsModule, f.alias ? `'${f.alias}'` : ""].filter(Boolean).join(" ");
      out.push(
        `| ${f.severity} | ${f.ruleId} ${f.name} | ${where(f)} | ${cell(scope)} | ${cell(f.message)} | ${cell(f.fix ?? "")} |`,
      );
    }
  }
  return `${out.join("\n")}\n`;
}
