/**
 * `scan --diff-base` runs two git commands (diff-base.ts): git grep, whose answer the walk waits for, and git diff.
 * The loader (dist/cli/main.js, written by scripts/bundle.mjs) starts both before it compiles the one-file build:
 * ~100 ms sooner than the scan command could, and while the process is small (Node forks it to start a child: the
 * same spawn costs ~20 ms of the main thread once the build is loaded). It reads the scanned directory and the ref
 * off the command line; the scan takes the answers only for that same directory and ref (anything else is asked
 * again, as without this).
 */
import { resolve } from "node:path";
import { type ChangedLines, changedLines, pythonWithoutNeedles } from "./diff-base.js";

/** scan's options that take a value (test/cli/early-git.test.ts holds this to the command's definition). */
export const SCAN_VALUE_OPTIONS: ReadonlySet<string> = new Set([
  "-f",
  "--format",
  "-o",
  "--output",
  "--fail-on",
  "--baseline",
  "--write-baseline",
  "--env-file",
  "--wirewarden-env-file",
  "--settings",
  "--config",
  "--exclude",
  "--select",
  "--ignore",
  "--min-severity",
  "--diff-base",
  "--targets",
  "--shard",
  "--python",
]);

/** The directory and ref of `scan … --diff-base REF …`, or undefined for any other command line. */
export function diffBaseScan(argv: readonly string[]): { dir: string; ref: string } | undefined {
  if (argv[0] !== "scan") return undefined;
  let dir: string | undefined;
  let ref: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--") {
      dir ??= argv[i + 1];
      break;
    }
    if (a.startsWith("--diff-base=")) ref = a.slice("--diff-base=".length);
    else if (a === "--diff-base") ref = argv[i + 1];
    if (!a.startsWith("-")) dir ??= a;
    else if (!a.includes("=") && SCAN_VALUE_OPTIONS.has(a)) i++;
  }
  return dir !== undefined && ref !== undefined ? { dir, ref } : undefined;
}

const KEY = Symbol.for("wirewarden.early-git");

export interface EarlyGit {
  root: string;
  ref: string;
  unneeded: Promise<ReadonlySet<string> | undefined>;
  changed: Promise<ChangedLines>;
}

/** Starts git grep and git diff for `scan --diff-base`, before anything else loads; nothing for another command. */
export function startEarlyGit(argv: readonly string[]): void {
  const scan = diffBaseScan(argv);
  if (scan === undefined) return;
  const changed = changedLines(scan.dir, scan.ref);
  // Unhandled until the scan takes it: a refusal is the scan's to report.
  changed.catch(() => undefined);
  const early: EarlyGit = {
    root: resolve(scan.dir),
    ref: scan.ref,
    unneeded: pythonWithoutNeedles(scan.dir),
    changed,
  };
  (globalThis as { [KEY]?: EarlyGit })[KEY] = early;
}

/** What startEarlyGit started, once, when it was for this directory and ref. */
export function takeEarlyGit(dir: string, ref: string): EarlyGit | undefined {
  const store = globalThis as { [KEY]?: EarlyGit };
  const early = store[KEY];
  delete store[KEY];
  return early && early.root === resolve(dir) && early.ref === ref ? early : undefined;
}
