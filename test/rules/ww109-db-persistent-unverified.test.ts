import { describe, expect, it } from "vitest";
import { ww109 } from "../../src/rules/ww109-db-persistent-unverified.js";
import { findingsOf, settingsProject } from "../helpers/scan.js";

const pg = (extra: string, host = "'db.example.com'") =>
  settingsProject(
    `import os\nDATABASES = {\n  "default": {\n    "ENGINE": "django.db.backends.postgresql",\n    "HOST": ${host},\n    ${extra}\n  }\n}\n`,
  );

describe("WW109 db-persistent-unverified", () => {
  describe("invalid: fires", () => {
    it.each([
      ["CONN_MAX_AGE 600, no sslmode (prefer)", `"CONN_MAX_AGE": 600`, "up to 600 seconds"],
      [
        "CONN_MAX_AGE None, require",
        `"CONN_MAX_AGE": None, "OPTIONS": {"sslmode": "require"}`,
        "life of the worker",
      ],
      ["float, disable", `"CONN_MAX_AGE": 0.5, "OPTIONS": {"sslmode": "disable"}`, "up to 0.5 seconds"],
      ["allow", `"CONN_MAX_AGE": 60, "OPTIONS": {"sslmode": "allow"}`, "up to 60 seconds"],
      ["int from env default", `"CONN_MAX_AGE": int(os.environ.get("CMA", "300"))`, "up to 300 seconds"],
    ])("%s", async (_name, extra, words) => {
      const findings = await findingsOf(ww109, pg(extra));
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        ruleId: "WW109",
        severity: "low",
        alias: "default",
        settingsModule: "app.settings",
        location: { file: "app/settings.py", line: 6 },
      });
      expect(findings[0]?.evidence).toContain(words);
      expect(findings[0]?.message).toContain("man-in-the-middle");
      expect(findings[0]?.fix).toContain("verify-full");
      expect(findings[0]?.fix).toContain("CONN_MAX_AGE'] = 0");
    });

    it("points at conn_max_age= of dj_database_url.config, never shows the URL's password", async () => {
      const files = settingsProject(
        `import dj_database_url\nDATABASES = {"default": dj_database_url.config(\n    default="postgres://u:Pw0rd9@db.example.com/app?sslmode=require",\n    conn_max_age=600,\n)}\n`,
      );
      const findings = await findingsOf(ww109, files);
      expect(findings).toHaveLength(1);
      expect(findings[0]?.location).toEqual({ file: "app/settings.py", line: 4, column: 18 });
      expect(JSON.stringify(findings)).not.toContain("Pw0rd9");
    });
  });

  describe("valid: does not fire", () => {
    it.each([
      ["CONN_MAX_AGE 0", `"CONN_MAX_AGE": 0`],
      ["CONN_MAX_AGE unset (Django default 0)", `"NAME": "app"`],
      ["verify-full", `"CONN_MAX_AGE": 600, "OPTIONS": {"sslmode": "verify-full", "sslrootcert": "/ca.crt"}`],
      ["verify-ca (no WW101-WW103)", `"CONN_MAX_AGE": None, "OPTIONS": {"sslmode": "verify-ca"}`],
      ["value from env without default", `"CONN_MAX_AGE": os.environ["CMA"]`],
    ])("%s", async (_name, extra) => {
      expect(await findingsOf(ww109, pg(extra))).toEqual([]);
    });

    it.each([
      ["localhost", "'localhost'"],
      ["unix socket", "'/var/run/postgresql'"],
    ])("local host: %s", async (_name, host) => {
      expect(await findingsOf(ww109, pg(`"CONN_MAX_AGE": None`, host))).toEqual([]);
    });

    it("dj_database_url default conn_max_age is 0", async () => {
      const files = settingsProject(
        `import dj_database_url\nDATABASES = {"default": dj_database_url.parse("postgres://u@db.example.com/app")}\n`,
      );
      expect(await findingsOf(ww109, files)).toEqual([]);
    });
  });
});
