import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { rulesCheckedBy } from "../../src/core/command-rules.js";
import type { Finding } from "../../src/core/finding.js";
import { formatJunit, xmlAttr, xmlText } from "../../src/report/junit.js";
import { EMPTY, FINDINGS, makeReport, REPORT, SECRET } from "./fixture.js";

interface ParsedCase {
  classname: string;
  name: string;
  file?: string;
  failure?: { message: string; type: string; text: string };
  failures: number;
  systemOut?: string;
}

interface ParsedSuite {
  attrs: Record<string, string>;
  properties: Record<string, string>;
  cases: ParsedCase[];
}

/**
 * Parses JUnit XML with Python's expat (xml.etree): a strict, independent XML 1.0 parser that rejects what
 * GitLab's Nokogiri and Jenkins' parser reject (bad escapes, control characters, `]]>` in text).
 */
function parseXml(xml: string): { root: Record<string, string>; suites: ParsedSuite[] } | { error: string } {
  const script = `
import json, sys, xml.etree.ElementTree as ET
try:
    root = ET.fromstring(sys.stdin.buffer.read())
except ET.ParseError as e:
    print(json.dumps({"error": str(e)})); sys.exit(0)
def case(tc):
    out = dict(tc.attrib)
    fs = tc.findall("failure")
    out["failures"] = len(fs)
    if fs:
        out["failure"] = dict(fs[0].attrib, text=fs[0].text or "")
    so = tc.find("system-out")
    if so is not None:
        out["systemOut"] = so.text or ""
    return out
suites = [{"attrs": s.attrib,
           "properties": {p.get("name"): p.get("value") for p in s.findall("properties/property")},
           "cases": [case(tc) for tc in s.findall("testcase")]} for s in root.findall("testsuite")]
print(json.dumps({"root": dict(root.attrib, tag=root.tag), "suites": suites}))
`;
  const r = spawnSync("python3", ["-c", script], { input: xml, encoding: "utf8" });
  if (r.error || r.status !== 0)
    throw new Error(`python3 is needed to check the XML (apt-get install python3): ${r.error ?? r.stderr}`);
  return JSON.parse(r.stdout);
}

function parsed(xml: string) {
  const p = parseXml(xml);
  if ("error" in p) throw new Error(`not well-formed XML: ${p.error}\n${xml}`);
  return p;
}

describe("formatJunit", () => {
  const xml = formatJunit(REPORT, { failOn: "high" });
  const { root, suites } = parsed(xml);
  const suite = suites[0] as ParsedSuite;
  const caseOf = (classPrefix: string, name: string) =>
    suite.cases.find((c) => c.classname.startsWith(`${classPrefix} `) && c.name === name);

  it("has a checker that rejects what XML forbids", () => {
    expect(parseXml("<a>\u0001</a>")).toHaveProperty("error");
    expect(parseXml("<a>x & y</a>")).toHaveProperty("error");
    expect(parseXml('<a b="1" b="2"/>')).toHaveProperty("error");
    expect(parseXml("<a>ok</a>")).not.toHaveProperty("error");
  });

  it("is one test suite for the command run, with counts that match its test cases", () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(root.tag).toBe("testsuites");
    expect(suites).toHaveLength(1);
    expect(suite.attrs.name).toBe("wirewarden scan");
    const failed = suite.cases.filter((c) => c.failure).length;
    for (const attrs of [root, suite.attrs]) {
      expect(Number(attrs.tests)).toBe(suite.cases.length);
      expect(Number(attrs.failures)).toBe(failed);
      expect(attrs.errors).toBe("0");
      expect(attrs.skipped).toBe("0");
    }
    // At most one failure element per case: GitLab and Jenkins read only one.
    expect(suite.cases.every((c) => c.failures <= 1)).toBe(true);
  });

  it("has one case per rule and target, failing for findings at or above --fail-on", () => {
    const ww101 = caseOf("WW101", "shop/settings/base.py");
    expect(ww101).toMatchObject({
      classname: "WW101 db-tls-not-enforced",
      name: "shop/settings/base.py",
      file: "shop/settings/base.py",
      failure: { type: "high", message: "database alias 'default' sets no sslmode | so libpq uses 'prefer'" },
    });
    expect(ww101?.failure?.text).toContain(
      "location: shop/settings/base.py:12:5 (settings shop.settings.production, alias default)",
    );
    expect(ww101?.failure?.text).toContain(
      "evidence: effective sslmode prefer; url postgresql://app:****@db.example.com:26257/shop",
    );
    expect(ww101?.failure?.text).toContain("fix: set OPTIONS['sslmode'] = 'verify-full'");
    // A live finding's target is its endpoint (redacted), and it has no file.
    const live = caseOf("WW401", "postgresql://probe:****@db.example.com:26257");
    expect(live?.failure?.type).toBe("critical");
    expect(live?.file).toBeUndefined();
    // The multi-line message keeps its line break through the attribute.
    expect(caseOf("WW102", "shop/settings/production.py")?.failure?.message).toBe(
      "sslmode is 'disable'\nso every byte, the password included, crosses the network in plaintext",
    );
  });

  it("lists findings below --fail-on in a passing case's system-out", () => {
    const ww110 = caseOf("WW110", "shop/settings/base.py");
    expect(ww110?.failure).toBeUndefined();
    expect(ww110?.systemOut).toMatch(
      /^below --fail-on high, reported, not failing:\n\nMEDIUM WW110 db-password-in-source: /,
    );
    const lenient = parsed(formatJunit(REPORT, { failOn: "critical" })).suites[0] as ParsedSuite;
    expect(
      lenient.cases
        .filter((c) => c.failure)
        .map((c) => c.classname.slice(0, 5))
        .sort(),
    ).toEqual(["WW102", "WW401"]);
    const never = parsed(formatJunit(REPORT, { failOn: "none" }));
    expect(never.root.failures).toBe("0");
    const strict = parsed(formatJunit(REPORT, { failOn: "info" }));
    expect(Number(strict.root.failures)).toBe(
      new Set(FINDINGS.map((f) => `${f.ruleId} ${f.location?.file ?? f.endpoint}`)).size,
    );
    // The CLI's default when no --fail-on reaches the formatter.
    expect(formatJunit(REPORT)).toBe(xml);
  });

  it("puts every finding of one rule and target in one failure", () => {
    const base = FINDINGS[1] as Finding;
    const two = makeReport([
      base,
      {
        ...base,
        message: "second one",
        location: { file: base.location?.file ?? "", line: 40, column: 1 },
        alias: "replica",
      },
    ]);
    const s = parsed(formatJunit(two)).suites[0] as ParsedSuite;
    const c = s.cases.filter((x) => x.classname.startsWith("WW101 "));
    expect(c).toHaveLength(1);
    expect(c[0]?.failure?.message).toBe(
      "database alias 'default' sets no sslmode | so libpq uses 'prefer' (and 1 more finding(s) of this rule here)",
    );
    expect(c[0]?.failure?.text).toContain(
      "second one\nlocation: shop/settings/base.py:40:1 (settings shop.settings.production, alias replica)",
    );
  });

  it("shows every rule the command checks that found nothing as a passing case named 'all'", () => {
    const clean = parsed(formatJunit(EMPTY)).suites[0] as ParsedSuite;
    expect(clean.cases.map((c) => c.classname.split(" ")[0])).toEqual(
      rulesCheckedBy("scan").map((r) => r.id),
    );
    expect(clean.cases.every((c) => c.name === "all" && !c.failure && c.systemOut === undefined)).toBe(true);
    const withFindings = new Set(FINDINGS.map((f) => f.ruleId));
    const all = suite.cases.filter((c) => c.name === "all").map((c) => c.classname.split(" ")[0]);
    expect(all).toEqual(
      rulesCheckedBy("scan")
        .map((r) => r.id)
        .filter((id) => !withFindings.has(id)),
    );
    // probe and prove list their own rules.
    const probe = parsed(formatJunit(makeReport([], { command: "probe" }))).suites[0] as ParsedSuite;
    expect(probe.attrs.name).toBe("wirewarden probe");
    expect(probe.cases.map((c) => c.classname.split(" ")[0])).toEqual(
      rulesCheckedBy("probe").map((r) => r.id),
    );
    const prove = parsed(formatJunit(makeReport([], { command: "prove" }))).suites[0] as ParsedSuite;
    expect(prove.cases.map((c) => c.classname.split(" ")[0])).toEqual([
      "WW601",
      "WW602",
      "WW603",
      "WW604",
      "WW605",
      "WW606",
      "WW607",
      "WW608",
      "WW600",
    ]);
  });

  it("carries the run's facts as suite properties, baseline included", () => {
    expect(suite.properties).toMatchObject({
      "wirewarden.version": "1.2.3",
      target: "examples/shop",
      "fail-on": "high",
      grade: "F",
      findings: String(FINDINGS.length),
      "findings.critical": "2",
    });
    const withBaseline = makeReport(FINDINGS, {
      baseline: { file: ".wirewarden-baseline.json", suppressed: 3 },
    });
    const s = parsed(formatJunit(withBaseline)).suites[0] as ParsedSuite;
    expect(s.properties).toMatchObject({ baseline: ".wirewarden-baseline.json", "baseline.suppressed": "3" });
  });

  it("escapes markup, quotes, CDATA ends and characters XML 1.0 cannot hold", () => {
    const nasty = "a <b> & \"c\" 'd' ]]> e\u0001f\u001fg\uFFFEh\uD800i\ttab";
    const base = FINDINGS[1] as Finding;
    const report = makeReport([
      {
        ...base,
        message: nasty,
        evidence: nasty,
        fix: nasty,
        location: { file: `x/${nasty}.py`, line: 3, column: 1 },
      },
    ]);
    const out = formatJunit(report);
    expect(out).not.toContain("]]>");
    const notXml = [...out].filter((ch) => {
      const c = ch.codePointAt(0) ?? 0;
      return (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffe || c === 0xffff;
    });
    expect(notXml).toEqual([]);
    const c = (parsed(out).suites[0] as ParsedSuite).cases[0];
    const shown = "a <b> & \"c\" 'd' ]]> e\\u0001f\\u001fg\\ufffeh\\ud800i\ttab";
    expect(c?.failure?.message).toBe(shown);
    expect(c?.name).toBe(`x/${shown}.py`);
    expect(c?.failure?.text).toContain(`evidence: ${shown}`);
    expect(xmlText("]]>")).toBe("]]&gt;");
    expect(xmlAttr('"\n')).toBe("&quot;&#10;");
  });

  it("never prints the secret", () => {
    expect(xml).not.toContain(SECRET);
    expect(xml).toContain("password=****");
    const probe = formatJunit(makeReport(FINDINGS, { target: `postgresql://probe:${SECRET}@db:26257` }));
    expect(probe).not.toContain(SECRET);
  });
});
