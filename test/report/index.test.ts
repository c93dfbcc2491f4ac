import { describe, expect, it } from "vitest";
import { FORMATS, type Format, formatReport, isFormat } from "../../src/report/index.js";
import { formatJson } from "../../src/report/json.js";
import { formatMarkdown } from "../../src/report/markdown.js";
import { formatSarif } from "../../src/report/sarif.js";
import { formatText } from "../../src/report/text.js";
import { makeReport, REPORT, SECRET } from "./fixture.js";

describe("formatReport", () => {
  it("dispatches to each formatter", () => {
    expect(FORMATS).toEqual(["text", "json", "sarif", "markdown"]);
    expect(formatReport(REPORT, "text", { color: false, verbose: true })).toBe(
      formatText(REPORT, { color: false, verbose: true }),
    );
    expect(formatReport(REPORT, "json", { color: true })).toBe(formatJson(REPORT));
    expect(formatReport(REPORT, "sarif", { color: true })).toBe(formatSarif(REPORT));
    expect(formatReport(REPORT, "markdown", { color: true })).toBe(formatMarkdown(REPORT));
    expect(formatReport(REPORT, "text")).not.toContain("\x1b[");
  });

  it("throws a clear error for a format it does not have", () => {
    for (const name of ["html", "junit", "toString", "__proto__"]) {
      expect(isFormat(name)).toBe(false);
      expect(() => formatReport(REPORT, name as Format, { color: false })).toThrow(
        `unsupported report format '${name}' (supported: text, json, sarif, markdown)`,
      );
    }
  });
});

describe("secrets", () => {
  const probe = makeReport(REPORT.findings, {
    command: "probe",
    target: `postgresql://probe:${SECRET}@db.example.com:26257`,
  });

  it.each(FORMATS)("never appear in %s, whatever the options", (format) => {
    for (const report of [REPORT, probe]) {
      for (const opts of [{ color: false }, { color: true, verbose: true }]) {
        const out = formatReport(report, format, opts);
        expect(out).not.toContain(SECRET);
        expect(out).toMatch(/\\?\*\\?\*\\?\*\\?\*/);
      }
    }
  });
});
