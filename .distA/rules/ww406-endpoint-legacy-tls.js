import { ruleMeta } from "../core/catalog.js";
import { probeRule } from "./kinds.js";
import { tlsSessions } from "./probe-helpers.js";
const LEGACY = new Set(["SSLv3", "TLSv1", "TLSv1.1"]);
export const ww406 = probeRule({
    meta: ruleMeta("WW406"),
    check(model) {
        const hits = [];
        for (const e of model.endpoints) {
            const accepted = (e.legacy?.protocols ?? []).filter((p) => p.accepted === true);
            const negotiated = tlsSessions(e).flatMap((t) => t.protocol && LEGACY.has(t.protocol) ? [t.protocol] : []);
            const versions = [...new Set([...accepted.map((p) => p.version), ...negotiated])];
            if (versions.length === 0)
                continue;
            hits.push({
                endpoint: e.target.endpoint,
                message: `the server accepts ${versions.join(", ")}: protocols with known downgrade and padding-oracle attacks`,
                evidence: accepted.map((p) => `${p.version}: ${p.detail}`).join("; ") ||
                    `negotiated ${negotiated.join(", ")}`,
                fix: "PostgreSQL: ssl_min_protocol_version = 'TLSv1.2'; CockroachDB already requires TLS 1.2+ (check any TLS proxy in front of it)",
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww406-endpoint-legacy-tls.js.map