import { isIP } from "node:net";
import { type TLSSocket, connect as tlsConnect } from "node:tls";
import { Connection, describeSocketError, limitPhrase } from "../net/connection.js";
import type { Deadline } from "../net/deadline.js";
import { startupMessage, terminate } from "../pgwire/frontend.js";
import { certificateFacts } from "./certificate-facts.js";
import { parseFirstReply, parseStartupParameters, startupProblem } from "./first-reply.js";
import { libpqHostMatches } from "./hostname-match.js";
import type { FirstReply, TlsFacts } from "./model.js";
import { PROBE_STARTUP } from "./plaintext-check.js";

export interface TrustAnchors {
  /** PEM bundle; undefined means Node's system store. */
  ca?: string;
  source: string;
}

/**
 * The TLS handshake libpq would make (TLS 1.2+, SNI for host names), with verification recorded rather than
 * enforced so that an untrusted or mismatched certificate is still examined. Then a StartupMessage inside TLS
 * with the dummy user: what authentication the server asks for over an encrypted channel.
 */
export async function tlsSession(
  conn: Connection,
  host: string,
  anchors: TrustAnchors,
  deadline: Deadline,
): Promise<TlsFacts | { error: string }> {
  const socket = conn.detach();
  const leftover = conn.buffer;
  if (leftover.length > 0) socket.unshift(leftover);
  const closed = "the server closed the connection right after 'S', before the TLS handshake";
  // A peer that sent 'S' and closed: nothing will ever answer the ClientHello, and waiting would cost the timeout.
  if (socket.destroyed || socket.readableEnded) {
    socket.destroy();
    return { error: closed };
  }
  const tls = await new Promise<TLSSocket | { error: string }>((resolve) => {
    const s = tlsConnect({
      socket,
      ...(isIP(host) === 0 ? { servername: host } : {}),
      ...(anchors.ca !== undefined ? { ca: anchors.ca } : {}),
      rejectUnauthorized: false,
      // `authorized` is about the chain only: the host name is judged by libpq's rules (hostname-match.ts),
      // not Node's, which would also fail every IP target without a servername.
      checkServerIdentity: () => undefined,
    });
    const timer = setTimeout(() => {
      s.destroy();
      resolve({ error: `TLS handshake did not finish ${limitPhrase(deadline)}` });
    }, deadline.left());
    s.once("secureConnect", () => {
      clearTimeout(timer);
      resolve(s);
    });
    s.once("error", (e) => {
      clearTimeout(timer);
      s.destroy();
      resolve({ error: handshakeError(e) });
    });
    // The close can also come while the handshake waits (FIN after the ClientHello): report it at once.
    const onClose = () => {
      clearTimeout(timer);
      resolve({ error: closed });
    };
    socket.once("end", onClose);
    s.once("close", onClose);
    s.once("secureConnect", () => socket.removeListener("end", onClose));
  });
  if ("error" in tls) return tls;
  try {
    const peer = tls.getPeerCertificate(true);
    let certificate: TlsFacts["certificate"];
    let certificateError: string | undefined;
    if (peer?.raw) {
      try {
        certificate = certificateFacts(peer.raw);
      } catch (e) {
        certificateError = `the server's certificate could not be parsed: ${describeSocketError(e)}`;
      }
    } else certificateError = "the server sent no certificate";
    const inner = new Connection(tls);
    inner.write(startupMessage(PROBE_STARTUP));
    const first = await inner.waitFor(parseFirstReply, deadline);
    const startup: FirstReply =
      first.kind === "ok"
        ? first.value
        : first.kind === "overflow"
          ? { kind: "invalid", reason: "the server sent more than the probe reads" }
          : first;
    let parameters: Record<string, string> = {};
    let problem: string | undefined;
    if (startup.kind === "auth" && startup.auth.code === 0) {
      const rest = await inner.waitFor(parseStartupParameters, deadline);
      if (rest.kind === "ok" && "parameters" in rest.value) parameters = rest.value.parameters;
      problem = startupProblem(rest, deadline);
    }
    inner.write(terminate());
    const authorizationError = tls.authorizationError ? String(tls.authorizationError) : undefined;
    return {
      protocol: tls.getProtocol(),
      cipher: tls.getCipher()?.name ?? null,
      authorized: tls.authorized,
      ...(authorizationError ? { authorizationError } : {}),
      caSource: anchors.source,
      ...(certificate ? { certificate, hostnameMatches: libpqHostMatches(host, certificate) } : {}),
      ...(certificateError ? { certificateError } : {}),
      startup,
      parameters,
      ...(problem ? { startupProblem: problem } : {}),
      clientCertificateRequired: requiresClientCertificate(startup),
    };
  } finally {
    tls.destroy();
  }
}

/** PostgreSQL refuses a certificate-less client of a `clientcert`/`cert` HBA entry only after the handshake. */
function requiresClientCertificate(reply: FirstReply): boolean {
  if (reply.kind === "closed" && /certificate required|alert number 116/i.test(reply.error ?? ""))
    return true;
  return reply.kind === "error" && /certificate/i.test(reply.error.message);
}

function handshakeError(e: unknown): string {
  const err = e as NodeJS.ErrnoException & { reason?: string };
  if (/CERTIFICATE_REQUIRED|alert number 116/i.test(`${err.code} ${err.message}`))
    return "the server requires a client certificate (TLS alert certificate_required)";
  return `TLS handshake failed: ${err.reason ?? describeSocketError(e)}`;
}
