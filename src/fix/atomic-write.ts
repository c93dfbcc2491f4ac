import { chmodSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Replaces a file's content with `after`, only if it still holds `before` (what the plan was made from): written to a
 * temporary file beside it, with the same mode, then renamed over it, so a reader never sees half a file.
 * Returns why it did not write, or undefined.
 */
export function replaceFileAtomically(path: string, before: string, after: string): string | undefined {
  let current: string;
  let mode: number;
  try {
    current = readFileSync(path, "utf8");
    mode = statSync(path).mode & 0o7777;
  } catch (e) {
    return `cannot read it again: ${(e as Error).message}`;
  }
  if (current !== before) return "it changed since it was read; run fix again";
  const temp = join(dirname(path), `.${basename(path)}.wirewarden-${process.pid}.tmp`);
  try {
    writeFileSync(temp, after, { flag: "wx", mode });
    chmodSync(temp, mode);
    renameSync(temp, path);
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {
      // nothing was left behind
    }
    return `cannot write it: ${(e as Error).message}`;
  }
  return undefined;
}
