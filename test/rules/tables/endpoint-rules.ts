/** Rule tables for the endpoint rules (WW401–WW410): facts of one endpoint in memory, no server needed. */
import type { ProbeModel } from "../../../src/probe/model.js";
import { ww401 } from "../../../src/rules/ww401-endpoint-accepts-plaintext.js";
import { ww402 } from "../../../src/rules/ww402-endpoint-no-tls.js";
import { ww403 } from "../../../src/rules/ww403-endpoint-cert-untrusted.js";
import { ww404 } from "../../../src/rules/ww404-endpoint-cert-hostname-mismatch.js";
import { ww405 } from "../../../src/rules/ww405-endpoint-cert-validity.js";
import { ww406 } from "../../../src/rules/ww406-endpoint-legacy-tls.js";
import { ww407 } from "../../../src/rules/ww407-endpoint-weak-cipher.js";
import { ww408 } from "../../../src/rules/ww408-endpoint-cleartext-password.js";
import { ww409 } from "../../../src/rules/ww409-endpoint-weak-key.js";
import { ww410 } from "../../../src/rules/ww410-endpoint-bytes-before-handshake.js";
import { cert, DAY, ENDPOINT, endpoint, NOW, probeModel, tls } from "../../helpers/probe-model.js";
import type { RuleTable } from "../../helpers/rule-tester.js";

const good = probeModel(endpoint());
const auth = (code: number, name: string) => ({
  kind: "auth" as const,
  auth: { code, name, mechanisms: [] },
});
const at = (days: number) => new Date(NOW.getTime() + days * DAY).toISOString();

export const ENDPOINT_TABLES: readonly RuleTable<ProbeModel>[] = [
  {
    rule: ww401,
    valid: [
      { name: "plaintext refused (28000)", model: good },
      { name: "unreachable over plaintext", model: probeModel(endpoint({ plaintext: { kind: "closed" } })) },
    ],
    invalid: [
      {
        name: "a password request over plaintext",
        model: probeModel(endpoint({ plaintext: auth(10, "AuthenticationSASL") })),
        hits: [
          { severity: "critical", message: /authentication request instead of refusing/, endpoint: ENDPOINT },
        ],
      },
      {
        name: "trust over plaintext",
        model: probeModel(endpoint({ plaintext: auth(0, "AuthenticationOk") })),
        hits: [{ severity: "critical", message: /without any password/ }],
      },
    ],
  },
  {
    rule: ww402,
    valid: [{ name: "'S' to SSLRequest", model: good }],
    invalid: [
      {
        name: "'N' to SSLRequest",
        model: probeModel(endpoint({ ssl: { kind: "N", extraBytes: 0 }, tls: undefined })),
        hits: [{ severity: "critical", evidence: /answered 'N'/ }],
      },
      {
        name: "an ErrorResponse to SSLRequest",
        model: probeModel(endpoint({ ssl: { kind: "E" }, tls: undefined })),
        hits: [{ severity: "critical", evidence: /answered with an error/ }],
      },
    ],
  },
  {
    rule: ww403,
    valid: [
      { name: "a chain that verifies", model: good },
      {
        name: "only expired (WW405 says so)",
        model: probeModel(
          endpoint({ tls: tls({ authorized: false, authorizationError: "CERT_HAS_EXPIRED" }) }),
        ),
      },
    ],
    invalid: [
      {
        name: "a self-signed chain",
        model: probeModel(
          endpoint({ tls: tls({ authorized: false, authorizationError: "SELF_SIGNED_CERT_IN_CHAIN" }) }),
        ),
        hits: [{ severity: "high", evidence: /SELF_SIGNED_CERT_IN_CHAIN/ }],
      },
    ],
  },
  {
    rule: ww404,
    valid: [{ name: "the name is in the SAN", model: good }],
    invalid: [
      {
        name: "a certificate for another name",
        model: probeModel(
          endpoint({ tls: tls({ hostnameMatches: false, certificate: cert({ dnsNames: ["other"] }) }) }),
        ),
        hits: [{ severity: "high", message: /does not cover 'db\.internal'/, evidence: /DNS:other/ }],
      },
    ],
  },
  {
    rule: ww405,
    valid: [{ name: "valid for 90 days, 80 left", model: good }],
    invalid: [
      {
        name: "expired",
        model: probeModel(endpoint({ tls: tls({ certificate: cert({ notAfter: at(-1) }) }) })),
        hits: [{ severity: "high", message: /expired 1 day/ }],
      },
      {
        name: "expires within 30 days",
        model: probeModel(endpoint({ tls: tls({ certificate: cert({ notAfter: at(29) }) }) })),
        hits: [{ severity: "low", message: /expires in 29 day/ }],
      },
      {
        name: "a lifetime over 398 days",
        model: probeModel(endpoint({ tls: tls({ certificate: cert({ notAfter: at(500) }) }) })),
        hits: [{ severity: "info", message: /valid for 510 days/ }],
      },
    ],
  },
  {
    rule: ww406,
    valid: [
      { name: "TLS 1.3, legacy refused", model: good },
      {
        name: "TLS 1.0 attempted and refused",
        model: probeModel(
          endpoint({
            legacy: {
              protocols: [{ version: "TLSv1", accepted: false, detail: "refused (TLS alert 70)" }],
              weakSuites: [],
              problems: [],
            },
          }),
        ),
      },
    ],
    invalid: [
      {
        name: "TLS 1.0 accepted by a hand-built hello",
        model: probeModel(
          endpoint({
            legacy: {
              protocols: [{ version: "TLSv1", accepted: true, detail: "ServerHello TLSv1" }],
              weakSuites: [],
              problems: [],
            },
          }),
        ),
        hits: [{ severity: "medium", message: /accepts TLSv1:/ }],
      },
      {
        name: "TLS 1.1 negotiated by default",
        model: probeModel(endpoint({ tls: tls({ protocol: "TLSv1.1" }) })),
        hits: [{ severity: "medium", evidence: /negotiated TLSv1\.1/ }],
      },
    ],
  },
  {
    rule: ww407,
    valid: [{ name: "AES-GCM only", model: good }],
    invalid: [
      {
        name: "an anonymous suite accepted",
        model: probeModel(
          endpoint({
            legacy: {
              protocols: [],
              weakSuites: [
                {
                  id: 0x0034,
                  name: "TLS_DH_anon_WITH_AES_128_CBC_SHA",
                  weakness: "anonymous",
                  version: "TLSv1.2",
                },
              ],
              problems: [],
            },
          }),
        ),
        hits: [{ severity: "high", evidence: /DH_anon/ }],
      },
      {
        name: "3DES negotiated by default",
        model: probeModel(endpoint({ tls: tls({ protocol: "TLSv1.2", cipher: "DES-CBC3-SHA" }) })),
        hits: [{ severity: "high", evidence: /DES-CBC3-SHA \(negotiated by default\)/ }],
      },
    ],
  },
  {
    rule: ww408,
    valid: [{ name: "SCRAM inside TLS, plaintext refused", model: good }],
    invalid: [
      {
        name: "cleartext password over plaintext",
        model: probeModel(endpoint({ plaintext: auth(3, "AuthenticationCleartextPassword") })),
        hits: [{ severity: "critical", message: /over plaintext/ }],
      },
      {
        name: "cleartext password inside TLS",
        model: probeModel(endpoint({ tls: tls({ startup: auth(3, "AuthenticationCleartextPassword") }) })),
        hits: [{ severity: "low", message: /inside TLS/ }],
      },
    ],
  },
  {
    rule: ww409,
    valid: [
      { name: "EC P-256 with SHA-256", model: good },
      {
        name: "RSA 2048 with SHA-256",
        model: probeModel(endpoint({ tls: tls({ certificate: cert({ keyType: "rsa", keyBits: 2048 }) }) })),
      },
    ],
    invalid: [
      {
        name: "RSA 1024",
        model: probeModel(endpoint({ tls: tls({ certificate: cert({ keyType: "rsa", keyBits: 1024 }) }) })),
        hits: [{ severity: "medium", message: /RSA 1024-bit key/ }],
      },
      {
        name: "a SHA-1 signature",
        model: probeModel(endpoint({ tls: tls({ certificate: cert({ signatureHash: "SHA-1" }) }) })),
        hits: [{ severity: "medium", message: /SHA-1 signature/ }],
      },
    ],
  },
  {
    rule: ww410,
    valid: [{ name: "a lone 'S'", model: good }],
    invalid: [
      {
        name: "bytes after 'S'",
        model: probeModel(endpoint({ ssl: { kind: "S", extraBytes: 17 }, tls: undefined })),
        hits: [{ severity: "high", message: /^17 byte\(s\) arrived after the 'S'/ }],
      },
    ],
  },
];
