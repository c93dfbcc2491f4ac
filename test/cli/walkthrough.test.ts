/**
 * A new user's walkthrough (issue 20), end to end through the built command: a real-looking project (the bundled
 * shop plus a tests/ settings module and a docs/ example), a first scan that fails on everything, a configuration
 * that says what the team owns, `fix --write`, and a scan that passes the CI gate.
 */
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, spawnCli, tempDir } from "../helpers/cli.js";

const files = (stdout: string) =>
  [
    ...new Set(
      (JSON.parse(stdout) as { findings: { location?: { file: string } }[] }).findings.map(
        (f) => f.location?.file,
      ),
    ),
  ].filter(Boolean);

describe("a new user's walkthrough", () => {
  it("scan fails on tests and docs too; a config scopes it; fix --write; the gate passes", () => {
    const dir = join(tempDir("ww-walk-"), "shop");
    cpSync(join(REPO, "examples", "vulnerable-shop"), dir, { recursive: true });
    mkdirSync(join(dir, "tests"));
    mkdirSync(join(dir, "docs"));
    writeFileSync(
      join(dir, "tests", "settings.py"),
      `SECRET_KEY = "x"\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "ci-db.example.com", "OPTIONS": {"sslmode": "disable"}}}\n`,
    );
    writeFileSync(
      join(dir, "docs", "example_settings.py"),
      `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "PASSWORD": "changeme"}}\n`,
    );

    // 1. The first scan: exit 1, with findings in tests/ and docs/ among the production ones.
    const first = spawnCli(["scan", dir, "--format", "json"]);
    expect(first.code).toBe(1);
    expect(files(first.stdout)).toEqual(
      expect.arrayContaining(["tests/settings.py", "docs/example_settings.py"]),
    );

    // 2. The team's configuration: leave test code and docs out, gate on the database channel rules.
    writeFileSync(
      join(dir, "pyproject.toml"),
      `[project]\nname = "shop"\n\n[tool.wirewarden]\nexclude-tests = true\nexclude = ["docs/"]\nselect = ["WW1"]\nfail-on = "high"\n`,
    );
    const scoped = spawnCli(["scan", dir, "--format", "json"]);
    expect(scoped.code).toBe(1);
    expect(files(scoped.stdout)).toEqual(["shop/settings/production.py"]);
    expect(spawnCli(["config", dir]).stdout).toContain('select = ["WW1"]');

    // 3. fix --write makes both production aliases verify the server; the gate passes.
    const fixed = spawnCli(["fix", dir, "--root-cert", "/etc/ssl/certs/db-ca.pem", "--write", "-q"]);
    expect(fixed.code).toBe(0);
    const gate = spawnCli(["scan", dir, "--format", "json"]);
    expect(gate.code).toBe(0);
    const left = (JSON.parse(gate.stdout) as { findings: { ruleId: string; severity: string }[] }).findings;
    expect(left.every((f) => f.severity !== "critical" && f.severity !== "high")).toBe(true);
  });
});
