import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, spawnCli, tempDir } from "../helpers/cli.js";

const GOOD_SETTINGS = `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com"}}\nSECRET_KEY = "x"\n`;

function project(): string {
  const dir = tempDir();
  mkdirSync(join(dir, "app"));
  writeFileSync(join(dir, "app", "__init__.py"), "");
  writeFileSync(join(dir, "app", "settings.py"), GOOD_SETTINGS);
  return dir;
}

async function scanJson(dir: string) {
  const r = await cli(["scan", dir, "--format", "json", "--fail-on", "none"]);
  return { ...r, report: r.stdout ? JSON.parse(r.stdout) : undefined };
}

const ww000 = (report: { findings: { ruleId: string; location?: { file: string }; message: string }[] }) =>
  report.findings.filter((f) => f.ruleId === "WW000").map((f) => `${f.location?.file}: ${f.message}`);

describe("bad input: each gives a clear WW000 and the rest is still scanned", () => {
  it("a syntax error in a settings module", async () => {
    const dir = project();
    writeFileSync(join(dir, "app", "other_settings.py"), "DEBUG = (\nDATABASES = {}\n");
    const { code, report } = await scanJson(dir);
    expect(code).toBe(0);
    expect(ww000(report)).toContain(
      "app/other_settings.py: not analyzed: syntax error: the module cannot be imported",
    );
    expect(report.findings.some((f: { ruleId: string }) => f.ruleId === "WW101")).toBe(true);
  });

  it("a file that is not UTF-8", async () => {
    const dir = project();
    writeFileSync(
      join(dir, "app", "latin1.py"),
      Buffer.from([0x44, 0x45, 0x42, 0x55, 0x47, 0x3d, 0xe9, 0xff, 0x0a]),
    );
    const { report } = await scanJson(dir);
    expect(ww000(report)).toContain("app/latin1.py: not analyzed: file is not valid UTF-8");
    expect(report.findings.some((f: { ruleId: string }) => f.ruleId === "WW101")).toBe(true);
  });

  it("a 50 MB file is not read", async () => {
    const dir = project();
    writeFileSync(join(dir, "app", "huge.py"), Buffer.alloc(50 * 1024 * 1024, "#"));
    const before = process.memoryUsage().rss;
    const { report } = await scanJson(dir);
    expect(ww000(report)).toContain("app/huge.py: not analyzed: file is 50.0 MiB, over the 1.0 MiB limit");
    expect(process.memoryUsage().rss - before).toBeLessThan(40 * 1024 * 1024);
  });

  it("a symlink loop and a link out of the tree are not followed", async () => {
    const dir = project();
    symlinkSync(dir, join(dir, "app", "loop"));
    symlinkSync("/etc/passwd", join(dir, "app", "escape.py"));
    const { code, report } = await scanJson(dir);
    expect(code).toBe(0);
    expect(ww000(report)).toContain("app/escape.py: not analyzed: symbolic link, not followed");
    expect(JSON.stringify(report)).not.toContain("root:x:0");
  });

  it("an unreadable file (scanned as an unprivileged user)", () => {
    const dir = project();
    chmodSync(dir, 0o755);
    for (const d of [join(dir, "app")]) chmodSync(d, 0o755);
    for (const f of ["__init__.py", "settings.py"]) chmodSync(join(dir, "app", f), 0o644);
    writeFileSync(join(dir, "app", "secret_settings.py"), GOOD_SETTINGS);
    chmodSync(join(dir, "app", "secret_settings.py"), 0o000);
    // As root every file is readable, so the scan runs as `nobody` (util-linux runuser).
    const r = spawnCli(["scan", dir, "--format", "json", "--fail-on", "none", "--quiet"], { user: "nobody" });
    expect(r.stderr).toBe("");
    const report = JSON.parse(r.stdout);
    expect(ww000(report)).toContain("app/secret_settings.py: not analyzed: cannot read: permission denied");
    expect(
      report.findings.some(
        (f: { ruleId: string; location?: { file: string } }) =>
          f.ruleId === "WW101" && f.location?.file === "app/settings.py",
      ),
    ).toBe(true);
  });

  it("an empty repository: nothing analysed is exit 2 with what was looked for, never a grade", async () => {
    const r = await cli(["scan", tempDir()]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("nothing analysed");
    expect(r.stderr).toContain("no Django settings module (looked for DJANGO_SETTINGS_MODULE");
    expect(r.stderr).not.toMatch(/grade|score/);
  });

  it("a repository whose only settings module cannot be parsed: exit 2 naming it", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "app"));
    writeFileSync(join(dir, "app", "settings.py"), 'DATABASES = {"default": {\nSECRET_KEY = "x"\n');
    const r = await cli(["scan", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("1 settings module(s) found, none could be evaluated");
    expect(r.stderr).toContain("app/settings.py:");
    expect(r.stderr).not.toMatch(/grade|score/);
  });
});

describe("exit 2 only when nothing could be scanned", () => {
  it("a missing path", async () => {
    const r = await cli(["scan", "/nonexistent/wirewarden"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^wirewarden: cannot scan \/nonexistent\/wirewarden: .*no such file/);
    expect(r.stderr).not.toContain("    at ");
  });

  it("a tree whose only file is unreadable", () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, "settings.py"), GOOD_SETTINGS);
    chmodSync(join(dir, "settings.py"), 0o000);
    const r = spawnCli(["scan", dir], { user: "nobody" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("nothing could be scanned");
  });

  it("a file given instead of a directory", async () => {
    const dir = project();
    const r = await cli(["scan", join(dir, "app", "settings.py")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("not a directory");
  });
});
