import type { Report } from "../core/report.js";
import type { Severity } from "../core/severity.js";
import { formatHtml } from "./html/page.js";
import { formatJson } from "./json.js";
import { formatJsonl } from "./jsonl.js";
import { formatJunit } from "./junit.js";
import { formatMarkdown } from "./markdown.js";
import { formatOpenMetrics } from "./openmetrics.js";
import { formatSarif } from "./sarif.js";
import { formatText } from "./text.js";

/** Options every formatter receives; formats that have no use for one ignore it. */
export interface FormatOptions {
  /** ANSI colours (text only). */
  color: boolean;
  /** More detail (text: CWE/OWASP under each finding). */
  verbose?: boolean;
  /** The run's --fail-on (junit: what is a failure; markdown: the verdict line). Absent: the CLI default, high. */
  failOn?: Severity | "none";
  /** SARIF: one run (and code-scanning category) per settings module (`scan --sarif-per-module`). */
  sarifPerModule?: boolean;
}

export type Formatter = (report: Report, opts: FormatOptions) => string;

/**
 * The report formats, each a pure function from a Report to a string. To add one (html, junit): write
 * `src/report/<name>.ts`, add a row here; `Format`, `FORMATS` and `formatReport` follow.
 */
const FORMATTERS = {
  text: formatText,
  json: (report) => formatJson(report),
  sarif: (report, opts) => formatSarif(report, { perModule: Boolean(opts.sarifPerModule) }),
  html: (report) => formatHtml(report),
  markdown: (report, opts) => formatMarkdown(report, opts),
  junit: (report, opts) => formatJunit(report, opts),
  // Fleets (docs/fleet.md): one line per finding and per target, for shards and `wirewarden merge`.
  jsonl: (report) => formatJsonl(report),
  openmetrics: (report) => formatOpenMetrics(report),
} as const satisfies Record<string, Formatter>;

export type Format = keyof typeof FORMATTERS;

export const FORMATS = Object.keys(FORMATTERS) as readonly Format[];

export function isFormat(value: string): value is Format {
  return Object.hasOwn(FORMATTERS, value);
}

/** Renders `report` in `format`; throws for a format that has no formatter (e.g. one named in the spec but not built). */
export function formatReport(report: Report, format: Format, opts: FormatOptions = { color: false }): string {
  const name: string = format;
  if (!isFormat(name)) {
    throw new Error(`unsupported report format '${name}' (supported: ${FORMATS.join(", ")})`);
  }
  return FORMATTERS[name](report, opts);
}

export { redactSecrets } from "../core/redact.js";
export { escapeHtml } from "./html/escape.js";
export { formatHtml } from "./html/page.js";
export { formatJson } from "./json.js";
export { formatJunit, type JunitOptions } from "./junit.js";
export { formatMarkdown } from "./markdown.js";
export { formatRulesJson, formatRulesMarkdown, formatRulesText } from "./rules-list.js";
export { formatSarif } from "./sarif.js";
export { formatText, type TextOptions } from "./text.js";
