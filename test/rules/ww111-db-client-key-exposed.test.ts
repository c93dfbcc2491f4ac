import { describe, expect, it } from "vitest";
import { runRules } from "../../src/core/run-rules.js";
import type { KeyFile, ScanModel } from "../../src/django/model.js";
import { keyModeAccepted, ww111 } from "../../src/rules/ww111-db-client-key-exposed.js";
import { findingsOf, settingsProject } from "../helpers/scan.js";

const withKey = (mode: number, settings = "X = 1\n") =>
  findingsOf(
    ww111,
    { ...settingsProject(settings), "certs/client.key": "" },
    { modes: { "certs/client.key": mode } },
  );

/** The test helper owns every file as uid 1000; root-owned keys need a hand-made model. */
const ofKeys = (keyFiles: KeyFile[]) => {
  const model: ScanModel = {
    views: [],
    envFiles: [],
    urlLiterals: [],
    keyFiles,
    diagnostics: [],
    treePaths: new Set(keyFiles.map((k) => k.file)),
  };
  return runRules([ww111], model, new Map());
};

describe("WW111 db-client-key-exposed", () => {
  describe("invalid: fires", () => {
    it.each([
      [0o644, "group read, others read"],
      [0o640, "group read"],
      [0o604, "others read"],
      [0o660, "group read/write"],
      [0o666, "group read/write, others read/write"],
      [0o601, "others execute"],
    ])("mode %o", async (mode, access) => {
      const findings = await withKey(mode);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        ruleId: "WW111",
        name: "db-client-key-exposed",
        severity: "medium",
        cwe: "CWE-732",
        location: { file: "certs/client.key", line: 1, column: 1 },
      });
      expect(findings[0]?.evidence).toContain(`mode 0${mode.toString(8)} (${access})`);
      expect(findings[0]?.evidence).toContain("owner uid 1000");
      expect(findings[0]?.fix).toContain("chmod 0600 certs/client.key");
    });

    it("root-owned keys may only add group read", async () => {
      for (const mode of [0o660, 0o644, 0o604, 0o650]) {
        expect(ofKeys([{ file: "client.key", mode, uid: 0 }])).toHaveLength(1);
      }
    });

    it("names the alias that uses the key as sslkey", async () => {
      const [f] = await withKey(
        0o644,
        `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "OPTIONS": {"sslkey": "/srv/app/certs/client.key"}}}\n`,
      );
      expect(f?.evidence).toContain("used as sslkey by alias 'default' of app.settings");
    });
  });

  describe("valid: does not fire", () => {
    it.each([0o600, 0o400, 0o700, 0o000])("mode %o", async (mode) => {
      expect(await withKey(mode)).toEqual([]);
    });

    it("0640 or stricter owned by root (libpq accepts it)", () => {
      for (const mode of [0o640, 0o440, 0o600, 0o740]) {
        expect(ofKeys([{ file: "client.key", mode, uid: 0 }])).toEqual([]);
      }
    });

    it("keyModeAccepted mirrors libpq", () => {
      expect(keyModeAccepted({ file: "k.key", mode: 0o640, uid: 0 })).toBe(true);
      expect(keyModeAccepted({ file: "k.key", mode: 0o640, uid: 999 })).toBe(false);
      expect(keyModeAccepted({ file: "k.key", mode: 0o600, uid: 999 })).toBe(true);
    });
  });
});
