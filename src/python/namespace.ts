import { functionHandle, functionMeta } from "./machine-helpers.js";
import { cloneValue, type PyValue } from "./value.js";

type Snapshot = ReadonlyMap<string, PyValue>;

/**
 * The values a copy of `x` follows (cloneValue's rule), as `visit(child)` calls: dict entries, list and tuple items,
 * an object's attributes and a class's bases. Not a `globals()` dict's: reading it would copy its namespace.
 */
export function eachFollowed(x: PyValue, visit: (child: PyValue) => void): void {
  if (x.kind === "dict") {
    if (!x.meta?.namespace) for (const item of x.entries.values()) visit(item);
  } else if (x.kind === "list" || x.kind === "tuple") for (const item of x.items) visit(item);
  else if (x.kind === "object") {
    for (const item of x.attrs?.values() ?? []) visit(item);
    for (const b of (x.meta?.class as { bases?: PyValue[] } | undefined)?.bases ?? []) visit(b);
  }
}

const isNamespaceDict = (v: PyValue) => v.kind === "dict" && v.meta?.namespace !== undefined;

/**
 * Whether a copy of `v` would follow a value that `found` says yes to. `clean` holds values whose whole reach said
 * no (filled here, shared by the calls of one walk over a namespace).
 */
export function reaches(v: PyValue, found: (x: PyValue) => boolean, clean?: Set<PyValue>): boolean {
  const stack = [v];
  const visited = new Set<PyValue>();
  while (stack.length > 0) {
    const x = stack.pop() as PyValue;
    if (!copied(x) || visited.has(x) || clean?.has(x)) continue;
    if (found(x)) return true;
    visited.add(x);
    eachFollowed(x, (child) => stack.push(child));
  }
  if (clean) for (const x of visited) clean.add(x);
  return false;
}

/** Whether a copy of `v` would copy a `globals()` dict, whose copy must mean the namespace that copies it. */
const holdsNamespaceDict = (v: PyValue) => reaches(v, isNamespaceDict);

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
 * - a read of anything a fork copies (a dict, a list, a tuple, a project class) copies that name's value into the
 *   overlay through one memo per namespace, so values that alias one another (`DATABASES = {"default": DB}`) still
 *   alias in the copies, whichever name is read first;
 * - before a fork, a join or a comparison reads the overlay as all that changed, every name that reaches a value
 *   already copied is copied too (copyTouched): `DB`, once `DATABASES` was read and written through.
 *
 * A branch that never reads a mutable module value (most branches inside helper functions, which read a few names
 * and return) costs nothing; one that does copies what it reads and what shares values with it (issue 22: it
 * copied the whole namespace, twice per joined `if` on kpi and saleor). A `globals()` dict in a value read still
 * copies the whole namespace at once, as its copy must mean this namespace. Only module namespaces are lazy:
 * see `fork` in statements.ts for when a function's fork may leave its module's namespace unread. The class is a
 * Map, so the evaluator reads and writes it like one.
 */
export class Namespace extends Map<string, PyValue> {
  /** Set while pending: the frozen snapshot this namespace reads through. */
  private base: Snapshot | undefined;
  /** Names assigned since the snapshot (pending only). */
  private overlay = new Map<string, PyValue>();
  /** Functions and module objects answered from the snapshot, rebound to this namespace once each. */
  private rebound = new Map<string, PyValue>();
  /** The namespaces the snapshot's values mean when they mean this one (functions' globals, `globals()`). */
  private origins: ReadonlySet<Map<string, PyValue>> = new Set();
  private seen = new Map<PyValue, PyValue>();
  private materializing = false;

  /** A namespace holding `entries`, owned (no snapshot). */
  static of(entries: Iterable<[string, PyValue]>): Namespace {
    const ns = new Namespace();
    for (const [k, v] of entries) ns.set(k, v);
    return ns;
  }

  /** Copies the snapshot now, if pending (see materialize). */
  settle(): void {
    this.materialize();
  }

  /**
   * What this namespace holds, without copying: snapshot values are shared, to be read and never written (an
   * abandoned evaluation's names, made unknown).
   */
  peek(): ReadonlyMap<string, PyValue> {
    try {
      this.copyTouched();
    } catch (e) {
      // A value too large to copy: the names are what is wanted here, each made unknown.
      if (!(e instanceof RangeError)) throw e;
    }
    return this.rawView();
  }

  /** True while this namespace reads through a snapshot. */
  get pending(): boolean {
    return this.base !== undefined;
  }

  /**
   * A fork of this namespace. What it holds is frozen first: from now on neither it nor the fork writes those
   * values again, both read through the snapshot.
   */
  forkLazily(): Namespace {
    this.copyTouched();
    // Untouched since its own snapshot: that snapshot stands, so forks of forks stay twins of one another.
    if (!this.base || this.overlay.size > 0) {
      const base = this.rawView();
      const origins = new Set(this.origins);
      origins.add(this);
      super.clear();
      this.reset(base, origins);
    }
    const fork = new Namespace();
    fork.reset(this.base as Snapshot, new Set([...this.origins, this]));
    return fork;
  }

  /**
   * True when both are pending on one snapshot and neither was written since: they hold the same values without
   * reading any.
   */
  static untouchedTwins(a: ReadonlyMap<string, PyValue>, b: ReadonlyMap<string, PyValue>): boolean {
    return (
      a instanceof Namespace &&
      b instanceof Namespace &&
      a.base !== undefined &&
      a.base === b.base &&
      a.overlay.size === 0 &&
      b.overlay.size === 0
    );
  }

  /**
   * Whether two namespaces pending on one snapshot hold equal values, comparing only what either wrote or copied
   * (by `same`); undefined when they are not (or no longer, a `globals()` dict copied) on one snapshot.
   */
  static sameOnSnapshot(
    a: ReadonlyMap<string, PyValue>,
    b: ReadonlyMap<string, PyValue>,
    same: (x: PyValue | undefined, y: PyValue | undefined) => boolean,
  ): boolean | undefined {
    if (!Namespace.onOneSnapshot([a, b])) return undefined;
    const x = a as Namespace;
    const y = b as Namespace;
    x.copyTouched();
    y.copyTouched();
    if (!Namespace.onOneSnapshot([x, y])) return undefined;
    const base = x.base as Snapshot;
    // Compared, never written: a snapshot value is read as it is.
    const raw = (ns: Namespace, k: string) => (ns.overlay.has(k) ? ns.overlay.get(k) : base.get(k));
    /**
     * A snapshot value stands for itself wherever a name neither wrote holds it (Pairing), and those names are not
     * compared: it may stand for another value only where the other side copied it, since every name that reaches
     * a copied value is then written there (copyTouched), and so compared.
     */
    const alone = (ns: Namespace, k: string, v: PyValue | undefined, other: Namespace) =>
      !ns.overlay.has(k) && v !== undefined && copied(v) && !other.seen.has(v);
    for (const ns of [x, y])
      for (const k of ns.overlay.keys()) {
        const xv = raw(x, k);
        const yv = raw(y, k);
        if (xv !== yv && (alone(x, k, xv, y) || alone(y, k, yv, x))) return false;
        if (!same(xv, yv)) return false;
      }
    return true;
  }

  /** True when every namespace is pending on one snapshot (what each wrote since may differ). */
  static onOneSnapshot(namespaces: readonly ReadonlyMap<string, PyValue>[]): namespaces is Namespace[] {
    const first = namespaces[0];
    if (!(first instanceof Namespace) || first.base === undefined) return false;
    return namespaces.every((ns) => ns instanceof Namespace && ns.base === first.base);
  }

  /**
   * The join of namespaces pending on one snapshot, without copying it: names none of them wrote or copied stay in
   * the snapshot; the names any of them did are copied into each that did not (a join never holds a snapshot value,
   * which stays frozen) and joined by `join` into the new overlay. Undefined when a `globals()` dict is among what
   * that would copy: the caller then joins them the ordinary way.
   */
  static joinOnSnapshot(
    namespaces: readonly Namespace[],
    joinAll: (
      written: readonly string[],
      valuesOf: (name: string) => (PyValue | undefined)[],
    ) => ReadonlyMap<string, PyValue | undefined>,
  ): Namespace | undefined {
    const first = namespaces[0] as Namespace;
    const base = first.base as Snapshot;
    // Each joins its own copies of what any of them wrote or copied: the join then holds no snapshot value, and
    // names that share a value are joined together. Copying a name into one may touch more names: again.
    const written = new Set<string>();
    for (let more = true; more; ) {
      more = false;
      for (const ns of namespaces) ns.copyTouched();
      if (!Namespace.onOneSnapshot(namespaces)) return undefined;
      for (const ns of namespaces) for (const k of ns.overlay.keys()) written.add(k);
      for (const ns of namespaces)
        for (const k of written) {
          const v = base.get(k);
          if (ns.overlay.has(k) || v === undefined || !copied(v)) continue;
          if (holdsNamespaceDict(v)) return undefined;
          ns.copyName(k, v);
          more = true;
        }
    }
    const overlay = new Map<string, PyValue>();
    const joined = joinAll([...written], (k) =>
      namespaces.map((ns) => (ns.overlay.has(k) ? ns.overlay.get(k) : base.get(k))),
    );
    for (const k of written) {
      const v = joined.get(k);
      if (v === undefined) {
        if (base.has(k)) return undefined;
        continue;
      }
      overlay.set(k, v);
    }
    const origins = new Set<Map<string, PyValue>>();
    for (const ns of namespaces) {
      origins.add(ns);
      for (const o of ns.origins) origins.add(o);
    }
    const out = new Namespace();
    out.reset(base, origins);
    // As a join always did: functions the branches bound mean the joined namespace.
    for (const [k, v] of overlay) out.overlay.set(k, out.rebind(v));
    return out;
  }

  /**
   * Makes this namespace hold what `source` holds. When both are untouched twins that is already so: nothing is
   * read or copied.
   */
  replaceWith(source: ReadonlyMap<string, PyValue>): void {
    if (source === this) return;
    if (source instanceof Namespace) source.copyTouched();
    if (Namespace.untouchedTwins(this, source)) return;
    // Untouched on the snapshot the source reads through: only what the source wrote is new.
    if (source instanceof Namespace && this.base && this.base === source.base && this.overlay.size === 0) {
      for (const [k, v] of source.overlay) this.overlay.set(k, v);
      return;
    }
    const entries = [...source];
    this.clear();
    for (const [k, v] of entries) this.set(k, v);
  }

  override get(key: string): PyValue | undefined {
    if (!this.base) return super.get(key);
    if (this.overlay.has(key)) return this.overlay.get(key);
    const v = this.base.get(key);
    if (v === undefined) return undefined;
    if (copied(v)) {
      // One name at a time, through one memo: what it shares with other names stays shared in their copies.
      if (!holdsNamespaceDict(v)) return this.copyName(key, v);
      this.materialize();
      return super.get(key);
    }
    const done = this.rebound.get(key);
    if (done) return done;
    const mine = this.rebind(v);
    if (mine !== v) this.rebound.set(key, mine);
    return mine;
  }

  override has(key: string): boolean {
    if (!this.base) return super.has(key);
    return this.overlay.has(key) || this.base.has(key);
  }

  override get size(): number {
    if (!this.base) return super.size;
    let n = this.base.size;
    for (const k of this.overlay.keys()) if (!this.base.has(k)) n++;
    return n;
  }

  override set(key: string, value: PyValue): this {
    // (Map's constructor may call set before the fields exist: `base` is then undefined.)
    if (this.base && !this.materializing) {
      this.overlay.set(key, value);
      this.rebound.delete(key);
      return this;
    }
    return super.set(key, value);
  }

  override delete(key: string): boolean {
    this.materialize();
    return super.delete(key);
  }

  override clear(): void {
    this.base = undefined;
    this.overlay = new Map();
    this.rebound = new Map();
    super.clear();
  }

  override keys(): MapIterator<string> {
    if (!this.base) return super.keys();
    return this.rawView().keys();
  }

  override values(): MapIterator<PyValue> {
    this.materialize();
    return super.values();
  }

  override entries(): MapIterator<[string, PyValue]> {
    // Copying a `globals()` dict reads the namespace it holds while that namespace is being copied: the
    // snapshot's values are what it holds then (the copy of that dict is pointed back at this namespace).
    if (this.materializing) return (this.base as Snapshot).entries();
    this.materialize();
    return super.entries();
  }

  override [Symbol.iterator](): MapIterator<[string, PyValue]> {
    return this.entries();
  }

  override forEach(
    fn: (value: PyValue, key: string, map: Map<string, PyValue>) => void,
    self?: unknown,
  ): void {
    this.materialize();
    super.forEach(fn, self);
  }

  private reset(base: Snapshot, origins: ReadonlySet<Map<string, PyValue>>): void {
    this.base = base;
    this.overlay = new Map();
    this.rebound = new Map();
    this.origins = origins;
    this.seen = new Map();
  }

  /** Copies one name's value from the snapshot into the overlay, through this namespace's memo. */
  private copyName(key: string, v: PyValue): PyValue {
    const copy = this.rebind(cloneValue(v, this.seen));
    this.overlay.set(key, copy);
    return copy;
  }

  /**
   * Names whose values here are not the snapshot's: written or copied (the overlay), and those that reach a value
   * a copy was made of (`DB`, once `DATABASES` was copied, when `DATABASES["default"]` is `DB`).
   */
  private touched(): Set<string> {
    const names = new Set(this.overlay.keys());
    if (!this.base || this.seen.size === 0) return names;
    const seen = this.seen;
    const copiedHere = (x: PyValue) => seen.has(x) || isNamespaceDict(x);
    const clean = new Set<PyValue>();
    for (const [k, v] of this.base)
      if (!names.has(k) && copied(v) && reaches(v, copiedHere, clean)) names.add(k);
    return names;
  }

  /**
   * Copies every name that shares a value with one already copied: the snapshot and the overlay then say all this
   * namespace holds, as a fork, a join or a comparison reads them. A name that holds a `globals()` dict copies the
   * whole namespace instead (it is then no longer pending).
   */
  private copyTouched(): void {
    for (let more = true; more && this.base && this.seen.size > 0; ) {
      more = false;
      const base = this.base;
      for (const k of this.touched()) {
        const v = base.get(k);
        if (this.overlay.has(k) || v === undefined) continue;
        if (holdsNamespaceDict(v)) {
          this.materialize();
          return;
        }
        this.copyName(k, v);
        more = true;
      }
    }
  }

  /** `v` as this namespace means it: a function or module object of an older namespace of the chain is ours. */
  private rebind(v: PyValue): PyValue {
    const meta = functionMeta(v);
    if (meta)
      return this.origins.has(meta.globals)
        ? ({ ...v, meta: { ...v.meta, function: functionHandle({ ...meta, globals: this }) } } as PyValue)
        : v;
    if (v.kind === "object" && v.meta?.namespace && v.attrs && this.origins.has(v.attrs))
      return { ...v, attrs: this };
    return v;
  }

  /** What this namespace holds, written or from its snapshot, without copying anything (insertion order kept). */
  private rawView(): Map<string, PyValue> {
    if (!this.base) return new Map(super.entries());
    const out = new Map(this.base);
    for (const [k, v] of this.overlay) out.set(k, v);
    return out;
  }

  /**
   * Copies the snapshot into this namespace, once: what was written since stays, the rest is deep-copied through
   * one memo; then, as a fork always did, `globals()` dicts, module objects and functions that meant an older
   * namespace of the chain mean this one.
   */
  private materialize(): void {
    if (!this.base || this.materializing) return;
    const base = this.base;
    this.materializing = true;
    try {
      const entries: [string, PyValue][] = [];
      for (const [k, v] of base) {
        if (this.overlay.has(k)) entries.push([k, this.overlay.get(k) as PyValue]);
        else entries.push([k, this.rebound.get(k) ?? this.rebind(cloneValue(v, this.seen))]);
      }
      for (const [k, v] of this.overlay) if (!base.has(k)) entries.push([k, v]);
      for (const [was, made] of this.seen) {
        if (was.kind !== "dict" || made.kind !== "dict" || !was.meta?.namespace) continue;
        if (this.origins.has(was.entries)) made.entries = this;
      }
      super.clear();
      for (const [k, v] of entries) super.set(k, v);
    } finally {
      this.materializing = false;
      this.base = undefined;
      this.overlay = new Map();
      this.rebound = new Map();
      this.seen = new Map();
    }
  }
}

/** Values a fork copies (cloneValue's rule): dicts, lists, tuples and project classes, which a branch may change. */
export function copied(v: PyValue): boolean {
  const kind = v.kind;
  if (kind === "dict" || kind === "list" || kind === "tuple") return true;
  return (
    kind === "object" && v.attrs !== undefined && v.ref.startsWith("class:") && v.meta?.class !== undefined
  );
}
