import { describe, expect, it } from "vitest";
import { ww101 } from "../../src/rules/ww101-db-tls-not-enforced.js";
import { findingsOf, settingsProject } from "../helpers/scan.js";

const pg = (options: string, host = "'db.example.com'") =>
  settingsProject(
    `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": ${host}, "PORT": 5432${options}}}\n`,
  );

describe("WW101 db-tls-not-enforced", () => {
  describe("invalid: fires", () => {
    it.each([
      ["no OPTIONS (libpq default prefer)", pg("")],
      ["OPTIONS without sslmode", pg(`, "OPTIONS": {"connect_timeout": 5}`)],
      ["explicit prefer", pg(`, "OPTIONS": {"sslmode": "prefer"}`)],
      ["sslmode None is dropped", pg(`, "OPTIONS": {"sslmode": None}`)],
      ["host from env without default", pg("", `__import__("os").environ["DB_HOST"]`)],
      [
        "django_cockroachdb engine",
        settingsProject(
          `DATABASES = {"default": {"ENGINE": "django_cockroachdb", "HOST": "crdb.internal"}}\n`,
        ),
      ],
      [
        "URL without sslmode via dj_database_url.parse",
        settingsProject(
          `import dj_database_url\nDATABASES = {"default": dj_database_url.parse("postgres://u@db.example.com/app")}\n`,
        ),
      ],
    ])("%s", async (_name, files) => {
      const findings = await findingsOf(ww101, files);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        ruleId: "WW101",
        severity: "high",
        alias: "default",
        settingsModule: "app.settings",
      });
      expect(findings[0]?.fix).toContain("verify-full");
    });

    it("points at the sslmode when it is written, at the alias otherwise", async () => {
      const [written] = await findingsOf(
        ww101,
        settingsProject(
          `DATABASES = {\n  "default": {\n    "ENGINE": "django.db.backends.postgresql",\n    "HOST": "db.example.com",\n    "OPTIONS": {"sslmode": "prefer"},\n  }\n}\n`,
        ),
      );
      expect(written?.location).toEqual({ file: "app/settings.py", line: 5, column: 28 });
      const [unset] = await findingsOf(
        ww101,
        settingsProject(
          `X = 1\nDATABASES = {\n  "default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com"}\n}\n`,
        ),
      );
      expect(unset?.location).toEqual({ file: "app/settings.py", line: 3, column: 14 });
      expect(unset?.evidence).toContain("libpq default");
    });

    it("takes PGSSLMODE from a .env file when OPTIONS has none", async () => {
      const files = { ...pg(""), ".env": "PGSSLMODE=prefer\n" };
      const [f] = await findingsOf(ww101, files);
      expect(f?.location?.file).toBe(".env");
    });
  });

  describe("PGSSLMODE written by the settings themselves", () => {
    const setdefault = (mode: string) =>
      settingsProject(
        `import os\nos.environ.setdefault("PGSSLMODE", "${mode}")\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com"}}\n`,
      );

    it("setdefault of a weak mode fires, pointing at the setdefault line", async () => {
      const [f] = await findingsOf(ww101, setdefault("prefer"));
      expect(f?.location).toMatchObject({ file: "app/settings.py", line: 2 });
    });

    it("setdefault yields to a value the deployment supplies", async () => {
      expect(await findingsOf(ww101, setdefault("prefer"), { env: { PGSSLMODE: "verify-full" } })).toEqual(
        [],
      );
      expect(
        await findingsOf(ww101, setdefault("verify-full"), { env: { PGSSLMODE: "prefer" } }),
      ).toHaveLength(1);
    });
  });

  describe("valid: does not fire", () => {
    it.each([
      ["verify-full", pg(`, "OPTIONS": {"sslmode": "verify-full", "sslrootcert": "/etc/ca.crt"}`)],
      ["require (another rule)", pg(`, "OPTIONS": {"sslmode": "require"}`)],
      ["localhost", pg("", "'localhost'")],
      ["127.0.0.1", pg("", "'127.0.0.1'")],
      ["::1", pg("", "'::1'")],
      ["unix socket", pg("", "'/var/run/postgresql'")],
      ["empty host", pg("", "''")],
      [
        "sqlite",
        settingsProject(
          `DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}\n`,
        ),
      ],
      [
        "mysql",
        settingsProject(
          `DATABASES = {"default": {"ENGINE": "django.db.backends.mysql", "HOST": "db.example.com"}}\n`,
        ),
      ],
    ])("%s", async (_name, files) => {
      expect(await findingsOf(ww101, files)).toEqual([]);
    });

    it("a supplied PGSSLMODE=verify-full wins over the default", async () => {
      expect(await findingsOf(ww101, pg(""), { env: { PGSSLMODE: "verify-full" } })).toEqual([]);
    });

    it("the settings' own os.environ assignment wins over the deployment's PGSSLMODE", async () => {
      const files = settingsProject(
        `import os\nos.environ["PGSSLMODE"] = "verify-full"\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com"}}\n`,
      );
      expect(await findingsOf(ww101, files, { env: { PGSSLMODE: "prefer" } })).toEqual([]);
    });

    it("an inline OPTIONS sslmode wins over PGSSLMODE", async () => {
      const files = { ...pg(`, "OPTIONS": {"sslmode": "verify-full"}`), ".env": "PGSSLMODE=prefer\n" };
      expect(await findingsOf(ww101, files)).toEqual([]);
    });
  });

  it("labels a finding that only one branch of an unknown if has", async () => {
    const files = settingsProject(
      `import os\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "OPTIONS": {"sslmode": "verify-full"}}}\nif os.environ.get("LEGACY"):\n    DATABASES["default"]["OPTIONS"] = {}\n`,
    );
    const findings = await findingsOf(ww101, files);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain(`(when os.environ.get("LEGACY") is true)`);
  });
});
