/**
 * The values a command runs with: each from the command line when it was given there, else from the configuration
 * file, else the default; and where each came from, for `wirewarden config`.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { UsageError } from "../engine/usage.js";
import {
  CONFIG_KEYS,
  type ConfigKey,
  type ConfigValues,
  findConfigFile,
  type LoadedConfig,
  loadConfig,
} from "./config-file.js";

/** `--exclude-tests`: what test code looks like in Django repositories (pytest, unittest, e2e suites, fixtures). */
export const TEST_GLOBS = [
  "tests/",
  "test/",
  "test_*.py",
  "*_test.py",
  "*_tests.py",
  "tests.py",
  "conftest.py",
  "e2e/",
  "fixtures/",
  "testing/",
];

/** What a key is when neither the command line nor the file sets it (and the command has no flag to say so). */
const DEFAULTS = { "fail-on": "high" } as const;

/** Commander's attribute for a key's flag (`min-severity` → `minSeverity`). */
const attribute = (key: ConfigKey) => key.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

export interface Effective {
  values: ConfigValues;
  /** "--flag", "<file>:<line>", or "default". */
  sources: Partial<Record<ConfigKey, string>>;
  config?: LoadedConfig;
}

/** The configuration for a run on `path`: `--config FILE`, else the file found from `path` upwards, else none. */
export function configFor(path: string, explicit: string | undefined): LoadedConfig | undefined {
  if (explicit !== undefined) {
    const file = resolve(explicit);
    if (!existsSync(file)) throw new UsageError(`--config ${explicit}: no such file`);
    return loadConfig(file);
  }
  const found = findConfigFile(path);
  return found ? loadConfig(found) : undefined;
}

/** Merges the command line over the configuration for the keys `cmd` has flags for. */
export function effective(cmd: Command, path: string, explicit: string | undefined): Effective {
  const config = configFor(path, explicit);
  const values: ConfigValues = {};
  const sources: Partial<Record<ConfigKey, string>> = {};
  const opts = cmd.opts() as Record<string, unknown>;
  for (const key of Object.keys(CONFIG_KEYS) as ConfigKey[]) {
    const attr = attribute(key);
    const fromCli = cmd.getOptionValueSource(attr) === "cli";
    const cli = opts[attr];
    const own = config?.values[key];
    let value: unknown;
    if (fromCli && !isEmpty(cli)) {
      value = cli;
      sources[key] = CONFIG_KEYS[key].flag;
    } else if (own !== undefined) {
      value = own;
      sources[key] = `${config?.file}${config?.lines[key] ? `:${config.lines[key]}` : ""}`;
    } else if (cli !== undefined && !isEmpty(cli)) {
      value = cli;
      sources[key] = "default";
    }
    if (value === undefined && key in DEFAULTS) {
      value = DEFAULTS[key as keyof typeof DEFAULTS];
      sources[key] = "default";
    }
    if (value !== undefined) (values as Record<string, unknown>)[key] = value;
  }
  return { values, sources, ...(config ? { config } : {}) };
}

function isEmpty(v: unknown): boolean {
  return v === undefined || (Array.isArray(v) && v.length === 0);
}

/** `--select WW1,WW3 --select WW401`: ids and prefixes, however they were split. */
export function ruleList(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** `wirewarden config`: one line per key, `key = value  # source`, in TOML a user can paste. */
export function describeEffective(e: Effective): string {
  const lines = [
    e.config
      ? `# configuration file: ${e.config.file}`
      : "# no configuration file found (.wirewarden.toml, or [tool.wirewarden] in pyproject.toml)",
  ];
  for (const key of Object.keys(CONFIG_KEYS) as ConfigKey[]) {
    const value = e.values[key];
    const source = e.sources[key];
    lines.push(
      value === undefined
        ? `# ${key} (not set): ${CONFIG_KEYS[key].description}`
        : `${key} = ${toml(value)}  # ${source}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

function toml(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map((x) => JSON.stringify(x)).join(", ")}]`;
  if (typeof v === "object" && v !== null)
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)} = ${toml(x)}`)
      .join(", ")} }`;
  return JSON.stringify(v);
}
