import { dirname, extname } from "node:path";
import { fileURLToPath } from "node:url";
import { ruleFilesIn } from "./rule-files.js";
/**
 * The rule files of this build: the directory beside this module. The one-file build (scripts/bundle.mjs) has no
 * such directory at run time, so it replaces this module with the same list read from the same directory when it
 * bundles, each file's module imported statically.
 */
export function shippedRuleFiles() {
    const here = fileURLToPath(import.meta.url);
    return ruleFilesIn(dirname(here), extname(here));
}
//# sourceMappingURL=shipped-rule-files.js.map