/** Messages a server sends, built by the intercepting proxy when it plays the server itself. */
import { typedMessage } from "./frontend.js";
function int32(n) {
    const b = Buffer.alloc(4);
    b.writeInt32BE(n, 0);
    return b;
}
export function authenticationCleartextPassword() {
    return typedMessage("R", int32(3));
}
/** AuthenticationSASL listing the mechanisms, e.g. ["SCRAM-SHA-256"]. */
export function authenticationSasl(mechanisms) {
    return typedMessage("R", Buffer.concat([int32(10), Buffer.from(`${mechanisms.join("\0")}\0\0`, "utf8")]));
}
export function errorResponse(code, text, severity = "FATAL") {
    return typedMessage("E", Buffer.from(`S${severity}\0V${severity}\0C${code}\0M${text}\0\0`, "utf8"));
}
/** AuthenticationOk: what a server that trusts the client sends at once, with no authentication at all. */
export function authenticationOk() {
    return typedMessage("R", int32(0));
}
/** AuthenticationMD5Password with the 4-byte salt the client must hash its password with. */
export function authenticationMd5Password(salt) {
    return typedMessage("R", Buffer.concat([int32(5), salt.subarray(0, 4)]));
}
/** AuthenticationSASLContinue carrying the SCRAM server-first-message. */
export function authenticationSaslContinue(data) {
    return typedMessage("R", Buffer.concat([int32(11), Buffer.from(data, "utf8")]));
}
export function parameterStatus(name, value) {
    return typedMessage("S", Buffer.from(`${name}\0${value}\0`, "utf8"));
}
export function backendKeyData(pid, secret) {
    return typedMessage("K", Buffer.concat([int32(pid), int32(secret)]));
}
/** ReadyForQuery, idle outside a transaction. */
export function readyForQuery() {
    return typedMessage("Z", Buffer.from("I", "latin1"));
}
//# sourceMappingURL=server-messages.js.map