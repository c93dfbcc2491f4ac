import { ruleMeta } from "../core/catalog.js";
import { severityRank } from "../core/severity.js";
import { truthy } from "../python/value.js";
import { httpsSeverity, middlewareInstalled, SECURITY_MIDDLEWARE, settingEvidence, settingLocation, viewContext, } from "./https-helpers.js";
import { scanRule } from "./kinds.js";
const ONE_YEAR = 31_536_000;
/** Seconds as SecurityMiddleware uses them: ints, or digit strings from env (they go verbatim into max-age). */
function seconds(value) {
    if (!value)
        return 0;
    if (value.kind === "int" || value.kind === "bool")
        return Number(value.value);
    if (value.kind === "none")
        return 0;
    if (value.kind === "str")
        return /^\s*\d+\s*$/.test(value.value) ? Number(value.value) : undefined;
    return undefined;
}
export const ww303 = scanRule({
    meta: ruleMeta("WW303"),
    check(model) {
        const hits = [];
        for (const view of model.views) {
            const secondsValue = view.settings.get("SECURE_HSTS_SECONDS");
            const max = seconds(secondsValue);
            if (max === undefined)
                continue;
            const subdomainsValue = view.settings.get("SECURE_HSTS_INCLUDE_SUBDOMAINS");
            const preloadValue = view.settings.get("SECURE_HSTS_PRELOAD");
            const subdomains = subdomainsValue ? truthy(subdomainsValue) : false;
            const preload = preloadValue ? truthy(preloadValue) : false;
            const middleware = middlewareInstalled(view, SECURITY_MIDDLEWARE);
            const problems = [];
            if (max === 0)
                problems.push({
                    severity: "medium",
                    text: "no Strict-Transport-Security header is sent, so a network attacker can keep a browser on plain HTTP (SSL stripping)",
                });
            else if (!middleware)
                problems.push({
                    severity: "medium",
                    text: "SECURE_HSTS_SECONDS is set but SecurityMiddleware is not in MIDDLEWARE, so the header is never sent",
                });
            else {
                if (max < ONE_YEAR)
                    problems.push({
                        severity: "low",
                        text: `HSTS max-age is ${max} s, under one year (${ONE_YEAR} s): browsers forget it between visits`,
                    });
                if (subdomains === false)
                    problems.push({
                        severity: "low",
                        text: "HSTS does not include subdomains: a sibling host served over HTTP can set cookies for this site",
                    });
                if (preload === false)
                    problems.push({
                        severity: "info",
                        text: "HSTS preload is off, so the very first visit is still unprotected",
                    });
            }
            if (problems.length === 0)
                continue;
            const worst = problems.reduce((a, b) => (severityRank(b.severity) > severityRank(a.severity) ? b : a));
            // No header at all (max-age 0, or no middleware to send it), as opposed to a weak one.
            const notSent = max === 0 || !middleware;
            hits.push({
                ...viewContext(view),
                ...(notSent ? { browserHop: { protection: "hsts", state: "missing" } } : {}),
                severity: httpsSeverity(view, worst.severity),
                message: problems.map((p) => p.text).join("; "),
                location: settingLocation(view, secondsValue),
                evidence: [
                    settingEvidence("SECURE_HSTS_SECONDS", secondsValue, "0"),
                    settingEvidence("SECURE_HSTS_INCLUDE_SUBDOMAINS", subdomainsValue, "False"),
                    settingEvidence("SECURE_HSTS_PRELOAD", preloadValue, "False"),
                ].join("; "),
                fix: `SECURE_HSTS_SECONDS = ${ONE_YEAR}, SECURE_HSTS_INCLUDE_SUBDOMAINS = True, SECURE_HSTS_PRELOAD = True${middleware ? "" : `, with "${SECURITY_MIDDLEWARE}" in MIDDLEWARE`} (start with a short max-age if some subdomain still serves HTTP, then raise it)`,
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww303-hsts-missing.js.map