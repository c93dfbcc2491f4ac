import type { Finding } from "./finding.js";

const MARK = /#\s*wirewarden:\s*ignore\[([A-Za-z0-9_,\s]+)\]/;

/** Rule ids an inline `# wirewarden: ignore[WW101,WW103] reason` comment names on one line. */
export function suppressedIds(line: string): string[] {
  const m = MARK.exec(line);
  return m
    ? (m[1] as string)
        .split(",")
        .map((s) => s.trim().toUpperCase())
        .filter(Boolean)
    : [];
}

/** Drops findings suppressed on their own line or the line above. */
export function applyInlineSuppressions(
  findings: Finding[],
  lines: (file: string) => string[] | undefined,
): Finding[] {
  return findings.filter((f) => {
    if (!f.location) return true;
    const text = lines(f.location.file);
    if (!text) return true;
    const here = text[f.location.line - 1] ?? "";
    const above = text[f.location.line - 2] ?? "";
    return ![...suppressedIds(here), ...suppressedIds(above)].includes(f.ruleId);
  });
}
