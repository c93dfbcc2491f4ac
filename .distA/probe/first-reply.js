import { limitPhrase, MAX_BUFFERED_BYTES } from "../net/connection.js";
import { frameMessage, parseAuthentication, parseErrorResponse, parseParameterStatus, printable, } from "../pgwire/backend.js";
/** Most NoticeResponses a server may send before its real answer; more is a server playing games. */
const MAX_NOTICES = 16;
/** Parses the server's first answer to a StartupMessage from what has arrived; undefined: need more bytes. */
export function parseFirstReply(buf) {
    let rest = buf;
    for (let i = 0; i <= MAX_NOTICES; i++) {
        const framed = frameMessage(rest);
        if (framed.kind === "incomplete")
            return undefined;
        if (framed.kind === "invalid")
            return { kind: "invalid", reason: framed.reason };
        const { type, body } = framed.message;
        if (type === "R") {
            const auth = parseAuthentication(body);
            return auth ? { kind: "auth", auth } : { kind: "invalid", reason: "authentication message too short" };
        }
        if (type === "E")
            return { kind: "error", error: parseErrorResponse(body) };
        if (type !== "N")
            return { kind: "invalid", reason: `unexpected message '${printable(type)}' before authentication` };
        rest = framed.rest;
    }
    return { kind: "invalid", reason: `more than ${MAX_NOTICES} notices before authentication` };
}
/**
 * After AuthenticationOk (a trust entry let the dummy user in), the server reports ParameterStatus values and
 * ends with ReadyForQuery; collects them, or says the stream went wrong.
 */
export function parseStartupParameters(buf) {
    const parameters = {};
    let rest = buf;
    for (let i = 0; i < 256; i++) {
        const framed = frameMessage(rest);
        if (framed.kind === "incomplete")
            return undefined;
        if (framed.kind === "invalid")
            return { error: framed.reason };
        const { type, body } = framed.message;
        if (type === "S") {
            const p = parseParameterStatus(body);
            if (p)
                parameters[p.name] = p.value;
        }
        else if (type === "Z")
            return { parameters };
        // R (AuthenticationOk), K (BackendKeyData) and notices carry nothing the probe needs.
        else if (type === "E")
            return { error: parseErrorResponse(body).message };
        rest = framed.rest;
    }
    return { error: "too many messages before ReadyForQuery" };
}
/**
 * What went wrong after AuthenticationOk, in one line (undefined when the startup ended with ReadyForQuery): a
 * genuine server sends a few ParameterStatus messages and ReadyForQuery at once, so anything else is reported
 * rather than dropped.
 */
export function startupProblem(r, limit) {
    if (r.kind === "ok")
        return "error" in r.value ? `after AuthenticationOk, ${r.value.error}` : undefined;
    if (r.kind === "timeout")
        return `after AuthenticationOk, no ReadyForQuery ${limitPhrase(limit)}`;
    if (r.kind === "overflow")
        return `after AuthenticationOk, more than ${MAX_BUFFERED_BYTES} bytes without ReadyForQuery`;
    return `the connection closed after AuthenticationOk, before ReadyForQuery${r.error ? ` (${r.error})` : ""}`;
}
//# sourceMappingURL=first-reply.js.map