/**
 * Issue 22: `--diff-base` reads a Python file only when the settings import it, or the change touched it, if git grep
 * saw none of PYTHON_NEEDLES in it (files.ts deferredFile, diff-base.ts pythonWithoutNeedles). That loses nothing:
 * every fixture project, both examples and the bench's generated tree are made git repositories here, changed in a
 * file with none of the needles and in one with DATABASES, and scanned with --diff-base twice in this process, with
 * the deferral on and off (the pre-filters' switch): the reports must be the same, and the deferral must have
 * happened.
 */
import { appendFileSync, cpSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: the bench's generator is plain JavaScript (bench/), outside tsconfig's src.
import { ensureTree, TREE } from "../../bench/tree-generator.mjs";
import { pythonWithoutNeedles } from "../../src/cli/diff-base.js";
import { deferredCounts } from "../../src/core/files.js";
import { PYTHON_NEEDLES, setPrefilters } from "../../src/core/prefilter.js";
import { cli, REPO, tempDir } from "../helpers/cli.js";
import { FIXTURE_PROJECTS } from "../helpers/fixture-projects.js";
import { git } from "../helpers/git.js";
import { shopTree } from "../helpers/tree.js";

/** A copy of `from` as a git repository with one commit, the base of the change. */
function repositoryOf(from: string): string {
  const dir = tempDir("ww-deferred-");
  cpSync(from, dir, { recursive: true });
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "--allow-empty", "-m", "base");
  return dir;
}

function pythonFiles(dir: string, under = ""): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(dir, under)).sort()) {
    if (name === ".git" || name === "node_modules") continue;
    const rel = under ? `${under}/${name}` : name;
    if (statSync(join(dir, rel)).isDirectory()) out.push(...pythonFiles(dir, rel));
    else if (name.endsWith(".py")) out.push(rel);
  }
  return out;
}

const holdsNeedle = (text: string) =>
  PYTHON_NEEDLES.some((n) => text.toLowerCase().includes(n.toLowerCase()));

/** Changes a file with none of the needles and one with DATABASES (when there are such files). */
function change(dir: string): void {
  const files = pythonFiles(dir).map((p) => ({ p, text: readFileSync(join(dir, p), "latin1") }));
  const plain = files.find((f) => !holdsNeedle(f.text));
  const settings = files.find((f) => f.text.includes("DATABASES"));
  if (plain) appendFileSync(join(dir, plain.p), "\nPAGE_SIZE = 50\n");
  if (settings) appendFileSync(join(dir, settings.p), '\nDEBUG = True\nALLOWED_HOSTS = ["*"]\n');
}

/** The report of `scan --diff-base HEAD`, with the deferral on or off; the time it took aside. */
async function diffScan(dir: string, deferral: boolean): Promise<string> {
  setPrefilters(deferral);
  try {
    const r = await cli([
      "scan",
      dir,
      "--format",
      "json",
      "--fail-on",
      "none",
      "--quiet",
      "--diff-base",
      "HEAD",
    ]);
    if (r.code !== 0 && r.code !== 1) return `exit ${r.code}: ${r.stderr}`;
    const report = JSON.parse(r.stdout) as { stats?: { durationMs?: number } };
    if (report.stats) delete report.stats.durationMs;
    return JSON.stringify(report);
  } finally {
    setPrefilters(true);
  }
}

afterAll(() => setPrefilters(true));

const PROJECTS = FIXTURE_PROJECTS;

describe("--diff-base defers the Python files git grep saw none of the needles in, and loses nothing", () => {
  it(`${PROJECTS.length} fixture projects and examples, changed: the same report with and without the deferral`, async () => {
    expect(PROJECTS.length).toBeGreaterThan(40);
    const before = deferredCounts();
    let deferring = 0;
    for (const p of PROJECTS) {
      const dir = repositoryOf(p);
      change(dir);
      const made = deferredCounts().made;
      const on = await diffScan(dir, true);
      if (deferredCounts().made > made) deferring++;
      expect(on, relative(REPO, p)).toBe(await diffScan(dir, false));
    }
    // Most fixtures hold a module with none of the needles (an app's models, urls, apps.py).
    expect(deferring).toBeGreaterThan(PROJECTS.length / 2);
    expect(deferredCounts().made - before.made).toBeGreaterThan(50);
  }, 300_000);

  it("the bench's generated tree: thousands deferred, only the imported ones read, the same report", async () => {
    ensureTree(false);
    const dir = repositoryOf(TREE);
    change(dir);
    const before = deferredCounts();
    const on = await diffScan(dir, true);
    const after = deferredCounts();
    expect(after.made - before.made).toBeGreaterThan(2000);
    // The settings import a handful of modules; the app modules are never read.
    expect(after.read - before.read).toBeLessThan(20);
    expect(on).toContain('"leftOut"');
    expect(on).toBe(await diffScan(dir, false));
  }, 300_000);

  it("a module the settings import, with none of the needles and unchanged, is read and followed", async () => {
    const dir = repositoryOf(
      shopTree(
        tempDir("ww-deferred-src-"),
        'from shop.dbconf import HOST, OPTIONS\nSECRET_KEY = "x"\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": HOST, "OPTIONS": OPTIONS}}\n',
        { "shop/dbconf.py": 'HOST = "db.example.com"\nOPTIONS = {"sslmode": "disable"}\n' },
      ),
    );
    // The change is in the settings module; the module it imports is deferred, then read for the import.
    appendFileSync(join(dir, "shop", "settings.py"), 'DATABASES["default"]["PORT"] = "26257"\n');
    const before = deferredCounts();
    const on = await diffScan(dir, true);
    expect(deferredCounts().read - before.read).toBeGreaterThanOrEqual(1);
    expect(on).toBe(await diffScan(dir, false));
    // The alias's verdict needed the imported module's sslmode: exposed, as without the deferral.
    expect((JSON.parse(on) as { aliases: { verdict: string }[] }).aliases.map((a) => a.verdict)).toContain(
      "exposed",
    );
  });

  it("a changed file with none of the needles that cannot be read is a finding on its first line, as in a full scan", async () => {
    const dir = repositoryOf(
      shopTree(
        tempDir("ww-deferred-src-"),
        'SECRET_KEY = "x"\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "OPTIONS": {"sslmode": "verify-full"}}}\n',
        { "shop/notes.py": "PAGE = 1\n" },
      ),
    );
    // Not UTF-8, and no coding line: a read problem of the file itself.
    writeFileSync(join(dir, "shop", "notes.py"), Buffer.from([0x50, 0x3d, 0xff, 0xfe, 0x0a]));
    const on = await diffScan(dir, true);
    expect(on).toContain('"file":"shop/notes.py","line":1');
    expect(on).toBe(await diffScan(dir, false));
  });

  it("a Python file a compose service names as its env_file is read as one", async () => {
    const dir = repositoryOf(
      shopTree(
        tempDir("ww-deferred-src-"),
        'import os\nSECRET_KEY = "x"\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": os.environ["DB_HOST"], "OPTIONS": {"sslmode": os.environ.get("PGSSLMODE", "verify-full")}}}\n',
        {
          "docker-compose.yml":
            "services:\n  web:\n    build: .\n    command: gunicorn shop.wsgi\n    env_file: shop/env_vars.py\n",
          "shop/env_vars.py": "DB_HOST=db.example.com\nPGSSLMODE=disable\n",
        },
      ),
    );
    appendFileSync(join(dir, "shop", "settings.py"), 'TIME_ZONE = "UTC"\n');
    const on = await diffScan(dir, true);
    expect(on).toBe(await diffScan(dir, false));
    expect(on).toContain("disable");
  });

  it("git grep's list: tracked Python files with none of the needles in any case; never an untracked or ignored one", async () => {
    const dir = repositoryOf(
      shopTree(tempDir("ww-deferred-src-"), 'SECRET_KEY = "x"\n', {
        "app/models.py": "class A: pass\n",
        "app/sql.py": 'Q = "SET CLUSTER SETTING SERVER.HOST_BASED_AUTHENTICATION.CONFIGURATION = 1"\n',
        "app/urls.py": "from app.views import *\n",
        "app/util.js": "x\n",
        ".gitignore": "local_settings.py\n",
      }),
    );
    writeFileSync(join(dir, "local_settings.py"), "X = 1\n");
    writeFileSync(join(dir, "app", "new.py"), "Y = 1\n");
    const listed = await pythonWithoutNeedles(dir);
    expect([...(listed ?? [])].sort()).toEqual(["app/models.py", "shop/__init__.py"]);
    setPrefilters(false);
    try {
      expect(await pythonWithoutNeedles(dir)).toBeUndefined();
    } finally {
      setPrefilters(true);
    }
  });
});
