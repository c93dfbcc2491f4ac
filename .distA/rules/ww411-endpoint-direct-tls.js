import { ruleMeta } from "../core/catalog.js";
import { probeRule } from "./kinds.js";
export const ww411 = probeRule({
    meta: ruleMeta("WW411"),
    check(model) {
        const hits = [];
        for (const e of model.endpoints) {
            if (e.directTls?.kind !== "attempted" || !e.directTls.withAlpn.accepted)
                continue;
            const a = e.directTls.withAlpn;
            const noAlpn = a.alpnSelected === null
                ? "; the server selected no ALPN protocol, so libpq 17+ clients abort the session"
                : "";
            // The certificate rules read the session after 'S'; say here when the direct one shows another certificate.
            const viaS = e.tls?.certificate?.fingerprint256;
            const mine = a.certificate?.fingerprint256;
            const sameCert = viaS && mine
                ? viaS === mine
                    ? "the same certificate as after SSLRequest"
                    : "a DIFFERENT certificate than after SSLRequest"
                : undefined;
            const chain = a.authorized === undefined
                ? undefined
                : a.authorized
                    ? "chain verified"
                    : `chain not verified (${a.authorizationError ?? "not authorized"})`;
            hits.push({
                endpoint: e.target.endpoint,
                message: `the server takes direct TLS (a ClientHello straight after connect, ALPN postgresql): libpq 17+ clients may use sslnegotiation=direct, which protects no more than their sslmode does, and generic TLS tools reach this port${noAlpn}`,
                evidence: [
                    `direct ClientHello with ALPN postgresql → ${a.detail}`,
                    a.certificate ? `certificate ${a.certificate.subject}` : a.certificateError,
                    chain,
                    sameCert,
                ]
                    .filter(Boolean)
                    .join("; "),
                fix: "nothing to change on the server; clients using sslnegotiation=direct still need sslmode=verify-full with their CA to be protected from impersonation",
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww411-endpoint-direct-tls.js.map