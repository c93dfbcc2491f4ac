import { formatHtml } from "./html/page.js";
import { formatJson } from "./json.js";
import { formatJsonl } from "./jsonl.js";
import { formatJunit } from "./junit.js";
import { formatMarkdown } from "./markdown.js";
import { formatOpenMetrics } from "./openmetrics.js";
import { formatSarif } from "./sarif.js";
import { formatText } from "./text.js";
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
};
export const FORMATS = Object.keys(FORMATTERS);
export function isFormat(value) {
    return Object.hasOwn(FORMATTERS, value);
}
/** Renders `report` in `format`; throws for a format that has no formatter (e.g. one named in the spec but not built). */
export function formatReport(report, format, opts = { color: false }) {
    const name = format;
    if (!isFormat(name)) {
        throw new Error(`unsupported report format '${name}' (supported: ${FORMATS.join(", ")})`);
    }
    return FORMATTERS[name](report, opts);
}
export { redactSecrets } from "../core/redact.js";
export { escapeHtml } from "./html/escape.js";
export { formatHtml } from "./html/page.js";
export { formatJson } from "./json.js";
export { formatJunit } from "./junit.js";
export { formatMarkdown } from "./markdown.js";
export { formatRulesJson, formatRulesMarkdown, formatRulesText } from "./rules-list.js";
export { formatSarif } from "./sarif.js";
export { formatText } from "./text.js";
//# sourceMappingURL=index.js.map