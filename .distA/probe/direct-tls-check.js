import { Connection } from "../net/connection.js";
import { startupMessage, terminate } from "../pgwire/frontend.js";
import { PROBE_STARTUP } from "./plaintext-check.js";
import { firstReply, peerFacts, requiresClientCertificate, tlsHandshake, } from "./tls-check.js";
/** The ALPN protocol PostgreSQL 17+ requires of a direct-TLS client (and libpq 17+ of the server). */
export const POSTGRESQL_ALPN = "postgresql";
/**
 * Direct TLS (PostgreSQL 17+, `sslnegotiation=direct`): a ClientHello straight after TCP connect, no SSLRequest,
 * once with ALPN `postgresql` and once without, side by side, each on its own connection, both ended by the
 * endpoint's deadline. After a completed handshake, the dummy user's StartupMessage: whether the server goes on
 * with PostgreSQL over the session (PostgreSQL 17+ without ALPN completes a TLS 1.3 handshake, then closes).
 *
 * A server that does not speak direct TLS reads the ClientHello as a startup packet with an absurd length and
 * closes (PostgreSQL ≤ 16), or answers with an error: that is an answer ("not offered"), never inconclusive. Only
 * no TCP connection, or no answer by the deadline, leaves the check inconclusive.
 */
export async function directTls(host, port, anchors, deadline) {
    const [withAlpn, withoutAlpn] = await Promise.all([
        attempt(host, port, anchors, deadline, [POSTGRESQL_ALPN]),
        attempt(host, port, anchors, deadline, []),
    ]);
    return { kind: "attempted", withAlpn, withoutAlpn };
}
async function attempt(host, port, anchors, deadline, alpn) {
    const base = { alpnOffered: alpn, handshakeCompleted: false, alpnSelected: null, accepted: false };
    const conn = await Connection.open(host, port, deadline);
    if (!(conn instanceof Connection))
        return { ...base, detail: conn.error, inconclusive: conn.error };
    const socket = conn.detach();
    const tls = await tlsHandshake(socket, host, anchors, deadline, {
        closed: "the server closed the connection during the handshake",
        ...(alpn.length > 0 ? { alpn } : {}),
    });
    if ("error" in tls) {
        socket.destroy();
        if (tls.timedOut)
            return { ...base, detail: tls.error, inconclusive: tls.error };
        // A TLS alert may still be the server asking for a client certificate: it speaks direct TLS.
        const certRequired = /client certificate/.test(tls.error);
        return {
            ...base,
            accepted: certRequired,
            detail: certRequired ? tls.error : `not offered: ${tls.error}`,
        };
    }
    try {
        const alpnSelected = typeof tls.alpnProtocol === "string" ? tls.alpnProtocol : null;
        const peer = peerFacts(tls, host);
        const inner = new Connection(tls);
        inner.write(startupMessage(PROBE_STARTUP));
        const startup = await firstReply(inner, deadline);
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
            return { ...common, detail: why, inconclusive: why };
        }
        const selected = alpnSelected ? `ALPN ${alpnSelected} selected` : "no ALPN selected";
        const detail = `handshake completed (${peer.protocol ?? "unknown protocol"}, ${selected}), then ${accepted ? `the StartupMessage was answered (${replyWords(startup)})` : replyWords(startup)}`;
        return { ...common, detail };
    }
    finally {
        tls.destroy();
    }
}
/** What the server did with the StartupMessage inside the session, in a few words. */
function replyWords(r) {
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
//# sourceMappingURL=direct-tls-check.js.map