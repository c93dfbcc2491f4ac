import type { Finding, RuleHit } from "./finding.js";
import { sortFindings } from "./order.js";
import type { Rule } from "./rule.js";

/** How many outcomes each settings module has, so a hit present in all of them needs no "when …" label. */
export type ConditionCounts = ReadonlyMap<string, number>;

function hitKey(ruleId: string, h: RuleHit): string {
  const loc = h.location ? `${h.location.file}:${h.location.line}:${h.location.column}` : "";
  return [
    ruleId,
    h.severity ?? "",
    loc,
    h.endpoint ?? "",
    h.settingsModule ?? "",
    h.alias ?? "",
    h.message,
  ].join("|");
}

/** Runs rules over a model and turns their hits into findings with the catalog's id, name, CWE and OWASP. */
export function runRules<M>(
  rules: readonly Rule<M>[],
  model: M,
  conditionCounts: ConditionCounts,
): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const groups = new Map<string, RuleHit[]>();
    for (const hit of rule.check(model)) {
      const key = hitKey(rule.meta.id, hit);
      groups.set(key, [...(groups.get(key) ?? []), hit]);
    }
    for (const hits of groups.values()) {
      const first = hits[0] as RuleHit;
      const conditions = [...new Set(hits.map((h) => h.condition).filter((c): c is string => Boolean(c)))];
      const total = first.settingsModule ? (conditionCounts.get(first.settingsModule) ?? 1) : 1;
      // Present in every outcome of the module: the condition does not matter.
      const label =
        conditions.length > 0 && conditions.length < total ? ` (when ${conditions.join("; or when ")})` : "";
      const { condition: _drop, severity, message, ...rest } = first;
      findings.push({
        ruleId: rule.meta.id,
        name: rule.meta.name,
        severity: severity ?? rule.meta.severity,
        message: `${message}${label}`,
        ...rest,
        cwe: rule.meta.cwe,
        owasp: rule.meta.owasp,
      });
    }
  }
  return sortFindings(findings);
}
