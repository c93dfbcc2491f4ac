import { ruleMeta } from "../core/catalog.js";
import { PROBE_STARTUP } from "../probe/plaintext-check.js";
import { probeRule } from "./kinds.js";
const MD5 = 5;
const isMd5 = (r) => r?.kind === "auth" && r.auth.code === MD5;
const FIX = "set password_encryption = 'scram-sha-256', have every role set its password again (\\password), then put scram-sha-256 instead of md5 in pg_hba.conf; PostgreSQL 18 deprecates MD5 passwords";
export const ww413 = probeRule({
    meta: ruleMeta("WW413"),
    check(model) {
        const hits = [];
        for (const e of model.endpoints) {
            const endpoint = e.target.endpoint;
            const asked = `(user ${PROBE_STARTUP.user}, no password sent) → AuthenticationMD5Password (code 5)`;
            if (isMd5(e.plaintext)) {
                hits.push({
                    endpoint,
                    message: "over plaintext, the server asks for an MD5 password: anyone on the path captures the salt and the MD5 response and can crack the password offline, and the MD5 hash the server stores is as good as the password; PostgreSQL 18 deprecates MD5",
                    evidence: `plaintext StartupMessage ${asked}`,
                    fix: FIX,
                });
            }
            // Inside TLS: after 'S', or, when that session gave no answer, inside direct TLS.
            const direct = e.directTls?.kind === "attempted" ? e.directTls.withAlpn.startup : undefined;
            const inside = e.tls?.startup
                ? { reply: e.tls.startup, how: "StartupMessage over TLS" }
                : direct
                    ? { reply: direct, how: "StartupMessage over direct TLS" }
                    : undefined;
            if (inside && isMd5(inside.reply)) {
                hits.push({
                    endpoint,
                    severity: "low",
                    message: "inside TLS the server asks for an MD5 password: a client that accepts a forged certificate hands the attacker an MD5 response to crack offline (SCRAM gives a relaying attacker nothing to reuse); PostgreSQL 18 deprecates MD5",
                    evidence: `${inside.how} ${asked}`,
                    fix: FIX,
                });
            }
        }
        return hits;
    },
});
//# sourceMappingURL=ww413-endpoint-md5-auth.js.map