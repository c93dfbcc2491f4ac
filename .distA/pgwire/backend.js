/** Parsing what a server (or anything pretending to be one) sends: bounded, total, never throws. */
/** Largest message the probe accepts: an ErrorResponse or ParameterStatus is tiny; anything bigger is hostile. */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/** One typed message (type byte, int32 length including itself, body) from the start of `buf`. */
export function frameMessage(buf, maxBytes = MAX_MESSAGE_BYTES) {
    if (buf.length < 5)
        return { kind: "incomplete" };
    const type = String.fromCharCode(buf[0]);
    const length = buf.readUInt32BE(1);
    if (length < 4)
        return { kind: "invalid", reason: `message '${printable(type)}' declares length ${length}` };
    if (length > maxBytes)
        return {
            kind: "invalid",
            reason: `message '${printable(type)}' declares ${length} bytes (limit ${maxBytes})`,
        };
    if (buf.length < 1 + length)
        return { kind: "incomplete" };
    return {
        kind: "message",
        message: { type, body: buf.subarray(5, 1 + length) },
        rest: buf.subarray(1 + length),
    };
}
/**
 * `S`/`N` must be the only byte: anything after `S` before the client's ClientHello is the CVE-2021-23222 class of
 * injection (a MitM pre-loading plaintext into the TLS stream), so `extra` counts it. `E` is an ErrorResponse from
 * a server too old for SSLRequest.
 */
export function parseSslReply(buf) {
    if (buf.length === 0)
        return { kind: "incomplete" };
    const b = buf[0];
    if (b === 0x53)
        return { kind: "S", extra: buf.length - 1 };
    if (b === 0x4e)
        return { kind: "N", extra: buf.length - 1 };
    if (b === 0x45)
        return { kind: "E" };
    return { kind: "other", byte: b };
}
/** Authentication request codes ('R' messages). */
export const AUTH_NAMES = {
    0: "AuthenticationOk (no password asked: trust)",
    2: "AuthenticationKerberosV5",
    3: "AuthenticationCleartextPassword",
    5: "AuthenticationMD5Password",
    7: "AuthenticationGSS",
    9: "AuthenticationSSPI",
    10: "AuthenticationSASL",
    11: "AuthenticationSASLContinue",
    12: "AuthenticationSASLFinal",
};
/** SASL mechanisms kept from one AuthenticationSASL (PostgreSQL offers two). */
export const MAX_MECHANISMS = 16;
export function parseAuthentication(body) {
    if (body.length < 4)
        return undefined;
    const code = body.readInt32BE(0);
    // Mechanism names end up in reports too: clipped like any server text, and no more than a server ever offers.
    const mechanisms = code === 10
        ? cStrings(body.subarray(4))
            .map(clip)
            .filter((s) => s.length > 0)
            .slice(0, MAX_MECHANISMS)
        : [];
    return { code, name: AUTH_NAMES[code] ?? `unknown authentication code ${code}`, mechanisms };
}
export function parseErrorResponse(body) {
    const fields = {};
    let i = 0;
    while (i < body.length && body[i] !== 0) {
        const key = String.fromCharCode(body[i]);
        const end = body.indexOf(0, i + 1);
        const stop = end < 0 ? body.length : end;
        fields[key] = clip(body.subarray(i + 1, stop).toString("utf8"));
        i = stop + 1;
    }
    return {
        severity: fields.V ?? fields.S ?? "",
        code: fields.C ?? "",
        message: fields.M ?? "",
        fields,
    };
}
export function parseParameterStatus(body) {
    const [name, value] = cStrings(body);
    return name !== undefined && value !== undefined ? { name: clip(name), value: clip(value) } : undefined;
}
function cStrings(buf) {
    const out = [];
    let i = 0;
    while (i < buf.length) {
        const end = buf.indexOf(0, i);
        if (end < 0)
            break;
        out.push(buf.subarray(i, end).toString("utf8"));
        i = end + 1;
    }
    return out;
}
/** Server text ends up in reports: keep it to one short line of printable characters. */
function clip(s) {
    // C0, DEL and C1 controls (ESC sequences, NEL) and the Unicode line and paragraph separators.
    const flat = s.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, " ").trim();
    return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
}
/** A message type byte for a report: itself when printable, `\xNN` otherwise (a server can send any byte). */
export function printable(c) {
    return /^[\x20-\x7e]$/.test(c) ? c : `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
}
/** DataRow: int16 column count, then per column int32 length (-1 = NULL, read as "") and the bytes. */
export function parseDataRow(body) {
    if (body.length < 2)
        return undefined;
    const n = body.readInt16BE(0);
    if (n < 0)
        return undefined;
    const out = [];
    let at = 2;
    for (let c = 0; c < n; c++) {
        if (at + 4 > body.length)
            return undefined;
        const len = body.readInt32BE(at);
        at += 4;
        if (len === -1) {
            out.push("");
            continue;
        }
        if (len < 0 || at + len > body.length)
            return undefined;
        out.push(body.subarray(at, at + len).toString("utf8"));
        at += len;
    }
    return at === body.length ? out : undefined;
}
//# sourceMappingURL=backend.js.map