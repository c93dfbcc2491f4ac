/**
 * Rule tables for the endpoint rules (WW401–WW413) and the probe's WW000 (what it could not check): facts of
 * one endpoint in memory, no server needed.
 */
import type { HttpOriginResult } from "../../../src/probe/http/model.js";
import type { DirectTlsAttempt, DirectTlsFacts, ProbeModel } from "../../../src/probe/model.js";
import { ww000Probe } from "../../../src/rules/ww000-endpoint-not-probed.js";
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
import { ww411 } from "../../../src/rules/ww411-endpoint-direct-tls.js";
import { ww412 } from "../../../src/rules/ww412-endpoint-direct-tls-no-alpn.js";
import { ww413 } from "../../../src/rules/ww413-endpoint-md5-auth.js";
import { cert, DAY, ENDPOINT, endpoint, NOW, probeModel, tls } from "../../helpers/probe-model.js";
import type { RuleTable } from "../../helpers/rule-tester.js";

const good = probeModel(endpoint());
const auth = (code: number, name: string) => ({
  kind: "auth" as const,
  auth: { code, name, mechanisms: [] },
});
const at = (days: number) => new Date(NOW.getTime() + days * DAY).toISOString();

const SITE = "https://shop.example.com";
/** A probe of one HTTP origin and no database endpoint; only what WW000 reads matters here. */
const originModel = (over: Partial<HttpOriginResult>): ProbeModel => ({
  ...probeModel(),
  origins: [
    {
      target: {
        host: "shop.example.com",
        httpUrl: "http://shop.example.com/",
        httpsUrl: `${SITE}/`,
        endpoint: SITE,
      },
      httpChain: [],
      forwardedProto: [],
      durationMs: 1,
      ...over,
    },
  ],
});

export const ENDPOINT_TABLES: readonly RuleTable<ProbeModel>[] = [
  {
    // Every gap is information: it never reads as a clean endpoint, and never as a finding it could not prove.
    rule: ww000Probe,
    valid: [
      { name: "every check answered", model: good },
      {
        // An answer, and WW402's finding: nothing was left unchecked.
        name: "'N' to SSLRequest",
        model: probeModel(endpoint({ ssl: { kind: "N", extraBytes: 0 }, tls: undefined })),
      },
      { name: "no endpoints", model: probeModel() },
      { name: "an origin that answered over both schemes", model: originModel({}) },
      {
        // No plain-HTTP listener is an answer (there is nothing to redirect), not a gap: HTTPS was examined.
        name: "an origin whose plain HTTP failed, HTTPS examined",
        model: originModel({ httpError: "ECONNREFUSED" }),
      },
    ],
    invalid: [
      {
        // Not even a TCP connection: that is the only thing said about it.
        name: "unreachable",
        model: probeModel(endpoint({ unreachable: "connect ECONNREFUSED 10.0.0.5:26257" })),
        hits: [
          { severity: "info", message: /^endpoint not probed: connect ECONNREFUSED/, endpoint: ENDPOINT },
        ],
      },
      {
        // Everything answered, but the scanned tree says it is PgBouncer: its upstream leg is out of sight.
        name: "a pooler (from --from-scan)",
        model: probeModel(
          endpoint({
            target: {
              input: "pgbouncer:6432",
              host: "pgbouncer",
              port: 6432,
              endpoint: ENDPOINT,
              pooler: "compose service pgbouncer (image edoburu/pgbouncer:1.23.1)",
            },
          }),
        ),
        hits: [
          {
            severity: "info",
            message:
              /is a connection pooler \(compose service pgbouncer \(image edoburu\/pgbouncer:1\.23\.1\), as the scanned tree shows\).*judges it from the pooler's configuration \(WW119\)$/,
            endpoint: ENDPOINT,
          },
        ],
      },
      {
        name: "no answer to SSLRequest before the timeout",
        model: probeModel(endpoint({ ssl: { kind: "timeout" }, tls: undefined })),
        hits: [
          {
            severity: "info",
            message: /SSLRequest got no usable answer \(timeout\): TLS posture not checked/,
          },
        ],
      },
      {
        // An HTTP server's 'H' is not a PostgreSQL-wire answer.
        name: "a byte other than S, N or E",
        model: probeModel(endpoint({ ssl: { kind: "other", byte: 0x48 }, tls: undefined })),
        hits: [{ severity: "info", message: /\(byte 0x48\)/ }],
      },
      {
        name: "both login checks inconclusive",
        model: probeModel(
          endpoint({
            plaintext: { kind: "invalid", reason: "message type 'X' is not a startup reply" },
            tls: tls({ startup: { kind: "timeout" } }),
          }),
        ),
        hits: [
          { severity: "info", message: /^plaintext login check inconclusive: message type 'X'/ },
          { severity: "info", message: /^login check inside TLS inconclusive: no reply before the timeout/ },
        ],
      },
      {
        name: "startup cut short after AuthenticationOk, in plaintext and inside TLS",
        model: probeModel(
          endpoint({
            plaintextStartupProblem: "the connection closed before ReadyForQuery",
            tls: tls({ startupProblem: "no ReadyForQuery before the timeout" }),
          }),
        ),
        hits: [
          { severity: "info", message: /^plaintext login check incomplete: the connection closed/ },
          { severity: "info", message: /^login check inside TLS incomplete: no ReadyForQuery/ },
        ],
      },
      {
        name: "the TLS handshake failed",
        model: probeModel(endpoint({ tls: undefined, tlsError: "handshake failure (alert 40)" })),
        hits: [{ severity: "info", message: /^TLS not examined: handshake failure/ }],
      },
      {
        name: "a certificate that does not parse, and a legacy check without a clear answer",
        model: probeModel(
          endpoint({
            tls: tls({ certificate: undefined, certificateError: "the certificate does not parse as X.509" }),
            legacy: { protocols: [], weakSuites: [], problems: ["TLSv1: no reply before the timeout"] },
          }),
        ),
        hits: [
          { severity: "info", message: /^the certificate does not parse as X\.509$/ },
          { severity: "info", message: /^legacy TLS check inconclusive: TLSv1: no reply/ },
        ],
      },
      {
        name: "an origin neither scheme reached",
        model: originModel({ httpError: "ECONNREFUSED", httpsError: "ECONNREFUSED" }),
        hits: [
          {
            severity: "info",
            message: /^origin not probed: HTTP ECONNREFUSED; HTTPS ECONNREFUSED$/,
            endpoint: SITE,
          },
        ],
      },
      {
        name: "HTTPS failed and the redirects looped",
        model: originModel({ httpsError: "certificate has expired", redirectsCut: "a redirect loop" }),
        hits: [
          { severity: "info", message: /^HTTPS not examined: certificate has expired$/ },
          {
            severity: "info",
            message: /^plain-HTTP redirect chain not followed to its end: a redirect loop$/,
          },
        ],
      },
    ],
  },
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
  ...directTlsAndMd5Tables(),
];

/**
 * WW411–WW413 and the direct-TLS lines of WW000. A direct-TLS attempt as the probe records it: by default what
 * PostgreSQL 15 does (reads the ClientHello as a startup packet and closes: not offered).
 */
function directTlsAndMd5Tables(): RuleTable<ProbeModel>[] {
  const notOffered = (alpnOffered: string[]): DirectTlsAttempt => ({
    alpnOffered,
    handshakeCompleted: false,
    alpnSelected: null,
    accepted: false,
    detail: "not offered: the server closed the connection during the handshake",
  });
  const taken = (alpnOffered: string[], over: Partial<DirectTlsAttempt> = {}): DirectTlsAttempt => ({
    alpnOffered,
    handshakeCompleted: true,
    alpnSelected: alpnOffered[0] ?? null,
    accepted: true,
    startup: auth(10, "AuthenticationSASL"),
    detail: `handshake completed (TLSv1.3, ${alpnOffered.length ? "ALPN postgresql selected" : "no ALPN selected"}), then the StartupMessage was answered (authentication code 10)`,
    protocol: "TLSv1.3",
    cipher: "TLS_AES_256_GCM_SHA384",
    authorized: true,
    certificate: cert(),
    hostnameMatches: true,
    ...over,
  });
  const attempted = (withAlpn: DirectTlsAttempt, withoutAlpn: DirectTlsAttempt): DirectTlsFacts => ({
    kind: "attempted",
    withAlpn,
    withoutAlpn,
  });
  const withDirect = (directTls: DirectTlsFacts, over: Parameters<typeof endpoint>[0] = {}) =>
    probeModel(endpoint({ directTls, ...over }));
  const pg15 = withDirect(attempted(notOffered(["postgresql"]), notOffered([])));
  // PostgreSQL 17+ without ALPN: the client's side of a TLS 1.3 handshake completes, then the server closes.
  const pg18 = withDirect(
    attempted(
      taken(["postgresql"]),
      taken([], {
        accepted: false,
        startup: { kind: "closed" },
        detail:
          "handshake completed (no ALPN selected), then the server closed the session without answering the StartupMessage",
      }),
    ),
  );
  const proxy = withDirect(attempted(taken(["postgresql"]), taken([])));
  const timedOut = "TLS handshake did not finish before the endpoint's 1500 ms deadline";
  const md5 = auth(5, "AuthenticationMD5Password");
  return [
    {
      rule: ww411,
      valid: [
        { name: "no direct-TLS facts (an endpoint probed before the check existed)", model: good },
        { name: "PostgreSQL 15: not offered", model: pg15 },
        {
          name: "skipped: the SSLRequest was answered 'N'",
          model: withDirect(
            { kind: "skipped", reason: "the SSLRequest was answered 'N': no TLS on this port" },
            { ssl: { kind: "N", extraBytes: 0 }, tls: undefined },
          ),
        },
        {
          // The client's handshake finished, but the server did not go on with PostgreSQL: not taken.
          name: "handshake completed with ALPN, then closed without an answer",
          model: withDirect(
            attempted(
              taken(["postgresql"], { accepted: false, startup: { kind: "closed" } }),
              notOffered([]),
            ),
          ),
        },
      ],
      invalid: [
        {
          name: "PostgreSQL 18: taken with ALPN postgresql, the same certificate as after 'S'",
          model: pg18,
          hits: [
            {
              severity: "info",
              message: /^the server takes direct TLS .*sslnegotiation=direct/,
              evidence: /ALPN postgresql selected.*chain verified; the same certificate as after SSLRequest$/,
              endpoint: ENDPOINT,
            },
          ],
        },
        {
          name: "taken with ALPN offered but none selected, another certificate that does not verify",
          model: withDirect(
            attempted(
              taken(["postgresql"], {
                alpnSelected: null,
                authorized: false,
                authorizationError: "SELF_SIGNED_CERT_IN_CHAIN",
                certificate: cert({ fingerprint256: "BB", subject: "CN=proxy" }),
              }),
              notOffered([]),
            ),
          ),
          hits: [
            {
              severity: "info",
              message: /selected no ALPN protocol, so libpq 17\+ clients abort/,
              evidence:
                /certificate CN=proxy; chain not verified \(SELF_SIGNED_CERT_IN_CHAIN\); a DIFFERENT certificate/,
            },
          ],
        },
      ],
    },
    {
      rule: ww412,
      valid: [
        { name: "PostgreSQL 15: not offered", model: pg15 },
        { name: "PostgreSQL 18: the handshake without ALPN completes, then the server closes", model: pg18 },
        {
          name: "without ALPN, an answer that is not PostgreSQL (a TLS proxy in front of something else)",
          model: withDirect(
            attempted(
              notOffered(["postgresql"]),
              taken([], { accepted: false, startup: { kind: "invalid", reason: "message 'H' ..." } }),
            ),
          ),
        },
      ],
      invalid: [
        {
          name: "a proxy that takes direct TLS with and without ALPN",
          model: proxy,
          hits: [
            {
              severity: "low",
              message: /without ALPN and goes on with PostgreSQL: PostgreSQL 17\+ refuses that/,
              evidence:
                /^direct ClientHello without ALPN → handshake completed \(TLSv1\.3, no ALPN selected\)/,
              endpoint: ENDPOINT,
            },
          ],
        },
      ],
    },
    {
      rule: ww413,
      valid: [
        { name: "SCRAM inside TLS, plaintext refused", model: good },
        {
          name: "cleartext password (WW408's)",
          model: probeModel(endpoint({ plaintext: auth(3, "Cleartext") })),
        },
        {
          // The session after 'S' is what the rule reads when there is one.
          name: "SCRAM after 'S' (direct TLS also SCRAM)",
          model: proxy,
        },
      ],
      invalid: [
        {
          name: "MD5 over plaintext",
          model: probeModel(endpoint({ plaintext: md5 })),
          hits: [
            {
              severity: "medium",
              message: /^over plaintext, the server asks for an MD5 password/,
              evidence: /plaintext StartupMessage \(user wirewarden_probe, no password sent\) → .*code 5/,
              endpoint: ENDPOINT,
            },
          ],
        },
        {
          name: "MD5 over plaintext and inside TLS",
          model: probeModel(endpoint({ plaintext: md5, tls: tls({ startup: md5 }) })),
          hits: [
            { severity: "medium", message: /over plaintext/ },
            { severity: "low", message: /^inside TLS/, evidence: /^StartupMessage over TLS/ },
          ],
        },
        {
          name: "MD5 inside direct TLS, when no session after 'S' answered (a TLS proxy)",
          model: withDirect(attempted(taken(["postgresql"], { startup: md5 }), notOffered([])), {
            ssl: { kind: "other", byte: 0x15 },
            tls: undefined,
          }),
          hits: [{ severity: "low", evidence: /^StartupMessage over direct TLS/ }],
        },
      ],
    },
    ...directTlsCertificateTables(taken, attempted, notOffered, withDirect),
    {
      // What the direct-TLS check could not tell; a refusal ("not offered") is an answer and stays silent.
      rule: ww000Probe,
      valid: [
        { name: "PostgreSQL 15: direct TLS not offered", model: pg15 },
        { name: "PostgreSQL 18: taken with ALPN, closed without", model: pg18 },
        {
          name: "skipped after 'N'",
          model: withDirect(
            { kind: "skipped", reason: "the SSLRequest was answered 'N': no TLS on this port" },
            { ssl: { kind: "N", extraBytes: 0 }, tls: undefined },
          ),
        },
      ],
      invalid: [
        {
          name: "neither direct attempt answered by the deadline: one line",
          model: withDirect(
            attempted(
              { ...notOffered(["postgresql"]), detail: timedOut, inconclusive: timedOut },
              { ...notOffered([]), detail: timedOut, inconclusive: timedOut },
            ),
          ),
          hits: [
            {
              severity: "info",
              message:
                /^direct TLS check inconclusive \(with and without ALPN\): TLS handshake did not finish/,
            },
          ],
        },
        {
          name: "only the attempt with ALPN ran out of time",
          model: withDirect(
            attempted(
              { ...notOffered(["postgresql"]), detail: timedOut, inconclusive: timedOut },
              notOffered([]),
            ),
          ),
          hits: [{ severity: "info", message: /^direct TLS check inconclusive \(ALPN postgresql\): TLS/ }],
        },
        {
          name: "no time left for the direct attempts",
          model: withDirect({
            kind: "no-time",
            reason: "no time left before the endpoint's 1500 ms deadline, after the other checks",
          }),
          hits: [{ severity: "info", message: /^direct TLS not checked: no time left/ }],
        },
      ],
    },
  ];
}

/**
 * WW403–WW409 on the direct-TLS session (ALPN postgresql) when it presents another certificate than the session
 * after SSLRequest (a TLS proxy in front, a listener of its own); the same certificate is judged once.
 */
function directTlsCertificateTables(
  taken: (alpn: string[], over?: Partial<DirectTlsAttempt>) => DirectTlsAttempt,
  attempted: (withAlpn: DirectTlsAttempt, withoutAlpn: DirectTlsAttempt) => DirectTlsFacts,
  notOffered: (alpn: string[]) => DirectTlsAttempt,
  withDirect: (directTls: DirectTlsFacts, over?: Parameters<typeof endpoint>[0]) => ProbeModel,
): RuleTable<ProbeModel>[] {
  const other = (over: Partial<DirectTlsAttempt>, certOver: Parameters<typeof cert>[0] = {}) =>
    withDirect(
      attempted(
        taken(["postgresql"], {
          certificate: cert({ fingerprint256: "BB", subject: "CN=proxy", ...certOver }),
          ...over,
        }),
        notOffered([]),
      ),
    );
  const VIA = /^the (server's )?certificate \(direct TLS, ALPN postgresql\)/;
  return [
    {
      rule: ww403,
      valid: [
        {
          name: "direct TLS with the same certificate, unverified: judged once, on the SSLRequest session",
          model: withDirect(attempted(taken(["postgresql"], { authorized: false }), notOffered([]))),
        },
      ],
      invalid: [
        {
          name: "direct TLS with another certificate that does not verify",
          model: other({
            authorized: false,
            authorizationError: "SELF_SIGNED_CERT_IN_CHAIN",
            caSource: "--ca ca.pem",
          }),
          hits: [
            {
              severity: "high",
              message:
                /^the server's certificate \(direct TLS, ALPN postgresql\) chain does not verify against --ca ca\.pem/,
              evidence: /SELF_SIGNED_CERT_IN_CHAIN; subject CN=proxy/,
            },
          ],
        },
      ],
    },
    {
      rule: ww404,
      valid: [{ name: "another certificate for the right name", model: other({}) }],
      invalid: [
        {
          name: "another certificate for another name",
          model: other({ hostnameMatches: false }, { dnsNames: ["proxy.internal"] }),
          hits: [{ severity: "high", message: VIA, evidence: /DNS:proxy\.internal/ }],
        },
      ],
    },
    {
      rule: ww405,
      valid: [{ name: "another certificate, valid", model: other({}) }],
      invalid: [
        {
          name: "another certificate, expired",
          model: other({}, { notAfter: new Date(NOW.getTime() - 2 * DAY).toISOString() }),
          hits: [
            {
              severity: "high",
              message: /^the server's certificate \(direct TLS, ALPN postgresql\) expired 2 day/,
            },
          ],
        },
      ],
    },
    {
      rule: ww409,
      valid: [{ name: "another certificate, EC P-256", model: other({}) }],
      invalid: [
        {
          name: "another certificate, RSA 1024 signed with SHA-1",
          model: other({}, { keyType: "rsa", keyBits: 1024, signatureHash: "SHA-1" }),
          hits: [
            {
              severity: "medium",
              message: VIA,
              evidence: /subject CN=proxy; key rsa 1024 bits; signed with SHA-1/,
            },
          ],
        },
      ],
    },
  ];
}
