import { ruleMeta } from "../core/catalog.js";
import { probeRule } from "./kinds.js";
export const ww410 = probeRule({
    meta: ruleMeta("WW410"),
    check(model) {
        const hits = [];
        for (const e of model.endpoints) {
            if ((e.ssl?.kind !== "S" && e.ssl?.kind !== "N") || e.ssl.extraBytes === 0)
                continue;
            hits.push({
                endpoint: e.target.endpoint,
                message: `${e.ssl.extraBytes} byte(s) arrived after the '${e.ssl.kind}' answer to SSLRequest, before any TLS handshake: something on the path is injecting plaintext (the CVE-2021-23222 pattern); clients built against libpq before 14.1/13.5 would process it as if it were protected`,
                evidence: `SSLRequest answer '${e.ssl.kind}' followed by ${e.ssl.extraBytes} unexpected byte(s)`,
                fix: "find the proxy or load balancer in front of the database that buffers or injects data; upgrade clients to libpq ≥ 14.1 / 13.5",
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww410-endpoint-bytes-before-handshake.js.map