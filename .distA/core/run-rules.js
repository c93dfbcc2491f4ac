import { sortFindings } from "./order.js";
function hitKey(ruleId, h) {
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
/** Runs rules over a model: every hit, before hits of different outcomes of one module are merged. */
export function collectHits(rules, model) {
    const out = [];
    for (const rule of rules)
        for (const hit of rule.check(model))
            out.push({ ruleId: rule.meta.id, hit, severity: hit.severity ?? rule.meta.severity, meta: rule.meta });
    return out;
}
/** Hits as findings with the catalog's id, name, CWE and OWASP; one finding for a hit found in several outcomes. */
export function findingsOf(hits, conditionCounts) {
    const groups = new Map();
    for (const h of hits) {
        const key = hitKey(h.ruleId, h.hit);
        groups.set(key, [...(groups.get(key) ?? []), h]);
    }
    const findings = [];
    for (const group of groups.values()) {
        const { hit: first, meta, severity } = group[0];
        const conditions = [...new Set(group.map((h) => h.hit.condition).filter((c) => Boolean(c)))];
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
export function runRules(rules, model, conditionCounts) {
    return findingsOf(collectHits(rules, model), conditionCounts);
}
//# sourceMappingURL=run-rules.js.map