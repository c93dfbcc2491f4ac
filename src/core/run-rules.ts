import type { RuleMeta } from "./catalog.js";
import type { Finding, RuleHit } from "./finding.js";
import { sortFindings } from "./order.js";
import type { Rule } from "./rule.js";
import type { Severity } from "./severity.js";

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

/** A rule's hit with the rule's id and the severity it carries (its own, else the catalog's). */
export interface JudgedHit {
  ruleId: string;
  hit: RuleHit;
  severity: Severity;
  meta: RuleMeta;
}

/** Runs rules over a model: every hit, before hits of different outcomes of one module are merged. */
export function collectHits<M>(rules: readonly Rule<M>[], model: M): JudgedHit[] {
  const out: JudgedHit[] = [];
  for (const rule of rules)
    for (const hit of rule.check(model))
      out.push({ ruleId: rule.meta.id, hit, severity: hit.severity ?? rule.meta.severity, meta: rule.meta });
  return out;
}

/** Hits as findings with the catalog's id, name, CWE and OWASP; one finding for a hit found in several outcomes. */
export function findingsOf(hits: readonly JudgedHit[], conditionCounts: ConditionCounts): Finding[] {
  const groups = new Map<string, JudgedHit[]>();
  for (const h of hits) {
    const key = hitKey(h.ruleId, h.hit);
    groups.set(key, [...(groups.get(key) ?? []), h]);
  }
  const findings: Finding[] = [];
  for (const group of groups.values()) {
    const { hit: first, meta, severity } = group[0] as JudgedHit;
    const conditions = [...new Set(group.map((h) => h.hit.condition).filter((c): c is string => Boolean(c)))];
    const total = first.settingsModule ? (conditionCounts.get(first.settingsModule) ?? 1) : 1;
    // Present in every outcome of the module: the condition does not matter.
    const some = conditions.length > 0 && conditions.length < total;
    const label = some ? ` (when ${conditions.join("; or when ")})` : "";
    const { condition: _drop, severity: _s, browserHop: _b, failsClosed: _f, message, ...rest } = first;
    findings.push({
      ruleId: meta.id,
      name: meta.name,
      severity,
      message: `${message}${label}`,
      ...rest,
      ...(some ? { conditions } : {}),
      cwe: meta.cwe,
      owasp: meta.owasp,
    });
  }
  return sortFindings(findings);
}

/** Runs rules over a model and turns their hits into findings. */
export function runRules<M>(
  rules: readonly Rule<M>[],
  model: M,
  conditionCounts: ConditionCounts,
): Finding[] {
  return findingsOf(collectHits(rules, model), conditionCounts);
}
