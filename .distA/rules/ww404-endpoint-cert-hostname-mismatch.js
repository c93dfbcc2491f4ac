import { ruleMeta } from "../core/catalog.js";
import { probeRule } from "./kinds.js";
import { tlsSessions } from "./probe-helpers.js";
export const ww404 = probeRule({
    meta: ruleMeta("WW404"),
    check(model) {
        const hits = [];
        for (const e of model.endpoints)
            for (const t of tlsSessions(e)) {
                const c = t.certificate;
                if (!c || t.hostnameMatches !== false)
                    continue;
                const names = [...c.dnsNames.map((n) => `DNS:${n}`), ...c.ipAddresses.map((n) => `IP:${n}`)];
                hits.push({
                    endpoint: e.target.endpoint,
                    message: `the certificate${t.via} does not cover '${e.target.host}', the name clients connect to: sslmode=verify-full refuses it, which pushes teams to weaker modes that also accept an attacker's certificate`,
                    evidence: `SAN ${names.length > 0 ? names.join(", ") : "none"}${c.commonName ? `; CN ${c.commonName}` : ""} (libpq verify-full rules: SANs of the host's kind exclude the CN)`,
                    fix: `reissue the node certificate with '${e.target.host}' in its subjectAltName (cockroach cert create-node ${e.target.host} …)`,
                });
            }
        return hits;
    },
});
//# sourceMappingURL=ww404-endpoint-cert-hostname-mismatch.js.map