import { copied, eachFollowed, Namespace, reaches } from "./namespace.js";
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
    if (copied(x)) eachFollowed(x, (child) => stack.push(child));
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
  prefer?: number,
): PyValue | undefined {
  const first = values.find((v) => v !== undefined);
  if (first === undefined) return undefined;
  const done = remembered(memo, values);
  if (done) return done;
  // Equal everywhere: the value of branch `prefer` when given (the one that keeps running), else the first.
  if (values.every((v) => v !== undefined && (v === first || sameValue(v, first))))
    return remember(memo, values, (prefer !== undefined ? values[prefer] : undefined) ?? first);
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
        prefer,
      );
      if (v) entries.set(k, v);
    }
    return joined;
  }
  const unset = values.some((v) => v === undefined);
  const held = values.filter((v): v is PyValue => v !== undefined && copied(v));
  if (held.length > 0) {
    const lost = lostByMemo.get(memo) ?? [];
    lost.push(...held);
    lostByMemo.set(memo, lost);
  }
  return remember(
    memo,
    values,
    unknown(`${unset ? "set or unset" : "differs"} ${reason.why}`, { origin: reason.origin }),
  );
}

type ValuesOf = (name: string) => readonly (PyValue | undefined)[];

/** Per branch: by how many edges each object a copy follows is reached (a name holding it is one). */
function inDegreeOf(names: readonly string[], valuesOf: ValuesOf, branch: number): Map<PyValue, number> {
  const inDegree = new Map<PyValue, number>();
  const stack: PyValue[] = [];
  const reach = (v: PyValue) => {
    if (!copied(v)) return;
    const n = inDegree.get(v);
    inDegree.set(v, (n ?? 0) + 1);
    if (n === undefined) stack.push(v);
  };
  for (const name of names) {
    const v = valuesOf(name)[branch];
    if (v) reach(v);
    while (stack.length > 0) eachFollowed(stack.pop() as PyValue, reach);
  }
  return inDegree;
}

/** Per join memo: the dicts, lists and tuples whose join was made unknown (what they held is lost). */
const lostByMemo = new WeakMap<JoinMemo, PyValue[]>();

/**
 * Makes unknown, inside the joined values, every place where what a later write changes is not the same in every
 * branch (issue 22 found these as wrong known sslmodes), and returns the joined values:
 *
 * - an object the branches share differently: where `DB` is `DATABASES["default"]` in one branch and a dict of its
 *   own in the other, a later `DB[…] = …` changes DATABASES in one branch only;
 * - an object reached by more than one path, one of which the join made unknown (`CONF = [DB]`, the two lists
 *   joined to unknown): a later write through `CONF[0]` would be lost while `DATABASES["default"]` stays known.
 *
 * Joined dicts and lists are changed in place (the join made them, or took them from a branch it replaces); what is
 * made unknown loses what it held, which may make more places unknown, until none is left.
 */
export function settleSharing(
  names: readonly string[],
  valuesOf: ValuesOf,
  joined: Map<string, PyValue | undefined>,
  memo: JoinMemo,
  made: (values: readonly (PyValue | undefined)[]) => PyValue,
): void {
  const branches = names.length > 0 ? valuesOf(names[0] as string).length : 0;
  const inDegrees = Array.from({ length: branches }, (_, i) => inDegreeOf(names, valuesOf, i));
  // Nothing reached twice in any branch: nothing is shared, so nothing is shared differently (most joins).
  if (!inDegrees.some((d) => [...d.values()].some((n) => n > 1))) return;
  const bad = Array.from({ length: branches }, () => new Set<PyValue>());
  const lost = Array.from({ length: branches }, () => new Set<PyValue>());
  let grew = false;
  const mark = (branch: number, v: PyValue | undefined) => {
    const set = bad[branch] as Set<PyValue>;
    if (v && !set.has(v)) {
      set.add(v);
      grew = true;
    }
  };
  const lose = (branch: number, v: PyValue) => {
    const inDegree = inDegrees[branch] as Map<PyValue, number>;
    const stack = [v];
    const done = lost[branch] as Set<PyValue>;
    while (stack.length > 0) {
      const x = stack.pop() as PyValue;
      if (!copied(x) || done.has(x)) continue;
      done.add(x);
      // Reached by one edge only: nothing but the lost path leads to it.
      if ((inDegree.get(x) ?? 0) > 1) mark(branch, x);
      eachFollowed(x, (child) => stack.push(child));
    }
  };
  // Only a value reached twice in a branch can be paired with two others: names that reach none pair alike.
  const sharing = names.filter((name) =>
    valuesOf(name).some(
      (v, branch) => v !== undefined && reaches(v, (x) => (inDegrees[branch]?.get(x) ?? 0) > 1),
    ),
  );
  for (let i = 0; i < branches; i++)
    for (let j = i + 1; j < branches; j++) {
      const pairs = newPairing();
      // Descended once per pair of branches: a value met again with the same partner pairs its contents alike.
      const walked = new Set<PyValue>();
      for (const name of sharing) {
        const values = valuesOf(name);
        const stack: [PyValue | undefined, PyValue | undefined][] = [[values[i], values[j]]];
        while (stack.length > 0) {
          const [a, b] = stack.pop() as [PyValue | undefined, PyValue | undefined];
          if (!a || !b || !copied(a) || !copied(b)) continue;
          if (!pair(a, b, pairs)) {
            mark(i, a);
            mark(j, b);
            mark(j, pairs.there.get(a));
            mark(i, pairs.back.get(b));
            continue;
          }
          if (walked.has(a) || a.kind !== b.kind) continue;
          walked.add(a);
          if (a.kind === "dict" && b.kind === "dict") {
            if (!a.meta?.namespace && !b.meta?.namespace)
              for (const [k, v] of a.entries) stack.push([v, b.entries.get(k)]);
          } else if ((a.kind === "list" || a.kind === "tuple") && (b.kind === "list" || b.kind === "tuple"))
            a.items.forEach((v, n) => {
              stack.push([v, b.items[n]]);
            });
          else if (a.kind === "object" && b.kind === "object")
            for (const [k, v] of a.attrs ?? []) stack.push([v, b.attrs?.get(k)]);
        }
      }
    }
  // One pass over the joined values: a place whose value is a bad object in some branch becomes unknown (what it
  // held in each branch is lost); a place the join made unknown loses what the branches held there.
  const settle = (value: PyValue | undefined, vs: readonly (PyValue | undefined)[], walked: Set<PyValue>) => {
    if (vs.some((x, n) => x !== undefined && bad[n]?.has(x))) {
      vs.forEach((x, n) => {
        if (x) lose(n, x);
      });
      return made(vs);
    }
    if (!value || !copied(value)) {
      vs.forEach((x, n) => {
        if (x && copied(x)) lose(n, x);
      });
      return value;
    }
    if (walked.has(value)) return value;
    walked.add(value);
    if (value.kind === "dict" && !value.meta?.namespace)
      for (const [k, v] of value.entries) {
        const next = settle(
          v,
          vs.map((x) => (x?.kind === "dict" ? x.entries.get(k) : undefined)),
          walked,
        );
        if (next !== v && next) value.entries.set(k, next);
      }
    else if (value.kind === "list" || value.kind === "tuple")
      value.items.forEach((v, n) => {
        const next = settle(
          v,
          vs.map((x) => (x?.kind === "list" || x?.kind === "tuple" ? x.items[n] : undefined)),
          walked,
        );
        if (next !== v && next) value.items[n] = next;
      });
    else if (value.kind === "object")
      for (const [k, v] of value.attrs ?? []) {
        const next = settle(
          v,
          vs.map((x) => (x?.kind === "object" ? x.attrs?.get(k) : undefined)),
          walked,
        );
        if (next !== v && next) value.attrs?.set(k, next);
      }
    return value;
  };
  // The join made these unknown where they stood: what they held is lost in their branch.
  for (const x of lostByMemo.get(memo) ?? [])
    for (let branch = 0; branch < branches; branch++) if (inDegrees[branch]?.has(x)) lose(branch, x);
  if (bad.every((set) => set.size === 0)) return;
  do {
    grew = false;
    const walked = new Set<PyValue>();
    for (const name of names) joined.set(name, settle(joined.get(name), valuesOf(name), walked));
  } while (grew);
}

/**
 * One namespace for several branches: equal names stay, differing ones become unknown (per dict key). `final`: the
 * evaluation does not go on from the join (a view of the module as it ends), so no later write can reach a value
 * the branches shared differently (settleSharing). `prefer`: the branch whose values stand where all are equal
 * (the one that keeps running: what its callers hold stays theirs).
 */
export function joinNamespaces(
  namespaces: readonly ReadonlyMap<string, PyValue>[],
  reason: JoinReason,
  memo: JoinMemo = new Map(),
  opts: { final?: boolean; prefer?: number } = {},
): Map<string, PyValue> {
  const first = namespaces[0];
  const joinAll = (names: readonly string[], valuesOf: ValuesOf) => {
    const joined = new Map<string, PyValue | undefined>();
    for (const name of names) joined.set(name, joinValues(valuesOf(name), reason, memo, 0, opts.prefer));
    if (opts.final) return joined;
    settleSharing(names, valuesOf, joined, memo, (values) => ({
      kind: "unknown",
      reason: `${values.some((v) => v === undefined) ? "set or unset" : "differs"} ${reason.why}, and shared differently between its branches`,
      shared: true,
      origin: reason.origin,
    }));
    return joined;
  };
  // Branches of a lazily forked module namespace: only what they wrote is joined, the snapshot stays unread.
  if (Namespace.onOneSnapshot(namespaces)) {
    const joined = Namespace.joinOnSnapshot(namespaces, joinAll);
    if (joined) return joined;
  }
  const names = new Set<string>();
  for (const ns of namespaces) for (const k of ns.keys()) names.add(k);
  const joined = joinAll([...names], (name) => namespaces.map((ns) => ns.get(name)));
  // A module namespace stays one (namespace.ts), so later forks of it stay lazy.
  const out = first instanceof Namespace ? new Namespace() : new Map<string, PyValue>();
  for (const [name, v] of joined) if (v) out.set(name, v);
  return out;
}
