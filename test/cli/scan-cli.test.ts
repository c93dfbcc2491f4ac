import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOG } from "../../src/core/catalog.js";
import { BUILT_CLI, cli, spawnCli, tempDir } from "../helpers/cli.js";

const PASSWORD = "Sup3r-Secret-pw";

function shop(): string {
  const dir = tempDir();
  mkdirSync(join(dir, "shop", "settings"), { recursive: true });
  writeFileSync(
    join(dir, "manage.py"),
    'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.production")\n',
  );
  writeFileSync(join(dir, "shop", "__init__.py"), "");
  writeFileSync(join(dir, "shop", "settings", "__init__.py"), "");
  writeFileSync(
    join(dir, "shop", "settings", "base.py"),
    [
      "import os",
      "import dj_database_url",
      'SECRET_KEY = "x"',
      "DATABASES = {",
      '    "default": {"ENGINE": "django_cockroachdb", "HOST": "crdb.internal", "PORT": "26257",',
      `               "PASSWORD": "${PASSWORD}",`,
      '               "OPTIONS": {"sslmode": os.environ.get("DB_SSLMODE", "require")}},',
      `    "replica": dj_database_url.parse("postgres://app:${PASSWORD}@replica.internal/shop?sslmode=verify-full&sslrootcert=/etc/ca.crt"),`,
      "}",
    ].join("\n"),
  );
  writeFileSync(join(dir, "shop", "settings", "production.py"), "from .base import *\n");
  return dir;
}

describe("wirewarden scan: the command-line contract", () => {
  it("exits 1 on a high finding by default, 0 with --fail-on critical or none", async () => {
    const dir = shop();
    expect((await cli(["scan", dir])).code).toBe(1);
    expect((await cli(["scan", dir, "--fail-on", "critical"])).code).toBe(0);
    expect((await cli(["scan", dir, "--fail-on", "none"])).code).toBe(0);
  });

  it("judges the values an --env-file supplies", async () => {
    const dir = shop();
    const env = join(dir, "prod.env");
    writeFileSync(env, "DB_SSLMODE=verify-full\n");
    const before = JSON.parse((await cli(["scan", dir, "-f", "json", "--fail-on", "none"])).stdout);
    expect(before.findings.map((f: { ruleId: string }) => f.ruleId)).toContain("WW103");
    const after = JSON.parse(
      (await cli(["scan", dir, "-f", "json", "--env-file", env, "--fail-on", "none"])).stdout,
    );
    expect(after.findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain("WW103");
    expect((await cli(["scan", dir, "--env-file", join(dir, "missing.env")])).code).toBe(2);
  });

  it("writes --output and keeps a summary on stderr", async () => {
    const dir = shop();
    const out = join(dir, "report.sarif");
    const r = await cli(["scan", dir, "--format", "sarif", "-o", out, "--fail-on", "none"]);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /1 settings module\(s\), database aliases \d+ verified, \d+ exposed, \d+ unknown; \d+ finding\(s\).*grade [A-F]; report written to/,
    );
    expect(JSON.parse(readFileSync(out, "utf8")).version).toBe("2.1.0");
  });

  it("reports per settings module and alias with the production module found in manage.py", async () => {
    const report = JSON.parse((await cli(["scan", shop(), "-f", "json", "--fail-on", "none"])).stdout);
    const ww103 = report.findings.find((f: { ruleId: string }) => f.ruleId === "WW103");
    expect(ww103).toMatchObject({
      settingsModule: "shop.settings.production",
      alias: "default",
      location: { file: "shop/settings/base.py", line: 7 },
      cwe: "CWE-295",
      owasp: "API8:2023",
    });
    expect(report.summary.counts.high).toBeGreaterThan(0);
  });

  it("honours inline suppressions on the line or the line above", async () => {
    const dir = shop();
    const base = join(dir, "shop", "settings", "base.py");
    const text = readFileSync(base, "utf8").replace(
      '               "OPTIONS"',
      '               # wirewarden: ignore[WW103,WW107] CA rollout tracked in OPS-12\n               "OPTIONS"',
    );
    writeFileSync(base, text);
    const report = JSON.parse((await cli(["scan", dir, "-f", "json", "--fail-on", "none"])).stdout);
    const ids = report.findings.map((f: { ruleId: string }) => f.ruleId);
    expect(ids).not.toContain("WW103");
    expect(ids).not.toContain("WW107");
    expect(ids).toContain("WW110");
  });

  it("never prints a secret, in any format", async () => {
    const dir = shop();
    for (const format of ["text", "json", "sarif", "markdown"]) {
      const r = await cli(["scan", dir, "-f", format, "--fail-on", "none", "--verbose"]);
      expect(r.stdout + r.stderr, format).not.toContain(PASSWORD);
      expect(r.stdout.length).toBeGreaterThan(100);
    }
  });

  it("rejects bad flags with exit 2 and no stack trace", async () => {
    for (const argv of [
      ["scan", ".", "--fail-on", "urgent"],
      ["scan", ".", "--format", "pdf"],
      ["frobnicate"],
    ]) {
      const r = await cli(argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("--settings naming a module that does not exist: exit 2, no grade", async () => {
    const dir = shop();
    const r = await cli(["scan", dir, "-f", "json", "--settings", "shop.settings.nope", "--fail-on", "none"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("--settings shop.settings.nope: no such settings module");
    expect(r.stderr).toContain("shop.settings.production");
    expect(r.stderr).not.toMatch(/grade/);
  });
});

describe("a clean terminal", () => {
  it("a templated YAML key (an Ansible inventory's {{ host }}:) prints no Node.js warning", () => {
    const dir = tempDir("ww-yamlwarn-");
    mkdirSync(join(dir, "deploy"));
    writeFileSync(join(dir, "deploy", "inventory.yml"), "hosts:\n  {{ instance.hostname }}:\n    ip: 1\n");
    writeFileSync(join(dir, "settings.py"), "DATABASES = {}\n");
    const r = spawnCli(["scan", dir, "-q"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
  });
});

describe("wirewarden rules and help", () => {
  it("lists the catalog", async () => {
    const json = JSON.parse((await cli(["rules", "--format", "json"])).stdout);
    expect(json.map((r: { id: string }) => r.id)).toEqual(CATALOG.map((r) => r.id));
    expect((await cli(["rules"])).stdout).toContain("WW101  db-tls-not-enforced");
    const implemented = JSON.parse((await cli(["rules", "--format", "json", "--implemented"])).stdout);
    const ids = implemented.map((r: { id: string }) => r.id);
    expect(ids).toContain("WW310");
    expect(ids).toContain("WW410");
    expect(ids).toContain("WW507");
    expect(ids).toContain("WW201");
    // Every rule of the catalog is checked by some command now.
    expect(ids).toEqual(CATALOG.map((r) => r.id));
  });

  it("survives a reader that closes the pipe early", () => {
    const r = spawnSync("sh", ["-c", `"${process.execPath}" "${BUILT_CLI}" rules --help | head -1`], {
      encoding: "utf8",
    });
    expect(r.stdout).toContain("Usage: wirewarden rules");
    expect(r.stderr).toBe("");
  });

  it("the built binary prints help that teaches, and its version", () => {
    const help = spawnCli(["scan", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--env-file");
    expect(help.stdout).toContain("wirewarden: ignore[WW101]");
    const version = spawnCli(["--version"]).stdout;
    expect(version).toMatch(/^wirewarden \d+\.\d+\.\d+\nnode v\d+\.\d+\.\d+ \(/);
    expect(version).toContain(`node ${process.version} (${process.platform} ${process.arch})`);
    expect(version).toContain("wirewarden doctor");
  });
});
