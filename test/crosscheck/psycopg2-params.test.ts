/**
 * The evaluator's effective libpq `sslmode` / `sslrootcert` per database alias, against what the real Django
 * (3.2, Debian) hands psycopg2 (2.9, Debian) for the same settings module and the same environment.
 *
 * The Python side is test/harness/django_settings_dump.py: it imports the settings with exactly the env a case
 * supplies (everything else, PG* included, is cleared), asks each alias for `get_connection_params()` and reports
 * the sslmode libpq would use (passed value, else PGSSLMODE, else "prefer") and the sslrootcert (passed value,
 * else PGSSLROOTCERT, else null). Nothing connects: the harness replaces psycopg2.connect and sockets.
 *
 * Each case also pins what Django said when the case was written (`django`), so a change in the harness or the
 * Debian packages shows up as a harness failure, not as a silent change of what the evaluator is compared with.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, walkTree } from "../../src/core/files.js";
import type { DatabaseAlias, SettingsView } from "../../src/django/model.js";
import { buildScanModel } from "../../src/django/scan-model.js";
import { pythonParser } from "../../src/python/parser.js";

const run = promisify(execFile);

const SYSTEM_PYTHON = "/usr/bin/python3";
const HARNESS_DIR = join(import.meta.dirname, "..", "harness");
const DUMP = join(HARNESS_DIR, "django_settings_dump.py");
const SHIMS = join(HARNESS_DIR, "shims");
const FIXTURES = join(import.meta.dirname, "..", "fixtures", "crosscheck");
const INSTALL_HINT =
  "install Debian packages: apt-get install -y python3-django python3-psycopg2 python3-dj-database-url python3-django-environ";
const HARNESS_TIMEOUT_MS = 30_000;

/** Engines the harness asks for connection params (the postgresql backend and its relatives). */
const POSTGRES_ENGINES = new Set([
  "django.db.backends.postgresql",
  "django.db.backends.postgresql_psycopg2",
  "django.contrib.gis.db.backends.postgis",
  "django_cockroachdb",
]);

/**
 * One alias, normalized so both sides can be compared: `sslmode | sslrootcert` for the postgres family
 * (`-` for no root cert), `sqlite` for SQLite, `unknown` for an alias with no engine (Django: dummy backend).
 */
type Summary = Record<string, string>;

const pg = (sslmode: string, sslrootcert: string | null = null) => `${sslmode} | ${sslrootcert ?? "-"}`;

interface ViewCheck {
  /** The evaluator view compared: null when the module must have exactly one view, else its `condition`. */
  condition: string | null;
  /** Env given to Django on top of the case's env, to reach the outcome this view stands for. */
  harnessEnv?: Record<string, string>;
  /** What Django + psycopg2 said when the case was written. */
  django: Summary;
}

interface Case {
  name: string;
  fixture: string;
  module: string;
  /** Supplied to both sides: `--env` for the harness, the scan's env for the evaluator. */
  env: Record<string, string>;
  views: ViewCheck[];
  /**
   * A difference that is a modelling choice of the evaluator, not a bug: the test pins it (so a change either
   * way is noticed) instead of asking for agreement. Genuine evaluator bugs are NOT listed here: they fail.
   */
  modelled?: { why: string; differences: string[] };
}

const only = (django: Summary): ViewCheck[] => [{ condition: null, django }];

const CA = "/etc/ssl/db-ca.pem";
const REPLICA_IF = 'os.environ.get("USE_REPLICA")';

const CASES: Case[] = [
  {
    name: "OPTIONS sslmode and sslrootcert literals",
    fixture: "options-literal",
    module: "app.settings",
    env: {},
    views: only({ default: pg("verify-full", "/etc/ssl/certs/db-ca.pem"), analytics: pg("verify-ca") }),
  },
  {
    name: "dj_database_url.config/parse, query string into OPTIONS, DATABASE_URL not supplied",
    fixture: "dj-database-url",
    module: "app.settings",
    env: {},
    views: only({
      default: pg("require"),
      reporting: pg("verify-ca", "/etc/ssl/reports-ca.pem"),
      archive: pg("prefer"),
    }),
  },
  {
    name: "dj_database_url.config with DATABASE_URL supplied",
    fixture: "dj-database-url",
    module: "app.settings",
    env: { DATABASE_URL: `postgres://shop@db.example.com/shop?sslmode=verify-full&sslrootcert=${CA}` },
    views: only({
      default: pg("verify-full", CA),
      reporting: pg("verify-ca", "/etc/ssl/reports-ca.pem"),
      archive: pg("prefer"),
    }),
  },
  {
    name: "ssl_require=True overwrites ?sslmode=verify-full (keyword and positional)",
    fixture: "ssl-require",
    module: "app.settings",
    env: {},
    views: only({
      default: pg("require", CA),
      replica: pg("require"),
      positional: pg("require"),
      unforced: pg("verify-full"),
    }),
  },
  {
    name: "ssl_require=True overwrites the sslmode of a supplied DATABASE_URL",
    fixture: "ssl-require",
    module: "app.settings",
    env: { DATABASE_URL: "postgres://shop@db.example.com/shop?sslmode=verify-full" },
    views: only({
      default: pg("require"),
      replica: pg("require"),
      positional: pg("require"),
      unforced: pg("verify-full"),
    }),
  },
  {
    name: "env reads with defaults, nothing supplied (os.environ.get, os.getenv, environ.Env, `or`)",
    fixture: "env-defaults",
    module: "app.settings",
    env: {},
    views: only({
      default: pg("disable"),
      getenv: pg("allow"),
      environ: pg("require", "/etc/ssl/db3-ca.pem"),
      fallback: pg("verify-full"),
    }),
  },
  {
    name: "env reads with every variable supplied",
    fixture: "env-defaults",
    module: "app.settings",
    env: {
      DB_SSLMODE: "verify-full",
      DB_SSLROOTCERT: CA,
      DB2_SSLMODE: "verify-ca",
      DB3_SSLMODE: "verify-full",
      DB3_SSLROOTCERT: "/run/secrets/db3-ca.pem",
      DB4_SSLMODE: "require",
    },
    views: only({
      default: pg("verify-full", CA),
      getenv: pg("verify-ca"),
      environ: pg("verify-full", "/run/secrets/db3-ca.pem"),
      fallback: pg("require"),
    }),
  },
  {
    name: "env reads supplied empty: an empty sslmode is passed on, `or` falls back",
    fixture: "env-defaults",
    module: "app.settings",
    env: { DB_SSLMODE: "", DB4_SSLMODE: "" },
    views: only({
      default: pg(""),
      getenv: pg("allow"),
      environ: pg("require", "/etc/ssl/db3-ca.pem"),
      fallback: pg("verify-full"),
    }),
  },
  {
    name: "no OPTIONS sslmode, no PG* env: libpq default prefer",
    fixture: "pgsslmode",
    module: "app.settings",
    env: {},
    views: only({ default: pg("prefer"), pinned: pg("require", "/etc/ssl/pinned-ca.pem") }),
  },
  {
    name: "PGSSLMODE and PGSSLROOTCERT supplied apply only where OPTIONS has no value",
    fixture: "pgsslmode",
    module: "app.settings",
    env: { PGSSLMODE: "verify-full", PGSSLROOTCERT: CA },
    views: only({ default: pg("verify-full", CA), pinned: pg("require", "/etc/ssl/pinned-ca.pem") }),
  },
  {
    name: "split settings: production star-imports base and updates OPTIONS",
    fixture: "split-settings",
    module: "app.settings.production",
    env: {},
    views: only({ default: pg("verify-full", CA), replica: pg("verify-ca"), reports: pg("require") }),
  },
  {
    name: "split settings: base alone",
    fixture: "split-settings",
    module: "app.settings.base",
    env: {},
    views: only({ default: pg("prefer"), replica: pg("prefer") }),
  },
  {
    name: "django-environ env.db()/db_url() with ?sslmode in the default URL",
    fixture: "environ-db",
    module: "app.settings",
    env: {},
    views: only({ default: pg("verify-full", CA), replica: pg("verify-ca") }),
  },
  {
    name: "django-environ env.db() with DATABASE_URL supplied",
    fixture: "environ-db",
    module: "app.settings",
    env: { DATABASE_URL: "postgres://shop@db.example.com/shop?sslmode=disable" },
    views: only({ default: pg("disable"), replica: pg("verify-ca") }),
  },
  {
    name: "OPTIONS sslmode None and sslrootcert None are dropped",
    fixture: "sslmode-none",
    module: "app.settings",
    env: {},
    views: only({ default: pg("prefer") }),
  },
  {
    name: "OPTIONS sslmode None falls through to PGSSLMODE / PGSSLROOTCERT",
    fixture: "sslmode-none",
    module: "app.settings",
    env: { PGSSLMODE: "require", PGSSLROOTCERT: CA },
    views: only({ default: pg("require", CA) }),
  },
  {
    name: "replica behind `if os.environ.get(...)`, not supplied: one view per branch",
    fixture: "replica-if",
    module: "app.settings",
    env: {},
    views: [
      { condition: `${REPLICA_IF} is false`, django: { default: pg("verify-full", CA) } },
      {
        condition: `${REPLICA_IF} is true`,
        harnessEnv: { USE_REPLICA: "1" },
        django: { default: pg("verify-full", CA), replica: pg("require") },
      },
    ],
  },
  {
    name: "replica behind `if`, USE_REPLICA supplied: a single view with the replica",
    fixture: "replica-if",
    module: "app.settings",
    env: { USE_REPLICA: "1" },
    views: only({ default: pg("verify-full", CA), replica: pg("require") }),
  },
  {
    name: "replica behind `if`, USE_REPLICA and REPLICA_SSLMODE supplied",
    fixture: "replica-if",
    module: "app.settings",
    env: { USE_REPLICA: "yes", REPLICA_SSLMODE: "verify-full" },
    views: only({ default: pg("verify-full", CA), replica: pg("verify-full") }),
  },
  {
    name: "replica behind `if`, USE_REPLICA supplied empty: a single view without the replica",
    fixture: "replica-if",
    module: "app.settings",
    env: { USE_REPLICA: "" },
    views: only({ default: pg("verify-full", CA) }),
  },
  {
    name: "django_cockroachdb engine (test shim of the postgresql backend)",
    fixture: "cockroach",
    module: "app.settings",
    env: {},
    views: only({ default: pg("verify-full", "/certs/ca.crt"), ledger: pg("prefer") }),
  },
  {
    name: "django_cockroachdb engine with PGSSLMODE supplied",
    fixture: "cockroach",
    module: "app.settings",
    env: { PGSSLMODE: "disable" },
    views: only({ default: pg("verify-full", "/certs/ca.crt"), ledger: pg("disable") }),
  },
  {
    name: "sqlite alias next to a postgres one",
    fixture: "sqlite-and-postgres",
    module: "app.settings",
    env: {},
    views: only({ default: pg("allow"), cache: "sqlite" }),
  },
  {
    name: "edge: OPTIONS mutated after a URL parse (setdefault, ** merge, pop, del)",
    fixture: "edge-options-mutation",
    module: "app.settings",
    env: {},
    views: only({ default: pg("verify-ca"), merged: pg("verify-full"), popped: pg("prefer") }),
  },
  {
    name: "edge: empty ?sslmode= in a URL is dropped by parse_qs",
    fixture: "edge-url-blank-sslmode",
    module: "app.settings",
    env: {},
    views: only({ default: pg("prefer"), environ: pg("prefer") }),
  },
  {
    name: "edge: ?sslmode twice: dj-database-url keeps the last, django-environ 0.4 the first",
    fixture: "edge-url-duplicate-sslmode",
    module: "app.settings",
    env: {},
    views: only({ default: pg("verify-full"), environ: pg("disable") }),
  },
  {
    name: "edge: settings export PGSSLMODE / PGSSLROOTCERT into os.environ",
    fixture: "edge-settings-sets-pgsslmode",
    module: "app.settings",
    env: {},
    views: only({ default: pg("verify-full", CA) }),
  },
  {
    name: "edge: a .env with PGSSLMODE that nothing loads",
    fixture: "edge-dotenv-pgsslmode",
    module: "app.settings",
    env: {},
    views: only({ default: pg("prefer") }),
    modelled: {
      why:
        "the evaluator takes PG* variables from env files in the tree as the deployment's environment " +
        "(src/django/databases.ts pgEnvironment); Django and psycopg2 never read a .env themselves",
      differences: [`alias default: Django ${pg("prefer")}, evaluator ${pg("verify-full", CA)}`],
    },
  },
];

// ---------------------------------------------------------------------------------------------- both sides

interface HarnessAlias {
  ENGINE: string | null;
  error?: string;
  effective_sslmode: string | null;
  effective_sslrootcert: string | null;
}

interface HarnessOutput {
  databases: Record<string, HarnessAlias>;
  environment: { libpq_defaults: { sslmode: string | null; sslrootcert: string | null } };
  connect_attempts?: Record<string, string>;
}

async function dumpSettings(
  fixture: string,
  module: string,
  env: Record<string, string>,
  extraArgs: string[] = [],
  processEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, PYTHONDONTWRITEBYTECODE: "1" },
): Promise<HarnessOutput> {
  const envArgs = Object.entries(env).flatMap(([k, v]) => ["--env", `${k}=${v}`]);
  try {
    const { stdout } = await run(
      SYSTEM_PYTHON,
      [DUMP, join(FIXTURES, fixture), module, ...envArgs, ...extraArgs],
      { timeout: HARNESS_TIMEOUT_MS, maxBuffer: 4 * 1024 * 1024, env: processEnv },
    );
    return JSON.parse(stdout) as HarnessOutput;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`harness failed on ${fixture} ${module}: ${(err.stderr || err.message).trim()}`);
  }
}

function summarizeHarness(out: HarnessOutput): Summary {
  const s: Summary = {};
  for (const [alias, a] of Object.entries(out.databases)) {
    if (a.error) s[alias] = `error: ${a.error}`;
    else if (a.ENGINE !== null && POSTGRES_ENGINES.has(a.ENGINE))
      s[alias] = pg(a.effective_sslmode ?? "<none>", a.effective_sslrootcert);
    else if (a.ENGINE === "django.db.backends.sqlite3") s[alias] = "sqlite";
    else if (a.ENGINE === "django.db.backends.dummy") s[alias] = "unknown";
    else s[alias] = `other: ${a.ENGINE}`;
  }
  return s;
}

function summarizeAlias(a: DatabaseAlias): string {
  switch (a.family) {
    case "postgres": {
      const mode = a.sslmode.value ?? `<unknown: ${a.sslmode.unknownReason ?? a.sslmode.source}>`;
      const root =
        a.sslrootcert.source === "unknown"
          ? `<unknown: ${a.sslrootcert.unknownReason ?? "?"}>`
          : a.sslrootcert.value;
      return pg(mode, root);
    }
    case "sqlite":
      return "sqlite";
    case "unknown":
      return "unknown";
    default:
      return `other: ${a.engine}`;
  }
}

function summarizeView(v: SettingsView): Summary {
  return Object.fromEntries(v.databases.map((a) => [a.alias, summarizeAlias(a)]));
}

/** Every way two summaries differ, in words; empty when they agree. */
function differences(evaluator: Summary, django: Summary): string[] {
  const out: string[] = [];
  for (const alias of new Set([...Object.keys(django), ...Object.keys(evaluator)])) {
    const d = django[alias];
    const e = evaluator[alias];
    if (d === undefined) out.push(`alias ${alias}: evaluator has it (${e}), Django does not`);
    else if (e === undefined) out.push(`alias ${alias}: Django has it (${d}), evaluator does not`);
    else if (d !== e) out.push(`alias ${alias}: Django ${d}, evaluator ${e}`);
  }
  return out;
}

const parserPromise = pythonParser();

async function evaluatorViews(fixture: string, module: string, env: Record<string, string>) {
  const walk = await walkTree(join(FIXTURES, fixture), DEFAULT_LIMITS);
  const built = buildScanModel(await parserPromise, walk.files, {
    env: new Map(Object.entries(env)),
    treePaths: walk.allPaths,
    settingsModule: module,
  });
  return built.model.views.filter((v) => v.module === module);
}

interface Outcome {
  /** The evaluator views of the module, with their conditions, for the "one view per outcome" check. */
  conditions: (string | null)[];
  views: { check: ViewCheck; harness: HarnessOutput; django: Summary; evaluator: Summary | undefined }[];
}

let setupError: Error | undefined;
const outcomes = new Map<string, Outcome>();

async function requireDjango(): Promise<void> {
  try {
    await run(SYSTEM_PYTHON, ["-c", "import django, psycopg2, dj_database_url, environ"], {
      timeout: HARNESS_TIMEOUT_MS,
      env: { PATH: process.env.PATH, PYTHONDONTWRITEBYTECODE: "1" },
    });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(
      `${SYSTEM_PYTHON} cannot import Django, psycopg2, dj_database_url or environ (${(err.stderr || err.message).trim()}): ${INSTALL_HINT}`,
    );
  }
}

beforeAll(async () => {
  try {
    await requireDjango();
    await Promise.all(
      CASES.map(async (c) => {
        const views = await evaluatorViews(c.fixture, c.module, c.env);
        const rows = await Promise.all(
          c.views.map(async (check) => {
            const harness = await dumpSettings(c.fixture, c.module, { ...c.env, ...check.harnessEnv });
            const view = views.find((v) => v.condition === check.condition);
            return {
              check,
              harness,
              django: summarizeHarness(harness),
              evaluator: view ? summarizeView(view) : undefined,
            };
          }),
        );
        outcomes.set(c.name, { conditions: views.map((v) => v.condition), views: rows });
      }),
    );
  } catch (e) {
    setupError = e instanceof Error ? e : new Error(String(e));
  }
}, 180_000);

function outcome(name: string): Outcome {
  if (setupError) throw setupError;
  const o = outcomes.get(name);
  if (!o) throw new Error(`no outcome for ${name}`);
  return o;
}

// ---------------------------------------------------------------------------------------------- the tests

describe("the Django side", () => {
  it("runs the real Django + psycopg2 from Debian", async () => {
    if (setupError) throw setupError;
    await requireDjango();
  });

  it.each(CASES.map((c) => c.name))("Django says what the case pins: %s", (name) => {
    for (const row of outcome(name).views) {
      expect(row.django, `condition ${row.check.condition}`).toEqual(row.check.django);
    }
  });

  it("libpq's own defaults agree with the harness fallback (prefer; PGSSLMODE/PGSSLROOTCERT when set)", () => {
    const bare = outcome("no OPTIONS sslmode, no PG* env: libpq default prefer").views[0]?.harness;
    expect(bare?.environment.libpq_defaults).toEqual({ sslmode: "prefer", sslrootcert: null });
    const withEnv = outcome("PGSSLMODE and PGSSLROOTCERT supplied apply only where OPTIONS has no value")
      .views[0]?.harness;
    expect(withEnv?.environment.libpq_defaults).toEqual({ sslmode: "verify-full", sslrootcert: CA });
  });

  it("ignores the environment of the process running the tests", async () => {
    const out = await dumpSettings("pgsslmode", "app.settings", {}, [], {
      PATH: process.env.PATH,
      PYTHONDONTWRITEBYTECODE: "1",
      PGSSLMODE: "disable",
      PGSSLROOTCERT: "/leaked.pem",
      DATABASE_URL: "postgres://leak@leak.example.com/leak?sslmode=disable",
    });
    expect(summarizeHarness(out)).toEqual({
      default: pg("prefer"),
      pinned: pg("require", "/etc/ssl/pinned-ca.pem"),
    });
  });

  it("never connects: a connection attempt is refused by the harness itself", async () => {
    const out = await dumpSettings("connect-guard", "app.settings", {}, ["--self-test-connect"]);
    expect(out.connect_attempts).toEqual({
      default: "RuntimeError: django_settings_dump must not open database connections",
    });
  });

  it("the django_cockroachdb shim loads via PYTHONPATH and is the postgresql backend", async () => {
    const { stdout } = await run(
      SYSTEM_PYTHON,
      [
        "-c",
        "import django_cockroachdb.base as c, django.db.backends.postgresql.base as p; " +
          "print(issubclass(c.DatabaseWrapper, p.DatabaseWrapper), " +
          "c.DatabaseWrapper.get_connection_params is p.DatabaseWrapper.get_connection_params)",
      ],
      {
        timeout: HARNESS_TIMEOUT_MS,
        env: { PATH: process.env.PATH, PYTHONPATH: SHIMS, PYTHONDONTWRITEBYTECODE: "1" },
      },
    );
    expect(stdout.trim()).toBe("True True");
  });

  it("redacts passwords", () => {
    const text = JSON.stringify(
      outcome("dj_database_url.config/parse, query string into OPTIONS, DATABASE_URL not supplied").views[0]
        ?.harness,
    );
    expect(text).not.toContain("not-a-real-password");
    expect(text).toContain("****");
  });
});

describe("the evaluator agrees with Django + psycopg2 per alias", () => {
  it.each(CASES.map((c) => c.name))("%s", (name) => {
    const o = outcome(name);
    const c = CASES.find((x) => x.name === name) as Case;
    // Forks only when a condition depends on an env var nobody supplied; one view per compared outcome.
    expect([...o.conditions].sort()).toEqual(c.views.map((v) => v.condition).sort());
    const found = o.views.flatMap((row) => {
      expect(row.evaluator, `no evaluator view with condition ${row.check.condition}`).toBeDefined();
      return differences(row.evaluator ?? {}, row.django);
    });
    expect(found, c.modelled ? `modelled divergence: ${c.modelled.why}` : "evaluator vs Django").toEqual(
      c.modelled?.differences ?? [],
    );
  });
});

describe("the comparison is not vacuous", () => {
  it("covers at least three distinct effective sslmodes, a root cert, and a non-postgres alias", () => {
    const all = CASES.flatMap((c) => outcome(c.name).views.flatMap((r) => Object.values(r.django)));
    const modes = new Set(all.filter((s) => s.includes(" | ")).map((s) => s.split(" | ")[0]));
    expect(modes.size).toBeGreaterThanOrEqual(3);
    for (const m of ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"])
      expect(modes).toContain(m);
    expect(all.some((s) => s.includes(" | /"))).toBe(true);
    expect(all).toContain("sqlite");
  });

  it("detects a different sslmode, a different root cert, a missing alias and an extra alias", () => {
    const django = outcome("OPTIONS sslmode and sslrootcert literals").views[0]?.django ?? {};
    expect(differences({ ...django }, django)).toEqual([]);
    expect(
      differences({ ...django, default: pg("require", "/etc/ssl/certs/db-ca.pem") }, django),
    ).toHaveLength(1);
    expect(differences({ ...django, default: pg("verify-full") }, django)).toHaveLength(1);
    const { analytics: _dropped, ...fewer } = django;
    expect(differences(fewer, django)).toEqual([
      `alias analytics: Django has it (${pg("verify-ca")}), evaluator does not`,
    ]);
    expect(differences({ ...django, extra: pg("prefer") }, django)).toHaveLength(1);
    expect(differences({ ...django, analytics: "sqlite" }, django)).toHaveLength(1);
  });
});
