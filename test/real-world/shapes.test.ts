import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AliasReport, Report } from "../../src/core/report.js";
import { scanProject } from "../../src/engine/scan.js";
import { EXPOSING_RULES } from "../../src/rules/alias-verdicts.js";

/**
 * The development corpus (docs/real-world-shapes.md): one fixture per settings shape met in public Django projects,
 * written in our own words, each with the verdict a security engineer reaches by reading it.
 */
const ROOT = join(import.meta.dirname, "..", "fixtures", "real-world");

interface Expected {
  shape: string;
  seenIn: string[];
  args?: string[];
  env?: Record<string, string>;
  aliases: {
    module: string;
    alias: string;
    verdict: "verified" | "exposed" | "unknown";
    because: string;
    /**
     * A known gap: what the tool says instead (never `verified`), and why it cannot yet say more. `absent`: the
     * alias is not named because DATABASES as a whole is unknown (the module's 'default' says so).
     */
    gap?: { tool: "exposed" | "unknown" | "absent"; why: string };
  }[];
}

const fixtures = existsSync(ROOT)
  ? readdirSync(ROOT, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(ROOT, d.name, "expected.json")))
      .map((d) => d.name)
      .sort()
  : [];

function settingsArg(args: readonly string[] = []): string | undefined {
  const i = args.indexOf("--settings");
  return i >= 0 ? args[i + 1] : undefined;
}

/** The verdicts must be the findings' own: exposed has an exposing finding, unknown a WW000, on that alias. */
function assertVerdictsMatchFindings(report: Report): void {
  for (const a of report.aliases ?? []) {
    const on = report.findings.filter((f) => f.settingsModule === a.module && f.alias === a.alias);
    const label = `${a.module} '${a.alias}'`;
    if (a.verdict === "exposed")
      expect(
        on.some((f) => EXPOSING_RULES.has(f.ruleId)),
        label,
      ).toBe(true);
    if (a.verdict === "unknown") {
      expect(
        on.some((f) => f.ruleId === "WW000"),
        label,
      ).toBe(true);
      expect(a.reason, label).not.toMatch(/^no rule reached a verdict/);
    }
  }
}

describe("real-world settings shapes: the verdict a reader reaches by hand", () => {
  it("the corpus is there", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
  });

  it.each(fixtures)("%s", async (name) => {
    const dir = join(ROOT, name);
    const expected = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as Expected;
    const settingsModule = settingsArg(expected.args);
    const { report } = await scanProject(dir, {
      env: new Map(Object.entries(expected.env ?? {})),
      ...(settingsModule ? { settingsModule } : {}),
    });
    // A module is named by its dotted name, or by its file (templates and files no import can reach), or by a
    // longer name the deployment's sys.path gives it (`tables.config.settings.base` for `config.settings.base`).
    const got = (m: string, alias: string): AliasReport | undefined =>
      report.aliases?.find(
        (a) => (a.module === m || a.file === m || m.endsWith(`.${a.module}`)) && a.alias === alias,
      );
    for (const want of expected.aliases) {
      if (want.gap?.tool === "absent") {
        expect(got(want.module, want.alias), `${want.module} '${want.alias}' is not named`).toBeUndefined();
        expect(got(want.module, "default")?.verdict, `${want.module}: DATABASES unknown`).toBe("unknown");
        continue;
      }
      const a = got(want.module, want.alias);
      const have = (report.aliases ?? []).map((x) => `${x.module}:${x.alias}=${x.verdict}`).join(", ");
      expect(a, `${want.module} '${want.alias}' (have: ${have})`).toBeDefined();
      expect(
        { alias: `${want.module} '${want.alias}'`, verdict: a?.verdict },
        `${expected.shape}: ${want.because}; tool says: ${a?.reason}`,
      ).toEqual({ alias: `${want.module} '${want.alias}'`, verdict: want.gap?.tool ?? want.verdict });
    }
    assertVerdictsMatchFindings(report);
  });
});
