import { describe, expect, it } from "vitest";
import { formatText } from "../../src/report/text.js";
import { EMPTY, makeReport, REPORT, SECRET } from "./fixture.js";

const plain = formatText(REPORT, { color: false });
const ESC = String.fromCharCode(27);

describe("formatText", () => {
  it("starts with a header naming the tool, version, command and target", () => {
    expect(plain.split("\n")[0]).toBe("wirewarden 1.2.3: scan examples/shop");
  });

  it("groups by settings module, then alias, sorted by severity then location", () => {
    expect(plain).toContain(
      [
        "settings shop.settings.production",
        "  HIGH      WW301 debug-enabled  shop/settings/production.py:1:1",
        "    DEBUG is True in a production settings module",
        "    fix: DEBUG = False",
        "  database alias 'default'",
        "    HIGH      WW101 db-tls-not-enforced  shop/settings/base.py:12:5",
        "      database alias 'default' sets no sslmode | so libpq uses 'prefer'",
        "      evidence: effective sslmode prefer; url postgresql://app:****@db.example.com:26257/shop",
        "      fix: set OPTIONS['sslmode'] = 'verify-full' and OPTIONS['sslrootcert']",
        "    MEDIUM    WW110 db-password-in-source  shop/settings/base.py:15:9",
      ].join("\n"),
    );
    // 'default' comes before other aliases; a second module follows the first.
    expect(plain.indexOf("  database alias 'default'")).toBeLessThan(
      plain.indexOf("  database alias 'replica'"),
    );
    expect(plain.indexOf("settings shop.settings.production")).toBeLessThan(
      plain.indexOf("settings shop.settings.staging"),
    );
  });

  it("indents the continuation lines of a multi-line message", () => {
    expect(plain).toContain(
      "    CRITICAL  WW102 db-tls-disabled  shop/settings/production.py:3:1\n" +
        "      sslmode is 'disable'\n" +
        "      so every byte, the password included, crosses the network in plaintext\n",
    );
  });

  it("groups live findings by endpoint and puts findings of no module under 'other files', last", () => {
    expect(plain).toContain(
      "endpoint postgresql://probe:****@db.example.com:26257\n" +
        "  CRITICAL  WW401 endpoint-accepts-plaintext  postgresql://probe:****@db.example.com:26257\n" +
        "    plaintext startup answered with an authentication request\n",
    );
    expect(plain).toContain("other files\n  INFO      WW000 not-analyzed  tools/other.py:1:1\n");
    expect(plain.indexOf("other files")).toBeGreaterThan(plain.indexOf("endpoint postgresql"));
  });

  it("sorts findings inside a group by severity, then file and line", () => {
    const f = REPORT.findings[1];
    if (!f) throw new Error("fixture");
    const low = { ...f, severity: "low" as const, location: { file: "a.py", line: 1, column: 1 } };
    const high2 = { ...f, location: { file: "b.py", line: 9, column: 1 } };
    const high1 = { ...f, location: { file: "b.py", line: 2, column: 1 } };
    const text = formatText(makeReport([low, high2, high1]), { color: false });
    const order = ["b.py:2:1", "b.py:9:1", "a.py:1:1"].map((p) => text.indexOf(p));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("ends with counts per severity and the score and grade", () => {
    expect(
      plain.endsWith("7 findings: critical 2, high 2, medium 1, low 1, info 1\nscore 0/100, grade F\n"),
    ).toBe(true);
  });

  it("adds CWE and OWASP with verbose", () => {
    expect(plain).not.toContain("CWE-319, API8:2023");
    expect(formatText(REPORT, { color: false, verbose: true })).toContain(
      "      fix: use sslmode=verify-full\n      CWE-319, API8:2023\n",
    );
  });

  it("colours only when asked", () => {
    expect(plain).not.toContain("\x1b[");
    const coloured = formatText(REPORT, { color: true });
    expect(coloured).toContain("\x1b[");
    expect(coloured.replace(new RegExp(`${ESC}\\[[0-9;]*m`, "g"), "")).toBe(plain);
  });

  it("says so clearly when there is nothing", () => {
    const text = formatText(EMPTY, { color: false });
    expect(text).toContain("\nNo findings.\n");
    expect(
      text.endsWith("0 findings: critical 0, high 0, medium 0, low 0, info 0\nscore 100/100, grade A\n"),
    ).toBe(true);
  });

  it("never prints the secret", () => {
    expect(formatText(REPORT, { color: true, verbose: true })).not.toContain(SECRET);
  });

  it("lines up prove's attack table whatever the attack's and the outcome's length", () => {
    const text = formatText(
      makeReport([], {
        command: "prove",
        attacks: [
          { alias: "default", attack: "strip", outcome: "refused", detail: "server does not support SSL" },
          { alias: "default", attack: "binding-downgrade", outcome: "not-run", detail: "no channel binding" },
          { alias: "default", attack: "downgrade", outcome: "let-through", detail: "password sent" },
        ],
      }),
      { color: false },
    );
    const rows = text.split("\n").filter((l) => l.startsWith("  default "));
    expect(rows).toHaveLength(3);
    const detailAt = rows.map((r) => r.search(/server does not|no channel|password sent/));
    expect(new Set(detailAt).size).toBe(1);
    expect(rows[1]).toContain("binding-downgrade not run");
  });
});
