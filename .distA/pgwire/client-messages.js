/** What a client sends, read by the intercepting proxy: bounded, total, never throws. */
import { PROTOCOL_3_0, SSL_REQUEST_CODE } from "./frontend.js";
export const GSSENC_REQUEST_CODE = 80877104;
export const CANCEL_REQUEST_CODE = 80877102;
/** A StartupMessage is a few hundred bytes; 10 000 is PostgreSQL's own limit (MAX_STARTUP_PACKET_LENGTH). */
export const MAX_STARTUP_BYTES = 10_000;
/** The untyped first packet of a connection: SSLRequest, GSSENCRequest, CancelRequest or StartupMessage. */
export function parseFirstPacket(buf) {
    if (buf.length < 8)
        return { kind: "incomplete" };
    const length = buf.readInt32BE(0);
    const code = buf.readInt32BE(4);
    if (length < 8 || length > MAX_STARTUP_BYTES)
        return { kind: "invalid", reason: `startup packet length ${length}` };
    if (code === SSL_REQUEST_CODE)
        return { kind: "ssl-request", length };
    if (code === GSSENC_REQUEST_CODE)
        return { kind: "gssenc-request", length };
    if (code === CANCEL_REQUEST_CODE)
        return { kind: "cancel-request", length };
    if (buf.length < length)
        return { kind: "incomplete" };
    if (code >> 16 !== PROTOCOL_3_0 >> 16)
        return { kind: "invalid", reason: `protocol ${code >> 16}.${code & 0xffff} in the startup packet` };
    // No prototype: a client may name a parameter `__proto__`, and it must be kept like any other.
    const params = Object.create(null);
    const parts = buf.subarray(8, length).toString("utf8").split("\0");
    for (let i = 0; i + 1 < parts.length; i += 2) {
        const k = parts[i];
        if (k === "")
            break;
        params[k] = parts[i + 1].slice(0, 256);
    }
    return { kind: "startup", length, protocol: code, params };
}
/** SASLInitialResponse body: mechanism name, then int32 length and the client-first-message. */
export function parseSaslInitialResponse(body) {
    const end = body.indexOf(0);
    if (end < 0 || body.length < end + 5)
        return undefined;
    const mechanism = body.subarray(0, end).toString("utf8");
    const len = body.readInt32BE(end + 1);
    const data = len < 0 ? "" : body.subarray(end + 5, end + 5 + len).toString("utf8");
    return { mechanism, data };
}
//# sourceMappingURL=client-messages.js.map