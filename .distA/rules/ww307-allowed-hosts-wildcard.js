import { ruleMeta } from "../core/catalog.js";
import { asString } from "../python/value.js";
import { httpsSeverity, itemsOf, settingEvidence, settingLocation, viewContext } from "./https-helpers.js";
import { scanRule } from "./kinds.js";
export const ww307 = scanRule({
    meta: ruleMeta("WW307"),
    check(model) {
        const hits = [];
        for (const view of model.views) {
            const hosts = view.settings.get("ALLOWED_HOSTS");
            const wildcard = itemsOf(hosts)?.find((h) => asString(h) === "*");
            if (!wildcard)
                continue;
            hits.push({
                ...viewContext(view),
                severity: httpsSeverity(view, "medium"),
                message: "ALLOWED_HOSTS accepts any Host header: password-reset links and absolute URLs can be pointed at an attacker's host, and cache poisoning gets easier",
                location: settingLocation(view, wildcard.origin ? wildcard : hosts),
                evidence: settingEvidence("ALLOWED_HOSTS", hosts, "[]"),
                fix: `ALLOWED_HOSTS = ["shop.example.com"]  (the names the site is served under; read them from env in one place if they vary)`,
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww307-allowed-hosts-wildcard.js.map