import { describe, expect, it } from "vitest";
import type { AliasReport } from "../../src/core/report.js";
import { judgeModel } from "../../src/engine/scan.js";
import { rulesOf } from "../../src/rules/registry.js";
import { modelOf } from "../helpers/model.js";

const SCAN_RULES = await rulesOf("scan");

const PG = `"ENGINE": "django.db.backends.postgresql"`;

/** The verdicts of a one-module project (`app.settings`, production through manage.py). */
async function verdicts(settings: string, env: Record<string, string> = {}, module = "app/settings.py") {
  const files = {
    "manage.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "app.settings")\n',
    "app/__init__.py": "",
    "app/settings/__init__.py": "",
    [module]: `import os\nimport dj_database_url\nimport environ\nenv = environ.Env()\nSECRET_KEY = "x"\n${settings}\n`,
  };
  if (module === "app/settings.py") delete (files as Record<string, string>)["app/settings/__init__.py"];
  const { model } = await modelOf(files, { env });
  const judged = judgeModel(model, SCAN_RULES);
  return { ...judged, model };
}

const one = (aliases: AliasReport[], alias = "default") => {
  const found = aliases.find((a) => a.alias === alias);
  if (!found) throw new Error(`no alias ${alias}: ${aliases.map((a) => a.alias).join(", ")}`);
  return found;
};

describe("alias verdicts: every alias ends verified, exposed or unknown", () => {
  it.each([
    // [case, DATABASES source, env, verdict, hostClass, rules]
    [
      "verify-full with a root certificate",
      `DATABASES = {"default": {${PG}, "HOST": "db.internal", "OPTIONS": {"sslmode": "verify-full", "sslrootcert": "/etc/ca.pem"}}}`,
      {},
      "verified",
      "network",
      [],
    ],
    [
      "a Unix socket",
      `DATABASES = {"default": {${PG}, "HOST": "/var/run/postgresql"}}`,
      {},
      "verified",
      "local",
      [],
    ],
    [
      "SQLite",
      `DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}`,
      {},
      "verified",
      "file",
      [],
    ],
    [
      "no sslmode on a network host",
      `DATABASES = {"default": {${PG}, "HOST": "db.internal"}}`,
      {},
      "exposed",
      "network",
      ["WW101"],
    ],
    [
      "os.getenv host with no default: the deployment's network host",
      `DATABASES = {"default": {${PG}, "HOST": os.getenv("DB_HOST")}}`,
      {},
      "exposed",
      "env",
      ["WW101"],
    ],
    [
      "os.environ.get host with no default",
      `DATABASES = {"default": {${PG}, "HOST": os.environ.get("DB_HOST"), "OPTIONS": {"sslmode": "require"}}}`,
      {},
      "exposed",
      "env",
      ["WW103"],
    ],
    [
      "env() host with no default (django-environ)",
      `DATABASES = {"default": {${PG}, "HOST": env("DB_HOST")}}`,
      {},
      "exposed",
      "env",
      ["WW101"],
    ],
    [
      "an env host with a localhost default, not supplied",
      `DATABASES = {"default": {${PG}, "HOST": os.environ.get("DB_HOST", "localhost")}}`,
      {},
      "exposed",
      "env",
      ["WW101"],
    ],
    [
      "an env host supplied as a socket",
      `DATABASES = {"default": {${PG}, "HOST": os.environ.get("DB_HOST", "db.internal")}}`,
      { DB_HOST: "/run/postgresql" },
      "verified",
      "local",
      [],
    ],
    [
      "a whole URL from env with no default: sslmode is the URL's, unknown",
      `DATABASES = {"default": dj_database_url.config()}`,
      {},
      "unknown",
      "env",
      ["WW000"],
    ],
    [
      "a whole URL from env with no default and ssl_require: require whatever the URL says",
      `DATABASES = {"default": dj_database_url.config(ssl_require=True, engine="django.db.backends.postgresql")}`,
      {},
      "exposed",
      "env",
      ["WW103"],
    ],
    [
      "a whole URL from env, supplied with verify-full",
      `DATABASES = {"default": dj_database_url.config()}`,
      { DATABASE_URL: "postgres://app@db.internal/shop?sslmode=verify-full&sslrootcert=/etc/ca.pem" },
      "verified",
      "network",
      [],
    ],
    [
      "ENGINE from env with a SQLite default, not supplied: production's engine, judged as PostgreSQL",
      `DATABASES = {"default": {"ENGINE": os.environ.get("DB_ENGINE", "django.db.backends.sqlite3"), "NAME": "x", "HOST": os.environ.get("DB_HOST")}}`,
      {},
      "exposed",
      "env",
      ["WW101"],
    ],
    [
      "ENGINE from env supplied as SQLite: a file",
      `DATABASES = {"default": {"ENGINE": os.environ.get("DB_ENGINE", "django.db.backends.postgresql"), "NAME": "x"}}`,
      { DB_ENGINE: "django.db.backends.sqlite3" },
      "verified",
      "file",
      [],
    ],
    [
      "an alias built by a call the evaluator does not model",
      `DATABASES = {"default": build_database()}`,
      {},
      "unknown",
      "unknown",
      ["WW000"],
    ],
    ["DATABASES itself unknown", `DATABASES = load_databases()`, {}, "unknown", "unknown", ["WW000"]],
    [
      "OPTIONS that cannot be followed",
      `DATABASES = {"default": {${PG}, "HOST": "db.internal", "OPTIONS": tls_options()}}`,
      {},
      "unknown",
      "network",
      ["WW000"],
    ],
    [
      "sslmode from an env read with no default",
      `DATABASES = {"default": {${PG}, "HOST": "db.internal", "OPTIONS": {"sslmode": os.environ["DB_SSLMODE"], "sslrootcert": "/ca.pem"}}}`,
      {},
      "unknown",
      "network",
      ["WW000"],
    ],
    [
      "an sslmode libpq does not know",
      `DATABASES = {"default": {${PG}, "HOST": "db.internal", "OPTIONS": {"sslmode": "strict"}}}`,
      {},
      "unknown",
      "network",
      ["WW000"],
    ],
  ])("%s", async (_case, source, env, verdict, hostClass, rules) => {
    const { aliases } = await verdicts(source, env);
    const a = one(aliases);
    expect({
      verdict: a.verdict,
      hostClass: a.hostClass,
      rules: a.rules.filter((r) => r !== "WW106"),
    }).toEqual({
      verdict,
      hostClass,
      rules,
    });
    expect(a.module).toBe("app.settings");
    expect(a.production).toBe(true);
    expect(a.reason.length).toBeGreaterThan(10);
    if (verdict === "unknown") expect(a.location?.file).toBe("app/settings.py");
  });

  it("an unknown production alias is a gating WW000 (medium); in a development module it stays info", async () => {
    const prod = await verdicts(`DATABASES = {"default": build_database()}`);
    const hit = prod.hits.find((h) => h.ruleId === "WW000" && h.hit.alias === "default");
    expect(hit?.severity).toBe("medium");
    expect(hit?.hit.message).toContain("unknown is not safe");
    const dev = await verdicts(`DATABASES = {"default": build_database()}`, {}, "app/settings/local.py");
    const devHit = dev.hits.find((h) => h.ruleId === "WW000" && h.hit.alias === "default");
    expect(devHit?.severity).toBe("info");
    expect(one(dev.aliases).verdict).toBe("unknown");
  });

  it("says where each part of the channel came from", async () => {
    const { aliases } = await verdicts(
      `DATABASES = {"default": {${PG}, "HOST": "db.internal", "PORT": 26257, "OPTIONS": {"sslmode": os.environ.get("DB_SSLMODE", "require"), "sslrootcert": "/etc/ca.pem"}}}`,
    );
    const a = one(aliases);
    expect(a).toMatchObject({
      host: "db.internal:26257",
      port: "26257",
      engineFamily: "postgres",
      sslmode: { value: "require", source: "env default", at: "app/settings.py:6", via: "DB_SSLMODE" },
      sslrootcert: { value: "/etc/ca.pem", source: "OPTIONS" },
      verdict: "exposed",
    });
    const libpq = one((await verdicts(`DATABASES = {"default": {${PG}, "HOST": "db.internal"}}`)).aliases);
    expect(libpq.sslmode).toMatchObject({ value: "prefer", source: "libpq default" });
  });

  it("joins branches: the worst verdict stands, with the branches and their conditions", async () => {
    const { aliases } = await verdicts(
      [
        `DATABASES = {"default": {${PG}, "HOST": "db.internal", "OPTIONS": {"sslmode": "verify-full", "sslrootcert": "/ca.pem"}}}`,
        `if os.environ.get("LEGACY_DB"):`,
        `    DATABASES["default"]["OPTIONS"]["sslmode"] = "disable"`,
      ].join("\n"),
    );
    const a = one(aliases);
    expect(a.verdict).toBe("exposed");
    expect(a.rules).toContain("WW102");
    expect(a.branches?.map((b) => b.verdict).sort()).toEqual(["exposed", "verified"]);
    expect(a.condition).toContain("LEGACY_DB");
  });

  it("branches that agree are one verdict with no condition", async () => {
    const { aliases } = await verdicts(
      [
        `DATABASES = {"default": {${PG}, "HOST": "db.internal", "OPTIONS": {"sslmode": "verify-full", "sslrootcert": "/ca.pem"}}}`,
        `if os.environ.get("FEATURE_X"):`,
        `    DEBUG = True`,
      ].join("\n"),
    );
    const a = one(aliases);
    expect(a.verdict).toBe("verified");
    expect(a.branches).toBeUndefined();
    expect(a.condition).toBeNull();
  });

  it("a MySQL network alias is unknown (not judged) and its WW000 is info", async () => {
    const { aliases, hits } = await verdicts(
      `DATABASES = {"default": {"ENGINE": "django.db.backends.mysql", "HOST": "mysql.internal"}}`,
    );
    expect(one(aliases).verdict).toBe("unknown");
    expect(hits.find((h) => h.ruleId === "WW000" && h.hit.alias === "default")?.severity).toBe("info");
  });

  it("aliases only a loop can name are one '*' alias, unknown; an empty DATABASES filled by unfollowed code is an unknown 'default'", async () => {
    const loop = await verdicts(
      [
        `DATABASES = {"default": {${PG}, "HOST": "db.internal", "OPTIONS": {"sslmode": "verify-full", "sslrootcert": "/ca.pem"}}}`,
        "for key, url in os.environ.items():",
        '    if key.startswith("READ_"):',
        "        DATABASES[key.lower()] = dj_database_url.parse(url)",
      ].join("\n"),
    );
    expect(loop.aliases.map((a) => [a.alias, a.verdict])).toEqual([
      ["*", "unknown"],
      ["default", "verified"],
    ]);
    const filled = await verdicts(
      ["from split_settings.tools import include", "DATABASES = {}", 'include("/etc/shop/settings.py")'].join(
        "\n",
      ),
    );
    expect(one(filled.aliases)).toMatchObject({ verdict: "unknown", rules: ["WW000"] });
    expect(one(filled.aliases).reason).toContain("may be set later");
  });

  it("a template's unknown alias is info, and its HTTPS findings too", async () => {
    const { model } = await modelOf({
      "app/__init__.py": "",
      "app/settings.py.j2": `SECRET_KEY = "x"\nDEBUG = True\nDATABASES = {"default": {${PG}, "HOST": "{{ db_host }}", "OPTIONS": {"sslmode": "{{ db_sslmode }}"}}}\n`,
    });
    const { hits } = judgeModel(model, SCAN_RULES);
    const ww000 = hits.find((h) => h.ruleId === "WW000" && h.hit.alias === "default");
    expect(ww000?.severity).toBe("info");
    expect(hits.find((h) => h.ruleId === "WW301")?.severity).toBe("info");
  });
});

describe("a finding that exposes nothing does not make an alias exposed", () => {
  it.each([
    // libpq 16+ verifies against the system store; libpq ≤ 15 cannot connect at all: WW114 info, nothing exposed.
    [
      "verify-full with sslrootcert=system",
      `{"sslmode": "verify-full", "sslrootcert": "system"}`,
      "WW114",
      "info",
    ],
    // libpq takes "$HOME/…" literally: verify-full then fails closed (an outage), WW115 medium.
    [
      "verify-full with an unexpanded $HOME path",
      `{"sslmode": "verify-full", "sslrootcert": "$HOME/.postgresql/root.crt"}`,
      "WW115",
      "medium",
    ],
  ])("%s", async (_name, options, rule, severity) => {
    const { aliases, hits } = await verdicts(
      `DATABASES = {"default": {${PG}, "HOST": "db.internal", "OPTIONS": ${options}}}`,
    );
    expect(hits.filter((h) => h.ruleId === rule).map((h) => h.severity)).toEqual([severity]);
    expect(one(aliases).verdict).not.toBe("exposed");
  });

  it("the same rule exposes when the client lets an attacker in", async () => {
    const { aliases } = await verdicts(
      `DATABASES = {"default": {${PG}, "HOST": "db.internal", "OPTIONS": {"sslmode": "require", "sslrootcert": "$HOME/.postgresql/root.crt"}}}`,
    );
    expect(one(aliases).verdict).toBe("exposed");
    expect(one(aliases).rules).toContain("WW115");
  });
});
