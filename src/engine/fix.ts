import { join } from "node:path";
import { redactSecrets } from "../core/redact.js";
import type { SettingsView } from "../django/model.js";
import { replaceFileAtomically } from "../fix/atomic-write.js";
import { type AliasFix, aliasesToFix, type FixOptions, planFixes } from "../fix/plan-fixes.js";
import { describeSource, type PythonSource } from "../fix/python-source.js";
import { applyEdits, type TextEdit } from "../fix/text-edit.js";
import { unifiedDiff } from "../fix/unified-diff.js";
import { asString } from "../python/value.js";
import { judgeModel, loadProject, type ScanOptions } from "./scan.js";

export interface FixRunOptions extends ScanOptions, FixOptions {
  write: boolean;
}

export interface FileChange {
  file: string;
  /** The unified diff, secrets masked. */
  diff: string;
  /** Why it was not written, with --write. */
  notWritten?: string;
}

export interface FixResult {
  aliases: AliasFix[];
  changes: FileChange[];
  /** Settings modules looked at. */
  modules: string[];
}

/** Plans (and with `write`, applies) the settings changes that make every network alias verify the server. */
export async function fixProject(path: string, opts: FixRunOptions): Promise<FixResult> {
  const { root, walk, built, parser } = await loadProject(path, opts);
  const texts = new Map(walk.files.map((f) => [f.path, f.text]));
  const sources = new Map<string, PythonSource | undefined>();
  const source = (file: string) => {
    if (!sources.has(file)) {
      const text = texts.get(file);
      const tree = text !== undefined && file.endsWith(".py") ? parser.parse(text) : null;
      sources.set(file, tree && text !== undefined ? describeSource(file, text, tree) : undefined);
    }
    return sources.get(file);
  };
  const targets = aliasesToFix(built.model.views, judgeModel(built.model).aliases);
  const plan = planFixes(targets, source, opts);
  const secrets = knownSecrets(built.model.views);
  const changes: FileChange[] = [];
  for (const [file, edits] of [...plan.edits].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const before = texts.get(file) as string;
    const after = applyEdits(before, withLineEnding(edits, before));
    if (after === before) continue;
    const change: FileChange = { file, diff: mask(unifiedDiff(file, before, after), secrets) };
    if (opts.write) {
      const why = replaceFileAtomically(join(root, file), before, after);
      if (why) change.notWritten = why;
    }
    changes.push(change);
  }
  for (const t of sources.values()) t?.tree.delete();
  // A summary can quote the settings' own code (`sslmode … is computed (f("postgres://u:pw@h/db"))`): masked too.
  const aliases = plan.aliases.map((a) => ({ ...a, summary: mask(a.summary, secrets) }));
  return { aliases, changes, modules: built.modules };
}

/** The edits with their new lines ended as the file ends its own: a CRLF file gets CRLF lines. */
function withLineEnding(edits: readonly TextEdit[], text: string): TextEdit[] {
  const crlf = text.includes("\r\n") && !/(^|[^\r])\n/.test(text);
  if (!crlf) return [...edits];
  return edits.map((e) => ({ ...e, text: e.text.replace(/\r?\n/g, "\r\n") }));
}

/** Password values the settings hold: a diff shows source lines, and none of these may be printed. */
function knownSecrets(views: readonly SettingsView[]): string[] {
  const out = new Set<string>();
  for (const v of views)
    for (const a of v.databases) {
      const p = a.password ? asString(a.password) : undefined;
      if (p && p.length >= 3) out.add(p);
    }
  return [...out].sort((a, b) => b.length - a.length);
}

function mask(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join("****");
  return out
    .split("\n")
    .map((l) => redactSecrets(l))
    .join("\n");
}
