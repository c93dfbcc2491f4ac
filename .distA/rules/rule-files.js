import { readdirSync } from "node:fs";
import { extname, join } from "node:path";
import { pathToFileURL } from "node:url";
/** A rule's file: `wwNNN-<name>.js` (`.ts` when run from source), the id in its name. */
const RULE_FILE = /^ww(\d{3})-[a-z0-9-]+\.(?:js|ts)$/;
/** The id a rule file's name gives (`ww101-x.js` → `WW101`), or undefined for any other name. */
export function ruleIdOf(name) {
    const m = RULE_FILE.exec(name);
    return m ? `WW${m[1]}` : undefined;
}
/** The rule files in `dir` with the extension `ext` (`.js` built, `.ts` from source), loaded on demand. */
export function ruleFilesIn(dir, ext) {
    const out = [];
    for (const name of readdirSync(dir).sort()) {
        const id = ruleIdOf(name);
        if (id === undefined || extname(name) !== ext)
            continue;
        out.push({ name, id, load: () => import(pathToFileURL(join(dir, name)).href) });
    }
    return out;
}
//# sourceMappingURL=rule-files.js.map