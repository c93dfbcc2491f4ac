/**
 * Hand-built TLS ClientHellos and a reader for the server's first reply. Node's OpenSSL refuses to offer SSLv3,
 * TLS 1.0/1.1 or NULL/anonymous/EXPORT/RC4/DES suites, so — like nmap's ssl-enum-ciphers — the probe writes the
 * hello bytes itself and reads only the ServerHello (or alert). Pure functions over Buffers; no sockets here.
 */
import { randomBytes } from "node:crypto";
import { isIP } from "node:net";
import { domainToASCII } from "node:url";
export const TLS_VERSION = { SSLv3: 0x0300, TLSv1: 0x0301, "TLSv1.1": 0x0302, "TLSv1.2": 0x0303 };
const suites = (list) => list.map(([id, name]) => ({ id, name }));
/** No encryption at all (anonymous NULL suites too: no encryption is the worse half). */
export const NULL_SUITES = suites([
    [0x0001, "TLS_RSA_WITH_NULL_MD5"],
    [0x0002, "TLS_RSA_WITH_NULL_SHA"],
    [0x003b, "TLS_RSA_WITH_NULL_SHA256"],
    [0xc001, "TLS_ECDH_ECDSA_WITH_NULL_SHA"],
    [0xc006, "TLS_ECDHE_ECDSA_WITH_NULL_SHA"],
    [0xc00b, "TLS_ECDH_RSA_WITH_NULL_SHA"],
    [0xc010, "TLS_ECDHE_RSA_WITH_NULL_SHA"],
    [0xc015, "TLS_ECDH_anon_WITH_NULL_SHA"],
]);
/** No server authentication: anyone on the path can answer instead of the server. */
export const ANON_SUITES = suites([
    [0x0018, "TLS_DH_anon_WITH_RC4_128_MD5"],
    [0x001a, "TLS_DH_anon_WITH_DES_CBC_SHA"],
    [0x001b, "TLS_DH_anon_WITH_3DES_EDE_CBC_SHA"],
    [0x0034, "TLS_DH_anon_WITH_AES_128_CBC_SHA"],
    [0x003a, "TLS_DH_anon_WITH_AES_256_CBC_SHA"],
    [0x0046, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA"],
    [0x006c, "TLS_DH_anon_WITH_AES_128_CBC_SHA256"],
    [0x006d, "TLS_DH_anon_WITH_AES_256_CBC_SHA256"],
    [0x0089, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA"],
    [0x00a6, "TLS_DH_anon_WITH_AES_128_GCM_SHA256"],
    [0x00a7, "TLS_DH_anon_WITH_AES_256_GCM_SHA384"],
    [0xc016, "TLS_ECDH_anon_WITH_RC4_128_SHA"],
    [0xc017, "TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA"],
    [0xc018, "TLS_ECDH_anon_WITH_AES_128_CBC_SHA"],
    [0xc019, "TLS_ECDH_anon_WITH_AES_256_CBC_SHA"],
]);
/** 40/56-bit export-grade suites (FREAK, Logjam). */
export const EXPORT_SUITES = suites([
    [0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5"],
    [0x0006, "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5"],
    [0x0008, "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA"],
    [0x000b, "TLS_DH_DSS_EXPORT_WITH_DES40_CBC_SHA"],
    [0x000e, "TLS_DH_RSA_EXPORT_WITH_DES40_CBC_SHA"],
    [0x0011, "TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA"],
    [0x0014, "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA"],
    [0x0017, "TLS_DH_anon_EXPORT_WITH_RC4_40_MD5"],
    [0x0019, "TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA"],
]);
export const RC4_SUITES = suites([
    [0x0004, "TLS_RSA_WITH_RC4_128_MD5"],
    [0x0005, "TLS_RSA_WITH_RC4_128_SHA"],
    [0xc002, "TLS_ECDH_ECDSA_WITH_RC4_128_SHA"],
    [0xc007, "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA"],
    [0xc00c, "TLS_ECDH_RSA_WITH_RC4_128_SHA"],
    [0xc011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA"],
]);
/** Single DES and 3DES (Sweet32). */
export const DES_SUITES = suites([
    [0x0009, "TLS_RSA_WITH_DES_CBC_SHA"],
    [0x000a, "TLS_RSA_WITH_3DES_EDE_CBC_SHA"],
    [0x000c, "TLS_DH_DSS_WITH_DES_CBC_SHA"],
    [0x000d, "TLS_DH_DSS_WITH_3DES_EDE_CBC_SHA"],
    [0x000f, "TLS_DH_RSA_WITH_DES_CBC_SHA"],
    [0x0010, "TLS_DH_RSA_WITH_3DES_EDE_CBC_SHA"],
    [0x0012, "TLS_DHE_DSS_WITH_DES_CBC_SHA"],
    [0x0013, "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA"],
    [0x0015, "TLS_DHE_RSA_WITH_DES_CBC_SHA"],
    [0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA"],
    [0xc003, "TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA"],
    [0xc008, "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA"],
    [0xc00d, "TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA"],
    [0xc012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA"],
]);
/**
 * What a healthy server picks from, offered when the question is the protocol version rather than the suite. The
 * AES-CBC-SHA suites are here because they are all TLS 1.0/1.1 (and SSLv3, for the RSA ones) can negotiate.
 */
export const MODERN_SUITES = suites([
    [0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"],
    [0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"],
    [0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"],
    [0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"],
    [0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"],
    [0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"],
    [0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"],
    [0x009f, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"],
    [0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"],
    [0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"],
    [0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"],
    [0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"],
    [0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"],
    [0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"],
    [0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA"],
    [0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA"],
    [0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256"],
    [0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384"],
    [0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256"],
    [0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256"],
    [0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA"],
    [0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA"],
]);
/** Signals secure renegotiation support (RFC 5746); some servers refuse hellos without it. */
const EMPTY_RENEGOTIATION_INFO_SCSV = 0x00ff;
const NAMES = new Map([...NULL_SUITES, ...ANON_SUITES, ...EXPORT_SUITES, ...RC4_SUITES, ...DES_SUITES, ...MODERN_SUITES].map((s) => [s.id, s.name]));
NAMES.set(EMPTY_RENEGOTIATION_INFO_SCSV, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
const WEAKNESS = new Map([
    ...NULL_SUITES.map((s) => [s.id, "NULL"]),
    ...ANON_SUITES.map((s) => [s.id, "anonymous"]),
    ...EXPORT_SUITES.map((s) => [s.id, "EXPORT"]),
    ...RC4_SUITES.map((s) => [s.id, "RC4"]),
    ...DES_SUITES.map((s) => [s.id, s.name.includes("3DES") ? "3DES" : "DES"]),
]);
const hex4 = (n) => `0x${n.toString(16).toUpperCase().padStart(4, "0")}`;
export function suiteName(id) {
    return NAMES.get(id) ?? hex4(id);
}
export function weaknessOf(id) {
    return WEAKNESS.get(id);
}
const VERSION_NAMES = new Map([
    ...Object.entries(TLS_VERSION).map(([name, n]) => [n, name]),
    // Never offered, but a broken server may still answer with it.
    [0x0304, "TLSv1.3"],
]);
export function versionName(n) {
    return VERSION_NAMES.get(n) ?? hex4(n);
}
const CONTENT_ALERT = 21;
const CONTENT_HANDSHAKE = 22;
const HANDSHAKE_CLIENT_HELLO = 1;
const HANDSHAKE_SERVER_HELLO = 2;
/** RFC 5246 §6.2.3: a ciphertext record carries at most 2^14 + 2048 bytes; nothing longer is TLS. */
const MAX_RECORD_LENGTH = 16384 + 2048;
/** A ServerHello is under 1 KiB; a claim beyond this is garbage, not a reason to keep reading. */
const MAX_HANDSHAKE_LENGTH = 64 * 1024;
const u8 = (n) => Buffer.from([n]);
const u16 = (n) => Buffer.from([n >> 8, n & 0xff]);
const u24 = (n) => Buffer.from([n >> 16, (n >> 8) & 0xff, n & 0xff]);
const vec16 = (...parts) => {
    const body = Buffer.concat(parts);
    return Buffer.concat([u16(body.length), body]);
};
const extension = (type, body) => Buffer.concat([u16(type), vec16(body)]);
const GROUPS = [0x001d /* x25519 */, 0x0017 /* secp256r1 */, 0x0018 /* secp384r1 */];
const SIGNATURE_ALGORITHMS = [
    0x0804, // rsa_pss_rsae_sha256
    0x0403, // ecdsa_secp256r1_sha256
    0x0401, // rsa_pkcs1_sha256
    0x0503, // ecdsa_secp384r1_sha384
    0x0501, // rsa_pkcs1_sha384
    0x0201, // rsa_pkcs1_sha1
    0x0203, // ecdsa_sha1
];
/** The SNI host name, or undefined when there is none to send: RFC 6066 forbids IP literals and a trailing dot. */
function sniName(serverName) {
    if (!serverName || isIP(serverName.replace(/^\[|\]$/g, "")))
        return undefined;
    return domainToASCII(serverName.replace(/\.$/, "")) || undefined;
}
function extensions(version, serverName) {
    const list = [];
    const name = sniName(serverName);
    if (name)
        list.push(extension(0, vec16(u8(0), vec16(Buffer.from(name, "ascii")))));
    // Without supported_groups and ec_point_formats an RFC 4492 server may not pick any ECDHE suite.
    list.push(extension(10, vec16(...GROUPS.map(u16))));
    list.push(extension(11, Buffer.concat([u8(1), u8(0)])));
    // RFC 5246 §7.4.1.4.1: signature_algorithms is TLS 1.2 only, and clients offering earlier versions must not send it.
    if (version === "TLSv1.2")
        list.push(extension(13, vec16(...SIGNATURE_ALGORITHMS.map(u16))));
    return vec16(...list);
}
/**
 * One complete TLS record holding a ClientHello for exactly `version` (no supported_versions extension, so TLS 1.3
 * is never on offer). SSLv3 hellos carry no extensions, as SSLv3 has none.
 */
export function buildClientHello(o) {
    const random = o.random ?? randomBytes(32);
    if (random.length !== 32)
        throw new RangeError("the ClientHello random must be 32 bytes");
    const ids = [...new Set([...o.cipherSuites, EMPTY_RENEGOTIATION_INFO_SCSV])];
    if (ids.some((id) => !Number.isInteger(id) || id < 0 || id > 0xffff))
        throw new RangeError("cipher suite ids are 16-bit");
    const body = Buffer.concat([
        u16(TLS_VERSION[o.version]),
        random,
        u8(0), // empty session id: nothing to resume
        vec16(...ids.map(u16)),
        Buffer.concat([u8(1), u8(0)]), // compression: null only
        o.version === "SSLv3" ? Buffer.alloc(0) : extensions(o.version, o.serverName),
    ]);
    const handshake = Buffer.concat([u8(HANDSHAKE_CLIENT_HELLO), u24(body.length), body]);
    if (handshake.length > 16384)
        throw new RangeError("the ClientHello does not fit in one record");
    // Record version 0x0301 for every TLS hello, as OpenSSL and browsers send it: old servers reject anything higher.
    const recordVersion = o.version === "SSLv3" ? TLS_VERSION.SSLv3 : TLS_VERSION.TLSv1;
    return Buffer.concat([u8(CONTENT_HANDSHAKE), u16(recordVersion), u16(handshake.length), handshake]);
}
/**
 * Reads the records at the start of what the server sent until the first handshake message (which must be a
 * ServerHello) or an alert is complete. Every length is checked before it is used, so no input makes it throw.
 */
export function parseServerReply(buf) {
    let handshake = Buffer.alloc(0);
    for (let at = 0; at < buf.length;) {
        const type = buf[at];
        if (type !== CONTENT_HANDSHAKE && type !== CONTENT_ALERT)
            return { kind: "garbage", reason: `record type ${type} where a handshake or alert belongs` };
        if (at + 1 < buf.length && buf[at + 1] !== 3)
            return { kind: "garbage", reason: `record version major byte ${buf[at + 1]}, not 3` };
        if (at + 5 > buf.length)
            return { kind: "incomplete" };
        const length = buf.readUInt16BE(at + 3);
        if (length === 0 || length > MAX_RECORD_LENGTH)
            return { kind: "garbage", reason: `record length ${length}` };
        if (at + 5 + length > buf.length)
            return { kind: "incomplete" };
        const fragment = buf.subarray(at + 5, at + 5 + length);
        at += 5 + length;
        if (type === CONTENT_ALERT) {
            if (length !== 2)
                return { kind: "garbage", reason: `alert record of ${length} bytes` };
            return { kind: "alert", level: fragment[0], description: fragment[1] };
        }
        handshake = Buffer.concat([handshake, fragment]);
        if (handshake[0] !== HANDSHAKE_SERVER_HELLO)
            return { kind: "garbage", reason: `handshake message type ${handshake[0]} instead of ServerHello` };
        if (handshake.length < 4)
            continue;
        const bodyLength = handshake.readUIntBE(1, 3);
        if (bodyLength > MAX_HANDSHAKE_LENGTH)
            return { kind: "garbage", reason: `handshake message length ${bodyLength}` };
        if (handshake.length >= 4 + bodyLength)
            return serverHello(handshake.subarray(4, 4 + bodyLength));
    }
    return { kind: "incomplete" };
}
function serverHello(body) {
    // version(2) random(32) session_id_length(1) — then the session id, the suite(2) and compression(1).
    const sessionIdLength = body[34] ?? 0;
    if (sessionIdLength > 32 || body.length < 35 + sessionIdLength + 3)
        return { kind: "garbage", reason: `ServerHello of ${body.length} bytes is malformed` };
    return {
        kind: "server-hello",
        version: body.readUInt16BE(0),
        cipherSuite: body.readUInt16BE(35 + sessionIdLength),
    };
}
//# sourceMappingURL=client-hello.js.map