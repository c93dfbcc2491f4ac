import { describe, expect, it } from "vitest";
import { cell, code, formatMarkdown, MARKDOWN_BUDGET } from "../../src/report/markdown.js";
import { EMPTY, FINDINGS, makeReport, REPORT, SECRET } from "./fixture.js";

describe("formatMarkdown", () => {
  const md = formatMarkdown(REPORT);

  it("has a grade line, a counts table and a findings table, worst first", () => {
    const lines = md.split("\n");
    expect(lines[0]).toBe("## wirewarden scan: grade F (0/100)");
    expect(md).toContain("Target: `examples/shop` · wirewarden 1.2.3");
    expect(md).toContain(
      "| critical | high | medium | low | info |\n|---:|---:|---:|---:|---:|\n| 2 | 2 | 1 | 1 | 1 |",
    );
    expect(md).toContain(
      "| severity | rule | location | message |\n|---|---|---|---|\n| critical | WW102 db-tls-disabled |",
    );
    const rows = lines.filter((l) => /^\| (critical|high|medium|low|info) \| WW/.test(l));
    expect(rows.map((r) => r.split(" | ")[0]?.slice(2))).toEqual([
      "critical",
      "critical",
      "high",
      "high",
      "medium",
      "low",
      "info",
    ]);
  });

  it("shows the location with module and alias, and the fix under the message", () => {
    expect(md).toContain(
      "| high | WW101 db-tls-not-enforced | `shop/settings/base.py:12:5` (shop.settings.production, alias `default`) | " +
        "database alias 'default' sets no sslmode \\| so libpq uses 'prefer'<br>**Fix:** set OPTIONS\\['sslmode'\\] = 'verify-full' and OPTIONS\\['sslrootcert'\\] |",
    );
    expect(md).toContain(
      "| critical | WW401 endpoint-accepts-plaintext | `postgresql://probe:****@db.example.com:26257` |",
    );
  });

  it("escapes pipes and line breaks so that every row keeps four cells", () => {
    expect(md).toContain("sslmode is 'disable'<br>so every byte");
    for (const line of md.split("\n").filter((l) => l.startsWith("| ") && l.includes("WW"))) {
      expect(line.replace(/\\\|/g, "").split("|")).toHaveLength(6);
    }
  });

  it("escapes Markdown and HTML in scanned text", () => {
    expect(cell("a | b\nc")).toBe("a \\| b<br>c");
    expect(cell("<img src=x> [x](javascript:1) *b* `c`")).toBe(
      "\\<img src=x\\> \\[x\\](javascript:1) \\*b\\* \\`c\\`",
    );
    expect(code("a`b|c")).toBe("``a`b\\|c``");
  });

  it("says so when there is nothing", () => {
    const empty = formatMarkdown(EMPTY);
    expect(empty).toContain("## wirewarden scan: grade A (100/100)");
    expect(empty).toContain("\nNo findings.\n");
    expect(empty).not.toContain("| severity |");
  });

  it("stays under GitHub's comment size, saying how many rows were left out", () => {
    const base = FINDINGS[1];
    if (!base) throw new Error("fixture");
    const many = Array.from({ length: 2000 }, (_, i) => ({
      ...base,
      location: { file: "shop/settings/base.py", line: i + 1, column: 1 },
    }));
    const big = formatMarkdown(makeReport(many));
    expect(big.length).toBeLessThan(MARKDOWN_BUDGET + 200);
    expect(big).toMatch(/\n… and \d+ more finding\(s\) not shown here; see the JSON or SARIF report\.\n$/);
  });

  it("never prints the secret", () => {
    expect(md).not.toContain(SECRET);
    expect(md).toContain("password=\\*\\*\\*\\*");
  });
});
