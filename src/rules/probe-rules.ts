import type { Rule } from "../core/rule.js";
import type { ModelOf } from "./registry.js";
import { loadRules } from "./registry.js";

let loaded: Promise<Rule<ModelOf["probe"]>[]> | undefined;

/** Every rule `probe` runs (database endpoints, HTTP origins, DB Consoles), in catalog order, as the catalog lists them. Loaded once, on first use. */
export function probeRules(): Promise<Rule<ModelOf["probe"]>[]> {
  loaded ??= loadRules("probe");
  return loaded;
}
