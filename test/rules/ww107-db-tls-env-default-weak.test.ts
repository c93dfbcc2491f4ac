import { describe, expect, it } from "vitest";
import { ww107 } from "../../src/rules/ww107-db-tls-env-default-weak.js";
import { findingsOf, settingsProject } from "../helpers/scan.js";

const fromEnv = (read: string) =>
  settingsProject(
    `import os\nimport environ\nfrom decouple import config\nenv = environ.Env()\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "OPTIONS": {"sslmode": ${read}, "sslrootcert": "/etc/ca.crt"}}}\n`,
  );

describe("WW107 db-tls-env-default-weak", () => {
  it.each([
    ["os.environ.get", `os.environ.get("DB_SSLMODE", "prefer")`],
    ["os.getenv", `os.getenv("DB_SSLMODE", "require")`],
    ["environ.Env", `env("DB_SSLMODE", default="prefer")`],
    ["decouple", `config("DB_SSLMODE", default="disable")`],
  ])("fires for %s with a weak default", async (_n, read) => {
    const [f] = await findingsOf(ww107, fromEnv(read));
    expect(f).toMatchObject({ ruleId: "WW107", severity: "high", cwe: "CWE-1188" });
    expect(f?.message).toContain("DB_SSLMODE");
  });

  it("fires when the whole URL comes from env with a weak default", async () => {
    const files = settingsProject(
      `import dj_database_url\nDATABASES = {"default": dj_database_url.config(default="postgres://u@db.example.com/app?sslmode=require")}\n`,
    );
    const [f] = await findingsOf(ww107, files);
    expect(f?.message).toContain("the database URL");
    expect(f?.message).toContain("DATABASE_URL");
  });

  it.each([
    ["dj_database_url.config", `dj_database_url.config(default="postgres://u@db.example.com/app")`],
    ["environ.Env.db", `env.db("DATABASE_URL", default="postgres://u@db.example.com/app")`],
  ])("fires when an env URL's default has no sslmode at all (%s: libpq default prefer)", async (_n, read) => {
    const files = settingsProject(
      `import dj_database_url\nimport environ\nenv = environ.Env()\nDATABASES = {"default": ${read}}\n`,
    );
    const [f] = await findingsOf(ww107, files);
    expect(f?.message).toContain("the database URL");
    expect(f?.message).toContain("'prefer'");
    expect(f?.evidence).toContain("the URL has no sslmode");
    // Supplied with a verify-full URL: the default no longer matters.
    expect(
      await findingsOf(ww107, files, {
        env: { DATABASE_URL: "postgres://u@db.example.com/app?sslmode=verify-full&sslrootcert=/ca.pem" },
      }),
    ).toEqual([]);
  });

  it("does not fire when the value is supplied, the default is verify-full, or there is no default", async () => {
    expect(
      await findingsOf(ww107, fromEnv(`os.environ.get("DB_SSLMODE", "prefer")`), {
        env: { DB_SSLMODE: "verify-full" },
      }),
    ).toEqual([]);
    expect(await findingsOf(ww107, fromEnv(`os.environ.get("DB_SSLMODE", "verify-full")`))).toEqual([]);
    expect(await findingsOf(ww107, fromEnv(`os.environ["DB_SSLMODE"]`))).toEqual([]);
  });
});
