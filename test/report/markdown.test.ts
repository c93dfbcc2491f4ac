import { describe, expect, it } from "vitest";
import { cell, code, formatMarkdown, MARKDOWN_BUDGET, OPEN_ROWS } from "../../src/report/markdown.js";
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

  it("puts the verdict for --fail-on under the counts, and the baseline when there is one", () => {
    const lines = md.split("\n");
    expect(lines.indexOf("**Fails** `--fail-on high`: 4 finding(s) at or above high.")).toBe(8);
    expect(formatMarkdown(REPORT, { failOn: "none" })).toContain(
      "\n`--fail-on none`: this run never fails.\n",
    );
    expect(formatMarkdown(EMPTY)).toContain("\n**Passes** `--fail-on high`: no finding at or above high.\n");
    const known = formatMarkdown(
      makeReport(FINDINGS, { baseline: { file: "ci/base|line.json", suppressed: 5 } }),
    );
    expect(known).toContain("\nBaseline `ci/base\\|line.json`: 5 known finding(s) suppressed.\n");
  });

  it("groups findings by severity: those CI fails on open, the rest collapsed", () => {
    expect(md).toContain("\n### critical (2)\n\n| severity | rule | location | message |\n");
    expect(md).toContain("\n### high (2)\n\n| severity |");
    expect(md).toContain(
      "\n<details><summary>medium: 1 finding(s), below --fail-on high</summary>\n\n| severity | rule | location | message |\n|---|---|---|---|\n| medium | WW110",
    );
    expect(md.match(/<details>/g)).toHaveLength(3);
    expect(md.match(/<\/details>/g)).toHaveLength(3);
    const strict = formatMarkdown(REPORT, { failOn: "low" });
    expect(strict).toContain("\n### medium (1)\n");
    expect(strict).toContain("\n### low (1)\n");
    expect(strict.match(/<details>/g)).toHaveLength(1);
    // A long list is collapsed even when CI fails on it.
    const base = FINDINGS[1];
    if (!base) throw new Error("fixture");
    const many = Array.from({ length: OPEN_ROWS + 1 }, (_, i) => ({
      ...base,
      location: { file: "shop/settings/base.py", line: i + 1, column: 1 },
    }));
    expect(formatMarkdown(makeReport(many))).toContain(
      `<details><summary>high: ${OPEN_ROWS + 1} finding(s)</summary>`,
    );
  });

  it("lets no finding text open or close HTML of its own", () => {
    const base = FINDINGS[1];
    if (!base) throw new Error("fixture");
    const hostile = formatMarkdown(
      makeReport([
        {
          ...base,
          severity: "low",
          message: "</details></summary><script>alert(1)</script> ``` | `x` &lt;",
          fix: "<img src=x onerror=alert(1)>",
          alias: "a`|b",
          location: { file: "x</details>.py", line: 2, column: 1 },
        },
      ]),
    );
    // Inside a code span `<` is literal text (the span's fence is longer than any backtick run inside).
    expect(hostile).toContain("| `x</details>.py:2:1` (shop.settings.production, alias ``a`\\|b``) |");
    const outsideCode = hostile.replace("`x</details>.py:2:1`", "");
    expect(outsideCode.match(/<\/?details>/g)).toEqual(["<details>", "</details>"]);
    expect(hostile).not.toMatch(/(?<!\\)<(script|img)/);
    expect(hostile.match(/<\/summary>/g)).toHaveLength(1);
    expect(hostile).toContain("\\<script\\>");
    expect(hostile).toContain("\\&lt;");
    const row = hostile.split("\n").find((l) => l.startsWith("| low |")) ?? "";
    expect(row.replace(/\\\|/g, "").split("|")).toHaveLength(6);
  });

  it("never prints the secret", () => {
    expect(md).not.toContain(SECRET);
    expect(md).toContain("password=\\*\\*\\*\\*");
  });
});
