import { ruleMeta } from "../core/catalog.js";
import { proveRule } from "./kinds.js";
import { letThrough, VERIFY_FULL_FIX } from "./prove-helpers.js";

export const ww601 = proveRule({
  meta: ruleMeta("WW601"),
  check: (model) =>
    letThrough(model, "strip", (r) => ({
      message: `the real client of '${r.alias}' went on in plaintext when the attacker answered 'N' to its TLS request: anyone on the path reads and rewrites its login and queries`,
      fix: VERIFY_FULL_FIX,
    })),
});
