import { X509Certificate } from "node:crypto";
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import type { CertificateNames } from "./hostname-match.js";

/** What the rules need to know about the server's leaf certificate. */
export interface CertificateFacts extends CertificateNames {
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  /** `rsa`, `ec`, `ed25519`, … */
  keyType: string;
  /** RSA modulus bits, or the EC curve's field size. */
  keyBits?: number;
  curve?: string;
  /** Hash of the signature on the leaf, e.g. SHA-256; `MD5`/`SHA-1` are weak. */
  signatureHash?: string;
  fingerprint256: string;
}

const CURVE_BITS: Readonly<Record<string, number>> = {
  prime256v1: 256,
  secp256k1: 256,
  secp384r1: 384,
  secp521r1: 521,
  secp224r1: 224,
  secp192r1: 192,
  prime192v1: 192,
};

/** Facts from a DER certificate; throws only on bytes that are not a certificate (the caller reports that). */
export function certificateFacts(der: Buffer): CertificateFacts {
  const node = new X509Certificate(der);
  const parsed = new x509.X509Certificate(new Uint8Array(der));
  const san = parsed.getExtension(x509.SubjectAlternativeNameExtension);
  const names = san?.names.items ?? [];
  const details = node.publicKey.asymmetricKeyDetails ?? {};
  const curve = details.namedCurve;
  const keyBits = details.modulusLength ?? (curve ? CURVE_BITS[curve] : undefined);
  const hash = (parsed.signatureAlgorithm as { hash?: { name?: string } }).hash?.name;
  const commonName = parsed.subjectName.getField("CN")[0];
  return {
    subject: node.subject.replace(/\n/g, ", "),
    issuer: node.issuer.replace(/\n/g, ", "),
    notBefore: new Date(node.validFrom).toISOString(),
    notAfter: new Date(node.validTo).toISOString(),
    keyType: node.publicKey.asymmetricKeyType ?? "unknown",
    ...(keyBits !== undefined ? { keyBits } : {}),
    ...(curve ? { curve } : {}),
    ...(hash ? { signatureHash: hash } : {}),
    ...(commonName !== undefined ? { commonName } : {}),
    dnsNames: names.filter((n) => n.type === "dns").map((n) => n.value),
    ipAddresses: names.filter((n) => n.type === "ip").map((n) => n.value),
    fingerprint256: node.fingerprint256,
  };
}
