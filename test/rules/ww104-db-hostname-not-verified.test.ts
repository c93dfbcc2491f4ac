import { describe, expect, it } from "vitest";
import { ww104 } from "../../src/rules/ww104-db-hostname-not-verified.js";
import { findingsOf, settingsProject } from "../helpers/scan.js";

const pg = (sslmode: string) =>
  settingsProject(
    `DATABASES = {"default": {"ENGINE": "django_cockroachdb", "HOST": "crdb.example.com", "OPTIONS": {"sslmode": "${sslmode}", "sslrootcert": "/etc/ca.crt"}}}\n`,
  );

describe("WW104 db-hostname-not-verified", () => {
  it("fires on verify-ca (medium)", async () => {
    const [f] = await findingsOf(ww104, pg("verify-ca"));
    expect(f).toMatchObject({ ruleId: "WW104", severity: "medium", cwe: "CWE-297" });
  });

  it("fires on verify-ca set by a later mutation in split settings", async () => {
    const files = {
      "app/__init__.py": "",
      "app/settings/__init__.py": "",
      "app/settings/base.py": `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com"}}\n`,
      "app/settings/production.py": `from .base import *\nDATABASES["default"]["OPTIONS"] = {"sslmode": "verify-ca"}\n`,
    };
    const findings = await findingsOf(ww104, files);
    expect(findings.map((f) => [f.settingsModule, f.location?.file])).toEqual([
      ["app.settings.production", "app/settings/production.py"],
    ]);
  });

  it.each(["verify-full", "require"])("does not fire on %s", async (mode) => {
    expect(await findingsOf(ww104, pg(mode))).toEqual([]);
  });
});
