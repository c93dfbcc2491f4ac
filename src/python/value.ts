/** Where a value was written: relative file path (with `/`), 1-based line and column. */
export interface Origin {
  file: string;
  line: number;
  column: number;
}

/** A value read from the environment (os.environ, getenv, environ.Env, decouple.config). */
export interface EnvRead {
  variable: string;
  /** The call that read it, e.g. `os.environ.get`. */
  reader: string;
  /** True when the value came from --env-file or the process environment; false means the default was used. */
  supplied: boolean;
  /** True when the read had a default (`os.environ["X"]` has none). */
  hasDefault: boolean;
  origin: Origin;
  /** For a supplied value written in a deployment file: the service that sets it, and where. */
  from?: EnvSource;
}

/** Where a deployment sets an env var for the process that runs Django. */
export interface EnvSource {
  /** e.g. `compose service web`, `Deployment shop container web`. */
  where: string;
  origin: Origin;
}

interface Common {
  origin?: Origin;
  /** Set when any part of the value came from an env read. */
  env?: EnvRead;
  /** How a library call produced the value, e.g. `dj_database_url ssl_require=True`. */
  via?: string;
  /** Facts a library model attaches for later readers (kept through copies), e.g. the database URL behind a dict. */
  meta?: Readonly<Record<string, unknown>>;
}

export type PyValue = Common &
  (
    | { kind: "str"; value: string }
    | { kind: "int"; value: number }
    | { kind: "float"; value: number }
    | { kind: "bool"; value: boolean }
    | { kind: "none" }
    /**
     * String-keyed dict; mutable (Python dicts are shared by reference). `open` says why keys the evaluator does not
     * know may be present (an update or `**` expansion with an unknown dict): a key it does not hold is then
     * unknown, not absent.
     */
    | { kind: "dict"; entries: Map<string, PyValue>; open?: string }
    | { kind: "list"; items: PyValue[] }
    | { kind: "tuple"; items: PyValue[] }
    | { kind: "path"; value: string }
    /** A module, function or library object the evaluator models, e.g. `module:os`, `fn:os.environ.get`. */
    | {
        kind: "object";
        ref: string;
        /** For a bound method: the value it is bound to. */
        self?: PyValue;
        /** Instance state a library model keeps, e.g. the scheme of an `environ.Env(...)`. */
        attrs?: Map<string, PyValue>;
      }
    /**
     * A value the evaluator cannot know; `reason` says why, in words a user understands. `shared`: a join made it
     * unknown because its branches shared it differently with other names; writing into it makes nothing known
     * (openInPlace), since another name may reach the same value.
     */
    | { kind: "unknown"; reason: string; shared?: true }
  );

export type Kind = PyValue["kind"];
export type ValueOf<K extends Kind> = Extract<PyValue, { kind: K }>;

export const str = (value: string, extra: Common = {}): PyValue => ({ kind: "str", value, ...extra });
export const unknown = (reason: string, extra: Common = {}): PyValue => ({
  kind: "unknown",
  reason,
  ...extra,
});
export const none = (extra: Common = {}): PyValue => ({ kind: "none", ...extra });

export function isKind<K extends Kind>(v: PyValue | undefined, kind: K): v is ValueOf<K> {
  return v !== undefined && v.kind === kind;
}

/** The string a value holds, or undefined when it is not a known string. */
export function asString(v: PyValue | undefined): string | undefined {
  if (!v) return undefined;
  if (v.kind === "str" || v.kind === "path") return v.value;
  return undefined;
}

export function dictGet(v: PyValue | undefined, key: string): PyValue | undefined {
  if (v?.kind !== "dict") return undefined;
  return v.entries.get(key) ?? (v.open ? unknown(v.open, v.origin ? { origin: v.origin } : {}) : undefined);
}

/**
 * Merges unknown keys into a dict in place, as `d.update(x)` or `{**d, **x}` with an unknown `x` does: any key
 * held so far may have been replaced, so none is kept, and the dict says why it is open.
 */
export function openDict(d: ValueOf<"dict">, why: string): void {
  d.entries.clear();
  d.open = why;
}

/** Python truthiness, or undefined when it cannot be known. */
export function truthy(v: PyValue | undefined): boolean | undefined {
  if (!v) return undefined;
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
export function tooLarge(v: PyValue): string | undefined {
  if ((v.kind === "str" || v.kind === "path") && v.value.length > MAX_STR_CHARS)
    return `a string of ${v.value.length} characters (limit ${MAX_STR_CHARS})`;
  if ((v.kind === "list" || v.kind === "tuple") && v.items.length > MAX_ITEMS)
    return `a ${v.kind} of ${v.items.length} items (limit ${MAX_ITEMS})`;
  if (v.kind === "dict" && v.entries.size > MAX_ITEMS)
    return `a dict of ${v.entries.size} keys (limit ${MAX_ITEMS})`;
  return undefined;
}

/** Appends `more` to `items` in place unless that would pass MAX_ITEMS (then nothing changes): false. */
export function extendBounded(items: PyValue[], more: readonly PyValue[]): boolean {
  if (items.length + more.length > MAX_ITEMS) return false;
  for (const x of more.slice()) items.push(x);
  return true;
}

/** Deep copy: scenarios fork the namespace, and dicts are mutable. */
export function cloneValue(v: PyValue, seen = new Map<PyValue, PyValue>()): PyValue {
  // Most values are scalars, shared as they are: answered before the memo lookup (forks clone every name).
  const kind = v.kind;
  if (kind !== "dict" && kind !== "list" && kind !== "tuple" && kind !== "object") return v;
  const done = seen.get(v);
  if (done) return done;
  if (v.kind === "dict") {
    const copy: PyValue = { ...v, entries: new Map() };
    seen.set(v, copy);
    for (const [k, item] of v.entries) copy.entries.set(k, cloneValue(item, seen));
    return copy;
  }
  if (v.kind === "list" || v.kind === "tuple") {
    const copy = { ...v, items: [] as PyValue[] };
    seen.set(v, copy);
    for (const item of v.items) copy.items.push(cloneValue(item, seen));
    return copy;
  }
  // A class defined in the project keeps its attributes in a Map a branch may change (`Base.DEBUG = True`).
  if (v.kind === "object" && v.attrs && v.ref.startsWith("class:") && v.meta?.class) {
    const attrs = new Map<string, PyValue>();
    const copy: PyValue = { ...v, attrs };
    seen.set(v, copy);
    for (const [k, item] of v.attrs) attrs.set(k, cloneValue(item, seen));
    const facts = v.meta.class as { bases?: PyValue[] };
    if (facts.bases)
      copy.meta = { ...v.meta, class: { ...facts, bases: facts.bases.map((b) => cloneValue(b, seen)) } };
    return copy;
  }
  return v;
}

/** A short rendering for evidence lines. Never used on secrets without redaction. */
export function describe(v: PyValue | undefined, depth = 0): string {
  if (!v) return "unset";
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
      if (depth > 1) return "{…}";
      return `{${[...v.entries].map(([k, x]) => `${JSON.stringify(k)}: ${describe(x, depth + 1)}`).join(", ")}}`;
    case "list":
    case "tuple": {
      if (depth > 1) return "[…]";
      const inner = v.items.map((x) => describe(x, depth + 1)).join(", ");
      return v.kind === "list" ? `[${inner}]` : `(${inner}${v.items.length === 1 ? "," : ""})`;
    }
  }
}
