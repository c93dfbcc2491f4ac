import { readdirSync } from "node:fs";
import { extname, join } from "node:path";
import { pathToFileURL } from "node:url";

/** A rule's file: `wwNNN-<name>.js` (`.ts` when run from source), the id in its name. */
const RULE_FILE = /^ww(\d{3})-[a-z0-9-]+\.(?:js|ts)$/;

/** One rule file: its name, the id its name gives, and how to load its module. */
export interface RuleFile {
  readonly name: string;
  readonly id: string;
  load(): Promise<Record<string, unknown>>;
}

/** The id a rule file's name gives (`ww101-x.js` → `WW101`), or undefined for any other name. */
export function ruleIdOf(name: string): string | undefined {
  const m = RULE_FILE.exec(name);
  return m ? `WW${m[1]}` : undefined;
}

/** The rule files in `dir` with the extension `ext` (`.js` built, `.ts` from source), loaded on demand. */
export function ruleFilesIn(dir: string, ext: string): RuleFile[] {
  const out: RuleFile[] = [];
  for (const name of readdirSync(dir).sort()) {
    const id = ruleIdOf(name);
    if (id === undefined || extname(name) !== ext) continue;
    out.push({ name, id, load: () => import(pathToFileURL(join(dir, name)).href) });
  }
  return out;
}
