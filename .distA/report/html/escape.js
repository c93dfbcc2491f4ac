import { redactSecrets } from "../../core/redact.js";
const HTML_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#39;",
};
/** Text safe in element content and in quoted attribute values (every attribute here is double-quoted). */
export function escapeHtml(text) {
    return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}
/** Untrusted report text on its way into the page: redacted once more, then escaped. */
export function safe(text) {
    return escapeHtml(redactSecrets(text));
}
//# sourceMappingURL=escape.js.map