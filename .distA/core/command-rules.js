import { CATALOG } from "./catalog.js";
/**
 * The catalog entries of the rules `command` runs, in catalog order, from the catalog's `commands` (the one place
 * that says so) without loading rule modules: a reporter that lists what was checked (JUnit's passing test cases)
 * must not load the probe and prove rules, which `scan` never needs at start-up. `fix` rewrites what scan's
 * database rules report.
 */
export function rulesCheckedBy(command) {
    if (command === "fix")
        return CATALOG.filter((r) => r.category === "db-config" && r.commands.includes("scan"));
    return CATALOG.filter((r) => r.commands.includes(command));
}
//# sourceMappingURL=command-rules.js.map