/**
 * Which findings a run reports, as ruff and semgrep users expect to choose them: `select` and `ignore` by rule id
 * or id prefix (`WW3`, `WW101`), the most specific prefix deciding (`select WW1` + `ignore WW110` keeps WW101 and
 * drops WW110); `per-file-ignores` (glob → ids) for findings located in matching files; `min-severity` for what is
 * shown. Pure: findings in, the kept ones and the counts of what each filter left out.
 */
import type { Finding } from "./finding.js";
import { anyGlob } from "./glob.js";
import { SEVERITIES, type Severity } from "./severity.js";

export interface Selection {
  select?: readonly string[];
  ignore?: readonly string[];
  perFileIgnores?: Readonly<Record<string, readonly string[]>>;
  minSeverity?: Severity;
}

export interface SelectionResult {
  kept: Finding[];
  /** Selected, but below `minSeverity`: left out of the report, still counted by --fail-on. */
  belowFloor: Finding[];
  /** Left out, by the filter that left each out (the first that applies, in this order). */
  left: { byRule: number; byFile: number; bySeverity: number };
}

/** An id or prefix as the user wrote it: `ww1` is `WW1`; `ALL` selects every rule. */
export function normalizeRuleSelector(s: string): string {
  return s.trim().toUpperCase();
}

/** Whether `id` survives select/ignore: the longest matching prefix of either list decides. */
export function ruleSelected(
  id: string,
  select: readonly string[] = [],
  ignore: readonly string[] = [],
): boolean {
  const longest = (list: readonly string[]) =>
    Math.max(
      -1,
      ...list.filter((p) => p === "ALL" || id.startsWith(p)).map((p) => (p === "ALL" ? 0 : p.length)),
    );
  const s = longest(select);
  const i = longest(ignore);
  if (i < 0) return select.length === 0 || s >= 0;
  return s > i;
}

export function applySelection(findings: readonly Finding[], sel: Selection): SelectionResult {
  const select = (sel.select ?? []).map(normalizeRuleSelector);
  const ignore = (sel.ignore ?? []).map(normalizeRuleSelector);
  const perFile = Object.entries(sel.perFileIgnores ?? {}).map(([glob, ids]) => ({
    matches: anyGlob([glob]),
    ids: ids.map(normalizeRuleSelector),
  }));
  const floor = sel.minSeverity ? SEVERITIES.indexOf(sel.minSeverity) : -1;
  const left = { byRule: 0, byFile: 0, bySeverity: 0 };
  const kept: Finding[] = [];
  const belowFloor: Finding[] = [];
  for (const f of findings) {
    if (!ruleSelected(f.ruleId, select, ignore)) {
      left.byRule++;
      continue;
    }
    const file = f.location?.file;
    if (file && perFile.some((p) => p.matches(file) && !ruleSelected(f.ruleId, [], p.ids))) {
      left.byFile++;
      continue;
    }
    // SEVERITIES runs from critical to info: a finding below the floor has a larger index.
    if (floor >= 0 && SEVERITIES.indexOf(f.severity) > floor) {
      left.bySeverity++;
      belowFloor.push(f);
      continue;
    }
    kept.push(f);
  }
  return { kept, belowFloor, left };
}
