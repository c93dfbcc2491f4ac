import { loadRules } from "./registry.js";

/** Every rule `probe` runs (database endpoints, HTTP origins, DB Consoles), in catalog order, as the catalog lists them. */
export const PROBE_RULES = await loadRules("probe");
