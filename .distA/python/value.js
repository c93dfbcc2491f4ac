export const str = (value, extra = {}) => ({ kind: "str", value, ...extra });
export const unknown = (reason, extra = {}) => ({
    kind: "unknown",
    reason,
    ...extra,
});
export const none = (extra = {}) => ({ kind: "none", ...extra });
export function isKind(v, kind) {
    return v !== undefined && v.kind === kind;
}
/** The string a value holds, or undefined when it is not a known string. */
export function asString(v) {
    if (!v)
        return undefined;
    if (v.kind === "str" || v.kind === "path")
        return v.value;
    return undefined;
}
export function dictGet(v, key) {
    if (v?.kind !== "dict")
        return undefined;
    return v.entries.get(key) ?? (v.open ? unknown(v.open, v.origin ? { origin: v.origin } : {}) : undefined);
}
/**
 * Merges unknown keys into a dict in place, as `d.update(x)` or `{**d, **x}` with an unknown `x` does: any key
 * held so far may have been replaced, so none is kept, and the dict says why it is open.
 */
export function openDict(d, why) {
    d.entries.clear();
    d.open = why;
}
/** Python truthiness, or undefined when it cannot be known. */
export function truthy(v) {
    if (!v)
        return undefined;
    switch (v.kind) {
        case "str":
            return v.value.length > 0;
        case "int":
        case "float":
            return v.value !== 0;
        case "bool":
            return v.value;
        case "none":
            return false;
        case "dict":
            return v.entries.size > 0;
        case "list":
        case "tuple":
            return v.items.length > 0;
        case "path":
        case "object":
            return true;
        case "unknown":
            return undefined;
    }
}
/**
 * Largest string (characters) and list/tuple/dict (items) the evaluator keeps. No settings value comes near
 * either; a hostile module can (`s = s + s` a hundred times), and past them a value becomes unknown, "too large".
 */
export const MAX_STR_CHARS = 1 << 20;
export const MAX_ITEMS = 100_000;
/** Why a value is too large to keep, or undefined when it is within the bounds above. */
export function tooLarge(v) {
    if ((v.kind === "str" || v.kind === "path") && v.value.length > MAX_STR_CHARS)
        return `a string of ${v.value.length} characters (limit ${MAX_STR_CHARS})`;
    if ((v.kind === "list" || v.kind === "tuple") && v.items.length > MAX_ITEMS)
        return `a ${v.kind} of ${v.items.length} items (limit ${MAX_ITEMS})`;
    if (v.kind === "dict" && v.entries.size > MAX_ITEMS)
        return `a dict of ${v.entries.size} keys (limit ${MAX_ITEMS})`;
    return undefined;
}
/** Appends `more` to `items` in place unless that would pass MAX_ITEMS (then nothing changes): false. */
export function extendBounded(items, more) {
    if (items.length + more.length > MAX_ITEMS)
        return false;
    for (const x of more.slice())
        items.push(x);
    return true;
}
/** Deep copy: scenarios fork the namespace, and dicts are mutable. */
export function cloneValue(v, seen = new Map()) {
    // Most values are scalars, shared as they are: answered before the memo lookup (forks clone every name).
    const kind = v.kind;
    if (kind !== "dict" && kind !== "list" && kind !== "tuple" && kind !== "object")
        return v;
    const done = seen.get(v);
    if (done)
        return done;
    if (v.kind === "dict") {
        const copy = { ...v, entries: new Map() };
        seen.set(v, copy);
        for (const [k, item] of v.entries)
            copy.entries.set(k, cloneValue(item, seen));
        return copy;
    }
    if (v.kind === "list" || v.kind === "tuple") {
        const copy = { ...v, items: [] };
        seen.set(v, copy);
        for (const item of v.items)
            copy.items.push(cloneValue(item, seen));
        return copy;
    }
    // A class defined in the project keeps its attributes in a Map a branch may change (`Base.DEBUG = True`).
    if (v.kind === "object" && v.attrs && v.ref.startsWith("class:") && v.meta?.class) {
        const attrs = new Map();
        const copy = { ...v, attrs };
        seen.set(v, copy);
        for (const [k, item] of v.attrs)
            attrs.set(k, cloneValue(item, seen));
        const facts = v.meta.class;
        if (facts.bases)
            copy.meta = { ...v.meta, class: { ...facts, bases: facts.bases.map((b) => cloneValue(b, seen)) } };
        return copy;
    }
    return v;
}
/** A short rendering for evidence lines. Never used on secrets without redaction. */
export function describe(v, depth = 0) {
    if (!v)
        return "unset";
    switch (v.kind) {
        case "str":
            return JSON.stringify(v.value);
        case "int":
        case "float":
            return String(v.value);
        case "bool":
            return v.value ? "True" : "False";
        case "none":
            return "None";
        case "path":
            return `Path(${JSON.stringify(v.value)})`;
        case "object":
            return v.ref;
        case "unknown":
            return `<unknown: ${v.reason}>`;
        case "dict":
            if (depth > 1)
                return "{…}";
            return `{${[...v.entries].map(([k, x]) => `${JSON.stringify(k)}: ${describe(x, depth + 1)}`).join(", ")}}`;
        case "list":
        case "tuple": {
            if (depth > 1)
                return "[…]";
            const inner = v.items.map((x) => describe(x, depth + 1)).join(", ");
            return v.kind === "list" ? `[${inner}]` : `(${inner}${v.items.length === 1 ? "," : ""})`;
        }
    }
}
//# sourceMappingURL=value.js.map