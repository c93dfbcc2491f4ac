/**
 * Rule tables for WW000 (what the scan could not analyze) and the database channel rules WW101–WW118: settings
 * modules, env files and deployment files in memory, parsed and evaluated as `scan` does, no tree on disk.
 */
import type { RuntimeAlias, RuntimeModule } from "../../../src/core/runtime-facts.js";
import type { ScanModel } from "../../../src/django/model.js";
import { ww000 } from "../../../src/rules/ww000-not-analyzed.js";
import { ww001 } from "../../../src/rules/ww001-static-runtime-mismatch.js";
import { ww101 } from "../../../src/rules/ww101-db-tls-not-enforced.js";
import { ww102 } from "../../../src/rules/ww102-db-tls-disabled.js";
import { ww103 } from "../../../src/rules/ww103-db-cert-not-verified.js";
import { ww104 } from "../../../src/rules/ww104-db-hostname-not-verified.js";
import { ww105 } from "../../../src/rules/ww105-db-root-cert-implicit.js";
import { ww106 } from "../../../src/rules/ww106-db-tls-inconsistent-aliases.js";
import { ww107 } from "../../../src/rules/ww107-db-tls-env-default-weak.js";
import { ww108 } from "../../../src/rules/ww108-db-url-weak-sslmode.js";
import { ww109 } from "../../../src/rules/ww109-db-persistent-unverified.js";
import { ww110 } from "../../../src/rules/ww110-db-password-in-source.js";
import { ww111 } from "../../../src/rules/ww111-db-client-key-exposed.js";
import { ww112 } from "../../../src/rules/ww112-db-env-sslmode-weak.js";
import { ww113 } from "../../../src/rules/ww113-db-scram-without-channel-binding.js";
import { ww114 } from "../../../src/rules/ww114-db-rootcert-system-implicit.js";
import { ww115 } from "../../../src/rules/ww115-db-rootcert-path-unexpanded.js";
import { ww116 } from "../../../src/rules/ww116-db-tls-min-version-weak.js";
import { ww117 } from "../../../src/rules/ww117-db-tls-keylog-enabled.js";
import { ww118 } from "../../../src/rules/ww118-db-service-file-weak.js";
import { modelOf } from "../../helpers/model.js";
import type { RuleTable } from "../../helpers/rule-tester.js";
import { devSettingsProject, settingsProject } from "../../helpers/scan.js";
import { type Files, pgProject, scanModel } from "./scan-model.js";

const VERIFIED = `{"sslmode": "verify-full", "sslrootcert": "/etc/ca.crt"}`;
const sslmode = (mode: string) => `{"sslmode": "${mode}"}`;

/** A settings module that reads a database URL with dj_database_url (`call` is the Python expression). */
const djUrl = (call: string) => settingsProject(`import dj_database_url\nDATABASES = {"default": ${call}}\n`);

/** A settings module with no database, so only the files beside it (.env, deployment files) say anything. */
const besideSettings = (extra: Files) => settingsProject("DEBUG = False\n", extra);

/** The sslmode of `default` read from env by one of the readers WW107 knows, with a root certificate set. */
const sslmodeFromEnv = (read: string) =>
  settingsProject(
    `import os\nfrom decouple import config\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "OPTIONS": {"sslmode": ${read}, "sslrootcert": "/etc/ca.crt"}}}\n`,
  );

/** A PostgreSQL alias whose dict entries (after HOST) are `extra`, Python source: CONN_MAX_AGE, PASSWORD… */
const pgWith = (extra: string, host = `"db.example.com"`) =>
  settingsProject(
    `import os\nimport environ\nenv = environ.Env()\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": ${host}, ${extra}}}\n`,
  );

/** Up to three network PostgreSQL aliases (default, replica, reports) with these sslmodes, for WW106. */
const aliases = (modes: readonly string[], extra = "") =>
  settingsProject(
    `DATABASES = {\n${modes
      .map(
        (mode, i) =>
          `  "${["default", "replica", "reports"][i]}": {"ENGINE": "django.db.backends.postgresql", "HOST": "db${i}.example.com", "OPTIONS": {"sslmode": "${mode}"}},\n`,
      )
      .join("")}}\n${extra}`,
  );

/** A PostgreSQL alias `default` naming a libpq service in OPTIONS (`options`, Python source); HOST empty by default. */
const serviceSettings = (options: string, host = `""`) =>
  `import os\nSECRET_KEY = "x"\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "app", "HOST": ${host}, "OPTIONS": ${options}}}\n`;

/** That alias beside a pg_service.conf at the root which .env's PGSERVICEFILE names (unless `extra` says otherwise). */
const serviceProject = (options: string, serviceFile: string, extra: Files = {}, host?: string) =>
  settingsProject(serviceSettings(options, host), {
    "pg_service.conf": serviceFile,
    ".env": "PGSERVICEFILE=pg_service.conf\n",
    ...extra,
  });

const SERVICE_STRONG = "[app]\nhost=db.example.com\nsslmode=verify-full\nsslrootcert=/etc/ca.crt\n";
const SERVICE_REQUIRE = "[app]\nhost=db.example.com\nsslmode=require\n";

/** A client key committed beside the settings, with the file mode the walker reports (owner uid 1000). */
const withKey = (mode: number, settings = "X = 1\n") =>
  scanModel(
    { ...settingsProject(settings), "certs/client.key": "" },
    { modes: { "certs/client.key": mode } },
  );

/** The test walker gives every file uid 1000: a root-owned key is set on a model built from files instead. */
const rootKey = (mode: number) => async (): Promise<ScanModel> => ({
  ...(await modelOf(settingsProject("X = 1\n"))).model,
  keyFiles: [{ file: "certs/client.key", mode, uid: 0 }],
});

export const SCAN_DB_TABLES: readonly RuleTable<ScanModel>[] = [
  {
    rule: ww000,
    valid: [
      { name: "literals the evaluator follows, verify-full", model: scanModel(pgProject(VERIFIED)) },
      {
        name: "SQLite: a file, no channel to lose",
        model: scanModel(
          settingsProject(
            `DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db"}}\n`,
          ),
        ),
      },
      {
        // --env-file decides what the code alone leaves open.
        name: "an env read without default, supplied",
        model: scanModel(settingsProject(`import os\nDEBUG = os.environ["DJANGO_DEBUG"]\n`), {
          env: { DJANGO_DEBUG: "" },
        }),
      },
    ],
    invalid: [
      {
        // What it leaves unknown is production's database channel: it gates.
        name: "manage.py names a production module that is not in the tree",
        model: scanModel(
          besideSettings({
            "manage.py": `import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n`,
          }),
        ),
        hits: [
          {
            severity: "medium",
            message: /production settings module shop\.settings .*not in the scanned tree/,
          },
        ],
      },
      {
        name: "a settings module with a syntax error",
        model: scanModel(settingsProject("DEBUG = False\nX = (\n")),
        hits: [{ severity: "info", message: /^not analyzed: syntax error/ }],
      },
      {
        name: "a malformed YAML deployment file",
        model: scanModel(besideSettings({ "k8s/broken.yaml": "kind: Deployment\nspec: [unclosed\n" })),
        hits: [{ severity: "info", message: /^not analyzed: malformed YAML/ }],
      },
      {
        name: "sslmode from an env var with no default, not supplied",
        model: scanModel(pgProject(`{"sslmode": __import__("os").environ["DB_SSLMODE"]}`)),
        hits: [
          {
            severity: "medium",
            message: /effective sslmode of alias 'default' cannot be determined: env var DB_SSLMODE/,
            evidence: /^host db\.example\.com; engine django\.db\.backends\.postgresql$/,
          },
        ],
      },
      {
        // A development module's unknown alias is still said, but does not gate.
        name: "an alias built by an unknown call, in a development module",
        model: scanModel(devSettingsProject(`DATABASES = {"default": build_database()}\n`)),
        hits: [
          { severity: "info", message: /DATABASES\['default'\] cannot be determined: value computed by/ },
        ],
      },
      {
        // Out of scope, not a gap in the evaluation: information.
        name: "a MySQL alias on a network host",
        model: scanModel(pgProject(undefined, `"db.example.com"`, "django.db.backends.mysql")),
        hits: [
          { severity: "info", message: /uses django\.db\.backends\.mysql, not a PostgreSQL-wire database/ },
        ],
      },
      {
        name: "an HTTPS setting from an env var with no default",
        model: scanModel(settingsProject(`import os\nSECURE_SSL_REDIRECT = os.environ["SSL_REDIRECT"]\n`)),
        hits: [
          { severity: "info", message: /^SECURE_SSL_REDIRECT cannot be determined: env var SSL_REDIRECT/ },
        ],
      },
    ],
  },
  {
    rule: ww101,
    valid: [
      { name: "verify-full with a root certificate", model: scanModel(pgProject(VERIFIED)) },
      { name: "require (WW103's)", model: scanModel(pgProject(sslmode("require"))) },
      { name: "localhost: no network hop", model: scanModel(pgProject(undefined, `"localhost"`)) },
      { name: "a Unix socket", model: scanModel(pgProject(undefined, `"/var/run/postgresql"`)) },
      {
        name: "PGSSLMODE=verify-full supplied for an alias without sslmode",
        model: scanModel(pgProject(), { env: { PGSSLMODE: "verify-full" } }),
      },
      {
        name: "OPTIONS sslmode wins over a weak PGSSLMODE in .env",
        model: scanModel({ ...pgProject(sslmode("verify-full")), ".env": "PGSSLMODE=prefer\n" }),
      },
    ],
    invalid: [
      {
        name: "no OPTIONS: libpq's default prefer",
        model: scanModel(pgProject()),
        hits: [
          { severity: "high", message: /sets no sslmode, so libpq uses 'prefer'/, evidence: /libpq default/ },
        ],
      },
      {
        name: "explicit prefer",
        model: scanModel(pgProject(sslmode("prefer"))),
        hits: [{ severity: "high", message: /^database alias 'default' uses sslmode 'prefer'/ }],
      },
      {
        name: "a URL without sslmode (dj_database_url.parse)",
        model: scanModel(djUrl(`dj_database_url.parse("postgres://u@db.example.com/app")`)),
        hits: [{ severity: "high", evidence: /effective sslmode prefer .*host db\.example\.com/ }],
      },
      {
        name: "PGSSLMODE=prefer from a .env file",
        model: scanModel({ ...pgProject(), ".env": "PGSSLMODE=prefer\n" }),
        hits: [{ severity: "high", evidence: /from PGSSLMODE/ }],
      },
    ],
  },
  {
    rule: ww102,
    valid: [
      { name: "prefer (WW101's)", model: scanModel(pgProject(sslmode("prefer"))) },
      { name: "verify-full", model: scanModel(pgProject(VERIFIED)) },
      { name: "disable on loopback", model: scanModel(pgProject(sslmode("disable"), `"127.0.0.1"`)) },
    ],
    invalid: [
      {
        name: "disable",
        model: scanModel(pgProject(sslmode("disable"))),
        hits: [{ severity: "critical", message: /uses sslmode 'disable', which never uses TLS/ }],
      },
      {
        name: "allow",
        model: scanModel(pgProject(sslmode("allow"))),
        hits: [{ severity: "critical", message: /uses sslmode 'allow', which tries plaintext first/ }],
      },
      {
        name: "?sslmode=disable in a dj_database_url URL",
        model: scanModel(
          djUrl(`dj_database_url.parse("postgresql://app@db.example.com:26257/app?sslmode=disable")`),
        ),
        hits: [{ severity: "critical", evidence: /from the database URL's query string/ }],
      },
      {
        name: "PGSSLMODE=disable supplied in the environment",
        model: scanModel(pgProject(), { env: { PGSSLMODE: "disable" } }),
        hits: [{ severity: "critical", evidence: /effective sslmode disable \(from PGSSLMODE/ }],
      },
    ],
  },
  {
    rule: ww103,
    valid: [
      { name: "verify-full", model: scanModel(pgProject(VERIFIED)) },
      {
        name: "ssl_require=False leaves the URL's verify-full",
        model: scanModel(
          djUrl(
            `dj_database_url.parse("postgres://u@db.example.com/app?sslmode=verify-full", ssl_require=False)`,
          ),
        ),
      },
      { name: "verify-ca (WW104's)", model: scanModel(pgProject(sslmode("verify-ca"))) },
    ],
    invalid: [
      {
        name: "OPTIONS sslmode require",
        model: scanModel(pgProject(sslmode("require"))),
        hits: [{ severity: "high", message: /uses sslmode 'require': traffic is encrypted but/ }],
      },
      {
        name: "ssl_require=True overwrites ?sslmode=verify-full",
        model: scanModel(
          djUrl(
            `dj_database_url.config(\n    default="postgres://app@db.example.com/app?sslmode=verify-full&sslrootcert=/etc/ca.pem",\n    ssl_require=True,\n)`,
          ),
        ),
        hits: [
          { severity: "high", message: /because dj_database_url\.config\(ssl_require=True\) overwrites/ },
        ],
      },
      {
        name: "django_heroku.settings(locals()) rewrites DATABASES with ssl_require",
        model: scanModel(
          settingsProject(
            `import django_heroku\nDATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "x"}}\ndjango_heroku.settings(locals())\n`,
          ),
        ),
        hits: [{ severity: "high", message: /django_heroku\.settings\(locals\(\)\)/ }],
      },
    ],
  },
  {
    rule: ww104,
    valid: [
      { name: "verify-full", model: scanModel(pgProject(VERIFIED)) },
      { name: "require (WW103's)", model: scanModel(pgProject(sslmode("require"))) },
    ],
    invalid: [
      {
        name: "verify-ca on CockroachDB",
        model: scanModel(
          pgProject(
            `{"sslmode": "verify-ca", "sslrootcert": "/etc/ca.crt"}`,
            `"crdb.example.com"`,
            "django_cockroachdb",
          ),
        ),
        hits: [
          { severity: "medium", message: /uses sslmode 'verify-ca': the chain is checked but not the host/ },
        ],
      },
      {
        // The base module has no sslmode (WW101's): only the production module's mutation is WW104's.
        name: "verify-ca set by a later mutation in split settings",
        model: scanModel({
          "app/__init__.py": "",
          "app/settings/__init__.py": "",
          "app/settings/base.py": `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com"}}\n`,
          "app/settings/production.py": `from .base import *\nDATABASES["default"]["OPTIONS"] = {"sslmode": "verify-ca"}\n`,
        }),
        hits: [{ severity: "medium", evidence: /effective sslmode verify-ca \(from OPTIONS\)/ }],
      },
    ],
  },
  {
    rule: ww105,
    valid: [
      {
        name: "a root certificate outside the tree",
        model: scanModel(pgProject(`{"sslmode": "verify-full", "sslrootcert": "/etc/ssl/db-ca.crt"}`)),
      },
      {
        name: "a root certificate in the tree, present",
        model: scanModel({
          ...pgProject(`{"sslmode": "verify-full", "sslrootcert": "certs/ca.crt"}`),
          "certs/ca.crt": "-----BEGIN CERTIFICATE-----\n",
        }),
      },
      {
        name: "PGSSLROOTCERT supplied",
        model: scanModel(pgProject(sslmode("verify-full")), { env: { PGSSLROOTCERT: "/etc/ca.crt" } }),
      },
      {
        name: "sslrootcert=system (the system store, named on purpose)",
        model: scanModel(pgProject(`{"sslmode": "verify-full", "sslrootcert": "system"}`)),
      },
      { name: "require (WW103's)", model: scanModel(pgProject(sslmode("require"))) },
    ],
    invalid: [
      {
        name: "verify-full without sslrootcert",
        model: scanModel(pgProject(sslmode("verify-full"))),
        hits: [{ severity: "low", message: /verifies the server \(verify-full\) but names no sslrootcert/ }],
      },
      {
        name: "verify-ca without sslrootcert",
        model: scanModel(pgProject(sslmode("verify-ca"))),
        hits: [{ severity: "low", message: /\(verify-ca\).*~\/\.postgresql\/root\.crt/ }],
      },
      {
        name: "an in-tree root certificate that is missing",
        model: scanModel(
          settingsProject(
            `from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "OPTIONS": {"sslmode": "verify-full", "sslrootcert": str(BASE_DIR / "certs" / "ca.crt")}}}\n`,
          ),
        ),
        hits: [
          {
            severity: "low",
            message: /does not exist in the scanned tree/,
            evidence: /→ certs\/ca\.crt \(missing\)$/,
          },
        ],
      },
    ],
  },
  {
    rule: ww106,
    valid: [
      { name: "both aliases verify-full", model: scanModel(aliases(["verify-full", "verify-full"])) },
      {
        name: "the weaker alias is local",
        model: scanModel(
          settingsProject(
            `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "OPTIONS": {"sslmode": "verify-full"}}, "cache": {"ENGINE": "django.db.backends.postgresql", "HOST": "localhost"}}\n`,
          ),
        ),
      },
      { name: "a single alias", model: scanModel(pgProject(sslmode("require"))) },
    ],
    invalid: [
      {
        name: "a weaker replica behind a router",
        model: scanModel(
          aliases(["verify-full", "require"], `DATABASE_ROUTERS = ["app.routers.PrimaryReplicaRouter"]\n`),
        ),
        hits: [
          {
            severity: "high",
            message:
              /'replica' uses sslmode 'require', weaker than 'verify-full' on 'default'; DATABASE_ROUTERS/,
            evidence: /^default: verify-full, replica: require$/,
          },
        ],
      },
      {
        // One hit per alias weaker than the strongest, each measured against it.
        name: "two aliases weaker than the strongest, without routers",
        model: scanModel(aliases(["verify-full", "require", "disable"])),
        hits: [
          {
            severity: "high",
            message:
              /^database alias 'replica' uses sslmode 'require', weaker than 'verify-full' on 'default': an attacker/,
          },
          {
            severity: "high",
            message: /^database alias 'reports' uses sslmode 'disable', weaker than 'verify-full'/,
          },
        ],
      },
    ],
  },
  {
    rule: ww107,
    valid: [
      {
        name: "a weak default, but the value is supplied",
        model: scanModel(sslmodeFromEnv(`os.environ.get("DB_SSLMODE", "prefer")`), {
          env: { DB_SSLMODE: "verify-full" },
        }),
      },
      {
        name: "a verify-full default",
        model: scanModel(sslmodeFromEnv(`os.environ.get("DB_SSLMODE", "verify-full")`)),
      },
      // No default: a missing value fails loudly (WW000 says the channel is unknown).
      { name: "no default at all", model: scanModel(sslmodeFromEnv(`os.environ["DB_SSLMODE"]`)) },
    ],
    invalid: [
      {
        name: "os.environ.get with a prefer default",
        model: scanModel(sslmodeFromEnv(`os.environ.get("DB_SSLMODE", "prefer")`)),
        hits: [
          {
            severity: "high",
            message:
              /^sslmode of alias 'default' comes from env DB_SSLMODE, whose default gives sslmode 'prefer'/,
          },
        ],
      },
      {
        name: "decouple config with a disable default",
        model: scanModel(sslmodeFromEnv(`config("DB_SSLMODE", default="disable")`)),
        hits: [{ severity: "high", message: /default gives sslmode 'disable'/ }],
      },
      {
        name: "a URL default with sslmode=require",
        model: scanModel(
          djUrl(`dj_database_url.config(default="postgres://u@db.example.com/app?sslmode=require")`),
        ),
        hits: [
          { severity: "high", message: /^the database URL of alias 'default' comes from env DATABASE_URL/ },
        ],
      },
      {
        // No ?sslmode in the default URL leaves libpq at prefer: weak although it names no mode.
        name: "a URL default without sslmode",
        model: scanModel(djUrl(`dj_database_url.config(default="postgres://u@db.example.com/app")`)),
        hits: [
          {
            severity: "high",
            evidence: /default → sslmode prefer \(the URL has no sslmode: libpq default\)/,
          },
        ],
      },
    ],
  },
  {
    rule: ww108,
    valid: [
      {
        name: "verify-full in .env",
        model: scanModel(
          besideSettings({
            ".env":
              "DATABASE_URL=postgres://u@db.example.com/app?sslmode=verify-full&sslrootcert=/etc/ca.crt\n",
          }),
        ),
      },
      {
        name: "verify-ca (WW104's concern, not a weak mode here)",
        model: scanModel(
          besideSettings({ ".env": "DATABASE_URL=postgres://u@db.example.com/app?sslmode=verify-ca\n" }),
        ),
      },
      {
        name: "loopback and sockets",
        model: scanModel(
          besideSettings({
            ".env":
              "A=postgres://u@127.0.0.1:5432/db?sslmode=disable\nB=postgres:///db?host=/var/run/postgresql\nC=postgres://u@[::1]/db\n",
          }),
        ),
      },
      {
        name: "an sslmode libpq rejects, and a MySQL URL",
        model: scanModel(
          besideSettings({
            ".env": "A=postgres://u@db.example.com/app?sslmode=REQUIRE\nB=mysql://u@db.example.com/app\n",
          }),
        ),
      },
      {
        // The alias rules (WW103, WW107) report it: one mistake, one finding.
        name: "the default URL of an alias",
        model: scanModel(
          djUrl(`dj_database_url.config(default="postgres://u@db.example.com/app?sslmode=require")`),
        ),
      },
    ],
    invalid: [
      {
        name: "sslmode=disable in .env",
        model: scanModel(
          besideSettings({ ".env": "DATABASE_URL=postgres://u@db.example.com/app?sslmode=disable\n" }),
        ),
        hits: [
          {
            severity: "critical",
            message: /^database URL in \.env for network host db\.example\.com has sslmode=disable/,
          },
        ],
      },
      {
        name: "no sslmode: libpq's prefer",
        model: scanModel(besideSettings({ ".env": "DATABASE_URL=postgis://u@db.example.com/app\n" })),
        hits: [
          { severity: "high", message: /no sslmode \(libpq default 'prefer'\)/, evidence: /sslmode absent/ },
        ],
      },
      {
        name: "require with a root certificate still never checks the host name",
        model: scanModel(
          besideSettings({
            ".env": "DATABASE_URL=postgres://u@db.example.com/app?sslmode=require&sslrootcert=/etc/ca.crt\n",
          }),
        ),
        hits: [{ severity: "high", evidence: /never the host name/ }],
      },
      {
        // Graded by mode: allow is as bad as disable, prefer as require.
        name: "allow and prefer, never showing the password",
        model: scanModel(
          besideSettings({
            ".env":
              "A=postgresql://app:Sup3rS3cret@db.example.com/app?sslmode=allow\nB=pgsql://u@db.example.com/app?sslmode=prefer\n",
          }),
        ),
        hits: [
          {
            severity: "critical",
            evidence: /URL postgresql:\/\/app:\*\*\*\*@db\.example\.com\/app\?sslmode=allow/,
          },
          { severity: "high", message: /has sslmode=prefer/ },
        ],
      },
      {
        name: "a Python literal no alias uses, and a compose file",
        model: scanModel(
          settingsProject(`REPORTING_URL = "postgresql://ro@reports.example.com/bi?sslmode=disable"\n`, {
            "docker-compose.yml":
              "services:\n  web:\n    environment:\n      DATABASE_URL: cockroach://root@crdb:26257/defaultdb?sslmode=disable\n",
          }),
        ),
        hits: [
          { severity: "critical", evidence: /^Python source app\/settings\.py/ },
          { severity: "critical", evidence: /docker-compose\.yml; URL cockroach:/ },
        ],
      },
    ],
  },
  {
    rule: ww109,
    valid: [
      { name: "CONN_MAX_AGE 0", model: scanModel(pgWith(`"CONN_MAX_AGE": 0`)) },
      { name: "CONN_MAX_AGE unset (Django's default 0)", model: scanModel(pgWith(`"NAME": "app"`)) },
      {
        name: "persistent, but verify-full",
        model: scanModel(pgWith(`"CONN_MAX_AGE": 600, "OPTIONS": ${VERIFIED}`)),
      },
      {
        name: "persistent on verify-ca (not one of WW101–WW103's modes)",
        model: scanModel(pgWith(`"CONN_MAX_AGE": None, "OPTIONS": {"sslmode": "verify-ca"}`)),
      },
      {
        name: "persistent, on a Unix socket",
        model: scanModel(pgWith(`"CONN_MAX_AGE": None`, `"/var/run/postgresql"`)),
      },
    ],
    invalid: [
      {
        name: "600 seconds on libpq's prefer",
        model: scanModel(pgWith(`"CONN_MAX_AGE": 600`)),
        hits: [
          {
            severity: "low",
            message: /keeps persistent connections with sslmode 'prefer'.*for the whole CONN_MAX_AGE/,
            evidence: /^CONN_MAX_AGE = 600 keeps each connection open for up to 600 seconds/,
          },
        ],
      },
      {
        name: "None (for the life of the worker) on require",
        model: scanModel(pgWith(`"CONN_MAX_AGE": None, "OPTIONS": {"sslmode": "require"}`)),
        hits: [{ severity: "low", message: /sslmode 'require'.*for the life of the worker$/ }],
      },
      {
        name: "an int from an env default, on disable",
        model: scanModel(
          pgWith(`"CONN_MAX_AGE": int(os.environ.get("CMA", "300")), "OPTIONS": {"sslmode": "disable"}`),
        ),
        hits: [{ severity: "low", evidence: /up to 300 seconds/ }],
      },
      {
        name: "conn_max_age= of dj_database_url.config",
        model: scanModel(
          djUrl(
            `dj_database_url.config(\n    default="postgres://u:Pw0rd9@db.example.com/app?sslmode=require",\n    conn_max_age=600,\n)`,
          ),
        ),
        hits: [
          {
            severity: "low",
            evidence: /^CONN_MAX_AGE = 600 .*; effective sslmode require \(from the database URL/,
          },
        ],
      },
    ],
  },
  {
    rule: ww110,
    valid: [
      {
        name: "os.environ[] without default",
        model: scanModel(pgWith(`"PASSWORD": os.environ["DB_PASSWORD"]`)),
      },
      { name: "env() without default", model: scanModel(pgWith(`"PASSWORD": env("DB_PASSWORD")`)) },
      { name: "empty", model: scanModel(pgWith(`"PASSWORD": ""`)) },
      { name: "a placeholder", model: scanModel(pgWith(`"PASSWORD": "<password>"`)) },
      {
        // Supplied at scan time (--env-file): the default written in source is not what is reported then.
        name: "an env default, the value supplied",
        model: scanModel(pgWith(`"PASSWORD": os.environ.get("DB_PASSWORD", "hunter2")`), {
          env: { DB_PASSWORD: "SuppliedS3cret" },
        }),
      },
      {
        name: "URLs without a password, or with placeholders",
        model: scanModel({
          ...djUrl(`dj_database_url.parse("postgres://app@db.example.com/app")`),
          ".env": "A=postgres://u:$db_password@db.example.com/app\nB=postgres://u:****@db.example.com/app\n",
        }),
      },
    ],
    invalid: [
      {
        name: "a literal PASSWORD, shown as **** and its length",
        model: scanModel(pgWith(`"PASSWORD": "Tr0ub4dor&3"`)),
        hits: [
          {
            severity: "medium",
            message: /^the PASSWORD of database alias 'default' is written in app\/settings\.py/,
            evidence: /^PASSWORD is a string literal: \*\*\*\* \(11 characters\)$/,
          },
        ],
      },
      {
        name: "the default of an env read",
        model: scanModel(pgWith(`"PASSWORD": env("DB_PASSWORD", default="hunter2")`)),
        hits: [
          {
            severity: "medium",
            message: /falls back to a password written in app\/settings\.py when DB_PASSWORD is not set/,
            evidence: /\*\*\*\* \(7 characters\)$/,
          },
        ],
      },
      {
        // Any host and engine: a password in source is readable wherever the database is.
        name: "a literal for a MySQL alias on localhost",
        model: scanModel(
          settingsProject(
            `DATABASES = {"default": {"ENGINE": "django.db.backends.mysql", "HOST": "localhost", "PASSWORD": "mysqlpw"}}\n`,
          ),
        ),
        hits: [{ severity: "medium", evidence: /^PASSWORD is a string literal: \*\*\*\* \(7 characters\)$/ }],
      },
      {
        name: "the URL an alias is built from",
        model: scanModel(
          djUrl(
            `dj_database_url.config(\n    default="postgres://app:UrlS3cret@db.example.com/app?sslmode=verify-full",\n)`,
          ),
        ),
        hits: [
          {
            severity: "medium",
            message: /^the database URL of alias 'default' in app\/settings\.py carries its password/,
            evidence: /postgres:\/\/app:\*\*\*\*@db\.example\.com\/app.*\*\*\*\* \(9 characters\)$/,
          },
        ],
      },
      {
        name: "a URL in .env",
        model: scanModel(
          besideSettings({ ".env": "DATABASE_URL=postgres://app:EnvS3cret@db.example.com/app\n" }),
        ),
        hits: [{ severity: "medium", message: /^a database URL in \.env carries its password/ }],
      },
    ],
  },
  {
    rule: ww111,
    valid: [
      { name: "0600", model: withKey(0o600) },
      { name: "0400", model: withKey(0o400) },
      // libpq's own exception: root may let its group read the key.
      { name: "0640 owned by root", model: rootKey(0o640) },
    ],
    invalid: [
      {
        name: "0644",
        model: withKey(0o644),
        hits: [
          {
            severity: "medium",
            message: /^private key certs\/client\.key is open to group or others \(mode 0644\)/,
            evidence: /^mode 0644 \(group read, others read\); owner uid 1000/,
          },
        ],
      },
      {
        name: "0640 not owned by root",
        model: withKey(0o640),
        hits: [{ severity: "medium", evidence: /^mode 0640 \(group read\)/ }],
      },
      {
        name: "0660 owned by root",
        model: rootKey(0o660),
        hits: [{ severity: "medium", evidence: /owner uid 0/ }],
      },
      {
        name: "a key an alias uses as sslkey",
        model: withKey(
          0o644,
          `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "OPTIONS": {"sslkey": "/srv/app/certs/client.key"}}}\n`,
        ),
        hits: [{ severity: "medium", evidence: /used as sslkey by alias 'default' of app\.settings$/ }],
      },
    ],
  },
  {
    rule: ww112,
    valid: [
      {
        name: "PGSSLMODE=verify-full",
        model: scanModel({ ...pgProject(), ".env": "PGSSLMODE=verify-full\n" }),
      },
      // libpq refuses to connect at all: nothing to intercept.
      { name: "a value libpq rejects", model: scanModel({ ...pgProject(), ".env": "PGSSLMODE=REQUIRE\n" }) },
      {
        name: "a reference, not a value",
        model: scanModel({ ...pgProject(), ".env": `PGSSLMODE=\${SSLMODE}\n` }),
      },
      { name: "commented out", model: scanModel({ ...pgProject(), ".env": "# PGSSLMODE=disable\n" }) },
      {
        name: "verify-full in a Dockerfile and a compose file",
        model: scanModel(
          besideSettings({
            Dockerfile: "ENV PGSSLMODE=verify-full PGSSLROOTCERT=/certs/ca.crt\n",
            "compose.yaml": "services:\n  web:\n    environment:\n      PGSSLMODE: verify-full\n",
          }),
        ),
      },
    ],
    invalid: [
      {
        name: "PGSSLMODE=disable in .env, the effective sslmode of an alias",
        model: scanModel({ ...pgProject(), ".env": "# db\nPGSSLMODE=disable\n" }),
        hits: [
          {
            severity: "high",
            message: /^PGSSLMODE=disable in env file \.env applies to every libpq client/,
            evidence: /effective sslmode of alias 'default' of app\.settings$/,
          },
        ],
      },
      {
        // Other libpq clients (psql, dbshell) started in this environment still use it.
        name: "PGSSLMODE=verify-ca while the alias sets its own sslmode",
        model: scanModel({ ...pgProject(VERIFIED), ".env": "PGSSLMODE=verify-ca\n" }),
        hits: [
          {
            severity: "high",
            message: /does not check the host name/,
            evidence: /no scanned alias takes its sslmode from it/,
          },
        ],
      },
      {
        name: "a Dockerfile ENV",
        model: scanModel(besideSettings({ Dockerfile: "FROM python:3.11\nENV PGSSLMODE=prefer\n" })),
        hits: [{ severity: "high", message: /^PGSSLMODE=prefer in Dockerfile ENV Dockerfile/ }],
      },
      {
        name: "a compose service's environment",
        model: scanModel(
          besideSettings({
            "docker-compose.yml": "services:\n  web:\n    environment:\n      PGSSLMODE: require\n",
          }),
        ),
        hits: [{ severity: "high", message: /^PGSSLMODE=require in compose service web/ }],
      },
    ],
  },
  {
    rule: ww113,
    valid: [
      { name: "verify-full", model: scanModel(pgProject(VERIFIED)) },
      {
        name: "channel_binding=require in OPTIONS",
        model: scanModel(pgProject(`{"sslmode": "require", "channel_binding": "require"}`)),
      },
      {
        name: "channel_binding=require in the URL",
        model: scanModel(
          djUrl(
            `dj_database_url.parse("postgres://u@db.example.com/app?sslmode=require&channel_binding=require")`,
          ),
        ),
      },
      {
        // Computed at run time: it may well be "require".
        name: "channel_binding from env without default",
        model: scanModel(pgProject(`{"channel_binding": __import__("os").environ["CB"]}`)),
      },
      { name: "localhost", model: scanModel(pgProject(undefined, `"localhost"`)) },
      {
        name: "MySQL",
        model: scanModel(pgProject(undefined, `"db.example.com"`, "django.db.backends.mysql")),
      },
    ],
    invalid: [
      {
        name: "no sslmode (prefer), no channel_binding",
        model: scanModel(pgProject()),
        hits: [
          {
            severity: "info",
            message: /uses sslmode 'prefer' without channel_binding=require/,
            evidence: /^no channel_binding; effective sslmode prefer/,
          },
        ],
      },
      {
        name: "require with channel_binding=disable",
        model: scanModel(pgProject(`{"sslmode": "require", "channel_binding": "disable"}`)),
        hits: [{ severity: "info", evidence: /^channel_binding=disable; effective sslmode require/ }],
      },
      {
        name: "verify-ca",
        model: scanModel(pgProject(`{"sslmode": "verify-ca", "sslrootcert": "/ca.crt"}`)),
        hits: [{ severity: "info", message: /sslmode 'verify-ca'/ }],
      },
      {
        name: "CockroachDB, which has no channel binding",
        model: scanModel(pgProject(sslmode("require"), `"crdb.internal"`, "django_cockroachdb")),
        hits: [{ severity: "info", evidence: /CockroachDB does not support channel binding$/ }],
      },
    ],
  },
  {
    rule: ww116,
    valid: [
      { name: "not set (libpq's floor is TLSv1.2)", model: scanModel(pgProject(VERIFIED)) },
      {
        name: "TLSv1.2 in OPTIONS, TLSv1.3 in the URL",
        model: scanModel(
          settingsProject(
            `import dj_database_url\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "OPTIONS": {"sslmode": "verify-full", "ssl_min_protocol_version": "TLSv1.2"}}, "other": dj_database_url.parse("postgres://u@db2.example.com/app?sslmode=verify-full&ssl_min_protocol_version=TLSv1.3")}\n`,
          ),
        ),
      },
      {
        // A local socket or loopback: no network path to attack.
        name: "TLSv1 on localhost",
        model: scanModel(pgProject(`{"ssl_min_protocol_version": "TLSv1"}`, `"localhost"`)),
      },
      {
        name: "PGSSLMINPROTOCOLVERSION=TLSv1.2 and a commented-out TLSv1",
        model: scanModel({
          ...pgProject(),
          ".env": "PGSSLMINPROTOCOLVERSION=TLSv1.2\n# PGSSLMINPROTOCOLVERSION=TLSv1\n",
        }),
      },
      {
        name: "read from the environment at run time: not known, so not claimed",
        model: scanModel(pgProject(`{"ssl_min_protocol_version": __import__("os").environ["MINV"]}`)),
      },
    ],
    invalid: [
      {
        name: "TLSv1 in OPTIONS",
        model: scanModel(pgProject(`{"sslmode": "verify-full", "ssl_min_protocol_version": "TLSv1"}`)),
        hits: [
          {
            severity: "medium",
            message:
              /^database alias 'default' sets ssl_min_protocol_version 'TLSv1': libpq will then complete a handshake on TLS 1\.0\/1\.1/,
            evidence: /^ssl_min_protocol_version=TLSv1 \(TLS 1\.0 allowed\)$/,
          },
        ],
      },
      {
        // libpq compares the name without regard to case.
        name: "tlsv1.1 in a database URL",
        model: scanModel(
          djUrl(
            `dj_database_url.parse("postgres://u@db.example.com/app?sslmode=verify-full&ssl_min_protocol_version=tlsv1.1")`,
          ),
        ),
        hits: [{ severity: "medium", evidence: /^ssl_min_protocol_version=tlsv1\.1 \(TLS 1\.1 allowed\)$/ }],
      },
      {
        name: "PGSSLMINPROTOCOLVERSION in a Dockerfile",
        model: scanModel(
          besideSettings({ Dockerfile: "FROM python:3.12\nENV PGSSLMINPROTOCOLVERSION=TLSv1.1\n" }),
        ),
        hits: [
          {
            severity: "medium",
            message:
              /^PGSSLMINPROTOCOLVERSION=TLSv1\.1 in Dockerfile ENV Dockerfile applies to every libpq client/,
            evidence: /TLS 1\.1 allowed\)$/,
          },
        ],
      },
    ],
  },
  // Issue 18: the new and stronger rules (WW114, WW115, WW117; WW103's words, WW109's pool, WW113's poolers).
  {
    rule: ww114,
    valid: [
      { name: "a CA file with verify-full", model: scanModel(pgProject(VERIFIED)) },
      {
        // No network path to attack.
        name: "sslrootcert=system on localhost",
        model: scanModel(pgProject(`{"sslrootcert": "system"}`, `"localhost"`)),
      },
      {
        // Read at run time: not claimed to be "system" (the verdict says the root is unknown).
        name: "sslrootcert from env without default",
        model: scanModel(
          pgProject(`{"sslmode": "require", "sslrootcert": __import__("os").environ["DB_ROOTCERT"]}`),
        ),
      },
      {
        name: "PGSSLROOTCERT names a file",
        model: scanModel({ ...pgProject(), ".env": "PGSSLROOTCERT=/etc/ssl/db-ca.pem\n" }),
      },
      {
        name: "a URL with sslrootcert=system on a loopback host",
        model: scanModel(
          besideSettings({ ".env": "DATABASE_URL=postgres://u@127.0.0.1/app?sslrootcert=system\n" }),
        ),
      },
    ],
    invalid: [
      {
        name: "require next to sslrootcert=system",
        model: scanModel(pgProject(`{"sslmode": "require", "sslrootcert": "system"}`)),
        hits: [
          {
            severity: "high",
            message:
              /^database alias 'default' sets sslrootcert=system in OPTIONS with sslmode 'require', not an explicit verify-full: libpq ≤ 15 .*libpq ≤ 15 checks no certificate \(an attacker with any certificate receives the password\); libpq 16–18 refuses to connect \(weak sslmode "require".*; set 'sslmode': 'verify-full' explicitly next to sslrootcert=system$/,
            evidence: /sslrootcert system \(OPTIONS\); the tree does not say which libpq/,
          },
        ],
      },
      {
        name: "no sslmode: libpq 16+ verifies, libpq 15 falls back to prefer",
        model: scanModel(pgProject(`{"sslrootcert": "system"}`)),
        hits: [
          {
            severity: "high",
            message:
              /with no sslmode \(libpq's default 'prefer'\).*libpq ≤ 15 checks no certificate \(an attacker who answers 'N' gets the password in plaintext, and an attacker with any certificate receives the password\); libpq 16–18 verifies the server/,
          },
        ],
      },
      {
        name: "an explicit verify-full: information (libpq 15 fails closed)",
        model: scanModel(pgProject(`{"sslmode": "verify-full", "sslrootcert": "system"}`)),
        hits: [
          {
            severity: "info",
            message: /explicit sslmode 'verify-full'.*refuses to connect \(fails closed\)/,
          },
        ],
      },
      {
        // The tree names libpq 15 (psycopg2 from source on bookworm): verify-full with system fails closed there.
        name: "an explicit verify-full, and the tree loads libpq 15",
        model: scanModel({
          ...pgProject(`{"sslmode": "verify-full", "sslrootcert": "system"}`),
          "requirements.txt": "Django==5.2\npsycopg2==2.9.10\n",
          Dockerfile: "FROM python:3.12-slim-bookworm\nRUN apt-get install -y libpq-dev\n",
        }),
        hits: [
          {
            severity: "info",
            message: /the tree points to libpq ≤ 15 only, so every connection will fail/,
            evidence: /the tree points to libpq ≤ 15: psycopg2==2\.9\.10/,
          },
        ],
      },
      {
        name: "verify-ca with system: no libpq connects (an outage)",
        model: scanModel(pgProject(`{"sslmode": "verify-ca", "sslrootcert": "system"}`)),
        hits: [
          {
            severity: "medium",
            message:
              /libpq ≤ 15 refuses to connect \(root certificate file "system" does not exist\); libpq 16–18 refuses to connect \(weak sslmode "verify-ca"/,
          },
        ],
      },
      {
        name: "in the URL's query",
        model: scanModel(
          djUrl(`dj_database_url.parse("postgres://u@db.example.com/app?sslmode=prefer&sslrootcert=system")`),
        ),
        hits: [{ severity: "high", message: /sets sslrootcert=system in its URL with sslmode 'prefer'/ }],
      },
      {
        // Unknown is not safe: a mode computed at run time is not taken to be verify-full.
        name: "sslmode read from env without default",
        model: scanModel(
          pgProject(`{"sslmode": __import__("os").environ["DB_SSLMODE"], "sslrootcert": "system"}`),
        ),
        hits: [{ severity: "high", message: /while its sslmode is computed at run time/ }],
      },
      {
        // The alias takes both from the environment: one finding, on the alias.
        name: "PGSSLROOTCERT=system and PGSSLMODE=verify-full in .env",
        model: scanModel({ ...pgProject(), ".env": "PGSSLROOTCERT=system\nPGSSLMODE=verify-full\n" }),
        hits: [
          {
            severity: "info",
            message: /sets sslrootcert=system from PGSSLROOTCERT with an explicit sslmode/,
          },
        ],
      },
      {
        name: "PGSSLROOTCERT=system in a Dockerfile, no PGSSLMODE beside it",
        model: scanModel(besideSettings({ Dockerfile: "FROM python:3.12\nENV PGSSLROOTCERT=system\n" })),
        hits: [
          {
            severity: "high",
            message: /^PGSSLROOTCERT=system in Dockerfile ENV Dockerfile with no PGSSLMODE beside it/,
          },
        ],
      },
      {
        name: "a DATABASE_URL in .env the settings load at run time",
        model: scanModel(
          besideSettings({
            ".env":
              "DATABASE_URL=postgresql://u:pw@free-tier.cockroachlabs.cloud:26257/db?sslmode=require&sslrootcert=system\n",
          }),
        ),
        hits: [
          {
            severity: "high",
            message:
              /^database URL in env file \.env \(DATABASE_URL\) for host free-tier\.cockroachlabs\.cloud has sslrootcert=system with sslmode=require/,
          },
        ],
      },
    ],
  },
  {
    rule: ww115,
    valid: [
      { name: "an absolute path", model: scanModel(pgProject(VERIFIED)) },
      {
        // Without TLS libpq opens no file (WW102 reports the plaintext).
        name: "$HOME under sslmode disable",
        model: scanModel(pgProject(`{"sslmode": "disable", "sslrootcert": "$HOME/.postgresql/root.crt"}`)),
      },
      {
        // Computed at run time: the scan cannot see the path, and does not guess one.
        name: "sslrootcert read from env without default",
        model: scanModel(
          pgProject(`{"sslmode": "require", "sslrootcert": __import__("os").environ["DB_ROOTCERT"]}`),
        ),
      },
      {
        // docker compose and Docker substitute $VAR / ${VAR} themselves.
        name: `\${VAR} in compose, $VAR in a Dockerfile ENV`,
        model: scanModel(
          besideSettings({
            "compose.yaml": `services:\n  web:\n    environment:\n      PGSSLROOTCERT: \${CA_PATH}\n`,
            Dockerfile: "FROM python:3.12\nENV PGSSLCERT=$APP_HOME/client.crt\n",
          }),
        ),
      },
      { name: "sslrootcert=system (WW114's)", model: scanModel(pgProject(`{"sslrootcert": "system"}`)) },
    ],
    invalid: [
      {
        name: "require with $HOME: weaker than no path",
        model: scanModel(pgProject(`{"sslmode": "require", "sslrootcert": "$HOME/.postgresql/root.crt"}`)),
        hits: [
          {
            severity: "high",
            message:
              /^database alias 'default' sets sslrootcert '\$HOME\/\.postgresql\/root\.crt' in OPTIONS: libpq does not expand \$HOME, .*turns off ~\/\.postgresql\/root\.crt, so with sslmode 'require' libpq checks no certificate at all/,
            evidence:
              /with ~\/\.postgresql\/root\.crt present: a forged certificate is accepted .*; without this sslrootcert it is refused/,
          },
        ],
      },
      {
        name: "verify-full with ~: fails closed",
        model: scanModel(pgProject(`{"sslmode": "verify-full", "sslrootcert": "~/.postgresql/root.crt"}`)),
        hits: [{ severity: "medium", message: /does not expand a leading ~.*refuses every connection/ }],
      },
      {
        name: "the CockroachDB Cloud string in a .env the settings load at run time",
        model: scanModel(
          settingsProject(
            `import environ\nenv = environ.Env()\nDATABASES = {"default": env.db("DATABASE_URL")}\n`,
            {
              ".env":
                "DATABASE_URL=postgresql://u:pw@free-tier.cockroachlabs.cloud:26257/db?sslmode=verify-full&sslrootcert=$HOME/.postgresql/root.crt\n",
            },
          ),
        ),
        hits: [
          {
            severity: "medium",
            message:
              /^database URL in env file \.env \(DATABASE_URL\) .*has sslrootcert=\$HOME\/\.postgresql\/root\.crt: libpq does not expand \$HOME/,
          },
        ],
      },
      {
        name: "PowerShell's $env:appdata with require in a URL",
        model: scanModel(
          djUrl(
            `dj_database_url.parse("postgres://u@db.example.com/app?sslmode=require&sslrootcert=$env:appdata\\\\.postgresql\\\\root.crt")`,
          ),
        ),
        hits: [{ severity: "high", message: /in its URL: libpq does not expand PowerShell's \$env:appdata/ }],
      },
      {
        name: "sslcert with %APPDATA% and no sslmode",
        model: scanModel(pgProject(`{"sslcert": "%APPDATA%/postgresql/postgresql.crt"}`)),
        hits: [{ severity: "high", message: /sets sslcert .*cmd's %APPDATA%.*sends none/ }],
      },
      {
        // Unknown is not safe: a mode computed at run time is not taken to be verify-*.
        name: "sslmode read from env without default, sslkey under ~",
        model: scanModel(
          pgProject(
            `{"sslmode": __import__("os").environ["DB_SSLMODE"], "sslkey": "~/.postgresql/postgresql.key"}`,
          ),
        ),
        hits: [
          {
            severity: "high",
            message: /sets sslkey .*cannot open the client key.*an sslmode computed at run time/,
          },
        ],
      },
      {
        name: "PGSSLROOTCERT with ~ in a compose service (compose does not expand ~)",
        model: scanModel(
          besideSettings({
            "docker-compose.yml":
              "services:\n  worker:\n    environment:\n      PGSSLROOTCERT: ~/certs/ca.crt\n",
          }),
        ),
        hits: [{ severity: "high", message: /^PGSSLROOTCERT=~\/certs\/ca\.crt in compose service worker/ }],
      },
    ],
  },
  {
    rule: ww117,
    valid: [
      { name: "no key log", model: scanModel(pgProject(VERIFIED)) },
      { name: "an empty sslkeylogfile", model: scanModel(pgProject(`{"sslkeylogfile": ""}`)) },
      {
        // Loopback traffic never crosses a network where it could be captured.
        name: "sslkeylogfile on localhost",
        model: scanModel(pgProject(`{"sslkeylogfile": "/tmp/keys.log"}`, `"localhost"`)),
      },
      {
        name: "SSLKEYLOGFILE empty, or commented out",
        model: scanModel(besideSettings({ ".env": "SSLKEYLOGFILE=\n# SSLKEYLOGFILE=/tmp/k.log\n" })),
      },
    ],
    invalid: [
      {
        name: "sslkeylogfile in OPTIONS",
        model: scanModel(pgProject(`{"sslmode": "verify-full", "sslkeylogfile": "/var/log/pg-keys.log"}`)),
        hits: [
          {
            severity: "high",
            message:
              /^database alias 'default' sets sslkeylogfile '\/var\/log\/pg-keys\.log' in OPTIONS: libpq 18 appends the TLS secrets/,
          },
        ],
      },
      {
        name: "sslkeylogfile in a database URL",
        model: scanModel(
          djUrl(
            `dj_database_url.parse("postgres://u@db.example.com/app?sslmode=verify-full&sslkeylogfile=/tmp/k.log")`,
          ),
        ),
        hits: [{ severity: "high", message: /sets sslkeylogfile '\/tmp\/k\.log' in its database URL/ }],
      },
      {
        // Unknown is not safe: the key exists to be set somewhere.
        name: "sslkeylogfile read from env (unset here)",
        model: scanModel(pgProject(`{"sslkeylogfile": __import__("os").environ.get("PG_KEYLOG")}`)),
        hits: [
          {
            severity: "high",
            message: /from env PG_KEYLOG, which is not set here: whenever the deployment sets it/,
          },
        ],
      },
      {
        name: "sslkeylogfile computed at run time",
        model: scanModel(pgProject(`{"sslkeylogfile": __import__("os").environ["PG_KEYLOG"]}`)),
        hits: [{ severity: "high", message: /sets sslkeylogfile computed at run time/ }],
      },
      {
        name: "in development settings: information",
        model: scanModel(
          devSettingsProject(
            `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "OPTIONS": {"sslkeylogfile": "/tmp/k.log"}}}\n`,
          ),
        ),
        hits: [{ severity: "info", evidence: /development settings module$/ }],
      },
      {
        name: "SSLKEYLOGFILE in a production Dockerfile",
        model: scanModel(
          besideSettings({ Dockerfile: "FROM python:3.12\nENV SSLKEYLOGFILE=/var/log/tls.keys\n" }),
        ),
        hits: [
          {
            severity: "high",
            message: /^SSLKEYLOGFILE=\/var\/log\/tls\.keys in Dockerfile ENV Dockerfile: Python's ssl module/,
          },
        ],
      },
      {
        name: "SSLKEYLOGFILE in .env.local: information",
        model: scanModel(besideSettings({ ".env.local": "SSLKEYLOGFILE=/tmp/k.log\n" })),
        hits: [{ severity: "info", evidence: /a development file or service$/ }],
      },
      {
        name: "a compose service that runs development settings: information",
        model: scanModel(
          besideSettings({
            "docker-compose.yml":
              "services:\n  web:\n    command: python manage.py runserver\n    environment:\n      DJANGO_SETTINGS_MODULE: app.settings.dev\n      SSLKEYLOGFILE: /tmp/k.log\n",
          }),
        ),
        hits: [{ severity: "info", message: /^SSLKEYLOGFILE=\/tmp\/k\.log in compose service web/ }],
      },
      {
        // Filled in by compose at deploy time: not known here, not taken to be empty.
        name: "a compose reference filled in at deploy time",
        model: scanModel(
          besideSettings({
            "compose.yaml": `services:\n  web:\n    environment:\n      SSLKEYLOGFILE: \${KEYLOG}\n`,
          }),
        ),
        hits: [{ severity: "high", message: /\(filled in at deploy time; whenever it is not empty\)/ }],
      },
      {
        name: "a DATABASE_URL in .env with sslkeylogfile",
        model: scanModel(
          besideSettings({
            ".env": "DATABASE_URL=postgres://u@db.example.com/app?sslmode=verify-full&sslkeylogfile=/tmp/k\n",
          }),
        ),
        hits: [
          {
            severity: "high",
            message: /^database URL in env file \.env \(DATABASE_URL\) .*sslkeylogfile=\/tmp\/k/,
          },
        ],
      },
    ],
  },
  {
    // WW103's words are true to libpq with and without a root file (the rule fires exactly as before).
    rule: ww103,
    valid: [
      { name: "verify-full", model: scanModel(pgProject(VERIFIED)) },
      { name: "prefer (WW101's)", model: scanModel(pgProject(sslmode("prefer"))) },
      { name: "require on localhost", model: scanModel(pgProject(sslmode("require"), `"localhost"`)) },
    ],
    invalid: [
      {
        name: "require with a CA file: the chain when it exists, never the host name",
        model: scanModel(pgProject(`{"sslmode": "require", "sslrootcert": "/etc/ca.crt"}`)),
        hits: [
          {
            severity: "high",
            message:
              /with sslrootcert \/etc\/ca\.crt, libpq checks the chain against that file when it exists where the app runs, but never the host name.*where the file is missing it checks no certificate/,
            evidence:
              /libpq model: \/etc\/ca\.crt present: a forged certificate is refused .*; \/etc\/ca\.crt missing: a forged certificate is accepted/,
          },
        ],
      },
      {
        name: "require without sslrootcert: ~/.postgresql/root.crt decides",
        model: scanModel(pgProject(sslmode("require"))),
        hits: [
          {
            severity: "high",
            message: /with no sslrootcert, libpq checks the chain only if ~\/\.postgresql\/root\.crt exists/,
            evidence:
              /with ~\/\.postgresql\/root\.crt: a forged certificate is refused.*without: a forged certificate is accepted/,
          },
        ],
      },
      {
        name: "require with an unexpanded $HOME path",
        model: scanModel(pgProject(`{"sslmode": "require", "sslrootcert": "$HOME/.postgresql/root.crt"}`)),
        hits: [{ severity: "high", message: /has \$HOME, which libpq never expands.*\(see WW115\)$/ }],
      },
      {
        name: "require with sslrootcert read from env without default",
        model: scanModel(
          pgProject(`{"sslmode": "require", "sslrootcert": __import__("os").environ["DB_ROOTCERT"]}`),
        ),
        hits: [{ severity: "high", message: /sslrootcert is computed at run time/ }],
      },
      {
        name: "require with sslnegotiation=direct",
        model: scanModel(pgProject(`{"sslmode": "require", "sslnegotiation": "direct"}`)),
        hits: [{ severity: "high", message: /\(sslnegotiation=direct does not change this/ }],
      },
    ],
  },
  {
    // Django 5.1+ OPTIONS['pool'] keeps connections as CONN_MAX_AGE does.
    rule: ww109,
    valid: [
      {
        name: "a pool on verify-full",
        model: scanModel(
          pgWith(`"OPTIONS": {"sslmode": "verify-full", "sslrootcert": "/ca.crt", "pool": True}`),
        ),
      },
      // Django's own test is truthiness: an empty dict builds no pool.
      { name: "pool {}", model: scanModel(pgWith(`"OPTIONS": {"pool": {}}`)) },
      { name: "pool False", model: scanModel(pgWith(`"OPTIONS": {"sslmode": "require", "pool": False}`)) },
      {
        name: "pool from env with default False, not supplied",
        model: scanModel(
          pgWith(`"OPTIONS": {"sslmode": "require", "pool": env.bool("DB_POOL", default=False)}`),
        ),
      },
      {
        name: "a pool on a Unix socket",
        model: scanModel(pgWith(`"OPTIONS": {"pool": True}`, `"/var/run/postgresql"`)),
      },
    ],
    invalid: [
      {
        name: "pool True on require",
        model: scanModel(pgWith(`"OPTIONS": {"sslmode": "require", "pool": True}`)),
        hits: [
          {
            severity: "low",
            message:
              /^database alias 'default' pools its connections with sslmode 'require'.*for up to max_lifetime 3600 s, psycopg_pool's default$/,
            evidence: /^OPTIONS\['pool'\] makes Django 5\.1\+ keep a psycopg_pool/,
          },
        ],
      },
      {
        name: "a pool dict with max_lifetime, libpq's prefer",
        model: scanModel(pgWith(`"OPTIONS": {"pool": {"min_size": 2, "max_lifetime": 600}}`)),
        hits: [{ severity: "low", message: /sslmode 'prefer'.*for up to max_lifetime 600 s$/ }],
      },
      {
        // Unknown is not safe: a pool switch computed at run time is not taken to be off.
        name: "pool from env without default",
        model: scanModel(pgWith(`"OPTIONS": {"sslmode": "require", "pool": env.bool("DB_POOL")}`)),
        hits: [{ severity: "low", evidence: /^OPTIONS\['pool'\] is computed at run time/ }],
      },
    ],
  },
  {
    // WW113 never advises channel_binding=require where the server cannot bind (CockroachDB, PgBouncer).
    rule: ww113,
    valid: [
      {
        name: "PgBouncer with verify-full",
        model: scanModel(pgProject(VERIFIED, `"pgbouncer.internal"`)),
      },
      { name: "PgBouncer on localhost", model: scanModel(pgProject(sslmode("require"), `"localhost"`)) },
      {
        name: "sslmode from env without default",
        model: scanModel(
          pgProject(`{"sslmode": __import__("os").environ["DB_SSLMODE"]}`, `"pgbouncer.internal"`),
        ),
      },
    ],
    invalid: [
      {
        name: "a host named pgbouncer",
        model: scanModel(pgProject(sslmode("require"), `"pgbouncer.internal"`)),
        hits: [
          {
            severity: "info",
            message:
              /^(?!.*channel_binding=require).*PgBouncer offers no channel binding to stop that, so only verify-full does$/,
            evidence: /looks like PgBouncer \(name or port 6432\)/,
          },
        ],
      },
      {
        name: "port 6432",
        model: scanModel(
          settingsProject(
            `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "PORT": "6432", "OPTIONS": {"sslmode": "require"}}}\n`,
          ),
        ),
        hits: [{ severity: "info", message: /PgBouncer offers no channel binding/ }],
      },
      {
        // Named like nothing, on 5432: the compose file shows it is a PgBouncer image.
        name: "a compose service running a PgBouncer image",
        model: scanModel({
          ...pgProject(sslmode("require"), `"pool"`),
          "docker-compose.yml": "services:\n  pool:\n    image: bitnami/pgbouncer:1.23.1\n",
        }),
        hits: [
          {
            severity: "info",
            message: /^(?!.*channel_binding=require).*PgBouncer offers no channel binding/,
          },
        ],
      },
      {
        name: "CockroachDB",
        model: scanModel(pgProject(sslmode("require"), `"crdb.internal"`, "django_cockroachdb")),
        hits: [
          {
            severity: "info",
            message: /^(?!.*channel_binding=require).*CockroachDB offers no channel binding/,
          },
        ],
      },
      {
        name: "a plain PostgreSQL host keeps the channel-binding advice",
        model: scanModel(pgProject(sslmode("require"))),
        hits: [{ severity: "info", message: /channel_binding=require makes a relaying attacker fail/ }],
      },
    ],
  },
  {
    // WW118: the sslmode a libpq service's section gives an alias (OPTIONS['service'] or PGSERVICE).
    rule: ww118,
    valid: [
      {
        name: "the service file in the tree sets verify-full with a root file",
        model: scanModel(serviceProject(`{"service": "app"}`, SERVICE_STRONG)),
      },
      {
        name: "the alias's own OPTIONS set verify-full: they win over the weak section",
        model: scanModel(
          serviceProject(
            `{"service": "app", "sslmode": "verify-full", "sslrootcert": "/etc/ca.crt"}`,
            SERVICE_REQUIRE,
          ),
        ),
      },
      {
        name: "the section is missing from the file PGSERVICEFILE names (WW000 says so; nothing guessed)",
        model: scanModel(serviceProject(`{"service": "reports"}`, SERVICE_STRONG)),
      },
      {
        name: "a computed service name, and every section of the tree verifies (WW000 says so)",
        model: scanModel(
          serviceProject(
            `{"service": os.environ["DB_SERVICE"]}`,
            `${SERVICE_STRONG}[replica]\nsslmode=verify-full\nsslrootcert=/etc/ca.crt\n`,
            {
              ".env": "DEBUG=0\n",
            },
          ),
        ),
      },
      {
        name: "no service file in the tree (WW000 says so)",
        model: scanModel(settingsProject(serviceSettings(`{"service": "app"}`))),
      },
      {
        name: "the section sets no sslmode and PGSSLMODE=verify-full fills it (WW112's, not the service's)",
        model: scanModel(
          serviceProject(`{"service": "app"}`, "[app]\nhost=db.example.com\nsslrootcert=/etc/ca.crt\n", {
            ".env": "PGSERVICEFILE=pg_service.conf\nPGSSLMODE=verify-full\n",
          }),
        ),
      },
      {
        name: "a local alias (HOST localhost) with a weak service",
        model: scanModel(serviceProject(`{"service": "app"}`, SERVICE_REQUIRE, {}, `"localhost"`)),
      },
    ],
    invalid: [
      {
        name: "OPTIONS['service'] with PGSERVICEFILE from .env: the section sets require",
        model: scanModel(serviceProject(`{"service": "app"}`, SERVICE_REQUIRE)),
        hits: [
          {
            severity: "high",
            message:
              /^database alias 'default' uses libpq service 'app' \(OPTIONS\['service'\], app\/settings\.py:3\), whose section \[app\] in pg_service\.conf sets sslmode 'require': .*any certificate receives the password$/,
            evidence:
              /found through PGSERVICEFILE=pg_service\.conf \(\.env:1\).*effective sslmode require \(service file, line 3\); host db\.example\.com \(from service 'app', pg_service\.conf:2\)/,
          },
        ],
      },
      {
        name: "PGSERVICE from .env names a section with sslmode=disable",
        model: scanModel(
          serviceProject(`{}`, "[app]\nhost=db.example.com\nsslmode=disable\n", {
            ".env": "PGSERVICE=app\nPGSERVICEFILE=pg_service.conf\n",
          }),
        ),
        hits: [
          { severity: "critical", message: /libpq service 'app' \(PGSERVICE, \.env:1\).*never uses TLS/ },
        ],
      },
      {
        name: "the section sets no sslmode: libpq's default prefer",
        model: scanModel(serviceProject(`{"service": "app"}`, "[app]\nhost=db.example.com\nport=26257\n")),
        hits: [
          {
            severity: "high",
            message: /sets no sslmode, so libpq uses 'prefer': an attacker who answers 'N'/,
          },
        ],
      },
      {
        name: "the section sets verify-ca",
        model: scanModel(
          serviceProject(
            `{"service": "app"}`,
            "[app]\nhost=db.example.com\nsslmode=verify-ca\nsslrootcert=/etc/ca.crt\n",
          ),
        ),
        hits: [
          {
            severity: "medium",
            message: /sets sslmode 'verify-ca': the chain is checked but not the host name/,
          },
        ],
      },
      {
        name: "a computed service name and a weak section in the tree",
        model: scanModel(
          serviceProject(
            `{"service": os.environ["DB_SERVICE"]}`,
            `${SERVICE_STRONG}[replica]\nsslmode=require\n`,
          ),
        ),
        hits: [
          {
            severity: "high",
            message:
              /whose name is computed at run time .* section \[replica\] of pg_service\.conf in the tree sets sslmode 'require': if that is the section libpq reads/,
            evidence: /^service not resolved: the service name is computed at run time/,
          },
        ],
      },
      {
        name: "no PGSERVICEFILE: a .pg_service.conf in the tree with allow is reported as what it would do",
        model: () =>
          modelOf({
            ...settingsProject(serviceSettings(`{"service": "app"}`)),
            "deploy/.pg_service.conf": "[app]\nhost=db.example.com\nsslmode=allow\n",
          }).then((r) => r.model),
        hits: [
          {
            severity: "critical",
            message: /the tree does not show which file libpq reads: PGSERVICEFILE is not set/,
          },
        ],
      },
      {
        name: "Dockerfile ENV PGSERVICEFILE under its WORKDIR; HOST empty, the host is the section's",
        model: scanModel({
          ...settingsProject(serviceSettings(`{"service": "app"}`)),
          "deploy/pg_service.conf": "# production\n[app]\nhost=crdb.internal\nport=26257\nsslmode=prefer\n",
          Dockerfile:
            "FROM python:3.12-slim\nWORKDIR /srv/shop\nCOPY . .\nENV PGSERVICEFILE=/srv/shop/deploy/pg_service.conf\nCMD gunicorn app.wsgi\n",
        }),
        hits: [
          {
            severity: "high",
            message: /section \[app\] in deploy\/pg_service\.conf sets sslmode 'prefer'/,
            evidence:
              /PGSERVICEFILE=\/srv\/shop\/deploy\/pg_service\.conf.*host crdb\.internal:26257 \(from service 'app', deploy\/pg_service\.conf:3\)/,
          },
        ],
      },
    ],
  },
  {
    rule: ww001,
    valid: [
      { name: "no --runtime", model: scanModel(pgProject(sslmode("require"))) },
      {
        name: "runtime and static agree (require)",
        model: withRuntime(pgProject(sslmode("require")), [runtimeAlias({ sslmode: "require" })]),
      },
      {
        name: "the module could not be imported (reported apart, no comparison)",
        model: withRuntime(pgProject(sslmode("require")), [], "ModuleNotFoundError: No module named 'x'"),
      },
      {
        name: "both local",
        model: withRuntime(pgProject(undefined, `"localhost"`), [runtimeAlias({ hosts: [] })]),
      },
    ],
    invalid: [
      {
        name: "static evaluation could not follow the sslmode; runtime says prefer",
        model: withRuntime(pgProject(`{"sslmode": make_mode()}`), [
          runtimeAlias({ sslmode: "prefer", sslmodeSource: "libpq default", checks: ["wirewarden.W101"] }),
        ]),
        hits: [
          {
            severity: "info",
            message:
              /static evaluation says sslmode not known .*; imported by python3, it is sslmode prefer \(libpq default\) to db\.example\.com/,
            evidence: /runtime checks: WW101$/,
          },
        ],
      },
      {
        name: "static says verify-full, runtime says require (both values shown)",
        model: withRuntime(pgProject(VERIFIED), [
          runtimeAlias({ sslmode: "require", sslmodeSource: "PGSSLMODE" }),
        ]),
        hits: [
          {
            severity: "info",
            message: /says sslmode verify-full \(OPTIONS\); .* it is sslmode require \(PGSSLMODE\)/,
          },
        ],
      },
      {
        name: "an alias only runtime sees, and one only static evaluation sees",
        model: withRuntime(pgProject(VERIFIED), [runtimeAlias({ alias: "replica", sslmode: "disable" })]),
        hits: [
          { severity: "info", message: /'replica' of app\.settings: static evaluation says no such alias/ },
          {
            severity: "info",
            message:
              /'default' of app\.settings: static evaluation sees it .* the settings have no such alias/,
          },
        ],
      },
    ],
  },
];

/** A runtime alias as the describe script reports it: postgres, a network host, verify-full unless said. */
function runtimeAlias(
  over: Partial<Omit<RuntimeAlias, "checks">> & { checks?: string[] } = {},
): RuntimeAlias {
  const { checks, ...rest } = over;
  return {
    alias: "default",
    postgres: true,
    hosts: ["db.example.com"],
    sslmode: "verify-full",
    sslmodeSource: "parameter",
    checks: (checks ?? []).map((id) => ({ id, message: id })),
    ...rest,
  };
}

/** The model of `files`, with app.settings as `scan --runtime` imported it. */
function withRuntime(files: Files, aliases: RuntimeAlias[], error?: string): () => Promise<ScanModel> {
  const module: RuntimeModule = {
    module: "app.settings",
    python: "python3",
    aliases,
    ...(error ? { error } : {}),
  };
  return () => scanModel(files)().then((m) => ({ ...m, runtime: [module] }));
}
