/**
 * prove as a new user runs it on the bundled shop (issue 20): no --settings, the production module found as scan
 * finds it; and a row let through never shows the attacker's own closing words ("password authentication failed")
 * as if they were the client's refusal.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, spawnCli } from "../helpers/cli.js";
import { requireDjango, SYSTEM_PYTHON } from "../helpers/python.js";

describe("prove on the bundled shop, without --settings", () => {
  it("finds shop.settings.production as scan does, and says what each let-through client gave", () => {
    requireDjango();
    const r = spawnCli(
      [
        "prove",
        join(REPO, "examples", "vulnerable-shop"),
        "--python",
        SYSTEM_PYTHON,
        "--format",
        "json",
        "--fail-on",
        "none",
      ],
      { env: { PYTHONPATH: join(REPO, "test", "harness", "shims") } },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("proving shop.settings.production, the production settings (shop/wsgi.py:5)");
    const attacks = (
      JSON.parse(r.stdout) as {
        attacks: { alias: string; attack: string; outcome: string; detail: string }[];
      }
    ).attacks;
    const through = attacks.filter((a) => a.outcome === "let-through");
    expect(through.length).toBeGreaterThan(0);
    for (const a of through) {
      expect(a.detail).toMatch(/^let through: /);
      expect(a.detail).not.toContain("password authentication failed");
    }
    expect(attacks.find((a) => a.alias === "default" && a.attack === "downgrade")?.detail).toMatch(
      /^let through: client sent its password in cleartext \(redacted, \d+ chars\)$/,
    );
  });
});
