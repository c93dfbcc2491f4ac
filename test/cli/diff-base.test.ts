/**
 * --diff-base REF (issue 20, pull-request mode), through the built command on a real git repository made here: only
 * findings on lines changed since REF are reported, the report says how many others there were, and a ref git does
 * not know (or a directory that is no repository) is a usage error.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { DIFF_PATHSPEC } from "../../src/cli/diff-base.js";
import { isInteresting } from "../../src/core/files.js";
import { spawnCli, tempDir } from "../helpers/cli.js";
import { git } from "../helpers/git.js";
import { shopTree } from "../helpers/tree.js";

const BEFORE = `SECRET_KEY = "x"
DATABASES = {
    "default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "OPTIONS": {"sslmode": "require"}},
}
`;

describe("--diff-base", () => {
  it("reports only the findings on lines changed since the ref, and counts the rest", () => {
    const dir = shopTree(tempDir("ww-diff-"), BEFORE);
    git(dir, "init", "-q");
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "base");
    // The change: a new alias with sslmode disable, on a new line.
    writeFileSync(
      join(dir, "shop", "settings.py"),
      BEFORE.replace(
        "}\n",
        `}\nDATABASES["replica"] = {"ENGINE": "django.db.backends.postgresql", "HOST": "replica.example.com", "OPTIONS": {"sslmode": "disable"}}\n`,
      ),
    );
    git(dir, "commit", "-q", "-am", "add a replica");
    const all = spawnCli(["scan", dir, "--format", "json", "--fail-on", "none"]);
    const allIds = (JSON.parse(all.stdout) as { findings: { ruleId: string }[] }).findings.map(
      (f) => f.ruleId,
    );
    expect(allIds).toEqual(expect.arrayContaining(["WW102", "WW103"]));

    const pr = spawnCli(["scan", dir, "--format", "json", "--fail-on", "none", "--diff-base", "HEAD~1"]);
    expect(pr.code).toBe(0);
    const json = JSON.parse(pr.stdout) as {
      findings: { ruleId: string; location?: { line: number } }[];
      leftOut: { byDiff: number };
    };
    expect(json.findings.every((f) => !f.location || f.location.line === 5)).toBe(true);
    expect(json.findings.map((f) => f.ruleId)).toContain("WW102");
    expect(json.findings.map((f) => f.ruleId)).not.toContain("WW103");
    expect(json.leftOut.byDiff).toBeGreaterThan(0);
    expect(pr.stderr).toContain("on lines --diff-base did not change");
  });

  it("a ref git does not know, and a directory that is no repository, are usage errors", () => {
    const dir = shopTree(tempDir("ww-diff-"), BEFORE);
    const notRepo = spawnCli(["scan", dir, "--diff-base", "main"]);
    expect(notRepo.code).toBe(2);
    expect(notRepo.stderr).toMatch(/--diff-base: git rev-parse: .*not a git repository/i);
    git(dir, "init", "-q");
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "base");
    const unknown = spawnCli(["scan", dir, "--diff-base", "no-such-ref"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--diff-base: git rev-parse");
    expect(spawnCli(["scan", dir, "--diff-base", "--output=x"]).code).toBe(2);
  });

  it("a changed file whose name git quotes (not ASCII) keeps its findings", () => {
    const dir = shopTree(tempDir("ww-diff-"), BEFORE, { "shop/connexion_\u00e9.py": "X = 1\n" });
    git(dir, "init", "-q");
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "base");
    writeFileSync(
      join(dir, "shop", "connexion_\u00e9.py"),
      'X = 1\nDB_URL = "postgres://u@db.example.com/x?sslmode=disable"\n',
    );
    const pr = spawnCli(["scan", dir, "--format", "json", "--fail-on", "none", "--diff-base", "HEAD"]);
    const json = JSON.parse(pr.stdout) as {
      findings: { ruleId: string; location?: { file: string; line: number } }[];
    };
    expect(json.findings.map((f) => [f.ruleId, f.location?.file, f.location?.line])).toEqual([
      ["WW108", "shop/connexion_\u00e9.py", 2],
    ]);
  });

  it("compares every file the walk reads: DIFF_PATHSPEC matches a superset of the walk's names", () => {
    const names = [
      "settings.py",
      "settings.py.j2",
      "local_settings.py.example",
      "settings.py-tpl",
      "config.py.prod.example",
      "docker-compose.yml",
      "values.YAML",
      "entry.sh",
      "run.BASH",
      "init.sql",
      ".env",
      ".env.production",
      "prod.env",
      "Dockerfile",
      "Dockerfile.prod",
      "web.dockerfile",
      "Containerfile",
      "Procfile",
      "Makefile",
      "GNUmakefile",
      "makefile",
      "pg_hba.conf",
      "pg_service.conf",
      ".pg_service.conf",
      "db.hba.conf",
      "pgbouncer.ini",
      "PgBouncer-prod.ini",
      "client.key",
      "pyproject.toml",
      "Pipfile",
      "Pipfile.lock",
      "poetry.lock",
      "uv.lock",
      "setup.cfg",
      "requirements.txt",
      "dev-requirements.in",
      "constraints.txt",
      "Requirements-Prod.TXT",
      "base.txt",
      "app.js",
      "style.css",
      "README.md",
      "notes",
      "settings.pyc",
    ];
    const paths = names.flatMap((n) => [n, `deep/er/${n}`, `requirements/${n}`]);
    const dir = tempDir("ww-diff-spec-");
    for (const p of paths) {
      mkdirSync(join(dir, dirname(p)), { recursive: true });
      writeFileSync(join(dir, p), "x\n");
    }
    git(dir, "init", "-q");
    git(dir, "add", "-A");
    const listed = new Set(git(dir, "ls-files", "-z", "--", ...DIFF_PATHSPEC).split("\0"));
    const read = paths.filter((p) => isInteresting(p.split("/").at(-1) as string, p.split("/").at(-2) ?? ""));
    expect(read.length).toBeGreaterThan(100);
    expect(read.filter((p) => !listed.has(p))).toEqual([]);
    // And it leaves the assets out (what makes git diff cheaper).
    expect(listed.has("deep/er/app.js")).toBe(false);
  });

  it("a finding on a file the walk does not read by name (an env_file of any name) is compared too", () => {
    const dir = shopTree(
      tempDir("ww-diff-"),
      'import os\nSECRET_KEY = "x"\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": os.environ["DB_HOST"], "OPTIONS": {"sslmode": "verify-full"}}}\n',
      {
        "docker-compose.yml":
          "services:\n  web:\n    build: .\n    command: gunicorn shop.wsgi\n    env_file: config/web-env\n",
        "config/web-env": "DB_HOST=db.example.com\n",
      },
    );
    git(dir, "init", "-q");
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "base");
    writeFileSync(join(dir, "config", "web-env"), "DB_HOST=db.example.com\nPGSSLMODE=disable\n");
    const pr = spawnCli(["scan", dir, "--format", "json", "--fail-on", "none", "--diff-base", "HEAD"]);
    const json = JSON.parse(pr.stdout) as {
      findings: { ruleId: string; location?: { file: string; line: number } }[];
    };
    expect(json.findings.map((f) => [f.ruleId, f.location?.file, f.location?.line])).toContainEqual([
      "WW112",
      "config/web-env",
      2,
    ]);
  });
});
