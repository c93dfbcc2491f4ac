/**
 * Issue 22: certificate facts without loading @peculiar/x509 for ordinary certificates. The fast reading (Node's own
 * parser, and the signature OID read from the DER) must say exactly what the library says, on certificates made here
 * with every signature algorithm the fast path claims and the name shapes servers use; anything it cannot read
 * unambiguously goes to the library. Hostile bytes never throw from the DER reader.
 */
import { webcrypto } from "node:crypto";
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  certificateFacts,
  fastReading,
  libraryReading,
  signatureAlgorithmOid,
} from "../../src/probe/certificate-facts.js";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

type Alg = {
  name: string;
  hash?: string;
  modulusLength?: number;
  namedCurve?: string;
  publicExponent?: Uint8Array;
};
const RSA = (hash: string): Alg => ({
  name: "RSASSA-PKCS1-v1_5",
  hash,
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
});
const EC = (hash: string): Alg => ({ name: "ECDSA", namedCurve: "P-256", hash });

async function certificate(
  alg: Alg,
  name: string,
  san?: { type: "dns" | "ip"; value: string }[],
): Promise<Buffer> {
  const keys = (await webcrypto.subtle.generateKey(alg as RsaHashedKeyGenParams, true, [
    "sign",
    "verify",
  ])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name,
    notBefore: new Date("2026-01-01T00:00:00Z"),
    notAfter: new Date("2027-01-01T00:00:00Z"),
    signingAlgorithm: alg,
    keys,
    extensions: san ? [new x509.SubjectAlternativeNameExtension(san)] : [],
  });
  return Buffer.from(cert.rawData);
}

const ALGS: [string, Alg][] = [
  ["RSA SHA-1", RSA("SHA-1")],
  ["RSA SHA-256", RSA("SHA-256")],
  ["RSA SHA-384", RSA("SHA-384")],
  ["RSA SHA-512", RSA("SHA-512")],
  ["ECDSA SHA-1", EC("SHA-1")],
  ["ECDSA SHA-256", EC("SHA-256")],
  ["ECDSA SHA-384", EC("SHA-384")],
  ["ECDSA SHA-512", EC("SHA-512")],
  ["Ed25519", { name: "Ed25519" }],
];

describe("the fast certificate reading says what @peculiar/x509 says", () => {
  it.each(ALGS)("%s: signature hash and names, read both ways", async (_name, alg) => {
    const der = await certificate(alg, "CN=db.internal, O=Shop", [
      { type: "dns", value: "db.internal" },
      { type: "dns", value: "*.db.internal" },
      { type: "ip", value: "10.0.0.5" },
    ]);
    const fast = fastReading(der);
    expect(fast, "the fast path reads this certificate").toBeDefined();
    expect(fast).toEqual(libraryReading(der));
    expect(certificateFacts(der)).toMatchObject(libraryReading(der));
  });

  it.each<[string, string, { type: "dns" | "ip"; value: string }[] | undefined, boolean]>([
    ["no SAN at all", "CN=legacy.example", undefined, true],
    ["no CN, DNS only", "O=Shop", [{ type: "dns", value: "a.example" }], true],
    ["an IPv6 address: the library's spelling", "CN=v6", [{ type: "ip", value: "::1" }], false],
    ["a CN with a comma (escaped by Node)", "CN=Shop\\, Inc.", [{ type: "dns", value: "a.example" }], false],
  ])("%s", async (_name, subject, san, fastExpected) => {
    const der = await certificate(EC("SHA-256"), subject, san);
    const fast = fastReading(der);
    if (fastExpected) expect(fast).toEqual(libraryReading(der));
    else expect(fast).toBeUndefined();
    // Either way the facts are the library's reading.
    expect(certificateFacts(der)).toMatchObject(libraryReading(der));
  });

  it("the DER reader never throws on hostile bytes, and reads a real certificate's OID", async () => {
    const der = await certificate(EC("SHA-384"), "CN=x");
    expect(signatureAlgorithmOid(der)).toBe("1.2.840.10045.4.3.3");
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const oid = signatureAlgorithmOid(Buffer.from(bytes));
        return oid === undefined || /^\d+(\.\d+)+$/.test(oid);
      }),
      { numRuns: 2000 },
    );
    // Truncations of a real certificate.
    for (let n = 0; n < der.length; n += 7)
      expect(() => signatureAlgorithmOid(der.subarray(0, n))).not.toThrow();
  });
});
