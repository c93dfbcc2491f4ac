import { Namespace } from "./namespace.js";
import { unknown } from "./value.js";
/**
 * Joins of namespaces: what a settings module holds after an `if` whose branches the evaluator ran but cannot
 * choose between. Equal values stay as they are; values that differ become unknown, naming the condition, so no
 * branch is ever picked silently. Dicts join key by key, so one differing OPTIONS entry does not hide the rest.
 */
/** Dict nesting the join and the comparison follow; deeper (or cyclic) values are compared as different. */
const MAX_JOIN_DEPTH = 12;
function sameEnv(a, b) {
    if (!a || !b)
        return a === b;
    return a.variable === b.variable && a.supplied === b.supplied && a.hasDefault === b.hasDefault;
}
function sameMeta(a, b) {
    if (a === b)
        return true;
    if (!a || !b)
        return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length)
        return false;
    // Library facts (the URL behind a dict) matter to the rules only by what they say, not where they were read.
    return keys.every((k) => a[k] === b[k] || sameFacts(a[k], b[k]));
}
/** Facts that say where, not what. */
const IGNORED_FACTS = new Set(["origin", "sslRequireOrigin", "env"]);
function sameFacts(a, b) {
    if (typeof a !== "object" || typeof b !== "object" || a === null || b === null)
        return a === b;
    const ra = a;
    const rb = b;
    const keys = Object.keys(ra).filter((k) => !IGNORED_FACTS.has(k));
    if (keys.length !== Object.keys(rb).filter((k) => !IGNORED_FACTS.has(k)).length)
        return false;
    return keys.every((k) => ra[k] === rb[k]);
}
/**
 * Deep equality of two values as the rules read them: where they were written (`origin`) does not count.
 * `pairs` holds the pairs already being compared, so values that contain themselves (`X = globals()`) end.
 */
export function sameValue(a, b, depth = 0, pairs = new Map()) {
    if (a === b)
        return true;
    if (!a || !b || a.kind !== b.kind)
        return false;
    if (depth > MAX_JOIN_DEPTH)
        return false;
    if (pairs.get(a)?.has(b))
        return true;
    if (a.kind === "dict" || a.kind === "list" || a.kind === "tuple" || a.kind === "object") {
        const set = pairs.get(a) ?? new Set();
        set.add(b);
        pairs.set(a, set);
    }
    if (!sameEnv(a.env, b.env) || a.via !== b.via || !sameMeta(a.meta, b.meta))
        return false;
    switch (a.kind) {
        case "str":
        case "int":
        case "float":
        case "bool":
        case "path":
            return a.value === b.value;
        case "none":
            return true;
        case "unknown":
            return a.reason === b.reason;
        case "dict": {
            const e = b.entries;
            if (a.entries.size !== e.size || a.open !== b.open)
                return false;
            for (const [k, v] of a.entries)
                if (!sameValue(v, e.get(k), depth + 1, pairs))
                    return false;
            return true;
        }
        case "list":
        case "tuple": {
            const items = b.items;
            return (a.items.length === items.length && a.items.every((x, i) => sameValue(x, items[i], depth + 1, pairs)));
        }
        case "object": {
            const o = b;
            if (a.ref !== o.ref || !sameValue(a.self, o.self, depth + 1, pairs))
                return false;
            if (a.attrs === o.attrs)
                return true;
            if (!a.attrs || !o.attrs || a.attrs.size !== o.attrs.size)
                return false;
            for (const [k, v] of a.attrs)
                if (!sameValue(v, o.attrs.get(k), depth + 1, pairs))
                    return false;
            return true;
        }
    }
}
/** True when every namespace binds the same names to equal values. */
export function sameNamespace(a, b) {
    if (a === b || Namespace.untouchedTwins(a, b))
        return true;
    const pairs = new Map();
    const onSnapshot = Namespace.sameOnSnapshot(a, b, (x, y) => sameValue(x, y, 0, pairs));
    if (onSnapshot !== undefined)
        return onSnapshot;
    if (a.size !== b.size)
        return false;
    for (const [k, v] of a)
        if (!sameValue(v, b.get(k), 0, pairs))
            return false;
    return true;
}
function remembered(memo, values) {
    const first = values.find((v) => v !== undefined);
    const seen = first ? memo.get(first) : undefined;
    return seen?.find((s) => s.from.length === values.length && s.from.every((v, i) => v === values[i]))?.out;
}
function remember(memo, values, out) {
    const first = values.find((v) => v !== undefined);
    if (first)
        memo.set(first, [...(memo.get(first) ?? []), { from: values, out }]);
    return out;
}
/** Joins the values one name (or dict key) has in each branch; `undefined` is a branch that does not set it. */
export function joinValues(values, reason, memo = new Map(), depth = 0) {
    const first = values.find((v) => v !== undefined);
    if (first === undefined)
        return undefined;
    const done = remembered(memo, values);
    if (done)
        return done;
    if (values.every((v) => v !== undefined && sameValue(v, first)))
        return remember(memo, values, first);
    // A branch that leaves a dict key unset joins like an empty dict: each key it lacks may be unset.
    if (depth < MAX_JOIN_DEPTH && values.every((v) => v === undefined || v.kind === "dict")) {
        const dicts = values.map((v) => (v?.kind === "dict" ? v.entries : new Map()));
        const entries = new Map();
        // Open to unknown keys in any branch: open after the join too.
        const open = values.find((v) => v?.kind === "dict" && v.open !== undefined);
        const { open: _first, ...rest } = first;
        const joined = {
            ...rest,
            kind: "dict",
            entries,
            ...(open?.kind === "dict" && open.open ? { open: open.open } : {}),
        };
        if (!values.every((v) => v !== undefined && sameMeta(v.meta, first.meta)))
            delete joined.meta;
        if (!values.every((v) => v !== undefined && v.via === first.via))
            delete joined.via;
        remember(memo, values, joined);
        const keys = new Set();
        for (const d of dicts)
            for (const k of d.keys())
                keys.add(k);
        for (const k of keys) {
            const v = joinValues(dicts.map((d) => d.get(k)), reason, memo, depth + 1);
            if (v)
                entries.set(k, v);
        }
        return joined;
    }
    const unset = values.some((v) => v === undefined);
    return remember(memo, values, unknown(`${unset ? "set or unset" : "differs"} ${reason.why}`, { origin: reason.origin }));
}
/** One namespace for several branches: equal names stay, differing ones become unknown (per dict key). */
export function joinNamespaces(namespaces, reason, memo = new Map()) {
    const first = namespaces[0];
    // Branches of a lazily forked module namespace: only what they wrote is joined, the snapshot stays unread.
    if (Namespace.onOneSnapshot(namespaces)) {
        const joined = Namespace.joinOnSnapshot(namespaces, (values) => joinValues(values, reason, memo));
        if (joined)
            return joined;
    }
    const names = new Set();
    for (const ns of namespaces)
        for (const k of ns.keys())
            names.add(k);
    // A module namespace stays one (namespace.ts), so later forks of it stay lazy.
    const out = first instanceof Namespace ? new Namespace() : new Map();
    for (const name of names) {
        const v = joinValues(namespaces.map((ns) => ns.get(name)), reason, memo);
        if (v)
            out.set(name, v);
    }
    return out;
}
//# sourceMappingURL=join.js.map