import { functionHandle, functionMeta } from "./machine-helpers.js";
import { cloneValue } from "./value.js";
/**
 * A module namespace that forks lazily.
 *
 * Every unknown `if` forks the scenario, and a fork must not see its sibling's writes, so values were deep-copied
 * at each fork: on real settings modules (saleor: 1,193 forks of a 300-name namespace, 3.2 million copied values)
 * that was a quarter of the scan. Here a fork freezes what the namespace holds into a snapshot nobody writes
 * again, and each side reads through it:
 *
 * - a scalar, a plain object, a function (rebound to this namespace) is answered from the snapshot;
 * - an assignment goes to an overlay; the snapshot stays as it is;
 * - the first read of anything a fork copies (a dict, a list, a tuple, a project class) copies the whole snapshot
 *   at once through one memo, exactly as the eager copy did, so values that alias one another
 *   (`DATABASES = {"default": DB}`) still alias in the copy.
 *
 * A branch that never reads a mutable module value (most branches inside helper functions, which read a few names
 * and return) costs nothing; one that does costs what every fork cost before. Only module namespaces are lazy:
 * see `fork` in statements.ts for when a function's fork may leave its module's namespace unread. The class is a
 * Map, so the evaluator reads and writes it like one.
 */
export class Namespace extends Map {
    /** Set while pending: the frozen snapshot this namespace reads through. */
    base;
    /** Names assigned since the snapshot (pending only). */
    overlay = new Map();
    /** Functions and module objects answered from the snapshot, rebound to this namespace once each. */
    rebound = new Map();
    /** The namespaces the snapshot's values mean when they mean this one (functions' globals, `globals()`). */
    origins = new Set();
    seen = new Map();
    materializing = false;
    /** A namespace holding `entries`, owned (no snapshot). */
    static of(entries) {
        const ns = new Namespace();
        for (const [k, v] of entries)
            ns.set(k, v);
        return ns;
    }
    /** Copies the snapshot now, if pending (see materialize). */
    settle() {
        this.materialize();
    }
    /**
     * What this namespace holds, without copying: snapshot values are shared, to be read and never written (an
     * abandoned evaluation's names, made unknown).
     */
    peek() {
        return this.rawView();
    }
    /** True while this namespace reads through a snapshot. */
    get pending() {
        return this.base !== undefined;
    }
    /**
     * A fork of this namespace. What it holds is frozen first: from now on neither it nor the fork writes those
     * values again, both read through the snapshot.
     */
    forkLazily() {
        // Untouched since its own snapshot: that snapshot stands, so forks of forks stay twins of one another.
        if (!this.base || this.overlay.size > 0) {
            const base = this.rawView();
            const origins = new Set(this.origins);
            origins.add(this);
            super.clear();
            this.reset(base, origins);
        }
        const fork = new Namespace();
        fork.reset(this.base, new Set([...this.origins, this]));
        return fork;
    }
    /**
     * True when both are pending on one snapshot and neither was written since: they hold the same values without
     * reading any.
     */
    static untouchedTwins(a, b) {
        return (a instanceof Namespace &&
            b instanceof Namespace &&
            a.base !== undefined &&
            a.base === b.base &&
            a.overlay.size === 0 &&
            b.overlay.size === 0);
    }
    /**
     * Whether two namespaces pending on one snapshot hold equal values, comparing only what either wrote (by
     * `same`); undefined when that would read a mutable snapshot value, or they are not on one snapshot.
     */
    static sameOnSnapshot(a, b, same) {
        if (!Namespace.onOneSnapshot([a, b]))
            return undefined;
        const x = a;
        const y = b;
        const base = x.base;
        const raw = (ns, k) => (ns.overlay.has(k) ? ns.overlay.get(k) : base.get(k));
        for (const ns of [x, y])
            for (const k of ns.overlay.keys()) {
                const other = ns === x ? y : x;
                const v = raw(other, k);
                if (!other.overlay.has(k) && v !== undefined && copied(v))
                    return undefined;
                if (!same(raw(x, k), raw(y, k)))
                    return false;
            }
        return true;
    }
    /** True when every namespace is pending on one snapshot (what each wrote since may differ). */
    static onOneSnapshot(namespaces) {
        const first = namespaces[0];
        if (!(first instanceof Namespace) || first.base === undefined)
            return false;
        return namespaces.every((ns) => ns instanceof Namespace && ns.base === first.base);
    }
    /**
     * The join of namespaces pending on one snapshot, without copying it: names none of them wrote stay in the
     * snapshot, the names any wrote are joined by `join` into the new overlay. Undefined when that cannot be said
     * without reading a mutable snapshot value (a name one wrote that is a dict in the snapshot for another): the
     * caller then joins them the ordinary way.
     */
    static joinOnSnapshot(namespaces, join) {
        const first = namespaces[0];
        const base = first.base;
        const written = new Set();
        for (const ns of namespaces)
            for (const k of ns.overlay.keys())
                written.add(k);
        const overlay = new Map();
        for (const k of written) {
            const values = [];
            for (const ns of namespaces) {
                if (ns.overlay.has(k))
                    values.push(ns.overlay.get(k));
                else {
                    const v = base.get(k);
                    if (v !== undefined && copied(v))
                        return undefined;
                    values.push(v);
                }
            }
            const v = join(values);
            if (v === undefined) {
                if (base.has(k))
                    return undefined;
                continue;
            }
            overlay.set(k, v);
        }
        const origins = new Set();
        for (const ns of namespaces) {
            origins.add(ns);
            for (const o of ns.origins)
                origins.add(o);
        }
        const out = new Namespace();
        out.reset(base, origins);
        // As a join always did: functions the branches bound mean the joined namespace.
        for (const [k, v] of overlay)
            out.overlay.set(k, out.rebind(v));
        return out;
    }
    /**
     * Makes this namespace hold what `source` holds. When both are untouched twins that is already so: nothing is
     * read or copied.
     */
    replaceWith(source) {
        if (source === this || Namespace.untouchedTwins(this, source))
            return;
        // Untouched on the snapshot the source reads through: only what the source wrote is new.
        if (source instanceof Namespace && this.base && this.base === source.base && this.overlay.size === 0) {
            for (const [k, v] of source.overlay)
                this.overlay.set(k, v);
            return;
        }
        const entries = [...source];
        this.clear();
        for (const [k, v] of entries)
            this.set(k, v);
    }
    get(key) {
        if (!this.base)
            return super.get(key);
        if (this.overlay.has(key))
            return this.overlay.get(key);
        const v = this.base.get(key);
        if (v === undefined)
            return undefined;
        if (copied(v)) {
            this.materialize();
            return super.get(key);
        }
        const done = this.rebound.get(key);
        if (done)
            return done;
        const mine = this.rebind(v);
        if (mine !== v)
            this.rebound.set(key, mine);
        return mine;
    }
    has(key) {
        if (!this.base)
            return super.has(key);
        return this.overlay.has(key) || this.base.has(key);
    }
    get size() {
        if (!this.base)
            return super.size;
        let n = this.base.size;
        for (const k of this.overlay.keys())
            if (!this.base.has(k))
                n++;
        return n;
    }
    set(key, value) {
        // (Map's constructor may call set before the fields exist: `base` is then undefined.)
        if (this.base && !this.materializing) {
            this.overlay.set(key, value);
            this.rebound.delete(key);
            return this;
        }
        return super.set(key, value);
    }
    delete(key) {
        this.materialize();
        return super.delete(key);
    }
    clear() {
        this.base = undefined;
        this.overlay = new Map();
        this.rebound = new Map();
        super.clear();
    }
    keys() {
        if (!this.base)
            return super.keys();
        return this.rawView().keys();
    }
    values() {
        this.materialize();
        return super.values();
    }
    entries() {
        // Copying a `globals()` dict reads the namespace it holds while that namespace is being copied: the
        // snapshot's values are what it holds then (the copy of that dict is pointed back at this namespace).
        if (this.materializing)
            return this.base.entries();
        this.materialize();
        return super.entries();
    }
    [Symbol.iterator]() {
        return this.entries();
    }
    forEach(fn, self) {
        this.materialize();
        super.forEach(fn, self);
    }
    reset(base, origins) {
        this.base = base;
        this.overlay = new Map();
        this.rebound = new Map();
        this.origins = origins;
        this.seen = new Map();
    }
    /** `v` as this namespace means it: a function or module object of an older namespace of the chain is ours. */
    rebind(v) {
        const meta = functionMeta(v);
        if (meta)
            return this.origins.has(meta.globals)
                ? { ...v, meta: { ...v.meta, function: functionHandle({ ...meta, globals: this }) } }
                : v;
        if (v.kind === "object" && v.meta?.namespace && v.attrs && this.origins.has(v.attrs))
            return { ...v, attrs: this };
        return v;
    }
    /** What this namespace holds, written or from its snapshot, without copying anything (insertion order kept). */
    rawView() {
        if (!this.base)
            return new Map(super.entries());
        const out = new Map(this.base);
        for (const [k, v] of this.overlay)
            out.set(k, v);
        return out;
    }
    /**
     * Copies the snapshot into this namespace, once: what was written since stays, the rest is deep-copied through
     * one memo; then, as a fork always did, `globals()` dicts, module objects and functions that meant an older
     * namespace of the chain mean this one.
     */
    materialize() {
        if (!this.base || this.materializing)
            return;
        const base = this.base;
        this.materializing = true;
        try {
            const entries = [];
            for (const [k, v] of base) {
                if (this.overlay.has(k))
                    entries.push([k, this.overlay.get(k)]);
                else
                    entries.push([k, this.rebound.get(k) ?? this.rebind(cloneValue(v, this.seen))]);
            }
            for (const [k, v] of this.overlay)
                if (!base.has(k))
                    entries.push([k, v]);
            for (const [was, made] of this.seen) {
                if (was.kind !== "dict" || made.kind !== "dict" || !was.meta?.namespace)
                    continue;
                if (this.origins.has(was.entries))
                    made.entries = this;
            }
            super.clear();
            for (const [k, v] of entries)
                super.set(k, v);
        }
        finally {
            this.materializing = false;
            this.base = undefined;
            this.overlay = new Map();
            this.rebound = new Map();
            this.seen = new Map();
        }
    }
}
/** Values a fork copies (cloneValue's rule): dicts, lists, tuples and project classes, which a branch may change. */
export function copied(v) {
    const kind = v.kind;
    if (kind === "dict" || kind === "list" || kind === "tuple")
        return true;
    return (kind === "object" && v.attrs !== undefined && v.ref.startsWith("class:") && v.meta?.class !== undefined);
}
//# sourceMappingURL=namespace.js.map