import { ruleMeta } from "../core/catalog.js";
import { probeRule } from "./kinds.js";
import { tlsSessions } from "./probe-helpers.js";
const DAY_MS = 86_400_000;
/** CA/Browser Forum limit for public certificates; a longer life means a leaked key stays useful longer. */
const MAX_LIFETIME_DAYS = 398;
const EXPIRY_WARNING_DAYS = 30;
export const ww405 = probeRule({
    meta: ruleMeta("WW405"),
    check(model) {
        const hits = [];
        const now = model.now.getTime();
        for (const e of model.endpoints)
            for (const t of tlsSessions(e)) {
                const c = t.certificate;
                if (!c)
                    continue;
                const from = Date.parse(c.notBefore);
                const to = Date.parse(c.notAfter);
                const endpoint = e.target.endpoint;
                const evidence = `valid ${c.notBefore} → ${c.notAfter}; subject ${c.subject}`;
                const daysLeft = Math.floor((to - now) / DAY_MS);
                if (to < now || from > now) {
                    hits.push({
                        endpoint,
                        severity: "high",
                        message: to < now
                            ? `the server's certificate${t.via} expired ${-daysLeft} day(s) ago: verify-full clients refuse it, and the usual workaround (sslmode=require) accepts any certificate`
                            : `the server's certificate${t.via} is not valid yet: verify-full clients refuse it`,
                        evidence,
                        fix: "reissue and deploy the node certificate; automate renewal",
                    });
                }
                else if (daysLeft < EXPIRY_WARNING_DAYS) {
                    hits.push({
                        endpoint,
                        severity: "low",
                        message: `the server's certificate${t.via} expires in ${daysLeft} day(s)`,
                        evidence,
                        fix: "renew the node certificate before it expires",
                    });
                }
                const lifetime = Math.round((to - from) / DAY_MS);
                if (lifetime > MAX_LIFETIME_DAYS) {
                    hits.push({
                        endpoint,
                        severity: "info",
                        message: `the certificate${t.via} is valid for ${lifetime} days (more than ${MAX_LIFETIME_DAYS}): a stolen key stays usable that long`,
                        evidence,
                        fix: "issue node certificates with shorter lifetimes and rotate them automatically",
                    });
                }
            }
        return hits;
    },
});
//# sourceMappingURL=ww405-endpoint-cert-validity.js.map