import { redactSecrets } from "../core/redact.js";
import type { SettingsView } from "../django/model.js";
import { replaceFileAtomically } from "../fix/atomic-write.js";
import { type AliasFix, aliasesToFix, type FixOptions, planFixes } from "../fix/plan-fixes.js";
import { describeSource, type PythonSource } from "../fix/python-source.js";
import { applyEdits, type TextEdit } from "../fix/text-edit.js";
import { unifiedDiff } from "../fix/unified-diff.js";
import { asString } from "../python/value.js";
import { rulesOf } from "../rules/registry.js";
import { loadProject } from "./pipeline.js";
import { judgeModel, type ScanOptions } from "./scan.js";

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
  const targets = aliasesToFix(built.model.views, judgeModel(built.model, await rulesOf("scan")).aliases);
  const plan = planFixes(targets, source, opts);
  const secrets = knownSecrets(built.model.views);
  const changes: FileChange[] = [];
  for (const [file, edits] of [...plan.edits].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const before = texts.get(file) as string;
    const after = applyEdits(before, withLineEnding(edits, before));
    if (after === before) continue;
    const change: FileChange = { file, diff: mask(unifiedDiff(file, before, after), secrets) };
    if (opts.write) {
      const why = replaceFileAtomically(root, file, before, after);
      if (why) change.notWritten = why;
    }
    changes.push(change);
  }
  const written = opts.write ? await checkWritten(path, opts, plan.aliases, changes) : plan.aliases;
  // A summary can quote the settings' own code (`sslmode … is computed (f("postgres://u:pw@h/db"))`): masked too.
  const aliases = written.map((a) => ({ ...a, summary: mask(a.summary, secrets) }));
  return { aliases, changes, modules: built.modules };
}

/**
 * After --write, "fixed" only for what Django will now get: an alias whose file was not written is not fixed,
 * and the project is scanned again, so a later statement that overrides the edit (production.py replacing the
 * OPTIONS base.py now sets) is named instead of reported as fixed.
 */
async function checkWritten(
  path: string,
  opts: FixRunOptions,
  planned: readonly AliasFix[],
  changes: readonly FileChange[],
): Promise<AliasFix[]> {
  const unwritten = new Map(changes.flatMap((c) => (c.notWritten ? [[c.file, c.notWritten] as const] : [])));
  let aliases = planned.map((a) =>
    a.fixed && unwritten.has(a.file)
      ? { ...a, fixed: false, summary: `${a.summary}; not written: ${unwritten.get(a.file)}` }
      : a,
  );
  if (!changes.some((c) => !c.notWritten)) return aliases;
  const { built } = await loadProject(path, opts);
  const verdicts = judgeModel(built.model, await rulesOf("scan")).aliases;
  aliases = aliases.map((a) => {
    if (!a.fixed) return a;
    const now = verdicts.find((v) => v.module === a.module && v.alias === a.alias);
    if (!now || now.verdict === "verified") return a;
    const at = now.location ? ` (${now.location.file}:${now.location.line} wins)` : "";
    return {
      ...a,
      fixed: false,
      summary: `${a.summary}; but it is still ${now.verdict} after writing: ${now.reason}${at}`,
    };
  });
  return aliases;
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

/** Line by line: a diff's `+`/`-` prefixes must not join two lines into one `"a" + "b"` value. */
function mask(text: string, secrets: readonly string[]): string {
  return text
    .split("\n")
    .map((l) => redactSecrets(l, { known: secrets }))
    .join("\n");
}
