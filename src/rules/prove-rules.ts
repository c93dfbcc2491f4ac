import type { Rule } from "../core/rule.js";
import type { ModelOf } from "./registry.js";
import { loadRules } from "./registry.js";

let loaded: Promise<Rule<ModelOf["prove"]>[]> | undefined;

/** Every rule `prove` runs, in catalog order, as the catalog lists them. Loaded once, on first use. */
export function proveRules(): Promise<Rule<ModelOf["prove"]>[]> {
  loaded ??= loadRules("prove");
  return loaded;
}
