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
