import { severityRank } from "../../core/severity.js";
const POOLER_RULE = "WW119";
/** A finding holds in every outcome of its module unless it names the branches it holds in (`conditions`). */
function appliesToOutcome(f, condition) {
    return condition === null || f.conditions === undefined || f.conditions.includes(condition);
}
const BROWSER_RULE = /^WW3\d\d$/;
const PROXY_RULE = "WW306";
export function hopsOf(module, findings) {
    const own = findings.filter((f) => f.settingsModule === module.module && appliesToOutcome(f, module.condition));
    const web = own.filter((f) => f.alias === undefined && BROWSER_RULE.test(f.ruleId));
    const onProxy = (f) => module.behindProxy && f.ruleId === PROXY_RULE;
    return {
        browser: web.filter((f) => !onProxy(f)),
        proxy: web.filter(onProxy),
        aliases: new Map(module.aliases.map((a) => [
            a.alias,
            own.filter((f) => f.alias === a.alias && !(a.pooler && f.ruleId === POOLER_RULE)),
        ])),
        poolers: new Map(module.aliases
            .filter((a) => a.pooler)
            .map((a) => [a.alias, own.filter((f) => f.alias === a.alias && f.ruleId === POOLER_RULE)])),
    };
}
/** The worst severity among `findings`; null when there is none (the hop is drawn green). */
export function worstSeverity(findings) {
    let worst = null;
    for (const f of findings)
        if (worst === null || severityRank(f.severity) > severityRank(worst))
            worst = f.severity;
    return worst;
}
//# sourceMappingURL=hops.js.map