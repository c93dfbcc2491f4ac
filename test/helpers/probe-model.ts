import type { CertificateFacts } from "../../src/probe/certificate-facts.js";
import type { EndpointResult, ProbeModel, TlsFacts } from "../../src/probe/model.js";

/** Probe facts built in memory for rule tests: a well-configured endpoint unless a field says otherwise. */
export const NOW = new Date("2026-06-01T00:00:00Z");
export const DAY = 86_400_000;

export function cert(over: Partial<CertificateFacts> = {}): CertificateFacts {
  return {
    subject: "CN=db.internal",
    issuer: "CN=ca",
    notBefore: new Date(NOW.getTime() - 10 * DAY).toISOString(),
    notAfter: new Date(NOW.getTime() + 80 * DAY).toISOString(),
    keyType: "ec",
    keyBits: 256,
    curve: "prime256v1",
    signatureHash: "SHA-256",
    commonName: "db.internal",
    dnsNames: ["db.internal"],
    ipAddresses: [],
    fingerprint256: "AA",
    ...over,
  };
}

export function tls(over: Partial<TlsFacts> = {}): TlsFacts {
  return {
    protocol: "TLSv1.3",
    cipher: "TLS_AES_256_GCM_SHA384",
    authorized: true,
    caSource: "--ca ca.pem",
    certificate: cert(),
    hostnameMatches: true,
    startup: { kind: "auth", auth: { code: 10, name: "AuthenticationSASL", mechanisms: ["SCRAM-SHA-256"] } },
    parameters: {},
    clientCertificateRequired: false,
    ...over,
  };
}

export const ENDPOINT = "postgresql://db.internal:26257";

export function endpoint(over: Partial<EndpointResult> = {}): EndpointResult {
  return {
    target: { input: "db.internal:26257", host: "db.internal", port: 26257, endpoint: ENDPOINT },
    plaintext: {
      kind: "error",
      error: { severity: "FATAL", code: "28000", message: "no encryption", fields: {} },
    },
    ssl: { kind: "S", extraBytes: 0 },
    tls: tls(),
    legacy: { protocols: [], weakSuites: [], problems: [] },
    server: { product: "PostgreSQL", evidence: "test" },
    durationMs: 1,
    ...over,
  };
}

/** A probe model of these endpoints (no origins, no consoles) at NOW. */
export const probeModel = (...endpoints: EndpointResult[]): ProbeModel => ({
  endpoints,
  origins: [],
  consoles: [],
  now: NOW,
});
