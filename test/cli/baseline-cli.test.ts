import { cpSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scanProject } from "../../src/engine/scan.js";
import { cli, REPO, spawnCli, tempDir } from "../helpers/cli.js";

const PASSWORD = "Crdb-Shop-2024!";

/** A private copy of the vulnerable shop, to edit. */
function shopCopy(): { dir: string; settings: string } {
  const dir = join(tempDir(), "shop");
  cpSync(join(REPO, "examples", "vulnerable-shop"), dir, { recursive: true });
  return { dir, settings: join(dir, "shop", "settings", "production.py") };
}

interface JsonFinding {
  ruleId: string;
  alias?: string;
  location?: { line: number };
}

describe("--write-baseline and --baseline (built CLI)", () => {
  it("accepts today's findings, then reports only new ones, whatever moved above them", () => {
    const { dir, settings } = shopCopy();
    const file = join(dir, "..", "baseline.json");
    const written = spawnCli(["scan", dir, "--write-baseline", file, "-f", "json"]);
    // Writing a baseline does not change the run: same report, same exit code.
    expect(written.code).toBe(1);
    const all = JSON.parse(written.stdout).findings as JsonFinding[];
    expect(all.length).toBeGreaterThan(20);
    expect(written.stderr).toContain(`wirewarden: baseline of ${all.length} finding(s)`);
    const text = readFileSync(file, "utf8");
    const baseline = JSON.parse(text);
    expect(baseline.version).toBe(1);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toMatch(/sslmode|DEBUG|message|evidence/);
    // Deterministic: the same tree gives the same file.
    const again = join(dir, "..", "again.json");
    expect(spawnCli(["scan", dir, "--write-baseline", again, "-q"]).code).toBe(1);
    expect(readFileSync(again, "utf8")).toBe(text);

    const clean = spawnCli(["scan", dir, "--baseline", file, "-f", "json"]);
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout)).toMatchObject({
      findings: [],
      summary: { grade: "A" },
      baseline: { file, suppressed: all.length },
    });
    expect(clean.stderr).toContain(`; ${all.length} finding(s) suppressed by the baseline`);
    const textReport = spawnCli(["scan", dir, "--baseline", file]);
    expect(textReport.code).toBe(0);
    expect(textReport.stdout).toContain(`${all.length} known findings suppressed by the baseline ${file}`);

    // Lines added at the top and in the middle move every finding; a new weak alias is the only new finding.
    const lines = readFileSync(settings, "utf8").split("\n");
    const at = lines.findIndex((l) => l.startsWith('DATABASES["replica"]["ENGINE"]'));
    lines.splice(
      at + 1,
      0,
      "# Reporting database, added later.",
      'DATABASES["reports"] = {"ENGINE": "django.db.backends.postgresql", "HOST": "reports.internal.example",',
      '                        "NAME": "reports", "OPTIONS": {"sslmode": "require"}}',
    );
    writeFileSync(
      settings,
      ["# Production settings.", '"""Docstring added above everything."""', ...lines].join("\n"),
    );
    const after = spawnCli(["scan", dir, "--baseline", file, "-f", "json"]);
    expect(after.code).toBe(1);
    const fresh = JSON.parse(after.stdout).findings as JsonFinding[];
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.every((f) => f.alias === "reports")).toBe(true);
    expect(fresh.map((f) => f.ruleId)).toContain("WW103");
    expect(JSON.parse(after.stdout).baseline.suppressed).toBe(all.length);
    // Without the baseline, the moved findings are all still there.
    const unfiltered = JSON.parse(spawnCli(["scan", dir, "-f", "json"]).stdout).findings as JsonFinding[];
    expect(unfiltered).toHaveLength(all.length + fresh.length);
  });

  it("brings a finding back when its line is edited", () => {
    const { dir, settings } = shopCopy();
    const file = join(dir, "..", "baseline.json");
    spawnCli(["scan", dir, "--write-baseline", file, "-q"]);
    writeFileSync(
      settings,
      readFileSync(settings, "utf8").replace('ALLOWED_HOSTS = ["*"]', 'ALLOWED_HOSTS = ["*", "shop"]'),
    );
    const r = spawnCli(["scan", dir, "--baseline", file, "-f", "json", "--fail-on", "medium"]);
    expect((JSON.parse(r.stdout).findings as JsonFinding[]).map((f) => f.ruleId)).toEqual(["WW307"]);
    expect(r.code).toBe(1);
  });

  it("is graded and formatted after the baseline: JUnit and SARIF show only new findings", () => {
    const { dir } = shopCopy();
    const file = join(dir, "..", "baseline.json");
    spawnCli(["scan", dir, "--write-baseline", file, "-q"]);
    const junit = spawnCli(["scan", dir, "--baseline", file, "-f", "junit"]);
    expect(junit.code).toBe(0);
    expect(junit.stdout).toMatch(/<testsuites name="wirewarden" tests="\d+" failures="0"/);
    expect(junit.stdout).toContain('<property name="baseline.suppressed" value="24"/>');
    const sarif = JSON.parse(spawnCli(["scan", dir, "--baseline", file, "-f", "sarif"]).stdout);
    expect(sarif.runs[0].results).toEqual([]);
  });

  it("gives SARIF results the same fingerprints the baseline records", () => {
    const { dir } = shopCopy();
    const file = join(dir, "..", "baseline.json");
    const sarif = JSON.parse(spawnCli(["scan", dir, "-f", "sarif", "--write-baseline", file, "-q"]).stdout);
    const prints = new Set(
      sarif.runs[0].results.map(
        (r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints["wirewarden/v2"],
      ),
    );
    const entries = JSON.parse(readFileSync(file, "utf8")).entries as { fingerprint: string }[];
    expect(new Set(entries.map((e) => e.fingerprint))).toEqual(prints);
  });

  it("ends with exit 2 and one line for a missing, non-JSON, other-version or oversized baseline", () => {
    const dir = tempDir();
    const files = {
      missing: join(dir, "nope.json"),
      notJson: join(dir, "not.json"),
      version: join(dir, "v2.json"),
      huge: join(dir, "huge.json"),
    };
    writeFileSync(files.notJson, "entries: [] # yaml, not JSON");
    writeFileSync(files.version, '{"version": 2, "tool": "wirewarden", "entries": []}');
    writeFileSync(files.huge, `{"version": 1, "entries": [], "pad": "${"x".repeat(10 * 1024 * 1024)}"}`);
    const cases: [string, RegExp][] = [
      [files.missing, /^wirewarden: cannot read --baseline .*nope\.json: ENOENT/],
      [files.notJson, /^wirewarden: --baseline .*not\.json is not JSON$/],
      [files.version, /^wirewarden: --baseline .*v2\.json has version 2; this wirewarden reads version 1/],
      [
        files.huge,
        /^wirewarden: cannot read --baseline .*huge\.json: file is 10\.0 MiB, over the 10\.0 MiB limit$/,
      ],
    ];
    for (const [file, message] of cases) {
      const r = spawnCli(["scan", join(REPO, "examples", "vulnerable-shop"), "--baseline", file]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(r.stderr.trimEnd()).toMatch(message);
    }
  });

  it("is read before probe and prove do any work", async () => {
    const missing = join(tempDir(), "missing.json");
    // 192.0.2.1 (TEST-NET-1) would time out: the bad baseline must end the run first.
    const probe = await cli(["probe", "192.0.2.1:26257", "--timeout", "60000", "--baseline", missing]);
    expect(probe.code).toBe(2);
    expect(probe.stderr).toMatch(/^wirewarden: cannot read --baseline /);
    const prove = await cli(["prove", "--dsn", "postgresql://app@db.internal/shop", "--baseline", missing]);
    expect(prove.code).toBe(2);
    expect(prove.stderr).toMatch(/^wirewarden: cannot read --baseline /);
    const written = await cli([
      "scan",
      join(REPO, "examples", "hardened-shop"),
      "--write-baseline",
      join(tempDir(), "x", "y.json"),
    ]);
    expect(written.code).toBe(2);
    expect(written.stderr).toMatch(/^wirewarden: cannot write --write-baseline /);
  });
});

describe("the lines a fingerprint may read: the scan's own, read once", () => {
  it("serves lines of regular files the walk read inside the root, and nothing else", async () => {
    const root = tempDir();
    const outside = tempDir();
    // A settings module, so that the scan has something to analyse.
    writeFileSync(join(root, "settings.py"), '\uFEFFDEBUG = False\r\nSECRET = "x"\n');
    writeFileSync(join(outside, "secret.py"), "outside\n");
    writeFileSync(join(root, "client.key"), "-----BEGIN PRIVATE KEY-----\n");
    symlinkSync(join(outside, "secret.py"), join(root, "link.py"));
    symlinkSync(outside, join(root, "linkdir"));
    const read = (await scanProject(root, { env: new Map(), settingsModule: "settings" })).sourceLine;
    expect(read("settings.py", 1)).toBe("DEBUG = False\r");
    expect(read("settings.py", 2)).toBe('SECRET = "x"');
    expect(read("settings.py", 9)).toBeUndefined();
    expect(read("link.py", 1)).toBeUndefined();
    expect(read("linkdir/secret.py", 1)).toBeUndefined();
    expect(read(`../${outside.split("/").pop()}/secret.py`, 1)).toBeUndefined();
    expect(read(join(outside, "secret.py"), 1)).toBeUndefined();
    expect(read("client.key", 1)).toBeUndefined();
    // Nor a file over the scan's size limit (the walk lists it and does not read it).
    writeFileSync(join(root, "big.py"), `X = "${"x".repeat(60)}"\n`);
    const limited = await scanProject(root, { env: new Map(), settingsModule: "settings", maxFileBytes: 40 });
    expect(limited.sourceLine("settings.py", 1)).toBe("DEBUG = False\r");
    expect(limited.sourceLine("big.py", 1)).toBeUndefined();
  });
});
