import type { Finding } from "../core/finding.js";
import { redactFindingText, redactSecrets } from "../core/redact.js";
import type { Report } from "../core/report.js";
import { SEVERITIES } from "../core/severity.js";
import { sortFindings, where } from "./order.js";

/**
 * GitHub caps a pull-request comment at 65,536 characters; rows stop being added past this budget and a line
 * says how many were left out (the JSON and SARIF reports always have them all).
 */
export const MARKDOWN_BUDGET = 60_000;

/**
 * Text for a GFM table cell: every Markdown-significant character is backslash-escaped (so scanned content
 * cannot open a link, emphasis, an HTML tag or a new column) and line breaks become `<br>`.
 */
export function cell(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|~&#!]/g, (ch) => `\\${ch}`)
    .replace(/\r\n|\r|\n/g, "<br>")
    .trim();
}

/** A code span for a table cell: a fence longer than any backtick run inside; `|` escaped for the table parser. */
export function code(text: string): string {
  const flat = text.replace(/\r\n|\r|\n/g, " ").replace(/\|/g, "\\|");
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

function location(f: Finding): string {
  const parts: string[] = [];
  const place = where(f);
  if (place) parts.push(code(place));
  if (f.location && f.endpoint) parts.push(code(f.endpoint));
  const scope = [
    f.settingsModule ? cell(f.settingsModule) : "",
    f.alias ? `alias ${code(f.alias)}` : "",
  ].filter(Boolean);
  if (scope.length > 0) parts.push(`(${scope.join(", ")})`);
  return parts.join(" ");
}

function row(raw: Finding): string {
  const f = redactFindingText(raw);
  const message = [cell(f.message), f.fix ? `**Fix:** ${cell(f.fix)}` : ""].filter(Boolean).join("<br>");
  return `| ${f.severity} | ${f.ruleId} ${cell(f.name)} | ${location(f)} | ${message} |`;
}

/** For a pull-request comment or a GitHub job summary: grade, counts per severity, one row per finding. */
export function formatMarkdown(report: Report): string {
  const s = report.summary;
  const out: string[] = [];
  out.push(`## wirewarden ${report.command}: grade ${s.grade} (${s.score}/100)`);
  out.push("");
  out.push(`Target: ${code(redactSecrets(report.target))} · wirewarden ${cell(report.tool.version)}`);
  out.push("");
  out.push(`| ${SEVERITIES.join(" | ")} |`);
  out.push(`|${SEVERITIES.map(() => "---:").join("|")}|`);
  out.push(`| ${SEVERITIES.map((sev) => s.counts[sev]).join(" | ")} |`);
  out.push("");
  if (report.findings.length === 0) {
    out.push("No findings.");
    return `${out.join("\n")}\n`;
  }
  out.push("| severity | rule | location | message |");
  out.push("|---|---|---|---|");
  let size = out.reduce((n, line) => n + line.length + 1, 0);
  const sorted = sortFindings(report.findings);
  let shown = 0;
  for (const f of sorted) {
    const line = row(f);
    if (size + line.length + 1 > MARKDOWN_BUDGET) break;
    out.push(line);
    size += line.length + 1;
    shown += 1;
  }
  if (shown < sorted.length) {
    out.push("");
    out.push(`… and ${sorted.length - shown} more finding(s) not shown here; see the JSON or SARIF report.`);
  }
  return `${out.join("\n")}\n`;
}
