/**
 * Other files of the tree run in this module's namespace (see interpreter.ts): django-split-settings'
 * include(), `exec(open(path).read())`, env-chosen import_module() names, glob patterns; namespace copies by hand
 * (`globals().update(vars(mod))`); and the names code the evaluator cannot see may define.
 */
import { posix } from "node:path";
import { DATABASES_MAY_CHANGE, INCLUDED_FILES, MAX_INCLUDE_CHOICES, MAX_INCLUDE_DEPTH, MAYBE_DEFINED, PROJECT_ROOT_MARK, STAR_MODULES, } from "./machine.js";
import { formatForString, oneLine, reasonOf } from "./machine-helpers.js";
import { cloneValue, describe, str, unknown } from "./value.js";
/** A glob include of more files than this is not followed. */
const MAX_GLOB_FILES = 64;
/** `include(...)` of django-split-settings and `exec(<a file's text>)`: other files run in this namespace. */
export function execInclusion(m, stmt, sc) {
    const call = stmt.namedChildren[0];
    if (stmt.namedChildCount === 1 && call?.type === "assignment")
        return execChosenImport(m, call, sc);
    if (stmt.namedChildCount !== 1 || call?.type !== "call")
        return undefined;
    if (/^(globals|locals)\(\)\.update$/.test(call.childForFieldName("function")?.text ?? ""))
        return execNamespaceUpdate(m, call, sc);
    const fnNode = call.childForFieldName("function");
    // Any name may be bound to them (`from split_settings.tools import include as settings_include`).
    // Only names and dotted names: looking them up has no effect, so the statement can still run as usual after.
    if (!fnNode || !/^[A-Za-z_][\w.]*$/.test(fnNode.text))
        return undefined;
    const fn = m.evaluate(fnNode, sc);
    if (fn.kind === "unknown")
        noteUnseenMutation(m, call, fn, sc);
    if (fn.kind !== "object")
        return undefined;
    if (fn.ref === "fn:split_settings.include")
        return execSplitInclude(m, call, sc);
    if (fn.ref === "fn:builtins.exec")
        return execExec(m, call, sc);
    return undefined;
}
/**
 * `mod = import_module(f"conf.settings.{env}")` with env from an env var the deployment did not supply: one
 * outcome per project module the name can take, when they are few (the modules next to the default).
 */
function execChosenImport(m, assignment, sc) {
    const left = assignment.childForFieldName("left");
    const right = assignment.childForFieldName("right");
    if (left?.type !== "identifier" || right?.type !== "call")
        return undefined;
    const fnNode = right.childForFieldName("function");
    if (!fnNode || !/^[A-Za-z_][\w.]*$/.test(fnNode.text))
        return undefined;
    const fn = m.evaluate(fnNode, sc);
    const dunder = fn.kind === "object" && fn.ref === "fn:builtins.__import__";
    if (!dunder && !(fn.kind === "object" && fn.ref === "fn:importlib.import_module"))
        return undefined;
    const nameNode = right.childForFieldName("arguments")?.namedChildren.find((c) => c && c.type !== "comment");
    const names = m.opts.includeFile?.modules;
    if (!nameNode || nameNode.type === "keyword_argument" || !names)
        return undefined;
    const pattern = pathPattern(m, nameNode, sc, moduleNamePattern);
    if (!pattern?.depends)
        return undefined; // a known name (or none): the call itself says what happens
    const matcher = globMatcher(pattern.glob.replace(/\./g, "/"));
    const matches = matcher ? names.filter((n) => matcher(n.replace(/\./g, "/"))) : [];
    if (matches.length === 0 || matches.length > MAX_INCLUDE_CHOICES)
        return undefined;
    if (m.live + matches.length - 1 > m.opts.maxScenarios)
        return undefined;
    m.live += matches.length - 1;
    const origin = m.origin(right);
    return matches.map((name) => {
        const branch = m.fork(sc, `${pattern.depends} names ${name}`);
        m.assign(left, m.importByName(name, origin, dunder && !hasFromList(right)), branch);
        return { scenario: branch };
    });
}
/** `__import__(name, globals(), locals(), ["*"])` returns the named module itself, not its top package. */
function hasFromList(call) {
    const args = call.childForFieldName("arguments")?.namedChildren.filter((c) => c && c.type !== "comment") ?? [];
    return (args.length >= 4 || args.some((a) => a?.type === "keyword_argument" && a.text.startsWith("fromlist")));
}
/**
 * `globals().update(vars(mod))` / `globals().update(mod.__dict__)`: a star import by hand. Any other argument
 * (a dict literal, key/value pairs) is an ordinary dict update of the namespace, evaluated as such.
 */
function execNamespaceUpdate(m, call, sc) {
    const arg = call.childForFieldName("arguments")?.namedChildren.find((c) => c && c.type !== "comment");
    const source = arg ? moduleBehind(m, arg, sc) : null;
    if (source === null)
        return undefined;
    return [copyModuleNames(m, source, call, sc, false)];
}
/**
 * `for k in dir(mod): if k.isupper(): globals()[k] = getattr(mod, k)` and the `vars(mod).items()` /
 * `mod.__dict__.items()` forms with `globals()[k]`, `locals()[k]` or `setattr(...)`: a star import by hand.
 * Any other loop is left to the loop evaluator.
 */
export function execNamespaceCopyLoop(m, node, sc) {
    const right = node.childForFieldName("right");
    const body = node.childForFieldName("body")?.text ?? "";
    if (!right || !/\b(globals|locals)\(\)\s*\[|\bsetattr\s*\(/.test(body))
        return undefined;
    let iter = right;
    // `.items()` / `.keys()` of the namespace: the same names.
    if (iter.type === "call" && /\.(items|keys)$/.test(iter.childForFieldName("function")?.text ?? "")) {
        iter = iter.childForFieldName("function")?.childForFieldName("object") ?? null;
    }
    const isDir = iter?.type === "call" && iter.childForFieldName("function")?.text === "dir";
    const source = iter ? (isDir ? firstArgModule(m, iter, sc) : moduleBehind(m, iter, sc)) : null;
    if (!source)
        return undefined; // not a namespace being copied: an ordinary loop
    return [copyModuleNames(m, source, node, sc, /\bisupper\s*\(/.test(body))];
}
/** The module behind `vars(m)` or `m.__dict__`: its value, or null when the expression is neither. */
function moduleBehind(m, n, sc) {
    if (n.type === "call" && n.childForFieldName("function")?.text === "vars")
        return firstArgModule(m, n, sc);
    if (n.type === "attribute" && n.childForFieldName("attribute")?.text === "__dict__") {
        const obj = n.childForFieldName("object");
        return obj ? m.evaluate(obj, sc) : null;
    }
    return null;
}
function firstArgModule(m, call, sc) {
    const arg = call.childForFieldName("arguments")?.namedChildren.find((c) => c && c.type !== "comment");
    return arg ? m.evaluate(arg, sc) : null;
}
/** Copies a project module's names here; anything else makes the names it may bring unknown. */
function copyModuleNames(m, source, node, sc, upperOnly) {
    const origin = m.origin(node);
    const what = oneLine(node.text).slice(0, 80);
    if (source?.kind === "object" && source.attrs && source.ref.startsWith("module:")) {
        const seen = new Map();
        for (const [k, v] of source.attrs) {
            if (k.startsWith("_") || k.startsWith("\0") || (upperOnly && k !== k.toUpperCase()))
                continue;
            sc.ns.set(k, cloneValue(v, seen));
        }
        return { scenario: sc };
    }
    const why = source === null || source === undefined ? "the source is not a module" : reasonOf(source);
    m.diagnose(origin, `names copied by ${what} are not followed: ${why}`);
    return markUnseenNames(sc, `may be set by ${what} (${origin.file}:${origin.line})`, origin);
}
/** Files are relative to the including file, globs allowed, run in order; optional() ones may be missing. */
function execSplitInclude(m, call, sc) {
    let outcomes = [{ scenario: sc }];
    for (const arg of call.childForFieldName("arguments")?.namedChildren ?? []) {
        if (!arg || arg.type === "comment" || arg.type === "keyword_argument")
            continue; // scope=globals()
        const origin = m.origin(arg);
        outcomes = outcomes.flatMap((o) => {
            if (o.raised)
                return [o];
            return includeTargets(m, arg, o.scenario).reduce((outs, target) => outs.flatMap((x) => (x.raised ? [x] : includeOne(m, target, x.scenario, origin))), [{ scenario: o.scenario }]);
        });
    }
    return outcomes.map((o) => (o.raised ? o : { scenario: o.scenario }));
}
/** What one include() argument names: a path (or pattern), `optional(path)`, or `*a_list_of_them`. */
function includeTargets(m, arg, sc) {
    const text = oneLine(arg.text).slice(0, 100);
    if (arg.type === "list_splat") {
        const inner = arg.namedChildren[0];
        const list = inner ? m.evaluate(inner, sc) : undefined;
        if (list?.kind !== "list" && list?.kind !== "tuple")
            return [{ text, optional: false, why: `${text} is ${list ? reasonOf(list) : "empty"}` }];
        return list.items.map((item) => {
            const opt = item.kind === "object" && item.ref === "obj:split_settings.optional";
            const path = opt ? item.attrs?.get("path") : item;
            const shown = `${opt ? "optional " : ""}${describe(path).slice(0, 100)}`;
            const pattern = path ? valuePattern(path) : undefined;
            const family = path ? valuePattern(path, true)?.glob : undefined;
            return pattern
                ? { text: shown, optional: opt, pattern, ...(family ? { family } : {}) }
                : { text: shown, optional: opt, why: `the file name is ${path ? reasonOf(path) : "missing"}` };
        });
    }
    let target = arg;
    let optional = false;
    if (arg.type === "call") {
        const f = arg.childForFieldName("function");
        const fv = f ? m.evaluate(f, sc) : undefined;
        if (fv?.kind === "object" && fv.ref === "fn:split_settings.optional") {
            optional = true;
            target =
                arg.childForFieldName("arguments")?.namedChildren.find((c) => c && c.type !== "comment") ?? undefined;
        }
    }
    const pattern = target ? pathPattern(m, target, sc) : undefined;
    const family = target ? pathPattern(m, target, sc, (v) => valuePattern(v, true), true)?.glob : undefined;
    return [
        pattern
            ? { text, optional, pattern, ...(family ? { family } : {}) }
            : { text, optional, why: "the file name is not known" },
    ];
}
function includeOne(m, target, sc, origin) {
    const what = `include(${target.text})`;
    const unseen = (why) => {
        m.diagnose(origin, `${what} is not followed: ${why}`);
        return [markUnseenNames(sc, `may be set by ${what} (${origin.file}:${origin.line})`, origin)];
    };
    const hook = m.opts.includeFile;
    if (!hook)
        return unseen("other files are not read here");
    const pattern = target.pattern;
    if (!pattern)
        return unseen(target.why ?? "the file name is not known");
    const full = treePath(pattern.glob, posix.dirname(m.file));
    if (full === undefined)
        return unseen(`${pattern.glob} is outside the scanned tree`);
    const matcher = globMatcher(full);
    if (!matcher)
        return unseen(`the pattern ${full} has too many wildcards`);
    // `__init__.py` is the package itself, never one of the files an env value picks.
    const matches = hook.paths.filter((p) => matcher(p) && !(pattern.depends && posix.basename(p) === "__init__.py"));
    const family = target.family ? treePath(target.family, posix.dirname(m.file)) : undefined;
    const familyMatcher = family ? globMatcher(family) : undefined;
    if (familyMatcher)
        hook.noteParts?.(hook.paths.filter(familyMatcher).slice(0, MAX_GLOB_FILES));
    if (!pattern.depends) {
        if (matches.length === 0) {
            if (target.optional)
                return [{ scenario: sc }];
            m.diagnose(origin, `${what}: no file ${full} in the tree (split-settings raises IOError)`);
            return [{ scenario: sc, raised: "IOError" }];
        }
        if (matches.length > MAX_GLOB_FILES)
            return unseen(`${matches.length} files match ${full}`);
        return matches.reduce((outs, file) => outs.flatMap((o) => (o.raised ? [o] : includeOnce(m, file, o.scenario, origin))), [{ scenario: sc }]);
    }
    // The file depends on a value the deployment supplies: one outcome per file it can name, when they are few.
    if (matches.length === 0 && target.optional)
        return [{ scenario: sc }];
    if (matches.length === 0)
        return unseen(`no file in the tree matches ${full} (${pattern.depends})`);
    if (matches.length > MAX_INCLUDE_CHOICES)
        return unseen(`${matches.length} files match ${full}, chosen by ${pattern.depends}`);
    const choices = target.optional ? [...matches, null] : matches;
    if (m.live + choices.length - 1 > m.opts.maxScenarios)
        return unseen(`more than ${m.opts.maxScenarios} combinations to follow ${full}`);
    m.live += choices.length - 1;
    return choices.flatMap((file) => {
        const branch = m.fork(sc, file ? `${pattern.depends} names ${file}` : `${pattern.depends} names no file`);
        return file ? includeOnce(m, file, branch, origin) : [{ scenario: branch }];
    });
}
/** split-settings runs a file once per namespace: a second include of it (or a cycle back to it) is skipped. */
function includeOnce(m, path, sc, origin) {
    const done = sc.ns.get(INCLUDED_FILES);
    const paths = done?.kind === "list" ? done.items : [];
    if (paths.some((p) => p.kind === "str" && p.value === path))
        return [{ scenario: sc }];
    sc.ns.set(INCLUDED_FILES, { kind: "list", items: [...paths, str(path)] });
    return runIncluded(m, path, sc, origin);
}
/** `exec(open(p).read())`, `exec(compile(open(p).read(), p, "exec"))`: the file runs in this namespace. */
function execExec(m, call, sc) {
    const origin = m.origin(call);
    const argNode = call.childForFieldName("arguments")?.namedChildren.find((c) => c && c.type !== "comment");
    const what = `exec(${oneLine(argNode?.text ?? "").slice(0, 80)})`;
    const unseen = (why) => {
        m.diagnose(origin, `${what} is not followed: ${why}`);
        return [markUnseenNames(sc, `may be set by ${what} (${origin.file}:${origin.line})`, origin)];
    };
    if (!argNode)
        return unseen("no code");
    const code = m.evaluate(argNode, sc);
    const pathValue = code.kind === "object" && code.ref === "obj:source" ? code.attrs?.get("path") : undefined;
    if (!pathValue)
        return unseen(code.kind === "str" ? "code in a string" : reasonOf(code));
    const path = formatForString(pathValue);
    if (path === undefined)
        return unseen(`the file is ${reasonOf(pathValue)}`);
    if (pathValue.env && !pathValue.env.supplied)
        return unseen(`the file name depends on env var ${pathValue.env.variable}`);
    const hook = m.opts.includeFile;
    if (!hook)
        return unseen("other files are not read here");
    const full = treePath(path, hook.workingDir);
    if (full === undefined)
        return unseen(`${path} is outside the scanned tree`);
    // A file missing from the tree may still be there at run time (written at deploy time): not a crash, unknown.
    if (!hook.paths.includes(full))
        return unseen(`${full} is not in the scanned tree`);
    return runIncluded(m, full, sc, origin);
}
/** A path as the tree names it: `<project>/x` from `__file__`, relative ones from `base`; undefined outside. */
function treePath(path, base) {
    const mark = `${PROJECT_ROOT_MARK}/`;
    const inTree = path.startsWith(mark)
        ? path.slice(mark.length)
        : path.startsWith("/")
            ? undefined
            : posix.join(base, path);
    if (inTree === undefined)
        return undefined;
    const normal = posix.normalize(inTree);
    return normal === ".." || normal.startsWith("../") || normal.startsWith("/") ? undefined : normal;
}
/**
 * The path an include names, with the parts that depend on unknown or unsupplied env values as `*`
 * (`"environments/%s.py" % ENV` → `environments/*.py`); undefined when nothing of it is known.
 */
function pathPattern(m, node, sc, whole = valuePattern, anyEnv = false) {
    const v = m.evaluate(node, sc);
    const text = formatForString(v);
    const open = (x) => x.env !== undefined && (anyEnv || !x.env.supplied);
    if (text !== undefined && !open(v))
        return { glob: text };
    const parts = [];
    const leaf = (n) => {
        const x = m.evaluate(n, sc);
        const t = formatForString(x);
        if (t !== undefined && !open(x))
            parts.push({ text: t });
        else
            parts.push({ text: "*", depends: x.env ? `env var ${x.env.variable}` : oneLine(n.text) });
    };
    const walk = (n) => {
        if (n.type === "parenthesized_expression" && n.namedChildren[0])
            return walk(n.namedChildren[0]);
        if (n.type === "binary_operator") {
            const op = n.childForFieldName("operator")?.text;
            const left = n.childForFieldName("left");
            const right = n.childForFieldName("right");
            if (!left || !right)
                return false;
            if (op === "+")
                return walk(left) && walk(right);
            if (op === "/") {
                if (!walk(left))
                    return false;
                parts.push({ text: "/" });
                return walk(right);
            }
            if (op === "%" && left.type === "string") {
                const fmt = formatForString(m.evaluate(left, sc));
                if (fmt === undefined)
                    return false;
                const args = right.type === "tuple" ? right.namedChildren.filter((c) => c !== null) : [right];
                let i = 0;
                for (const piece of fmt.split(/(%[sd%])/)) {
                    if (piece === "%%")
                        parts.push({ text: "%" });
                    else if (piece === "%s" || piece === "%d") {
                        const arg = args[i++];
                        if (!arg)
                            return false;
                        leaf(arg);
                    }
                    else if (piece)
                        parts.push({ text: piece });
                }
                return true;
            }
            return false;
        }
        if (n.type === "call") {
            const fn = n.childForFieldName("function");
            const recv = fn?.type === "attribute" ? fn.childForFieldName("object") : null;
            if (fn?.childForFieldName("attribute")?.text !== "format" || recv?.type !== "string") {
                leaf(n);
                return true;
            }
            const fmt = formatForString(m.evaluate(recv, sc));
            if (fmt === undefined)
                return false;
            const args = (n.childForFieldName("arguments")?.namedChildren ?? []).filter((c) => c !== null && c.type !== "comment");
            const positional = args.filter((a) => a.type !== "keyword_argument");
            const keyword = (name) => args
                .find((a) => a.type === "keyword_argument" && a.childForFieldName("name")?.text === name)
                ?.childForFieldName("value");
            let next = 0;
            for (const piece of fmt.split(/(\{[^{}]*\})/)) {
                const field = /^\{([^{}]*)\}$/.exec(piece)?.[1];
                if (field === undefined) {
                    if (piece)
                        parts.push({ text: piece });
                    continue;
                }
                const arg = field === ""
                    ? positional[next++]
                    : /^\d+$/.test(field)
                        ? positional[Number(field)]
                        : keyword(field);
                if (!arg)
                    return false;
                leaf(arg);
            }
            return true;
        }
        if (n.type === "string") {
            for (const part of n.namedChildren) {
                if (!part || part.type === "string_start" || part.type === "string_end")
                    continue;
                if (part.type === "interpolation") {
                    const expr = part.childForFieldName("expression");
                    if (!expr)
                        return false;
                    leaf(expr);
                }
                else
                    parts.push({ text: part.text });
            }
            return true;
        }
        leaf(n);
        return true;
    };
    // Only wildcards and separators would match every file, which says nothing: then the value's own shape.
    if (!walk(node))
        return whole(v);
    const glob = parts
        .map((p) => p.text)
        .join("")
        .replace(/\/+/g, "/");
    const depends = parts.find((p) => p.depends)?.depends;
    if (!/[^*/]/.test(glob))
        return whole(v);
    return depends ? { glob, depends } : { glob };
}
/** Runs a file of the tree on this scenario, as the same module (globals, `__file__`, relative imports). */
function runIncluded(m, path, sc, origin) {
    const stack = m.opts.includeStack ?? [m.file];
    const unseen = (why) => {
        m.diagnose(origin, why);
        return [markUnseenNames(sc, `may be set by ${path} (${why})`, origin)];
    };
    if (stack.includes(path))
        return unseen(`include cycle: ${[...stack, path].join(" → ")}`);
    if (stack.length > MAX_INCLUDE_DEPTH)
        return unseen(`includes nested deeper than ${MAX_INCLUDE_DEPTH} files at ${path}`);
    const hook = m.opts.includeFile;
    if (!hook)
        return unseen(`${path} is not read here`);
    const result = hook.parse(path, (root) => {
        const child = m.newInterpreter({
            ...m.opts,
            file: path,
            dunderFile: m.opts.dunderFile ?? m.file,
            includeStack: [...stack, path],
            maxSteps: Math.max(1, m.opts.maxSteps - m.steps),
        });
        child.live = m.live;
        child.depth = m.depth;
        try {
            return child.execBlock(root.namedChildren, [{ scenario: sc }]);
        }
        finally {
            m.steps += child.steps;
            m.live = child.live;
            for (const d of child.diagnostics)
                m.diagnose(d.origin, d.reason);
        }
    });
    if ("problem" in result && result.quiet)
        return [markUnseenNames(sc, `may be set by ${path} (${result.problem})`, origin)];
    if ("problem" in result)
        return unseen(`${path}: ${result.problem}`);
    return result.value;
}
/**
 * `configure_databases(DATABASES)` or `helper.settings(locals())` with a function the evaluator cannot see (from
 * a star import of a package, an attribute of an unmodelled module): it may change DATABASES in place.
 */
function noteUnseenMutation(m, call, fn, sc) {
    if (!sc.ns.has("DATABASES") || sc.ns.has(DATABASES_MAY_CHANGE))
        return;
    const args = call.childForFieldName("arguments")?.namedChildren ?? [];
    const passes = args.some((a) => a !== null && /^(\*\*?)?(DATABASES\b|(locals|globals|vars)\(\s*\)$)/.test(a.text.trim()));
    if (!passes)
        return;
    const origin = m.origin(call);
    const what = `${oneLine(call.text).slice(0, 80)}`;
    m.diagnose(origin, `${what} may change DATABASES in place: ${reasonOf(fn)}`);
    const databases = sc.ns.get("DATABASES");
    sc.ns.set(DATABASES_MAY_CHANGE, unknown(`may be changed by ${what} (${origin.file}:${origin.line})`, {
        origin,
        ...(databases?.origin ? { meta: { databasesAt: databases.origin } } : {}),
    }));
}
/** Records that names the evaluator cannot see may be defined from here on. */
export function markUnseenNames(sc, reason, origin) {
    const before = sc.ns.get(MAYBE_DEFINED);
    const why = before?.kind === "unknown" && !before.reason.includes(reason) ? `${before.reason}; ${reason}` : reason;
    sc.ns.set(MAYBE_DEFINED, unknown(why, { origin }));
    // DATABASES already set may be changed by what was not followed; the first such place is the one to name.
    const databases = sc.ns.get("DATABASES");
    if (databases && !sc.ns.has(DATABASES_MAY_CHANGE))
        sc.ns.set(DATABASES_MAY_CHANGE, unknown(reason, { origin, ...(databases.origin ? { meta: { databasesAt: databases.origin } } : {}) }));
    return { scenario: sc };
}
/** A name not bound here: a modelled name of a star-imported library, or unknown when something unseen may bind it. */
export function fromUnseenNames(m, name, sc, origin) {
    const stars = sc.ns.get(STAR_MODULES);
    for (const mod of stars?.kind === "list" ? stars.items : []) {
        for (const lib of m.opts.libraries) {
            const r = lib.getAttr(mod, name, m);
            if (r)
                return r;
        }
    }
    const maybe = sc.ns.get(MAYBE_DEFINED);
    if (maybe?.kind !== "unknown")
        return undefined;
    return unknown(`${name} ${maybe.reason}`, { origin });
}
/**
 * The pattern of a path value: a known string is itself; a string built from an env var the deployment did not
 * supply (`"environments/%s.py" % ENV` evaluated with ENV's default) may be any file next to it with the same
 * extension.
 */
function valuePattern(v, anyEnv = false) {
    const shape = v.meta?.pathShape;
    if (shape && (v.kind === "unknown" || (v.env && !v.env.supplied)))
        return shape;
    const text = formatForString(v);
    if (text === undefined)
        return undefined;
    if (!(v.env && (anyEnv || !v.env.supplied)))
        return { glob: text };
    const dir = posix.dirname(text);
    const ext = posix.extname(text);
    return { glob: posix.join(dir, `*${ext}`), depends: `env var ${v.env.variable}` };
}
/** Like valuePattern for a dotted module name: `conf.settings.dev` from an unsupplied env var → `conf.settings.*`. */
function moduleNamePattern(v) {
    const text = formatForString(v);
    if (text === undefined)
        return undefined;
    if (!(v.env && !v.env.supplied))
        return { glob: text };
    const parent = text.split(".").slice(0, -1).join(".");
    return parent ? { glob: `${parent}.*`, depends: `env var ${v.env.variable}` } : undefined;
}
const MAX_GLOB_WILDCARDS = 16;
/**
 * A matcher for a glob as Python's glob.glob reads it, over tree paths: `*` and `?` stay inside one directory.
 * Segment by segment with one backtracking point, so a hostile pattern costs at most pattern × path per path.
 */
function globMatcher(glob) {
    if ((glob.match(/[*?]/g)?.length ?? 0) > MAX_GLOB_WILDCARDS)
        return undefined;
    const segments = glob.split("/");
    return (path) => {
        const parts = path.split("/");
        return (parts.length === segments.length && segments.every((g, i) => segmentMatches(g, parts[i])));
    };
}
function segmentMatches(glob, name) {
    let g = 0;
    let n = 0;
    let star = -1;
    let mark = 0;
    while (n < name.length) {
        if (g < glob.length && (glob[g] === "?" || glob[g] === name[n])) {
            g++;
            n++;
        }
        else if (g < glob.length && glob[g] === "*") {
            star = g++;
            mark = n;
        }
        else if (star >= 0) {
            g = star + 1;
            n = ++mark;
        }
        else
            return false;
    }
    while (g < glob.length && glob[g] === "*")
        g++;
    return g === glob.length;
}
//# sourceMappingURL=includes.js.map