import type { Finding } from "../core/finding.js";

const URL_PASSWORD = /([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^:/?#@\s'"]*):([^@/?#\s'"]+)@/g;
/** libpq keyword form (`password=…` in a DSN or query string). */
const KEY_VALUE = /\b(password|passwd|PGPASSWORD)=([^\s'"&]+)/gi;

/** Masks passwords in URLs and key=value pairs; the last line of defence before any output. */
export function redactText(text: string): string {
  return text
    .replace(URL_PASSWORD, (_m, head: string) => `${head}:****@`)
    .replace(KEY_VALUE, (_m, key: string) => `${key}=****`);
}

export function redactFinding(f: Finding): Finding {
  return {
    ...f,
    message: redactText(f.message),
    ...(f.evidence !== undefined ? { evidence: redactText(f.evidence) } : {}),
    ...(f.fix !== undefined ? { fix: redactText(f.fix) } : {}),
    ...(f.endpoint !== undefined ? { endpoint: redactText(f.endpoint) } : {}),
  };
}
