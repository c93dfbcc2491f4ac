import { ruleMeta } from "../core/catalog.js";
import { proveRule } from "./kinds.js";
import { letThrough, POOLER_LEG_FIX, VERIFY_FULL_FIX } from "./prove-helpers.js";
export const ww601 = proveRule({
    meta: ruleMeta("WW601"),
    check: (model) => letThrough(model, "strip", (r) => r.via
        ? {
            message: `${r.via}, run with the project's settings for its upstream leg, connected to the database in plaintext through the attacker, who read the query stream of '${r.alias}' (the application's own query, marked per run): the alias's own sslmode protects only the hop to the pooler`,
            fix: POOLER_LEG_FIX,
        }
        : {
            message: `the real client of '${r.alias}' went on in plaintext when the attacker answered 'N' to its TLS request: anyone on the path reads and rewrites its login and queries`,
            fix: VERIFY_FULL_FIX,
        }),
});
//# sourceMappingURL=ww601-mitm-tls-stripped.js.map