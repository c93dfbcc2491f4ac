import { describe, expect, it } from "vitest";
import {
  BASELINE_VERSION,
  buildBaseline,
  filterBaseline,
  fingerprintFindings,
  type LineReader,
  NO_SOURCE,
  normalizeCode,
  parseBaseline,
  serializeBaseline,
} from "../../src/core/baseline.js";
import type { Finding } from "../../src/core/finding.js";

const FILE = "shop/settings/production.py";

/** A tree of one settings file, as the CLI's reader would give it. */
function tree(lines: string[]): LineReader {
  return (file, line) => (file === FILE ? lines[line - 1] : undefined);
}

function finding(line: number, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId: "WW103",
    name: "db-cert-not-verified",
    severity: "high",
    message: `sslmode require (line ${line})`,
    location: { file: FILE, line, column: 21 },
    settingsModule: "shop.settings.production",
    alias: "replica",
    cwe: "CWE-295",
    owasp: "API8:2023",
    ...extra,
  };
}

const SOURCE = [
  "import os",
  "DATABASES = {",
  '    "replica": {"HOST": "replica.internal", "OPTIONS": {"sslmode": "require"}},',
  "}",
];

function printOf(f: Finding, lines: string[]): string {
  const [out] = fingerprintFindings([f], tree(lines));
  if (!out?.fingerprint) throw new Error("no fingerprint");
  return out.fingerprint;
}

/** Runs the whole cycle: baseline written from `before`, findings of `after` filtered by it. */
function survivors(before: Finding[], beforeLines: string[], after: Finding[], afterLines: string[]) {
  const baseline = buildBaseline(fingerprintFindings(before, tree(beforeLines)));
  const parsed = parseBaseline(serializeBaseline(baseline));
  if ("error" in parsed) throw new Error(parsed.error);
  return filterBaseline(fingerprintFindings(after, tree(afterLines)), parsed.baseline);
}

describe("baseline fingerprints", () => {
  it("keep a finding suppressed when lines are inserted above it", () => {
    const moved = ["# a comment", "", "import sys", ...SOURCE];
    expect(printOf(finding(6), moved)).toBe(printOf(finding(3), SOURCE));
    const { kept, suppressed } = survivors([finding(3)], SOURCE, [finding(6)], moved);
    expect(kept).toEqual([]);
    expect(suppressed).toHaveLength(1);
  });

  it("ignore re-indentation and spacing of the offending line", () => {
    const respaced = [...SOURCE];
    respaced[2] = '\t"replica":  {"HOST": "replica.internal",   "OPTIONS": {"sslmode": "require"}},   ';
    expect(printOf(finding(3), respaced)).toBe(printOf(finding(3), SOURCE));
  });

  it("bring the finding back when the offending line changes", () => {
    const changed = [...SOURCE];
    changed[2] = '    "replica": {"HOST": "replica2.internal", "OPTIONS": {"sslmode": "require"}},';
    expect(printOf(finding(3), changed)).not.toBe(printOf(finding(3), SOURCE));
    const { kept } = survivors([finding(3)], SOURCE, [finding(3)], changed);
    expect(kept).toHaveLength(1);
  });

  it("tell two identical lines in one file apart, by occurrence, not by line number", () => {
    const twice = [
      "DATABASES = {}",
      'DATABASES["replica"] = {"OPTIONS": {"sslmode": "require"}}',
      "if os.environ.get('EU'):",
      '    DATABASES["replica"] = {"OPTIONS": {"sslmode": "require"}}',
    ];
    const both = fingerprintFindings([finding(2), finding(4)], tree(twice));
    expect(both[0]?.fingerprint).not.toBe(both[1]?.fingerprint);
    // Only the first was accepted; after lines are added above both, the second is still new.
    const shifted = ["# header", "# header", ...twice];
    const { kept, suppressed } = survivors([finding(2)], twice, [finding(4), finding(6)], shifted);
    expect(suppressed.map((f) => f.location?.line)).toEqual([4]);
    expect(kept.map((f) => f.location?.line)).toEqual([6]);
    // A third identical line added below both is new too.
    const third = [...twice, '    DATABASES["replica"] = {"OPTIONS": {"sslmode": "require"}}'];
    const again = survivors([finding(2), finding(4)], twice, [finding(2), finding(4), finding(5)], third);
    expect(again.kept.map((f) => f.location?.line)).toEqual([5]);
  });

  it("give several findings on one line one occurrence (e.g. both branches of an unknown `if`)", () => {
    const [a, b] = fingerprintFindings(
      [finding(3, { message: "when EU is set" }), finding(3, { message: "when EU is not set" })],
      tree(SOURCE),
    );
    expect(a?.fingerprint).toBe(b?.fingerprint);
  });

  it("depend on rule, file, settings module and alias; not on message, severity or column", () => {
    const base = printOf(finding(3), SOURCE);
    expect(printOf(finding(3, { message: "reworded", severity: "critical" }), SOURCE)).toBe(base);
    expect(printOf(finding(3, { location: { file: FILE, line: 3, column: 1 } }), SOURCE)).toBe(base);
    expect(printOf(finding(3, { ruleId: "WW101" }), SOURCE)).not.toBe(base);
    expect(printOf(finding(3, { alias: "default" }), SOURCE)).not.toBe(base);
    expect(printOf(finding(3, { settingsModule: "shop.settings.staging" }), SOURCE)).not.toBe(base);
    const elsewhere = fingerprintFindings(
      [finding(3, { location: { file: "other/settings.py", line: 3, column: 21 } })],
      (_f, line) => SOURCE[line - 1],
    );
    expect(elsewhere[0]?.fingerprint).not.toBe(base);
  });

  it("key findings about the file as a whole (1:1) by the file, so a new first line does not revive them", () => {
    const absent = finding(1, { ruleId: "WW304", location: { file: FILE, line: 1, column: 1 } });
    expect(printOf(absent, ["# new first line", ...SOURCE])).toBe(printOf(absent, SOURCE));
  });

  it("key live findings by endpoint, rule and alias, with the endpoint's password never hashed in", () => {
    const live = (endpoint: string, extra: Partial<Finding> = {}): Finding => ({
      ruleId: "WW401",
      name: "endpoint-accepts-plaintext",
      severity: "critical",
      message: "plaintext startup answered",
      endpoint,
      cwe: "CWE-319",
      owasp: "API8:2023",
      ...extra,
    });
    const print = (f: Finding) => fingerprintFindings([f], NO_SOURCE)[0]?.fingerprint;
    const a = print(live("postgresql://u:one@db.internal:26257"));
    expect(print(live("postgresql://u:two@db.internal:26257"))).toBe(a);
    expect(print(live("postgresql://db2.internal:26257"))).not.toBe(a);
    expect(print(live("postgresql://u:one@db.internal:26257", { alias: "replica" }))).not.toBe(a);
    expect(print(live("postgresql://u:one@db.internal:26257", { ruleId: "WW402" }))).not.toBe(a);
  });

  it("hash the line with its secrets masked", () => {
    expect(normalizeCode('   "PASSWORD":   "hunter2-secret",  ')).toBe('"PASSWORD": "****",');
    const pw = (value: string) => [`DATABASES = {"default": {"PASSWORD": "${value}"}}`];
    const f = finding(1, { ruleId: "WW110", location: { file: FILE, line: 1, column: 40 } });
    expect(printOf(f, pw("first-secret"))).toBe(printOf(f, pw("rotated-secret")));
  });

  it("keep a fingerprint already set", () => {
    const [f] = fingerprintFindings([{ ...finding(3), fingerprint: "f".repeat(64) }], tree(SOURCE));
    expect(f?.fingerprint).toBe("f".repeat(64));
  });
});

describe("baseline files", () => {
  const secret = "Crdb-Shop-2024!";
  const findings = fingerprintFindings(
    [
      finding(3),
      finding(3, { ruleId: "WW101", alias: "default", evidence: `password=${secret}` }),
      {
        ruleId: "WW401",
        name: "endpoint-accepts-plaintext",
        severity: "critical",
        message: `plaintext accepted for postgresql://u:${secret}@db.internal:26257`,
        endpoint: `postgresql://u:${secret}@db.internal:26257`,
        cwe: "CWE-319",
        owasp: "API8:2023",
      },
    ],
    tree(SOURCE),
  );

  it("are versioned JSON with sorted, de-duplicated entries of ids, paths and hashes only", () => {
    const text = serializeBaseline(buildBaseline([...findings, ...findings]));
    const data = JSON.parse(text);
    expect(data.version).toBe(BASELINE_VERSION);
    expect(data.tool).toBe("wirewarden");
    expect(data.entries).toHaveLength(3);
    expect(data.entries.map((e: { ruleId: string }) => e.ruleId)).toEqual(["WW101", "WW103", "WW401"]);
    for (const e of data.entries) {
      expect(
        Object.keys(e).every((k) =>
          ["fingerprint", "ruleId", "file", "endpoint", "settingsModule", "alias"].includes(k),
        ),
      ).toBe(true);
      expect(e.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(data.entries[2].endpoint).toBe("postgresql://u:****@db.internal:26257");
    expect(text).not.toContain(secret);
    expect(text).not.toContain("sslmode");
    expect(text.endsWith("}\n")).toBe(true);
  });

  it("are the same whatever the order of the findings", () => {
    expect(serializeBaseline(buildBaseline([...findings].reverse()))).toBe(
      serializeBaseline(buildBaseline(findings)),
    );
  });

  it("are refused when not JSON, of another version or not a baseline", () => {
    expect(parseBaseline("{nope")).toEqual({ error: "is not JSON" });
    expect(parseBaseline("[]")).toEqual({ error: "is not a wirewarden baseline (no version field)" });
    expect(parseBaseline('{"version": 2, "entries": []}')).toEqual({
      error: "has version 2; this wirewarden reads version 1 (write it again with --write-baseline)",
    });
    expect(parseBaseline(`{"version": "${"x".repeat(500)}"}`)).toMatchObject({
      error: expect.stringMatching(/^has version another;/),
    });
    expect(parseBaseline('{"version": 1}')).toEqual({
      error: "is not a wirewarden baseline (no entries list)",
    });
    expect(parseBaseline('{"version": 1, "entries": [{"ruleId": "WW101", "fingerprint": "abc"}]}')).toEqual({
      error: "is not a wirewarden baseline (entry 0 has no fingerprint or ruleId)",
    });
    expect(parseBaseline('{"version": 1, "entries": []}')).toEqual({
      baseline: { version: 1, tool: "wirewarden", entries: [] },
    });
  });

  it("never suppress a finding that has no fingerprint", () => {
    const baseline = buildBaseline(findings);
    const { kept } = filterBaseline([{ ...finding(3), fingerprint: undefined }], baseline);
    expect(kept).toHaveLength(1);
  });
});
