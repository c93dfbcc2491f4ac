import { ruleMeta } from "../core/catalog.js";
import { probeRule } from "./kinds.js";
export const ww402 = probeRule({
    meta: ruleMeta("WW402"),
    check(model) {
        const hits = [];
        for (const e of model.endpoints) {
            const ssl = e.ssl;
            if (ssl?.kind !== "N" && ssl?.kind !== "E")
                continue;
            const refusal = ssl.kind === "E"
                ? `SSLRequest answered with an error${ssl.error ? ` (${ssl.error.code} ${ssl.error.message})` : ""}`
                : "SSLRequest answered 'N'";
            hits.push({
                endpoint: e.target.endpoint,
                message: "the server does not offer TLS at all: every connection to it, passwords included, crosses the network in plaintext",
                evidence: refusal,
                fix: "PostgreSQL: ssl = on with ssl_cert_file/ssl_key_file; CockroachDB: start with --certs-dir instead of --insecure",
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww402-endpoint-no-tls.js.map