import type { Rule } from "../core/rule.js";
import type { ModelOf } from "./registry.js";
import { loadRules } from "./registry.js";

let loaded: Promise<Rule<ModelOf["scan"]>[]> | undefined;

/** Every rule `scan` runs, in catalog order, as the catalog lists them. Loaded once, on first use. */
export function scanRules(): Promise<Rule<ModelOf["scan"]>[]> {
  loaded ??= loadRules("scan");
  return loaded;
}
