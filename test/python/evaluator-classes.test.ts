import { describe, expect, it } from "vitest";
import { modelOf, sslmodeByBranch, view } from "../helpers/model.js";

const PG = "'ENGINE': 'django.db.backends.postgresql'";

async function modelOfSettings(
  source: string,
  env: Record<string, string> = {},
  extra: Record<string, string> = {},
) {
  const files = { "app/__init__.py": "", "app/settings.py": `${source}\nSECRET_KEY = "x"\n`, ...extra };
  return (await modelOf(files, { env })).model;
}

const CLASSES = [
  "from configurations import Configuration, values",
  "class Base(Configuration):",
  "    DEBUG = False",
  `    DATABASES = {'default': {${PG}, 'HOST': 'db.example.com', 'OPTIONS': {'sslmode': 'verify-full'}}}`,
  "class Dev(Base):",
  "    DEBUG = True",
  `    DATABASES = {'default': {${PG}, 'HOST': 'localhost'}}`,
  "class Prod(Base):",
  "    @property",
  "    def DATABASES(self):",
  "        dbs = dict(Base.DATABASES)",
  `        dbs['default'] = {${PG}, 'HOST': self.DB_HOST, 'OPTIONS': {'sslmode': self.MODE}}`,
  "        return dbs",
  "    DB_HOST = 'prod.example.com'",
  "    MODE = 'require'",
].join("\n");

describe("django-configurations classes", () => {
  it("one view per Configuration subclass, with inheritance and properties", async () => {
    const model = await modelOfSettings(CLASSES);
    const rows = model.views
      .filter((v) => v.module === "app.settings")
      .map((v) => [v.condition, v.databases[0]?.hostLabel, v.databases[0]?.sslmode.value]);
    expect(rows).toEqual([
      ["DJANGO_CONFIGURATION=Base", "db.example.com", "verify-full"],
      ["DJANGO_CONFIGURATION=Dev", "localhost", "prefer"],
      ["DJANGO_CONFIGURATION=Prod", "prod.example.com", "require"],
    ]);
    expect(view(model, "app.settings", "DJANGO_CONFIGURATION=Dev").settings.get("DEBUG")).toMatchObject({
      value: true,
    });
    expect(view(model, "app.settings", "DJANGO_CONFIGURATION=Prod").settings.get("DEBUG")).toMatchObject({
      value: false,
    });
  });

  it("DJANGO_CONFIGURATION picks the class", async () => {
    const model = await modelOfSettings(CLASSES, { DJANGO_CONFIGURATION: "Prod" });
    expect(model.views.map((v) => v.condition)).toEqual(["DJANGO_CONFIGURATION=Prod"]);
  });

  const valueCases: [string, string, Record<string, string>, Record<string, unknown>][] = [
    [
      "DatabaseURLValue with a default reads DATABASE_URL (no DJANGO_ prefix)",
      "    DATABASES = values.DatabaseURLValue('postgres://app@db.example.com/shop?sslmode=verify-ca')",
      {},
      { network: true, sslmode: { value: "verify-ca", source: "url" } },
    ],
    [
      "DatabaseURLValue: the supplied DATABASE_URL wins",
      "    DATABASES = values.DatabaseURLValue('postgres://app@db.example.com/shop?sslmode=verify-ca')",
      { DATABASE_URL: "postgres://app@other.example.com/shop?sslmode=disable" },
      { network: true, sslmode: { value: "disable", source: "url" } },
    ],
    [
      "DatabaseURLValue with ssl_require",
      "    DATABASES = values.DatabaseURLValue('postgres://app@db.example.com/shop?sslmode=verify-full', ssl_require=True)",
      {},
      { sslmode: { value: "require", source: "ssl_require" } },
    ],
    [
      "DatabaseURLValue with no default: the deployment's DATABASE_URL, a network host",
      "    DATABASES = values.DatabaseURLValue(environ_name='PG_URL')",
      {},
      { network: true, hostLabel: expect.stringContaining("PG_URL") },
    ],
  ];
  it.each(valueCases)("%s", async (_n, line, env, expected) => {
    const model = await modelOfSettings(
      ["from configurations import Configuration, values", "class Prod(Configuration):", line].join("\n"),
      env,
    );
    expect(view(model, "app.settings", "DJANGO_CONFIGURATION=Prod").databases[0]).toMatchObject(expected);
  });

  it("values.Value and BooleanValue read DJANGO_<NAME>", async () => {
    const src = [
      "from configurations import Configuration, values",
      "class Prod(Configuration):",
      "    DEBUG = values.BooleanValue(True)",
      "    DB_HOST = values.Value('db.example.com')",
      "    SECRET = values.SecretValue()",
      `    @property`,
      "    def DATABASES(self):",
      `        return {'default': {${PG}, 'HOST': self.DB_HOST}}`,
    ].join("\n");
    const dflt = view(await modelOfSettings(src), "app.settings", "DJANGO_CONFIGURATION=Prod");
    expect(dflt.settings.get("DEBUG")).toMatchObject({
      kind: "bool",
      value: true,
      env: { variable: "DJANGO_DEBUG" },
    });
    expect(dflt.settings.get("SECRET")).toMatchObject({
      kind: "unknown",
      env: { variable: "DJANGO_SECRET" },
    });
    const supplied = view(
      await modelOfSettings(src, { DJANGO_DEBUG: "no", DJANGO_DB_HOST: "pg.internal.example" }),
      "app.settings",
      "DJANGO_CONFIGURATION=Prod",
    );
    expect(supplied.settings.get("DEBUG")).toMatchObject({ kind: "bool", value: false });
    expect(supplied.databases[0]?.host).toMatchObject({ value: "pg.internal.example" });
  });

  it("a Value that names its env var is set up where it is written (nested in a dict too)", async () => {
    const src = [
      "from configurations import Configuration, values",
      "class Prod(Configuration):",
      "    DATABASES = {'default': {",
      `        ${PG},`,
      "        'HOST': values.Value('localhost', environ_name='SHOP_DB_HOST', environ_prefix=None),",
      "        'PORT': values.Value(5432, environ_name='SHOP_DB_PORT', environ_prefix=None),",
      "        'NAME': values.Value('shop', environ=False),",
      "    }}",
    ].join("\n");
    const dflt = view(await modelOfSettings(src), "app.settings", "DJANGO_CONFIGURATION=Prod").databases[0];
    // Not supplied: the local default, read from env, is the deployment's to replace (a network host when set).
    expect(dflt?.host).toMatchObject({ kind: "str", value: "localhost", env: { variable: "SHOP_DB_HOST" } });
    expect(dflt).toMatchObject({ hostClass: "env", hostVariable: "SHOP_DB_HOST" });
    const supplied = view(
      await modelOfSettings(src, { SHOP_DB_HOST: "pg.internal.example" }),
      "app.settings",
      "DJANGO_CONFIGURATION=Prod",
    ).databases[0];
    expect(supplied).toMatchObject({ hostClass: "network", sslmode: { value: "prefer", source: "default" } });
  });

  it("setup() defined in the project changes the class's settings", async () => {
    const model = await modelOfSettings(
      [
        "from configurations import Configuration",
        "class Prod(Configuration):",
        `    DATABASES = {'default': {${PG}, 'HOST': 'db.example.com'}}`,
        "    @classmethod",
        "    def setup(cls):",
        "        super().setup()",
        "        cls.DATABASES['default']['OPTIONS'] = {'sslmode': 'verify-full', 'sslrootcert': '/ca.pem'}",
      ].join("\n"),
    );
    expect(view(model, "app.settings", "DJANGO_CONFIGURATION=Prod").databases[0]?.sslmode.value).toBe(
      "verify-full",
    );
  });

  it("a Configuration class imported from another module, extended here", async () => {
    const model = await modelOfSettings(
      ["from app.base import Base", "class Prod(Base):", "    MODE = 'verify-full'"].join("\n"),
      {},
      {
        "app/base.py": [
          "from configurations import Configuration",
          "class Base(Configuration):",
          "    MODE = 'prefer'",
          "    @property",
          "    def DATABASES(self):",
          `        return {'default': {${PG}, 'HOST': 'db.example.com', 'OPTIONS': {'sslmode': self.MODE}}}`,
        ].join("\n"),
      },
    );
    expect(view(model, "app.settings", "DJANGO_CONFIGURATION=Prod").databases[0]?.sslmode.value).toBe(
      "verify-full",
    );
    expect(view(model, "app.settings", "DJANGO_CONFIGURATION=Base").databases[0]?.sslmode.value).toBe(
      "prefer",
    );
  });

  it("a class changed in one branch of an unknown if is not changed in the other", async () => {
    const model = await modelOfSettings(
      [
        "import os",
        "from configurations import Configuration",
        "class Prod(Configuration):",
        `    DATABASES = {'default': {${PG}, 'HOST': 'db.example.com', 'OPTIONS': {'sslmode': 'verify-full'}}}`,
        "if os.environ.get('LEGACY'):",
        "    Prod.DATABASES = {'default': {" +
          PG +
          ", 'HOST': 'db.example.com', 'OPTIONS': {'sslmode': 'disable'}}}",
      ].join("\n"),
    );
    expect(sslmodeByBranch(model)).toEqual([
      ["os.environ.get('LEGACY') is false and DJANGO_CONFIGURATION=Prod", "verify-full"],
      ["os.environ.get('LEGACY') is true and DJANGO_CONFIGURATION=Prod", "disable"],
    ]);
  });

  it("DJANGO_CONFIGURATION naming no class here is a WW000", async () => {
    const model = await modelOfSettings(CLASSES, { DJANGO_CONFIGURATION: "Staging" });
    expect(model.diagnostics.some((d) => d.reason.includes("DJANGO_CONFIGURATION=Staging names no"))).toBe(
      true,
    );
  });

  it("past sixteen classes, the rest share one joined view", async () => {
    const lines = ["from configurations import Configuration"];
    for (let i = 0; i < 20; i++)
      lines.push(
        `class C${i}(Configuration):`,
        `    DATABASES = {'default': {${PG}, 'HOST': 'db.example.com', 'OPTIONS': {'sslmode': '${i < 18 ? "verify-full" : "disable"}'}}}`,
      );
    const model = await modelOfSettings(lines.join("\n"));
    expect(model.views).toHaveLength(16);
    const joined = model.views.at(-1);
    expect(joined?.condition).toContain("DJANGO_CONFIGURATION is one of 5 classes");
    expect(joined?.databases[0]?.sslmode).toMatchObject({ value: null, source: "unknown" });
    expect(joined?.databases[0]?.host).toMatchObject({ value: "db.example.com" });
    expect(model.diagnostics.some((d) => d.reason.includes("more than 16 Configuration classes"))).toBe(true);
  });

  it("a metaclass is reported: settings it may set are not followed", async () => {
    const model = await modelOfSettings(
      ["import vault", "class Settings(metaclass=vault.Meta):", "    DATABASES = {}"].join("\n"),
    );
    expect(model.diagnostics.some((d) => d.reason.includes("metaclass") && d.origin.line === 2)).toBe(true);
  });
});

describe("settings set through globals(), setattr and sys.modules", () => {
  it("globals().update of a literal dict, setattr on this module, globals()[...] =", async () => {
    const model = await modelOfSettings(
      [
        "import sys",
        `globals().update({'DATABASES': {'default': {${PG}, 'HOST': 'db.example.com', 'OPTIONS': {'sslmode': 'require'}}}})`,
        "this = sys.modules[__name__]",
        "setattr(this, 'DEBUG', False)",
        "globals()['ALLOWED_HOSTS'] = ['example.com']",
        "setattr(sys.modules[__name__], 'TIME_ZONE', 'UTC')",
      ].join("\n"),
    );
    const v = view(model, "app.settings");
    expect(v.databases[0]?.sslmode.value).toBe("require");
    expect(v.settings.get("DEBUG")).toMatchObject({ kind: "bool", value: false });
    expect(v.settings.get("ALLOWED_HOSTS")).toMatchObject({ kind: "list" });
    expect(v.settings.get("TIME_ZONE")).toMatchObject({ value: "UTC" });
  });

  it("globals() handed to code the scan does not follow: what was bound is unknown, and a WW000 says why", async () => {
    const built = await modelOf({
      "app/__init__.py": "",
      "app/settings.py": [
        "from vendor.options import Registry",
        `DATABASES = {'default': {${PG}, 'HOST': 'db.example.com', 'OPTIONS': {'sslmode': 'verify-full', 'sslrootcert': '/ca.pem'}}}`,
        "registry = Registry(symbols=globals())",
        "registry.publish()",
        'SECRET_KEY = "x"',
      ].join("\n"),
    });
    const v = view(built.model, "app.settings");
    expect(v.settings.get("DATABASES")).toMatchObject({ kind: "unknown" });
    expect(v.settings.get("SECRET_KEY")).toMatchObject({ kind: "str", value: "x" });
    expect(built.model.diagnostics.map((d) => d.reason)).toContainEqual(
      "Registry() is given the module's globals() (or locals()) and is not followed: any setting may be set by it",
    );
  });

  it("this module's name handed to code the scan does not follow: an unset DATABASES is unknown, not absent", async () => {
    const built = await modelOf({
      "app/__init__.py": "",
      "app/settings.py": [
        "from vendor.settings import Settings",
        "class Prod(Settings):",
        "    DEBUG = False",
        "Prod.load_settings(__name__)",
        'SECRET_KEY = "x"',
      ].join("\n"),
    });
    const v = view(built.model, "app.settings");
    expect(v.databases.map((a) => [a.alias, a.sslmode.source])).toEqual([["default", "unknown"]]);
    expect(built.model.diagnostics.map((d) => d.reason)).toContainEqual(
      "Prod.load_settings() is given this module's name and is not followed: it may set any setting",
    );
  });

  it("setattr on this module after a fork writes the fork's own namespace", async () => {
    const model = await modelOfSettings(
      [
        "import os, sys",
        "this = sys.modules[__name__]",
        "if os.environ.get('A'):",
        "    X = 1",
        "setattr(this, 'DEBUG', False)",
      ].join("\n"),
    );
    expect(model.views).toHaveLength(2);
    for (const v of model.views)
      expect(v.settings.get("DEBUG")).toMatchObject({ kind: "bool", value: false });
  });

  const unfollowed: [string, string, RegExp][] = [
    [
      "globals().update of something unknown",
      "globals().update(vault.settings())",
      /globals\(\)\.update\(\) .* not followed/,
    ],
    [
      "setattr with a computed name",
      "setattr(sys.modules[__name__], vault.name(), 1)",
      /name it sets is not known/,
    ],
    ["locals()[computed] =", "locals()[vault.name()] = 1", /computed key/],
  ];
  it.each(unfollowed)("%s is a WW000 at its line", async (_n, line, reason) => {
    const model = await modelOfSettings(["import sys, vault", "DEBUG = False", line].join("\n"));
    expect(model.diagnostics.some((d) => reason.test(d.reason) && d.origin.line === 3)).toBe(true);
  });
});

describe("django_heroku.settings(locals())", () => {
  const src = (before: string[]) =>
    ["import django_heroku", ...before, "django_heroku.settings(locals())"].join("\n");

  it("with DATABASE_URL supplied: default becomes dj_database_url.config(ssl_require=True)", async () => {
    const model = await modelOfSettings(
      src([`DATABASES = {'default': {${PG}, 'HOST': 'localhost', 'OPTIONS': {'sslmode': 'verify-full'}}}`]),
      { DATABASE_URL: "postgres://app@ec2-1-2-3-4.compute.example.com:5432/d1?sslmode=verify-full" },
    );
    const alias = view(model, "app.settings").databases[0];
    expect(alias).toMatchObject({ network: true, sslmode: { value: "require", source: "ssl_require" } });
    expect(alias?.connMaxAge).toMatchObject({ kind: "int", value: 600 });
    expect(view(model, "app.settings").settings.get("ALLOWED_HOSTS")).toMatchObject({ kind: "list" });
  });

  it("with no DATABASES before it, the deployment's DATABASE_URL: a network host with ssl_require", async () => {
    const model = await modelOfSettings(src(["DEBUG = False"]));
    const alias = view(model, "app.settings").databases[0];
    expect(alias).toMatchObject({
      alias: "default",
      network: true,
      sslmode: { value: "require", source: "ssl_require" },
    });
    expect(alias?.hostLabel).toContain("DATABASE_URL");
  });

  it("DATABASE_URL not supplied and a local default before it: the deployment's URL, never the local reading", async () => {
    const model = await modelOfSettings(
      src([`DATABASES = {'default': {${PG}, 'HOST': 'localhost', 'OPTIONS': {'sslmode': 'disable'}}}`]),
    );
    const alias = view(model, "app.settings").databases[0];
    // The platform always sets DATABASE_URL: its host is the deployment's, and ssl_require makes it require.
    expect(alias).toMatchObject({ network: true, hostClass: "env", hostVariable: "DATABASE_URL" });
    expect(alias?.sslmode).toMatchObject({ value: "require", source: "ssl_require" });
  });

  it("after dj_database_url.config() of the same unset DATABASE_URL: the deployment's URL with ssl_require", async () => {
    const model = await modelOfSettings(
      src([
        "import dj_database_url",
        "DATABASES = {'default': dj_database_url.config(conn_max_age=60)}",
        "CONN_MAX_AGE = 30",
      ]),
    );
    const alias = view(model, "app.settings").databases[0];
    expect(alias).toMatchObject({ network: true, sslmode: { value: "require", source: "ssl_require" } });
    expect(alias?.connMaxAge).toMatchObject({ kind: "int", value: 30 });
  });

  it("databases=False leaves DATABASES alone", async () => {
    const model = await modelOfSettings(
      [
        "import django_heroku",
        `DATABASES = {'default': {${PG}, 'HOST': 'db.example.com', 'OPTIONS': {'sslmode': 'verify-full'}}}`,
        "django_heroku.settings(locals(), databases=False)",
      ].join("\n"),
      { DATABASE_URL: "postgres://app@other.example.com/d" },
    );
    expect(view(model, "app.settings").databases[0]?.sslmode.value).toBe("verify-full");
  });
});
