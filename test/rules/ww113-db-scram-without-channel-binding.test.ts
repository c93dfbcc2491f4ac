import { describe, expect, it } from "vitest";
import { ww113 } from "../../src/rules/ww113-db-scram-without-channel-binding.js";
import { findingsOf, settingsProject } from "../helpers/scan.js";

const pg = (options: string, host = "'db.example.com'", engine = "django.db.backends.postgresql") =>
  settingsProject(`DATABASES = {"default": {"ENGINE": "${engine}", "HOST": ${host}${options}}}\n`);

describe("WW113 db-scram-without-channel-binding", () => {
  describe("invalid: fires (info)", () => {
    it.each([
      ["no sslmode (prefer)", pg(""), "prefer"],
      ["require", pg(`, "OPTIONS": {"sslmode": "require"}`), "require"],
      ["verify-ca", pg(`, "OPTIONS": {"sslmode": "verify-ca", "sslrootcert": "/ca.crt"}`), "verify-ca"],
      [
        "channel_binding=prefer",
        pg(`, "OPTIONS": {"sslmode": "require", "channel_binding": "prefer"}`),
        "require",
      ],
    ])("%s", async (_name, files, mode) => {
      const findings = await findingsOf(ww113, files);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        ruleId: "WW113",
        name: "db-scram-without-channel-binding",
        severity: "info",
        cwe: "CWE-300",
        alias: "default",
        settingsModule: "app.settings",
      });
      expect(findings[0]?.message).toContain(`sslmode '${mode}'`);
      expect(findings[0]?.message).toContain("channel_binding=require makes a relaying attacker fail");
      expect(findings[0]?.fix).toContain("'channel_binding': 'require'");
    });

    it("shows the channel_binding value that is set", async () => {
      const [f] = await findingsOf(
        ww113,
        pg(`, "OPTIONS": {"sslmode": "require", "channel_binding": "disable"}`),
      );
      expect(f?.evidence).toContain("channel_binding=disable");
    });

    it("without TLS the fix asks for TLS first: channel binding needs it", async () => {
      const [f] = await findingsOf(ww113, pg(`, "OPTIONS": {"sslmode": "disable"}`));
      expect(f?.fix).toContain("channel binding needs TLS");
    });

    it("CockroachDB has no channel binding: the fix is verify-full", async () => {
      const [f] = await findingsOf(
        ww113,
        pg(`, "OPTIONS": {"sslmode": "require"}`, "'crdb.internal'", "django_cockroachdb"),
      );
      expect(f?.fix).toContain("CockroachDB has no SCRAM channel binding");
      expect(f?.fix).not.toContain("'channel_binding': 'require'");
      expect(f?.evidence).toContain("CockroachDB does not support channel binding");
    });

    it("once per alias, also when several branches of the module have it", async () => {
      const files = settingsProject(
        `import os\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "OPTIONS": {"sslmode": "require"}}}\nif os.environ.get("X"):\n    DEBUG = True\n`,
      );
      const findings = await findingsOf(ww113, files);
      expect(findings).toHaveLength(1);
      expect(findings[0]?.message).not.toContain("(when");
    });
  });

  describe("valid: does not fire", () => {
    it.each([
      ["verify-full", pg(`, "OPTIONS": {"sslmode": "verify-full", "sslrootcert": "/ca.crt"}`)],
      ["channel_binding=require", pg(`, "OPTIONS": {"sslmode": "require", "channel_binding": "require"}`)],
      [
        "channel_binding=require in the URL",
        settingsProject(
          `import dj_database_url\nDATABASES = {"default": dj_database_url.parse("postgres://u@db.example.com/app?sslmode=require&channel_binding=require")}\n`,
        ),
      ],
      [
        "channel_binding from env without default",
        settingsProject(
          `import os\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "OPTIONS": {"channel_binding": os.environ["CB"]}}}\n`,
        ),
      ],
      ["localhost", pg("", "'localhost'")],
      ["unix socket", pg("", "'/var/run/postgresql'")],
      [
        "sqlite",
        settingsProject(
          `DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}\n`,
        ),
      ],
      ["mysql", pg("", "'db.example.com'", "django.db.backends.mysql")],
    ])("%s", async (_name, files) => {
      expect(await findingsOf(ww113, files)).toEqual([]);
    });
  });
});
