import { ruleMeta } from "../core/catalog.js";
import { probeRule } from "./kinds.js";
const CLEARTEXT = 3;
export const ww408 = probeRule({
    meta: ruleMeta("WW408"),
    check(model) {
        const hits = [];
        for (const e of model.endpoints) {
            const endpoint = e.target.endpoint;
            const fix = "use the scram-sha-256 method in pg_hba.conf (with scram-sha-256 as the password_encryption setting), never `password`; CockroachDB: keep the default cert-password/SCRAM methods";
            if (e.plaintext?.kind === "auth" && e.plaintext.auth.code === CLEARTEXT) {
                hits.push({
                    endpoint,
                    severity: "critical",
                    message: "over plaintext, the server asks for the password in clear text: every login sends the password readable on the wire",
                    evidence: "plaintext StartupMessage → AuthenticationCleartextPassword (code 3); no password was sent",
                    fix,
                });
            }
            if (e.tls?.startup.kind === "auth" && e.tls.startup.auth.code === CLEARTEXT) {
                hits.push({
                    endpoint,
                    severity: "low",
                    message: "inside TLS the server asks for the password in clear text: any client that accepts a forged certificate hands the password to the attacker",
                    evidence: "StartupMessage over TLS → AuthenticationCleartextPassword (code 3); no password was sent",
                    fix,
                });
            }
        }
        return hits;
    },
});
//# sourceMappingURL=ww408-endpoint-cleartext-password.js.map