import { describe, expect, it } from "vitest";
import { ww307 } from "../../src/rules/ww307-allowed-hosts-wildcard.js";
import { devSettingsProject, findingsOf, settingsProject } from "../helpers/scan.js";

describe("WW307 allowed-hosts-wildcard", () => {
  it("fires for '*' in ALLOWED_HOSTS", async () => {
    const [f] = await findingsOf(
      ww307,
      settingsProject(`X = 1\nALLOWED_HOSTS = ["shop.example.com", "*"]\n`),
    );
    expect(f).toMatchObject({ ruleId: "WW307", severity: "medium", cwe: "CWE-20" });
    expect(f?.location?.line).toBe(2);
  });

  it("follows list concatenation from a base module", async () => {
    const files = {
      "app/__init__.py": "",
      "app/settings/__init__.py": "",
      "app/settings/base.py": `ALLOWED_HOSTS = ["shop.example.com"]\nX = 1\n`,
      "app/settings/production.py": `from .base import *\nALLOWED_HOSTS = ALLOWED_HOSTS + ["*"]\n`,
    };
    const hits = await findingsOf(ww307, files, { settingsModule: "app.settings.production" });
    expect(hits.map((h) => h.settingsModule)).toContain("app.settings.production");
  });

  it("does not fire for explicit hosts, a leading-dot domain, or an empty list", async () => {
    expect(await findingsOf(ww307, settingsProject(`X = 1\nALLOWED_HOSTS = [".example.com"]\n`))).toEqual([]);
    expect(await findingsOf(ww307, settingsProject(`X = 1\nALLOWED_HOSTS = []\n`))).toEqual([]);
  });

  it("is information only in a development module", async () => {
    const [f] = await findingsOf(ww307, devSettingsProject(`X = 1\nALLOWED_HOSTS = ["*"]\n`));
    expect(f?.severity).toBe("info");
  });
});
