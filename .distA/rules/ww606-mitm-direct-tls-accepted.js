import { ruleMeta } from "../core/catalog.js";
import { proveRule } from "./kinds.js";
import { letThrough, VERIFY_FULL_FIX } from "./prove-helpers.js";
/**
 * direct-forge let through: a client with sslnegotiation=direct (libpq 17+) completed TLS, ALPN `postgresql`,
 * with a certificate from a CA the attacker made up, and authenticated through it. Direct TLS removes the
 * SSLRequest a man in the middle could answer N to, and nothing else: it checks no more than the sslmode does.
 */
export const ww606 = proveRule({
    meta: ruleMeta("WW606"),
    check: (model) => letThrough(model, "direct-forge", (r) => ({
        message: `the real client of '${r.alias}' started TLS directly (sslnegotiation=direct), completed it with a certificate from a CA the attacker made up a second ago (ALPN postgresql), and ${r.stoppedForNoPassword ? "went on to log in through it (it stopped only at the password it has no copy of here)" : "authenticated through it"}: direct TLS removes the SSLRequest, not the need to verify the server`,
        fix: `${VERIFY_FULL_FIX}; sslnegotiation=direct can stay, it checks nothing by itself`,
    })),
});
//# sourceMappingURL=ww606-mitm-direct-tls-accepted.js.map