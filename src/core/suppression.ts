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
  // One look per file and line: a long line with many findings on it (90k flags on one script line) is read once.
  const seen = new Map<string, string[]>();
  const idsAt = (file: string, text: string[], line: number) => {
    const key = `${file}\0${line}`;
    let ids = seen.get(key);
    if (!ids) {
      ids = suppressedIds(text[line - 1] ?? "");
      seen.set(key, ids);
    }
    return ids;
  };
  return findings.filter((f) => {
    if (!f.location) return true;
    const text = lines(f.location.file);
    if (!text) return true;
    const { file, line } = f.location;
    return ![...idsAt(file, text, line), ...idsAt(file, text, line - 1)].includes(f.ruleId);
  });
}
