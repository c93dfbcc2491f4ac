import { describe, expect, it } from "vitest";
import { CATALOG } from "../../src/core/catalog.js";
import { formatRulesJson, formatRulesMarkdown, formatRulesText } from "../../src/report/rules-list.js";

describe("rules listing", () => {
  it("text: a header and one aligned line per rule", () => {
    const lines = formatRulesText(CATALOG).trimEnd().split("\n");
    expect(lines).toHaveLength(CATALOG.length + 1);
    expect(lines[0]).toMatch(/^ID {5}NAME +SEVERITY +CWE +OWASP$/);
    expect(lines).toContain("WW000  not-analyzed                      info      -         -");
    expect(lines.find((l) => l.startsWith("WW101"))).toMatch(
      /^WW101 {2}db-tls-not-enforced +high +CWE-319 +API8:2023$/,
    );
    // Columns line up: every severity starts at the same offset.
    const col = lines[0]?.indexOf("SEVERITY");
    for (const [i, r] of CATALOG.entries()) expect(lines[i + 1]?.indexOf(r.severity, 7)).toBe(col);
  });

  it("json: the whole catalog, in order, with every field", () => {
    const rules = JSON.parse(formatRulesJson(CATALOG));
    expect(rules.map((r: { id: string }) => r.id)).toEqual(CATALOG.map((r) => r.id));
    expect(rules[0]).toEqual({ ...CATALOG[0] });
    expect(Object.keys(rules[1])).toEqual([
      "id",
      "name",
      "severity",
      "cwe",
      "owasp",
      "category",
      "description",
      "commands",
    ]);
    expect(rules.find((r: { id: string }) => r.id === "WW205").commands).toEqual(["scan", "probe"]);
  });

  it("markdown: a README table with id, name, severity, CWE, OWASP and description", () => {
    const md = formatRulesMarkdown(CATALOG);
    const lines = md.trimEnd().split("\n");
    expect(lines[0]).toBe("| id | name | severity | CWE | OWASP | description |");
    expect(lines[1]).toBe("|---|---|---|---|---|---|");
    expect(lines).toHaveLength(CATALOG.length + 2);
    expect(md).toContain(
      "| WW103 | db-cert-not-verified | high | CWE-295 | API8:2023 | effective sslmode is require (network host); the message names dj-database-url ssl_require=True when that is the cause |",
    );
    expect(md).toContain("| WW000 | not-analyzed | info | - | - |");
  });

  it("markdown: a pipe in a description does not open a column", () => {
    const [first] = CATALOG;
    if (!first) throw new Error("catalog");
    const md = formatRulesMarkdown([{ ...first, description: "a | b\nc" }]);
    expect(md).toContain("| a \\| b c |");
  });
});
