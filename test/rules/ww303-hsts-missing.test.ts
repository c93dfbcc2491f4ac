import { describe, expect, it } from "vitest";
import { ww303 } from "../../src/rules/ww303-hsts-missing.js";
import {
  devSettingsProject,
  findingsOf,
  STOCK_APPS_AND_MIDDLEWARE,
  settingsProject,
} from "../helpers/scan.js";

const hsts = (lines: string) => settingsProject(`${STOCK_APPS_AND_MIDDLEWARE}${lines}`);

describe("WW303 hsts-missing", () => {
  it("is medium when SECURE_HSTS_SECONDS is unset or 0", async () => {
    const [unset] = await findingsOf(ww303, hsts(""));
    expect(unset).toMatchObject({ ruleId: "WW303", severity: "medium", cwe: "CWE-523" });
    expect(unset?.message).toContain("Strict-Transport-Security");
    const [zero] = await findingsOf(ww303, hsts("SECURE_HSTS_SECONDS = 0\n"));
    expect(zero?.severity).toBe("medium");
    expect(zero?.location?.line).toBe(7);
  });

  it("is low for a max-age under a year, or without subdomains", async () => {
    const [short] = await findingsOf(
      ww303,
      hsts("SECURE_HSTS_SECONDS = 3600\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True\n"),
    );
    expect(short?.severity).toBe("low");
    expect(short?.message).toContain("3600");
    const [noSub] = await findingsOf(
      ww303,
      hsts("SECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_PRELOAD = True\n"),
    );
    expect(noSub?.severity).toBe("low");
    expect(noSub?.message).toContain("subdomains");
  });

  it("reads a digit string from env as SecurityMiddleware does", async () => {
    const files = hsts(
      `import os\nSECURE_HSTS_SECONDS = os.environ.get("HSTS", "60")\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True\n`,
    );
    expect((await findingsOf(ww303, files))[0]?.severity).toBe("low");
    expect(await findingsOf(ww303, files, { env: { HSTS: "63072000" } })).toEqual([]);
  });

  it("is info when only preload is missing, and silent when all is set", async () => {
    const [f] = await findingsOf(
      ww303,
      hsts("SECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\n"),
    );
    expect(f?.severity).toBe("info");
    expect(
      await findingsOf(
        ww303,
        hsts(
          "SECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True\n",
        ),
      ),
    ).toEqual([]);
  });

  it("is medium when SecurityMiddleware is missing: no header is sent", async () => {
    const [f] = await findingsOf(
      ww303,
      settingsProject(
        `MIDDLEWARE = []\nSECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True\n`,
      ),
    );
    expect(f?.severity).toBe("medium");
    expect(f?.message).toContain("SecurityMiddleware");
  });

  it("is information only in a development module", async () => {
    const [f] = await findingsOf(ww303, devSettingsProject("DEBUG = True\nX = 1\n"));
    expect(f?.severity).toBe("info");
  });
});
