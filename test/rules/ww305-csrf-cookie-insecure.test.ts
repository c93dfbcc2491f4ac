import { describe, expect, it } from "vitest";
import { ww305 } from "../../src/rules/ww305-csrf-cookie-insecure.js";
import {
  devSettingsProject,
  findingsOf,
  STOCK_APPS_AND_MIDDLEWARE,
  settingsProject,
} from "../helpers/scan.js";

describe("WW305 csrf-cookie-insecure", () => {
  it("fires when CSRF_COOKIE_SECURE is unset or False", async () => {
    const [f] = await findingsOf(ww305, settingsProject(STOCK_APPS_AND_MIDDLEWARE));
    expect(f).toMatchObject({ ruleId: "WW305", severity: "medium", cwe: "CWE-614" });
    const [off] = await findingsOf(
      ww305,
      settingsProject(`${STOCK_APPS_AND_MIDDLEWARE}CSRF_COOKIE_SECURE = False\n`),
    );
    expect(off?.location?.line).toBe(7);
  });

  it("does not fire when True, with CSRF_USE_SESSIONS, or without the CSRF middleware", async () => {
    expect(
      await findingsOf(ww305, settingsProject(`${STOCK_APPS_AND_MIDDLEWARE}CSRF_COOKIE_SECURE = True\n`)),
    ).toEqual([]);
    expect(
      await findingsOf(ww305, settingsProject(`${STOCK_APPS_AND_MIDDLEWARE}CSRF_USE_SESSIONS = True\n`)),
    ).toEqual([]);
    expect(await findingsOf(ww305, settingsProject(`MIDDLEWARE = []\nX = 1\n`))).toEqual([]);
  });

  it("is information only in a development module", async () => {
    const [f] = await findingsOf(ww305, devSettingsProject(`${STOCK_APPS_AND_MIDDLEWARE}DEBUG = True\n`));
    expect(f?.severity).toBe("info");
  });
});
