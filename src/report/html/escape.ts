import { redactSecrets } from "../../core/redact.js";

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text safe in element content and in quoted attribute values (every attribute here is double-quoted). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/** Untrusted report text on its way into the page: redacted once more, then escaped. */
export function safe(text: string): string {
  return escapeHtml(redactSecrets(text));
}
