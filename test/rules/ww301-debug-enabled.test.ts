import { describe, expect, it } from "vitest";
import { ww301 } from "../../src/rules/ww301-debug-enabled.js";
import { devSettingsProject, findingsOf, settingsProject } from "../helpers/scan.js";

describe("WW301 debug-enabled", () => {
  it("fires for DEBUG = True with the setting's line", async () => {
    const [f, ...rest] = await findingsOf(ww301, settingsProject(`X = 1\nDEBUG = True\n`));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      ruleId: "WW301",
      severity: "high",
      cwe: "CWE-489",
      settingsModule: "app.settings",
    });
    expect(f?.location).toMatchObject({ file: "app/settings.py", line: 2 });
    expect(f?.fix).toBe("DEBUG = False");
  });

  it('fires for the string "False" read from env: non-empty strings are truthy', async () => {
    const files = settingsProject(`import os\nDEBUG = os.environ.get("DJANGO_DEBUG", "False")\n`);
    const [f] = await findingsOf(ww301, files);
    expect(f?.message).toContain('"False"');
    expect(f?.message).toContain("DJANGO_DEBUG");
    expect(f?.evidence).toContain("not supplied");
    // Supplied as an empty string, the same code is falsy.
    expect(await findingsOf(ww301, files, { env: { DJANGO_DEBUG: "" } })).toEqual([]);
  });

  it("does not fire for False, unset, a bool cast, or an unknown value", async () => {
    expect(await findingsOf(ww301, settingsProject(`DEBUG = False\nX = 1\n`))).toEqual([]);
    expect(await findingsOf(ww301, settingsProject(`X = 1\nY = 2\n`))).toEqual([]);
    const env = `import environ\nenv = environ.Env()\nDEBUG = env.bool("DJANGO_DEBUG", default=False)\n`;
    expect(await findingsOf(ww301, settingsProject(env))).toEqual([]);
    expect(
      await findingsOf(ww301, settingsProject(`import os\nDEBUG = os.environ["DJANGO_DEBUG"]\nX = 1\n`)),
    ).toEqual([]);
  });

  it("is information only in a development module", async () => {
    const [f] = await findingsOf(ww301, devSettingsProject(`DEBUG = True\nX = 1\n`));
    expect(f?.severity).toBe("info");
  });
});
