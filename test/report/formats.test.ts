import { createRequire } from "node:module";
import Ajv from "ajv-draft-04";
import { describe, expect, it } from "vitest";
import { CATALOG } from "../../src/core/catalog.js";
import { formatReport } from "../../src/report/index.js";
import { formatJson } from "../../src/report/json.js";
import { formatMarkdown } from "../../src/report/markdown.js";
import { formatRulesJson, formatRulesMarkdown, formatRulesText } from "../../src/report/rules-list.js";
import { formatSarif } from "../../src/report/sarif.js";
import { formatText } from "../../src/report/text.js";
import { REPORT, SECRET } from "./fixture.js";

const require = createRequire(import.meta.url);

describe("JSON report", () => {
  it("has exactly the contract's shape", () => {
    const json = JSON.parse(formatJson(REPORT));
    expect(Object.keys(json)).toEqual(["tool", "command", "target", "findings", "summary"]);
    expect(json.tool).toEqual({ name: "wirewarden", version: "1.2.3" });
    expect(Object.keys(json.findings[0])).toEqual([
      "ruleId",
      "name",
      "severity",
      "message",
      "location",
      "settingsModule",
      "alias",
      "evidence",
      "fix",
      "cwe",
      "owasp",
    ]);
    expect(json.findings[2]).toMatchObject({ endpoint: "postgresql://db.example.com:26257" });
    expect(json.findings[2].location).toBeUndefined();
    expect(json.summary).toEqual({
      score: 0,
      grade: "F",
      counts: { critical: 2, high: 1, medium: 0, low: 0, info: 1 },
    });
  });
});

describe("SARIF report", () => {
  const sarif = JSON.parse(formatSarif(REPORT));

  it("validates against the SARIF 2.1.0 schema", () => {
    const schema = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    const ok = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // The validator does reject a broken log.
    const broken = structuredClone(sarif);
    broken.runs[0].results[0].level = "fatal";
    expect(validate(broken)).toBe(false);
  });

  it("carries the whole catalog and maps severities to levels", () => {
    const run = sarif.runs[0];
    expect(run.tool.driver.rules).toHaveLength(CATALOG.length);
    const ww101 = run.tool.driver.rules.find((r: { id: string }) => r.id === "WW101");
    expect(ww101.properties).toMatchObject({
      "security-severity": "8.0",
      cwe: "CWE-319",
      owasp: "API8:2023",
    });
    expect(run.results.map((r: { level: string }) => r.level)).toEqual(["error", "error", "error", "note"]);
    expect(run.results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "shop/settings/base.py", uriBaseId: "%SRCROOT%" },
      region: { startLine: 12, startColumn: 5 },
    });
    expect(run.results[0].ruleIndex).toBe(CATALOG.findIndex((r) => r.id === "WW101"));
    // GitHub requires a location on every result; endpoint findings get a pseudo-artifact.
    expect(run.results[2].locations[0].physicalLocation.artifactLocation.uri).toMatch(/^endpoints\//);
  });

  it("fingerprints stably", () => {
    const again = JSON.parse(formatSarif(REPORT));
    expect(again.runs[0].results[0].partialFingerprints).toEqual(
      sarif.runs[0].results[0].partialFingerprints,
    );
    expect(sarif.runs[0].results[0].partialFingerprints).not.toEqual(
      sarif.runs[0].results[1].partialFingerprints,
    );
  });
});

describe("text report", () => {
  it("groups by settings module and alias and ends with the grade", () => {
    const text = formatText(REPORT, { color: false });
    expect(text).toContain(
      "settings shop.settings.production\n  database alias 'default'\n    HIGH     WW101",
    );
    expect(text).toContain("endpoint postgresql://db.example.com:26257");
    expect(text.trimEnd().endsWith("score 0/100, grade F")).toBe(true);
    expect(text).not.toContain("\x1b[");
    expect(formatText(REPORT, { color: true })).toContain("\x1b[");
  });

  it("says so when there is nothing", () => {
    const empty = {
      ...REPORT,
      findings: [],
      summary: {
        score: 100,
        grade: "A" as const,
        counts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
      },
    };
    expect(formatText(empty, { color: false })).toContain("No findings.");
  });
});

describe("markdown report", () => {
  it("escapes table cells", () => {
    const md = formatMarkdown(REPORT);
    expect(md).toContain("## wirewarden scan: grade F (0/100)");
    expect(md).toContain("sets no sslmode \\| so libpq");
  });
});

describe("rules listing", () => {
  it("lists every catalog rule in each format", () => {
    expect(formatRulesText(CATALOG).trim().split("\n")).toHaveLength(CATALOG.length + 1);
    expect(JSON.parse(formatRulesJson(CATALOG))).toHaveLength(CATALOG.length);
    expect(formatRulesMarkdown(CATALOG)).toContain(
      "| WW103 | db-cert-not-verified | high | CWE-295 | API8:2023 |",
    );
  });
});

describe("secrets", () => {
  it.each(["text", "json", "sarif", "markdown"] as const)("never appear in %s", (format) => {
    const out = formatReport(REPORT, format, { color: false, verbose: true });
    expect(out).not.toContain(SECRET);
    expect(out).toContain("****");
  });
});
