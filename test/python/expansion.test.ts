/**
 * os.path.expanduser / os.path.expandvars run on the deployment machine: the scan keeps what they will expand named
 * (`/<home>`, `/<VAR>`), so that neither WW115 nor the libpq model mistakes the result for the literal `~`/`$VAR`
 * libpq would get without the call, and a supplied variable is used.
 */
import { describe, expect, it } from "vitest";
import { judgeModel } from "../../src/engine/scan.js";
import { rulesOf } from "../../src/rules/registry.js";
import { modelOf } from "../helpers/model.js";

const SCAN_RULES = await rulesOf("scan");

const settings = (root: string) =>
  `import os\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "OPTIONS": {"sslmode": "verify-full", "sslrootcert": ${root}}}}\n`;

async function scan(root: string, env: Record<string, string> = {}) {
  const { model } = await modelOf({ "app/__init__.py": "", "app/settings.py": settings(root) }, { env });
  const alias = model.views[0]?.databases[0];
  const judged = judgeModel(model, SCAN_RULES);
  return {
    root: alias?.sslrootcert.value,
    rules: judged.hits.map((h) => h.ruleId),
    verdict: judged.aliases[0]?.verdict,
  };
}

describe("home and variable expansion", () => {
  it.each([
    ["expanduser", `os.path.expanduser("~/.postgresql/root.crt")`, {}, "/<home>/.postgresql/root.crt"],
    ["expandvars", `os.path.expandvars("$HOME/.postgresql/root.crt")`, {}, "/<HOME>/.postgresql/root.crt"],
    ["expandvars with braces", `os.path.expandvars("\${CERTS}/ca.crt")`, {}, "/<CERTS>/ca.crt"],
    [
      "a supplied variable",
      `os.path.expandvars("$CERTS/ca.crt")`,
      { CERTS: "/etc/certs" },
      "/etc/certs/ca.crt",
    ],
    ["both", `os.path.expanduser(os.path.expandvars("$HOME/ca.crt"))`, {}, "/<HOME>/ca.crt"],
  ])("%s", async (_name, root, env, expected) => {
    const r = await scan(root, env);
    expect(r.root).toBe(expected);
    expect(r.rules.filter((id) => /^WW1(05|15)$/.test(id))).toEqual([]);
    expect(r.verdict).toBe("verified");
  });

  it("without the call, the literal is what libpq gets: WW115", async () => {
    const r = await scan(`"$HOME/.postgresql/root.crt"`);
    expect(r.rules).toContain("WW115");
  });
});
