/**
 * SCRAM-SHA-256 client (RFC 5802, RFC 7677) as PostgreSQL speaks it: pure functions over strings, node:crypto only.
 *
 * PostgreSQL takes the user name from the StartupMessage and ignores the SCRAM one, so the client-first-message
 * carries an empty `n=` (as libpq sends it). No channel binding: the gs2 header is `n,,` and the client-final
 * `c=biws` (base64 of "n,,"); `prove` logs in over TLS that is always verified, so binding adds nothing there.
 *
 * Everything the server sends is hostile until proven otherwise: every field of the server-first-message is
 * validated (nonce prefix, base64 salt, iteration count bounded so that a server cannot make the client burn CPU),
 * and a malformed message is a ScramError with a reason, never a crash. No error message ever contains the
 * password or anything derived from it.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from "node:crypto";
/** Fewest PBKDF2 iterations accepted: RFC 7677 requires at least 4096 of the server, but 1 is still computable. */
export const MIN_SCRAM_ITERATIONS = 1;
/**
 * Most PBKDF2 iterations accepted. PostgreSQL's default is 4096 (PostgreSQL 16's scram_iterations can raise it);
 * a server asking for millions would hold the (synchronous) client for seconds per login.
 */
export const MAX_SCRAM_ITERATIONS = 100_000;
/** Random bytes in a generated client nonce: libpq's SCRAM_RAW_NONCE_LEN. */
const NONCE_BYTES = 18;
/** The gs2 header "n,," (no channel binding), base64: the `c=` attribute of the client-final-message. */
const GS2_HEADER = "n,,";
const CHANNEL_BINDING = Buffer.from(GS2_HEADER).toString("base64");
/** Longest server-first-message parsed; PostgreSQL's is ~100 characters. */
const MAX_SERVER_MESSAGE_CHARS = 4096;
export class ScramError extends Error {
    name = "ScramError";
}
/** printable = %x21-2B / %x2D-7E: printable ASCII except ','. */
const PRINTABLE = /^[\x21-\x2b\x2d-\x7e]+$/;
/** Strict base64 (RFC 4648 alphabet, canonical padding). */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/**
 * The client-first-message. `nonce` defaults to 18 random bytes in base64 (what libpq sends); a given nonce must
 * be printable ASCII without ','.
 */
export function scramClientFirst(nonce) {
    const n = nonce ?? randomBytes(NONCE_BYTES).toString("base64");
    if (!PRINTABLE.test(n))
        throw new ScramError("client nonce must be printable ASCII without ','");
    const bare = `n=,r=${n}`;
    return { message: `${GS2_HEADER}${bare}`, bare, nonce: n };
}
/**
 * server-first-message = [reserved-mext ","] nonce "," salt "," iteration-count ["," extensions]. Like libpq,
 * the attributes must come exactly as r, s, i, with nothing after them; a mandatory extension (`m=`) is refused
 * as RFC 5802 requires.
 */
export function parseServerFirst(serverFirst, clientNonce) {
    if (typeof serverFirst !== "string" || serverFirst.length === 0)
        throw new ScramError("empty server-first-message");
    if (serverFirst.length > MAX_SERVER_MESSAGE_CHARS)
        throw new ScramError(`server-first-message longer than ${MAX_SERVER_MESSAGE_CHARS} characters`);
    if (serverFirst.startsWith("m="))
        throw new ScramError("server-first-message has a mandatory extension (m=), which is not supported");
    if (serverFirst.startsWith("e="))
        throw new ScramError(`server error in server-first-message: ${printableExcerpt(serverFirst.slice(2))}`);
    const parts = serverFirst.split(",");
    const names = parts.map((p) => p.slice(0, 2));
    if (parts.length !== 3 || names[0] !== "r=" || names[1] !== "s=" || names[2] !== "i=")
        throw new ScramError("malformed server-first-message: expected exactly r=…,s=…,i=…");
    const [r, s, i] = parts.map((p) => p.slice(2));
    if (!PRINTABLE.test(r))
        throw new ScramError("server nonce is empty or not printable ASCII");
    if (!r.startsWith(clientNonce) || r.length <= clientNonce.length)
        throw new ScramError("server nonce does not extend the client nonce (replayed or tampered exchange)");
    if (s.length === 0 || !BASE64.test(s))
        throw new ScramError("salt is empty or not valid base64");
    const salt = Buffer.from(s, "base64");
    if (salt.length === 0)
        throw new ScramError("salt is empty");
    if (!/^[0-9]{1,10}$/.test(i))
        throw new ScramError("iteration count is not a decimal number");
    const iterations = Number(i);
    if (iterations < MIN_SCRAM_ITERATIONS || iterations > MAX_SCRAM_ITERATIONS)
        throw new ScramError(`iteration count ${iterations} outside ${MIN_SCRAM_ITERATIONS}..${MAX_SCRAM_ITERATIONS}`);
    return { nonce: r, salt, iterations };
}
/**
 * The client-final-message (with the proof) and the ServerSignature the server-final-message must carry.
 * `clientFirstBare` is used as given (PostgreSQL's is `n=,r=<nonce>`; RFC 7677's test vector has `n=user`).
 */
export function scramClientFinal(o) {
    const first = parseServerFirst(o.serverFirst, o.clientNonce);
    const withoutProof = `c=${CHANNEL_BINDING},r=${first.nonce}`;
    const authMessage = `${o.clientFirstBare},${o.serverFirst},${withoutProof}`;
    const saltedPassword = pbkdf2Sync(saslPrep(o.password), first.salt, first.iterations, 32, "sha256");
    const clientKey = hmac(saltedPassword, "Client Key");
    const storedKey = createHash("sha256").update(clientKey).digest();
    const clientSignature = hmac(storedKey, authMessage);
    const proof = Buffer.alloc(clientKey.length);
    for (let k = 0; k < proof.length; k++)
        proof[k] = clientKey[k] ^ clientSignature[k];
    const serverKey = hmac(saltedPassword, "Server Key");
    const serverSignature = hmac(serverKey, authMessage);
    return {
        message: `${withoutProof},p=${proof.toString("base64")}`,
        expectedServerSignature: serverSignature.toString("base64"),
    };
}
/**
 * server-final-message = (server-error / verifier) ["," extensions]. True only for `v=<signature>` equal to the
 * expected one (compared in constant time); an `e=` error, garbage or a wrong signature is false.
 */
export function verifyServerFinal(serverFinal, expected) {
    if (typeof serverFinal !== "string" || typeof expected !== "string")
        return false;
    const m = /^v=([A-Za-z0-9+/=]+)$/.exec(serverFinal);
    if (!m || !BASE64.test(m[1]) || !BASE64.test(expected))
        return false;
    const got = Buffer.from(m[1], "base64");
    const want = Buffer.from(expected, "base64");
    return got.length === want.length && want.length > 0 && timingSafeEqual(got, want);
}
/** The server's `e=` reason in a server-final-message, if that is what it is. */
export function serverFinalError(serverFinal) {
    return serverFinal.startsWith("e=") ? printableExcerpt(serverFinal.slice(2)) : undefined;
}
/** RFC 3454 B.1, "commonly mapped to nothing". */
function mappedToNothing(cp) {
    return (cp === 0xad ||
        cp === 0x34f ||
        cp === 0x1806 ||
        (cp >= 0x180b && cp <= 0x180d) ||
        (cp >= 0x200b && cp <= 0x200d) ||
        cp === 0x2060 ||
        (cp >= 0xfe00 && cp <= 0xfe0f) ||
        cp === 0xfeff);
}
/** RFC 3454 C.1.2, non-ASCII spaces (mapped to SPACE). */
function nonAsciiSpace(cp) {
    return (cp === 0xa0 ||
        cp === 0x1680 ||
        (cp >= 0x2000 && cp <= 0x200b) ||
        cp === 0x202f ||
        cp === 0x205f ||
        cp === 0x3000);
}
/**
 * A subset of SASLprep's prohibited output: controls (C.2), private use (C.3), non-characters (C.4), surrogate
 * code points (C.5).
 */
function prohibited(cp) {
    return (cp <= 0x1f ||
        (cp >= 0x7f && cp <= 0x9f) ||
        (cp >= 0xd800 && cp <= 0xdfff) ||
        (cp >= 0xe000 && cp <= 0xf8ff) ||
        (cp >= 0xf0000 && cp <= 0x10ffff) ||
        (cp >= 0xfdd0 && cp <= 0xfdef) ||
        (cp & 0xfffe) === 0xfffe);
}
/**
 * SASLprep (RFC 4013), approximated the way PostgreSQL's pg_saslprep behaves where it matters: a pure-ASCII
 * password is used unchanged (even with control characters); otherwise non-ASCII spaces become spaces, "mapped to
 * nothing" characters are removed and the result is NFKC-normalized. When the result would be empty or contains
 * prohibited characters, PostgreSQL uses the raw password, and so does this. Not modelled: unassigned code points
 * (PostgreSQL treats them as prohibited, i.e. uses the raw password) and the bidirectional-text check; a password
 * hitting either is exotic enough to be reported as an authentication failure rather than guessed at.
 */
export function saslPrep(password) {
    const cps = Array.from(password, (ch) => ch.codePointAt(0));
    if (cps.every((cp) => cp <= 0x7f))
        return password;
    // U+200B is in both tables; like pg_saslprep, the space mapping is checked first.
    const mapped = cps
        .map((cp) => (nonAsciiSpace(cp) ? " " : mappedToNothing(cp) ? "" : String.fromCodePoint(cp)))
        .join("")
        .normalize("NFKC");
    const out = Array.from(mapped, (ch) => ch.codePointAt(0));
    if (out.length === 0 || out.some(prohibited))
        return password;
    return mapped;
}
function hmac(key, data) {
    return createHmac("sha256", key).update(data, "utf8").digest();
}
function printableExcerpt(s) {
    const flat = s.replace(/[^\x20-\x7e]+/g, " ").trim();
    return flat.length > 100 ? `${flat.slice(0, 100)}…` : flat;
}
//# sourceMappingURL=scram.js.map