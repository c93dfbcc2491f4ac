/**
 * Throwaway certificates for test labs, the demo and the bench: a CA, certificates it issues, and self-signed
 * ones, including deliberately weak ones (RSA-1024 keys, SHA-1 signatures) for the weak-key and weak-hash rules.
 * Built with @peculiar/x509 on Node's WebCrypto; nothing shells out to openssl.
 */
// @peculiar/x509 uses tsyringe decorators, which need the Reflect metadata API before the module loads.
import "reflect-metadata";
import { createPrivateKey, webcrypto } from "node:crypto";
import { isIP } from "node:net";
import * as x509 from "@peculiar/x509";
const crypto = webcrypto;
x509.cryptoProvider.set(crypto);
const HOUR_MS = 3_600_000;
const DEFAULT_KEY = { kind: "ec", curve: "P-256" };
function keyAlgorithm(spec, hash) {
    if (spec.kind === "ed25519")
        return { name: "Ed25519" };
    return spec.kind === "rsa"
        ? { name: "RSASSA-PKCS1-v1_5", hash }
        : { name: "ECDSA", namedCurve: spec.curve };
}
async function generateKey(spec) {
    const algorithm = spec.kind === "rsa"
        ? {
            ...keyAlgorithm(spec, "SHA-256"),
            modulusLength: spec.bits,
            publicExponent: new Uint8Array([1, 0, 1]),
        }
        : keyAlgorithm(spec, "SHA-256");
    const pair = (await crypto.subtle.generateKey(algorithm, true, ["sign", "verify"]));
    return { spec, pkcs8: await crypto.subtle.exportKey("pkcs8", pair.privateKey), publicKey: pair.publicKey };
}
/**
 * WebCrypto binds an RSA key to one hash, and @peculiar/x509 takes the RSA signature hash from the key, so the
 * signer is re-imported with the requested hash. ECDSA takes the hash from the signing parameters instead, and
 * Ed25519 has none.
 */
async function signer(k, hash) {
    const key = await crypto.subtle.importKey("pkcs8", k.pkcs8, keyAlgorithm(k.spec, hash), false, ["sign"]);
    if (k.spec.kind === "ed25519")
        return { key, algorithm: { name: "Ed25519" } };
    return { key, algorithm: k.spec.kind === "rsa" ? key.algorithm : { name: "ECDSA", hash } };
}
function keyPem(k) {
    return x509.PemConverter.encode(k.pkcs8, "PRIVATE KEY");
}
function validity(o) {
    const notBefore = o.notBefore ?? new Date(Date.now() - HOUR_MS);
    return { notBefore, notAfter: o.notAfter ?? new Date(notBefore.getTime() + 90 * 24 * HOUR_MS) };
}
function name(commonName) {
    // Name parses an RFC 4514 string: escape the characters that would otherwise split or end the value.
    return `CN=${commonName.replace(/[\\,+"<>;=#]/g, (c) => `\\${c}`)}`;
}
async function leafExtensions(o, publicKey) {
    const client = o.usage === "client";
    const names = [
        ...(o.dnsNames ?? []).map((value) => ({ type: "dns", value })),
        ...(o.ipAddresses ?? []).map((value) => ({ type: "ip", value })),
    ];
    const extensions = [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(client
            ? x509.KeyUsageFlags.digitalSignature
            : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
        new x509.ExtendedKeyUsageExtension([
            client ? x509.ExtendedKeyUsage.clientAuth : x509.ExtendedKeyUsage.serverAuth,
        ]),
        await x509.SubjectKeyIdentifierExtension.create(publicKey),
    ];
    if (names.length > 0)
        extensions.push(new x509.SubjectAlternativeNameExtension(names));
    return extensions;
}
/** The name options of a leaf for `host`: an IP SAN for an address, a DNS SAN otherwise. */
export function leafFor(host) {
    return isIP(host) ? { commonName: host, ipAddresses: [host] } : { commonName: host, dnsNames: [host] };
}
/** A leaf certificate signed by its own key (so its issuer is its subject), for "untrusted certificate" labs. */
export async function selfSigned(o) {
    const k = await generateKey(o.key ?? DEFAULT_KEY);
    const s = await signer(k, o.hash ?? "SHA-256");
    const cert = await x509.X509CertificateGenerator.create({
        subject: name(o.commonName),
        issuer: name(o.commonName),
        ...validity(o),
        publicKey: k.publicKey,
        signingKey: s.key,
        signingAlgorithm: s.algorithm,
        extensions: await leafExtensions(o, k.publicKey),
    });
    return { certPem: cert.toString("pem"), keyPem: keyPem(k) };
}
/** A root CA (EC P-256 unless `key` says otherwise; an RSA CA gives sha*WithRSAEncryption signatures). */
export async function createCa(o = {}) {
    const k = await generateKey(o.key ?? DEFAULT_KEY);
    const subject = name(o.commonName ?? "wirewarden lab CA");
    const s = await signer(k, "SHA-256");
    const caCert = await x509.X509CertificateGenerator.create({
        subject,
        issuer: subject,
        ...validity(o),
        publicKey: k.publicKey,
        signingKey: s.key,
        signingAlgorithm: s.algorithm,
        extensions: [
            new x509.BasicConstraintsExtension(true, undefined, true),
            new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
            await x509.SubjectKeyIdentifierExtension.create(k.publicKey),
        ],
    });
    return authority(caCert, k);
}
/**
 * A CA from its PEM certificate and private key (PKCS#8 or the key's traditional PEM), as a lab supplies it: the
 * `wrong-host` attack of `prove` issues a certificate for another name from the client's own trusted CA.
 */
export async function caFromPem(certPem, privateKeyPem) {
    const caCert = new x509.X509Certificate(certPem);
    const key = createPrivateKey(privateKeyPem);
    const details = key.asymmetricKeyDetails ?? {};
    let spec;
    if (key.asymmetricKeyType === "rsa") {
        const bits = details.modulusLength;
        if (bits !== 1024 && bits !== 2048 && bits !== 3072 && bits !== 4096)
            throw new Error(`unsupported RSA key size ${bits}`);
        spec = { kind: "rsa", bits };
    }
    else if (key.asymmetricKeyType === "ec" &&
        (details.namedCurve === "prime256v1" || details.namedCurve === "secp384r1")) {
        spec = { kind: "ec", curve: details.namedCurve === "prime256v1" ? "P-256" : "P-384" };
    }
    else
        throw new Error(`unsupported CA key type ${key.asymmetricKeyType} ${details.namedCurve ?? ""}`.trim());
    const der = key.export({ format: "der", type: "pkcs8" });
    const pkcs8 = der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength);
    const publicKey = await caCert.publicKey.export(keyAlgorithm(spec, "SHA-256"), ["verify"], crypto);
    return authority(caCert, { spec, pkcs8, publicKey });
}
function authority(caCert, k) {
    return {
        certPem: caCert.toString("pem"),
        keyPem: keyPem(k),
        async issue(leaf) {
            const lk = await generateKey(leaf.key ?? DEFAULT_KEY);
            const ls = await signer(k, leaf.hash ?? "SHA-256");
            const cert = await x509.X509CertificateGenerator.create({
                subject: name(leaf.commonName),
                issuer: caCert.subject,
                ...validity(leaf),
                publicKey: lk.publicKey,
                signingKey: ls.key,
                signingAlgorithm: ls.algorithm,
                extensions: [
                    ...(await leafExtensions(leaf, lk.publicKey)),
                    await x509.AuthorityKeyIdentifierExtension.create(k.publicKey),
                ],
            });
            return { certPem: cert.toString("pem"), keyPem: keyPem(lk) };
        },
    };
}
//# sourceMappingURL=certs.js.map