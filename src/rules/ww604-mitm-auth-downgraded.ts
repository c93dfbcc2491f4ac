import { ruleMeta } from "../core/catalog.js";
import { proveRule } from "./kinds.js";
import { letThrough } from "./prove-helpers.js";

export const ww604 = proveRule({
  meta: ruleMeta("WW604"),
  check: (model) =>
    letThrough(model, "downgrade", (r) => ({
      message: `the real client of '${r.alias}' sent its password in cleartext when the attacker asked for it instead of SCRAM`,
      fix: "verify the server (sslmode 'verify-full') so no attacker can ask; with libpq ≥ 16 also set require_auth='scram-sha-256'",
    })),
});
