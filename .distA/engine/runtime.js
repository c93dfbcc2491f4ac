/**
 * `scan --runtime`: each settings module imported by the project's own Python, in a child process that may reach
 * no network address (python/wirewarden_django_describe.py's guard), bounded in time and address space, with the
 * environment the static evaluation used. Nothing of the project's runs but the settings module and the database
 * backend modules (no django.setup()). The child reports each alias as libpq will receive it.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describeDjango } from "../mitm/django-describe.js";
/** At most this many settings modules are imported: production first, then the rest in the order found. */
export const MAX_RUNTIME_MODULES = 8;
/** A dotted module name Python can import (settings/clever-cloud.py has none). */
const IMPORTABLE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
/** The virtualenvs a project keeps beside its code, whose Python has its requirements. */
const VENV_PYTHONS = [".venv/bin/python", "venv/bin/python", "env/bin/python"];
/** The project's virtualenv Python when one is found under `root`, else `python3` (looked up on PATH). */
export function defaultPython(root) {
    for (const p of VENV_PYTHONS)
        if (existsSync(join(root, p)))
            return join(root, p);
    return "python3";
}
/**
 * The directory to put first on sys.path for a module: its file with the module's own path taken off the end
 * (`src/shop/settings/production.py`, `shop.settings.production` → `src`). Undefined when they do not match.
 */
export function importRoot(file, module) {
    const parts = module.split(".");
    const path = file.replace(/\\/g, "/").replace(/\.py$/, "");
    const segments = path.split("/");
    if (segments.at(-1) === "__init__")
        segments.pop();
    if (segments.length < parts.length)
        return undefined;
    const tail = segments.slice(segments.length - parts.length);
    if (tail.join(".") !== module)
        return undefined;
    return segments.slice(0, segments.length - parts.length).join("/");
}
export async function importSettings(o) {
    const seen = new Map();
    for (const v of [...o.views].sort((a, b) => Number(b.production) - Number(a.production)))
        if (!v.template && !seen.has(v.module))
            seen.set(v.module, v);
    const chosen = [...seen.values()].slice(0, MAX_RUNTIME_MODULES);
    const env = Object.fromEntries(o.env);
    const out = [];
    for (const view of chosen) {
        const base = { module: view.module, python: o.python };
        if (!IMPORTABLE.test(view.module)) {
            out.push({
                ...base,
                error: `${view.module} is not a name Python can import (${view.file})`,
                aliases: [],
            });
            continue;
        }
        const dir = importRoot(view.file, view.module);
        if (dir === undefined) {
            out.push({
                ...base,
                error: `${view.file} is not where ${view.module} would be imported from`,
                aliases: [],
            });
            continue;
        }
        o.onProgress?.(`importing ${view.module} with ${o.python}`);
        const described = await describeDjango({
            python: o.python,
            project: join(o.root, dir),
            settings: view.module,
            env,
            timeoutMs: o.timeoutMs,
            runtime: true,
        });
        if ("error" in described)
            out.push({ ...base, error: described.error, aliases: [] });
        else if (!described.runtime)
            out.push({ ...base, error: "the child gave no runtime view of the aliases", aliases: [] });
        else
            out.push({ ...base, ...described.runtime });
    }
    return out;
}
//# sourceMappingURL=runtime.js.map