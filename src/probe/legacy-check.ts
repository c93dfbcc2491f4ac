import { limitPhrase } from "../net/connection.js";
import type { Deadline } from "../net/deadline.js";
import { requestSsl } from "../net/ssl-request.js";
import {
  ANON_SUITES,
  buildClientHello,
  DES_SUITES,
  EXPORT_SUITES,
  MODERN_SUITES,
  NULL_SUITES,
  RC4_SUITES,
  suiteName,
  TLS_VERSION,
  versionName,
  weaknessOf,
} from "../tls/client-hello.js";
import { attemptHello } from "../tls/handshake-attempt.js";
import type { LegacyFacts, ProtocolAttempt, WeakSuite } from "./model.js";

const LEGACY_VERSIONS = ["SSLv3", "TLSv1", "TLSv1.1"] as const;
const WEAK_FAMILIES = [NULL_SUITES, ANON_SUITES, EXPORT_SUITES, RC4_SUITES, DES_SUITES];
const WEAK_SUITES = WEAK_FAMILIES.flat().map((s) => s.id);

type Hello = Parameters<typeof buildClientHello>[0];

/**
 * Offers what Node's OpenSSL will not: SSLv3/TLS 1.0/TLS 1.1, and NULL, anonymous, EXPORT, RC4 and DES suites, with
 * hand-built ClientHellos (one connection each, after SSLRequest/`S`), reading only the ServerHello, as nmap's
 * ssl-enum-ciphers does. No handshake is completed; nothing but the hello is sent.
 */
export async function legacyTls(host: string, port: number, deadline: Deadline): Promise<LegacyFacts> {
  const serverName = host;
  // Every attempt runs side by side under the endpoint's one deadline; each keeps its own problems, so that the
  // report lists them in a fixed order whatever order the answers came in.
  const protocolAttempts = LEGACY_VERSIONS.map(
    async (version): Promise<{ attempt: ProtocolAttempt; problems: string[] }> => {
      const r = await hello(host, port, deadline, {
        version,
        cipherSuites: [...MODERN_SUITES.map((s) => s.id), ...WEAK_SUITES],
        serverName,
      });
      if (r.kind === "server-hello") {
        const accepted = r.version === TLS_VERSION[version];
        const detail = accepted
          ? `ServerHello ${versionName(r.version)} with ${suiteName(r.cipherSuite)}`
          : `the server answered with ${versionName(r.version)} instead`;
        return { attempt: { version, accepted, detail }, problems: [] };
      }
      if (r.kind === "alert")
        return {
          attempt: { version, accepted: false, detail: `refused (TLS alert ${r.description})` },
          problems: [],
        };
      if (r.kind === "closed")
        return { attempt: { version, accepted: false, detail: "refused (connection closed)" }, problems: [] };
      return {
        attempt: { version, accepted: null, detail: r.detail },
        problems: [`${version} attempt: ${r.detail}`],
      };
    },
  );
  // One attempt per family: the rule needs to know which kinds of weak suite are accepted, and a server that
  // prefers anonymous suites would otherwise hide its NULL ones behind them.
  const familyAttempts = WEAK_FAMILIES.map(
    async (family): Promise<{ suite?: WeakSuite; problems: string[] }> => {
      const offer = family.map((s) => s.id);
      const r = await hello(host, port, deadline, { version: "TLSv1.2", cipherSuites: offer, serverName });
      if (r.kind === "unclear") return { problems: [`weak cipher suite attempt: ${r.detail}`] };
      if (r.kind !== "server-hello") return { problems: [] };
      const weakness = weaknessOf(r.cipherSuite);
      if (!weakness || !offer.includes(r.cipherSuite))
        return { problems: [`the server chose ${suiteName(r.cipherSuite)}, which was not offered`] };
      const suite = {
        id: r.cipherSuite,
        name: suiteName(r.cipherSuite),
        weakness,
        version: versionName(r.version),
      };
      return { suite, problems: [] };
    },
  );
  const [protocols, families] = await Promise.all([
    Promise.all(protocolAttempts),
    Promise.all(familyAttempts),
  ]);
  return {
    protocols: protocols.map((p) => p.attempt),
    weakSuites: families.flatMap((f) => (f.suite ? [f.suite] : [])),
    problems: [...protocols, ...families].flatMap((a) => a.problems),
  };
}

type HelloOutcome =
  | { kind: "server-hello"; version: number; cipherSuite: number }
  | { kind: "alert"; description: number }
  | { kind: "closed" }
  | { kind: "unclear"; detail: string };

async function hello(host: string, port: number, deadline: Deadline, o: Hello): Promise<HelloOutcome> {
  const s = await requestSsl(host, port, deadline);
  if ("unreachable" in s) return { kind: "unclear", detail: s.unreachable };
  if (!s.conn) return { kind: "unclear", detail: `SSLRequest answered ${s.answer.kind}` };
  if (s.answer.kind === "S" && s.answer.extraBytes > 0) {
    s.conn.close();
    return { kind: "unclear", detail: "plaintext bytes arrived after 'S'" };
  }
  const r = await attemptHello(s.conn.detach(), buildClientHello(o), deadline.left());
  switch (r.kind) {
    case "server-hello":
      return { kind: "server-hello", version: r.version, cipherSuite: r.cipherSuite };
    case "alert":
      return { kind: "alert", description: r.description };
    case "closed":
      return { kind: "closed" };
    case "timeout":
      return { kind: "unclear", detail: `no ServerHello ${limitPhrase(deadline)}` };
    default:
      return { kind: "unclear", detail: `unreadable reply: ${"reason" in r ? r.reason : r.kind}` };
  }
}
