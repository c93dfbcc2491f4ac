import { loadRules } from "./registry.js";

/** Every rule `prove` runs, in catalog order, as the catalog lists them. */
export const PROVE_RULES = await loadRules("prove");
