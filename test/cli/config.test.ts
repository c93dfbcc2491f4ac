/**
 * The configuration file and the selection flags (issue 20), through the built command in a child process as a
 * team's CI runs it: `[tool.wirewarden]` in pyproject.toml or `.wirewarden.toml` found from the scanned path
 * upwards, every key checked, the command line winning, `wirewarden config` saying where each value came from.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { spawnCli, tempDir } from "../helpers/cli.js";
import { shopTree } from "../helpers/tree.js";

/** A shop whose production settings have a weak alias and a literal password, and a tests/ settings module. */
function project(extra: Record<string, string> = {}): string {
  return shopTree(
    tempDir("ww-config-"),
    `SECRET_KEY = "x"\nDEBUG = False\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "PASSWORD": "literal-pw", "OPTIONS": {"sslmode": "require"}}}\n`,
    {
      "tests/__init__.py": "",
      "tests/settings.py": `SECRET_KEY = "x"\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "ci-db.example.com", "OPTIONS": {"sslmode": "disable"}}}\n`,
      ...extra,
    },
  );
}

interface Json {
  findings: { ruleId: string; severity: string; location?: { file: string } }[];
  leftOut?: { byRule: number; byFile: number; bySeverity: number };
}

function scan(dir: string, args: string[] = []): { code: number; json: Json; stderr: string } {
  const r = spawnCli(["scan", dir, "--format", "json", ...args]);
  return { code: r.code, json: JSON.parse(r.stdout || "{}") as Json, stderr: r.stderr };
}

const ids = (j: Json) => [...new Set(j.findings.map((f) => f.ruleId))].sort();
const files = (j: Json) => [...new Set(j.findings.map((f) => f.location?.file).filter(Boolean))].sort();

describe("selection flags", () => {
  it("--exclude and --exclude-tests leave the tests/ settings out; without them its findings are there", () => {
    const dir = project();
    expect(files(scan(dir, ["--fail-on", "none"]).json)).toContain("tests/settings.py");
    expect(files(scan(dir, ["--fail-on", "none", "--exclude", "tests/"]).json)).not.toContain(
      "tests/settings.py",
    );
    expect(files(scan(dir, ["--fail-on", "none", "--exclude-tests"]).json)).not.toContain(
      "tests/settings.py",
    );
  });

  it("--select and --ignore by id or prefix; the most specific wins; the report says how many were left out", () => {
    const dir = project();
    const all = ids(scan(dir, ["--fail-on", "none"]).json);
    expect(all).toEqual(expect.arrayContaining(["WW103", "WW110"]));
    const only = scan(dir, ["--fail-on", "none", "--select", "WW1", "--ignore", "ww110"]).json;
    expect(ids(only).every((id) => id.startsWith("WW1") && id !== "WW110")).toBe(true);
    expect(ids(only)).toContain("WW103");
    expect(only.leftOut?.byRule).toBeGreaterThan(0);
  });

  it("--min-severity leaves lower findings out of the report, and --fail-on still counts them", () => {
    const dir = project();
    const r = scan(dir, ["--exclude-tests", "--min-severity", "critical", "--fail-on", "high"]);
    expect(r.json.findings.filter((f) => f.severity !== "critical")).toEqual([]);
    expect(r.json.leftOut?.bySeverity).toBeGreaterThan(0);
    expect(r.code).toBe(1); // WW103 (high) is hidden, not forgiven
    expect(r.stderr).toContain("below --min-severity (still counted by --fail-on)");
  });
});

describe("the configuration file", () => {
  it("[tool.wirewarden] in pyproject.toml, found from a subdirectory's scan upwards, applies every key", () => {
    const dir = project({
      "pyproject.toml": `[project]\nname = "shop"\n\n[tool.wirewarden]\nexclude-tests = true\nignore = ["WW110"]\nfail-on = "critical"\n\n[tool.wirewarden.per-file-ignores]\n"shop/settings.py" = ["WW3"]\n`,
    });
    const r = scan(dir);
    expect(files(r.json)).not.toContain("tests/settings.py");
    expect(ids(r.json)).not.toContain("WW110");
    expect(ids(r.json).some((id) => id.startsWith("WW3"))).toBe(false);
    expect(r.code).toBe(0); // fail-on critical from the file: the high WW103 does not fail
    // The command line wins.
    expect(scan(dir, ["--fail-on", "high"]).code).toBe(1);
    // Scanning a subdirectory finds the file above it.
    mkdirSync(join(dir, "sub"));
    writeFileSync(
      join(dir, "sub", "settings.py"),
      `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "PASSWORD": "literal-pw", "OPTIONS": {"sslmode": "verify-full", "sslrootcert": "/ca.pem"}}}\n`,
    );
    expect(ids(scan(join(dir, "sub"), ["--fail-on", "none"]).json)).not.toContain("WW110");
  });

  it(".wirewarden.toml (top-level keys) comes before pyproject.toml in the same directory; --config names another", () => {
    const dir = project({
      ".wirewarden.toml": `select = ["WW110"]\n`,
      "pyproject.toml": `[tool.wirewarden]\nignore = ["WW110"]\n`,
      "ci/strict.toml": `[tool.wirewarden]\nselect = ["WW103"]\n`,
    });
    expect(ids(scan(dir, ["--fail-on", "none"]).json)).toEqual(["WW110"]);
    expect(ids(scan(dir, ["--fail-on", "none", "--config", join(dir, "ci/strict.toml")]).json)).toEqual([
      "WW103",
    ]);
  });

  it("wirewarden config prints each value with its source, and the defaults", () => {
    const dir = project({
      "pyproject.toml": `[tool.wirewarden]\n\nexclude = ["docs/"]\nmin-severity = "low"\n`,
    });
    const r = spawnCli(["config", dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`# configuration file: ${join(dir, "pyproject.toml")}`);
    expect(r.stdout).toContain(`exclude = ["docs/"]  # ${join(dir, "pyproject.toml")}:3`);
    expect(r.stdout).toContain(`min-severity = "low"  # ${join(dir, "pyproject.toml")}:4`);
    expect(r.stdout).toContain(`fail-on = "high"  # default`);
    expect(r.stdout).toMatch(/^# select \(not set\): /m);
  });

  it.each([
    [`[tool.wirewarden]\nexclud = ["x"]\n`, /unknown key 'exclud' \(did you mean 'exclude'\?\)/],
    [`[tool.wirewarden]\nfail-on = "urgent"\n`, /'fail-on' must be critical\|high\|medium\|low\|info\|none/],
    [`[tool.wirewarden]\nselect = "WW1"\n`, /'select' must be a list of strings/],
    [`[tool.wirewarden]\nexclude = [\n`, /is not valid TOML/],
  ])("a broken file is a usage error that says what is wrong (%#)", (text, message) => {
    const dir = project({ "pyproject.toml": text });
    const r = spawnCli(["scan", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("--config naming a missing file, and an oversized file, are usage errors", () => {
    const dir = project();
    const missing = spawnCli(["scan", dir, "--config", join(dir, "nope.toml")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no such file");
    writeFileSync(join(dir, ".wirewarden.toml"), `# ${"x".repeat(1024 * 1024)}\n`);
    const big = spawnCli(["scan", dir]);
    expect(big.code).toBe(2);
    expect(big.stderr).toContain("too large for a configuration file");
  });
});

describe("inline suppressions", () => {
  const settings = `SECRET_KEY = "x"
DATABASES = {
    # wirewarden: ignore[WW103] the CA is pinned by the sidecar
    "default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "OPTIONS": {"sslmode": "require"}},
    "other": {"ENGINE": "django.db.backends.postgresql", "HOST": "db2.example.com", "OPTIONS": {"sslmode": "verify-full", "sslrootcert": "/ca.pem"}},  # wirewarden: ignore
}  # wirewarden: ignore[WW999,WW110]
`;

  it("count what they suppress; a bare mark and an unknown id are warnings; --report-unused-ignores lists the idle ones", () => {
    const dir = shopTree(tempDir("ww-inline-"), settings);
    const r = spawnCli(["scan", dir, "--format", "json", "--fail-on", "none", "--report-unused-ignores"]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as Json & {
      inlineSuppressions: {
        suppressed: number;
        problems: { line: number; message: string }[];
        unused: unknown[];
      };
    };
    expect(ids(json)).not.toContain("WW103");
    expect(json.inlineSuppressions.suppressed).toBe(1);
    expect(json.inlineSuppressions.problems.map((p) => p.line)).toEqual([5, 6]);
    expect(json.inlineSuppressions.unused).toEqual([
      { file: "shop/settings.py", line: 6, ids: ["WW999", "WW110"] },
    ]);
    expect(r.stderr).toContain(
      "shop/settings.py:5: `# wirewarden: ignore` names no rule, so it suppresses nothing",
    );
    expect(r.stderr).toContain("shop/settings.py:6: WW999 is not a wirewarden rule id");
    expect(r.stderr).toContain("shop/settings.py:6: # wirewarden: ignore[WW999,WW110] suppresses nothing");
    expect(r.stderr).toContain("; 1 suppressed inline");
    // Without the flag, the idle ones are not listed; the warnings are.
    const quietAboutUnused = spawnCli(["scan", dir, "--fail-on", "none"]);
    expect(quietAboutUnused.stderr).not.toContain("suppresses nothing (no such finding");
    expect(quietAboutUnused.stderr).toContain("WW999 is not a wirewarden rule id");
  });
});
