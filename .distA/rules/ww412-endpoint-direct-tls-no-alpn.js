import { ruleMeta } from "../core/catalog.js";
import { probeRule } from "./kinds.js";
export const ww412 = probeRule({
    meta: ruleMeta("WW412"),
    check(model) {
        const hits = [];
        for (const e of model.endpoints) {
            if (e.directTls?.kind !== "attempted" || !e.directTls.withoutAlpn.accepted)
                continue;
            hits.push({
                endpoint: e.target.endpoint,
                message: "the server takes direct TLS without ALPN and goes on with PostgreSQL: PostgreSQL 17+ refuses that, so something else terminates TLS in front of the database (a generic TLS proxy or a pooler), and a TLS client of another protocol can be steered to this port (protocol confusion)",
                evidence: `direct ClientHello without ALPN → ${e.directTls.withoutAlpn.detail}`,
                fix: "make the TLS terminator require ALPN postgresql and refuse a missing or other ALPN, as PostgreSQL 17+ does, or let PostgreSQL terminate TLS itself",
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww412-endpoint-direct-tls-no-alpn.js.map