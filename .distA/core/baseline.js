import { createHash } from "node:crypto";
import { redactSecrets } from "./redact.js";
/**
 * A baseline records the findings a team has accepted so that CI fails only on new ones
 * (`--write-baseline FILE`, then `--baseline FILE`). Pure functions; the CLI reads and writes the file.
 *
 * A finding is keyed by its rule, where it is (the file, or the endpoint of a live finding), its settings module
 * and alias, and a hash of the offending source line — not the line number, so that lines added or removed above a
 * finding do not bring it back, while editing the offending line does. Identical lines in one file are told apart
 * by an occurrence index (the first such line, the second, …).
 */
export const BASELINE_VERSION = 1;
/** A baseline is a few hundred bytes per finding; a file larger than this is not one. */
export const MAX_BASELINE_BYTES = 10 * 1024 * 1024;
/** For reports that have no source tree at hand (live findings, or a formatter on its own). */
export const NO_SOURCE = () => undefined;
function sha256(text) {
    return createHash("sha256").update(text, "utf8").digest("hex");
}
/**
 * The offending code as it is hashed: secrets masked first (so that the hash of a line holding a password is not a
 * way to test guesses of it), then whitespace collapsed (re-indenting or re-aligning is not a change).
 */
export function normalizeCode(line) {
    return redactSecrets(line).replace(/\s+/g, " ").trim();
}
/**
 * Rules put findings about something absent (no `SECURE_HSTS_SECONDS`) or about a file as a whole (a key file's
 * mode, a file that could not be parsed) at 1:1. Line 1 is then not the offending code — a line inserted at the top
 * of the file would otherwise bring such findings back — so they are keyed by the file alone.
 */
function isFileAnchor(f) {
    return f.location !== undefined && f.location.line === 1 && f.location.column === 1;
}
/** Hash of the normalized offending line; "" for live findings and file-level anchors (nothing to hash). */
function codeHash(f, read) {
    if (!f.location || isFileAnchor(f))
        return "";
    return sha256(normalizeCode(read(f.location.file, f.location.line) ?? ""));
}
/** The identifying fields of an entry; the endpoint is redacted (a URL may carry a password). */
function identity(f) {
    return {
        ruleId: f.ruleId,
        ...(f.location
            ? { file: f.location.file }
            : f.endpoint !== undefined
                ? { endpoint: redactSecrets(f.endpoint) }
                : {}),
        ...(f.settingsModule !== undefined ? { settingsModule: f.settingsModule } : {}),
        ...(f.alias !== undefined ? { alias: f.alias } : {}),
    };
}
function identityKey(id) {
    return JSON.stringify([
        id.ruleId,
        id.file ?? "",
        id.endpoint ?? "",
        id.settingsModule ?? "",
        id.alias ?? "",
    ]);
}
/**
 * Copies of `findings`, each with its baseline `fingerprint` set (a fingerprint already present is kept).
 * Occurrence index: among findings of one rule, file, module and alias whose lines hash the same, the n-th distinct
 * line number gets n — several findings on one line share it.
 */
export function fingerprintFindings(findings, read) {
    const keyed = findings.map((f) => ({ f, group: `${identityKey(identity(f))}|${codeHash(f, read)}` }));
    const linesOf = new Map();
    for (const { f, group } of keyed) {
        const line = f.location?.line ?? 0;
        const lines = linesOf.get(group) ?? [];
        if (!lines.includes(line))
            lines.push(line);
        linesOf.set(group, lines);
    }
    for (const lines of linesOf.values())
        lines.sort((a, b) => a - b);
    return keyed.map(({ f, group }) => {
        if (f.fingerprint)
            return { ...f };
        const occurrence = (linesOf.get(group) ?? []).indexOf(f.location?.line ?? 0);
        return { ...f, fingerprint: sha256(`wirewarden-baseline/${BASELINE_VERSION}|${group}|${occurrence}`) };
    });
}
function compareEntries(a, b) {
    const ka = `${identityKey(a)}|${a.fingerprint}`;
    const kb = `${identityKey(b)}|${b.fingerprint}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
}
/**
 * The baseline of fingerprinted findings: one entry per fingerprint, sorted, with ids and paths only (no message,
 * evidence or value), so the file is the same for the same findings and safe to commit.
 */
export function buildBaseline(findings) {
    const byPrint = new Map();
    for (const f of findings) {
        if (!f.fingerprint || byPrint.has(f.fingerprint))
            continue;
        byPrint.set(f.fingerprint, { fingerprint: f.fingerprint, ...identity(f) });
    }
    return {
        version: BASELINE_VERSION,
        tool: "wirewarden",
        entries: [...byPrint.values()].sort(compareEntries),
    };
}
export function serializeBaseline(baseline) {
    return `${JSON.stringify(baseline, null, 2)}\n`;
}
const OPTIONAL_FIELDS = ["file", "endpoint", "settingsModule", "alias"];
/** Parses a baseline file's text; the error is a phrase that completes "--baseline FILE …". */
export function parseBaseline(text) {
    let data;
    try {
        data = JSON.parse(text);
    }
    catch {
        // Not the parser's message: V8 quotes the start of the text, and the file given may hold anything.
        return { error: "is not JSON" };
    }
    if (typeof data !== "object" || data === null || Array.isArray(data) || !("version" in data))
        return { error: "is not a wirewarden baseline (no version field)" };
    if (data.version !== BASELINE_VERSION) {
        const v = data.version;
        const shown = typeof v === "number" || (typeof v === "string" && v.length <= 20) ? JSON.stringify(v) : "another";
        return {
            error: `has version ${shown}; this wirewarden reads version ${BASELINE_VERSION} (write it again with --write-baseline)`,
        };
    }
    const raw = "entries" in data ? data.entries : undefined;
    if (!Array.isArray(raw))
        return { error: "is not a wirewarden baseline (no entries list)" };
    const entries = [];
    for (const [i, e] of raw.entries()) {
        if (typeof e !== "object" || e === null)
            return { error: `is not a wirewarden baseline (entry ${i})` };
        const { fingerprint, ruleId } = e;
        if (typeof fingerprint !== "string" || !/^[0-9a-f]{64}$/.test(fingerprint) || typeof ruleId !== "string")
            return { error: `is not a wirewarden baseline (entry ${i} has no fingerprint or ruleId)` };
        const entry = { fingerprint, ruleId };
        for (const key of OPTIONAL_FIELDS) {
            const value = e[key];
            if (typeof value === "string")
                entry[key] = value;
        }
        entries.push(entry);
    }
    return { baseline: { version: BASELINE_VERSION, tool: "wirewarden", entries } };
}
/**
 * Splits fingerprinted findings into those the baseline does not know (kept) and those it does. A finding without
 * a fingerprint is always kept: nothing is hidden by accident.
 */
export function filterBaseline(findings, baseline) {
    const known = new Set(baseline.entries.map((e) => e.fingerprint));
    const kept = [];
    const suppressed = [];
    for (const f of findings)
        (f.fingerprint && known.has(f.fingerprint) ? suppressed : kept).push(f);
    return { kept, suppressed };
}
//# sourceMappingURL=baseline.js.map