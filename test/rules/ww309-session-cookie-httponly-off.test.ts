import { describe, expect, it } from "vitest";
import { ww309 } from "../../src/rules/ww309-session-cookie-httponly-off.js";
import {
  devSettingsProject,
  findingsOf,
  STOCK_APPS_AND_MIDDLEWARE,
  settingsProject,
} from "../helpers/scan.js";

describe("WW309 session-cookie-httponly-off", () => {
  it("fires for an explicit False", async () => {
    const [f] = await findingsOf(
      ww309,
      settingsProject(`${STOCK_APPS_AND_MIDDLEWARE}SESSION_COOKIE_HTTPONLY = False\n`),
    );
    expect(f).toMatchObject({ ruleId: "WW309", severity: "low", cwe: "CWE-1004" });
    expect(f?.location?.line).toBe(7);
  });

  it("does not fire when unset (Django's default is True), True, or without sessions", async () => {
    expect(await findingsOf(ww309, settingsProject(STOCK_APPS_AND_MIDDLEWARE))).toEqual([]);
    expect(
      await findingsOf(
        ww309,
        settingsProject(`${STOCK_APPS_AND_MIDDLEWARE}SESSION_COOKIE_HTTPONLY = True\n`),
      ),
    ).toEqual([]);
    expect(
      await findingsOf(
        ww309,
        settingsProject(`INSTALLED_APPS = []\nMIDDLEWARE = []\nSESSION_COOKIE_HTTPONLY = False\n`),
      ),
    ).toEqual([]);
  });

  it("is information only in a development module", async () => {
    const [f] = await findingsOf(
      ww309,
      devSettingsProject(`${STOCK_APPS_AND_MIDDLEWARE}SESSION_COOKIE_HTTPONLY = False\n`),
    );
    expect(f?.severity).toBe("info");
  });
});
