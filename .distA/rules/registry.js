import { CATALOG } from "../core/catalog.js";
import { shippedRuleFiles } from "./shipped-rule-files.js";
/**
 * The rules `command` runs, in catalog order, found from the catalog alone: an entry whose `commands` names the
 * command is implemented by the rule objects of that `model` exported from the files named after its id. So a new
 * rule is its file, its catalog entry and its test table; no list to keep in step. Only the files of rules the
 * command runs are loaded (`scan` does not load the live rules; the one-file build holds them all, listed when it is
 * bundled).
 *
 * A catalog entry without its implementation, a file for an id not in the catalog, or an implementation for a
 * command its entry does not name is a build mistake: it throws, and test/rules/registry.test.ts loads all three.
 */
export async function loadRules(command, from = {
    catalog: CATALOG,
    files: shippedRuleFiles(),
}) {
    const { catalog } = from;
    const files = new Map();
    for (const file of from.files)
        files.set(file.id, [...(files.get(file.id) ?? []), file]);
    for (const [id, named] of files)
        if (!catalog.some((r) => r.id === id))
            throw new Error(`${named[0]?.name} is named for ${id}, which is not in the catalog`);
    const wanted = catalog.filter((r) => r.commands.includes(command));
    const loaded = await Promise.all(wanted.map(async (meta) => {
        const named = files.get(meta.id) ?? [];
        const names = named.map((f) => f.name);
        const modules = await Promise.all(named.map((f) => f.load()));
        const rules = modules.flatMap((mod) => Object.values(mod).filter(isRule));
        for (const r of rules) {
            if (r.meta.id !== meta.id)
                throw new Error(`a file named for ${meta.id} exports a rule with the catalog entry of ${r.meta.id}`);
            if (!meta.commands.includes(r.model))
                throw new Error(`${meta.id} has a ${r.model} implementation, but its catalog entry names only ${meta.commands.join(", ")}`);
        }
        const mine = rules.filter((r) => r.model === command);
        if (mine.length !== 1)
            throw new Error(`${meta.id}'s catalog entry says ${command} runs it, but ${mine.length === 0 ? "no" : mine.length} ${command} rule${mine.length === 1 ? " is" : "s are"} exported by ${names.length ? names.join(", ") : `a file src/rules/${meta.id.toLowerCase()}-<name>`}`);
        return mine[0];
    }));
    return loaded;
}
const loadedFor = new Map();
/** Every rule `command` runs, in catalog order, as the shipped catalog and rule files give them: loaded once. */
export function rulesOf(command) {
    let loaded = loadedFor.get(command);
    if (!loaded) {
        loaded = loadRules(command);
        loadedFor.set(command, loaded);
    }
    return loaded;
}
function isRule(v) {
    if (typeof v !== "object" || v === null)
        return false;
    const r = v;
    return typeof r.check === "function" && typeof r.model === "string" && typeof r.meta?.id === "string";
}
//# sourceMappingURL=registry.js.map