import { X509Certificate } from "node:crypto";
import { createRequire } from "node:module";
const CURVE_BITS = {
    prime256v1: 256,
    secp256k1: 256,
    secp384r1: 384,
    secp521r1: 521,
    secp224r1: 224,
    secp192r1: 192,
    prime192v1: 192,
};
/**
 * The signature algorithms whose hash is read straight from the certificate's DER (the OID of its second field), as
 * @peculiar/x509 names it; test/probe/certificate-facts.test.ts checks both readings agree on every one of them.
 * Anything else (MD5, PSS, DSA, …) goes to the library.
 */
const SIGNATURE_HASH = {
    "1.2.840.113549.1.1.5": "SHA-1",
    "1.2.840.113549.1.1.11": "SHA-256",
    "1.2.840.113549.1.1.12": "SHA-384",
    "1.2.840.113549.1.1.13": "SHA-512",
    "1.2.840.10045.4.1": "SHA-1",
    "1.2.840.10045.4.3.2": "SHA-256",
    "1.2.840.10045.4.3.3": "SHA-384",
    "1.2.840.10045.4.3.4": "SHA-512",
    // Ed25519 signs without a separate hash.
    "1.3.101.112": null,
};
/** One DER TLV at `at`: its tag, and where its content starts and ends; undefined past the buffer. */
function tlv(der, at) {
    if (at + 2 > der.length)
        return undefined;
    const tag = der[at];
    let len = der[at + 1];
    let start = at + 2;
    if (len & 0x80) {
        const n = len & 0x7f;
        if (n === 0 || n > 4 || start + n > der.length)
            return undefined;
        len = 0;
        for (let i = 0; i < n; i++)
            len = len * 256 + der[start + i];
        start += n;
    }
    const end = start + len;
    return end <= der.length ? { tag, start, end } : undefined;
}
/** The dotted OID of Certificate.signatureAlgorithm (SEQUENCE { tbsCertificate, AlgorithmIdentifier, … }). */
export function signatureAlgorithmOid(der) {
    const cert = tlv(der, 0);
    if (cert?.tag !== 0x30)
        return undefined;
    const tbs = tlv(der, cert.start);
    if (tbs?.tag !== 0x30)
        return undefined;
    const alg = tlv(der, tbs.end);
    if (alg?.tag !== 0x30)
        return undefined;
    const oid = tlv(der, alg.start);
    if (oid?.tag !== 0x06 || oid.end - oid.start < 1 || oid.end - oid.start > 32)
        return undefined;
    const first = der[oid.start];
    const arcs = [Math.min(2, Math.floor(first / 40)), first - 40 * Math.min(2, Math.floor(first / 40))];
    let value = 0;
    for (let i = oid.start + 1; i < oid.end; i++) {
        const b = der[i];
        value = value * 128 + (b & 0x7f);
        if (!(b & 0x80)) {
            arcs.push(value);
            value = 0;
        }
    }
    return arcs.join(".");
}
/**
 * The names the fast path reads from Node's own parse, when it can say them unambiguously: DNS and IPv4 entries only,
 * nothing quoted or escaped. Undefined sends the certificate to the library.
 */
function plainNames(node) {
    const san = node.subjectAltName ?? "";
    const subject = node.subject;
    if (/["\\+]/.test(san) || /["\\+]/.test(subject))
        return undefined;
    const dnsNames = [];
    const ipAddresses = [];
    for (const entry of san === "" ? [] : san.split(", ")) {
        if (entry.startsWith("DNS:"))
            dnsNames.push(entry.slice(4));
        else if (/^IP Address:\d{1,3}(\.\d{1,3}){3}$/.test(entry))
            ipAddresses.push(entry.slice(11));
        else
            return undefined;
    }
    const cn = subject.split("\n").find((l) => l.startsWith("CN="));
    return { dnsNames, ipAddresses, ...(cn !== undefined ? { commonName: cn.slice(3) } : {}) };
}
/**
 * @peculiar/x509, loaded on first use: it takes ~130 ms to load, longer than a whole probe of a well-formed
 * certificate takes without it (issue 22). The certificates it is needed for are the unusual ones.
 */
let library;
function x509() {
    if (!library) {
        const require = createRequire(import.meta.url);
        require("reflect-metadata");
        library = require("@peculiar/x509");
    }
    return library;
}
/** Names and signature hash as @peculiar/x509 reads them: the reference reading, and the fallback. */
export function libraryReading(der) {
    const lib = x509();
    const parsed = new lib.X509Certificate(new Uint8Array(der));
    const san = parsed.getExtension(lib.SubjectAlternativeNameExtension);
    const names = san?.names.items ?? [];
    const hash = parsed.signatureAlgorithm.hash?.name;
    const commonName = parsed.subjectName.getField("CN")[0];
    return {
        dnsNames: names.filter((n) => n.type === "dns").map((n) => n.value),
        ipAddresses: names.filter((n) => n.type === "ip").map((n) => n.value),
        ...(commonName !== undefined ? { commonName } : {}),
        ...(hash ? { signatureHash: hash } : {}),
    };
}
/** The fast reading (Node's parser and the DER's signature OID), or undefined when only the library can say. */
export function fastReading(der, node = new X509Certificate(der)) {
    const oid = signatureAlgorithmOid(der);
    if (oid === undefined || !(oid in SIGNATURE_HASH))
        return undefined;
    const names = plainNames(node);
    if (!names)
        return undefined;
    const hash = SIGNATURE_HASH[oid];
    return { ...names, ...(hash ? { signatureHash: hash } : {}) };
}
/** Facts from a DER certificate; throws only on bytes that are not a certificate (the caller reports that). */
export function certificateFacts(der) {
    const node = new X509Certificate(der);
    const reading = fastReading(der, node) ?? libraryReading(der);
    const details = node.publicKey.asymmetricKeyDetails ?? {};
    const curve = details.namedCurve;
    const keyBits = details.modulusLength ?? (curve ? CURVE_BITS[curve] : undefined);
    return {
        subject: node.subject.replace(/\n/g, ", "),
        issuer: node.issuer.replace(/\n/g, ", "),
        notBefore: new Date(node.validFrom).toISOString(),
        notAfter: new Date(node.validTo).toISOString(),
        keyType: node.publicKey.asymmetricKeyType ?? "unknown",
        ...(keyBits !== undefined ? { keyBits } : {}),
        ...(curve ? { curve } : {}),
        ...(reading.signatureHash ? { signatureHash: reading.signatureHash } : {}),
        ...(reading.commonName !== undefined ? { commonName: reading.commonName } : {}),
        dnsNames: reading.dnsNames,
        ipAddresses: reading.ipAddresses,
        fingerprint256: node.fingerprint256,
    };
}
//# sourceMappingURL=certificate-facts.js.map