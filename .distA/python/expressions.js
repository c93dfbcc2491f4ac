/**
 * Expressions of the abstract interpreter (see interpreter.ts): names, literals, strings, dicts, subscripts,
 * comparisons, comprehensions, operators, attribute lookup and the dispatch of calls (library models, project
 * functions, setattr).
 */
import { ENVIRON_WRITE } from "./env.js";
import { joinValues } from "./join.js";
import { PROJECT_ROOT_MARK } from "./machine.js";
import { classAttribute, dictKey, formatForString, functionMeta, isProjectFunction, iterationItems, moduleNs, oneLine, reasonOf, } from "./machine-helpers.js";
import { describe, extendBounded, MAX_ITEMS, str, tooLarge, truthy, unknown, } from "./value.js";
/** Items one comprehension may produce before its value is unknown, "too large". */
const MAX_COMPREHENSION_ITEMS = 10_000;
function placeholderIn(m, text) {
    if (!m.opts.placeholders || !text.includes("__ww_tpl_"))
        return undefined;
    for (const match of text.matchAll(/__ww_tpl_\d+_*/g)) {
        const tag = m.opts.placeholders.get(match[0]);
        if (tag)
            return tag;
    }
    return undefined;
}
export function evaluate(m, node, sc) {
    m.tick(node);
    m.depth += 1;
    try {
        const v = evaluateInner(m, node, sc);
        const big = tooLarge(v);
        if (big)
            return tooLargeValue(m, node, big);
        return v.origin ? v : { ...v, origin: m.origin(node) };
    }
    catch (e) {
        // A string past the engine's own limit (`Invalid string length`) and the like: unknown, not a crash.
        if (e instanceof RangeError)
            return tooLargeValue(m, node, e.message);
        throw e;
    }
    finally {
        m.depth -= 1;
    }
}
/** An unknown value in place of one too large to keep, with a WW000 saying where. */
export function tooLargeValue(m, node, what) {
    const origin = m.origin(node);
    m.diagnose(origin, `value too large to follow: ${what}`);
    return unknown(`too large to follow (${what})`, { origin });
}
function evaluateInner(m, node, sc) {
    const origin = m.origin(node);
    switch (node.type) {
        case "string":
            return evalString(m, node, sc);
        case "concatenated_string": {
            const parts = node.namedChildren.filter((n) => n !== null).map((n) => evaluate(m, n, sc));
            return parts.reduce((a, b) => binary(m, "+", a, b, node));
        }
        case "integer": {
            const n = Number(node.text.replace(/_/g, "").replace(/[lL]$/, ""));
            return Number.isFinite(n)
                ? { kind: "int", value: n, origin }
                : unknown("integer too large", { origin });
        }
        case "float":
            return { kind: "float", value: Number(node.text.replace(/_/g, "")), origin };
        case "true":
            return { kind: "bool", value: true, origin };
        case "false":
            return { kind: "bool", value: false, origin };
        case "none":
            return { kind: "none", origin };
        case "identifier":
            return lookup(m, node.text, sc, origin);
        case "parenthesized_expression": {
            const inner = node.namedChildren[0];
            return inner ? evaluate(m, inner, sc) : { kind: "tuple", items: [], origin };
        }
        case "dictionary":
            if (node.namedChildCount > MAX_ITEMS)
                return tooLargeValue(m, node, `a dict literal of ${node.namedChildCount} entries`);
            return evalDict(m, node, sc);
        case "list":
        case "set":
        case "tuple":
        case "expression_list": {
            // Not built item by item only to be dropped: a literal past the limit is too large as written.
            if (node.namedChildCount > MAX_ITEMS)
                return tooLargeValue(m, node, `a ${node.type} literal of ${node.namedChildCount} items`);
            const items = [];
            for (const child of node.namedChildren) {
                if (!child || child.type === "comment")
                    continue;
                if (child.type === "list_splat") {
                    const inner = evaluate(m, child.namedChildren[0], sc);
                    if (inner.kind === "list" || inner.kind === "tuple") {
                        if (!extendBounded(items, inner.items))
                            return tooLargeValue(m, node, `a ${node.type} of more than ${items.length} items`);
                    }
                    else
                        items.push(unknown(`cannot expand ${child.text}`, { origin: m.origin(child) }));
                }
                else
                    items.push(evaluate(m, child, sc));
            }
            return {
                kind: node.type === "tuple" || node.type === "expression_list" ? "tuple" : "list",
                items,
                origin,
            };
        }
        case "attribute": {
            const obj = evaluate(m, node.childForFieldName("object"), sc);
            const name = node.childForFieldName("attribute")?.text ?? "";
            const v = getAttr(m, obj, name, node);
            if (obj.kind !== "object" || !obj.ref.startsWith("class:") || !isProjectFunction(v))
                return v;
            // A settings class stands for its instance too: `self.X` runs a property, `cls.f` binds `cls`.
            const decorators = functionMeta(v)?.decorators ?? [];
            if (decorators.includes("property"))
                return m.callProject({ ...v, self: obj }, { positional: [], keyword: new Map(), origin }, sc);
            return decorators.includes("staticmethod") ? v : { ...v, self: obj };
        }
        case "subscript":
            return evalSubscript(m, node, sc);
        case "call":
            return evalCall(m, node, sc);
        case "binary_operator": {
            const left = evaluate(m, node.childForFieldName("left"), sc);
            const right = evaluate(m, node.childForFieldName("right"), sc);
            return binary(m, node.childForFieldName("operator")?.text ?? "?", left, right, node);
        }
        case "boolean_operator": {
            const left = evaluate(m, node.childForFieldName("left"), sc);
            const op = node.childForFieldName("operator")?.text;
            const lt = truthy(left);
            if (lt === undefined) {
                const right = evaluate(m, node.childForFieldName("right"), sc);
                return unknown(`depends on ${oneLine(node.text)}`, { origin, env: left.env ?? right.env });
            }
            // Python returns the deciding operand itself; keep env marks from the left side.
            if ((op === "or" && lt) || (op === "and" && !lt))
                return left;
            const right = evaluate(m, node.childForFieldName("right"), sc);
            return left.env && !right.env ? { ...right, env: left.env } : right;
        }
        case "not_operator": {
            const v = evaluate(m, node.childForFieldName("argument"), sc);
            const t = truthy(v);
            return t === undefined
                ? unknown(`depends on ${oneLine(node.text)}`, { origin, env: v.env })
                : { kind: "bool", value: !t, origin, env: v.env };
        }
        case "comparison_operator":
            return evalComparison(m, node, sc);
        case "conditional_expression": {
            const [a, cond, b] = node.namedChildren;
            const c = evaluate(m, cond, sc);
            const t = truthy(c);
            if (t === true)
                return withEnv(evaluate(m, a, sc), c);
            if (t === false)
                return withEnv(evaluate(m, b, sc), c);
            // Both ways: what they agree on is known, the rest is unknown naming the condition.
            const joined = joinValues([evaluate(m, a, sc), evaluate(m, b, sc)], {
                why: `depending on ${oneLine(cond?.text ?? "")}`,
                origin,
            });
            return joined ?? unknown(`depends on ${oneLine(cond?.text ?? "")}`, { origin, env: c.env });
        }
        case "unary_operator": {
            const v = evaluate(m, node.childForFieldName("argument"), sc);
            const op = node.childForFieldName("operator")?.text;
            if ((v.kind === "int" || v.kind === "float") && op === "-")
                return { ...v, value: -v.value, origin };
            if ((v.kind === "int" || v.kind === "float") && op === "+")
                return v;
            return unknown(`cannot compute ${oneLine(node.text)}`, { origin, env: v.env });
        }
        case "assignment": {
            // `a = b = value`: evaluate the right-most value, bind inner targets.
            const right = node.childForFieldName("right");
            const value = evaluate(m, right, sc);
            const left = node.childForFieldName("left");
            if (left)
                m.assign(left, value, sc);
            return value;
        }
        case "named_expression": {
            const value = evaluate(m, node.childForFieldName("value"), sc);
            const name = node.childForFieldName("name")?.text;
            if (name)
                sc.ns.set(name, value);
            return value;
        }
        case "lambda":
            return m.functionValue(node, "<lambda>", sc, []);
        case "list_comprehension":
        case "dictionary_comprehension":
        case "set_comprehension":
        case "generator_expression":
            return evalComprehension(m, node, sc);
        case "await":
        case "yield":
            return unknown(`${node.type} is not evaluated`, { origin });
        default:
            return unknown(`cannot evaluate ${node.type}`, { origin });
    }
}
export function lookup(m, name, sc, origin) {
    let v = sc.ns.get(name);
    for (let s = sc.enclosing; !v && s; s = s.enclosing)
        v = s.ns.get(name) ?? s.globals?.get(name);
    v ??= sc.globals?.get(name);
    if (v)
        return v;
    if (name === "__file__")
        return str(`${PROJECT_ROOT_MARK}/${m.opts.dunderFile ?? m.file}`, { origin });
    if (name === "__name__")
        return str(m.opts.module, { origin });
    const tag = m.opts.placeholders?.get(name);
    if (tag)
        return unknown(`template placeholder ${tag}`, { origin });
    for (const lib of m.opts.libraries) {
        const b = lib.importModule(`builtins.${name}`);
        if (b)
            return b;
    }
    return m.fromUnseenNames(name, sc, origin) ?? unknown(`name ${name} is not defined here`, { origin });
}
/**
 * `Registry(symbols=globals())`, `load_settings(locals())`: code the scan does not follow now holds the module's
 * namespace and may set any setting in it, then or later. What was bound so far is no longer known.
 */
function handsOverNamespace(m, fnNode, args, sc, origin) {
    const all = [...args.positional, ...args.keyword.values()];
    // `Settings.load_settings(__name__)`: it can reach this module through sys.modules and set any name on it.
    if (all.some((a) => a.kind === "str" && a.value === m.opts.module && a.value !== "__main__")) {
        const what = oneLine(fnNode.text).slice(0, 80);
        m.diagnose(origin, `${what}() is given this module's name and is not followed: it may set any setting`);
        m.markUnseenNames({ ...sc, ns: moduleNs(sc) }, `may be set by ${what}() (line ${origin.line})`, origin);
    }
    if (!all.some((a) => a.kind === "dict" && a.meta?.namespace === true))
        return;
    forgetSettings(m, sc, `${oneLine(fnNode.text)}() is given the module's globals() (or locals()) and is not followed: any setting may be set by it`, origin);
}
/**
 * A library that rewrites the module's settings at import from sources outside the tree (dynaconf's
 * DjangoDynaconf): every upper-case setting bound so far may be replaced, so none is known any more.
 */
function forgetSettings(m, sc, why, origin) {
    m.diagnose(origin, why);
    const ns = moduleNs(sc);
    for (const name of [...ns.keys()])
        if (/^[A-Z][A-Z0-9_]*$/.test(name))
            ns.set(name, unknown(why, { origin }));
}
/** A comprehension over known items, up to MAX_COMPREHENSION_ITEMS; otherwise unknown, saying why. */
function evalComprehension(m, node, sc) {
    const origin = m.origin(node);
    const text = oneLine(node.text).slice(0, 60);
    const body = node.childForFieldName("body") ?? node.namedChildren[0];
    const clauses = node.namedChildren.filter((c) => c?.type === "for_in_clause" || c?.type === "if_clause");
    if (!body || clauses[0]?.type !== "for_in_clause")
        return unknown(`a comprehension (${text}) is not understood`, { origin });
    const scope = { ns: new Map(), conditions: sc.conditions, enclosing: sc };
    if (sc.globals)
        scope.globals = sc.globals;
    const produced = [];
    const walk = (i) => {
        const clause = clauses[i];
        if (!clause) {
            if (produced.length >= MAX_COMPREHENSION_ITEMS)
                return `more than ${MAX_COMPREHENSION_ITEMS} items`;
            if (body.type === "pair") {
                const key = evaluate(m, body.childForFieldName("key"), scope);
                const value = evaluate(m, body.childForFieldName("value"), scope);
                produced.push({ kind: "tuple", items: [key, value], origin });
            }
            else
                produced.push(evaluate(m, body, scope));
            return undefined;
        }
        if (clause.type === "if_clause") {
            const cond = clause.namedChildren[0];
            const v = cond ? evaluate(m, cond, scope) : undefined;
            const keep = v ? m.decide(v) : undefined;
            if (keep === undefined)
                return `its filter ${oneLine(cond?.text ?? "")} is not known for every item`;
            return keep ? walk(i + 1) : undefined;
        }
        const iterable = evaluate(m, clause.childForFieldName("right"), scope);
        const items = iterationItems(iterable);
        if (!items)
            return `it iterates over ${reasonOf(iterable)}`;
        const left = clause.childForFieldName("left");
        for (const item of items) {
            m.assign(left, item, scope);
            const why = walk(i + 1);
            if (why)
                return why;
        }
        return undefined;
    };
    const why = walk(0);
    if (why)
        return unknown(`a comprehension (${text}): ${why}`, { origin });
    if (node.type !== "dictionary_comprehension")
        return { kind: node.type === "generator_expression" ? "tuple" : "list", items: produced, origin };
    const entries = new Map();
    for (const pair of produced) {
        const [k, v] = pair.kind === "tuple" ? pair.items : [];
        const key = dictKey(k);
        if (key === undefined || !v)
            return unknown(`a comprehension (${text}): key ${describe(k)} is not a known string`, { origin });
        entries.set(key, v);
    }
    return { kind: "dict", entries, origin };
}
function evalString(m, node, sc) {
    const origin = m.origin(node);
    const start = node.namedChildren.find((c) => c?.type === "string_start")?.text ?? '"';
    const prefix = start.replace(/['"]+$/, "").toLowerCase();
    const raw = prefix.includes("r");
    const isBytes = prefix.includes("b");
    let text = "";
    let env;
    // The string with its env-chosen parts as `*` (`f"stages/{STAGE}.py"` → `stages/*.py`), for include() and
    // exec() to know which files it can name even when it is unknown.
    let shape = "";
    let depends;
    let missing;
    for (const part of node.namedChildren) {
        if (!part)
            continue;
        if (part.type === "string_content") {
            const content = raw ? part.text : unescapePython(part.text);
            // In an f-string `{{` and `}}` are the braces themselves.
            const t = prefix.includes("f") ? content.replace(/\{\{/g, "{").replace(/\}\}/g, "}") : content;
            text += t;
            shape += t;
        }
        else if (part.type === "escape_sequence") {
            const t = raw ? part.text : unescapePython(part.text);
            text += t;
            shape += t;
        }
        else if (part.type === "interpolation") {
            const expr = part.childForFieldName("expression");
            const v = expr ? evaluate(m, expr, sc) : unknown("empty interpolation");
            env ??= v.env;
            const s = formatForString(v);
            if (s === undefined || (v.env && !v.env.supplied)) {
                shape += "*";
                depends ??= v.env ? `env var ${v.env.variable}` : oneLine(expr?.text ?? "");
            }
            else
                shape += s;
            if (s === undefined) {
                missing ??= unknown(`f-string part {${oneLine(expr?.text ?? "")}} is ${reasonOf(v)}`, {
                    origin,
                    env: v.env,
                });
            }
            else
                text += s;
        }
    }
    const pathShape = depends && /[^*/]/.test(shape) ? { meta: { pathShape: { glob: shape, depends } } } : {};
    if (missing)
        return { ...missing, ...pathShape };
    if (isBytes)
        return unknown("bytes literal", { origin });
    const placeholder = placeholderIn(m, text) ?? placeholderInString(text);
    if (placeholder)
        return unknown(`template placeholder ${placeholder}`, { origin });
    return { kind: "str", value: text, origin, ...(env ? { env } : {}), ...pathShape };
}
function evalDict(m, node, sc) {
    const entries = new Map();
    let open;
    const origin = m.origin(node);
    for (const child of node.namedChildren) {
        if (!child || child.type === "comment")
            continue;
        if (child.type === "pair") {
            const key = evaluate(m, child.childForFieldName("key"), sc);
            const value = evaluate(m, child.childForFieldName("value"), sc);
            const k = dictKey(key);
            if (k !== undefined)
                entries.set(k, value);
            else
                m.diagnose(m.origin(child), `dict key ${oneLine(child.childForFieldName("key")?.text ?? "")} is not a known string`);
        }
        else if (child.type === "dictionary_splat") {
            const inner = evaluate(m, child.namedChildren[0], sc);
            if (inner.kind === "dict") {
                if (inner.open) {
                    entries.clear();
                    open = inner.open;
                }
                for (const [k, v] of inner.entries)
                    entries.set(k, v);
            }
            else {
                const why = `cannot expand ${oneLine(child.text)}: ${reasonOf(inner)}`;
                m.diagnose(m.origin(child), why);
                // Its keys replace any written before it: those are no longer known.
                entries.clear();
                open = why;
            }
        }
    }
    return { kind: "dict", entries, origin, ...(open ? { open } : {}) };
}
function evalSubscript(m, node, sc) {
    const obj = evaluate(m, node.childForFieldName("value"), sc);
    const keyNode = node.childForFieldName("subscript");
    const origin = m.origin(node);
    if (!keyNode)
        return unknown("empty subscript", { origin });
    if (node.childForFieldName("value")?.text === "sys.modules") {
        // `sys.modules[__name__]`: this module, whose attributes are its settings.
        const key = evaluate(m, keyNode, sc);
        if (key.kind === "str" && key.value === m.opts.module)
            return {
                kind: "object",
                ref: `module:${m.opts.module}`,
                attrs: m.callStack.length > 0 && m.callerNs ? m.callerNs : moduleNs(sc),
                origin,
                meta: { namespace: true },
            };
    }
    if (keyNode.type === "slice")
        return unknown(`slice ${oneLine(node.text)} is not evaluated`, { origin, env: obj.env });
    const key = evaluate(m, keyNode, sc);
    const modelled = libraryOp(m, "getitem", obj, key, origin);
    if (modelled)
        return modelled;
    if (obj.kind === "dict") {
        const k = dictKey(key);
        if (k === undefined)
            return unknown(`key ${oneLine(keyNode.text)} is ${reasonOf(key)}`, { origin });
        return (obj.entries.get(k) ??
            (obj.open ? unknown(obj.open, { origin }) : undefined) ??
            unknown(`no key ${JSON.stringify(k)} in ${oneLine(node.childForFieldName("value")?.text ?? "dict")}`, {
                origin,
            }));
    }
    if ((obj.kind === "list" || obj.kind === "tuple") && key.kind === "int") {
        const i = key.value < 0 ? obj.items.length + key.value : key.value;
        return obj.items[i] ?? unknown(`index ${key.value} out of range`, { origin });
    }
    if (obj.kind === "str" && key.kind === "int") {
        const ch = obj.value.at(key.value);
        return ch === undefined ? unknown("index out of range", { origin }) : str(ch, { origin, env: obj.env });
    }
    return unknown(`${oneLine(node.text)} is ${reasonOf(obj)}`, { origin, env: obj.env });
}
function evalCall(m, node, sc) {
    const fnNode = node.childForFieldName("function");
    const origin = m.origin(node);
    const builtin = fnNode.type === "identifier" && !isBound(fnNode.text, sc) ? fnNode.text : undefined;
    if (builtin === "globals" || builtin === "locals") {
        // The namespace itself, not a copy: `globals().update({...})` and `globals()["X"] = …` set settings.
        const ns = builtin === "globals" ? moduleNs(sc) : sc.ns;
        return { kind: "dict", entries: ns, origin, meta: { namespace: true } };
    }
    const fn = evaluate(m, fnNode, sc);
    const args = { positional: [], keyword: new Map(), origin };
    const argList = node.childForFieldName("arguments");
    if (argList?.type === "generator_expression")
        args.positional.push(evaluate(m, argList, sc));
    else {
        for (const a of argList?.namedChildren ?? []) {
            if (!a || a.type === "comment")
                continue;
            if (a.type === "keyword_argument") {
                const name = a.childForFieldName("name")?.text ?? "";
                args.keyword.set(name, evaluate(m, a.childForFieldName("value"), sc));
            }
            else if (a.type === "list_splat") {
                const inner = evaluate(m, a.namedChildren[0], sc);
                if (inner.kind === "list" || inner.kind === "tuple") {
                    if (!extendBounded(args.positional, inner.items))
                        return tooLargeValue(m, node, `a call with more than ${args.positional.length} arguments`);
                }
                else
                    return unknown(`call ${oneLine(fnNode.text)}(*…) with unknown arguments`, { origin });
            }
            else if (a.type === "dictionary_splat") {
                const inner = evaluate(m, a.namedChildren[0], sc);
                if (inner.kind === "dict")
                    for (const [k, v] of inner.entries)
                        args.keyword.set(k, v);
                else
                    return unknown(`call ${oneLine(fnNode.text)}(**…) with unknown arguments`, { origin });
            }
            else
                args.positional.push(evaluate(m, a, sc));
        }
    }
    if (builtin === "setattr")
        return setattr(m, node, args, sc);
    if (fn.kind === "object") {
        const [name, value] = args.positional;
        const written = name?.kind === "str" ? `${ENVIRON_WRITE}${name.value}` : undefined;
        if (fn.ref === "method:os.environ.setdefault" && written && value && !moduleNs(sc).has(written)) {
            moduleNs(sc).set(written, { ...value, via: "setdefault" });
        }
        for (const lib of m.opts.libraries) {
            const r = lib.call(fn, args, m);
            if (!r)
                continue;
            const overrides = r.meta?.overridesSettings;
            if (typeof overrides === "string")
                forgetSettings(m, sc, overrides, origin);
            return r.origin ? r : { ...r, origin };
        }
        if (fn.ref.startsWith("function:"))
            return m.callProject(fn, args, sc);
        handsOverNamespace(m, fnNode, args, sc, origin);
        return unknown(`value computed by ${oneLine(fnNode.text)}()`, { origin });
    }
    handsOverNamespace(m, fnNode, args, sc, origin);
    return unknown(`value computed by ${oneLine(fnNode.text)}(): ${reasonOf(fn)}`, { origin, env: fn.env });
}
function isBound(name, sc) {
    if (sc.ns.has(name) || sc.globals?.has(name))
        return true;
    for (let s = sc.enclosing; s; s = s.enclosing)
        if (s.ns.has(name) || s.globals?.has(name))
            return true;
    return false;
}
/** `setattr(obj, "NAME", value)` on this module or a settings class sets a setting; anything else is reported. */
function setattr(m, node, args, sc) {
    const [target, name, value] = args.positional;
    const origin = args.origin;
    const text = oneLine(node.text).slice(0, 80);
    if (!target || !value)
        return unknown(`${text} is not understood`, { origin });
    if (name?.kind !== "str") {
        const why = `${text}: the name it sets is not known, so settings it may set are not followed`;
        m.diagnose(origin, why);
        // On this module (or on something unknown, which may be it): any setting, DATABASES too, may be set.
        if (target.kind === "unknown" || (target.kind === "object" && target.ref === `module:${m.opts.module}`))
            m.markUnseenNames({ ...sc, ns: moduleNs(sc) }, `may be set by ${text} (line ${origin.line})`, origin);
        return { kind: "none", origin };
    }
    if (target.kind === "object" && target.attrs && (target.ref.startsWith("class:") || target.meta?.namespace))
        target.attrs.set(name.value, value);
    else if (target.kind === "object" && target.ref === `module:${m.opts.module}`)
        moduleNs(sc).set(name.value, value);
    else if (/^[A-Z][A-Z0-9_]*$/.test(name.value))
        m.diagnose(origin, `${text}: setting ${name.value} on ${reasonOf(target)} is not followed`);
    return { kind: "none", origin };
}
export function getAttr(m, obj, name, node) {
    const origin = m.origin(node);
    for (const lib of m.opts.libraries) {
        const r = lib.getAttr(obj, name, m);
        if (r)
            return r;
    }
    if (obj.kind === "object") {
        const found = classAttribute(obj, name);
        if (found)
            return found;
    }
    // `import a.b` binds `a`; `a.b` is then the submodule (a project package's attrs are its own names only).
    if (obj.kind === "object" && obj.attrs && obj.ref.startsWith("module:")) {
        const sub = `${obj.ref.slice(7)}.${name}`;
        const answer = m.opts.importModule({ module: sub, origin });
        if (answer.scenarios)
            return m.moduleValueAt(sub, answer, origin);
    }
    if (obj.kind === "unknown")
        return unknown(obj.reason, { origin, env: obj.env });
    return unknown(`attribute ${name} of ${describe(obj).slice(0, 60)} is not modelled`, { origin });
}
function evalComparison(m, node, sc) {
    const origin = m.origin(node);
    const operands = node.namedChildren.filter((n) => n !== null).map((n) => evaluate(m, n, sc));
    const operators = node.childrenForFieldName("operators").map((o) => o?.text ?? "");
    let env;
    let result = true;
    for (let i = 0; i < operators.length; i++) {
        const a = operands[i];
        const b = operands[i + 1];
        env ??= a.env ?? b.env;
        const op = operators[i];
        const membership = op === "in" || op === "not in" ? libraryContains(m, b, a, origin) : undefined;
        if (membership && membership.kind !== "bool")
            return unknown(`depends on ${oneLine(node.text)}`, { origin, env: membership.env ?? env });
        if (membership?.kind === "bool")
            env ??= membership.env;
        const r = membership?.kind === "bool" ? membership.value === (op === "in") : compare(op, a, b);
        if (r === undefined)
            return unknown(`depends on ${oneLine(node.text)}`, { origin, env });
        result &&= r;
    }
    return { kind: "bool", value: result, origin, ...(env ? { env } : {}) };
}
/** `x in container` for containers a library models (`"DATABASE_URL" in os.environ`). */
function libraryContains(m, container, item, origin) {
    return container.kind === "object" ? libraryOp(m, "contains", container, item, origin) : undefined;
}
/** An operator on a value a library models (`os.environ[...]`, `Path / "x"`, `"X" in os.environ`), if one does. */
function libraryOp(m, op, self, arg, origin) {
    for (const lib of m.opts.libraries) {
        const r = lib.call({ kind: "object", ref: `op:${op}`, self }, { positional: [arg], keyword: new Map(), origin }, m);
        if (r)
            return r;
    }
    return undefined;
}
export function binary(m, op, a, b, node) {
    const origin = m.origin(node);
    const env = a.env ?? b.env;
    const modelled = libraryOp(m, op, a, b, origin);
    if (modelled)
        return modelled;
    if (op === "+") {
        if (a.kind === "str" && b.kind === "str")
            return { kind: "str", value: a.value + b.value, origin, ...(env ? { env } : {}) };
        if ((a.kind === "int" || a.kind === "float") && (b.kind === "int" || b.kind === "float")) {
            return {
                kind: a.kind === "float" || b.kind === "float" ? "float" : "int",
                value: a.value + b.value,
                origin,
            };
        }
        if ((a.kind === "list" && b.kind === "list") || (a.kind === "tuple" && b.kind === "tuple")) {
            return { kind: a.kind, items: [...a.items, ...b.items], origin };
        }
    }
    if (op === "|" && a.kind === "dict" && b.kind === "dict") {
        // b's unknown keys may replace any of a's.
        const open = b.open ?? a.open;
        return {
            kind: "dict",
            entries: new Map([...(b.open ? [] : a.entries), ...b.entries]),
            origin,
            ...(open ? { open } : {}),
        };
    }
    if (op === "*" && (a.kind === "int" || a.kind === "float") && (b.kind === "int" || b.kind === "float")) {
        return {
            kind: a.kind === "float" || b.kind === "float" ? "float" : "int",
            value: a.value * b.value,
            origin,
        };
    }
    if (op === "%" && a.kind === "str") {
        const items = b.kind === "tuple" ? b.items : [b];
        let i = 0;
        let failed = false;
        const out = a.value.replace(/%[sdr%]/g, (m) => {
            if (m === "%%")
                return "%";
            const s = formatForString(items[i++]);
            if (s === undefined)
                failed = true;
            return s ?? "";
        });
        if (!failed)
            return { kind: "str", value: out, origin, ...(env ? { env } : {}) };
    }
    const why = a.kind === "unknown" ? a.reason : b.kind === "unknown" ? b.reason : `${a.kind} ${op} ${b.kind}`;
    return unknown(why, { origin, env });
}
/**
 * A `{{ … }}` placeholder in a string literal (`'{{ db_host }}'`, consul-template's `'{{ key "db/host" }}'`): no
 * settings value is that text, it is filled in at deploy time, so the value is unknown. (An f-string's `{{x}}` is
 * already `{x}` here.)
 */
const STRING_PLACEHOLDER = /\{\{-?[ \t]*[^{}\s][^{}\n]*?-?\}\}/;
function placeholderInString(text) {
    return STRING_PLACEHOLDER.exec(text)?.[0];
}
function withEnv(v, from) {
    return from.env && !v.env ? { ...v, env: from.env } : v;
}
function compare(op, a, b) {
    const eq = (x, y) => {
        if (x.kind === "unknown" || y.kind === "unknown")
            return undefined;
        const xs = scalar(x);
        const ys = scalar(y);
        if (xs === undefined || ys === undefined)
            return x.kind === "none" && y.kind === "none" ? true : undefined;
        return xs === ys;
    };
    const contains = (hay, needle) => {
        if (hay.kind === "list" || hay.kind === "tuple") {
            let unsure = false;
            for (const item of hay.items) {
                const r = eq(item, needle);
                if (r === true)
                    return true;
                if (r === undefined)
                    unsure = true;
            }
            return unsure ? undefined : false;
        }
        if (hay.kind === "dict") {
            const k = needle.kind === "str" ? needle.value : undefined;
            return k === undefined ? undefined : hay.entries.has(k);
        }
        if (hay.kind === "str" && needle.kind === "str")
            return hay.value.includes(needle.value);
        return undefined;
    };
    switch (op) {
        case "==":
            return eq(a, b);
        case "!=": {
            const r = eq(a, b);
            return r === undefined ? undefined : !r;
        }
        case "in":
            return contains(b, a);
        case "not in": {
            const r = contains(b, a);
            return r === undefined ? undefined : !r;
        }
        case "is":
            if (a.kind === "unknown" || b.kind === "unknown")
                return undefined;
            if (b.kind === "none")
                return a.kind === "none";
            if (b.kind === "bool" && a.kind === "bool")
                return a.value === b.value;
            return undefined;
        case "is not": {
            const r = compare("is", a, b);
            return r === undefined ? undefined : !r;
        }
        case "<":
        case ">":
        case "<=":
        case ">=": {
            if ((a.kind === "int" || a.kind === "float") && (b.kind === "int" || b.kind === "float")) {
                return op === "<"
                    ? a.value < b.value
                    : op === ">"
                        ? a.value > b.value
                        : op === "<="
                            ? a.value <= b.value
                            : a.value >= b.value;
            }
            return undefined;
        }
        default:
            return undefined;
    }
}
function scalar(v) {
    switch (v.kind) {
        case "str":
        case "path":
            return v.value;
        case "int":
        case "float":
            return v.value;
        case "bool":
            return v.value ? 1 : 0; // True == 1 in Python
        default:
            return undefined;
    }
}
function unescapePython(s) {
    return s.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[0-7]{1,3}|[\\'"abfnrtv]|\n)/g, (_m, e) => {
        switch (e[0]) {
            case "u":
            case "x":
                return String.fromCharCode(Number.parseInt(e.slice(1), 16));
            case "n":
                return "\n";
            case "t":
                return "\t";
            case "r":
                return "\r";
            case "\n":
                return "";
            case "a":
                return "\x07";
            case "b":
                return "\b";
            case "f":
                return "\f";
            case "v":
                return "\v";
            case "\\":
            case "'":
            case '"':
                return e;
            default:
                return /^[0-7]+$/.test(e) ? String.fromCharCode(Number.parseInt(e, 8)) : e;
        }
    });
}
//# sourceMappingURL=expressions.js.map