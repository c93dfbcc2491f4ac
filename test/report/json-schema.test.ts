/**
 * schema/report.schema.json (issue 20): the scan report of every fixture project and both examples matches it, and
 * it refuses what it must (an undocumented key, a finding key it does not know, a wrong type). The CLI helpers
 * also hold every other JSON report of the suite (probe, prove, scan --runtime) to it.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scanProject } from "../../src/engine/scan.js";
import { formatJson } from "../../src/report/json.js";
import { REPO } from "../helpers/cli.js";
import { assertReportSchema } from "../helpers/report-schema.js";

const FIXTURES = join(REPO, "test", "fixtures");
const PROJECTS = [
  join(REPO, "examples", "vulnerable-shop"),
  join(REPO, "examples", "hardened-shop"),
  ...["crosscheck", "real-world"].flatMap((group) =>
    readdirSync(join(FIXTURES, group)).map((d) => join(FIXTURES, group, d)),
  ),
];

describe("schema/report.schema.json", () => {
  it(`matches the scan report of every fixture project and both examples (${PROJECTS.length})`, async () => {
    for (const dir of PROJECTS) {
      const { report } = await scanProject(dir, { env: new Map() });
      expect(() => assertReportSchema(formatJson(report)), dir).not.toThrow();
    }
  }, 120_000);

  it("refuses an undocumented key, an unknown finding key and a wrong type", async () => {
    const { report } = await scanProject(join(REPO, "examples", "vulnerable-shop"), { env: new Map() });
    const good = JSON.parse(formatJson(report));
    expect(() => assertReportSchema(JSON.stringify({ ...good, surprise: 1 }))).toThrow(
      /must NOT have additional properties/,
    );
    const finding = { ...good.findings[0], extra: "x" };
    expect(() => assertReportSchema(JSON.stringify({ ...good, findings: [finding] }))).toThrow(/findings\/0/);
    expect(() =>
      assertReportSchema(JSON.stringify({ ...good, summary: { ...good.summary, grade: "Z" } })),
    ).toThrow(/summary\/grade/);
  });
});
