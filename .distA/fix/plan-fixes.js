import { verdictFor } from "../rules/alias-verdicts.js";
import { unexpandedForm } from "../rules/libpq-helpers.js";
import { endOfLine, importInsertionPoint, importsOs, lineIndent, nodeAt, pyString, stringValue, } from "./python-source.js";
const ENV_READERS = /^(os\.environ\.get|os\.getenv|env(\.str)?|config|environ\.get)$/;
/**
 * The aliases `fix` should change: those the scan did not find verified (exposed, or unknown: a value fix can
 * make literal), read from the scan's own verdicts so that fix and the findings never disagree. Aliases outside
 * the tool's scope (MySQL, Oracle) are left alone.
 */
export function aliasesToFix(views, verdicts) {
    const out = [];
    for (const view of views)
        for (const alias of view.databases) {
            const verdict = verdictFor(verdicts, view, alias);
            if (verdict?.verdict === "verified")
                continue;
            if (alias.family !== "postgres" && alias.family !== "unknown")
                continue;
            out.push({ view, alias, verdict });
        }
    return out;
}
/**
 * Plans the edits that make every alias verify-full with an explicit root certificate, on the file that defines
 * the alias (a split settings package gets base.py edited, not production.py). Pure: sources in, edits out.
 */
export function planFixes(targets, source, opts) {
    const edits = new Map();
    const aliases = [];
    const done = new Set();
    const needsOs = new Set();
    for (const { view, alias, verdict } of targets) {
        const found = locateAlias(alias, source);
        const o = found ? { file: found.src.path, line: found.node.startPosition.row + 1 } : alias.origin;
        const key = found
            ? `${found.src.path}:${found.node.startIndex}:${alias.alias}`
            : `${o.file}:${o.line}:${alias.alias}`;
        if (done.has(key))
            continue;
        done.add(key);
        const base = { module: view.module, alias: alias.alias, file: o.file, line: o.line };
        if (!found) {
            const why = verdict?.verdict === "unknown" ? ` (the scan could not follow it: ${verdict.reason})` : "";
            aliases.push({
                ...base,
                fixed: false,
                summary: `DATABASES['${alias.alias}'] is not built by a dict literal or a URL helper call that fix can find${why}`,
            });
            continue;
        }
        const { src, node } = found;
        const result = node?.type === "dictionary"
            ? fixAliasDict(src, node, alias, opts)
            : node?.type === "call"
                ? fixAliasCall(src, node, alias, opts)
                : {
                    refused: `DATABASES['${alias.alias}'] is not built by a dict literal or a URL helper call here`,
                };
        if ("refused" in result) {
            aliases.push({ ...base, fixed: false, summary: result.refused });
            continue;
        }
        const list = edits.get(src.path) ?? [];
        list.push(...result.edits);
        edits.set(src.path, list);
        needsOs.add(src.path);
        aliases.push({ ...base, fixed: true, summary: result.summary });
    }
    for (const path of needsOs) {
        const src = source(path);
        if (!importsOs(src))
            edits.get(path).push({
                start: importInsertionPoint(src),
                end: importInsertionPoint(src),
                text: "import os\n",
            });
    }
    return { edits, aliases };
}
/** dj_database_url.config/parse, environ.Env.db/db_url, and the like: calls that turn a URL into an alias dict. */
const URL_HELPER = /(^|\.)(config|parse|db|db_url|database_url)$/;
/**
 * The dict literal or URL helper call that builds an alias. The alias's own origin can point at a later mutation
 * (`DATABASES["replica"]["ENGINE"] = …`), so the URL's origin and the entries' origins are tried as well.
 */
function locateAlias(alias, source) {
    const tries = [alias.url?.sslRequireOrigin, alias.url?.origin].filter((o) => o !== undefined);
    for (const o of tries) {
        const src = source(o.file);
        if (!src)
            continue;
        let n = src.tree.rootNode.descendantForPosition({ row: o.line - 1, column: o.column - 1 });
        for (let depth = 0; n && depth < 8; depth++, n = n.parent)
            if (n.type === "call" && URL_HELPER.test(n.childForFieldName("function")?.text ?? ""))
                return { src, node: n };
    }
    const own = source(alias.origin.file);
    const direct = own && nodeAt(own, alias.origin.line, alias.origin.column, ["dictionary", "call"]);
    if (own &&
        direct &&
        (direct.type === "dictionary" || URL_HELPER.test(direct.childForFieldName("function")?.text ?? "")))
        return { src: own, node: direct };
    // A dict literal found through its entries (ENGINE, NAME, HOST…): the one most of them sit in.
    const votes = new Map();
    const entries = alias.value.kind === "dict" ? alias.value.entries : new Map();
    for (const v of entries.values()) {
        const o = v.origin;
        const src = o && source(o.file);
        if (!o || !src)
            continue;
        let n = src.tree.rootNode.descendantForPosition({ row: o.line - 1, column: o.column - 1 });
        while (n && n.type !== "pair")
            n = n.parent;
        const dict = n?.parent;
        if (dict?.type !== "dictionary")
            continue;
        const k = `${src.path}:${dict.startIndex}`;
        const seen = votes.get(k) ?? { src, node: dict, count: 0 };
        seen.count++;
        votes.set(k, seen);
    }
    const best = [...votes.values()].sort((a, b) => b.count - a.count)[0];
    return best ? { src: best.src, node: best.node } : undefined;
}
/** The OPTIONS entries `fix` wants, as Python source, in order. */
function wantedOptions(src, opts) {
    const env = (name, fallback) => {
        const read = `os.environ.get(${pyString(src, name)}, ${pyString(src, fallback)})`;
        return needsExpansion(fallback) ? `os.path.expanduser(os.path.expandvars(${read}))` : read;
    };
    const out = [
        ["sslmode", pyString(src, "verify-full")],
        ["sslrootcert", env("DB_SSLROOTCERT", opts.rootCert)],
    ];
    if (opts.clientCert)
        out.push(["sslcert", env("DB_SSLCERT", opts.clientCert)]);
    if (opts.clientKey)
        out.push(["sslkey", env("DB_SSLKEY", opts.clientKey)]);
    return out;
}
function pairs(dict) {
    const out = [];
    for (const p of dict.namedChildren) {
        if (p?.type !== "pair")
            continue;
        const k = stringValue(p.childForFieldName("key"));
        const v = p.childForFieldName("value");
        if (k !== undefined && v)
            out.push({ key: k, pair: p, value: v });
    }
    return out;
}
/** A literal alias dict: change or add OPTIONS entries inside it. */
function fixAliasDict(src, dict, alias, opts) {
    const existing = pairs(dict).find((p) => p.key === "OPTIONS");
    const wanted = wantedOptions(src, opts);
    if (!existing) {
        const body = wanted.map(([k, v]) => [pyString(src, k), v]);
        return {
            edits: insertPair(src, dict, pyString(src, "OPTIONS"), body),
            summary: `adds OPTIONS with ${wanted.map(([k]) => k).join(", ")}`,
        };
    }
    if (existing.value.type !== "dictionary")
        return {
            refused: `OPTIONS of '${alias.alias}' is ${oneLine(existing.value.text)}, not a dict literal: change it by hand`,
        };
    const options = pairs(existing.value);
    const edits = [];
    const changes = [];
    const missing = [];
    for (const [k, v] of wanted) {
        const have = options.find((p) => p.key === k);
        if (!have) {
            missing.push([pyString(src, k), v]);
            changes.push(`adds ${k}`);
            continue;
        }
        if (k !== "sslmode") {
            // An explicit certificate path is the user's choice, but libpq expands neither $VAR nor ~: once verify-full
            // is set, a literal "$HOME/…" would fail every connection, so Python expands it where the app runs.
            const expand = expandPath(have.value);
            if (expand) {
                edits.push(expand);
                changes.push(`${k} ${oneLine(have.value.text)} expanded at run time (libpq expands neither $VAR nor ~)`);
            }
            continue;
        }
        const change = setSslmode(have.value, alias);
        if ("refused" in change)
            return change;
        if (change.edit) {
            edits.push(change.edit);
            changes.push(change.words);
        }
    }
    if (missing.length > 0)
        edits.push(...insertPair(src, existing.value, undefined, missing));
    return { edits, summary: changes.join("; ") || "nothing" };
}
/** sslmode written as a literal or an env read with a weak default: make it verify-full. */
function setSslmode(value, alias) {
    const literal = stringValue(value);
    if (literal !== undefined)
        return literal === "verify-full"
            ? { words: "" }
            : {
                edit: replace(value, keepQuote(value, "verify-full")),
                words: `sslmode '${literal}' → 'verify-full'`,
            };
    if (value.type === "call") {
        const fn = value.childForFieldName("function")?.text ?? "";
        const args = value.childForFieldName("arguments");
        const positional = args?.namedChildren.filter((a) => a?.type !== "keyword_argument") ?? [];
        const keyword = args?.namedChildren.find((a) => a?.type === "keyword_argument" && a.childForFieldName("name")?.text === "default");
        const fallback = keyword?.childForFieldName("value") ?? positional[1];
        if (ENV_READERS.test(fn) && fallback && stringValue(fallback) !== undefined) {
            const was = stringValue(fallback);
            return was === "verify-full"
                ? { words: "" }
                : {
                    edit: replace(fallback, keepQuote(fallback, "verify-full")),
                    words: `default of ${oneLine(fn)}(…) '${was}' → 'verify-full'`,
                };
        }
        if (ENV_READERS.test(fn))
            return {
                refused: `sslmode of '${alias.alias}' comes from ${oneLine(value.text)} without a default: set that variable to verify-full where it is deployed`,
            };
    }
    if (value.type === "subscript" && /^os\.environ\s*\[/.test(value.text))
        return {
            refused: `sslmode of '${alias.alias}' comes from ${oneLine(value.text)} without a default: set that variable to verify-full where it is deployed`,
        };
    return { refused: `sslmode of '${alias.alias}' is computed (${oneLine(value.text)}): change it by hand` };
}
/**
 * An alias built by dj_database_url / django-environ: drop ssl_require=True, make a URL literal say verify-full,
 * and set OPTIONS right after the statement (OPTIONS win over the URL's query string in both libraries).
 */
function fixAliasCall(src, call, alias, opts) {
    const target = assignmentTarget(src, call);
    if (!target)
        return {
            refused: `DATABASES['${alias.alias}'] comes from ${oneLine(call.text)} inside an expression fix cannot follow: set OPTIONS by hand`,
        };
    const edits = [];
    const changes = [];
    const args = call.childForFieldName("arguments");
    const items = (args?.children ?? []).filter((c) => c !== null);
    const sslRequire = items.find((c) => c.type === "keyword_argument" && c.childForFieldName("name")?.text === "ssl_require");
    if (sslRequire) {
        edits.push(removeArgument(items, sslRequire));
        changes.push("drops ssl_require=True");
    }
    let rootCert = opts.rootCert;
    for (const arg of args?.namedChildren ?? []) {
        const str = arg?.type === "keyword_argument" ? arg.childForFieldName("value") : arg;
        const url = stringValue(str);
        if (!str || url === undefined || !/^[a-z][a-z0-9+.-]*:\/\//i.test(url))
            continue;
        // A certificate the URL already names is the user's choice: it stays the fallback.
        const named = /[?&]sslrootcert=([^&#]+)/i.exec(url)?.[1];
        if (named)
            rootCert = decodeURIComponent(named);
        const rewritten = url.replace(/([?&]sslmode=)[^&#]*/i, "$1verify-full");
        if (rewritten !== url) {
            edits.push(replace(str, keepQuote(str, rewritten)));
            changes.push("the URL's sslmode → verify-full");
        }
    }
    const stmt = target.statement;
    const indent = lineIndent(src, stmt);
    const q = (s) => pyString(src, s);
    const entries = wantedOptions(src, { ...opts, rootCert })
        .map(([k, v]) => `${q(k)}: ${v}`)
        .join(", ");
    const line = `${indent}${target.expr}[${q("OPTIONS")}] = {**${target.expr}.get(${q("OPTIONS")}, {}), ${entries}}`;
    const at = endOfLine(src.text, stmt.endIndex);
    edits.push({ start: at, end: at, text: `\n${line}` });
    changes.push(`sets ${target.expr}["OPTIONS"] after the statement ending at line ${stmt.endPosition.row + 1}`);
    return { edits, summary: changes.join("; ") };
}
/**
 * `DATABASES = {"default": CALL}` → `DATABASES["default"]`; `DATABASES["replica"] = CALL` → that; `db = CALL` → `db`.
 * Anything else (the call inside another call, a comprehension) is not followed.
 */
function assignmentTarget(src, call) {
    const keys = [];
    let n = call;
    for (let depth = 0; depth < 20; depth++) {
        const parent = n.parent;
        if (!parent)
            return undefined;
        if (parent.type === "pair" && parent.childForFieldName("value")?.id === n.id) {
            const k = stringValue(parent.childForFieldName("key"));
            const dict = parent.parent;
            if (k === undefined || dict?.type !== "dictionary")
                return undefined;
            keys.unshift(k);
            n = dict;
            continue;
        }
        if (parent.type === "assignment" && parent.childForFieldName("right")?.id === n.id) {
            const left = parent.childForFieldName("left");
            const stmt = parent.parent;
            if (!left || stmt?.type !== "expression_statement")
                return undefined;
            if (left.type !== "identifier" && left.type !== "subscript")
                return undefined;
            return { expr: left.text + keys.map((k) => `[${pyString(src, k)}]`).join(""), statement: stmt };
        }
        return undefined;
    }
    return undefined;
}
/** Removes one argument and the comma that separates it from its neighbour. */
function removeArgument(items, arg) {
    const i = items.indexOf(arg);
    const before = items[i - 1];
    const after = items[i + 1];
    if (before?.type === ",")
        return { start: (items[i - 2] ?? before).endIndex, end: arg.endIndex, text: "" };
    if (after?.type === ",")
        return { start: arg.startIndex, end: (items[i + 2] ?? after).startIndex, text: "" };
    return { start: arg.startIndex, end: arg.endIndex, text: "" };
}
/**
 * Adds `key: value` entries at the end of a dict literal, in its layout: one per line with the indentation of the
 * entries above (trailing comma kept if the dict uses one), or inline for a one-line dict. When `key` is given the
 * entries become a nested dict under it.
 */
function insertPair(src, dict, key, entries) {
    const items = dict.namedChildren.filter((c) => c?.type === "pair" || c?.type === "dictionary_splat");
    const last = items[items.length - 1];
    const close = dict.lastChild;
    // One entry per line only when the closing brace has a line of its own; `{…\n  "HOST": "x"}` is extended inline.
    const multiLine = last ? close.startPosition.row > last.endPosition.row : false;
    const inline = (es) => es.map(([k, v]) => `${k}: ${v}`).join(", ");
    if (!last || !multiLine) {
        const text = key ? `${key}: {${inline(entries)}}` : inline(entries);
        if (!last)
            return [replace(dict, `{${text}}`)];
        const comma = last.nextSibling?.type === ",";
        const at = comma ? last.nextSibling.endIndex : last.endIndex;
        return [{ start: at, end: at, text: `${comma ? " " : ", "}${text}` }];
    }
    const indent = lineIndent(src, last);
    const trailing = last.nextSibling?.type === ",";
    const nested = (es) => `{\n${es.map(([k, v]) => `${indent}${src.indentUnit}${k}: ${v},`).join("\n")}\n${indent}}`;
    const lines = key
        ? [`${indent}${key}: ${nested(entries)}${trailing ? "," : ""}`]
        : entries.map(([k, v], i) => `${indent}${k}: ${v}${trailing || i < entries.length - 1 ? "," : ""}`);
    const out = [];
    if (!trailing)
        out.push({ start: last.endIndex, end: last.endIndex, text: "," });
    // After the last entry's line, so a comment at the end of that line stays where it is.
    const at = endOfLine(src.text, trailing ? last.nextSibling.endIndex : last.endIndex);
    out.push({ start: at, end: at, text: `\n${lines.join("\n")}` });
    return out;
}
function replace(n, text) {
    return { start: n.startIndex, end: n.endIndex, text };
}
/** A new string literal with the quotes and prefix of the one it replaces. */
function keepQuote(n, value) {
    const m = /^([rRuU]?)('''|"""|'|")/.exec(n.text);
    const prefix = m?.[1] ?? "";
    const q = m?.[2] ?? '"';
    const escaped = prefix ? value : value.replace(/\\/g, "\\\\");
    return `${prefix}${q}${q.length === 1 ? escaped.split(q).join(`\\${q}`) : escaped}${q}`;
}
function oneLine(text) {
    const t = text.replace(/\s+/g, " ").trim();
    return t.length > 80 ? `${t.slice(0, 77)}…` : t;
}
/** A path libpq would take literally although it was meant expanded ($VAR, ${VAR}, a leading ~). */
function needsExpansion(path) {
    const form = unexpandedForm(path, "literal");
    return form !== undefined && !/^(PowerShell|cmd)'s /.test(form);
}
/** `"$HOME/ca.crt"` → `os.path.expanduser(os.path.expandvars("$HOME/ca.crt"))`; undefined for anything else. */
function expandPath(value) {
    const text = stringValue(value);
    if (text === undefined || !needsExpansion(text))
        return undefined;
    return replace(value, `os.path.expanduser(os.path.expandvars(${value.text}))`);
}
//# sourceMappingURL=plan-fixes.js.map