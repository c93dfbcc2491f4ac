import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** A new directory under `parent` holding these files (path → text), parents created as needed. */
export function writeTree(parent: string, files: Record<string, string>): string {
  const dir = mkdtempSync(join(parent, "t-"));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}
