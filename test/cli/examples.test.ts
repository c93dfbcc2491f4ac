import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, REPO } from "../helpers/cli.js";

interface Finding {
  ruleId: string;
  severity: string;
  settingsModule?: string;
  alias?: string;
}

async function scan(example: string, ...flags: string[]) {
  const r = await cli(["scan", join(REPO, "examples", example), "-f", "json", ...flags]);
  return { code: r.code, findings: JSON.parse(r.stdout).findings as Finding[] };
}

describe("the bundled examples", () => {
  it("vulnerable-shop: every planted mistake is found where it was planted", async () => {
    const { code, findings } = await scan("vulnerable-shop");
    expect(code).toBe(1);
    const at = (module: string, alias?: string) =>
      new Set(findings.filter((f) => f.settingsModule === module && f.alias === alias).map((f) => f.ruleId));
    const prod = "shop.settings.production";
    expect([...at(prod, "default")]).toEqual(expect.arrayContaining(["WW101", "WW106", "WW109", "WW110"]));
    expect([...at(prod, "replica")]).toEqual(expect.arrayContaining(["WW103", "WW109"]));
    expect([...at(prod)].sort()).toEqual(
      ["WW301", "WW302", "WW303", "WW304", "WW305", "WW306", "WW307", "WW308", "WW309", "WW310"].sort(),
    );
    // The development module is reported, at info only, and its localhost sslmode=disable is not a finding.
    const local = findings.filter((f) => f.settingsModule === "shop.settings.local");
    expect(local.length).toBeGreaterThan(0);
    expect(local.every((f) => f.severity === "info")).toBe(true);
    expect(local.some((f) => f.ruleId === "WW102")).toBe(false);
  });

  it("hardened-shop scans clean", async () => {
    const { code, findings } = await scan("hardened-shop", "--fail-on", "info");
    expect(findings).toEqual([]);
    expect(code).toBe(0);
  });
});
