/**
 * wirewarden-django's checks against scan's verdicts (issue 19): every crosscheck fixture and both examples, scanned
 * with --runtime by Debian's Django 3.2 + psycopg2 (a stand-in for django_cockroachdb on PYTHONPATH), so that the
 * checks run inside the real Django on the same settings and the same environment. Where static evaluation gave a
 * verdict (not `unknown`) and the runtime could judge the alias, the two must agree on the sslmode rules: static
 * WW101–WW104 behind the verdict exactly when wirewarden.W101–W104 fire. The environment is the one static
 * evaluation used (the tree's .env PG* values included). A disagreement is a bug on one side, and the test names it.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RuntimeAlias } from "../../src/core/runtime-facts.js";
import { scanProject } from "../../src/engine/scan.js";
import { requireDjango, SYSTEM_PYTHON } from "../helpers/python.js";

const ROOT = join(import.meta.dirname, "..", "..");
const FIXTURES = join(ROOT, "test", "fixtures", "crosscheck");
const SHIMS = join(ROOT, "test", "harness", "shims");

const PROJECTS = [
  ...readdirSync(FIXTURES).map((f) => ({ name: `crosscheck/${f}`, dir: join(FIXTURES, f) })),
  { name: "examples/vulnerable-shop", dir: join(ROOT, "examples", "vulnerable-shop") },
  { name: "examples/hardened-shop", dir: join(ROOT, "examples", "hardened-shop") },
];

/**
 * The sslmode rules, on both sides: what makes a network alias `exposed` whatever the files. WW105/W105 (the root
 * certificate file) are left out of the comparison by design: static evaluation sees only the tree (a path outside
 * it is taken as present, ~/.postgresql/root.crt as unknown), the runtime sees the files of the machine it ran on.
 */
const STATIC_SSLMODE_RULES = new Set(["WW101", "WW102", "WW103", "WW104"]);
const EXPOSING = new Set(["wirewarden.W101", "wirewarden.W102", "wirewarden.W103", "wirewarden.W104"]);

const runtimeVerdict = (a: RuntimeAlias) =>
  (a.hosts ?? []).length === 0
    ? "verified"
    : (a.checks ?? []).some((c) => EXPOSING.has(c.id))
      ? "exposed"
      : "verified";

describe("wirewarden-django's checks agree with scan's verdicts", () => {
  it("on every crosscheck fixture and both examples, where both can judge an alias", async () => {
    requireDjango();
    const compared: string[] = [];
    const disagreements: string[] = [];
    for (const p of PROJECTS) {
      const result = await scanProject(p.dir, {
        env: new Map([
          ["PATH", process.env.PATH ?? ""],
          ["HOME", "/nonexistent-wirewarden-home"],
          ["PYTHONPATH", SHIMS],
        ]),
        runtime: { python: SYSTEM_PYTHON, timeoutMs: 60_000 },
      });
      const report = result.report;
      for (const m of report.runtime ?? []) {
        if (m.error) continue;
        for (const a of m.aliases) {
          if (!a.postgres || a.error) continue;
          const statics = (report.aliases ?? []).filter((s) => s.module === m.module && s.alias === a.alias);
          for (const s of statics) {
            // Several branches (an `if` on something unknown): the runtime took one of them.
            const verdicts = (s.branches ?? [s])
              .filter((b) => b.verdict !== "unknown")
              .map((b) =>
                b.hostClass !== "network" || !b.rules.some((r) => STATIC_SSLMODE_RULES.has(r))
                  ? "verified"
                  : "exposed",
              );
            if (verdicts.length === 0) continue;
            const key = `${p.name} ${m.module} ${a.alias}`;
            compared.push(key);
            if (!verdicts.includes(runtimeVerdict(a)))
              disagreements.push(
                `${key}: scan says ${[...new Set(verdicts)].join(" or ")}, runtime ${runtimeVerdict(a)} (${(a.checks ?? []).map((c) => c.id).join(", ") || "no checks"}; sslmode ${a.sslmode})`,
              );
          }
        }
      }
    }
    expect(disagreements).toEqual([]);
    // The comparison must have covered something on most projects.
    expect(compared.length).toBeGreaterThanOrEqual(30); // 38 when written
  }, 300_000);
});
