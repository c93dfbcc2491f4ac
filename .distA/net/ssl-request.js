import { frameMessage, parseErrorResponse, parseSslReply } from "../pgwire/backend.js";
import { sslRequest } from "../pgwire/frontend.js";
import { Connection, msLeft } from "./connection.js";
/**
 * How long to listen after `S` for bytes that should not be there. A genuine server says nothing until the
 * ClientHello arrives, so anything in this window was sent unprompted (the CVE-2021-23222 pattern).
 */
export const AFTER_S_GRACE_MS = 40;
/** Opens a connection and sends SSLRequest; on `S` the connection is ready for a TLS handshake. */
export async function requestSsl(host, port, limit) {
    const conn = await Connection.open(host, port, limit);
    if (!(conn instanceof Connection))
        return { unreachable: conn.error };
    conn.write(sslRequest());
    const r = await conn.waitFor((b) => {
        const reply = parseSslReply(b);
        return reply.kind === "incomplete" ? undefined : reply;
    }, limit);
    if (r.kind !== "ok") {
        conn.close();
        if (r.kind === "overflow")
            return { answer: { kind: "closed", error: "too many bytes" } };
        return { answer: r };
    }
    const reply = r.value;
    if (reply.kind === "E") {
        // Servers older than SSLRequest answer with an ErrorResponse.
        const e = await conn.waitFor((b) => {
            const f = frameMessage(b);
            return f.kind === "incomplete" ? undefined : f;
        }, limit);
        conn.close();
        const error = e.kind === "ok" && e.value.kind === "message" ? parseErrorResponse(e.value.message.body) : undefined;
        return { answer: { kind: "E", ...(error ? { error } : {}) } };
    }
    if (reply.kind === "other") {
        conn.close();
        return { answer: { kind: "other", byte: reply.byte } };
    }
    if (reply.kind === "N") {
        conn.close();
        return { answer: { kind: "N", extraBytes: reply.extra } };
    }
    await conn.waitFor((b) => (b.length > 1 ? true : undefined), Math.min(AFTER_S_GRACE_MS, msLeft(limit)));
    const extraBytes = conn.buffer.length - 1;
    conn.consume(1);
    return { answer: { kind: "S", extraBytes }, conn };
}
//# sourceMappingURL=ssl-request.js.map