import { describe, expect, it } from "vitest";
import { formatJson } from "../../src/report/json.js";
import { EMPTY, REPORT, SECRET } from "./fixture.js";

describe("formatJson", () => {
  const text = formatJson(REPORT);
  const json = JSON.parse(text);

  it("is pretty-printed with a trailing newline", () => {
    expect(text.startsWith('{\n  "tool": {')).toBe(true);
    expect(text.endsWith("}\n")).toBe(true);
  });

  it("has exactly the contract's top-level shape", () => {
    // The contract's keys first, in order; then the additive ones (schemaVersion 3).
    expect(Object.keys(json)).toEqual(["tool", "command", "target", "findings", "summary", "schemaVersion"]);
    expect(json.schemaVersion).toBe(3);
    expect(json.tool).toEqual({ name: "wirewarden", version: "1.2.3" });
    expect(json.command).toBe("scan");
    expect(json.target).toBe("examples/shop");
    expect(json.summary).toEqual({
      score: 0,
      grade: "F",
      counts: { critical: 2, high: 2, medium: 1, low: 1, info: 1 },
    });
  });

  it("keeps the findings in order with only the documented keys, undefined ones left out", () => {
    expect(json.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(
      REPORT.findings.map((f) => f.ruleId),
    );
    expect(Object.keys(json.findings[1])).toEqual([
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
    expect(json.findings[1].location).toEqual({ file: "shop/settings/base.py", line: 12, column: 5 });
    // An endpoint finding: endpoint, no location; null CWE/OWASP stay (they are documented keys).
    expect(Object.keys(json.findings[2])).toEqual([
      "ruleId",
      "name",
      "severity",
      "message",
      "endpoint",
      "evidence",
      "cwe",
      "owasp",
    ]);
    expect(json.findings[2].endpoint).toBe("postgresql://probe:****@db.example.com:26257");
    expect(json.findings[0]).toMatchObject({ cwe: null, owasp: null });
  });

  it("drops keys that are not in the contract", () => {
    const extra = {
      ...REPORT.findings[1],
      condition: "branch",
      internal: 1,
    } as (typeof REPORT.findings)[number];
    const out = JSON.parse(formatJson({ ...REPORT, findings: [extra] }));
    expect(out.findings[0]).not.toHaveProperty("condition");
    expect(out.findings[0]).not.toHaveProperty("internal");
  });

  it("redacts secrets in message, evidence, fix and endpoint", () => {
    expect(text).not.toContain(SECRET);
    expect(json.findings[0].message).toBe("not analyzed: password=**** in a DSN the evaluator cannot follow");
    expect(json.findings[1].evidence).toContain("postgresql://app:****@db.example.com:26257/shop");
    expect(json.findings[4].evidence).toBe("'PASSWORD': '****'");
  });

  it("writes an empty findings array when there are none", () => {
    expect(JSON.parse(formatJson(EMPTY)).findings).toEqual([]);
  });
});
