import { str } from "./value.js";
/**
 * Function values carry a plain handle in `meta.function` (what it is: name, file, node id), and the handle leads
 * here to the syntax node and namespaces: values stay plain data (reports may serialize them), and two copies of
 * one function in two scenarios compare equal.
 */
const FUNCTIONS = new WeakMap();
export function functionHandle(meta) {
    const handle = { file: meta.file, node: meta.def.id, decorators: meta.decorators.join(",") };
    FUNCTIONS.set(handle, meta);
    return handle;
}
export function functionMeta(v) {
    const handle = v?.kind === "object" ? v.meta?.function : undefined;
    return typeof handle === "object" && handle !== null ? FUNCTIONS.get(handle) : undefined;
}
export function isProjectFunction(v) {
    return v?.kind === "object" && v.ref.startsWith("function:") && functionMeta(v) !== undefined;
}
/** A class and its bases, depth first, left to right (Python's order for the single-inheritance common case). */
export function classLineage(cls) {
    const out = [];
    const visit = (c, depth) => {
        if (c.kind !== "object" || depth > 32 || out.includes(c))
            return;
        out.push(c);
        const bases = c.meta?.class?.bases ?? [];
        for (const b of bases)
            visit(b, depth + 1);
    };
    visit(cls, 0);
    return out;
}
/** An attribute of an object, looked up through its class's bases. */
export function classAttribute(obj, name) {
    for (const c of classLineage(obj)) {
        const v = c.attrs?.get(name);
        if (v)
            return v;
    }
    return undefined;
}
/** The namespace `globals()` is: the module's, also from inside a function or class body. */
export function moduleNs(sc) {
    let s = sc;
    while (s?.enclosing)
        s = s.enclosing;
    return s?.globals ?? s?.ns ?? sc.ns;
}
/** What a for loop or comprehension iterates over: a list/tuple's items, a dict's keys, a string's characters. */
export function iterationItems(v) {
    if (v.kind === "list" || v.kind === "tuple")
        return v.items;
    if (v.kind === "dict")
        return [...v.entries.keys()].map((k) => str(k));
    if (v.kind === "str" && v.value.length <= 1000)
        return [...v.value].map((c) => str(c, { origin: v.origin }));
    return undefined;
}
/** Makes `target` hold what `source` holds, keeping the Map itself (others hold it by reference). */
export function replaceContents(target, source) {
    if (target === source)
        return;
    // A lazily forked module namespace (namespace.ts) knows when it already holds what the source holds.
    if ("replaceWith" in target && typeof target.replaceWith === "function") {
        target.replaceWith(source);
        return;
    }
    target.clear();
    for (const [k, v] of source)
        target.set(k, v);
}
export function handlerCatches(handler, raised) {
    const types = handler.namedChildren.filter((c) => c && c.type !== "block" && c.type !== "comment");
    if (types.length === 0)
        return true; // bare except
    const text = types.map((t) => t?.text ?? "").join(" ");
    if (/\b(Exception|BaseException)\b/.test(text))
        return true;
    if (raised === "ImportError" && /\b(ImportError|ModuleNotFoundError)\b/.test(text))
        return true;
    return text.includes(raised.split(".").pop() ?? raised);
}
export function dictKey(v) {
    if (!v)
        return undefined;
    if (v.kind === "str")
        return v.value;
    if (v.kind === "int")
        return String(v.value);
    return undefined;
}
export function reasonOf(v) {
    return v.kind === "unknown" ? v.reason : `a ${v.kind}`;
}
export function oneLine(text) {
    return text.replace(/\s+/g, " ").trim();
}
/** str() of a value, as f-strings and % formatting render it. */
export function formatForString(v) {
    if (!v)
        return undefined;
    switch (v.kind) {
        case "str":
        case "path":
            return v.value;
        case "int":
        case "float":
            return String(v.value);
        case "bool":
            return v.value ? "True" : "False";
        case "none":
            return "None";
        default:
            return undefined;
    }
}
//# sourceMappingURL=machine-helpers.js.map