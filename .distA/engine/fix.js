import { redactSecrets } from "../core/redact.js";
import { replaceFileAtomically } from "../fix/atomic-write.js";
import { aliasesToFix, planFixes } from "../fix/plan-fixes.js";
import { describeSource } from "../fix/python-source.js";
import { applyEdits } from "../fix/text-edit.js";
import { unifiedDiff } from "../fix/unified-diff.js";
import { asString } from "../python/value.js";
import { rulesOf } from "../rules/registry.js";
import { loadProject } from "./pipeline.js";
import { judgeModel } from "./scan.js";
/** Plans (and with `write`, applies) the settings changes that make every network alias verify the server. */
export async function fixProject(path, opts) {
    const { root, walk, built, parser } = await loadProject(path, opts);
    const texts = new Map(walk.files.map((f) => [f.path, f.text]));
    const sources = new Map();
    const source = (file) => {
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
    const changes = [];
    for (const [file, edits] of [...plan.edits].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const before = texts.get(file);
        const after = applyEdits(before, withLineEnding(edits, before));
        if (after === before)
            continue;
        const change = { file, diff: mask(unifiedDiff(file, before, after), secrets) };
        if (opts.write) {
            const why = replaceFileAtomically(root, file, before, after);
            if (why)
                change.notWritten = why;
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
async function checkWritten(path, opts, planned, changes) {
    const unwritten = new Map(changes.flatMap((c) => (c.notWritten ? [[c.file, c.notWritten]] : [])));
    let aliases = planned.map((a) => a.fixed && unwritten.has(a.file)
        ? { ...a, fixed: false, summary: `${a.summary}; not written: ${unwritten.get(a.file)}` }
        : a);
    if (!changes.some((c) => !c.notWritten))
        return aliases;
    const { built } = await loadProject(path, opts);
    const verdicts = judgeModel(built.model, await rulesOf("scan")).aliases;
    aliases = aliases.map((a) => {
        if (!a.fixed)
            return a;
        const now = verdicts.find((v) => v.module === a.module && v.alias === a.alias);
        if (!now || now.verdict === "verified")
            return a;
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
function withLineEnding(edits, text) {
    const crlf = text.includes("\r\n") && !/(^|[^\r])\n/.test(text);
    if (!crlf)
        return [...edits];
    return edits.map((e) => ({ ...e, text: e.text.replace(/\r?\n/g, "\r\n") }));
}
/** Password values the settings hold: a diff shows source lines, and none of these may be printed. */
function knownSecrets(views) {
    const out = new Set();
    for (const v of views)
        for (const a of v.databases) {
            const p = a.password ? asString(a.password) : undefined;
            if (p && p.length >= 3)
                out.add(p);
        }
    return [...out].sort((a, b) => b.length - a.length);
}
/** Line by line: a diff's `+`/`-` prefixes must not join two lines into one `"a" + "b"` value. */
function mask(text, secrets) {
    return text
        .split("\n")
        .map((l) => redactSecrets(l, { known: secrets }))
        .join("\n");
}
//# sourceMappingURL=fix.js.map