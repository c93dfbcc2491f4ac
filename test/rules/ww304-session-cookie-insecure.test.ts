import { describe, expect, it } from "vitest";
import { ww304 } from "../../src/rules/ww304-session-cookie-insecure.js";
import {
  devSettingsProject,
  findingsOf,
  STOCK_APPS_AND_MIDDLEWARE,
  settingsProject,
} from "../helpers/scan.js";

describe("WW304 session-cookie-insecure", () => {
  it("fires when SESSION_COOKIE_SECURE is unset or False", async () => {
    const [unset] = await findingsOf(ww304, settingsProject(STOCK_APPS_AND_MIDDLEWARE));
    expect(unset).toMatchObject({ ruleId: "WW304", severity: "high", cwe: "CWE-614" });
    expect(unset?.fix).toBe("SESSION_COOKIE_SECURE = True");
    const [off] = await findingsOf(
      ww304,
      settingsProject(`${STOCK_APPS_AND_MIDDLEWARE}SESSION_COOKIE_SECURE = False\n`),
    );
    expect(off?.location?.line).toBe(7);
  });

  it("follows an env bool with a weak default, and the value production supplies", async () => {
    const files = settingsProject(
      `import environ\nenv = environ.Env()\n${STOCK_APPS_AND_MIDDLEWARE}SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)\n`,
    );
    expect((await findingsOf(ww304, files))[0]?.evidence).toContain("SECURE_COOKIES");
    expect(await findingsOf(ww304, files, { env: { SECURE_COOKIES: "true" } })).toEqual([]);
  });

  it("does not fire when True, or when the site has no sessions at all", async () => {
    expect(
      await findingsOf(ww304, settingsProject(`${STOCK_APPS_AND_MIDDLEWARE}SESSION_COOKIE_SECURE = True\n`)),
    ).toEqual([]);
    expect(
      await findingsOf(ww304, settingsProject(`INSTALLED_APPS = ["api"]\nMIDDLEWARE = []\nX = 1\n`)),
    ).toEqual([]);
  });

  it("is information only in a development module", async () => {
    const [f] = await findingsOf(ww304, devSettingsProject(`${STOCK_APPS_AND_MIDDLEWARE}DEBUG = True\n`));
    expect(f?.severity).toBe("info");
  });
});
