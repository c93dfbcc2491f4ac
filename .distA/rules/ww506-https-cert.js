import { ruleMeta } from "../core/catalog.js";
import { probeRule } from "./kinds.js";
const DAY_MS = 86_400_000;
export const ww506 = probeRule({
    meta: ruleMeta("WW506"),
    check(model) {
        const hits = [];
        const now = model.now.getTime();
        for (const o of model.origins) {
            const t = o.tls;
            if (!t)
                continue;
            const c = t.certificate;
            const problems = [];
            let severity = "high";
            const expiry = new Set(["CERT_HAS_EXPIRED", "CERT_NOT_YET_VALID"]);
            if (!t.authorized && !expiry.has(t.authorizationError ?? ""))
                problems.push(`untrusted chain (${t.authorizationError ?? "not authorized"}, against ${t.caSource})`);
            if (t.hostnameError)
                problems.push(`name mismatch: ${t.hostnameError}`);
            if (c) {
                const left = Math.floor((Date.parse(c.notAfter) - now) / DAY_MS);
                if (left < 0 || Date.parse(c.notBefore) > now)
                    problems.push(left < 0 ? `expired ${-left} day(s) ago` : "not valid yet");
                else if (left < 30 && problems.length === 0) {
                    problems.push(`expires in ${left} day(s)`);
                    severity = "low";
                }
            }
            if (problems.length === 0)
                continue;
            hits.push({
                endpoint: o.target.endpoint,
                severity,
                message: `the HTTPS certificate is not what browsers accept: ${problems.join("; ")}`,
                evidence: c
                    ? `subject ${c.subject}, issuer ${c.issuer}, valid ${c.notBefore} → ${c.notAfter}`
                    : "no certificate details",
                fix: "serve a certificate from a public CA (or the CA your clients trust) for this host name, renewed automatically",
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww506-https-cert.js.map