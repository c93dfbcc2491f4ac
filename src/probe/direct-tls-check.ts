import { Connection } from "../net/connection.js";
import type { Deadline } from "../net/deadline.js";
import { startupMessage, terminate } from "../pgwire/frontend.js";
import type { DirectTlsAttempt, DirectTlsFacts, FirstReply } from "./model.js";
import { PROBE_STARTUP } from "./plaintext-check.js";
import {
  firstReply,
  peerFacts,
  requiresClientCertificate,
  type TrustAnchors,
  tlsHandshake,
} from "./tls-check.js";

/** The ALPN protocol PostgreSQL 17+ requires of a direct-TLS client (and libpq 17+ of the server). */
export const POSTGRESQL_ALPN = "postgresql";

/**
 * Direct TLS (PostgreSQL 17+, `sslnegotiation=direct`): a ClientHello straight after TCP connect, no SSLRequest,
 * first with ALPN `postgresql`, then without, each on its own connection, both ended by the endpoint's deadline.
 * After a completed handshake, the dummy user's StartupMessage: whether the server goes on with PostgreSQL over the
 * session (PostgreSQL 17+ without ALPN completes a TLS 1.3 handshake, then closes).
 *
 * A server that does not speak direct TLS reads the ClientHello as a startup packet with an absurd length and
 * closes (PostgreSQL ≤ 16), or answers with an error: that is an answer ("not offered"), never inconclusive. Only
 * no TCP connection, or no answer by the deadline, leaves the check inconclusive.
 *
 * The attempt without ALPN is not made when the one with ALPN was closed without a single byte back (issue 22: one
 * connection of six, and a backend process of the server's, on every server that takes no direct TLS): such a
 * server did not read the ClientHello as TLS at all, since a TLS server that refuses the protocols offered must say
 * so with a no_application_protocol alert (RFC 7301, 3.2), and one that reads no TLS reads none without ALPN
 * either. Nor is it made when the first attempt got no answer (no connection, or none by the deadline).
 */
export async function directTls(
  host: string,
  port: number,
  anchors: TrustAnchors,
  deadline: Deadline,
): Promise<DirectTlsFacts> {
  const withAlpn = await attempt(host, port, anchors, deadline, [POSTGRESQL_ALPN]);
  const first = withAlpn.result;
  let withoutAlpn: DirectTlsAttempt;
  if (withAlpn.silentClose) {
    const why = first.detail.replace(/^not offered: /, "");
    withoutAlpn = {
      ...NOT_MADE(),
      detail: `not offered: not attempted, the ClientHello with ALPN was closed without a byte back (${why}): no TLS at connect`,
    };
  } else if (first.inconclusive) {
    withoutAlpn = {
      ...NOT_MADE(),
      detail: `not attempted: ${first.inconclusive}`,
      inconclusive: first.inconclusive,
    };
  } else withoutAlpn = (await attempt(host, port, anchors, deadline, [])).result;
  return { kind: "attempted", withAlpn: first, withoutAlpn };
}

/** An attempt before any answer: nothing accepted, nothing completed. */
const unanswered = (alpn: string[]) => ({
  alpnOffered: alpn,
  handshakeCompleted: false,
  alpnSelected: null,
  accepted: false,
});

/** The attempt without ALPN, when it is not made. */
const NOT_MADE = (): Omit<DirectTlsAttempt, "detail"> => ({ ...unanswered([]), notMade: true });

async function attempt(
  host: string,
  port: number,
  anchors: TrustAnchors,
  deadline: Deadline,
  alpn: string[],
): Promise<{ result: DirectTlsAttempt; silentClose?: true }> {
  const base = unanswered(alpn);
  const conn = await Connection.open(host, port, deadline);
  if (!(conn instanceof Connection))
    return { result: { ...base, detail: conn.error, inconclusive: conn.error } };
  const socket = conn.detach();
  const tls = await tlsHandshake(socket, host, anchors, deadline, {
    closed: "the server closed the connection during the handshake",
    ...(alpn.length > 0 ? { alpn } : {}),
  });
  if ("error" in tls) {
    // Counted on the connection itself, not by the TLS layer: whether anything at all came back.
    const silent = socket.bytesRead === 0;
    socket.destroy();
    if (tls.timedOut) return { result: { ...base, detail: tls.error, inconclusive: tls.error } };
    // A TLS alert may still be the server asking for a client certificate: it speaks direct TLS.
    const certRequired = /client certificate/.test(tls.error);
    const result = {
      ...base,
      accepted: certRequired,
      detail: certRequired ? tls.error : `not offered: ${tls.error}`,
    };
    return silent && !certRequired ? { result, silentClose: true } : { result };
  }
  try {
    const alpnSelected = typeof tls.alpnProtocol === "string" ? tls.alpnProtocol : null;
    const peer = peerFacts(tls, host);
    const inner = new Connection(tls);
    inner.write(startupMessage(PROBE_STARTUP));
    const startup: FirstReply = await firstReply(inner, deadline);
    inner.write(terminate());
    const answered = startup.kind === "auth" || startup.kind === "error";
    const accepted = answered || requiresClientCertificate(startup);
    const common = {
      ...base,
      handshakeCompleted: true,
      alpnSelected,
      startup,
      accepted,
      caSource: anchors.source,
      ...peer,
    };
    if (startup.kind === "timeout") {
      const why = `the handshake completed, then no answer to the StartupMessage ${deadline.phrase}`;
      return { result: { ...common, detail: why, inconclusive: why } };
    }
    const selected = alpnSelected ? `ALPN ${alpnSelected} selected` : "no ALPN selected";
    const detail = `handshake completed (${peer.protocol ?? "unknown protocol"}, ${selected}), then ${
      accepted ? `the StartupMessage was answered (${replyWords(startup)})` : replyWords(startup)
    }`;
    return { result: { ...common, detail } };
  } finally {
    tls.destroy();
  }
}

/** What the server did with the StartupMessage inside the session, in a few words. */
function replyWords(r: FirstReply): string {
  switch (r.kind) {
    case "auth":
      return `authentication code ${r.auth.code}`;
    case "error":
      return `error ${r.error.code || "without a code"}`;
    case "closed":
      return requiresClientCertificate(r)
        ? "the server asked for a client certificate"
        : `the server closed the session without answering the StartupMessage${r.error ? ` (${r.error})` : ""}`;
    case "invalid":
      return `the answer was not PostgreSQL: ${r.reason}`;
    case "timeout":
      return "no answer";
  }
}
