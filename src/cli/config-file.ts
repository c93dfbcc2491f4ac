/**
 * The configuration file: `[tool.wirewarden]` in `pyproject.toml` or the top level of `.wirewarden.toml`, found by
 * walking up from the scanned path (the first directory that has one decides; `.wirewarden.toml` before
 * `pyproject.toml`), or named with `--config FILE`. Every key has a flag, and a flag given on the command line wins.
 * The file is read as hostile input: bounded in size, parsed by a TOML parser, every key and type checked, and an
 * unknown key is an error that names the closest known one.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { parse } from "smol-toml";
import { UsageError } from "../engine/usage.js";

/** A configuration file is a few hundred bytes; a megabyte is not one. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

const SEVERITY_WORDS = ["critical", "high", "medium", "low", "info"];

type Kind = "strings" | "string" | "boolean" | "severity" | "fail-on" | "table-of-strings" | "paths" | "path";

export interface KeySpec {
  kind: Kind;
  /** The flag that sets the same thing on the command line. */
  flag: string;
  description: string;
}

/** Every key, in the order `wirewarden config` prints them. */
export const CONFIG_KEYS = {
  settings: { kind: "string", flag: "--settings", description: "the settings module to treat as production" },
  "env-file": {
    kind: "paths",
    flag: "--env-file",
    description: "env files with the values production supplies (relative to the configuration file)",
  },
  exclude: {
    kind: "strings",
    flag: "--exclude",
    description:
      "globs of paths to leave out of the scan (.gitignore style, relative to the scanned directory)",
  },
  "exclude-tests": {
    kind: "boolean",
    flag: "--exclude-tests",
    description: "leave out test code: tests/, test_*.py, *_tests.py, conftest.py, e2e/, fixtures/",
  },
  select: {
    kind: "strings",
    flag: "--select",
    description: "report only these rule ids or prefixes (WW1, WW301)",
  },
  ignore: { kind: "strings", flag: "--ignore", description: "never report these rule ids or prefixes" },
  "per-file-ignores": {
    kind: "table-of-strings",
    flag: "(configuration only)",
    description: "glob → rule ids or prefixes not reported for findings in matching files",
  },
  "diff-base": {
    kind: "string",
    flag: "--diff-base",
    description: "report only findings on lines changed since this git ref (pull-request mode)",
  },
  "min-severity": {
    kind: "severity",
    flag: "--min-severity",
    description: "leave findings below this severity out of the report (--fail-on still counts them)",
  },
  "fail-on": { kind: "fail-on", flag: "--fail-on", description: "exit 1 when a finding is at or above it" },
  baseline: {
    kind: "path",
    flag: "--baseline",
    description: "a baseline file: its findings are not reported (relative to the configuration file)",
  },
} as const satisfies Record<string, KeySpec>;

export type ConfigKey = keyof typeof CONFIG_KEYS;

export interface ConfigValues {
  settings?: string;
  "env-file"?: string[];
  exclude?: string[];
  "exclude-tests"?: boolean;
  select?: string[];
  ignore?: string[];
  "per-file-ignores"?: Record<string, string[]>;
  "diff-base"?: string;
  "min-severity"?: string;
  "fail-on"?: string;
  baseline?: string;
}

export interface LoadedConfig {
  /** The file the values came from. */
  file: string;
  values: ConfigValues;
  /** The line each key was set on, for `wirewarden config`. */
  lines: Partial<Record<ConfigKey, number>>;
}

/** The configuration file that applies to `start` (a file or directory), or undefined when there is none. */
export function findConfigFile(start: string): string | undefined {
  let dir = resolve(start);
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    return undefined;
  }
  for (;;) {
    const own = join(dir, ".wirewarden.toml");
    if (existsSync(own)) return own;
    const pyproject = join(dir, "pyproject.toml");
    if (existsSync(pyproject) && hasToolTable(pyproject)) return pyproject;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** A cheap look before parsing: a pyproject.toml without the table is not wirewarden's configuration. */
function hasToolTable(file: string): boolean {
  try {
    if (statSync(file).size > MAX_CONFIG_BYTES) return false;
    return /^\s*\[\s*tool\s*\.\s*wirewarden\s*\]/m.test(readFileSync(file, "utf8"));
  } catch {
    return false;
  }
}

export function loadConfig(file: string): LoadedConfig {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_CONFIG_BYTES)
      throw new UsageError(`${file}: ${size} bytes is too large for a configuration file`);
    text = readFileSync(file, "utf8");
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read the configuration file ${file}: ${(e as Error).message}`);
  }
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new UsageError(`${file} is not valid TOML: ${(e as Error).message.split("\n")[0]}`);
  }
  const isPyproject = basename(file) === "pyproject.toml";
  const tool = (doc.tool as Record<string, unknown> | undefined)?.wirewarden;
  const table = isPyproject || tool !== undefined ? tool : doc;
  if (table === undefined) return { file, values: {}, lines: {} };
  if (!isPlainObject(table)) throw new UsageError(`${file}: [tool.wirewarden] must be a table`);
  const values: ConfigValues = {};
  const lines: Partial<Record<ConfigKey, number>> = {};
  const base = dirname(file);
  for (const [key, value] of Object.entries(table)) {
    if (!(key in CONFIG_KEYS)) {
      const near = closest(key, Object.keys(CONFIG_KEYS));
      throw new UsageError(
        `${file}: unknown key '${key}'${near ? ` (did you mean '${near}'?)` : ""}; the keys are ${Object.keys(CONFIG_KEYS).join(", ")}`,
      );
    }
    const k = key as ConfigKey;
    (values as Record<string, unknown>)[k] = checked(file, k, CONFIG_KEYS[k].kind, value, base);
    const line = lineOf(text, key);
    if (line !== undefined) lines[k] = line;
  }
  return { file, values, lines };
}

function checked(file: string, key: string, kind: Kind, value: unknown, base: string): unknown {
  const fail = (want: string) =>
    new UsageError(`${file}: '${key}' must be ${want}, not ${JSON.stringify(value)?.slice(0, 80)}`);
  const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === "string");
  switch (kind) {
    case "string":
      if (typeof value !== "string") throw fail("a string");
      return value;
    case "path":
      if (typeof value !== "string") throw fail("a string (a path)");
      return resolve(base, value);
    case "boolean":
      if (typeof value !== "boolean") throw fail("true or false");
      return value;
    case "strings":
      if (!strings(value)) throw fail("a list of strings");
      return [...(value as string[])];
    case "paths":
      if (typeof value === "string") return [resolve(base, value)];
      if (!strings(value)) throw fail("a path or a list of paths");
      return (value as string[]).map((p) => resolve(base, p));
    case "severity":
      if (typeof value !== "string" || !SEVERITY_WORDS.includes(value)) throw fail(SEVERITY_WORDS.join("|"));
      return value;
    case "fail-on":
      if (typeof value !== "string" || ![...SEVERITY_WORDS, "none"].includes(value))
        throw fail(`${SEVERITY_WORDS.join("|")}|none`);
      return value;
    case "table-of-strings": {
      if (!isPlainObject(value)) throw fail('a table of glob = ["WW101", …]');
      const out: Record<string, string[]> = {};
      for (const [glob, ids] of Object.entries(value)) {
        if (!strings(ids)) throw fail(`a table whose values are lists of rule ids ('${glob}')`);
        out[glob] = [...(ids as string[])];
      }
      return out;
    }
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** The line a key is set on (1-based), by its `key =` text: TOML parsers keep no positions. */
function lineOf(text: string, key: string): number | undefined {
  const lines = text.split("\n");
  const escaped = key.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");
  const re = new RegExp(`^\\s*("${escaped}"|${escaped})\\s*=`);
  // A table key is a header: [per-file-ignores] or [tool.wirewarden.per-file-ignores].
  const header = new RegExp(
    `^\\s*\\[\\s*(tool\\s*\\.\\s*wirewarden\\s*\\.\\s*)?("${escaped}"|${escaped})\\s*\\]`,
  );
  const i = lines.findIndex((l) => re.test(l) || header.test(l));
  return i < 0 ? undefined : i + 1;
}

/** The known word nearest to `word` (edit distance ≤ 3), for "did you mean". */
export function closest(word: string, known: readonly string[]): string | undefined {
  let best: { w: string; d: number } | undefined;
  for (const w of known) {
    const d = distance(word.toLowerCase().replace(/_/g, "-"), w);
    if (d <= 3 && (!best || d < best.d)) best = { w, d };
  }
  return best?.w;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] as number;
      row[j] = Math.min(
        (row[j] as number) + 1,
        (row[j - 1] as number) + 1,
        prev + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      prev = cur;
    }
  }
  return row[b.length] as number;
}
