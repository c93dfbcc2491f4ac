/** Path globs (.gitignore style) and rule selection (ruff style): pure, table-driven. */
import { describe, expect, it } from "vitest";
import { TEST_GLOBS } from "../../src/cli/effective-config.js";
import type { Finding } from "../../src/core/finding.js";
import { anyGlob, globMatcher } from "../../src/core/glob.js";
import { applySelection, ruleSelected } from "../../src/core/selection.js";

describe("globMatcher", () => {
  it.each([
    ["tests", "tests/x.py", false, true],
    ["tests", "app/tests/x.py", false, true],
    ["tests", "tests.py", false, false],
    ["*.py", "a/b.py", false, true],
    ["docs/**", "docs/a/b.md", false, true],
    ["docs/**", "src/docs/a", false, false],
    ["app/*/settings.py", "app/x/settings.py", false, true],
    ["app/*/settings.py", "app/x/y/settings.py", false, false],
    ["**/fixtures/**", "a/fixtures/b.py", false, true],
    ["**/fixtures/**", "fixtures/b.py", false, true],
    ["e2e/", "e2e/settings.py", false, true],
    ["e2e/", "e2e", false, false],
    ["e2e/", "e2e", true, true],
    ["test_*.py", "app/test_x.py", false, true],
    ["test_?.py", "app/test_xy.py", false, false],
    ["./deploy/*.env", "deploy/prod.env", false, true],
    ["a.b", "axb", false, false],
  ] as const)("%s on %s (dir %s) → %s", (pattern, path, isDir, want) => {
    expect(globMatcher(pattern)(path, isDir)).toBe(want);
  });
});

describe("rule selection", () => {
  it.each([
    ["WW101", [], [], true],
    ["WW101", ["WW1"], [], true],
    ["WW301", ["WW1"], [], false],
    ["WW110", ["WW1"], ["WW110"], false],
    ["WW101", ["WW1"], ["WW110"], true],
    ["WW110", ["WW110"], ["WW1"], true],
    ["WW110", [], ["WW1"], false],
    ["WW301", ["ALL"], ["WW3"], false],
    ["WW401", ["ALL"], ["WW3"], true],
  ] as const)("%s with select %j, ignore %j → %s", (id, select, ignore, want) => {
    expect(ruleSelected(id, select, ignore)).toBe(want);
  });

  const finding = (ruleId: string, severity: Finding["severity"], file?: string): Finding =>
    ({
      ruleId,
      ruleName: "x",
      severity,
      message: "m",
      ...(file ? { location: { file, line: 1, column: 1 } } : {}),
    }) as Finding;

  it("applies select/ignore, then per-file-ignores, then the severity floor; counts what each left out", () => {
    const r = applySelection(
      [
        finding("WW101", "high", "shop/settings.py"),
        finding("WW110", "medium", "shop/settings.py"),
        finding("WW301", "medium", "tests/settings.py"),
        finding("WW302", "low", "shop/settings.py"),
        finding("WW305", "low", "shop/settings.py"),
      ],
      { ignore: ["ww110"], perFileIgnores: { "tests/": ["WW3"] }, minSeverity: "medium" },
    );
    expect(r.kept.map((f) => f.ruleId)).toEqual(["WW101"]);
    expect(r.belowFloor.map((f) => f.ruleId)).toEqual(["WW302", "WW305"]);
    expect(r.left).toEqual({ byRule: 1, byFile: 1, bySeverity: 2 });
  });
});

describe("--exclude-tests", () => {
  const tests = anyGlob(TEST_GLOBS);
  it.each([
    ["tests/settings.py", true],
    ["app/tests/test_models.py", true],
    ["dojo/settings/unittests.py", true],
    ["shop/conftest.py", true],
    ["e2e/settings.py", true],
    ["shop/settings/test_settings.py", true],
    ["shop/settings/production.py", false],
    ["shop/contest.py", false],
    ["deploy/testimonials.py", false],
  ])("%s is test code: %s", (path, expected) => {
    expect(tests(path, false)).toBe(expected);
  });
});
