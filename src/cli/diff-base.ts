/**
 * `--diff-base REF` (pull-request mode): the lines changed since a git ref, read from `git diff` run in the scanned
 * directory (no shell, bounded in time and output). A finding is kept only when its line is one of them; a finding
 * with no location (about the project as a whole) is kept too.
 */
import { execFile, spawnSync } from "node:child_process";
import { resolve } from "node:path";
import type { Finding } from "../core/finding.js";
import { PYTHON_NEEDLES, prefiltersOn } from "../core/prefilter.js";
import { UsageError } from "../engine/usage.js";

/** A diff of this size is not a pull request's; past it the run says so instead of reading on. */
const MAX_DIFF_BYTES = 64 * 1024 * 1024;
const GIT_TIMEOUT_MS = 60_000;
const GIT_ENV = { PATH: process.env.PATH ?? "", GIT_CONFIG_NOSYSTEM: "1", LC_ALL: "C" };

/** Changed lines per file, relative to the scanned directory (`/`-separated), as the findings' locations are. */
export type ChangedLines = ReadonlyMap<string, ReadonlySet<number>>;

function gitError(args: string[], error: Error | undefined, stderr: string): UsageError {
  if ((error as NodeJS.ErrnoException | undefined)?.code === "ENOENT")
    return new UsageError("--diff-base needs git on PATH");
  const said = stderr.trim().split("\n")[0] || error?.message || "failed";
  return new UsageError(`--diff-base: git ${args[0]}: ${said}`);
}

/** For a diff that failed: the first of git's own checks that fails says why. */
function whyDiffFailed(dir: string, ref: string): UsageError | undefined {
  const run = (args: string[]) =>
    spawnSync("git", args, { cwd: dir, encoding: "utf8", timeout: GIT_TIMEOUT_MS, env: GIT_ENV });
  const repo = ["rev-parse", "--show-toplevel"];
  const top = run(repo);
  if (top.error || top.status !== 0) return gitError(repo, top.error, top.stderr ?? "");
  const commit = ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`];
  const known = run(commit);
  if (known.error) return gitError(commit, known.error, "");
  // --quiet: git says nothing of a ref it does not know.
  if (known.status !== 0) return new UsageError(`--diff-base: git rev-parse: ${ref} names no commit here`);
  return undefined;
}

/**
 * What `git diff` compares unless told which files: every name the walk reads (core/files.ts isInteresting), as git
 * pathspecs that match a superset of them (in any case; `*` crosses directories). git then stats ~3,000 files of the
 * real-sized bench tree instead of 15,000 (its assets). A finding on any other file (an env_file of any name, read on
 * request) has its file compared on its own (scan.ts). test/cli/diff-base.test.ts holds the superset.
 */
export const DIFF_PATHSPEC: readonly string[] = [
  "*.py",
  "*.py.*",
  "*.py-tpl",
  "*.yml",
  "*.yaml",
  "*.sh",
  "*.bash",
  "*.sql",
  "*.env",
  "*.env.*",
  "*dockerfile*",
  "*containerfile*",
  "*procfile",
  "*makefile",
  "*.conf",
  "*pgbouncer*.ini",
  "*.key",
  "*pyproject.toml",
  "*pipfile*",
  "*.lock",
  "*setup.cfg",
  "*.txt",
  "*.in",
].map((p) => `:(icase)${p}`);

/**
 * The lines added or changed in the working tree since `ref`, for the files under `root` that DIFF_PATHSPEC names,
 * or for `only` these files. Asynchronous: the scan runs while git reads the tree (issue 22), and a ref git refuses
 * is the same usage error once the scan is done.
 */
export async function changedLines(
  root: string,
  ref: string,
  only?: readonly string[],
): Promise<ChangedLines> {
  if (ref.startsWith("-")) throw new UsageError(`--diff-base ${ref}: a git ref cannot start with '-'`);
  const dir = resolve(root);
  // `^{commit}`: a ref that names no commit (a tree, a blob, nothing) fails the diff.
  const args = [
    "diff",
    "--unified=0",
    "--no-color",
    "--no-ext-diff",
    "--relative",
    `${ref}^{commit}`,
    "--",
    ...(only ? only.map((p) => `:(literal)${p}`) : DIFF_PATHSPEC),
  ];
  const diff = await new Promise<string>((done, fail) => {
    execFile(
      "git",
      args,
      { cwd: dir, encoding: "utf8", timeout: GIT_TIMEOUT_MS, maxBuffer: MAX_DIFF_BYTES, env: GIT_ENV },
      (error, stdout, stderr) => {
        if (!error) return done(stdout);
        fail(whyDiffFailed(dir, ref) ?? gitError(args, error, stderr));
      },
    );
  });
  const out = new Map<string, Set<number>>();
  let file: string | undefined;
  for (const line of diff.split("\n")) {
    if (line.startsWith("+++ ")) {
      const name = unquoted(line.slice(4).trim());
      file = name === "/dev/null" ? undefined : name.replace(/^b\//, "");
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk && file !== undefined) {
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      const lines = out.get(file) ?? new Set<number>();
      for (let n = start; n < start + count; n++) lines.add(n);
      out.set(file, lines);
    }
  }
  // `--relative` made the paths relative to the directory git ran in: the scanned root, as findings' are.
  return out;
}

/** Past this many bytes of paths git grep's answer is not used: the scan reads every file, as without it. */
const MAX_GREP_BYTES = 64 * 1024 * 1024;

/**
 * The tracked `.py` files under `root` whose working-tree text holds none of PYTHON_NEEDLES in any case (git grep
 * -L, which reads them far faster than Node can): the walk lists these and reads one only if the settings import it
 * (files.ts deferredFile), or the change touched it. Undefined when git cannot say: then every file is read.
 */
export async function pythonWithoutNeedles(root: string): Promise<ReadonlySet<string> | undefined> {
  // One switch turns every skip off (core/prefilter.ts): the tests compare the scans.
  if (!prefiltersOn()) return undefined;
  const args = [
    "-c",
    "grep.fullName=false",
    // One thread: the scan has the other core, and threaded grep writes each file's answer with a system call of its
    // own (~3,000 wake-ups of the scan's event loop on the bench tree, instead of ~20).
    "-c",
    "grep.threads=1",
    "grep",
    "-L",
    "-z",
    "-i",
    "-F",
    "--no-color",
    ...PYTHON_NEEDLES.flatMap((n) => ["-e", n]),
    "--",
    "*.py",
  ];
  const listed = await new Promise<string | undefined>((done) => {
    execFile(
      "git",
      args,
      {
        cwd: resolve(root),
        encoding: "utf8",
        timeout: GIT_TIMEOUT_MS,
        maxBuffer: MAX_GREP_BYTES,
        env: GIT_ENV,
      },
      // git grep -L exits 1 when it lists nothing; anything else it could not do means: read everything.
      (error, stdout) => done(!error || (error as { code?: unknown }).code === 1 ? stdout : undefined),
    );
  });
  if (listed === undefined) return undefined;
  return new Set(listed.split("\0").filter((p) => p.endsWith(".py")));
}

/** A path as git prints one it quotes (`"b/caf\\303\\251.py"`: C escapes, octal bytes of UTF-8); others as given. */
export function unquoted(name: string): string {
  if (!(name.startsWith('"') && name.endsWith('"') && name.length >= 2)) return name;
  const bytes: number[] = [];
  const named: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, "\\": 92 };
  const body = name.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== "\\") {
      bytes.push(...Buffer.from(c, "utf8"));
      continue;
    }
    const octal = /^[0-7]{3}/.exec(body.slice(i + 1));
    if (octal) {
      bytes.push(Number.parseInt(octal[0], 8));
      i += 3;
    } else {
      const next = body[i + 1] as string;
      bytes.push(named[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/** The findings on changed lines (and those with no location); the count of the others. */
export function onChangedLines(
  findings: readonly Finding[],
  changed: ChangedLines,
): { kept: Finding[]; dropped: number } {
  const kept = findings.filter(
    (f) => !f.location || changed.get(f.location.file)?.has(f.location.line) === true,
  );
  return { kept, dropped: findings.length - kept.length };
}
