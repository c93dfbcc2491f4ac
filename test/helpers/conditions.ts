import { expect } from "vitest";
import type { SettingsView } from "../../src/django/model.js";

/**
 * For the join property tests: whether a view's condition holds for the flags `F0…Fn` (terms
 * `os.environ.get("Fi") is true|false`, joined by and/or, in parentheses).
 */
export function holds(condition: string | null, flags: boolean[]): boolean {
  if (condition === null) return true;
  const tokens = condition.match(/\(|\)|\band\b|\bor\b|os\.environ\.get\("F\d+"\) is (?:true|false)/g) ?? [];
  let i = 0;
  const atom = (): boolean => {
    const t = tokens[i++] ?? "";
    if (t === "(") {
      const v = or();
      i++; // ")"
      return v;
    }
    const m = /F(\d+)"\) is (true|false)/.exec(t);
    if (!m) throw new Error(`unexpected condition text: ${condition}`);
    return (flags[Number(m[1])] ?? false) === (m[2] === "true");
  };
  const and = (): boolean => {
    let v = atom();
    while (tokens[i] === "and") {
      i++;
      v = atom() && v;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (tokens[i] === "or") {
      i++;
      v = and() || v;
    }
    return v;
  };
  return or();
}

/**
 * Every outcome `real(flags)` has a view whose condition holds, and a view that holds and claims a known sslmode for
 * its first alias claims the real one (unknown is allowed). Returns how many known claims were checked.
 */
export function expectViewsRight(
  views: readonly SettingsView[],
  flagSets: readonly boolean[][],
  real: (flags: boolean[]) => string,
  context = "",
): number {
  let known = 0;
  for (const flags of flagSets) {
    const matching = views.filter((v) => holds(v.condition, flags));
    expect(matching.length, `no view holds for ${flags}`).toBeGreaterThan(0);
    for (const v of matching) {
      const claimed = v.databases[0]?.sslmode.value ?? null;
      if (claimed === null) continue;
      known++;
      expect(claimed, `view [${v.condition}]${context}`).toBe(real(flags));
    }
  }
  return known;
}
