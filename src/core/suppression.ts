import { isDeferred } from "./files.js";
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

/** A `# wirewarden: ignore…` comment, with what became of it. */
export interface SuppressionMark {
  file: string;
  line: number;
  /** The ids it names; empty for a bare `# wirewarden: ignore`. */
  ids: string[];
  /** The ids it named that suppressed a finding on its line or the next. */
  used: string[];
}

export interface SuppressionOutcome {
  kept: Finding[];
  suppressed: number;
  marks: SuppressionMark[];
  /** One sentence each: a bare mark, or an id that is no rule. */
  problems: { file: string; line: number; message: string }[];
}

/** Any mention of the marker, bare or not (the MARK above needs the `[ids]`). */
const ANY_MARK = /#\s*wirewarden:\s*ignore\b(\[[^\]]*\])?/;

/**
 * Inline suppressions with their bookkeeping: the findings left, how many were suppressed, every mark of the
 * tree with the ids it actually used, and the marks that cannot work (a bare `# wirewarden: ignore`, which names
 * no rule and suppresses nothing; an id that is no rule).
 */
export function settleInlineSuppressions(
  findings: readonly Finding[],
  files: readonly { path: string; text?: string }[],
  lines: (file: string) => string[] | undefined,
  knownIds: ReadonlySet<string>,
): SuppressionOutcome {
  const marks: SuppressionMark[] = [];
  const problems: SuppressionOutcome["problems"] = [];
  const byLine = new Map<string, SuppressionMark>();
  for (const f of files) {
    // The walk's own line cache (fingerprints read it too), only for files that mention the marker at all.
    if (isDeferred(f) || f.text === undefined || !f.text.includes("wirewarden:")) continue;
    (lines(f.path) ?? []).forEach((text, i) => {
      const m = ANY_MARK.exec(text);
      if (!m) return;
      const ids = suppressedIds(text);
      const mark: SuppressionMark = { file: f.path, line: i + 1, ids, used: [] };
      marks.push(mark);
      byLine.set(`${f.path}\0${i + 1}`, mark);
      if (ids.length === 0)
        problems.push({
          file: f.path,
          line: i + 1,
          message:
            "`# wirewarden: ignore` names no rule, so it suppresses nothing: write the id of the finding, e.g. `# wirewarden: ignore[WW101] reason`",
        });
      for (const id of ids)
        if (!knownIds.has(id))
          problems.push({ file: f.path, line: i + 1, message: `${id} is not a wirewarden rule id` });
    });
  }
  let suppressed = 0;
  const kept = findings.filter((f) => {
    if (!f.location) return true;
    const { file, line } = f.location;
    for (const at of [line, line - 1]) {
      const mark = byLine.get(`${file}\0${at}`);
      if (mark?.ids.includes(f.ruleId)) {
        if (!mark.used.includes(f.ruleId)) mark.used.push(f.ruleId);
        suppressed++;
        return false;
      }
    }
    return true;
  });
  return { kept, suppressed, marks, problems };
}
