import { posix } from "node:path";
import { readEnv } from "./env.js";
import { formatForString } from "./interpreter.js";
import { cloneValue, extendBounded, openDict, str, truthy, unknown, } from "./value.js";
const obj = (ref, extra = {}) => ({
    kind: "object",
    ref,
    ...extra,
});
const method = (ref, self) => ({ kind: "object", ref, self });
const MODULES = {
    os: ["environ", "getenv", "path", "getcwd"],
    "os.path": [
        "join",
        "dirname",
        "abspath",
        "realpath",
        "basename",
        "exists",
        "expanduser",
        "expandvars",
        "normpath",
        "isfile",
    ],
    pathlib: ["Path", "PurePath", "PosixPath"],
    sys: ["argv", "version_info", "platform"],
    copy: ["copy", "deepcopy"],
    importlib: ["import_module"],
    typing: ["TYPE_CHECKING"],
};
const BUILTIN_FUNCTIONS = [
    "bool",
    "int",
    "str",
    "float",
    "list",
    "tuple",
    "dict",
    "set",
    "len",
    "print",
    "open",
    "getattr",
    "range",
    "enumerate",
    "zip",
    "sorted",
    "reversed",
    "exec",
    "compile",
    "__import__",
];
/** Items range()/zip()/enumerate() build at most: past it the value is unknown, "too large". */
const MAX_BUILT_ITEMS = 10_000;
/** The items of something iterated over: a list/tuple's items, a dict's keys, a string's characters. */
function itemsOf(v) {
    if (v?.kind === "list" || v?.kind === "tuple")
        return v.items;
    if (v?.kind === "dict")
        return [...v.entries.keys()].map((k) => str(k));
    if (v?.kind === "str" && v.value.length <= MAX_BUILT_ITEMS)
        return [...v.value].map((c) => str(c));
    return undefined;
}
/** Python's built-ins and the standard-library pieces settings files use: os.environ, os.path, pathlib. */
export function standardLibrary(env) {
    return {
        importModule(name) {
            if (name.startsWith("builtins.")) {
                const fn = name.slice(9);
                return BUILTIN_FUNCTIONS.includes(fn) ? obj(`fn:builtins.${fn}`) : undefined;
            }
            if (name in MODULES)
                return obj(`module:${name}`);
            return undefined;
        },
        getAttr(value, name) {
            if (value.kind === "object") {
                const ref = value.ref;
                if (ref.startsWith("module:")) {
                    const mod = ref.slice(7);
                    if (mod === "os" && name === "environ")
                        return obj("obj:os.environ");
                    if (mod === "os" && name === "path")
                        return obj("module:os.path");
                    if (mod === "pathlib" && ["Path", "PurePath", "PosixPath"].includes(name))
                        return obj("class:pathlib.Path");
                    // Type checkers see True; the running process, False.
                    if (mod === "typing" && name === "TYPE_CHECKING")
                        return { kind: "bool", value: false };
                    if (MODULES[mod]?.includes(name))
                        return obj(`fn:${mod}.${name}`);
                    return undefined;
                }
                if (ref === "obj:os.environ" && ["get", "setdefault", "__getitem__"].includes(name)) {
                    return method(`method:os.environ.${name}`, value);
                }
                if (ref === "obj:file" && name === "read")
                    return method("method:file.read", value);
                return undefined;
            }
            if (value.kind === "path") {
                if (name === "parent")
                    return { kind: "path", value: posix.dirname(value.value), origin: value.origin };
                if (name === "name")
                    return str(posix.basename(value.value), { origin: value.origin });
                if (["resolve", "absolute", "expanduser", "joinpath", "exists", "is_file", "read_text"].includes(name)) {
                    return method(`method:path.${name}`, value);
                }
                if (name === "parents")
                    return unknown("Path.parents is not modelled");
                return undefined;
            }
            if (value.kind === "str") {
                const methods = [
                    "lower",
                    "upper",
                    "strip",
                    "rstrip",
                    "lstrip",
                    "split",
                    "startswith",
                    "endswith",
                    "replace",
                    "format",
                    "join",
                    "casefold",
                    "title",
                ];
                return methods.includes(name) ? method(`method:str.${name}`, value) : undefined;
            }
            if (value.kind === "dict") {
                const methods = ["get", "update", "setdefault", "copy", "pop", "keys", "values", "items"];
                return methods.includes(name) ? method(`method:dict.${name}`, value) : undefined;
            }
            if (value.kind === "list") {
                const methods = ["append", "extend", "insert", "remove", "copy", "index", "pop"];
                return methods.includes(name) ? method(`method:list.${name}`, value) : undefined;
            }
            return undefined;
        },
        call(fn, args, ctx) {
            if (fn.ref === "op:getitem")
                return getItem(fn.self, args, env);
            if (fn.ref === "op:contains")
                return environContains(fn.self, args, env);
            if (fn.ref === "op:/")
                return pathJoinOp(fn.self, args.positional[0]);
            if (fn.ref.startsWith("op:"))
                return undefined;
            if (fn.ref === "fn:importlib.import_module" || fn.ref === "fn:builtins.__import__")
                return importByName(fn.ref === "fn:builtins.__import__", args, ctx);
            if (fn.ref.startsWith("fn:builtins."))
                return callBuiltin(fn.ref.slice(12), args);
            if (fn.ref.startsWith("fn:os."))
                return callOs(fn.ref.slice(6), args, env);
            if (fn.ref === "fn:copy.deepcopy" || fn.ref === "fn:copy.copy") {
                const [a] = args.positional;
                if (!a)
                    return unknown("copy() of nothing", { origin: args.origin });
                // A shallow copy shares the inner dicts, as Python's does.
                if (fn.ref === "fn:copy.deepcopy")
                    return cloneValue(a);
                return a.kind === "dict"
                    ? { ...a, entries: new Map(a.entries) }
                    : a.kind === "list"
                        ? { ...a, items: [...a.items] }
                        : a;
            }
            if (fn.ref === "class:pathlib.Path")
                return pathFrom(args);
            if (fn.ref.startsWith("method:"))
                return callMethod(fn.ref.slice(7), fn.self, args, env, ctx);
            return undefined;
        },
    };
}
/**
 * `"X" in os.environ`: true when X is supplied; otherwise the deployment decides, so the answer is unknown and
 * marked as an env read nobody supplied (an `if` on it forks).
 */
function environContains(self, args, env) {
    if (self.kind !== "object" || self.ref !== "obj:os.environ")
        return undefined;
    const key = args.positional[0];
    if (key?.kind !== "str")
        return unknown("`in os.environ` with a computed name", { origin: args.origin });
    const mark = {
        variable: key.value,
        reader: "in os.environ",
        hasDefault: false,
        origin: args.origin,
    };
    if (env.get(key.value) !== undefined)
        return { kind: "bool", value: true, origin: args.origin, env: { ...mark, supplied: true } };
    return unknown(`whether env var ${key.value} is set`, {
        origin: args.origin,
        env: { ...mark, supplied: false },
    });
}
/**
 * `importlib.import_module("a.b")` (also `(".b", package="a")`) and `__import__("a.b")` of a literal name are
 * imports; a computed name is unknown, and said so.
 */
function importByName(dunder, args, ctx) {
    const origin = args.origin;
    const [name] = args.positional;
    const label = dunder ? "__import__" : "importlib.import_module";
    const text = name?.kind === "str" && !(name.env && !name.env.supplied) ? name.value : undefined;
    if (text === undefined || !ctx.importByName) {
        ctx.diagnose(origin, `${label}() of a computed module name is not followed`);
        return unknown(`module imported by ${label}() with a computed name`, { origin });
    }
    let absolute = text;
    if (!dunder && text.startsWith(".")) {
        const pkg = args.positional[1] ?? args.keyword.get("package");
        const dots = /^\.+/.exec(text)?.[0].length ?? 0;
        const base = pkg?.kind === "str" ? pkg.value.split(".") : undefined;
        if (!base || dots - 1 >= base.length) {
            ctx.diagnose(origin, `${label}(${JSON.stringify(text)}) without a known package is not followed`);
            return unknown(`relative import ${text} without a known package`, { origin });
        }
        absolute = [...base.slice(0, base.length - (dots - 1)), text.slice(dots)].filter(Boolean).join(".");
    }
    // `__import__(name, globals(), locals(), ["*"])` with a fromlist returns the module itself.
    const fromlist = args.positional[3] ?? args.keyword.get("fromlist");
    const topLevel = dunder && !(fromlist && truthy(fromlist) !== false);
    return ctx.importByName(absolute, origin, topLevel);
}
function getItem(self, args, env) {
    if (self.kind !== "object" || self.ref !== "obj:os.environ")
        return undefined;
    const key = args.positional[0];
    if (key?.kind !== "str")
        return unknown("os.environ[…] with a computed name", { origin: args.origin });
    return readEnv(env, {
        variable: key.value,
        reader: "os.environ[]",
        origin: args.origin,
        fallback: undefined,
    });
}
function pathJoinOp(left, right) {
    if (left.kind !== "path")
        return undefined;
    const r = formatForString(right);
    if (r === undefined)
        return unknown(`path part is not known`, { env: right.env });
    return { kind: "path", value: posix.join(left.value, r), env: left.env ?? right.env };
}
function pathFrom(args) {
    const parts = args.positional.map(formatForString);
    if (parts.some((p) => p === undefined))
        return unknown("Path() of an unknown value", { origin: args.origin });
    const value = parts.length === 0 ? "." : posix.join(...parts);
    return { kind: "path", value, origin: args.origin, env: args.positional.find((p) => p.env)?.env };
}
function callBuiltin(name, args) {
    const [a] = args.positional;
    const origin = args.origin;
    switch (name) {
        case "bool": {
            if (!a)
                return { kind: "bool", value: false, origin };
            const t = truthy(a);
            return t === undefined
                ? unknown(`bool() of ${reason(a)}`, { origin, env: a.env })
                : { kind: "bool", value: t, origin, env: a.env };
        }
        case "int":
        case "float": {
            if (!a)
                return { kind: name, value: 0, origin };
            if (a.kind === "int" || a.kind === "float")
                return { kind: name, value: name === "int" ? Math.trunc(a.value) : a.value, origin, env: a.env };
            if (a.kind === "bool")
                return { kind: name, value: a.value ? 1 : 0, origin, env: a.env };
            if (a.kind === "str") {
                const n = Number(a.value.trim());
                if (a.value.trim() !== "" && Number.isFinite(n) && (name === "float" || Number.isInteger(n))) {
                    return { kind: name, value: n, origin, env: a.env };
                }
                return unknown(`${name}(${JSON.stringify(a.value)}) raises ValueError`, { origin, env: a.env });
            }
            return unknown(`${name}() of ${reason(a)}`, { origin, env: a?.env });
        }
        case "str": {
            if (!a)
                return str("", { origin });
            const s = formatForString(a);
            return s === undefined
                ? unknown(`str() of ${reason(a)}`, { origin, env: a.env })
                : str(s, { origin, env: a.env });
        }
        case "list":
        case "tuple":
        case "set": {
            if (!a)
                return { kind: name === "tuple" ? "tuple" : "list", items: [], origin };
            if (a.kind === "list" || a.kind === "tuple")
                return { kind: name === "tuple" ? "tuple" : "list", items: [...a.items], origin };
            return unknown(`${name}() of ${reason(a)}`, { origin });
        }
        case "dict": {
            const entries = new Map();
            const pairs = a && a.kind !== "dict" ? keyValuePairs(a) : undefined;
            if (a?.kind === "dict")
                for (const [k, v] of a.entries)
                    entries.set(k, v);
            else if (pairs)
                for (const [k, v] of pairs)
                    entries.set(k, v);
            else if (a)
                return unknown(`dict() of ${reason(a)}`, { origin });
            for (const [k, v] of args.keyword)
                entries.set(k, v);
            return { kind: "dict", entries, origin };
        }
        case "len":
            if (a?.kind === "str")
                return { kind: "int", value: a.value.length, origin };
            if (a?.kind === "list" || a?.kind === "tuple")
                return { kind: "int", value: a.items.length, origin };
            return unknown("len() of an unknown value", { origin });
        case "print":
            return { kind: "none", origin };
        case "range": {
            const nums = args.positional.map((x) => (x.kind === "int" ? x.value : undefined));
            if (nums.length === 0 || nums.length > 3 || nums.some((n) => n === undefined))
                return unknown("range() of unknown bounds", { origin });
            const [start, stop, step] = nums.length === 1 ? [0, nums[0], 1] : [nums[0], nums[1], nums[2] ?? 1];
            if (step === 0)
                return unknown("range() with step 0 raises ValueError", { origin });
            const count = Math.max(0, Math.ceil((stop - start) / step));
            if (count > MAX_BUILT_ITEMS)
                return unknown(`range() of ${count} items (limit ${MAX_BUILT_ITEMS})`, { origin });
            return {
                kind: "list",
                items: Array.from({ length: count }, (_, i) => ({
                    kind: "int",
                    value: start + i * step,
                    origin,
                })),
                origin,
            };
        }
        case "enumerate": {
            const items = itemsOf(a);
            if (!items)
                return unknown(`enumerate() of ${a ? reason(a) : "nothing"}`, { origin });
            return {
                kind: "list",
                items: items.map((x, i) => ({
                    kind: "tuple",
                    items: [{ kind: "int", value: i, origin }, x],
                    origin,
                })),
                origin,
            };
        }
        case "zip": {
            const lists = args.positional.map(itemsOf);
            if (lists.length === 0 || lists.some((l) => l === undefined))
                return unknown("zip() of something not known", { origin });
            const n = Math.min(...lists.map((l) => l.length));
            return {
                kind: "list",
                items: Array.from({ length: n }, (_, i) => ({
                    kind: "tuple",
                    items: lists.map((l) => l[i]),
                    origin,
                })),
                origin,
            };
        }
        case "reversed": {
            const items = itemsOf(a);
            return items
                ? { kind: "list", items: [...items].reverse(), origin }
                : unknown("reversed() of something not known", { origin });
        }
        case "sorted": {
            const items = itemsOf(a);
            if (!items || args.keyword.size > 0)
                return unknown("sorted() is evaluated only for plain strings or numbers", { origin });
            const keys = items.map((x) => x.kind === "str" || x.kind === "int" || x.kind === "float" ? x.value : undefined);
            if (keys.some((k) => k === undefined) || new Set(keys.map((k) => typeof k)).size > 1)
                return unknown("sorted() is evaluated only for plain strings or numbers", { origin });
            const order = items.map((x, i) => [keys[i], x]);
            order.sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0));
            return { kind: "list", items: order.map(([, x]) => x), origin };
        }
        case "open": {
            // Only its text is ever used here: exec(open(p).read()) runs that file of the tree.
            const mode = args.positional[1] ?? args.keyword.get("mode");
            if (!a || (mode && (mode.kind !== "str" || /[wax+]/.test(mode.value))))
                return unknown("open() is not evaluated", { origin });
            return obj("obj:file", { attrs: new Map([["path", a]]), origin });
        }
        case "compile": {
            const source = a;
            return source?.kind === "object" && source.ref === "obj:source"
                ? { ...source, origin }
                : unknown("compile() of code that is not a file's text", { origin });
        }
        default:
            return unknown(`${name}() is not evaluated`, { origin });
    }
}
/**
 * What Python expands at run time, on a machine the scan does not see: the home directory and the variables nobody
 * supplied stay named, as `/<home>` and `/<VAR>` at the head of a path (absolute, as they will be), so that no
 * reader takes the result for the literal `~` or `$VAR` libpq would be given without the call.
 */
function expandUser(path) {
    return path === "~" || path.startsWith("~/") ? `/<home>${path.slice(1)}` : path;
}
function expandVars(path, env) {
    return path.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_whole, braced, bare, offset) => {
        const name = (braced ?? bare);
        const value = env.get(name);
        if (value !== undefined)
            return value;
        return offset === 0 ? `/<${name}>` : `<${name}>`;
    });
}
function callOs(name, args, env) {
    const origin = args.origin;
    const [a, b] = args.positional;
    switch (name) {
        case "getenv": {
            if (a?.kind !== "str")
                return unknown("os.getenv with a computed name", { origin });
            const fallback = b ?? args.keyword.get("default") ?? { kind: "none", origin };
            return readEnv(env, { variable: a.value, reader: "os.getenv", origin, fallback });
        }
        case "path.join": {
            const parts = args.positional.map(formatForString);
            if (parts.some((p) => p === undefined))
                return unknown("os.path.join of an unknown part", { origin });
            return str(posix.join(...parts), {
                origin,
                env: args.positional.find((p) => p.env)?.env,
            });
        }
        case "path.expanduser":
        case "path.expandvars": {
            const s = formatForString(a);
            if (s === undefined)
                return unknown(`os.${name} of an unknown value`, { origin });
            return str(name === "path.expanduser" ? expandUser(s) : expandVars(s, env), { origin, env: a?.env });
        }
        case "path.dirname":
        case "path.abspath":
        case "path.realpath":
        case "path.normpath":
        case "path.basename": {
            const s = formatForString(a);
            if (s === undefined)
                return unknown(`os.${name} of an unknown value`, { origin });
            const out = name === "path.dirname"
                ? posix.dirname(s)
                : name === "path.basename"
                    ? posix.basename(s)
                    : posix.normalize(s);
            return str(out, { origin, env: a?.env });
        }
        case "path.exists":
        case "path.isfile":
            return unknown("file existence at run time is not known", { origin });
        case "getcwd":
            return unknown("the working directory at run time is not known", { origin });
        default:
            return undefined;
    }
}
function callMethod(name, self, args, env, ctx) {
    const origin = args.origin;
    const [a, b] = args.positional;
    if (name.startsWith("os.environ.")) {
        if (a?.kind !== "str")
            return unknown("os.environ read with a computed name", { origin });
        const op = name.slice(11);
        if (op === "__getitem__")
            return readEnv(env, { variable: a.value, reader: "os.environ[]", origin, fallback: undefined });
        const fallback = b ?? args.keyword.get("default") ?? (op === "get" ? { kind: "none", origin } : undefined);
        return readEnv(env, { variable: a.value, reader: `os.environ.${op}`, origin, fallback });
    }
    if (name === "file.read" && self.kind === "object")
        return obj("obj:source", { attrs: new Map(self.attrs ?? []), origin });
    if (name.startsWith("path.") && self.kind === "path") {
        const op = name.slice(5);
        if (op === "joinpath") {
            let p = self;
            for (const part of args.positional)
                p = pathJoinOp(p, part) ?? unknown("path part");
            return p;
        }
        if (op === "exists" || op === "is_file")
            return unknown("file existence at run time is not known", { origin });
        // Only ever the text of a file of the tree, for exec(Path(...).read_text()) to run.
        if (op === "read_text")
            return obj("obj:source", { attrs: new Map([["path", self]]), origin });
        return self;
    }
    if (name.startsWith("str.") && self.kind === "str")
        return strMethod(name.slice(4), self, args);
    if (name.startsWith("dict.") && self.kind === "dict")
        return dictMethod(name.slice(5), self, args, ctx);
    if (name.startsWith("list.") && self.kind === "list") {
        const op = name.slice(5);
        if (op === "append" && a)
            self.items.push(a);
        else if (op === "extend" && a && (a.kind === "list" || a.kind === "tuple")) {
            if (!extendBounded(self.items, a.items)) {
                ctx.diagnose(origin, "value too large to follow: list.extend() past the size limit");
                return unknown("list.extend() past the size limit", { origin });
            }
        }
        else if (op === "insert" && a?.kind === "int" && b)
            self.items.splice(a.value < 0 ? self.items.length + a.value : a.value, 0, b);
        else if (op === "copy")
            return { kind: "list", items: [...self.items], origin };
        else if (op === "remove" && a) {
            const i = self.items.findIndex((x) => formatForString(x) === formatForString(a));
            if (i >= 0)
                self.items.splice(i, 1);
        }
        else
            return unknown(`list.${op}() is not evaluated`, { origin });
        return { kind: "none", origin };
    }
    return undefined;
}
function strMethod(op, self, args) {
    const origin = args.origin;
    const keep = { origin, ...(self.env ? { env: self.env } : {}) };
    const [a, b] = args.positional;
    switch (op) {
        case "lower":
        case "casefold":
            return str(self.value.toLowerCase(), keep);
        case "upper":
            return str(self.value.toUpperCase(), keep);
        case "title":
            return str(self.value.replace(/\b\w/g, (c) => c.toUpperCase()), keep);
        case "strip":
        case "rstrip":
        case "lstrip": {
            if (a && a.kind !== "str")
                return unknown("strip() of unknown characters", keep);
            const chars = a?.kind === "str" ? a.value : " \t\n\r\f\v";
            let s = self.value;
            if (op !== "rstrip")
                while (s && chars.includes(s[0]))
                    s = s.slice(1);
            if (op !== "lstrip")
                while (s && chars.includes(s.at(-1)))
                    s = s.slice(0, -1);
            return str(s, keep);
        }
        case "split": {
            const parts = a?.kind === "str" ? self.value.split(a.value) : self.value.trim().split(/\s+/).filter(Boolean);
            return { kind: "list", items: parts.map((p) => str(p, keep)), ...keep };
        }
        case "startswith":
        case "endswith":
            if (a?.kind !== "str")
                return unknown(`${op}() of an unknown value`, keep);
            return {
                kind: "bool",
                value: op === "startswith" ? self.value.startsWith(a.value) : self.value.endsWith(a.value),
                ...keep,
            };
        case "replace":
            if (a?.kind !== "str" || b?.kind !== "str")
                return unknown("replace() of unknown values", keep);
            return str(self.value.split(a.value).join(b.value), keep);
        case "join": {
            if (a?.kind !== "list" && a?.kind !== "tuple")
                return unknown("join() of an unknown value", keep);
            const parts = a.items.map(formatForString);
            if (parts.some((p) => p === undefined))
                return unknown("join() of unknown parts", keep);
            return str(parts.join(self.value), keep);
        }
        case "format": {
            let i = 0;
            let failed = false;
            // As for f-strings: the parts chosen by env as `*`, so include()/exec() know which files it can name.
            let depends;
            const pick = (key) => key === ""
                ? args.positional[i++]
                : /^\d+$/.test(key)
                    ? args.positional[Number(key)]
                    : args.keyword.get(key);
            const pieces = self.value.split(/(\{[A-Za-z_0-9]*\})/).map((piece) => {
                const key = /^\{([A-Za-z_0-9]*)\}$/.exec(piece)?.[1];
                if (key === undefined)
                    return { text: piece, glob: piece };
                const v = pick(key);
                const s = formatForString(v);
                if (s === undefined)
                    failed = true;
                const open = s === undefined || (v?.env !== undefined && !v.env.supplied);
                if (open)
                    depends ??= v?.env ? `env var ${v.env.variable}` : `{${key}}`;
                return { text: s ?? "", glob: open ? "*" : (s ?? "") };
            });
            const out = pieces.map((p) => p.text).join("");
            const glob = pieces.map((p) => p.glob).join("");
            // A value read from env keeps its mark through formatting, as with % and f-strings.
            const env = self.env ?? [...args.positional, ...args.keyword.values()].find((a) => a.env)?.env;
            const marked = {
                ...keep,
                ...(env ? { env } : {}),
                ...(depends && /[^*/]/.test(glob) ? { meta: { pathShape: { glob, depends } } } : {}),
            };
            return failed ? unknown("format() of unknown values", marked) : str(out, marked);
        }
        default:
            return unknown(`str.${op}() is not evaluated`, keep);
    }
}
function dictMethod(op, self, args, ctx) {
    const origin = args.origin;
    const [a, b] = args.positional;
    const key = a?.kind === "str" ? a.value : undefined;
    switch (op) {
        case "get":
            if (key === undefined)
                return unknown("dict.get with a computed key", { origin });
            return (self.entries.get(key) ??
                (self.open ? unknown(self.open, { origin }) : (b ?? { kind: "none", origin })));
        case "setdefault": {
            if (key === undefined)
                return unknown("dict.setdefault with a computed key", { origin });
            const existing = self.entries.get(key) ?? (self.open ? unknown(self.open, { origin }) : undefined);
            if (existing)
                return existing;
            const value = b ?? { kind: "none", origin };
            self.entries.set(key, value);
            return value;
        }
        case "update": {
            const pairs = a && a.kind !== "dict" ? keyValuePairs(a) : undefined;
            if (a && a.kind === "dict") {
                if (a.open)
                    openDict(self, a.open);
                for (const [k, v] of a.entries)
                    self.entries.set(k, v);
            }
            else if (pairs)
                for (const [k, v] of pairs)
                    self.entries.set(k, v);
            else if (a && self.meta?.namespace)
                ctx.diagnose(origin, `globals().update() with ${reason(a)} is not followed: settings it may set are unknown`);
            else if (a) {
                ctx.diagnose(origin, `dict.update() with ${reason(a)} is not followed`);
                openDict(self, `updated with ${reason(a)}`);
            }
            for (const [k, v] of args.keyword)
                self.entries.set(k, v);
            return { kind: "none", origin };
        }
        case "pop": {
            if (key === undefined)
                return unknown("dict.pop with a computed key", { origin });
            const v = self.entries.get(key);
            self.entries.delete(key);
            return (v ?? (self.open ? unknown(self.open, { origin }) : (b ?? unknown(`KeyError ${key}`, { origin }))));
        }
        case "copy":
            return {
                kind: "dict",
                entries: new Map(self.entries),
                origin,
                ...(self.open ? { open: self.open } : {}),
            };
        case "keys":
            return { kind: "list", items: [...self.entries.keys()].map((k) => str(k)), origin };
        case "values":
            // The values themselves, not copies: `for db in DATABASES.values(): db["OPTIONS"] = …` changes DATABASES.
            return { kind: "list", items: [...self.entries.values()], origin };
        case "items":
            return {
                kind: "list",
                items: [...self.entries].map(([k, v]) => ({ kind: "tuple", items: [str(k, { origin }), v], origin })),
                origin,
            };
        default:
            return unknown(`dict.${op}() is not evaluated`, { origin });
    }
}
/** `[("k", v), …]` as dict() and dict.update() take it; undefined unless every key is a known string. */
function keyValuePairs(v) {
    if (v.kind !== "list" && v.kind !== "tuple")
        return undefined;
    const out = [];
    for (const item of v.items) {
        if (item.kind !== "list" && item.kind !== "tuple")
            return undefined;
        const [k, x] = item.items;
        if (item.items.length !== 2 || k?.kind !== "str" || !x)
            return undefined;
        out.push([k.value, x]);
    }
    return out;
}
function reason(v) {
    return v.kind === "unknown" ? v.reason : `a ${v.kind}`;
}
//# sourceMappingURL=builtins.js.map