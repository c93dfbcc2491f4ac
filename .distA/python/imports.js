/**
 * `import` and `from … import` of the abstract interpreter (see interpreter.ts): project modules (one outcome per
 * outcome of the imported module), external modules (attributes of their models, or unknown), and the
 * `try: import … / except ImportError` worlds.
 */
import { IMPORT_CHOICE, INCLUDED_FILES, STAR_MODULES, } from "./machine.js";
import { handlerCatches } from "./machine-helpers.js";
import { cloneValue, unknown } from "./value.js";
function resolveRelative(m, node) {
    // relative_import: import_prefix (dots) + optional dotted_name
    const prefix = node.namedChildren.find((c) => c?.type === "import_prefix")?.text ?? "";
    const rest = node.namedChildren.find((c) => c?.type === "dotted_name")?.text;
    const dots = prefix.length;
    const parts = m.opts.module.split(".");
    // A package's own __init__ counts as the package; a module's package is its parent.
    const base = m.opts.isPackage ? parts : parts.slice(0, -1);
    const up = base.slice(0, base.length - (dots - 1));
    // Python: "attempted relative import beyond top-level package" (or "with no known parent package" for a
    // top-level module, whose package is "").
    if (dots > base.length)
        return undefined;
    return [...up, ...(rest ? [rest] : [])].filter(Boolean).join(".");
}
export function execImport(m, node, sc) {
    const children = node.namedChildren.filter((c) => c !== null && c.type !== "comment");
    return importNames(m, node, children, 0, sc);
}
/** `import a, b.c as d`: from name `i` on. */
function importNames(m, node, children, i, sc) {
    for (; i < children.length; i++) {
        const child = children[i];
        const dotted = child.type === "aliased_import" ? child.childForFieldName("name") : child;
        if (!dotted)
            continue;
        const name = dotted.text;
        const answer = m.opts.importModule({ module: name, origin: m.origin(node) });
        if (answer.missing)
            return [{ scenario: sc, raised: "ImportError" }];
        // `try: import local_settings / except ImportError: …` with a module the tree lacks: both worlds.
        if (answer.unmodelled && importDecidesSettings(node) && m.mayFork(node)) {
            const absent = m.fork(sc, `${name} cannot be imported`);
            const present = m.fork(sc, `${name} can be imported`);
            bindImported(m, node, child, name, answer, present);
            return [...importNames(m, node, children, i + 1, present), { scenario: absent, raised: "ImportError" }];
        }
        bindImported(m, node, child, name, answer, sc);
    }
    return [{ scenario: sc }];
}
function bindImported(m, node, child, name, answer, sc) {
    const alias = child.type === "aliased_import" ? child.childForFieldName("alias")?.text : undefined;
    if (alias) {
        sc.ns.set(alias, moduleValue(m, name, answer, node));
        return;
    }
    const top = name.split(".")[0];
    sc.ns.set(top, moduleValue(m, top, m.opts.importModule({ module: top, origin: m.origin(node) }), node));
}
function moduleValue(m, name, answer, node) {
    return moduleValueAt(name, answer, m.origin(node));
}
export function moduleValueAt(name, answer, origin) {
    if (answer.external)
        return answer.external;
    if (answer.scenarios?.[0]) {
        // A project module used as a namespace: its attributes are its names.
        return { kind: "object", ref: `module:${name}`, attrs: answer.scenarios[0].ns, origin };
    }
    return { kind: "object", ref: `module:${name}`, origin };
}
export function execImportFrom(m, node, sc) {
    const moduleNode = node.childForFieldName("module_name");
    if (!moduleNode)
        return [{ scenario: sc }];
    const moduleName = moduleNode.type === "relative_import" ? resolveRelative(m, moduleNode) : moduleNode.text;
    const origin = m.origin(node);
    if (moduleName === undefined) {
        // Python raises ImportError here; a file written to be copied into a package at deploy time (a Docker
        // image's settings/config.py) does not. Both worlds when the import is guarded, else names unknown.
        m.diagnose(origin, `relative import ${moduleNode.text} goes above the top-level package (ImportError, unless the file is copied into a package at deploy time): the names it brings are unknown`);
        const mod = { kind: "object", ref: `module:${moduleNode.text}` };
        return importExternal(m, node, moduleNode.text, mod, true, sc);
    }
    const answer = m.opts.importModule({ module: moduleName, origin });
    if (answer.missing)
        return [{ scenario: sc, raised: "ImportError" }];
    const wildcard = node.namedChildren.some((c) => c?.type === "wildcard_import");
    const names = node.childrenForFieldName("name").filter((n) => n !== null);
    if (answer.scenarios) {
        // One outcome per outcome of the imported module; a module is evaluated once per process, so a second
        // import of it (`from .base import *` then `from .base import X`) stays in the outcome already taken.
        const imported = answer.scenarios;
        const choiceKey = `${IMPORT_CHOICE}${moduleName}`;
        const chosen = sc.ns.get(choiceKey);
        const taken = chosen?.kind === "int" && imported[chosen.value] ? [chosen.value] : undefined;
        const indices = taken ?? imported.map((_, i) => i);
        return indices.map((i, n) => {
            const importedScenario = imported[i];
            const target = n === indices.length - 1 ? sc : m.fork(sc, "");
            if (!taken)
                target.conditions = [...sc.conditions, ...importedScenario.conditions].filter(Boolean);
            if (imported.length > 1)
                target.ns.set(choiceKey, { kind: "int", value: i });
            const seen = new Map();
            if (wildcard) {
                // (split-settings' list of included files is `__included_files__`: private, not copied.)
                for (const [k, v] of importedScenario.ns)
                    if (!k.startsWith("_") && k !== INCLUDED_FILES)
                        target.ns.set(k, cloneValue(v, seen));
            }
            for (const n of names) {
                const [orig, alias] = importedName(n);
                let v = importedScenario.ns.get(orig);
                if (!v) {
                    const sub = m.opts.importModule({ module: `${moduleName}.${orig}`, origin });
                    v = sub.missing ? undefined : moduleValue(m, `${moduleName}.${orig}`, sub, node);
                }
                target.ns.set(alias, v ? cloneValue(v, seen) : unknown(`${moduleName} has no name ${orig}`, { origin }));
            }
            return { scenario: target };
        });
    }
    // External module: names become attributes of its model.
    const mod = answer.external ?? { kind: "object", ref: `module:${moduleName}` };
    return importExternal(m, node, moduleName, mod, answer.unmodelled === true, sc);
}
function importExternal(m, node, moduleName, mod, unmodelled, sc) {
    // `try: from local_settings import * / except ImportError: …` with a module the tree does not have: a file
    // kept out of the repository, or a package that may not be installed. Both worlds, named.
    if (unmodelled && insideImportErrorHandler(node) && m.mayFork(node)) {
        const absent = m.fork(sc, `${moduleName} cannot be imported`);
        const present = m.fork(sc, `${moduleName} can be imported`);
        return [
            ...bindExternal(m, node, moduleName, mod, true, present),
            { scenario: absent, raised: "ImportError" },
        ];
    }
    return bindExternal(m, node, moduleName, mod, unmodelled, sc);
}
/** Names from a module outside the tree: attributes of its model, or unknown. */
function bindExternal(m, node, moduleName, mod, unmodelled, sc) {
    const origin = m.origin(node);
    const wildcard = node.namedChildren.some((c) => c?.type === "wildcard_import");
    const names = node.childrenForFieldName("name").filter((n) => n !== null);
    if (wildcard) {
        // A library the evaluator models (dj_database_url, environ, decouple) exports what its model says.
        const seen = sc.ns.get(STAR_MODULES);
        sc.ns.set(STAR_MODULES, { kind: "list", items: [mod, ...(seen?.kind === "list" ? seen.items : [])] });
        if (!unmodelled)
            return [{ scenario: sc }];
        // The module goes on: what the package defines is unknown, what this module defines after it is known.
        // (A relative name was said already: it goes above the top-level package.)
        if (!moduleName.startsWith("."))
            m.diagnose(origin, `star import from external module ${moduleName} is not followed: the names it defines are unknown`);
        m.markUnseenNames(sc, `may come from star import of ${moduleName} (${origin.file}:${origin.line})`, origin);
        return [{ scenario: sc }];
    }
    for (const n of names) {
        const [orig, alias] = importedName(n);
        sc.ns.set(alias, m.getAttr(mod, orig, node));
    }
    return [{ scenario: sc }];
}
/** `importlib.import_module("a.b")` returns `a.b`; `__import__("a.b")` binds like `import a.b`, i.e. `a`. */
export function importByName(m, name, origin, topLevel) {
    const answer = m.opts.importModule({ module: name, origin });
    if (answer.missing) {
        m.diagnose(origin, `import of ${name}: no such module in the project (ImportError at run time)`);
        return unknown(`${name} is not a module of the project (ImportError at run time)`, { origin });
    }
    const top = name.split(".")[0];
    if (!topLevel || top === name)
        return moduleValueAt(name, answer, origin);
    return moduleValueAt(top, m.opts.importModule({ module: top, origin }), origin);
}
/** Whether an ImportError raised at `node` is caught by a try around it (in this module, not in a function). */
function insideImportErrorHandler(node) {
    return importErrorTry(node) !== undefined;
}
function importErrorTry(node) {
    for (let child = node, p = node.parent; p; child = p, p = p.parent) {
        if (p.type === "function_definition" || p.type === "class_definition")
            return undefined;
        if (p.type !== "try_statement" || p.childForFieldName("body")?.id !== child.id)
            continue;
        const handlers = p.namedChildren.filter((c) => c?.type === "except_clause");
        if (handlers.some((h) => handlerCatches(h, "ImportError")))
            return p;
    }
    return undefined;
}
/**
 * A plain `import x` guarded by except ImportError forks only when the try or its handlers write a setting
 * (`import sentry_sdk` / `except ImportError: pass` ends the same either way).
 */
function importDecidesSettings(node) {
    const t = importErrorTry(node);
    return (t !== undefined && /(^|\n)[ \t]*[A-Z][A-Z0-9_]{2,}[ \t]*(\[[^\]\n]*\][ \t]*)*[+|]?=[^=]/.test(t.text));
}
function importedName(n) {
    if (n.type === "aliased_import") {
        const orig = n.childForFieldName("name")?.text ?? "";
        return [orig, n.childForFieldName("alias")?.text ?? orig];
    }
    return [n.text, n.text];
}
//# sourceMappingURL=imports.js.map