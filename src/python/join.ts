import { copied, Namespace } from "./namespace.js";
import type { EnvRead, Origin, PyValue, ValueOf } from "./value.js";
import { unknown } from "./value.js";

/**
 * Joins of namespaces: what a settings module holds after an `if` whose branches the evaluator ran but cannot
 * choose between. Equal values stay as they are; values that differ become unknown, naming the condition, so no
 * branch is ever picked silently. Dicts join key by key, so one differing OPTIONS entry does not hide the rest.
 */

/** Dict nesting the join and the comparison follow; deeper (or cyclic) values are compared as different. */
const MAX_JOIN_DEPTH = 12;

function sameEnv(a: EnvRead | undefined, b: EnvRead | undefined): boolean {
  if (!a || !b) return a === b;
  return a.variable === b.variable && a.supplied === b.supplied && a.hasDefault === b.hasDefault;
}

function sameMeta(a: PyValue["meta"], b: PyValue["meta"]): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  // Library facts (the URL behind a dict) matter to the rules only by what they say, not where they were read.
  return keys.every((k) => a[k] === b[k] || sameFacts(a[k], b[k]));
}

/** Facts that say where, not what. */
const IGNORED_FACTS = new Set(["origin", "sslRequireOrigin", "env"]);

function sameFacts(a: unknown, b: unknown): boolean {
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return a === b;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = Object.keys(ra).filter((k) => !IGNORED_FACTS.has(k));
  if (keys.length !== Object.keys(rb).filter((k) => !IGNORED_FACTS.has(k)).length) return false;
  return keys.every((k) => ra[k] === rb[k]);
}

/**
 * Which object of one side stands for which of the other. Two states are the same only if their objects correspond
 * one to one: where `DB` is `DATABASES["default"]` on one side and an equal copy on the other, a later
 * `DB["OPTIONS"][…] = …` changes DATABASES on one side only.
 */
export interface Pairing {
  there: Map<PyValue, PyValue>;
  back: Map<PyValue, PyValue>;
}

export const newPairing = (): Pairing => ({ there: new Map(), back: new Map() });

const isObject = (v: PyValue) =>
  v.kind === "dict" || v.kind === "list" || v.kind === "tuple" || v.kind === "object";

/** Pairs `a` with `b`; false when either already stands for another. */
function pair(a: PyValue, b: PyValue, pairs: Pairing): boolean {
  const was = pairs.there.get(a);
  if (was !== undefined) return was === b;
  if (pairs.back.has(b)) return false;
  pairs.there.set(a, b);
  pairs.back.set(b, a);
  return true;
}

/** One object on both sides: it and every value a copy of it would follow stand for themselves. */
function pairItself(v: PyValue, pairs: Pairing): boolean {
  const stack = [v];
  while (stack.length > 0) {
    const x = stack.pop() as PyValue;
    if (!isObject(x)) continue;
    if (pairs.there.get(x) === x) continue;
    if (!pair(x, x, pairs)) return false;
    if (!copied(x) || (x.kind === "dict" && x.meta?.namespace)) continue;
    if (x.kind === "dict") for (const item of x.entries.values()) stack.push(item);
    else if (x.kind === "list" || x.kind === "tuple") for (const item of x.items) stack.push(item);
    else if (x.kind === "object") {
      for (const item of x.attrs?.values() ?? []) stack.push(item);
      for (const b of (x.meta?.class as { bases?: PyValue[] } | undefined)?.bases ?? []) stack.push(b);
    }
  }
  return true;
}

/**
 * Deep equality of two values as the rules read them: where they were written (`origin`) does not count, which
 * object is which does (Pairing). `pairs` holds the pairs already compared, so values that contain themselves
 * (`X = globals()`) end.
 */
export function sameValue(
  a: PyValue | undefined,
  b: PyValue | undefined,
  depth = 0,
  pairs: Pairing = newPairing(),
): boolean {
  if (a === b) return a === undefined || !isObject(a) || pairItself(a, pairs);
  if (!a || !b || a.kind !== b.kind) return false;
  if (depth > MAX_JOIN_DEPTH) return false;
  if (isObject(a)) {
    if (pairs.there.get(a) === b) return true;
    if (!pair(a, b, pairs)) return false;
  }
  if (!sameEnv(a.env, b.env) || a.via !== b.via || !sameMeta(a.meta, b.meta)) return false;
  switch (a.kind) {
    case "str":
    case "int":
    case "float":
    case "bool":
    case "path":
      return a.value === (b as typeof a).value;
    case "none":
      return true;
    case "unknown":
      return a.reason === (b as typeof a).reason;
    case "dict": {
      const e = (b as typeof a).entries;
      if (a.entries.size !== e.size || a.open !== (b as typeof a).open) return false;
      for (const [k, v] of a.entries) if (!sameValue(v, e.get(k), depth + 1, pairs)) return false;
      return true;
    }
    case "list":
    case "tuple": {
      const items = (b as typeof a).items;
      return (
        a.items.length === items.length && a.items.every((x, i) => sameValue(x, items[i], depth + 1, pairs))
      );
    }
    case "object": {
      const o = b as typeof a;
      if (a.ref !== o.ref || !sameValue(a.self, o.self, depth + 1, pairs)) return false;
      if (a.attrs === o.attrs) return true;
      if (!a.attrs || !o.attrs || a.attrs.size !== o.attrs.size) return false;
      for (const [k, v] of a.attrs) if (!sameValue(v, o.attrs.get(k), depth + 1, pairs)) return false;
      return true;
    }
  }
}

/**
 * True when both namespaces bind the same names to equal values, whose objects correspond one to one. `pairs` is
 * shared by the comparisons of one state (a function's locals and its module's namespace).
 */
export function sameNamespace(
  a: ReadonlyMap<string, PyValue>,
  b: ReadonlyMap<string, PyValue>,
  pairs: Pairing = newPairing(),
): boolean {
  if (a === b || Namespace.untouchedTwins(a, b)) return true;
  const onSnapshot = Namespace.sameOnSnapshot(a, b, (x, y) => sameValue(x, y, 0, pairs));
  if (onSnapshot !== undefined) return onSnapshot;
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (!sameValue(v, b.get(k), 0, pairs)) return false;
  return true;
}

export interface JoinReason {
  /** Why the branches cannot be told apart, e.g. `differs when X is true (more than 16 combinations …)`. */
  why: string;
  /** The `if` (or loop, or call) whose branches were joined. */
  origin: Origin;
}

/** Joined values by the values they came from: two names that held one dict in every branch still do. */
export type JoinMemo = Map<PyValue, { from: readonly (PyValue | undefined)[]; out: PyValue }[]>;

function remembered(memo: JoinMemo, values: readonly (PyValue | undefined)[]): PyValue | undefined {
  const first = values.find((v) => v !== undefined);
  const seen = first ? memo.get(first) : undefined;
  return seen?.find((s) => s.from.length === values.length && s.from.every((v, i) => v === values[i]))?.out;
}

function remember(memo: JoinMemo, values: readonly (PyValue | undefined)[], out: PyValue): PyValue {
  const first = values.find((v) => v !== undefined);
  if (first) memo.set(first, [...(memo.get(first) ?? []), { from: values, out }]);
  return out;
}

/** Joins the values one name (or dict key) has in each branch; `undefined` is a branch that does not set it. */
export function joinValues(
  values: readonly (PyValue | undefined)[],
  reason: JoinReason,
  memo: JoinMemo = new Map(),
  depth = 0,
): PyValue | undefined {
  const first = values.find((v) => v !== undefined);
  if (first === undefined) return undefined;
  const done = remembered(memo, values);
  if (done) return done;
  if (values.every((v) => v !== undefined && (v === first || sameValue(v, first))))
    return remember(memo, values, first);
  // A branch that leaves a dict key unset joins like an empty dict: each key it lacks may be unset.
  if (depth < MAX_JOIN_DEPTH && values.every((v) => v === undefined || v.kind === "dict")) {
    const dicts = values.map((v) => (v?.kind === "dict" ? v.entries : new Map<string, PyValue>()));
    const entries = new Map<string, PyValue>();
    // Open to unknown keys in any branch: open after the join too.
    const open = values.find((v) => v?.kind === "dict" && v.open !== undefined);
    const { open: _first, ...rest } = first as ValueOf<"dict">;
    const joined: PyValue = {
      ...rest,
      kind: "dict",
      entries,
      ...(open?.kind === "dict" && open.open ? { open: open.open } : {}),
    };
    if (!values.every((v) => v !== undefined && sameMeta(v.meta, first.meta))) delete joined.meta;
    if (!values.every((v) => v !== undefined && v.via === first.via)) delete joined.via;
    remember(memo, values, joined);
    const keys = new Set<string>();
    for (const d of dicts) for (const k of d.keys()) keys.add(k);
    for (const k of keys) {
      const v = joinValues(
        dicts.map((d) => d.get(k)),
        reason,
        memo,
        depth + 1,
      );
      if (v) entries.set(k, v);
    }
    return joined;
  }
  const unset = values.some((v) => v === undefined);
  return remember(
    memo,
    values,
    unknown(`${unset ? "set or unset" : "differs"} ${reason.why}`, { origin: reason.origin }),
  );
}

/** One namespace for several branches: equal names stay, differing ones become unknown (per dict key). */
export function joinNamespaces(
  namespaces: readonly ReadonlyMap<string, PyValue>[],
  reason: JoinReason,
  memo: JoinMemo = new Map(),
): Map<string, PyValue> {
  const first = namespaces[0];
  // Branches of a lazily forked module namespace: only what they wrote is joined, the snapshot stays unread.
  if (Namespace.onOneSnapshot(namespaces)) {
    const joined = Namespace.joinOnSnapshot(namespaces, (values) => joinValues(values, reason, memo));
    if (joined) return joined;
  }
  const names = new Set<string>();
  for (const ns of namespaces) for (const k of ns.keys()) names.add(k);
  // A module namespace stays one (namespace.ts), so later forks of it stay lazy.
  const out = first instanceof Namespace ? new Namespace() : new Map<string, PyValue>();
  for (const name of names) {
    const v = joinValues(
      namespaces.map((ns) => ns.get(name)),
      reason,
      memo,
    );
    if (v) out.set(name, v);
  }
  return out;
}
