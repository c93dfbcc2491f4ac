import { ruleMeta } from "../core/catalog.js";
import { probeRule } from "./kinds.js";
import { tlsSessions } from "./probe-helpers.js";
/** Verification errors that are about dates: WW405 reports those, with the dates. */
const VALIDITY_ERRORS = new Set(["CERT_HAS_EXPIRED", "CERT_NOT_YET_VALID"]);
export const ww403 = probeRule({
    meta: ruleMeta("WW403"),
    check(model) {
        const hits = [];
        for (const e of model.endpoints)
            for (const t of tlsSessions(e)) {
                if (t.authorized || VALIDITY_ERRORS.has(t.authorizationError ?? ""))
                    continue;
                hits.push({
                    endpoint: e.target.endpoint,
                    message: `the server's certificate${t.via} chain does not verify against ${t.caSource}: sslmode=verify-full clients refuse it, and clients that accept it (require) would accept an attacker's too`,
                    evidence: `${t.authorizationError ?? "not authorized"}; subject ${t.certificate?.subject ?? "?"}, issuer ${t.certificate?.issuer ?? "?"}`,
                    fix: t.caSource === "system store"
                        ? "pass the private CA the clients use with --ca FILE (or ?sslrootcert= in the target), or serve a certificate from a CA clients trust"
                        : "serve a certificate issued by this CA, with the intermediate certificates in ssl_cert_file",
                });
            }
        return hits;
    },
});
//# sourceMappingURL=ww403-endpoint-cert-untrusted.js.map