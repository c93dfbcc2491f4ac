import { isIP } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { Connection, describeSocketError, limitPhrase } from "../net/connection.js";
import { startupMessage, terminate } from "../pgwire/frontend.js";
import { certificateFacts } from "./certificate-facts.js";
import { parseFirstReply, parseStartupParameters, startupProblem } from "./first-reply.js";
import { libpqHostMatches } from "./hostname-match.js";
import { PROBE_STARTUP } from "./plaintext-check.js";
/**
 * The TLS handshake libpq would make (TLS 1.2+, SNI for host names), with verification recorded rather than
 * enforced so that an untrusted or mismatched certificate is still examined. Then a StartupMessage inside TLS
 * with the dummy user: what authentication the server asks for over an encrypted channel.
 */
export async function tlsSession(conn, host, anchors, deadline, 
/** Called once the handshake is over, done or failed (before the startup inside TLS). */
onHandshake) {
    const socket = conn.detach();
    const leftover = conn.buffer;
    if (leftover.length > 0)
        socket.unshift(leftover);
    const closed = "the server closed the connection right after 'S', before the TLS handshake";
    // A peer that sent 'S' and closed: nothing will ever answer the ClientHello, and waiting would cost the timeout.
    if (socket.destroyed || socket.readableEnded) {
        socket.destroy();
        return { error: closed };
    }
    const tls = await tlsHandshake(socket, host, anchors, deadline, { closed });
    onHandshake?.();
    if ("error" in tls)
        return { error: tls.error };
    try {
        const peer = peerFacts(tls, host);
        const inner = new Connection(tls);
        inner.write(startupMessage(PROBE_STARTUP));
        const startup = await firstReply(inner, deadline);
        let parameters = {};
        let problem;
        if (startup.kind === "auth" && startup.auth.code === 0) {
            const rest = await inner.waitFor(parseStartupParameters, deadline);
            if (rest.kind === "ok" && "parameters" in rest.value)
                parameters = rest.value.parameters;
            problem = startupProblem(rest, deadline);
        }
        inner.write(terminate());
        return {
            ...peer,
            caSource: anchors.source,
            startup,
            parameters,
            ...(problem ? { startupProblem: problem } : {}),
            clientCertificateRequired: requiresClientCertificate(startup),
        };
    }
    finally {
        tls.destroy();
    }
}
/**
 * A TLS handshake over `socket`, verification recorded rather than enforced, ended by the deadline, by an error or
 * by the server closing (`closed` says so). `alpn`: the protocols to offer (none when absent). Shared by the TLS
 * check (after 'S') and the direct-TLS check (straight after connect).
 */
export function tlsHandshake(socket, host, anchors, deadline, o) {
    return new Promise((resolve) => {
        const s = tlsConnect({
            socket,
            ...(isIP(host) === 0 ? { servername: host } : {}),
            ...(anchors.ca !== undefined ? { ca: anchors.ca } : {}),
            ...(o.alpn ? { ALPNProtocols: o.alpn } : {}),
            rejectUnauthorized: false,
            // `authorized` is about the chain only: the host name is judged by libpq's rules (hostname-match.ts),
            // not Node's, which would also fail every IP target without a servername.
            checkServerIdentity: () => undefined,
        });
        const timer = setTimeout(() => {
            s.destroy();
            resolve({ error: `TLS handshake did not finish ${limitPhrase(deadline)}`, timedOut: true });
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
            s.destroy();
            resolve({ error: o.closed });
        };
        socket.once("end", onClose);
        s.once("close", onClose);
        s.once("secureConnect", () => {
            socket.removeListener("end", onClose);
            s.removeListener("close", onClose);
        });
    });
}
/** What a completed handshake says about the server: protocol, cipher, the chain, the leaf certificate. */
export function peerFacts(tls, host) {
    const peer = tls.getPeerCertificate(true);
    let certificate;
    let certificateError;
    if (peer?.raw) {
        try {
            certificate = certificateFacts(peer.raw);
        }
        catch (e) {
            certificateError = `the server's certificate could not be parsed: ${describeSocketError(e)}`;
        }
    }
    else
        certificateError = "the server sent no certificate";
    const authorizationError = tls.authorizationError ? String(tls.authorizationError) : undefined;
    return {
        protocol: tls.getProtocol(),
        cipher: tls.getCipher()?.name ?? null,
        authorized: tls.authorized,
        ...(authorizationError ? { authorizationError } : {}),
        ...(certificate ? { certificate, hostnameMatches: libpqHostMatches(host, certificate) } : {}),
        ...(certificateError ? { certificateError } : {}),
    };
}
/** The first reply to a StartupMessage already written on `conn`, by the deadline. */
export async function firstReply(conn, deadline) {
    const first = await conn.waitFor(parseFirstReply, deadline);
    return first.kind === "ok"
        ? first.value
        : first.kind === "overflow"
            ? { kind: "invalid", reason: "the server sent more than the probe reads" }
            : first;
}
/** PostgreSQL refuses a certificate-less client of a `clientcert`/`cert` HBA entry only after the handshake. */
export function requiresClientCertificate(reply) {
    if (reply.kind === "closed" && /certificate required|alert number 116/i.test(reply.error ?? ""))
        return true;
    return reply.kind === "error" && /certificate/i.test(reply.error.message);
}
function handshakeError(e) {
    const err = e;
    if (/CERTIFICATE_REQUIRED|alert number 116/i.test(`${err.code} ${err.message}`))
        return "the server requires a client certificate (TLS alert certificate_required)";
    return `TLS handshake failed: ${err.reason ?? describeSocketError(e)}`;
}
//# sourceMappingURL=tls-check.js.map