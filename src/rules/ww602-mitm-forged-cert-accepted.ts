import { ruleMeta } from "../core/catalog.js";
import { proveRule } from "./kinds.js";
import { letThrough, VERIFY_FULL_FIX } from "./prove-helpers.js";

export const ww602 = proveRule({
  meta: ruleMeta("WW602"),
  check: (model) =>
    letThrough(model, "forge", (r) => ({
      message: `the real client of '${r.alias}' completed TLS with a certificate from a CA the attacker made up a second ago, and ${r.stoppedForNoPassword ? "went on to log in through it (it stopped only at the password it has no copy of here)" : "authenticated through it"}: its TLS encrypts, but to whoever answers`,
      fix: VERIFY_FULL_FIX,
    })),
});
