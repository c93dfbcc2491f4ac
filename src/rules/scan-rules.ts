import { loadRules } from "./registry.js";

/** Every rule `scan` runs, in catalog order, as the catalog lists them. */
export const SCAN_RULES = await loadRules("scan");
