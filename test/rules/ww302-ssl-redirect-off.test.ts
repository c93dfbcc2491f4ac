import { describe, expect, it } from "vitest";
import { ww302 } from "../../src/rules/ww302-ssl-redirect-off.js";
import {
  devSettingsProject,
  findingsOf,
  STOCK_APPS_AND_MIDDLEWARE,
  settingsProject,
} from "../helpers/scan.js";

describe("WW302 ssl-redirect-off", () => {
  it("fires when SECURE_SSL_REDIRECT is unset, pointing at the module", async () => {
    const [f] = await findingsOf(ww302, settingsProject(STOCK_APPS_AND_MIDDLEWARE));
    expect(f).toMatchObject({ ruleId: "WW302", severity: "medium", cwe: "CWE-319" });
    expect(f?.evidence).toContain("not set");
    expect(f?.location).toMatchObject({ file: "app/settings.py", line: 1 });
    expect(f?.fix).toBe("SECURE_SSL_REDIRECT = True");
  });

  it("fires for an explicit False at its line", async () => {
    const [f] = await findingsOf(
      ww302,
      settingsProject(`${STOCK_APPS_AND_MIDDLEWARE}SECURE_SSL_REDIRECT = False\n`),
    );
    expect(f?.location?.line).toBe(7);
  });

  it("fires when the redirect is on but SecurityMiddleware is missing", async () => {
    const [f] = await findingsOf(
      ww302,
      settingsProject(
        `MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]\nSECURE_SSL_REDIRECT = True\n`,
      ),
    );
    expect(f?.message).toContain("SecurityMiddleware");
    expect(f?.fix).toContain("django.middleware.security.SecurityMiddleware");
  });

  it("does not fire when on with the middleware, or when unknown", async () => {
    expect(
      await findingsOf(ww302, settingsProject(`${STOCK_APPS_AND_MIDDLEWARE}SECURE_SSL_REDIRECT = True\n`)),
    ).toEqual([]);
    expect(
      await findingsOf(
        ww302,
        settingsProject(
          `import os\n${STOCK_APPS_AND_MIDDLEWARE}SECURE_SSL_REDIRECT = os.environ["REDIRECT"]\n`,
        ),
      ),
    ).toEqual([]);
  });

  it("is information only in a development module", async () => {
    const [f] = await findingsOf(ww302, devSettingsProject(`DEBUG = True\nX = 1\n`));
    expect(f?.severity).toBe("info");
  });
});
