import { ruleMeta } from "../core/catalog.js";
import { proveRule } from "./kinds.js";
import { letThrough } from "./prove-helpers.js";
export const ww604 = proveRule({
    meta: ruleMeta("WW604"),
    check: (model) => letThrough(model, "downgrade", (r) => ({
        message: r.passwordCaptured
            ? `the real client of '${r.alias}' sent its password in cleartext when the attacker asked for it instead of SCRAM`
            : r.md5Captured
                ? `the real client of '${r.alias}' refused to send its password in cleartext but answered the attacker's MD5 request with a hash of it, salted with the attacker's salt: crackable offline`
                : `the real client of '${r.alias}' gave up its password when the attacker asked for it instead of SCRAM`,
        fix: "verify the server (sslmode 'verify-full') so no attacker can ask; with libpq ≥ 16 also set require_auth='scram-sha-256' (it refuses both the cleartext and the MD5 request)",
    })),
});
//# sourceMappingURL=ww604-mitm-auth-downgraded.js.map