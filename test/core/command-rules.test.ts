import { describe, expect, it } from "vitest";
import { rulesCheckedBy } from "../../src/core/command-rules.js";
import { rulesOf } from "../../src/rules/registry.js";

const PROBE_RULES = await rulesOf("probe");
const PROVE_RULES = await rulesOf("prove");
const SCAN_RULES = await rulesOf("scan");

// The reporters take each command's rules from the catalog so that they need not load rule modules; this is where
// that is held to the rule lists the engines actually run.
describe("rulesCheckedBy", () => {
  const ids = (rules: readonly { meta: { id: string } }[]) =>
    [...new Set(rules.map((r) => r.meta.id))].sort();

  it.each([
    ["scan", SCAN_RULES],
    ["probe", PROBE_RULES],
    ["prove", PROVE_RULES],
  ] as const)("lists exactly the rules %s runs", (command, rules) => {
    expect(
      rulesCheckedBy(command)
        .map((r) => r.id)
        .sort(),
    ).toEqual(ids(rules));
  });

  it("lists fix's database rules: scan's WW1xx, nothing else", () => {
    expect(rulesCheckedBy("fix").map((r) => r.id)).toEqual(
      SCAN_RULES.map((r) => r.meta.id).filter((id) => id.startsWith("WW1")),
    );
  });
});
