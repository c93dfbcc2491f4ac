/**
 * The one client this tool has for the REAL server behind `prove` (--upstream): TCP → SSLRequest → TLS that is
 * always verified (chain against `ca`, host name against `servername`) → StartupMessage, then every message read
 * through one bounded session (size of a message, bytes, messages and time over the whole session). Its phases
 * are used twice:
 *
 * - `loginAndQuery` (downgrade: the password a client gave away): openSession with its own parameters, its own
 *   `authenticate` (SCRAM-SHA-256, or MD5 / cleartext, acceptable only because the TLS is verified), finishLogin,
 *   runQuery, Terminate;
 * - the proxy's relay (upstream-relay.ts): openSession with the client's parameters, nextAuthMessage forwarded to
 *   the client and its answers back, then finishLogin and runQuery once the session is the proxy's.
 *
 * Phases throw a Failure saying which stage failed; `loginAndQuery` never throws. The password never appears in a
 * returned error: nothing formats it in, and every error string is scrubbed of it anyway.
 */
import { createHash } from "node:crypto";
import { isIP } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { redactSecrets } from "../core/redact.js";
import { Connection, describeSocketError } from "../net/connection.js";
import { frameMessage, parseAuthentication, parseDataRow, parseErrorResponse, parseParameterStatus, parseSslReply, printable, } from "../pgwire/backend.js";
import { passwordMessage, saslInitialResponse, simpleQuery, sslRequest, startupMessage, terminate, } from "../pgwire/frontend.js";
import { ScramError, scramClientFinal, scramClientFirst, verifyServerFinal } from "./scram.js";
export const APPLICATION_NAME = "wirewarden-prove";
/** Rows kept from one query: `prove` runs `SELECT current_user`; anything much bigger is not a proof query. */
export const MAX_ROWS = 1000;
/** Bytes read from the server over the whole session, all messages together. */
export const MAX_SESSION_BYTES = 4 * 1024 * 1024;
/** Messages read from the server over the whole session: a login is a few dozen, a query MAX_ROWS rows and a few. */
export const MAX_SESSION_MESSAGES = 4 * MAX_ROWS;
/** Messages by which authentication must be over (SCRAM takes 4: SASL, SASLContinue, SASLFinal, Ok). */
export const MAX_AUTH_MESSAGES = 16;
const SCRAM = "SCRAM-SHA-256";
const CLOSE_GRACE_MS = 1000;
export class Failure extends Error {
    stage;
    constructor(stage, message) {
        super(message);
        this.stage = stage;
    }
}
/** With a password: the session's phases around this client's own `authenticate`. Never throws. */
export async function loginAndQuery(o) {
    let stage = "connect";
    let s;
    try {
        for (const [what, v] of [
            ["user", o.user],
            ["database", o.database],
            ["query", o.query],
        ])
            if (v.includes("\0"))
                throw new Failure(what === "query" ? "query" : "auth", `${what} contains a NUL byte`);
        if (o.password.includes("\0"))
            throw new Failure("auth", "the password contains a NUL byte");
        s = await openSession(o, {
            user: o.user,
            database: o.database,
            application_name: APPLICATION_NAME,
            // DataRow text arrives in UTF-8 whatever the database's encoding.
            client_encoding: "UTF8",
        }, (next) => {
            stage = next;
        });
        const auth = await authenticate(s, o);
        const { serverVersion } = await finishLogin(s);
        stage = "query";
        const rows = await runQuery(s, o.query);
        s.terminate();
        return { ok: true, rows, ...(serverVersion !== undefined ? { serverVersion } : {}), auth };
    }
    catch (e) {
        const f = e instanceof Failure ? e : new Failure(stage, `unexpected error: ${describeSocketError(e)}`);
        return { ok: false, stage: f.stage, error: redactSecrets(f.message, { known: [o.password] }) };
    }
    finally {
        s?.destroy();
    }
}
/**
 * One verified connection to the real server, after its StartupMessage. Every read goes through `next`, bounded
 * by the session's deadline (`timeoutMs` from the connect), MAX_MESSAGE_BYTES a message, MAX_SESSION_BYTES and
 * MAX_SESSION_MESSAGES in all. Made by openSession.
 */
export class UpstreamSession {
    tls;
    conn;
    left;
    timeoutMs;
    bytes = 0;
    messages = 0;
    closed = false;
    constructor(tls, conn, 
    /** Milliseconds left of the session's budget. */
    left, 
    /** The budget, for messages. */
    timeoutMs) {
        this.tls = tls;
        this.conn = conn;
        this.left = left;
        this.timeoutMs = timeoutMs;
    }
    /** Messages read so far. */
    get messagesRead() {
        return this.messages;
    }
    async next(stage) {
        const r = await this.conn.waitFor((b) => {
            const f = frameMessage(b);
            return f.kind === "incomplete" ? undefined : f;
        }, this.left());
        if (r.kind !== "ok")
            throw new Failure(stage, waitFailure(r, "a message from the server", this));
        const f = r.value;
        if (f.kind === "invalid")
            throw new Failure(stage, `invalid message from the server: ${f.reason}`);
        const size = 1 + 4 + f.message.body.length;
        this.bytes += size;
        if (this.bytes > MAX_SESSION_BYTES)
            throw new Failure(stage, `the server sent more than ${MAX_SESSION_BYTES} bytes`);
        if (++this.messages > MAX_SESSION_MESSAGES)
            throw new Failure(stage, `the server sent more than ${MAX_SESSION_MESSAGES} messages`);
        // Copy: the buffer is a view into the connection's, which consume() moves past.
        const raw = Buffer.from(this.conn.buffer.subarray(0, size));
        this.conn.consume(size);
        return { type: f.message.type, body: raw.subarray(5), raw };
    }
    write(bytes) {
        if (!this.closed)
            this.conn.write(bytes);
    }
    /**
     * A polite close: Terminate, then FIN; the socket is destroyed only after a grace period if the server does not
     * close its side (destroying it at once would drop the Terminate).
     */
    terminate() {
        if (this.closed)
            return;
        this.closed = true;
        const tls = this.tls;
        tls.end(terminate());
        setTimeout(() => tls.destroy(), CLOSE_GRACE_MS).unref();
    }
    /** Closes at once (after a failure); nothing once terminated. */
    destroy() {
        if (this.closed)
            return;
        this.closed = true;
        this.conn.close();
        this.tls.destroy();
    }
}
/**
 * Phase 1: connect verified (connectVerified), then send a StartupMessage with `params`. The session's budget
 * (`timeoutMs`) starts here. Throws a Failure; on failure nothing stays open.
 */
export async function openSession(t, params, enter = () => { }) {
    const deadline = Date.now() + Math.max(0, t.timeoutMs);
    const left = () => Math.max(0, deadline - Date.now());
    const sockets = {};
    try {
        const { tls, conn } = await connectVerified(t, left, sockets, enter);
        enter("auth");
        conn.write(startupMessage(params));
        return new UpstreamSession(tls, conn, left, t.timeoutMs);
    }
    catch (e) {
        sockets.conn?.close();
        sockets.tls?.destroy();
        throw e;
    }
}
/**
 * Phase 2, one step: the server's next authentication request or its refusal. NoticeResponses are skipped; any
 * other message, a malformed request, or authentication not over within MAX_AUTH_MESSAGES is a Failure.
 */
export async function nextAuthMessage(s) {
    for (;;) {
        const m = await s.next("auth");
        if (s.messagesRead > MAX_AUTH_MESSAGES)
            throw new Failure("auth", `authentication not over after ${MAX_AUTH_MESSAGES} messages from the server`);
        if (m.type === "N")
            continue;
        if (m.type === "E")
            return { type: "E", body: m.body, raw: m.raw };
        if (m.type !== "R")
            throw new Failure("auth", `unexpected message '${printable(m.type)}' during authentication`);
        const request = parseAuthentication(m.body);
        if (!request)
            throw new Failure("auth", "malformed authentication request");
        return { type: "R", request, body: m.body, raw: m.raw };
    }
}
/** Phase 3, after AuthenticationOk: ParameterStatus, BackendKeyData, until ReadyForQuery. */
export async function finishLogin(s) {
    let serverVersion;
    for (;;) {
        const m = await s.next("auth");
        if (m.type === "Z")
            return serverVersion !== undefined ? { serverVersion } : {};
        if (m.type === "S") {
            const p = parseParameterStatus(m.body);
            if (p?.name === "server_version")
                serverVersion = p.value;
        }
        else if (m.type === "E")
            throw new Failure("auth", `authenticated, but the server ended the session: ${serverError(m.body)}`);
        else if (m.type !== "K" && m.type !== "N")
            throw new Failure("auth", `unexpected message '${printable(m.type)}' before ReadyForQuery`);
    }
}
/**
 * Phase 4: one simple Query, to its ReadyForQuery. The text of every DataRow (SQL NULL as the empty string), at
 * most MAX_ROWS; the server's error, a COPY or an unexpected message is a Failure (stage query).
 */
export async function runQuery(s, sql) {
    if (sql.includes("\0"))
        throw new Failure("query", "query contains a NUL byte");
    s.write(simpleQuery(sql));
    const rows = [];
    let queryError;
    for (;;) {
        const m = await s.next("query");
        if (m.type === "Z")
            break;
        if (m.type === "D") {
            if (rows.length >= MAX_ROWS)
                throw new Failure("query", `the query returned more than ${MAX_ROWS} rows`);
            const row = parseDataRow(m.body);
            if (!row)
                throw new Failure("query", "malformed DataRow");
            rows.push(row);
        }
        else if (m.type === "E")
            queryError ??= serverError(m.body);
        else if (m.type === "G" || m.type === "H" || m.type === "W")
            throw new Failure("query", "the query started a COPY, which is not supported");
        else if (!["T", "C", "I", "N", "S", "A"].includes(m.type))
            throw new Failure("query", `unexpected message '${printable(m.type)}' in the query's reply`);
    }
    if (queryError !== undefined)
        throw new Failure("query", queryError);
    return rows;
}
/**
 * TCP → SSLRequest → a lone 'S' → a TLS handshake that is always verified (chain against `ca`, host name against
 * `servername`, TLS 1.2+): the first phase of every session. Throws a
 * Failure saying which step failed; every wait ends by `left()`.
 */
async function connectVerified(o, left, sockets = {}, enter = () => { }) {
    const opened = await Connection.open(o.host, o.port, left());
    if (!(opened instanceof Connection))
        throw new Failure("connect", opened.error);
    sockets.conn = opened;
    enter("tls");
    opened.write(sslRequest());
    const answer = await opened.waitFor((b) => {
        const r = parseSslReply(b);
        return r.kind === "incomplete" ? undefined : r;
    }, left());
    if (answer.kind !== "ok")
        throw new Failure("tls", waitFailure(answer, "an answer to SSLRequest", o));
    const reply = answer.value;
    if (reply.kind === "N")
        throw new Failure("tls", "the server refused TLS (answered N to SSLRequest)");
    if (reply.kind === "E")
        throw new Failure("tls", "the server answered SSLRequest with an error");
    if (reply.kind !== "S")
        throw new Failure("tls", `the server answered SSLRequest with byte 0x${reply.kind === "other" ? hex(reply.byte) : "?"}`);
    if (reply.extra > 0 || opened.buffer.length > 1)
        throw new Failure("tls", "bytes arrived after 'S' before the TLS handshake (possible injection); refused");
    const tls = await handshake(opened, o, left());
    sockets.tls = tls;
    return { tls, conn: new Connection(tls) };
}
/** Verified TLS, always: rejectUnauthorized is true and the host name is checked by Node's rules. */
function handshake(conn, o, timeoutMs) {
    const socket = conn.detach();
    const name = o.servername ?? o.host;
    return new Promise((resolve, reject) => {
        const s = tlsConnect({
            socket,
            // checkServerIdentity verifies `servername` if set, else `host`; SNI may not carry an IP address.
            host: name,
            ...(isIP(name) === 0 ? { servername: name } : {}),
            ...(o.ca !== undefined ? { ca: o.ca } : {}),
            rejectUnauthorized: true,
            minVersion: "TLSv1.2",
        });
        let settled = false;
        const fail = (why) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            s.destroy();
            reject(new Failure("tls", why));
        };
        const timer = setTimeout(() => fail(`TLS handshake did not finish within the ${o.timeoutMs} ms budget`), timeoutMs);
        // A persistent listener: a second 'error' after the first must not become an uncaught exception.
        s.on("error", (e) => fail(`TLS handshake failed: ${tlsError(e)}`));
        s.once("secureConnect", () => {
            if (!s.authorized)
                return fail(`certificate not verified: ${String(s.authorizationError)}`);
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            resolve(s);
        });
    });
}
/** Phase 2 with a password: answer the server's requests until AuthenticationOk; the server must prove SCRAM. */
async function authenticate(s, o) {
    let method = "trust";
    let scram;
    for (;;) {
        const m = await nextAuthMessage(s);
        if (m.type === "E")
            throw new Failure("auth", serverError(m.body));
        const req = m.request;
        switch (req.code) {
            case 0:
                if (scram && !scram.verified)
                    throw new Failure("auth", "the server said AuthenticationOk without completing SCRAM (no SASLFinal)");
                return method;
            case 3:
                method = "cleartext";
                s.write(passwordMessage(Buffer.from(`${o.password}\0`, "utf8")));
                break;
            case 5: {
                if (m.body.length !== 8)
                    throw new Failure("auth", "malformed AuthenticationMD5Password");
                method = "md5";
                const inner = md5hex(Buffer.concat([Buffer.from(o.password, "utf8"), Buffer.from(o.user, "utf8")]));
                const outer = md5hex(Buffer.concat([Buffer.from(inner, "ascii"), m.body.subarray(4, 8)]));
                s.write(passwordMessage(Buffer.from(`md5${outer}\0`, "ascii")));
                break;
            }
            case 10: {
                if (scram)
                    throw new Failure("auth", "the server restarted SASL authentication");
                if (!req.mechanisms.includes(SCRAM))
                    throw new Failure("auth", `the server offers no ${SCRAM} (offers: ${req.mechanisms.join(", ") || "none"})`);
                method = SCRAM;
                const first = scramClientFirst();
                scram = { bare: first.bare, nonce: first.nonce, verified: false };
                s.write(saslInitialResponse(SCRAM, Buffer.from(first.message, "utf8")));
                break;
            }
            case 11: {
                if (!scram || scram.expected !== undefined)
                    throw new Failure("auth", "unexpected AuthenticationSASLContinue");
                const serverFirst = m.body.subarray(4).toString("utf8");
                try {
                    const final = scramClientFinal({
                        password: o.password,
                        clientFirstBare: scram.bare,
                        serverFirst,
                        clientNonce: scram.nonce,
                    });
                    scram.expected = final.expectedServerSignature;
                    s.write(passwordMessage(Buffer.from(final.message, "utf8")));
                }
                catch (e) {
                    throw new Failure("auth", e instanceof ScramError ? `SCRAM: ${e.message}` : "SCRAM: computation failed");
                }
                break;
            }
            case 12: {
                if (!scram?.expected || scram.verified)
                    throw new Failure("auth", "unexpected AuthenticationSASLFinal");
                if (!verifyServerFinal(m.body.subarray(4).toString("utf8"), scram.expected))
                    throw new Failure("auth", "SCRAM: the server's signature is wrong: it does not know this password (or the exchange was tampered with)");
                scram.verified = true;
                break;
            }
            default:
                throw new Failure("auth", `unsupported authentication request: ${req.name}`);
        }
    }
}
function waitFailure(r, what, o) {
    if (r.kind === "timeout")
        return `${what} did not come within the ${o.timeoutMs} ms budget`;
    if (r.kind === "overflow")
        return `the server sent more than is read while waiting for ${what}`;
    return `the connection closed while waiting for ${what}${r.error ? `: ${r.error}` : ""}`;
}
function serverError(body) {
    const e = parseErrorResponse(body);
    return [e.severity, e.code].filter((s) => s.length > 0).join(" ") + (e.message ? `: ${e.message}` : "");
}
function md5hex(b) {
    return createHash("md5").update(b).digest("hex");
}
function tlsError(e) {
    const err = e;
    const code = typeof err?.code === "string" ? err.code : undefined;
    const text = err?.reason ?? describeSocketError(e);
    return code && !text.includes(code) ? `${text} (${code})` : text;
}
function hex(b) {
    return b.toString(16).padStart(2, "0");
}
//# sourceMappingURL=upstream-session.js.map