import { describe, expect, it } from "vitest";
import { asString, dictGet } from "../../src/python/value.js";
import { modelOf, view } from "../helpers/model.js";

async function aliases(source: string, env: Record<string, string> = {}) {
  const built = await modelOf({ "app/__init__.py": "", "app/settings.py": source }, { env });
  return view(built.model, "app.settings").databases;
}

describe("database URL libraries as Django would see them", () => {
  it("dj_database_url.config: conn_max_age, conn_health_checks, engine, query into OPTIONS", async () => {
    const [a] = await aliases(
      `import dj_database_url\nDATABASES = {"default": dj_database_url.config(default="postgres://u@db.example.com:26257/app?sslmode=verify-ca&application_name=shop", conn_max_age=60, conn_health_checks=True, engine="django_cockroachdb")}\n`,
    );
    expect(a?.engine).toBe("django_cockroachdb");
    expect(a?.sslmode).toMatchObject({ value: "verify-ca", source: "url" });
    expect(asString(a?.options.get("application_name"))).toBe("shop");
    expect(a?.connMaxAge).toMatchObject({ kind: "int", value: 60 });
    expect(dictGet(a?.value, "CONN_HEALTH_CHECKS")).toMatchObject({ kind: "bool", value: true });
    expect(a?.hostLabel).toContain("db.example.com");
  });

  it.each([
    ["cockroach", "django_cockroachdb"],
    ["cockroachdb", "django_cockroachdb"],
    ["postgres", "django.db.backends.postgresql"],
    ["postgresql", "django.db.backends.postgresql"],
    ["pgsql", "django.db.backends.postgresql"],
    ["postgis", "django.contrib.gis.db.backends.postgis"],
  ])("maps the %s:// scheme to %s", async (scheme, engine) => {
    const [a] = await aliases(
      `import dj_database_url\nDATABASES = {"default": dj_database_url.parse("${scheme}://u@db.example.com/app")}\n`,
    );
    expect(a?.engine).toBe(engine);
    expect(a?.family).toBe("postgres");
  });

  it("django-environ env.db_url / env.db read the URL from env, with its default", async () => {
    const src = `import environ\nenv = environ.Env()\nDATABASES = {"default": env.db_url("DATABASE_URL", default="postgres://u@db.example.com/app?sslmode=require"), "other": env.db("OTHER_URL", default="postgres://u@o.example.com/app")}\n`;
    const [d, o] = await aliases(src);
    expect(d?.sslmode).toMatchObject({ value: "require", source: "url" });
    expect(d?.sslmode.env?.variable).toBe("DATABASE_URL");
    expect(o?.sslmode).toMatchObject({ value: "prefer", source: "default" });
    const [supplied] = await aliases(src, {
      DATABASE_URL: "postgres://u@db.example.com/app?sslmode=verify-full",
    });
    expect(supplied?.sslmode).toMatchObject({ value: "verify-full" });
    expect(supplied?.sslmode.env?.supplied).toBe(true);
  });

  it("decouple.config with a default and a cast", async () => {
    const [a] = await aliases(
      `from decouple import config\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": config("DB_HOST", default="db.example.com"), "CONN_MAX_AGE": config("DB_AGE", default=30, cast=int), "OPTIONS": {"sslmode": config("DB_SSLMODE", default="prefer")}}}\n`,
    );
    expect(a?.sslmode.value).toBe("prefer");
    expect(a?.sslmode.env).toMatchObject({
      variable: "DB_SSLMODE",
      reader: expect.stringContaining("config"),
    });
    expect(a?.connMaxAge).toMatchObject({ kind: "int", value: 30 });
  });
});

describe("dynaconf's DjangoDynaconf(__name__) replaces settings at import", () => {
  it("every upper-case setting written before it is unknown, with a WW000 naming where they come from", async () => {
    const source = [
      "from dynaconf import DjangoDynaconf",
      'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "OPTIONS": {"sslmode": "verify-full", "sslrootcert": "/ca.pem"}, "HOST": "db.internal"}}',
      "DEBUG = False",
      'settings = DjangoDynaconf(__name__, ENVVAR_PREFIX_FOR_DYNACONF="SHOP", ENVVAR_FOR_DYNACONF="SHOP_SETTINGS")',
    ].join("\n");
    const built = await modelOf({ "app/__init__.py": "", "app/settings.py": source });
    const v = view(built.model, "app.settings");
    expect(v.settings.get("DEBUG")).toMatchObject({ kind: "unknown" });
    // DATABASES itself is unknown: the one alias Django requires is what the scan can still name.
    expect(v.databases.map((a) => [a.alias, a.sslmode.source])).toEqual([["default", "unknown"]]);
    expect(built.model.diagnostics.map((d) => d.reason)).toContainEqual(
      expect.stringContaining("from the files named by SHOP_SETTINGS and SHOP_* env vars"),
    );
    // Without it, the same settings are verified: the call is what makes them unknown.
    const plain = await modelOf({
      "app/__init__.py": "",
      "app/settings.py": source.split("\n").slice(0, 3).join("\n"),
    });
    expect(view(plain.model, "app.settings").databases[0]?.sslmode.value).toBe("verify-full");
  });
});
