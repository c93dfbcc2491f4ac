import { describe, expect, it } from "vitest";
import { FORMATS, type Format, formatReport, isFormat } from "../../src/report/index.js";
import { formatJson } from "../../src/report/json.js";
import { formatJunit } from "../../src/report/junit.js";
import { formatMarkdown } from "../../src/report/markdown.js";
import { formatSarif } from "../../src/report/sarif.js";
import { formatText } from "../../src/report/text.js";
import { makeReport, REPORT, SECRET } from "./fixture.js";

describe("formatReport", () => {
  it("dispatches to each formatter", () => {
    // Other formats join the list as they are built; these must stay.
    expect(FORMATS).toEqual(expect.arrayContaining(["text", "json", "sarif", "markdown", "junit"]));
    expect(formatReport(REPORT, "text", { color: false, verbose: true })).toBe(
      formatText(REPORT, { color: false, verbose: true }),
    );
    expect(formatReport(REPORT, "json", { color: true })).toBe(formatJson(REPORT));
    expect(formatReport(REPORT, "sarif", { color: true })).toBe(formatSarif(REPORT));
    expect(formatReport(REPORT, "markdown", { color: true })).toBe(formatMarkdown(REPORT));
    // --fail-on reaches the formats that use it.
    expect(formatReport(REPORT, "junit", { color: false, failOn: "critical" })).toBe(
      formatJunit(REPORT, { failOn: "critical" }),
    );
    expect(formatReport(REPORT, "junit", { color: false })).toBe(formatJunit(REPORT, { failOn: "high" }));
    expect(formatReport(REPORT, "markdown", { color: false, failOn: "none" })).toBe(
      formatMarkdown(REPORT, { failOn: "none" }),
    );
    expect(formatReport(REPORT, "text")).not.toContain("\x1b[");
  });

  it("throws a clear error for a format it does not have", () => {
    for (const name of ["pdf", "toString", "__proto__"]) {
      expect(isFormat(name)).toBe(false);
      expect(() => formatReport(REPORT, name as Format, { color: false })).toThrow(
        `unsupported report format '${name}' (supported: ${FORMATS.join(", ")})`,
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
        // OpenMetrics carries no message, only the target's name as a label: masked where it held the secret.
        if (format !== "openmetrics" || report === probe) expect(out).toMatch(/\\?\*\\?\*\\?\*\\?\*/);
      }
    }
  });
});
