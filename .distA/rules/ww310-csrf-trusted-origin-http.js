import { ruleMeta } from "../core/catalog.js";
import { asString } from "../python/value.js";
import { httpsSeverity, itemsOf, settingEvidence, settingLocation, viewContext } from "./https-helpers.js";
import { scanRule } from "./kinds.js";
/** Loopback origins are only reachable from the machine itself. */
function isLoopbackOrigin(origin) {
    const host = /^http:\/\/(\[[^\]]*\]|[^/:]*)/i.exec(origin)?.[1]?.toLowerCase() ?? "";
    return host === "localhost" || host.endsWith(".localhost") || /^127\./.test(host) || host === "[::1]";
}
export const ww310 = scanRule({
    meta: ruleMeta("WW310"),
    check(model) {
        const hits = [];
        for (const view of model.views) {
            const origins = view.settings.get("CSRF_TRUSTED_ORIGINS");
            for (const item of itemsOf(origins) ?? []) {
                const origin = asString(item);
                if (origin === undefined || !/^http:\/\//i.test(origin) || isLoopbackOrigin(origin))
                    continue;
                hits.push({
                    ...viewContext(view),
                    severity: httpsSeverity(view, "medium"),
                    message: `CSRF_TRUSTED_ORIGINS trusts ${origin} over plain HTTP: a network attacker who controls that origin's traffic can forge state-changing requests`,
                    location: settingLocation(view, item.origin ? item : origins),
                    evidence: settingEvidence("CSRF_TRUSTED_ORIGINS", origins, "[]"),
                    fix: `use ${origin.replace(/^http:/i, "https:")} instead`,
                });
            }
        }
        return hits;
    },
});
//# sourceMappingURL=ww310-csrf-trusted-origin-http.js.map