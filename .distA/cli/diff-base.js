/**
 * `--diff-base REF` (pull-request mode): the lines changed since a git ref, read from `git diff` run in the scanned
 * directory (no shell, bounded in time and output). A finding is kept only when its line is one of them; a finding
 * with no location (about the project as a whole) is kept too.
 */
import { execFile, spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { UsageError } from "../engine/usage.js";
/** A diff of this size is not a pull request's; past it the run says so instead of reading on. */
const MAX_DIFF_BYTES = 64 * 1024 * 1024;
const GIT_TIMEOUT_MS = 60_000;
const GIT_ENV = { PATH: process.env.PATH ?? "", GIT_CONFIG_NOSYSTEM: "1", LC_ALL: "C" };
function gitError(args, error, stderr) {
    if (error?.code === "ENOENT")
        return new UsageError("--diff-base needs git on PATH");
    const said = stderr.trim().split("\n")[0] || error?.message || "failed";
    return new UsageError(`--diff-base: git ${args[0]}: ${said}`);
}
/** For a diff that failed: the first of git's own checks that fails says why. */
function whyDiffFailed(dir, ref) {
    const run = (args) => spawnSync("git", args, { cwd: dir, encoding: "utf8", timeout: GIT_TIMEOUT_MS, env: GIT_ENV });
    const repo = ["rev-parse", "--show-toplevel"];
    const top = run(repo);
    if (top.error || top.status !== 0)
        return gitError(repo, top.error, top.stderr ?? "");
    const commit = ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`];
    const known = run(commit);
    if (known.error)
        return gitError(commit, known.error, "");
    // --quiet: git says nothing of a ref it does not know.
    if (known.status !== 0)
        return new UsageError(`--diff-base: git rev-parse: ${ref} names no commit here`);
    return undefined;
}
/**
 * The lines added or changed in the working tree since `ref`, for the files under `root`. Asynchronous: the scan
 * runs while git reads the tree (issue 22), and a ref git refuses is the same usage error once the scan is done.
 */
export async function changedLines(root, ref) {
    if (ref.startsWith("-"))
        throw new UsageError(`--diff-base ${ref}: a git ref cannot start with '-'`);
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
        ".",
    ];
    const diff = await new Promise((done, fail) => {
        execFile("git", args, { cwd: dir, encoding: "utf8", timeout: GIT_TIMEOUT_MS, maxBuffer: MAX_DIFF_BYTES, env: GIT_ENV }, (error, stdout, stderr) => {
            if (!error)
                return done(stdout);
            fail(whyDiffFailed(dir, ref) ?? gitError(args, error, stderr));
        });
    });
    const out = new Map();
    let file;
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
            const lines = out.get(file) ?? new Set();
            for (let n = start; n < start + count; n++)
                lines.add(n);
            out.set(file, lines);
        }
    }
    // `--relative` made the paths relative to the directory git ran in: the scanned root, as findings' are.
    return out;
}
/** The findings on changed lines (and those with no location); the count of the others. */
export function onChangedLines(findings, changed) {
    const kept = findings.filter((f) => !f.location || changed.get(f.location.file)?.has(f.location.line) === true);
    return { kept, dropped: findings.length - kept.length };
}
//# sourceMappingURL=diff-base.js.map