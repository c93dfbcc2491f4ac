import { describe, expect, it } from "vitest";
import type { ScanModel } from "../../src/django/model.js";
import { isDevelopmentModule } from "../../src/django/project.js";
import { describe as show } from "../../src/python/value.js";
import { modelOf, view } from "../helpers/model.js";

/** Every settings shape here was met in public projects; the fixtures are written from scratch. */

const PG = "django.db.backends.postgresql";
const db = (host: string, options = "") =>
  `{"default": {"ENGINE": "${PG}", "NAME": "shop", "HOST": "${host}"${options ? `, "OPTIONS": ${options}` : ""}}}`;

const reasons = (model: ScanModel) =>
  model.diagnostics.map((d) => `${d.origin.file}:${d.origin.line} ${d.reason}`);
const aliases = (model: ScanModel, module: string, condition: string | null = null) =>
  view(model, module, condition).databases.map((a) => [a.alias, a.hostLabel, a.network, a.sslmode.value]);

describe("django-split-settings include()", () => {
  const base = {
    "manage.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_cfg.settings")\n',
    "site_cfg/__init__.py": "",
    "site_cfg/settings/__init__.py": [
      "from split_settings.tools import include, optional",
      "include(",
      '    "components/common.py",',
      '    "components/db*.py",',
      '    optional("local_settings.py"),',
      ")",
    ].join("\n"),
    "site_cfg/settings/components/__init__.py": "",
    "site_cfg/settings/components/common.py":
      "from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nDEBUG = False\nSECRET_KEY = 's'\n",
    "site_cfg/settings/components/db.py": `DATABASES = ${db("pg.internal.example")}\n`,
    "site_cfg/settings/components/db_tls.py":
      'DATABASES["default"]["OPTIONS"] = {"sslmode": "verify-full", "sslrootcert": str(BASE_DIR / "ca.pem")}\n',
  };

  it("runs the files in order in the including module's namespace, with its __file__", async () => {
    const { model, production } = await modelOf(base);
    expect(production?.module).toBe("site_cfg.settings");
    expect(aliases(model, "site_cfg.settings")).toEqual([
      ["default", "pg.internal.example", true, "verify-full"],
    ]);
    // __file__ inside a component is the settings package's, as split-settings runs them.
    expect(view(model, "site_cfg.settings").databases[0]?.sslrootcert.value).toBe(
      "<project>/site_cfg/ca.pem",
    );
    // Components are parts of the module that includes them, not modules of their own.
    expect(model.views.map((v) => v.module)).toEqual(["site_cfg.settings"]);
  });

  it("a present optional() file is run; a missing required one raises", async () => {
    const local = await modelOf({
      ...base,
      "site_cfg/settings/local_settings.py": 'DATABASES["default"]["OPTIONS"]["sslmode"] = "disable"\n',
    });
    expect(aliases(local.model, "site_cfg.settings")).toEqual([
      ["default", "pg.internal.example", true, "disable"],
    ]);
    const missing = await modelOf({
      ...base,
      "site_cfg/settings/__init__.py":
        'from split_settings.tools import include\ninclude("components/nope.py")\n',
    });
    expect(reasons(missing.model)).toContainEqual(expect.stringMatching(/nope\.py.*raises IOError/));
    expect(reasons(missing.model)).toContainEqual(expect.stringContaining("raises IOError at import"));
  });

  it("a file chosen by an env var: one outcome per file that can match, named by condition", async () => {
    const files = {
      ...base,
      "site_cfg/settings/__init__.py": [
        "import os",
        "from split_settings.tools import include",
        'ENV = os.environ.get("DJANGO_ENV", "production")',
        'include("components/common.py", "components/db.py", "environments/%s.py" % ENV)',
      ].join("\n"),
      "site_cfg/settings/environments/production.py":
        'DATABASES["default"]["OPTIONS"] = {"sslmode": "verify-full", "sslrootcert": "/etc/ca.pem"}\n',
      "site_cfg/settings/environments/staging.py":
        'DATABASES["default"]["OPTIONS"] = {"sslmode": "prefer"}\n',
    };
    const { model } = await modelOf(files);
    const byCondition = model.views
      .filter((v) => v.module === "site_cfg.settings")
      .map((v) => [v.condition, v.databases[0]?.sslmode.value]);
    expect(byCondition).toEqual([
      [expect.stringContaining("environments/production.py"), "verify-full"],
      [expect.stringContaining("environments/staging.py"), "prefer"],
    ]);
    // Supplied: the one file it names, no fork.
    const decided = await modelOf(files, { env: { DJANGO_ENV: "staging" } });
    const decidedViews = decided.model.views.filter((v) => v.module === "site_cfg.settings");
    expect(decidedViews.map((v) => [v.condition, v.databases[0]?.sslmode.value])).toEqual([[null, "prefer"]]);
  });

  it("too many candidate files, an unknown name or a path outside the tree: unknown, with a WW000", async () => {
    const envs = Object.fromEntries(
      ["a", "b", "c", "d", "e"].map((n) => [`site_cfg/settings/environments/${n}.py`, "X = 1\n"]),
    );
    const { model } = await modelOf({
      ...base,
      ...envs,
      "site_cfg/settings/__init__.py": [
        "import os",
        "from split_settings.tools import include",
        'include("environments/%s.py" % os.environ["ENV"])',
        'include(os.environ["WHOLE_PATH"])',
        'include("../../../../etc/app.py")',
      ].join("\n"),
    });
    const rs = reasons(model);
    expect(rs).toContainEqual(expect.stringMatching(/5 files match .*environments\/\*\.py/));
    expect(rs).toContainEqual(expect.stringMatching(/WHOLE_PATH.*the file name is not known/));
    expect(rs).toContainEqual(expect.stringContaining("outside the scanned tree"));
    const v = view(model, "site_cfg.settings");
    expect(v.settings.get("DATABASES")).toMatchObject({ kind: "unknown" });
    expect(rs).toContainEqual(expect.stringContaining("DATABASES is not set in site_cfg.settings"));
  });

  it("a list of files splatted into include(), with .format() of an env var and optional()", async () => {
    const files = {
      "server/__init__.py": "",
      "server/settings/__init__.py": [
        "import os",
        "from split_settings.tools import include, optional",
        "_ENV = os.environ.get('DJANGO_ENV') or 'development'",
        "parts = [",
        "    'components/common.py',",
        "    'environments/{0}.py'.format(_ENV),",
        "    optional('environments/local.py'),",
        "]",
        "include(*parts)",
      ].join("\n"),
      "server/settings/components/common.py": `SECRET_KEY = "s"\nDATABASES = ${db("pg.server.example")}\n`,
      "server/settings/environments/development.py": "DEBUG = True\n",
      "server/settings/environments/production.py":
        'DEBUG = False\nDATABASES["default"]["OPTIONS"] = {"sslmode": "verify-full", "sslrootcert": "/ca.pem"}\n',
      "server/settings/environments/local.py.template": 'DATABASES["default"]["HOST"] = "localhost"\n',
    };
    const { model } = await modelOf(files);
    const views = model.views.filter((v) => v.module === "server.settings");
    expect(views.map((v) => [v.condition, v.databases[0]?.sslmode.value])).toEqual([
      ["env var DJANGO_ENV names server/settings/environments/development.py", "prefer"],
      ["env var DJANGO_ENV names server/settings/environments/production.py", "verify-full"],
    ]);
    const supplied = await modelOf(files, { env: { DJANGO_ENV: "production" } });
    expect(aliases(supplied.model, "server.settings")).toEqual([
      ["default", "pg.server.example", true, "verify-full"],
    ]);
  });

  it.each([
    ["an f-string of an env var with no default", "f'stages/{os.environ[\"STAGE\"]}.py'"],
    ["str.format of an env var with no default", "'stages/{}.py'.format(os.environ['STAGE'])"],
    ["an f-string of an env var with a default", 'f\'stages/{os.environ.get("STAGE", "dev")}.py\''],
  ])("a splatted list naming a file by %s: one outcome per stage file", async (_name, expr) => {
    const { model } = await modelOf({
      "svc/__init__.py": "",
      "svc/settings/__init__.py": [
        "import os",
        "from split_settings.tools import include",
        `PARTS = ['base.py', ${expr}]`,
        "include(*PARTS)",
      ].join("\n"),
      "svc/settings/base.py": `SECRET_KEY = "s"\nDATABASES = ${db("pg.svc.example")}\n`,
      "svc/settings/stages/dev.py": "DEBUG = True\n",
      "svc/settings/stages/prod.py":
        'DATABASES["default"]["OPTIONS"] = {"sslmode": "verify-full", "sslrootcert": "/ca"}\n',
    });
    expect(model.views.map((v) => [v.module, v.condition, v.databases[0]?.sslmode.value])).toEqual([
      ["svc.settings", "env var STAGE names svc/settings/stages/dev.py", "prefer"],
      ["svc.settings", "env var STAGE names svc/settings/stages/prod.py", "verify-full"],
    ]);
  });

  it("an env-chosen file is never the package's __init__.py; TYPE_CHECKING is False at run time", async () => {
    const { model } = await modelOf({
      "svc/__init__.py": "",
      "svc/settings/__init__.py": [
        "import os",
        "from typing import TYPE_CHECKING",
        "from split_settings.tools import include",
        "if TYPE_CHECKING:",
        "    CHECKING = True",
        "include('base.py', f'stages/{os.environ[\"STAGE\"]}.py')",
      ].join("\n"),
      "svc/settings/base.py": `SECRET_KEY = "s"\nDATABASES = ${db("pg.svc.example")}\n`,
      "svc/settings/stages/__init__.py": "",
      "svc/settings/stages/dev.py": "DEBUG = True\n",
      "svc/settings/stages/prod.py": "DEBUG = False\n",
    });
    expect(model.views.map((v) => v.condition)).toEqual([
      "env var STAGE names svc/settings/stages/dev.py",
      "env var STAGE names svc/settings/stages/prod.py",
    ]);
    expect(model.views[0]?.settings.has("CHECKING")).toBe(false);
  });

  it("a hostile glob is bounded", async () => {
    const started = Date.now();
    const { model } = await modelOf({
      "cfg/__init__.py": "",
      "cfg/settings.py": `from split_settings.tools import include\nSECRET_KEY = "s"\ninclude("${"*a".repeat(40)}b.py")\ninclude("${"*a".repeat(12)}b.py")\n`,
      [`cfg/${"a".repeat(200)}.py`]: "X = 1\n",
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(reasons(model)).toContainEqual(expect.stringContaining("too many wildcards"));
    expect(reasons(model)).toContainEqual(expect.stringContaining("raises IOError"));
  });

  it("a module that execs a large file thousands of times ends in time, with one WW000", async () => {
    const started = Date.now();
    const { model } = await modelOf({
      "cfg/__init__.py": "",
      "cfg/big.py": `X = """${"a".repeat(1_000_000)}"""\n`,
      "cfg/settings.py": `import os\nSECRET_KEY = "s"\nDEBUG = False\n${'exec(open(os.path.join(os.path.dirname(__file__), "big.py")).read())\n'.repeat(3_000)}`,
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(reasons(model).filter((r) => r.includes("cfg/big.py: more than"))).toHaveLength(1);
    expect(view(model, "cfg.settings").settings.get("DATABASES")).toMatchObject({ kind: "unknown" });
  });

  it("runs each file once per namespace, as split-settings does, so a cycle ends; an exec cycle is reported", async () => {
    const { model } = await modelOf({
      "cfg/__init__.py": "",
      "cfg/settings.py": [
        "from split_settings.tools import include as settings_include",
        'SECRET_KEY = "s"',
        "COUNT = 0",
        'settings_include("a.py", "a.py", "*.py")',
      ].join("\n"),
      "cfg/a.py": 'from split_settings.tools import include\nCOUNT += 1\ninclude("b.py")\n',
      "cfg/b.py": 'from split_settings.tools import include\ninclude("a.py")\nB = True\n',
      "cfg/ex.py":
        'import os\nDEBUG = False\nSECRET_KEY = "s"\nexec(open(os.path.join(os.path.dirname(__file__), "ex2.py")).read())\n',
      "cfg/ex2.py": 'import os\nexec(open(os.path.join(os.path.dirname(__file__), "ex2.py")).read())\n',
    });
    const v = view(model, "cfg.settings");
    expect(v.settings.get("COUNT")).toMatchObject({ kind: "int", value: 1 });
    expect(v.settings.get("B")).toMatchObject({ value: true });
    expect(reasons(model)).toContainEqual(
      expect.stringContaining("include cycle: cfg/ex.py → cfg/ex2.py → cfg/ex2.py"),
    );
  });
});

describe("exec(open(...).read()) includes", () => {
  it.each([
    ['exec(open(os.path.join(os.path.dirname(__file__), "db_prod.py")).read())'],
    ['exec(compile(open(BASE_DIR / "cfg" / "db_prod.py").read(), "db_prod.py", "exec"))'],
    ['_p = os.path.join(os.path.dirname(os.path.abspath(__file__)), "db_prod.py")\nexec(open(_p).read())'],
    ['exec((BASE_DIR / "cfg" / "db_prod.py").read_text())'],
  ])("runs the file in the same namespace: %s", async (line) => {
    const { model } = await modelOf({
      "cfg/__init__.py": "",
      "cfg/settings.py": [
        "import os",
        "from pathlib import Path",
        "BASE_DIR = Path(__file__).resolve().parent.parent",
        `DATABASES = ${db("db.example.net")}`,
        line,
      ].join("\n"),
      "cfg/db_prod.py": 'DATABASES["default"]["OPTIONS"] = {"sslmode": "require"}\n',
    });
    expect(aliases(model, "cfg.settings")).toEqual([["default", "db.example.net", true, "require"]]);
  });

  it("with open(path) as f: exec(f.read())", async () => {
    const { model } = await modelOf({
      "cfg/__init__.py": "",
      "cfg/settings.py": [
        "import os",
        `DATABASES = ${db("db.example.net")}`,
        'with open(os.path.join(os.path.dirname(__file__), "secrets_db.py")) as fh:',
        "    exec(fh.read())",
      ].join("\n"),
      "cfg/secrets_db.py": 'DATABASES["default"]["OPTIONS"] = {"sslmode": "verify-ca"}\n',
    });
    expect(aliases(model, "cfg.settings")).toEqual([["default", "db.example.net", true, "verify-ca"]]);
  });

  it("a file outside the tree or an unknown one: WW000, and names it may set are unknown", async () => {
    const { model } = await modelOf({
      "cfg/__init__.py": "",
      "cfg/settings.py": [
        "import os",
        "SECRET_KEY = 's'",
        'exec(open("/etc/shop/db.py").read())',
        'exec(open(os.environ["EXTRA_SETTINGS"]).read())',
        "HOSTNAME = DB_HOST",
      ].join("\n"),
    });
    const rs = reasons(model);
    expect(rs).toContainEqual(expect.stringContaining("/etc/shop/db.py is outside the scanned tree"));
    expect(rs).toContainEqual(expect.stringContaining("EXTRA_SETTINGS"));
    const v = view(model, "cfg.settings");
    expect(show(v.settings.get("HOSTNAME"))).toContain("may be set by exec(");
    expect(v.settings.get("DATABASES")).toMatchObject({ kind: "unknown" });
  });
});

describe("importlib.import_module and __import__", () => {
  it("a literal project module is evaluated like an import; a computed name is unknown", async () => {
    const { model } = await modelOf({
      "cfg/__init__.py": "",
      "cfg/dbconf.py": `DEFAULT = ${db("pg.prod.example", '{"sslmode": "verify-ca"}')}["default"]\n`,
      "cfg/settings.py": [
        "import importlib, os",
        "SECRET_KEY = 's'",
        'conf = importlib.import_module("cfg.dbconf")',
        'DATABASES = {"default": conf.DEFAULT}',
        'other = __import__("cfg.dbconf")',
        "DATABASES['copy'] = other.dbconf.DEFAULT",
        'dyn = importlib.import_module(os.environ["WHICH"])',
        "X = dyn.DEFAULT",
      ].join("\n"),
    });
    expect(aliases(model, "cfg.settings")).toEqual([
      ["default", "pg.prod.example", true, "verify-ca"],
      ["copy", "pg.prod.example", true, "verify-ca"],
    ]);
    expect(reasons(model)).toContainEqual(
      expect.stringContaining("importlib.import_module() of a computed module name is not followed"),
    );
    expect(view(model, "cfg.settings").settings.get("X")).toMatchObject({ kind: "unknown" });
  });
});

describe("settings chosen by an env var through import_module and copied into the namespace", () => {
  const modules = {
    "core/__init__.py": "",
    "core/settings/dev.py": `DEBUG = True\nDATABASES = ${db("localhost")}\n`,
    "core/settings/prod.py": `DEBUG = False\nDATABASES = ${db("pg.core.example", '{"sslmode": "verify-full", "sslrootcert": "/ca.pem"}')}\n`,
  };
  it.each([
    [
      "globals().update(vars(module))",
      [
        "import os",
        "from importlib import import_module",
        'env = os.getenv("DJANGO_ENV", "dev")',
        'module = import_module(f"core.settings.{env}")',
        "globals().update(vars(module))",
      ],
    ],
    [
      "__import__ with a fromlist and a dir() loop into locals()",
      [
        "import os",
        'settings_module = os.environ.get("DJANGO_ENV", "dev")',
        'mod = __import__("core.settings." + settings_module, globals(), locals(), ["*"])',
        "for name in dir(mod):",
        "    if name.isupper():",
        "        locals()[name] = getattr(mod, name)",
      ],
    ],
    [
      "a .__dict__.items() loop into globals()",
      [
        "import os, importlib",
        'chosen = importlib.import_module("core.settings.%s" % os.environ.get("DJANGO_ENV", "dev").lower())',
        "for key, value in chosen.__dict__.items():",
        "    if key.isupper():",
        "        globals()[key] = value",
      ],
    ],
  ])("%s: one outcome per module the env var can name", async (_name, lines) => {
    const files = { ...modules, "core/settings/__init__.py": lines.join("\n") };
    const { model } = await modelOf(files, { settingsModule: "core.settings" });
    const views = model.views.filter((v) => v.module === "core.settings");
    expect(views.map((v) => [v.condition, v.databases[0]?.hostLabel, v.databases[0]?.sslmode.value])).toEqual(
      [
        ["env var DJANGO_ENV names core.settings.dev", "localhost", "prefer"],
        ["env var DJANGO_ENV names core.settings.prod", "pg.core.example", "verify-full"],
      ],
    );
    const supplied = await modelOf(files, { settingsModule: "core.settings", env: { DJANGO_ENV: "prod" } });
    expect(aliases(supplied.model, "core.settings")).toEqual([
      ["default", "pg.core.example", true, "verify-full"],
    ]);
  });

  it("names copied from something that is not a project module are unknown", async () => {
    const { model } = await modelOf({
      "cfg/__init__.py": "",
      "cfg/settings.py": [
        "import importlib, os",
        "SECRET_KEY = 's'",
        'globals().update(vars(importlib.import_module(os.environ["CONF"])))',
      ].join("\n"),
    });
    expect(reasons(model)).toContainEqual(expect.stringContaining("names copied by globals().update("));
    expect(view(model, "cfg.settings").settings.get("DATABASES")).toMatchObject({ kind: "unknown" });
  });
});

describe("star import of a module outside the tree", () => {
  it("keeps evaluating: later DATABASES is judged, names it may define stay unknown", async () => {
    const { model } = await modelOf({
      "cfg/__init__.py": "",
      "cfg/settings.py": [
        "from thirdparty_app.conf.defaults import *",
        "DEBUG = False",
        `DATABASES = ${db("pg.example.org", '{"sslmode": "require"}')}`,
        "SOMETHING = INHERITED_VALUE",
      ].join("\n"),
    });
    const v = view(model, "cfg.settings");
    expect(aliases(model, "cfg.settings")).toEqual([["default", "pg.example.org", true, "require"]]);
    expect(show(v.settings.get("SOMETHING"))).toContain(
      "INHERITED_VALUE may come from star import of thirdparty_app.conf.defaults",
    );
    expect(reasons(model)).toContainEqual(expect.stringContaining("star import from external module"));
  });

  it("DATABASES only mutated after it: unknown, with a WW000, never 'no database'", async () => {
    const { model } = await modelOf({
      "cfg/__init__.py": "",
      "cfg/settings.py": [
        "from vendor_settings import *",
        'DATABASES["default"]["OPTIONS"] = {"sslmode": "require"}',
        "SECRET_KEY = 's'",
      ].join("\n"),
    });
    const v = view(model, "cfg.settings");
    expect(v.settings.get("DATABASES")).toMatchObject({ kind: "unknown" });
    expect(reasons(model)).toContainEqual(expect.stringContaining("DATABASES is not set in cfg.settings"));
  });

  it("DATABASES set before an unfollowed star import or exec may change: the view says so", async () => {
    const { model } = await modelOf({
      "cfg/__init__.py": "",
      "cfg/settings.py": [
        "import os",
        `DATABASES = ${db("pg.example.org", '{"sslmode": "verify-full", "sslrootcert": "/ca.pem"}')}`,
        "SECRET_KEY = 's'",
        "from site_overrides import *",
      ].join("\n"),
      "cfg/settings2.py": [
        "import os",
        `DATABASES = ${db("pg.example.org", '{"sslmode": "verify-full", "sslrootcert": "/ca.pem"}')}`,
        "SECRET_KEY = 's'",
        'exec(open(os.environ["EXTRA"]).read())',
        `DATABASES = ${db("pg2.example.org", '{"sslmode": "verify-full", "sslrootcert": "/ca.pem"}')}`,
      ].join("\n"),
    });
    expect(view(model, "cfg.settings").databasesMayChange).toMatchObject({
      reason: expect.stringContaining("may come from star import of site_overrides"),
      origin: { file: "cfg/settings.py", line: 4 },
    });
    expect(reasons(model)).toContainEqual(
      expect.stringContaining("cfg/settings.py:4 DATABASES may not be what Django ends with"),
    );
    // Written again after the exec: that is what Django ends with.
    expect(view(model, "cfg.settings2").databasesMayChange).toBeUndefined();
  });

  it("a guarded star import of a module the tree lacks: both worlds, named", async () => {
    const { model } = await modelOf({
      "cfg/__init__.py": "",
      "cfg/settings.py": [
        `DATABASES = ${db("pg.example.org")}`,
        "SECRET_KEY = 's'",
        "try:",
        "    from private_overrides import *",
        "except ImportError:",
        '    DATABASES["default"]["OPTIONS"] = {"sslmode": "verify-full", "sslrootcert": "/ca.pem"}',
      ].join("\n"),
    });
    const absent = view(model, "cfg.settings", "private_overrides cannot be imported");
    expect(absent.databases[0]?.sslmode.value).toBe("verify-full");
    expect(absent.databasesMayChange).toBeUndefined();
    const present = view(model, "cfg.settings", "private_overrides can be imported");
    expect(present.databases[0]?.sslmode.value).toBe("prefer");
    expect(present.databasesMayChange?.reason).toContain("star import of private_overrides");
  });

  it("a guarded plain import of a module the tree lacks: both worlds too", async () => {
    const { model } = await modelOf({
      "cfg/__init__.py": "",
      "cfg/settings.py": [
        "SECRET_KEY = 's'",
        "try:",
        "    import deploy_overrides",
        "    DATABASES = deploy_overrides.DATABASES",
        "except ImportError:",
        `    DATABASES = ${db("pg.example.org", '{"sslmode": "verify-full", "sslrootcert": "/ca"}')}`,
      ].join("\n"),
    });
    expect(aliases(model, "cfg.settings", "deploy_overrides cannot be imported")).toEqual([
      ["default", "pg.example.org", true, "verify-full"],
    ]);
    expect(
      view(model, "cfg.settings", "deploy_overrides can be imported").settings.get("DATABASES"),
    ).toMatchObject({
      kind: "unknown",
    });
  });

  it("a guarded plain import where nothing in the try writes a setting does not fork", async () => {
    const { model } = await modelOf({
      "cfg/__init__.py": "",
      "cfg/settings.py": `SECRET_KEY = "s"\ntry:\n    import sentry_sdk\nexcept ImportError:\n    pass\nDATABASES = ${db("pg.example.org")}\n`,
    });
    expect(model.views.map((v) => v.condition)).toEqual([null]);
  });

  it("the module's locals() handed to a function it cannot see: every setting so far is unknown", async () => {
    const { model } = await modelOf({
      "cfg/__init__.py": "",
      "cfg/settings.py": `import platform_glue\nSECRET_KEY = "s"\nDATABASES = ${db("pg.example.org", '{"sslmode": "verify-full", "sslrootcert": "/ca"}')}\nplatform_glue.settings(locals())\n`,
    });
    const v = view(model, "cfg.settings");
    expect(v.settings.get("DATABASES")).toMatchObject({ kind: "unknown" });
    expect(v.databases.map((a) => [a.alias, a.sslmode.source])).toEqual([["default", "unknown"]]);
    expect(reasons(model)).toContainEqual(expect.stringContaining("is given the module's globals()"));
  });

  it.each([["from ops_helpers import *", "configure_databases(DATABASES)"]])(
    "DATABASES handed to a function it cannot see may change: %s … %s",
    async (before, after) => {
      const { model } = await modelOf({
        "cfg/__init__.py": "",
        "cfg/settings.py": `${before}\nSECRET_KEY = "s"\nDATABASES = ${db("pg.example.org", '{"sslmode": "verify-full", "sslrootcert": "/ca"}')}\n${after}\n`,
      });
      const v = view(model, "cfg.settings");
      expect(v.databasesMayChange?.reason).toMatch(/may be changed by (configure_databases|platform_glue)/);
      expect(reasons(model)).toContainEqual(expect.stringContaining("may change DATABASES in place"));
    },
  );

  it("a modelled library's names still resolve after its star import", async () => {
    const { model } = await modelOf({
      "cfg/__init__.py": "",
      "cfg/settings.py":
        'from dj_database_url import *\nDATABASES = {"default": config(default="postgres://u@pg.example.org/shop?sslmode=verify-full")}\n',
    });
    expect(aliases(model, "cfg.settings")).toEqual([
      ["default", expect.stringContaining("pg.example.org"), true, "verify-full"],
    ]);
  });
});

describe("sys.path entries in manage.py / wsgi.py / asgi.py (src layouts)", () => {
  it("names modules under a directory manage.py puts on sys.path", async () => {
    const { model, production } = await modelOf({
      "manage.py": [
        "import os, sys",
        "BASE_DIR = os.path.dirname(os.path.abspath(__file__))",
        'sys.path.insert(0, os.path.join(BASE_DIR, "src"))',
        'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")',
      ].join("\n"),
      // src is a package too (an __init__.py left over): without the sys.path entry the name would be src.portal…
      "src/__init__.py": "",
      "src/portal/__init__.py": "",
      "src/portal/settings.py": `from portal.db import *\nSECRET_KEY = "s"\n`,
      "src/portal/db.py": `DATABASES = ${db("pg.portal.example", '{"sslmode": "verify-full"}')}\n`,
    });
    expect(production?.module).toBe("portal.settings");
    const v = view(model, "portal.settings");
    expect(v.production).toBe(true);
    expect(aliases(model, "portal.settings")).toEqual([
      ["default", "pg.portal.example", true, "verify-full"],
    ]);
    expect(reasons(model).filter((r) => r.includes("ImportError"))).toEqual([]);
  });

  it("an apps/ directory added by wsgi.py resolves short names", async () => {
    const { model } = await modelOf({
      "manage.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "conf.settings")\n',
      "conf/__init__.py": "",
      "conf/wsgi.py": [
        "import sys",
        "from pathlib import Path",
        "BASE_DIR = Path(__file__).resolve().parent.parent",
        'sys.path.append(str(BASE_DIR / "apps/"))',
      ].join("\n"),
      "conf/settings.py": "from dbhelpers.defaults import DATABASES\nSECRET_KEY = 's'\n",
      "apps/__init__.py": "",
      "apps/dbhelpers/__init__.py": "",
      "apps/dbhelpers/defaults.py": `DATABASES = ${db("pg.apps.example", '{"sslmode": "verify-ca"}')}\n`,
    });
    expect(aliases(model, "conf.settings")).toEqual([["default", "pg.apps.example", true, "verify-ca"]]);
  });
});

describe("repeated imports of a module with several outcomes", () => {
  it("stay in the outcome already taken (a module runs once per process)", async () => {
    const { model } = await modelOf({
      "web/__init__.py": "",
      "web/settings/__init__.py": "",
      "web/settings/base.py": [
        "import os",
        'SECRET_KEY = "s"',
        `DATABASES = ${db("pg.web.example")}`,
        'if os.environ.get("USE_TLS"):',
        '    DATABASES["default"]["OPTIONS"] = {"sslmode": "verify-full", "sslrootcert": "/ca"}',
        'if os.environ.get("VERBOSE"):',
        "    DEBUG = True",
      ].join("\n"),
      "web/settings/prod.py": [
        "from .base import *",
        "from .base import DATABASES",
        "from .base import SECRET_KEY",
        "from web.settings.base import DATABASES as DBS",
        "DEBUG = False",
      ].join("\n"),
    });
    const views = model.views.filter((v) => v.module === "web.settings.prod");
    expect(views).toHaveLength(4);
    for (const v of views) expect(show(v.settings.get("DBS"))).toBe(show(v.settings.get("DATABASES")));
  });
});

describe("file names with dots", () => {
  it("sentry.conf.example.py is indexed under its literal stem, evaluated, and not importable by that name", async () => {
    const { model } = await modelOf({
      "sentry.conf.example.py": `DATABASES = ${db("pg.sentry.example")}\nSECRET_KEY = "s"\n`,
      "settings.prod.py": `DATABASES = ${db("pg.prod.example", '{"sslmode": "require"}')}\nDEBUG = False\n`,
      "other_settings.py": "from sentry.conf.example import *\nDEBUG = False\nSECRET_KEY = 's'\n",
    });
    expect(model.views.map((v) => [v.module, v.development]).sort()).toEqual([
      ["other_settings", false],
      ["sentry.conf.example", true],
      ["settings.prod", false],
    ]);
    expect(aliases(model, "settings.prod")).toEqual([["default", "pg.prod.example", true, "require"]]);
    expect(aliases(model, "sentry.conf.example")).toEqual([["default", "pg.sentry.example", true, "prefer"]]);
    // The dotted name means a package path to Python (the installed sentry), never this file.
    expect(show(view(model, "other_settings").settings.get("DATABASES"))).toContain(
      "may come from star import of sentry.conf.example",
    );
  });

  it("such a file, and a top-level module, has no package for a relative import: ImportError, or a file copied into a package at deploy time", async () => {
    const { model } = await modelOf({
      "base.py": "DEBUG = False\n",
      "settings.py":
        "try:\n    from .base import *\nexcept ImportError:\n    NO_PACKAGE = True\nSECRET_KEY = 's'\nDEBUG = False\n",
      "relay.conf.prod.py": `from .base import *\nDATABASES = ${db("pg.relay.example", '{"sslmode": "require"}')}\n`,
    });
    expect(view(model, "settings", ".base cannot be imported").settings.get("NO_PACKAGE")).toMatchObject({
      value: true,
    });
    expect(show(view(model, "settings", ".base can be imported").settings.get("DATABASES"))).toContain(
      "may come from star import of .base",
    );
    expect(reasons(model)).toContainEqual(
      expect.stringContaining("relay.conf.prod.py:1 relative import .base goes above"),
    );
    // The module goes on: what it writes after the import is judged.
    expect(aliases(model, "relay.conf.prod")).toEqual([["default", "pg.relay.example", true, "require"]]);
  });

  it("--settings can name such a file by its stem or path", async () => {
    const files = { "settings.prod.py": `DATABASES = ${db("pg.prod.example")}\nDEBUG = False\n` };
    for (const name of ["settings.prod", "settings.prod.py"]) {
      const { model, production } = await modelOf(files, { settingsModule: name });
      expect(production?.module).toBe("settings.prod");
      expect(view(model, "settings.prod").production).toBe(true);
      expect(reasons(model).some((r) => r.includes("no such module"))).toBe(false);
    }
  });
});

describe("modules that only mutate DATABASES", () => {
  it.each([
    ['DATABASES["default"].update({"OPTIONS": {"sslmode": "disable"}})'],
    ['DATABASES["default"]["OPTIONS"] = {"sslmode": "disable"}'],
    ['if True:\n    DATABASES["default"]["OPTIONS"] = {"sslmode": "disable"}'],
  ])("are settings modules: %s", async (line) => {
    const { model } = await modelOf({
      "web/__init__.py": "",
      "web/conf/__init__.py": "",
      "web/conf/base.py": `DATABASES = ${db("pg.web.example", '{"sslmode": "verify-full"}')}\nDEBUG = False\nSECRET_KEY = "s"\n`,
      "web/conf/prod.py": `from .base import *\n${line}\n`,
    });
    expect(aliases(model, "web.conf.prod")).toEqual([["default", "pg.web.example", true, "disable"]]);
  });
});

describe("MIDDLEWARE_CLASSES", () => {
  it("marks an old settings module and is read when MIDDLEWARE is absent", async () => {
    const { model } = await modelOf({
      "old/__init__.py": "",
      "old/prod_conf.py": [
        "MIDDLEWARE_CLASSES = (",
        '    "django.contrib.sessions.middleware.SessionMiddleware",',
        ")",
        `DATABASES = ${db("pg.old.example")}`,
      ].join("\n"),
    });
    const v = view(model, "old.prod_conf");
    const { middlewareInstalled } = await import("../../src/rules/https-helpers.js");
    expect(middlewareInstalled(v, "django.middleware.security.SecurityMiddleware")).toBe(false);
    expect(middlewareInstalled(v, "django.contrib.sessions.middleware.SessionMiddleware")).toBe(true);
  });
});

describe("line endings", () => {
  it.each([
    ["CR only", "\r"],
    ["CRLF", "\r\n"],
    ["mixed", "mixed"],
  ])("%s: parses, and line numbers are Python's", async (_name, eol) => {
    const lines = [
      "import os",
      "if os.environ.get('X'):",
      "    DEBUG = True",
      `DATABASES = ${db("pg.eol.example", '{"sslmode": "require"}')}`,
      "SECRET_KEY = 's'",
      "DATABASES['default']['OPTIONS'][os.environ['K']] = 1",
    ];
    const text =
      eol === "mixed"
        ? lines.map((l, i) => l + ["\r", "\n", "\r\n"][i % 3]).join("")
        : lines.join(eol as string) + (eol as string);
    const { model } = await modelOf({ "eol/__init__.py": "", "eol/settings.py": text });
    expect(reasons(model).some((r) => r.includes("syntax error"))).toBe(false);
    // The computed key on the last line may name sslmode: whichever key it is now holds 1, so sslmode is unknown.
    expect(aliases(model, "eol.settings", "os.environ.get('X') is false")).toEqual([
      ["default", "pg.eol.example", true, null],
    ]);
    expect(
      view(model, "eol.settings", "os.environ.get('X') is true").settings.get("DATABASES")?.origin?.line,
    ).toBe(4);
    expect(reasons(model)).toContainEqual(expect.stringMatching(/^eol\/settings\.py:6 .*computed key/));
  });
});

describe("templates", () => {
  it.each([
    ["deploy/roles/web/templates/settings.py.j2"],
    ["shop/local_settings.py.example"],
    ["shop/settings.py.tmpl"],
    ["shop/settings_prod.py.dist"],
    ["settings/config.py.prod.example"],
  ])("%s: literal values are facts, placeholders unknown, never production", async (path) => {
    const { model } = await modelOf(
      {
        "shop/__init__.py": "",
        [path]: [
          "DEBUG = False",
          'SECRET_KEY = "{{ secret_key }}"',
          `DATABASES = {"default": {"ENGINE": "${PG}", "HOST": "{{ db_host }}", "PORT": {{ db_port }},`,
          '    "OPTIONS": {"sslmode": "require"}}}',
        ].join("\n"),
      },
      { settingsModule: path },
    );
    const v = model.views.find((x) => x.file === path);
    expect(v).toMatchObject({ template: true, production: false, development: false });
    expect(v?.settings.get("SECRET_KEY")).toMatchObject({
      kind: "unknown",
      reason: "template placeholder {{ secret_key }}",
    });
    expect(v?.databases.map((a) => [a.sslmode.value, a.host?.kind, a.port?.kind])).toEqual([
      ["require", "unknown", "unknown"],
    ]);
    expect(show(v?.databases[0]?.port)).toContain("{{ db_port }}");
    expect(reasons(model)).toContainEqual(
      expect.stringContaining("is a template, not the module Django imports"),
    );
  });

  it("a placeholder inside a string of a plain module is an unknown value; the module stays Python", async () => {
    const { model } = await modelOf({
      "site/__init__.py": "",
      "site/settings.py": [
        `DATABASES = {"default": {"ENGINE": "${PG}", "HOST": "{{ databases.default.host }}",`,
        "    'PORT': '{{ key \"db/port\" }}', 'OPTIONS': {'sslmode': 'require'}}}",
        'SECRET_KEY = "s"',
        'BRACES = f"{{literal}}"',
      ].join("\n"),
    });
    const v = view(model, "site.settings");
    expect(v.template).toBeUndefined();
    expect(v.databases[0]?.host).toMatchObject({
      kind: "unknown",
      reason: "template placeholder {{ databases.default.host }}",
    });
    expect(v.databases[0]?.port).toMatchObject({ kind: "unknown" });
    expect(v.databases[0]?.sslmode.value).toBe("require");
    expect(v.settings.get("BRACES")).toMatchObject({ kind: "str", value: "{literal}" });
  });

  it("consul-template control lines and Django's settings.py-tpl are templates", async () => {
    const { model } = await modelOf({
      "deploy/templates/database.py": [
        `DATABASES = {"default": {"ENGINE": "${PG}",`,
        '    {{ with secret "db/creds/app" }}',
        "    'USER': '{{ .Data.username }}',",
        "    {{ end }}",
        "    'HOST': 'pg.tpl.example', 'OPTIONS': {'sslmode': 'verify-ca'}}}",
      ].join("\n"),
      "proj/settings.py-tpl": 'DEBUG = False\nSECRET_KEY = "{{ secret_key }}"\nDATABASES = {}\n',
    });
    const consul = model.views.find((v) => v.file === "deploy/templates/database.py");
    expect(consul).toMatchObject({ template: true, production: false });
    expect(consul?.databases.map((a) => [a.hostLabel, a.sslmode.value])).toEqual([
      ["pg.tpl.example", "verify-ca"],
    ]);
    expect(reasons(model).some((r) => r.includes("syntax error"))).toBe(false);
    expect(model.views.find((v) => v.file === "proj/settings.py-tpl")?.template).toBe(true);
  });

  it("a module with Django template strings in its literals is Python, not a template", async () => {
    const { model } = await modelOf({
      "site/__init__.py": "",
      "site/texts.py":
        'GREETING = "Hello {{ user.name }}"  # {% if x %}\nFOOTER = """{% block f %}{% endblock %}"""\nHOST = "pg.texts.example"\n',
      "site/settings.py": `from site.texts import HOST\nDATABASES = {"default": {"ENGINE": "${PG}", "HOST": HOST}}\nSECRET_KEY = "s"\n`,
    });
    const v = view(model, "site.settings");
    expect(v.template).toBeUndefined();
    expect(v.databases[0]?.hostLabel).toBe("pg.texts.example");
  });

  it("a string that template control tags choose a part of is unknown, not both parts", async () => {
    const { model } = await modelOf({
      "tpl/settings.py": [
        "{% if use_docker %}",
        "IN_DOCKER = True",
        "{% endif %}",
        `DATABASES = {"default": {"ENGINE": "${PG}",`,
        '    "HOST": "{% if use_docker %}postgres{% else %}localhost{% endif %}", "NAME": "app"}}',
      ].join("\n"),
    });
    const host = model.views[0]?.databases[0]?.host;
    expect(host).toMatchObject({ kind: "unknown", reason: "template placeholder {% if use_docker %}" });
    expect(model.views[0]?.settings.get("IN_DOCKER")).toMatchObject({ value: true });
  });

  it("a template's relative imports point into the package it sits in", async () => {
    const { model } = await modelOf({
      "app/__init__.py": "",
      "app/settings/__init__.py": "",
      "app/settings/common.py": `SECRET_KEY = "s"\nDATABASES = ${db("pg.app.example")}\n`,
      "app/settings/config.py.prod.example":
        'from .common import *\nDATABASES["default"]["OPTIONS"] = {"sslmode": "require"}\n',
    });
    const v = model.views.find((x) => x.file === "app/settings/config.py.prod.example");
    expect(v?.databases.map((a) => [a.hostLabel, a.sslmode.value])).toEqual([["pg.app.example", "require"]]);
  });

  it("a hostile template (a line of unclosed tags) is read in one pass", async () => {
    const started = Date.now();
    await modelOf({
      "t/settings.py.j2": `DEBUG = False\nSECRET_KEY = "s"\nX = 1 ${"{{".repeat(50_000)}\n${"{% ".repeat(25_000)}\n`,
    });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("a .py file with Jinja tags is a template too", async () => {
    const { model } = await modelOf({
      "site/__init__.py": "",
      "site/settings.py": [
        "{% if use_tls %}",
        "SSL = \"{{ mode | default('require') }}\"",
        "{% endif %}",
        `DATABASES = ${db("pg.site.example")}`,
        "DEBUG = {{ debug }}",
      ].join("\n"),
    });
    const v = view(model, "site.settings");
    expect(v.template).toBe(true);
    expect(v.settings.get("DEBUG")).toMatchObject({ kind: "unknown" });
    expect(v.settings.get("SSL")).toMatchObject({ kind: "unknown" });
    expect(reasons(model)).toContainEqual(expect.stringContaining("template control tags"));
  });
});

describe("development modules by the whole path", () => {
  it.each([
    ["app.settings", "app/settings.py", false],
    ["settings", "tests/settings.py", true],
    ["proj.settings", "src/test/proj/settings.py", true],
    ["settings", "ci/settings.py", true],
    ["settings", "e2e/settings.py", true],
    ["settings", "docs/settings.py", true],
    ["conf", "examples/basic/conf.py", true],
    ["test_settings", "proj/test_settings.py", true],
    ["settings_test", "proj/settings_test.py", true],
    ["db_test", "proj/db_test.py", true],
    ["conftest", "conftest.py", true],
    ["fixtures.settings", "fixtures/settings.py", true],
    ["sentry.conf.example", "sentry.conf.example.py", true],
    ["settings.prod", "settings.prod.py", false],
    ["contest.settings", "contest/settings.py", false],
    ["latest.settings", "latest/settings.py", false],
    ["settings", "test_project/settings.py", true],
    ["settings", "sandbox/settings.py", true],
    ["settings", "pkg/integration_tests/settings.py", true],
    ["settings", "attestation/settings.py", false],
  ])("%s at %s → %s", (name, path, dev) => {
    expect(isDevelopmentModule(name, path)).toBe(dev);
  });

  it("a settings module under tests/ is reported as development", async () => {
    const { model } = await modelOf({
      "tests/__init__.py": "",
      "tests/settings.py": `DATABASES = ${db("pg.test.example")}\nSECRET_KEY = "s"\n`,
      "proj/__init__.py": "",
      "proj/settings.py": `DATABASES = ${db("pg.prod.example")}\nSECRET_KEY = "s"\n`,
    });
    expect(view(model, "tests.settings").development).toBe(true);
    expect(view(model, "proj.settings").development).toBe(false);
  });
});
