/**
 * The shapes the evaluator now follows (project functions, loops over DATABASES, comprehensions, globals() and
 * setattr on the module, `"X" in os.environ`), checked against what the real Django + psycopg2 from Debian make
 * of the same settings (test/harness/django_settings_dump.py; nothing connects). Each case also pins what Django
 * said when it was written, so a harness change is not mistaken for agreement.
 */
import { execFile } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import type { DatabaseAlias, SettingsView } from "../../src/django/model.js";
import { modelOf } from "../helpers/model.js";

const run = promisify(execFile);
const DUMP = join(import.meta.dirname, "..", "harness", "django_settings_dump.py");
const FIXTURES = join(import.meta.dirname, "..", "fixtures", "evaluator");

const pg = (sslmode: string, root: string | null = null) => `${sslmode} | ${root ?? "-"}`;
type Summary = Record<string, string>;

interface Case {
  fixture: string;
  env: Record<string, string>;
  /** The evaluator view compared (null: the module has exactly one view). */
  condition: string | null;
  django: Summary;
}

const CASES: Case[] = [
  {
    fixture: "functions",
    env: {},
    condition: null,
    django: {
      default: pg("verify-full", "/etc/ssl/strict-ca.pem"),
      replica: pg("verify-ca"),
      archive: pg("require"),
      reports: pg("prefer"),
      legacy: pg("allow", "/etc/ssl/strict-ca.pem"),
    },
  },
  {
    fixture: "loops",
    env: {},
    condition: null,
    django: {
      default: pg("verify-full"),
      replica: pg("verify-full", "/etc/ssl/replica-ca.pem"),
      batch: pg("require"),
    },
  },
  {
    fixture: "loops",
    env: {
      REPLICA_DB_URL: "postgres://shop@r2.example.com/shop?sslmode=disable",
      BATCH_DB_URL: "postgres://shop@b2.example.com/shop?sslmode=verify-full",
    },
    condition: null,
    django: {
      default: pg("verify-full"),
      replica: pg("disable", "/etc/ssl/replica-ca.pem"),
      batch: pg("require"),
    },
  },
  {
    fixture: "comprehensions",
    env: {},
    condition: null,
    django: {
      default: pg("verify-full", "/etc/ssl/db-ca.pem"),
      replica: pg("verify-ca"),
      analytics: pg("verify-full", "/etc/ssl/db-ca.pem"),
    },
  },
  {
    fixture: "namespace",
    env: {},
    condition: '"STRICT_TLS" in os.environ is false',
    django: { default: pg("require"), replica: pg("prefer") },
  },
  {
    fixture: "namespace",
    env: { STRICT_TLS: "1" },
    condition: null,
    django: {
      default: pg("verify-full", "/etc/ssl/strict-ca.pem"),
      replica: pg("verify-full", "/etc/ssl/strict-ca.pem"),
    },
  },
];

function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".py")) out[relative(dir, p)] = readFileSync(p, "utf8");
    }
  };
  walk(dir);
  return out;
}

function summarizeAlias(a: DatabaseAlias): string {
  if (a.family !== "postgres") return `${a.family}: ${a.engine}`;
  const mode = a.sslmode.value ?? `<unknown: ${a.sslmode.unknownReason}>`;
  const root =
    a.sslrootcert.source === "unknown" ? `<unknown: ${a.sslrootcert.unknownReason}>` : a.sslrootcert.value;
  return pg(mode, root);
}

const summarizeView = (v: SettingsView): Summary =>
  Object.fromEntries(v.databases.map((a) => [a.alias, summarizeAlias(a)]));

async function django(fixture: string, env: Record<string, string>): Promise<Summary> {
  const envArgs = Object.entries(env).flatMap(([k, v]) => ["--env", `${k}=${v}`]);
  const { stdout } = await run(
    "/usr/bin/python3",
    [DUMP, join(FIXTURES, fixture), "app.settings", ...envArgs],
    {
      timeout: 30_000,
      env: { PATH: process.env.PATH, PYTHONDONTWRITEBYTECODE: "1" },
    },
  );
  const out = JSON.parse(stdout) as {
    databases: Record<
      string,
      { ENGINE: string | null; effective_sslmode: string | null; effective_sslrootcert: string | null }
    >;
  };
  return Object.fromEntries(
    Object.entries(out.databases).map(([alias, a]) => [
      alias,
      a.ENGINE?.includes("postgresql")
        ? pg(a.effective_sslmode ?? "<none>", a.effective_sslrootcert)
        : `other: ${a.ENGINE}`,
    ]),
  );
}

describe("the evaluator agrees with Django on the shapes it now follows", () => {
  it.each(CASES.map((c, i) => [`${c.fixture} ${JSON.stringify(c.env)}`, i] as const))(
    "%s",
    async (_name, i) => {
      const c = CASES[i] as Case;
      const real = await django(c.fixture, c.env);
      expect(real, "the harness changed").toEqual(c.django);
      const { model } = await modelOf(filesOf(join(FIXTURES, c.fixture)), { env: c.env });
      const views = model.views.filter(
        (v) => v.module === "app.settings" && (c.condition === null || v.condition === c.condition),
      );
      expect(views).toHaveLength(1);
      expect(summarizeView(views[0] as SettingsView)).toEqual(real);
    },
    60_000,
  );
});
