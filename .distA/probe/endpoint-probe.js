import { Deadline } from "../net/deadline.js";
import { requestSsl } from "../net/ssl-request.js";
import { directTls } from "./direct-tls-check.js";
import { legacyTls } from "./legacy-check.js";
import { oldProtocolRefusal, plaintextStartup } from "./plaintext-check.js";
import { identifyServer } from "./server-identity.js";
import { tlsSession } from "./tls-check.js";
/**
 * Least time left for the direct-TLS attempts to start: with less, they could only run out (a connect and two
 * round trips), and a server whose TLS session ran to the deadline would get two connections as it ends (a
 * deadline timer may fire a fraction of a millisecond early).
 */
export const DIRECT_TLS_MIN_MS = 25;
/**
 * Everything the rules need about one endpoint. The plaintext startup, the TLS session and the legacy attempts
 * use separate connections and run side by side, and every connect and wait of them shares one deadline
 * (`timeoutMs` from the start): whatever the server does, the endpoint's probe is over by then. The direct-TLS
 * attempts start once the handshake after 'S' is over (beside the login inside TLS and the legacy attempts), so a
 * server whose TLS stalls gets no more connections; they are not made when the SSLRequest already said there is
 * no TLS.
 */
export async function probeEndpoint(target, o) {
    const started = performance.now();
    const deadline = new Deadline(o.timeoutMs, started);
    const { host, port } = target;
    let plaintextStartupProblem;
    let direct;
    const done = (r) => ({
        ...r,
        ...(plaintextStartupProblem ? { plaintextStartupProblem } : {}),
        ...(direct && !r.unreachable ? { directTls: direct } : {}),
        durationMs: Math.round(performance.now() - started),
    });
    // Direct TLS after the SSLRequest path's handshake, unless the SSLRequest settled the question or time ran out.
    const directRun = async (answer) => {
        const skip = directTlsSkipped(answer);
        if (skip)
            return { kind: "skipped", reason: skip };
        if (deadline.left() < DIRECT_TLS_MIN_MS)
            return { kind: "no-time", reason: `no time left ${deadline.phrase}, after the other checks` };
        return directTls(host, port, o.anchors, deadline);
    };
    // A server that only ever asked for a password has not said what it is; its refusal of protocol 2.0 will.
    const identify = async (replies, parameters) => {
        const first = identifyServer(replies, parameters);
        if (first.product !== "unknown" || !replies.some((r) => r?.kind === "auth"))
            return first;
        return identifyServer([...replies, await oldProtocolRefusal(host, port, deadline)], parameters);
    };
    // The plaintext check does not hold up the TLS path: both run to the same deadline, side by side.
    const plainRun = plaintextStartup(host, port, deadline);
    const tlsRun = (async () => {
        const ssl = await requestSsl(host, port, deadline);
        if ("unreachable" in ssl)
            return { ssl };
        if (!ssl.conn) {
            direct = await directRun(ssl.answer);
            return { ssl };
        }
        if (ssl.answer.kind === "S" && ssl.answer.extraBytes > 0) {
            // What follows would be read as part of the TLS stream; the injection is the finding (WW410).
            ssl.conn.close();
            direct = await directRun(ssl.answer);
            return { ssl, injected: true };
        }
        const { answer } = ssl;
        // The direct attempts start when the handshake after 'S' is over (not before: a server whose TLS stalls
        // gets no more connections), beside the login inside TLS and the legacy attempts.
        let handshakeOver = () => { };
        const handshakeDone = new Promise((resolve) => {
            handshakeOver = resolve;
        });
        const [tls, legacy, directFacts] = await Promise.all([
            tlsSession(ssl.conn, host, o.anchors, deadline, handshakeOver).finally(handshakeOver),
            o.legacy ? legacyTls(host, port, deadline) : Promise.resolve(undefined),
            handshakeDone.then(() => directRun(answer)),
        ]);
        direct = directFacts;
        return { ssl, tls, legacy };
    })();
    const [plain, { ssl, injected, tls, legacy }] = await Promise.all([plainRun, tlsRun]);
    if ("unreachable" in plain && "unreachable" in ssl) {
        return done({ target, unreachable: plain.unreachable, server: identifyServer([], {}) });
    }
    const plaintext = "unreachable" in plain ? { kind: "closed", error: plain.unreachable } : plain.reply;
    const plainParameters = "unreachable" in plain ? {} : plain.parameters;
    if (!("unreachable" in plain))
        plaintextStartupProblem = plain.startupProblem;
    if ("unreachable" in ssl) {
        return done({
            target,
            plaintext,
            tlsError: ssl.unreachable,
            server: identifyServer([plaintext], plainParameters),
        });
    }
    const { answer } = ssl;
    if (!ssl.conn) {
        const sslError = answer.kind === "E" && answer.error ? { kind: "error", error: answer.error } : undefined;
        return done({
            target,
            plaintext,
            ssl: answer,
            server: await identify([plaintext, sslError], plainParameters),
        });
    }
    if (injected || !tls) {
        return done({
            target,
            plaintext,
            ssl: answer,
            tlsError: "TLS not attempted: plaintext bytes arrived after 'S'",
            server: identifyServer([plaintext], plainParameters),
        });
    }
    if ("error" in tls) {
        return done({
            target,
            plaintext,
            ssl: answer,
            tlsError: tls.error,
            ...(legacy ? { legacy } : {}),
            server: identifyServer([plaintext], plainParameters),
        });
    }
    const server = await identify([plaintext, tls.startup], { ...plainParameters, ...tls.parameters });
    return done({ target, plaintext, ssl: answer, tls, ...(legacy ? { legacy } : {}), server });
}
/**
 * Why no direct ClientHello is sent, when the SSLRequest's answer already settled it: 'N' (no TLS on this port:
 * PostgreSQL with ssl=off, CockroachDB --insecure and PgBouncer without client TLS refuse direct TLS too), an
 * ErrorResponse (a server older than SSLRequest), or no answer by the deadline (the SSLRequest's WW000 says so).
 * A close or a non-PostgreSQL byte is no such answer: a generic TLS terminator answers an SSLRequest that way.
 */
function directTlsSkipped(answer) {
    if (answer.kind === "N")
        return "the SSLRequest was answered 'N': no TLS on this port";
    if (answer.kind === "E")
        return "the SSLRequest was answered with an error: a server without TLS";
    if (answer.kind === "timeout")
        return "the SSLRequest got no answer";
    return undefined;
}
//# sourceMappingURL=endpoint-probe.js.map