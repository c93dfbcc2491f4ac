import { ruleMeta } from "../core/catalog.js";
import { proveRule } from "./kinds.js";
import { letThrough, POOLER_LEG_FIX, VERIFY_FULL_FIX } from "./prove-helpers.js";
export const ww602 = proveRule({
    meta: ruleMeta("WW602"),
    check: (model) => letThrough(model, "forge", (r) => r.via
        ? {
            message: `${r.via}, run with the project's settings for its upstream leg, completed TLS with a certificate from a CA the attacker made up a second ago, and the attacker read the query stream of '${r.alias}' (the application's own query, marked per run): that leg encrypts, but to whoever answers`,
            fix: POOLER_LEG_FIX,
        }
        : {
            message: `the real client of '${r.alias}' completed TLS with a certificate from a CA the attacker made up a second ago, and ${r.stoppedForNoPassword ? "went on to log in through it (it stopped only at the password it has no copy of here)" : "authenticated through it"}: its TLS encrypts, but to whoever answers`,
            fix: VERIFY_FULL_FIX,
        }),
});
//# sourceMappingURL=ww602-mitm-forged-cert-accepted.js.map