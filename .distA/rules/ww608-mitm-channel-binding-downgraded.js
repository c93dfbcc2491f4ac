import { ruleMeta } from "../core/catalog.js";
import { proveRule } from "./kinds.js";
import { letThrough } from "./prove-helpers.js";
/**
 * binding-downgrade let through: a client set to channel_binding=require went on without channel binding, so
 * the one setting that was to defeat a relay with a forged certificate did not hold. The variant says how: it
 * chose unbound SCRAM when the attacker's certificate gave it no hash to bind to (CVE-2026-54291 in pgjdbc), gave
 * a password, or used a session the attacker never authenticated for.
 */
export const ww608 = proveRule({
    meta: ruleMeta("WW608"),
    check: (model) => letThrough(model, "binding-downgrade", (r) => ({
        message: `the real client of '${r.alias}' is set to channel_binding=require, yet went on without channel binding (${r.variant ?? "binding-downgrade"})`,
        fix: "verify the server (sslmode 'verify-full' with the right sslrootcert) so that no attacker certificate is accepted at all; then upgrade the driver or libpq that let the binding requirement lapse",
    })),
});
//# sourceMappingURL=ww608-mitm-channel-binding-downgraded.js.map