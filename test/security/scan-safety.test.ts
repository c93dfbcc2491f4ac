/**
 * Scan safety: `scan` (and `fix`, which reads the tree the same way) treats the repository as hostile. It follows no
 * symbolic link out of the scanned root, reads no file over its size limit, never runs the project's code (nor any
 * interpreter or build tool), and never opens a key file — only its mode is looked at.
 * (`prove` runs the project's own Django by design: what its start-up code may reach is prove-startup.test.ts.)
 */

import { spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  closeSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "../../src/core/files.js";
import { scanProject } from "../../src/engine/scan.js";
import { blankCommentLines } from "../../src/python/parser.js";
import { FORMATS } from "../../src/report/index.js";
import { type CliResult, cli, spawnCli } from "../helpers/cli.js";
import { pooled, runCliProcess } from "../helpers/cli-process.js";

interface Finding {
  ruleId: string;
  message: string;
  evidence?: string;
  location?: { file: string; line: number };
  settingsModule?: string;
  alias?: string;
}

let work: string;

function write(root: string, files: Record<string, string>): void {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
}

/**
 * A scan as a process of its own, killed after a deadline: for trees with link loops (a walk that followed one
 * would never end, and inside the test process nothing could stop it) and for runs with a doctored PATH.
 */
async function scan(dir: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  return runCliProcess(["scan", dir, ...args], { timeoutMs: 20_000, ...opts });
}

async function scanJson(dir: string, extra: string[] = []): Promise<{ r: CliResult; findings: Finding[] }> {
  const r = await cli(["scan", dir, "--format", "json", "--fail-on", "none", ...extra]);
  if (r.code !== 0) throw new Error(`scan exited ${r.code}: ${r.stderr}`);
  return { r, findings: JSON.parse(r.stdout).findings };
}

/** Every report format of `scan` (FORMATS, so a new format is covered), plus --verbose text; stdout and stderr. */
async function everyOutput(dir: string, extra: string[] = []): Promise<string> {
  const runs = await Promise.all([
    ...FORMATS.map((f) => cli(["scan", dir, "--format", f, "--fail-on", "none", ...extra])),
    cli(["scan", dir, "--verbose", "--fail-on", "none", ...extra]),
  ]);
  for (const r of runs) expect(r.code, r.stderr).toBe(0);
  return runs.map((r) => r.stdout + r.stderr).join("\n");
}

const ids = (findings: readonly Finding[]) => findings.map((f) => f.ruleId);

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "wirewarden-scan-safety-"));
  chmodSync(work, 0o755);
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("no symbolic link is followed out of the scanned root", () => {
  const OUTSIDE_MARK = "OutsideTheRootMk71x";
  // The root's own settings: one weakness (require → WW103) so that `fix --write` has something to write.
  const ROOT_SETTINGS = `DEBUG = False
SECURE_SSL_REDIRECT = True
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "db.example.com",
        "OPTIONS": {"sslmode": "require"},
    }
}
try:
    from .local_settings import *
except ImportError:
    pass
`;
  const WEAK_SETTINGS = `# ${OUTSIDE_MARK}
DEBUG = True
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "evil.example.com",
        "PASSWORD": "${OUTSIDE_MARK}-pw",
        "OPTIONS": {"sslmode": "disable"},
    }
}
`;
  let outside: string;
  let plain: string;
  let linked: string;
  let loops: string;

  const snapshot = (dir: string) =>
    readdirSync(dir, { recursive: true, encoding: "utf8" })
      .sort()
      .map((p) => {
        const st = statSync(join(dir, p));
        return `${p} ${st.mtimeMs} ${st.isFile() ? readFileSync(join(dir, p), "utf8") : "dir"}`;
      });

  /**
   * The same project three times: as is; with links (absolute and relative) into `outside` — settings modules, a
   * settings package, a deploy directory, .env, compose, a key and a compose env_file — and with link loops.
   */
  beforeAll(() => {
    outside = join(work, "outside");
    write(outside, {
      "settings.py": WEAK_SETTINGS,
      "pkg/__init__.py": "",
      "pkg/production.py": WEAK_SETTINGS,
      ".env": `PGSSLMODE=disable\nDATABASE_URL=postgres://u:${OUTSIDE_MARK}@evil.example.com/db?sslmode=disable\n`,
      "secrets.env": `PGSSLMODE=disable\nDB_PASSWORD=${OUTSIDE_MARK}\n`,
      "compose.yml": `services:\n  crdb:\n    image: cockroachdb/cockroach\n    command: start-single-node --insecure # ${OUTSIDE_MARK}\n`,
      "deploy/Dockerfile": `FROM python:3.11\nENV PGSSLMODE=disable\n# ${OUTSIDE_MARK}\nCMD ["gunicorn", "shop.wsgi"]\n`,
      "deploy/k8s.yaml": `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  PGSSLMODE: disable\n  NOTE: ${OUTSIDE_MARK}\n`,
      "client.key": `-----BEGIN PRIVATE KEY-----\n${OUTSIDE_MARK}\n-----END PRIVATE KEY-----\n`,
    });
    chmodSync(join(outside, "client.key"), 0o644);
    const project = {
      "manage.py": `import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n`,
      "shop/__init__.py": "",
      "shop/settings.py": ROOT_SETTINGS,
      // A real compose file whose env_file names a link and paths out of the root: none of them is read.
      "docker-compose.yml": `services:
  web:
    image: shop
    command: gunicorn shop.wsgi
    env_file:
      - linked.env
      - ../outside/secrets.env
      - ${join(outside, "secrets.env")}
`,
    };
    plain = join(work, "plain");
    linked = join(work, "linked");
    loops = join(work, "loops");
    for (const d of [plain, linked, loops]) write(d, project);
    symlinkSync(join(outside, "settings.py"), join(linked, "shop", "production.py"));
    symlinkSync("../../outside/settings.py", join(linked, "shop", "local_settings.py"));
    symlinkSync(join(outside, ".env"), join(linked, ".env"));
    symlinkSync(join(outside, "secrets.env"), join(linked, "linked.env"));
    symlinkSync(join(outside, "compose.yml"), join(linked, "compose.yaml"));
    symlinkSync(join(outside, "client.key"), join(linked, "client.key"));
    symlinkSync(join(outside, "pkg"), join(linked, "shop", "envs"));
    symlinkSync("../outside/deploy", join(linked, "deploy"));
    // Loops (their own tree, scanned only by processes with a deadline): the root itself, a parent, a link to
    // itself, two links to each other.
    symlinkSync(loops, join(loops, "loop"));
    mkdirSync(join(loops, "a"));
    symlinkSync("..", join(loops, "a", "up"));
    symlinkSync("self.py", join(loops, "self.py"));
    symlinkSync("ping.py", join(loops, "pong.py"));
    symlinkSync("pong.py", join(loops, "ping.py"));
  });

  it("links change no finding: the scan equals the scan of the same tree without them, plus a WW000 per link", async () => {
    const before = (await scanJson(plain)).findings;
    expect(ids(before)).toContain("WW103"); // the root's own settings are judged
    const { findings } = await scanJson(linked);
    const notFollowed = findings.filter((f) => f.ruleId === "WW000" && /symbolic link/.test(f.message));
    expect(notFollowed.map((f) => f.location?.file).sort()).toEqual(
      [
        ".env",
        "client.key",
        "compose.yaml",
        "linked.env",
        "shop/local_settings.py",
        "shop/production.py",
      ].sort(),
    );
    expect(findings.filter((f) => !notFollowed.includes(f))).toEqual(before);
    // Nothing of the outside was judged: no weak sslmode, DEBUG, --insecure, PGSSLMODE, password or exposed key.
    for (const id of ["WW102", "WW112", "WW201", "WW301", "WW110", "WW111"])
      expect(ids(findings)).not.toContain(id);
    expect(findings.some((f) => /envs|production|local_settings/.test(f.settingsModule ?? ""))).toBe(false);
  });

  it("no content from beyond a link in any format, --verbose, stderr, or --write-baseline", async () => {
    const baseline = join(work, "linked-baseline.json");
    const text = await everyOutput(linked, ["--write-baseline", baseline]);
    expect(text).toContain("symbolic link, not followed");
    expect(text).not.toContain(OUTSIDE_MARK);
    expect(text).not.toContain("evil.example.com");
    // Fingerprints hash source lines: a link's line is never read, so changing what it points to changes nothing.
    const first = readFileSync(baseline, "utf8");
    writeFileSync(join(outside, "settings.py"), `# changed\n${WEAK_SETTINGS}`);
    writeFileSync(join(outside, ".env"), "# changed\nPGSSLMODE=allow\n");
    await cli(["scan", linked, "--write-baseline", baseline, "--quiet", "--fail-on", "none"]);
    expect(readFileSync(baseline, "utf8")).toBe(first);
  });

  it("fix reads the same tree: nothing beyond a link is planned, and --write changes nothing outside", async () => {
    const outsideBefore = snapshot(outside);
    const diff = await cli(["fix", linked]);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain("+++ b/shop/settings.py");
    expect(diff.stdout + diff.stderr).not.toContain(OUTSIDE_MARK);
    expect(diff.stdout + diff.stderr).not.toMatch(/production|local_settings|envs\//);
    const copy = join(work, "linked-copy");
    cpSync(linked, copy, { recursive: true, verbatimSymlinks: true });
    const written = await cli(["fix", copy, "--write"]);
    expect(written.code).toBe(0);
    expect(readFileSync(join(copy, "shop", "settings.py"), "utf8")).toContain('"sslmode": "verify-full"');
    expect(snapshot(outside)).toEqual(outsideBefore);
  });

  it("link loops do not hang scan or fix: each ends in time, with the loops reported and nothing else changed", async () => {
    const start = performance.now();
    const [scanned, fixed] = await Promise.all([
      scan(loops, ["--format", "json", "--fail-on", "none"]),
      runCliProcess(["fix", loops], { timeoutMs: 20_000 }),
    ]);
    expect(performance.now() - start).toBeLessThan(15_000);
    expect(scanned.code, scanned.stderr).toBe(0);
    expect(fixed.code, fixed.stderr).toBe(1);
    const findings: Finding[] = JSON.parse(scanned.stdout).findings;
    const notFollowed = findings.filter((f) => f.ruleId === "WW000" && /symbolic link/.test(f.message));
    expect(notFollowed.map((f) => f.location?.file).sort()).toEqual(["ping.py", "pong.py", "self.py"]);
    expect(findings.filter((f) => !notFollowed.includes(f))).toEqual((await scanJson(plain)).findings);
  });
});

describe("no file over the size limit is read", () => {
  const LIMIT = DEFAULT_LIMITS.maxFileBytes;
  const BEYOND = "BeyondTheLimitMk72x";
  let dir: string;

  /** `head`, then comment padding to 1.5 MiB, then `tail`, then padding to 2 MiB: valid Python or YAML or env. */
  function oversized(head: string, tail: string): string {
    const pad = (n: number) => "# padding\n".repeat(Math.ceil(n / 10)).slice(0, n);
    const first = head + pad(1.5 * 1024 * 1024 - head.length);
    const body = `${first}\n${tail}\n`;
    return body + pad(2 * 1024 * 1024 - body.length);
  }

  beforeAll(() => {
    dir = join(work, "big");
    write(dir, {
      "manage.py": `import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n`,
      "shop/__init__.py": "",
      "shop/settings.py": oversized(
        `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "OPTIONS": {"sslmode": "verify-full", "sslrootcert": "/ca.crt"}}}\n`,
        `DATABASES["default"]["OPTIONS"] = {"sslmode": "disable"}  # ${BEYOND}\nDEBUG = True\nPASSWORD = "${BEYOND}"`,
      ),
      // A readable settings module beside the oversized one, so that something is analysed (else: exit 2).
      "shop/settings_ci.py":
        'SECRET_KEY = "x"\nDATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3"}}\n',
      "docker-compose.yml": `services:\n  web:\n    image: shop\n    command: gunicorn shop.wsgi\n    env_file: [big.env]\n`,
      "big.env": oversized(
        "DJANGO_SETTINGS_MODULE=shop.settings\n",
        `PGSSLMODE=disable\nDB_PASSWORD=${BEYOND}`,
      ),
      "deploy/compose.yaml": oversized(
        "services:\n  crdb:\n    image: cockroachdb/cockroach\n",
        `    command: start-single-node --insecure  # ${BEYOND}`,
      ),
    });
    // A sparse 4 GiB settings module: reading it would fail (or take all memory); the limit must come first.
    const huge = join(dir, "shop", "huge_settings.py");
    const fd = openSync(huge, "w");
    writeSync(fd, `DEBUG = True  # ${BEYOND}\n`);
    closeSync(fd);
    truncateSync(huge, 4 * 1024 ** 3);
  });

  it("a 2 MiB settings.py with sslmode=disable after 1.5 MiB is a WW000 'over the limit', not judged", async () => {
    expect(statSync(join(dir, "shop", "settings.py")).size).toBe(2 * 1024 * 1024);
    expect(LIMIT).toBeLessThan(1.5 * 1024 * 1024);
    const { findings } = await scanJson(dir);
    const over = findings.filter((f) => f.ruleId === "WW000" && /over the 1\.0 MiB limit/.test(f.message));
    expect(over.map((f) => `${f.location?.file}: ${f.message}`).sort()).toEqual([
      "big.env: not analyzed: file is 2.0 MiB, over the 1.0 MiB limit",
      "deploy/compose.yaml: not analyzed: file is 2.0 MiB, over the 1.0 MiB limit",
      "shop/huge_settings.py: not analyzed: file is 4096.0 MiB, over the 1.0 MiB limit",
      "shop/settings.py: not analyzed: file is 2.0 MiB, over the 1.0 MiB limit",
    ]);
    // Nothing it holds was judged: no weak sslmode, DEBUG, --insecure, PGSSLMODE or password finding.
    for (const id of ["WW101", "WW102", "WW112", "WW201", "WW301", "WW110"])
      expect(ids(findings)).not.toContain(id);
    expect(findings.filter((f) => f.location?.file === "shop/settings.py").map((f) => f.ruleId)).toEqual([
      "WW000",
    ]);
  });

  it("alone, the oversized production module is nothing analysed: exit 2 naming the limit, contents never shown", async () => {
    const alone = join(work, "big-alone");
    write(alone, {
      "manage.py": `import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n`,
      "shop/__init__.py": "",
    });
    writeFileSync(join(alone, "shop", "settings.py"), readFileSync(join(dir, "shop", "settings.py")));
    const r = await cli(["scan", alone, "--format", "json"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("shop/settings.py:1: file is 2.0 MiB, over the 1.0 MiB limit");
    expect(r.stderr).not.toContain(BEYOND);
    expect(r.stderr).not.toMatch(/grade/);
  });

  it("the same in every format and with --verbose: the limit is named, the contents never shown", async () => {
    const text = await everyOutput(dir);
    expect(text).toContain("over the 1.0 MiB limit");
    expect(text).not.toContain(BEYOND);
    const verbose = await cli(["scan", dir, "--verbose", "--fail-on", "none"]);
    expect(verbose.stdout).toMatch(
      /WW000 .*shop\/settings\.py[\s\S]*file is 2\.0 MiB, over the 1\.0 MiB limit/,
    );
    expect(verbose.stdout).not.toContain("disable");
  });
});

describe("hostile content within the limits ends in time", () => {
  it("a 1 MiB settings module that is mostly comment lines: scanned in seconds and still judged", async () => {
    const dir = join(work, "comments");
    const code = `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com",
    "OPTIONS": {"sslmode": "disable"}}}
if DATABASES:
    DEBUG = True
${"    # an indented comment run inside a block\n".repeat(2_000)}    ALLOWED_HOSTS = ["*"]
`;
    // tree-sitter-python's scanner looks ahead over every comment line at each newline: O(n²) in a comment run
    // (10,000 trailing comment lines took 11 s, this file would take hours) unless comment lines reach it blank.
    const body = `${code}${"# a comment line at the end of the module\n".repeat((DEFAULT_LIMITS.maxFileBytes - code.length - 1024) / 42)}`;
    expect(body.length).toBeLessThan(DEFAULT_LIMITS.maxFileBytes);
    write(dir, { "shop/__init__.py": "", "shop/settings.py": body });
    const start = performance.now();
    const r = await scan(dir, ["--format", "json", "--fail-on", "none"]);
    expect(performance.now() - start).toBeLessThan(10_000);
    expect(r.code, r.stderr).toBe(0);
    expect(ids(JSON.parse(r.stdout).findings)).toEqual(expect.arrayContaining(["WW102", "WW301", "WW307"]));
  });

  it("comment lines reach the parser blank, same length; code, trailing comments and strings are untouched", () => {
    const text = [
      "# top",
      "X = 1  # trailing",
      "   \t# indented",
      'Y = """',
      "# inside a string",
      '"""',
      "Z = '# not a comment' \\",
      "",
      'W = "a\\"# still a string"',
      "\t# last\r",
      "",
    ].join("\n");
    const blanked = blankCommentLines(text);
    expect(blanked.length).toBe(text.length);
    expect(blanked.split("\n")).toEqual([
      "     ",
      "X = 1  # trailing",
      "   \t          ",
      'Y = """',
      "# inside a string",
      '"""',
      "Z = '# not a comment' \\",
      "",
      'W = "a\\"# still a string"',
      "\t      \r",
      "",
    ]);
    expect(blankCommentLines("x = 1\n")).toBe("x = 1\n");
  });
});

describe("no project code runs", () => {
  let dir: string;
  let markers: string;
  let fakeBin: string;

  /** A file that, if it exists after the run, proves that something executed `what`. */
  const mark = (what: string) => join(markers, what);

  beforeAll(() => {
    dir = join(work, "exec");
    markers = join(work, "markers");
    fakeBin = join(work, "fakebin");
    mkdirSync(markers);
    mkdirSync(fakeBin);
    // Any interpreter or tool the scan might be tempted to start, first on PATH: each leaves a marker.
    for (const tool of [
      "python",
      "python3",
      "make",
      "docker",
      "cockroach",
      "psql",
      "gunicorn",
      "django-admin",
    ]) {
      writeFileSync(join(fakeBin, tool), `#!/bin/sh\ntouch '${mark(`path-${tool}`)}'\n`);
      chmodSync(join(fakeBin, tool), 0o755);
    }
    const touch = (name: string) => `open(${JSON.stringify(mark(name))}, "w").close()`;
    write(dir, {
      "manage.py": `import os\n${touch("manage.py")}\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n`,
      "conftest.py": `${touch("conftest.py")}\n`,
      "sitecustomize.py": `${touch("sitecustomize.py")}\n`,
      "usercustomize.py": `${touch("usercustomize.py")}\n`,
      "shop/sitecustomize.py": `${touch("shop-sitecustomize.py")}\n`,
      "evil.pth": `import os; os.system("touch '${mark("pth")}'")\n`,
      "lib/python3.11/site-packages/evil.pth": `import os; os.system("touch '${mark("site-pth")}'")\n`,
      "setup.py": `${touch("setup.py")}\n`,
      Makefile: `X := $(shell touch '${mark("makefile-shell")}')\nall:\n\ttouch '${mark("makefile-recipe")}'\n`,
      "scripts/start.sh": `#!/bin/sh\ntouch '${mark("script")}'\ncockroach start-single-node --insecure\n`,
      Dockerfile: `FROM python:3.11\nRUN touch '${mark("dockerfile")}'\nCMD ["gunicorn", "shop.wsgi"]\n`,
      "shop/__init__.py": `${touch("package-init")}\n`,
      "shop/evil.py": `import os\nos.system("touch '${mark("imported-module")}'")\n`,
      "shop/wsgi.py": `import os\n${touch("wsgi.py")}\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n`,
      "shop/settings.py": `import importlib
import os
import subprocess

os.system("touch '${mark("os-system")}'")
subprocess.run(["touch", "${mark("subprocess-run")}"])
subprocess.Popen("touch '${mark("popen-shell")}'", shell=True)
open("${mark("open-write")}", "w").write("x")
__import__("os").system("touch '${mark("dunder-import")}'")
exec("open('${mark("exec")}', 'w').close()")
eval(compile("open('${mark("eval")}', 'w').close()", "<x>", "exec"))
importlib.import_module("shop.evil")
from .evil import *


def _at_import():
    ${touch("function-call")}
    return "disable"


class _Body:
    ${touch("class-body")}


@(lambda f: (${touch("decorator")}, f)[1])
def _decorated():
    pass


_at_import()
DEBUG = True
ALLOWED_HOSTS = ["*"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "db.example.com",
        "OPTIONS": {"sslmode": "disable"},
    }
}
`,
    });
  });

  const planted = () => readdirSync(markers);

  it("scan (every format, in this process and as a process with tools on PATH) runs nothing and still reports what the settings say", async () => {
    const text = await everyOutput(dir);
    expect(text).toContain("WW102");
    const inProcess = await cli(["scan", dir, "--format", "sarif", "--fail-on", "none"]);
    expect(inProcess.stdout).toContain("WW102");
    const env = { PATH: `${fakeBin}:${process.env.PATH}` };
    const runs = await pooled(
      [
        () => runCliProcess(["scan", dir, "--format", "json", "--fail-on", "none"], { env, cwd: dir }),
        () => runCliProcess(["scan", ".", "--verbose"], { env, cwd: dir }),
        () =>
          runCliProcess(["probe", "--from-scan", dir, "--timeout", "500", "--no-legacy"], { env, cwd: dir }),
      ],
      3,
    );
    expect(planted()).toEqual([]);
    const findings: Finding[] = JSON.parse(runs[0]?.stdout ?? "").findings;
    const inSettings = findings.filter((f) => f.settingsModule === "shop.settings");
    expect(ids(inSettings)).toEqual(expect.arrayContaining(["WW102", "WW301", "WW307"]));
    expect(inSettings.find((f) => f.ruleId === "WW102")?.alias).toBe("default");
    expect(runs[1]?.code).toBe(1);
  });

  it("fix, without and with --write, runs nothing and rewrites the settings", async () => {
    const env = { PATH: `${fakeBin}:${process.env.PATH}` };
    const copy = join(work, "exec-copy");
    cpSync(dir, copy, { recursive: true });
    const diff = await runCliProcess(["fix", dir], { env, cwd: dir });
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain('+        "OPTIONS": {"sslmode": "verify-full"');
    const written = await runCliProcess(["fix", copy, "--write"], { env, cwd: copy });
    expect(written.code).toBe(0);
    expect(readFileSync(join(copy, "shop", "settings.py"), "utf8")).toContain('"sslmode": "verify-full"');
    expect(planted()).toEqual([]);
  });

  it("control: the same tree imported by Python does leave the markers (so their absence above means something)", () => {
    const r = spawnSync(
      "/usr/bin/python3",
      ["-c", `import site; site.addsitedir(${JSON.stringify(dir)}); import shop.settings`],
      { cwd: dir, env: { PATH: process.env.PATH, PYTHONPATH: dir }, timeout: 20_000, encoding: "utf8" },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(planted()).toEqual(
      expect.arrayContaining([
        "sitecustomize.py",
        "pth",
        "package-init",
        "os-system",
        "subprocess-run",
        "open-write",
        "dunder-import",
        "exec",
        "eval",
        "imported-module",
        "function-call",
        "class-body",
        "decorator",
      ]),
    );
    for (const m of planted()) rmSync(mark(m));
  });
});

describe("a key file is never read, only its mode", () => {
  const KEY_MARK = "KeyContentMk73x";
  let dir: string;

  beforeAll(() => {
    dir = join(work, "keys");
    write(dir, {
      "shop/__init__.py": "",
      "shop/settings.py": `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com",
    "OPTIONS": {"sslmode": "verify-full", "sslrootcert": "certs/ca.crt", "sslcert": "certs/client.crt", "sslkey": "certs/client.key"}}}
`,
      // Content a reader would act on if it read the file: a weak sslmode, a URL with a password, the marker.
      "certs/client.key": `-----BEGIN PRIVATE KEY-----\n${KEY_MARK}\nsslmode=disable postgres://u:${KEY_MARK}@db.example.com/x\n-----END PRIVATE KEY-----\n`,
      "certs/ca.crt": "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n",
      "certs/client.crt": "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n",
    });
    for (const d of [dir, join(dir, "shop"), join(dir, "certs")]) chmodSync(d, 0o755);
    for (const f of ["shop/__init__.py", "shop/settings.py", "certs/ca.crt", "certs/client.crt"])
      chmodSync(join(dir, f), 0o644);
    // Group-readable (libpq would refuse it: WW111) but owned by another user and group, so that `nobody` can
    // read it only if the mode allowed "others": it does not. Reading it would be a "permission denied" WW000.
    chownSync(join(dir, "certs", "client.key"), 12345, 12345);
    chmodSync(join(dir, "certs", "client.key"), 0o640);
  });

  it("scanned as an unprivileged user who could not read it: WW111 from the mode alone, nothing else", () => {
    const r = spawnCli(["scan", dir, "--format", "json", "--fail-on", "none", "--quiet"], { user: "nobody" });
    expect(r.stderr).toBe("");
    const findings: Finding[] = JSON.parse(r.stdout).findings;
    const onKey = findings.filter((f) => f.location?.file === "certs/client.key");
    expect(onKey.map((f) => f.ruleId)).toEqual(["WW111"]);
    expect(onKey[0]?.evidence).toContain("mode 0640");
    expect(r.stdout).not.toContain("permission denied");
  });

  it("scanned as root, in every format, --write-baseline and fix: the key's content appears nowhere", async () => {
    const baseline = join(work, "keys-baseline.json");
    const text = await everyOutput(dir, ["--write-baseline", baseline]);
    expect(text).toContain("WW111");
    const fix = await cli([
      "fix",
      dir,
      "--client-cert",
      "certs/client.crt",
      "--client-key",
      "certs/client.key",
    ]);
    const all = [text, readFileSync(baseline, "utf8"), fix.stdout, fix.stderr].join("\n");
    expect(all).not.toContain(KEY_MARK);
    const { findings } = await scanJson(dir);
    expect(ids(findings)).not.toContain("WW102"); // the sslmode=disable inside the key was not read
    expect(ids(findings)).not.toContain("WW110");
  });
  it("never opened: its access time does not move through scan (every format, --write-baseline), fix and probe --from-scan", async () => {
    const key = join(dir, "certs", "client.key");
    const copy = join(work, "keys-copy");
    cpSync(dir, copy, { recursive: true }); // (copying reads it: done before the clock is set)
    const copyKey = join(copy, "certs", "client.key");
    // An access time older than the modification time: with relatime (and strictatime) any read moves it.
    const old = new Date(Date.now() - 48 * 3600_000);
    for (const k of [key, copyKey]) utimesSync(k, old, new Date());
    const before = statSync(key).atimeMs;
    const beforeCopy = statSync(copyKey).atimeMs;
    await everyOutput(dir, ["--write-baseline", join(work, "keys-baseline-2.json")]);
    await cli(["fix", dir, "--client-key", "certs/client.key", "--client-cert", "certs/client.crt"]);
    await cli(["fix", copy, "--write"]);
    await runCliProcess(["probe", "--from-scan", dir, "--timeout", "300", "--no-legacy", "--no-console"]);
    expect(statSync(key).atimeMs).toBe(before);
    expect(statSync(copyKey).atimeMs).toBe(beforeCopy);
    // Control: on this file system a read does move it, so the two lines above could fail.
    readFileSync(key);
    expect(statSync(key).atimeMs).toBeGreaterThan(before);
  });
});

describe("special files named like the files the scan reads", () => {
  it("a FIFO named settings.py or .env is never opened and is a WW000, not silently skipped", async () => {
    const dir = join(work, "fifo");
    write(dir, {
      "manage.py": `import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n`,
      "shop/__init__.py": "",
      "shop/base.py": `SECRET_KEY = "x"\nDATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db"}}\n`,
    });
    for (const name of ["shop/settings.py", ".env"]) {
      const made = spawnSync("mkfifo", [join(dir, name)]);
      expect(made.status, String(made.stderr)).toBe(0);
    }
    const started = performance.now();
    const { findings } = await scanJson(dir);
    expect(performance.now() - started).toBeLessThan(30_000); // it ends: opening a FIFO would block for ever
    const special = findings
      .filter((f) => f.ruleId === "WW000" && /not a regular file/.test(f.message))
      .map((f) => f.location?.file)
      .sort();
    expect(special).toEqual([".env", "shop/settings.py"]);
  });
});

describe("the file-count bound fails closed", () => {
  it("past the most files the walk reads, a gating WW000 names where it stopped", async () => {
    const dir = join(work, "many");
    const files: Record<string, string> = {
      "manage.py": `import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "app.settings")\n`,
      "app/__init__.py": "",
      "app/settings.py": `SECRET_KEY = "x"\nDATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db"}}\n`,
    };
    for (let i = 0; i < 12; i++) files[`zz/mod${i}.py`] = "X = 1\n";
    write(dir, files);
    const { report } = await scanProject(dir, { env: new Map(), maxFiles: 8 });
    const cut = report.findings.find((f) => f.ruleId === "WW000" && /more than 8 files/.test(f.message));
    expect(cut?.severity).toBe("medium");
    expect(cut?.message).toMatch(/stopped in zz/);
  });
});

describe("YAML costs are bounded within the file size limit", () => {
  it("a 1 MiB flow list, ten times over, is a WW000 per file and ends in seconds, not minutes", async () => {
    const dir = join(work, "yaml-cost");
    const flow = `services:\n  web:\n    command: [${Array(500_000).fill("1").join(",")}]\n`;
    const files: Record<string, string> = {
      "app/__init__.py": "",
      "app/settings.py": 'SECRET_KEY = "x"\nDATABASES = {}\n',
    };
    for (let i = 0; i < 10; i++) files[`deploy/compose-${i}.yml`] = flow;
    write(dir, files);
    const started = performance.now();
    const { findings } = await scanJson(dir);
    // Reading them whole took ~100 s and 1.6 GiB; bounded, well under a tenth of that on a busy machine.
    expect(performance.now() - started).toBeLessThan(30_000);
    const bounded = findings.filter(
      (f) => f.ruleId === "WW000" && /YAML not read: more than/.test(f.message),
    );
    expect(bounded).toHaveLength(10);
  });
});
