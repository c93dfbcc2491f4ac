/**
 * --diff-base REF (issue 20, pull-request mode), through the built command on a real git repository made here: only
 * findings on lines changed since REF are reported, the report says how many others there were, and a ref git does
 * not know (or a directory that is no repository) is a usage error.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { spawnCli, tempDir } from "../helpers/cli.js";
import { shopTree } from "../helpers/tree.js";

const git = (cwd: string, ...args: string[]) => {
  const r = spawnSync("git", args, {
    cwd,
    encoding: "utf8",
    env: {
      PATH: process.env.PATH ?? "",
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@example.invalid",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@example.invalid",
    },
  });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
};

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
});
