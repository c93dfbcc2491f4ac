/**
 * `--diff-base REF` (pull-request mode): the lines changed since a git ref, read from `git diff` run in the scanned
 * directory (no shell, bounded in time and output). A finding is kept only when its line is one of them; a finding
 * with no location (about the project as a whole) is kept too.
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import type { Finding } from "../core/finding.js";
import { UsageError } from "../engine/usage.js";

/** A diff of this size is not a pull request's; past it the run says so instead of reading on. */
const MAX_DIFF_BYTES = 64 * 1024 * 1024;
const GIT_TIMEOUT_MS = 60_000;

/** Changed lines per file, relative to the scanned directory (`/`-separated), as the findings' locations are. */
export type ChangedLines = ReadonlyMap<string, ReadonlySet<number>>;

function git(cwd: string, args: string[]): string {
  const r = spawnSync("git", args, {
    cwd,
    encoding: "utf8",
    timeout: GIT_TIMEOUT_MS,
    maxBuffer: MAX_DIFF_BYTES,
    env: { PATH: process.env.PATH ?? "", GIT_CONFIG_NOSYSTEM: "1", LC_ALL: "C" },
  });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === "ENOENT"
        ? "--diff-base needs git on PATH"
        : `--diff-base: git ${args[0]} failed: ${r.error.message}`,
    );
  }
  if (r.status !== 0)
    throw new UsageError(`--diff-base: git ${args[0]}: ${(r.stderr || "").trim().split("\n")[0] ?? ""}`);
  return r.stdout;
}

/** The lines added or changed in the working tree since `ref`, for the files under `root`. */
export function changedLines(root: string, ref: string): ChangedLines {
  if (ref.startsWith("-")) throw new UsageError(`--diff-base ${ref}: a git ref cannot start with '-'`);
  const dir = resolve(root);
  git(dir, ["rev-parse", "--show-toplevel"]); // not a repository: git says so
  git(dir, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  const diff = git(dir, ["diff", "--unified=0", "--no-color", "--no-ext-diff", "--relative", ref, "--", "."]);
  const out = new Map<string, Set<number>>();
  let file: string | undefined;
  for (const line of diff.split("\n")) {
    if (line.startsWith("+++ ")) {
      const name = line.slice(4).trim();
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
