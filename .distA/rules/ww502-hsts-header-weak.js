import { ruleMeta } from "../core/catalog.js";
import { parseHsts } from "../probe/http/analysis.js";
import { probeRule } from "./kinds.js";
const ONE_YEAR = 31_536_000;
export const ww502 = probeRule({
    meta: ruleMeta("WW502"),
    check(model) {
        const hits = [];
        for (const o of model.origins) {
            const r = o.httpsRoot;
            if (!r)
                continue;
            const hsts = parseHsts(r.hsts);
            const endpoint = o.target.endpoint;
            const fix = "SECURE_HSTS_SECONDS = 31536000 and SECURE_HSTS_INCLUDE_SUBDOMAINS = True (after checking every subdomain serves HTTPS)";
            if (!hsts || hsts.maxAge === null || hsts.maxAge === 0) {
                hits.push({
                    endpoint,
                    severity: "medium",
                    message: "HTTPS responses carry no Strict-Transport-Security: browsers keep trying plain HTTP first, where a stripping attacker waits",
                    evidence: `${r.url} → ${r.status}, Strict-Transport-Security: ${r.hsts ?? "absent"}`,
                    fix,
                });
                continue;
            }
            const weak = [
                ...(hsts.maxAge < ONE_YEAR ? [`max-age ${hsts.maxAge} < ${ONE_YEAR}`] : []),
                ...(hsts.includeSubDomains ? [] : ["no includeSubDomains"]),
            ];
            if (weak.length === 0)
                continue;
            hits.push({
                endpoint,
                severity: "low",
                message: `HSTS is weaker than it should be: ${weak.join(", ")}${hsts.preload ? " (preload is set)" : ""}`,
                evidence: `Strict-Transport-Security: ${r.hsts}`,
                fix,
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww502-hsts-header-weak.js.map