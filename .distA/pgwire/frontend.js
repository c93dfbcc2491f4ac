/** Messages a client sends (the probe, the upstream session). Byte layouts: PostgreSQL protocol 3.0, "Message Formats". */
/** SSLRequest: length 8, then the magic 1234.5679 (80877103) instead of a protocol version. */
export const SSL_REQUEST_CODE = 80877103;
/** Protocol 3.0. */
export const PROTOCOL_3_0 = 196608;
/** Protocol 2.0: refused by every current server, in words that name the server. */
export const PROTOCOL_2_0 = 131072;
export function sslRequest() {
    const b = Buffer.alloc(8);
    b.writeInt32BE(8, 0);
    b.writeInt32BE(SSL_REQUEST_CODE, 4);
    return b;
}
/**
 * StartupMessage: length, protocol, then name/value C strings and a final NUL. The probe only ever sends a dummy
 * user, so whatever the server asks for next, it has nothing real to give away.
 */
export function startupMessage(params, protocol = PROTOCOL_3_0) {
    const parts = [];
    for (const [k, v] of Object.entries(params)) {
        if (k.includes("\0") || v.includes("\0"))
            throw new Error("startup parameters cannot contain NUL");
        parts.push(Buffer.from(`${k}\0${v}\0`, "utf8"));
    }
    parts.push(Buffer.from([0]));
    const body = Buffer.concat(parts);
    const head = Buffer.alloc(8);
    head.writeInt32BE(8 + body.length, 0);
    head.writeInt32BE(protocol, 4);
    return Buffer.concat([head, body]);
}
/** Terminate ('X'): a polite close after the first reply. */
export function terminate() {
    return Buffer.from([0x58, 0, 0, 0, 4]);
}
/** A typed message: one type byte, an int32 length that counts itself, the body. */
export function typedMessage(type, body) {
    const head = Buffer.alloc(5);
    head.write(type, 0, "latin1");
    head.writeInt32BE(body.length + 4, 1);
    return Buffer.concat([head, body]);
}
/** PasswordMessage / SASLResponse: both are 'p' with the bytes as given. */
export function passwordMessage(body) {
    return typedMessage("p", body);
}
/** SASLInitialResponse: 'p', mechanism name (C string), int32 length of the data, the data. */
export function saslInitialResponse(mechanism, data) {
    const len = Buffer.alloc(4);
    len.writeInt32BE(data.length, 0);
    return typedMessage("p", Buffer.concat([Buffer.from(`${mechanism}\0`, "ascii"), len, data]));
}
/** Query ('Q'): the simple query protocol. */
export function simpleQuery(sql) {
    return typedMessage("Q", Buffer.from(`${sql}\0`, "utf8"));
}
//# sourceMappingURL=frontend.js.map