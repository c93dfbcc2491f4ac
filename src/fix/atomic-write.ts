import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

const BOM = "\uFEFF";

/**
 * Replaces a file's content with `after`, only if it still holds `before` (what the plan was made from): written to a
 * temporary file beside it, with the same mode, owner and group, then renamed over it, so a reader never sees half
 * a file. A UTF-8 byte-order mark the file starts with is kept (the walker's text does not have it). Returns why it
 * did not write, or undefined.
 */
export function replaceFileAtomically(path: string, before: string, after: string): string | undefined {
  let current: string;
  let stat: ReturnType<typeof statSync>;
  try {
    current = readFileSync(path, "utf8");
    stat = statSync(path);
  } catch (e) {
    return `cannot read it again: ${(e as Error).message}`;
  }
  const bom = current.startsWith(BOM) && !before.startsWith(BOM) ? BOM : "";
  if (current.slice(bom.length) !== before) return "it changed since it was read; run fix again";
  const mode = stat.mode & 0o7777;
  // Unpredictable, and created exclusively: a file already there under that name is someone else's.
  const temp = join(dirname(path), `.${basename(path)}.wirewarden-${randomBytes(8).toString("hex")}.tmp`);
  let created = false;
  try {
    writeFileSync(temp, bom + after, { flag: "wx", mode });
    created = true;
    chmodSync(temp, mode);
    // Written as root for another user (a bind-mounted checkout): the owner must keep access to their file.
    if (stat.uid !== process.getuid?.() || stat.gid !== process.getgid?.()) {
      try {
        chownSync(temp, stat.uid, stat.gid);
      } catch (e) {
        throw new Error(
          `its owner and group (${stat.uid}:${stat.gid}) cannot be kept: ${(e as Error).message}`,
        );
      }
    }
    renameSync(temp, path);
  } catch (e) {
    if (created)
      try {
        unlinkSync(temp);
      } catch {
        // nothing was left behind
      }
    return `cannot write it: ${(e as Error).message}`;
  }
  return undefined;
}
