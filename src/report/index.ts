import type { Report } from "../core/report.js";
import { formatJson } from "./json.js";
import { formatMarkdown } from "./markdown.js";
import { formatSarif } from "./sarif.js";
import { formatText, type TextOptions } from "./text.js";

export type Format = "text" | "json" | "sarif" | "markdown";

const FORMATTERS: Record<Format, (report: Report, opts: TextOptions) => string> = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  markdown: formatMarkdown,
};

export function formatReport(report: Report, format: Format, opts: TextOptions): string {
  const formatter = FORMATTERS[format];
  if (!formatter) throw new Error(`unsupported format ${format}`);
  return formatter(report, opts);
}
