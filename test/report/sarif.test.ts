import { createRequire } from "node:module";
// Both are CommonJS: under NodeNext the default import is module.exports, whose `.default` is the export itself.
import AjvDraft04 from "ajv-draft-04";
import AjvFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { fingerprintFindings, type LineReader } from "../../src/core/baseline.js";
import { CATALOG } from "../../src/core/catalog.js";
import {
  endpointArtifactUri,
  formatSarif,
  INFORMATION_URI,
  SECURITY_SEVERITY,
} from "../../src/report/sarif.js";
import { EMPTY, FINDINGS, makeReport, REPORT, SECRET } from "./fixture.js";

const require = createRequire(import.meta.url);

/**
 * The SARIF 2.1.0 JSON schema as shipped on npm by @microsoft/jest-sarif (microsoft/sarif-js-sdk): the 2.1.0-rtm.5
 * schema from SchemaStore, JSON Schema draft-04. Same definitions and required properties as the OASIS
 * sarif-schema-2.1.0.json (draft-07); they differ only in suppression.status/state, which wirewarden does not use.
 */
function sarifValidator() {
  const schema = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
  // The schema's regex patterns are not valid with the `u` flag.
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  AjvFormats.default(ajv);
  return ajv.compile(schema);
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region: Record<string, number>;
    };
    logicalLocations?: { fullyQualifiedName: string; kind: string }[];
  }[];
  partialFingerprints: Record<string, string>;
  properties: Record<string, unknown>;
}

describe("formatSarif", () => {
  const text = formatSarif(REPORT);
  const sarif = JSON.parse(text);
  const run = sarif.runs[0];
  const results: SarifResult[] = run.results;
  const validate = sarifValidator();

  it("validates against the SARIF 2.1.0 JSON schema", () => {
    for (const report of [
      REPORT,
      EMPTY,
      makeReport(FINDINGS, { command: "probe", target: "db.example.com:26257" }),
    ]) {
      const ok = validate(JSON.parse(formatSarif(report)));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it("has a validator that rejects what the schema forbids", () => {
    const broken = structuredClone(sarif);
    broken.runs[0].results[0].level = "fatal";
    expect(validate(broken)).toBe(false);
    const noMessage = structuredClone(sarif);
    delete noMessage.runs[0].results[0].message;
    expect(validate(noMessage)).toBe(false);
    const badUri = structuredClone(sarif);
    badUri.runs[0].tool.driver.informationUri = "not a uri";
    expect(validate(badUri)).toBe(false);
  });

  it("is one 2.1.0 run by wirewarden", () => {
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.$schema).toBe("https://json.schemastore.org/sarif-2.1.0.json");
    expect(sarif.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({
      name: "wirewarden",
      version: "1.2.3",
      semanticVersion: "1.2.3",
      informationUri: INFORMATION_URI,
    });
    expect(run.automationDetails).toEqual({ id: "wirewarden/scan/" });
    expect(text.endsWith("}\n")).toBe(true);
  });

  it("lists every catalog rule with descriptions, help, level and security properties", () => {
    const rules = run.tool.driver.rules;
    expect(rules.map((r: { id: string }) => r.id)).toEqual(CATALOG.map((r) => r.id));
    const ww101 = rules.find((r: { id: string }) => r.id === "WW101");
    expect(ww101).toMatchObject({
      id: "WW101",
      name: "db-tls-not-enforced",
      shortDescription: { text: "WW101 db-tls-not-enforced" },
      fullDescription: { text: expect.stringMatching(/^Fires when a postgres-family alias/) },
      help: { text: expect.any(String), markdown: expect.stringContaining("CWE-319") },
      helpUri: "https://github.com/wirewarden/wirewarden/blob/main/docs/rules.md#ww101",
      defaultConfiguration: { level: "error" },
      properties: {
        tags: expect.arrayContaining(["security", "CWE-319", "external/cwe/cwe-319"]),
        "security-severity": "8.0",
        cwe: "CWE-319",
        owasp: "API8:2023",
      },
    });
    for (const r of rules) {
      const meta = CATALOG.find((m) => m.id === r.id);
      expect(r.properties["security-severity"]).toBe(SECURITY_SEVERITY[meta?.severity ?? "info"]);
      expect(r.fullDescription.text.length).toBeLessThanOrEqual(1024);
      expect(r.properties.tags[0]).toBe("security");
    }
    const levels = Object.fromEntries(
      rules.map((r: { id: string; defaultConfiguration: { level: string } }) => [
        r.id,
        r.defaultConfiguration.level,
      ]),
    );
    expect([levels.WW102, levels.WW101, levels.WW104, levels.WW105, levels.WW000]).toEqual([
      "error",
      "error",
      "warning",
      "note",
      "note",
    ]);
    expect(SECURITY_SEVERITY).toEqual({
      critical: "9.5",
      high: "8.0",
      medium: "5.5",
      low: "3.0",
      info: "0.0",
    });
  });

  it("maps each finding to a result with rule id, index into the rules and level", () => {
    expect(results.map((r) => r.ruleId)).toEqual(FINDINGS.map((f) => f.ruleId));
    for (const r of results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    expect(results.map((r) => r.level)).toEqual([
      "note",
      "error",
      "error",
      "error",
      "warning",
      "error",
      "note",
    ]);
  });

  it("gives file findings a %SRCROOT%-relative physical location", () => {
    expect(results[1]?.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: "shop/settings/base.py", uriBaseId: "%SRCROOT%" },
          region: { startLine: 12, startColumn: 5 },
        },
      },
    ]);
    expect(results[1]?.properties).toEqual({
      severity: "high",
      settingsModule: "shop.settings.production",
      alias: "default",
    });
    expect(results[1]?.message.text).toBe(
      "database alias 'default' sets no sslmode | so libpq uses 'prefer'. " +
        "Evidence: effective sslmode prefer; url postgresql://app:****@db.example.com:26257/shop. " +
        "Fix: set OPTIONS['sslmode'] = 'verify-full' and OPTIONS['sslrootcert'].",
    );
  });

  it("anchors endpoint findings to a repository-relative pseudo path GitHub accepts", () => {
    const live = results[2];
    expect(live?.message.text).toContain("Endpoint: postgresql://probe:****@db.example.com:26257.");
    expect(live?.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: "wirewarden-endpoints/postgresql/db.example.com_26257" },
          region: { startLine: 1, startColumn: 1 },
        },
        logicalLocations: [
          { fullyQualifiedName: "postgresql://probe:****@db.example.com:26257", kind: "resource" },
        ],
      },
    ]);
    expect(live?.properties).toEqual({
      severity: "critical",
      endpoint: "postgresql://probe:****@db.example.com:26257",
    });
    // GitHub's requirements: at least one location, each with a physical artifact URI that has no scheme.
    for (const r of results) {
      expect(r.locations.length).toBeGreaterThan(0);
      const uri = r.locations[0]?.physicalLocation.artifactLocation.uri ?? "";
      expect(uri).not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
      expect(uri.startsWith("/")).toBe(false);
      expect(r.locations[0]?.physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
    }
  });

  it("names endpoint pseudo paths without credentials, query or odd characters", () => {
    expect(endpointArtifactUri("postgresql://u:pw@db.example.com:26257/shop?sslmode=disable")).toBe(
      "wirewarden-endpoints/postgresql/db.example.com_26257/shop",
    );
    expect(endpointArtifactUri("https://shop.example.com/admin/login/")).toBe(
      "wirewarden-endpoints/https/shop.example.com/admin/login",
    );
    expect(endpointArtifactUri("db.internal:5432")).toBe("wirewarden-endpoints/tcp/db.internal_5432");
    expect(endpointArtifactUri("postgres://[::1]:5432")).toBe("wirewarden-endpoints/postgres/__1_5432");
  });

  it("percent-encodes unusual file names", () => {
    const base = FINDINGS[1];
    if (!base) throw new Error("fixture");
    const out = JSON.parse(
      formatSarif(makeReport([{ ...base, location: { file: "my app/settings#1.py", line: 0, column: 0 } }])),
    );
    expect(out.runs[0].results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "my%20app/settings%231.py", uriBaseId: "%SRCROOT%" },
      region: { startLine: 1, startColumn: 1 },
    });
  });

  it("gives every rule GitHub's security-severity, a precision and security + CWE tags", () => {
    for (const r of run.tool.driver.rules) {
      const meta = CATALOG.find((m) => m.id === r.id);
      if (!meta) throw new Error(r.id);
      // A number as a string, in GitHub's bands: critical > 9.0, high 7.0-8.9, medium 4.0-6.9, low 0.1-3.9.
      expect(r.properties["security-severity"]).toMatch(/^\d+\.\d$/);
      const score = Number(r.properties["security-severity"]);
      const band = {
        critical: [9.0, 10],
        high: [7.0, 8.9],
        medium: [4.0, 6.9],
        low: [0.1, 3.9],
        info: [0, 0],
      }[meta.severity];
      expect(score).toBeGreaterThanOrEqual(band[0] as number);
      expect(score).toBeLessThanOrEqual(band[1] as number);
      expect(["very-high", "high", "medium", "low"]).toContain(r.properties.precision);
      expect(r.properties.tags).toContain("security");
      if (meta.cwe) {
        expect(r.properties.tags).toContain(meta.cwe);
        expect(r.properties.tags).toContain(`external/cwe/${meta.cwe.toLowerCase()}`);
      }
    }
  });

  it("fingerprints results with the baseline fingerprint, not the line number", () => {
    const again = JSON.parse(formatSarif(REPORT)).runs[0].results as SarifResult[];
    expect(again.map((r) => r.partialFingerprints)).toEqual(results.map((r) => r.partialFingerprints));
    const prints = results.map((r) => r.partialFingerprints["wirewarden/v2"]);
    expect(new Set(prints).size).toBe(prints.length);
    for (const p of prints) expect(p).toMatch(/^[0-9a-f]{64}$/);
    // File findings leave primaryLocationLineHash to upload-sarif (it hashes the source line); endpoints get one.
    expect(results[1]?.partialFingerprints.primaryLocationLineHash).toBeUndefined();
    expect(results[2]?.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]{16}:1$/);
  });

  it("uses the fingerprint the CLI computed from the source, which survives lines moving", () => {
    const base = FINDINGS[1];
    if (!base) throw new Error("fixture");
    const source =
      (lines: string[]): LineReader =>
      (_file, line) =>
        lines[line - 1];
    const offending = '    "OPTIONS": {},';
    const before = fingerprintFindings([base], source([...Array(11).fill("x = 1"), offending]));
    const moved = fingerprintFindings(
      [{ ...base, location: { file: "shop/settings/base.py", line: 15, column: 5 } }],
      source([...Array(14).fill("x = 1"), offending]),
    );
    const printOf = (findings: typeof before) =>
      JSON.parse(formatSarif(makeReport(findings))).runs[0].results[0].partialFingerprints["wirewarden/v2"];
    expect(printOf(before)).toBe(before[0]?.fingerprint);
    expect(printOf(moved)).toBe(printOf(before));
    // The message and column may change without the alert changing; the alias and module may not.
    const reworded = fingerprintFindings(
      [{ ...base, message: "reworded" }],
      source([...Array(11).fill(""), offending]),
    );
    expect(printOf(reworded)).toBe(printOf(before));
    const otherAlias = fingerprintFindings(
      [{ ...base, alias: "replica" }],
      source([...Array(11).fill(""), offending]),
    );
    expect(printOf(otherAlias)).not.toBe(printOf(before));
    const otherModule = fingerprintFindings(
      [{ ...base, settingsModule: "shop.settings.staging" }],
      source([...Array(11).fill(""), offending]),
    );
    expect(printOf(otherModule)).not.toBe(printOf(before));
  });

  it("still names a rule for a rule id the catalog does not know", () => {
    const base = FINDINGS[1];
    if (!base) throw new Error("fixture");
    const out = JSON.parse(formatSarif(makeReport([{ ...base, ruleId: "WW999", name: "future-rule" }])));
    const r = out.runs[0].results[0];
    expect(out.runs[0].tool.driver.rules[r.ruleIndex]).toMatchObject({ id: "WW999", name: "future-rule" });
    expect(validate(out)).toBe(true);
  });

  it("omits semanticVersion for a version that is not semver", () => {
    const out = JSON.parse(
      formatSarif(makeReport(FINDINGS, { tool: { name: "wirewarden", version: "dev" } })),
    );
    expect(out.runs[0].tool.driver.version).toBe("dev");
    expect(out.runs[0].tool.driver).not.toHaveProperty("semanticVersion");
  });

  it("never prints the secret", () => {
    expect(text).not.toContain(SECRET);
    expect(text).toContain("password=****");
  });
});

describe("formatSarif, one run per settings module (scan --sarif-per-module)", () => {
  const validate = sarifValidator();
  const sarif = JSON.parse(formatSarif(REPORT, { perModule: true }));
  const runs = sarif.runs as { automationDetails: { id: string }; results: SarifResult[] }[];

  it("is valid SARIF, each run its own category, every finding in the run of its module", () => {
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const ids = runs.map((r) => r.automationDetails.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining([
        "wirewarden/scan/shop.settings.production/",
        "wirewarden/scan/shop.settings.staging/",
        "wirewarden/scan/",
      ]),
    );
    for (const run of runs) {
      const module = /^wirewarden\/scan\/(.+)\/$/.exec(run.automationDetails.id)?.[1];
      for (const r of run.results) expect(r.properties.settingsModule).toBe(module);
    }
    const all = runs.flatMap((r) => r.results);
    expect(all.length).toBe(REPORT.findings.length);
  });

  it("one run, as before, without the option", () => {
    expect(JSON.parse(formatSarif(REPORT)).runs).toHaveLength(1);
  });
});
