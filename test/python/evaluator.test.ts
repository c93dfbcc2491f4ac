import { describe, expect, it } from "vitest";
import { asString, describe as show } from "../../src/python/value.js";
import { modelOf, settingsOf, view } from "../helpers/model.js";

describe("python evaluator", () => {
  it("evaluates literals, f-strings, concatenation, % and format", async () => {
    const { v } = await settingsOf(
      [
        'HOST = "db" + ".example.com"',
        "PORT = 26257",
        'URL = f"postgres://app@{HOST}:{PORT}/shop"',
        'OLD = "%s:%d" % (HOST, PORT)',
        'FMT = "{}-{x}".format("a", x="b")',
        "IMPLICIT = ('a' 'b')",
        'RAW = r"\\n"',
      ].join("\n"),
    );
    expect(asString(v.settings.get("URL"))).toBe("postgres://app@db.example.com:26257/shop");
    expect(asString(v.settings.get("OLD"))).toBe("db.example.com:26257");
    expect(asString(v.settings.get("FMT"))).toBe("a-b");
    expect(asString(v.settings.get("IMPLICIT"))).toBe("ab");
    expect(asString(v.settings.get("RAW"))).toBe("\\n");
  });

  it("names files with Path / and os.path.join", async () => {
    const { v } = await settingsOf(
      [
        "import os",
        "from pathlib import Path",
        "BASE_DIR = Path(__file__).resolve().parent.parent",
        'A = BASE_DIR / "certs" / "ca.crt"',
        'B = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ca.crt")',
        'C = str(BASE_DIR.joinpath("x", "y"))',
      ].join("\n"),
    );
    expect(show(v.settings.get("A"))).toBe('Path("<project>/certs/ca.crt")');
    expect(asString(v.settings.get("B"))).toBe("<project>/app/ca.crt");
    expect(asString(v.settings.get("C"))).toBe("<project>/x/y");
  });

  it("reads env with defaults; supplied values win and are marked", async () => {
    const src = [
      "import os",
      "import environ",
      "from decouple import config, Csv",
      "env = environ.Env(DEBUG=(bool, False))",
      'A = os.environ.get("A", "dflt")',
      'B = os.getenv("B")',
      'C = env("DEBUG")',
      'D = env.int("D", default=5)',
      'E = config("E", default="1", cast=bool)',
      'F = config("F", default="a,b", cast=Csv())',
      'G = os.environ["G"]',
      'H = env.bool("H", default=True)',
    ].join("\n");
    const { v } = await settingsOf(src);
    expect(v.settings.get("A")).toMatchObject({
      kind: "str",
      value: "dflt",
      env: { variable: "A", supplied: false, hasDefault: true },
    });
    expect(v.settings.get("B")).toMatchObject({ kind: "none", env: { variable: "B", supplied: false } });
    expect(v.settings.get("C")).toMatchObject({ kind: "bool", value: false });
    expect(v.settings.get("D")).toMatchObject({ kind: "int", value: 5 });
    expect(v.settings.get("E")).toMatchObject({ kind: "bool", value: true });
    expect(show(v.settings.get("F"))).toBe('["a", "b"]');
    expect(v.settings.get("G")).toMatchObject({ kind: "unknown", env: { variable: "G", hasDefault: false } });
    const supplied = (await settingsOf(src, { A: "x", DEBUG: "on", D: "7", E: "no", G: "g", H: "false" })).v;
    expect(supplied.settings.get("A")).toMatchObject({ value: "x", env: { supplied: true } });
    expect(supplied.settings.get("C")).toMatchObject({ kind: "bool", value: true });
    expect(supplied.settings.get("D")).toMatchObject({ kind: "int", value: 7 });
    expect(supplied.settings.get("E")).toMatchObject({ kind: "bool", value: false });
    expect(supplied.settings.get("G")).toMatchObject({ kind: "str", value: "g" });
    expect(supplied.settings.get("H")).toMatchObject({ kind: "bool", value: false });
  });

  it("models dj_database_url and env.db URLs into OPTIONS", async () => {
    const { v } = await settingsOf(
      [
        "import dj_database_url, environ",
        "env = environ.Env()",
        "DATABASES = {",
        '  "a": dj_database_url.parse("cockroach://app:pw@crdb.example.com:26257/shop?sslmode=verify-full&sslrootcert=/ca.crt", conn_max_age=60),',
        '  "b": env.db("B_URL", default="postgresql://app@b.example.com/shop?sslmode=require&CONN_MAX_AGE=30"),',
        '  "c": dj_database_url.config("C_URL", default="postgres://%2Fvar%2Frun%2Fpostgresql/shop"),',
        "}",
      ].join("\n"),
    );
    const [a, b, c] = v.databases;
    expect(a).toMatchObject({
      engine: "django_cockroachdb",
      family: "postgres",
      network: true,
      sslmode: { value: "verify-full", source: "url" },
    });
    expect(a?.sslrootcert.value).toBe("/ca.crt");
    expect(a?.connMaxAge).toMatchObject({ kind: "int", value: 60 });
    expect(b).toMatchObject({
      engine: "django.db.backends.postgresql",
      sslmode: { value: "require", source: "url" },
    });
    expect(b?.connMaxAge).toMatchObject({ kind: "int", value: 30 });
    expect(b?.sslmode.env).toMatchObject({ variable: "B_URL", supplied: false });
    // A socket-path default read from env in a production module: production sets C_URL, so the host is the
    // deployment's (a network host when set); supplied with the same socket URL, it is local.
    expect(c).toMatchObject({ network: true, hostClass: "env", hostVariable: "C_URL" });
    const supplied = await settingsOf(
      'import dj_database_url\nDATABASES = {"c": dj_database_url.config("C_URL", default="postgres://db/x")}',
      { C_URL: "postgres://%2Fvar%2Frun%2Fpostgresql/shop" },
    );
    expect(supplied.v.databases[0]).toMatchObject({ network: false, hostClass: "local" });
  });

  it("follows absolute star imports, conditional imports and try/except ImportError", async () => {
    const { model } = await modelOf({
      "app/__init__.py": "",
      "app/settings/__init__.py": "",
      "app/settings/base.py":
        'DEBUG = False\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com"}}\n',
      "app/settings/production.py": [
        "from app.settings.base import *",
        "try:",
        "    from .local import *",
        "except ImportError:",
        "    LOCAL = False",
        "DATABASES['replica'] = dict(DATABASES['default'], HOST='replica.example.com')",
        "DATABASES['default'].update({'OPTIONS': {'sslmode': 'verify-full'}})",
      ].join("\n"),
    });
    const v = view(model, "app.settings.production");
    expect(v.settings.get("LOCAL")).toMatchObject({ kind: "bool", value: false });
    expect(v.databases.map((d) => [d.alias, d.sslmode.value])).toEqual([
      ["default", "verify-full"],
      ["replica", "prefer"],
    ]);
    expect(model.views.some((x) => x.module === "app.settings.base")).toBe(false);
  });

  it("uses local.py when the try-import finds it", async () => {
    const { model } = await modelOf({
      "app/__init__.py": "",
      "app/settings/__init__.py": "",
      "app/settings/production.py":
        "DEBUG = False\nSECRET_KEY = 'x'\ntry:\n    from .local import *\nexcept ImportError:\n    pass\n",
      "app/settings/local.py": "DEBUG = True\n",
    });
    expect(view(model, "app.settings.production").settings.get("DEBUG")).toMatchObject({ value: true });
  });

  it("forks on unknown conditions and takes known ones", async () => {
    const src = [
      "import os",
      'ENVIRONMENT = os.environ.get("ENVIRONMENT", "production")',
      'if ENVIRONMENT == "production":',
      "    DEBUG = False",
      "else:",
      "    DEBUG = True",
      'SECRET_KEY = "x"',
    ].join("\n");
    const forked = await settingsOf(src);
    expect(forked.model.views.map((v) => [v.condition, show(v.settings.get("DEBUG"))])).toEqual([
      ['ENVIRONMENT == "production" is true', "False"],
      ['ENVIRONMENT == "production" is false', "True"],
    ]);
    const decided = await settingsOf(src, { ENVIRONMENT: "staging" });
    expect(decided.model.views.map((v) => [v.condition, show(v.settings.get("DEBUG"))])).toEqual([
      [null, "True"],
    ]);
  });

  it("bounds forks and reports it", async () => {
    const lines = ["import os", 'SECRET_KEY = "x"'];
    for (let i = 0; i < 12; i++)
      lines.push(`if os.environ.get("F${i}"):`, `    DEBUG = ${i % 2 ? "True" : "False"}`);
    const { model } = await settingsOf(lines.join("\n"));
    expect(model.views.length).toBeLessThanOrEqual(16);
    expect(model.diagnostics.some((d) => d.reason.includes("combinations of unknown conditions"))).toBe(true);
  });

  it("reports import cycles, syntax errors and unknown mutation keys as diagnostics", async () => {
    const { model } = await modelOf({
      "app/__init__.py": "",
      "app/settings/__init__.py": "",
      "app/settings/a.py": "from .b import *\nDEBUG = False\nSECRET_KEY = 'x'\n",
      "app/settings/b.py": "from .a import *\nALLOWED_HOSTS = []\n",
      "app/settings/broken.py": "DEBUG = (\nDATABASES = {}\n",
      "app/settings/keys.py":
        "import os\nDATABASES = {}\nDATABASES[os.environ['ALIAS']] = {'ENGINE': 'x'}\nSECRET_KEY = 'x'\n",
      "app/settings/selfish.py": "from app.settings.selfish import *\nDEBUG = False\nSECRET_KEY = 'x'\n",
    });
    const reasons = model.diagnostics.map((d) => `${d.origin.file}: ${d.reason}`);
    expect(reasons.some((r) => r.includes("import cycle"))).toBe(true);
    expect(reasons).toContain("app/settings/broken.py: syntax error: the module cannot be imported");
    expect(reasons.some((r) => r.startsWith("app/settings/keys.py") && r.includes("computed key"))).toBe(
      true,
    );
    expect(reasons.some((r) => r.includes("selfish"))).toBe(true);
  });

  it("treats functions it does not follow as unknown, never as a guess", async () => {
    // A project function is inlined now (test/python/evaluator-functions.test.ts); one whose result comes from
    // code the evaluator does not model still yields unknown, naming the function.
    const { v } = await settingsOf(
      "import vault\ndef mode():\n    return vault.lookup('sslmode')\nDATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com', 'OPTIONS': {'sslmode': mode()}}}\n",
    );
    expect(v.databases[0]?.sslmode).toMatchObject({ value: null, source: "unknown" });
    expect(v.databases[0]?.sslmode.unknownReason).toContain("mode()");
  });

  it("survives deep nesting within its budget", async () => {
    const deep = `X = ${"[".repeat(400)}${"]".repeat(400)}\nDEBUG = False\nSECRET_KEY = 'x'\n`;
    const { model } = await modelOf({ "app/__init__.py": "", "app/settings.py": deep });
    expect(model.diagnostics.some((d) => d.reason.includes("nesting deeper"))).toBe(true);
  });
});

describe("modules Python 3 cannot import", () => {
  it.each([
    ["print statement", 'print "starting"'],
    ["print to a file", 'import sys\nprint >>sys.stderr, "starting"'],
    ["exec statement", 'exec "X = 1"'],
    ["inside a branch", 'import os\nif os.environ.get("V"):\n    print "verbose"'],
  ])("Python 2 syntax (%s) is a WW000 and the module is not judged", async (_name, stmt) => {
    const { model } = await modelOf({
      "app/__init__.py": "",
      "app/settings.py": `SECRET_KEY = "x"\n${stmt}\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com"}}\n`,
    });
    expect(model.views.map((v) => v.module)).not.toContain("app.settings");
    expect(model.diagnostics.map((d) => d.reason)).toContainEqual(expect.stringContaining("Python 2 syntax"));
  });

  it("print() and exec() calls are Python 3 and are judged", async () => {
    const { model } = await modelOf({
      "app/__init__.py": "",
      "app/settings.py": `SECRET_KEY = "x"\nprint("starting")\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com"}}\n`,
    });
    expect(view(model, "app.settings").databases[0]?.sslmode.value).toBe("prefer");
  });
});

describe("TabError: indentation Python 3 refuses", () => {
  it.each([
    [
      "a tab, then eight spaces, in one block",
      "import os\nif os.environ.get('X'):\n\tDEBUG = True\n        ALLOWED_HOSTS = ['*']\n",
      true,
    ],
    [
      "eight spaces, then a tab, in one block",
      "import os\nif os.environ.get('X'):\n        DEBUG = True\n\tALLOWED_HOSTS = ['*']\n",
      true,
    ],
    ["tabs only", "import os\nif os.environ.get('X'):\n\tDEBUG = True\n\tALLOWED_HOSTS = ['*']\n", false],
    [
      "tabs in one block, spaces in another",
      "import os\nif os.environ.get('X'):\n\tDEBUG = True\nelse:\n        DEBUG = False\n",
      false,
    ],
    ["a continuation line indented with a tab", "X = [\n\t1,\n        2,\n]\n", false],
  ])("%s", async (_name, body, refused) => {
    const { model } = await modelOf({
      "app/__init__.py": "",
      "app/settings.py": `SECRET_KEY = "x"\n${body}DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com"}}\n`,
    });
    const tabError = model.diagnostics.some((d) => d.reason.includes("TabError"));
    expect(tabError).toBe(refused);
    expect(model.views.some((v) => v.module === "app.settings")).toBe(!refused);
  });
});
