import { Connection } from "../net/connection.js";
import { PROTOCOL_2_0, startupMessage, terminate } from "../pgwire/frontend.js";
import { parseFirstReply, parseStartupParameters, startupProblem } from "./first-reply.js";
/**
 * The probe's only identity: a user and database no deployment has, so the server's answer (auth request or
 * refusal) tells whether plaintext logins are possible without any credential ever being offered.
 */
export const PROBE_STARTUP = {
    user: "wirewarden_probe",
    database: "wirewarden_probe",
    application_name: "wirewarden-probe",
};
/** Sends a plaintext StartupMessage and reads the first reply; closes right after it. */
export async function plaintextStartup(host, port, deadline) {
    const conn = await Connection.open(host, port, deadline);
    if (!(conn instanceof Connection))
        return { unreachable: conn.error };
    try {
        conn.write(startupMessage(PROBE_STARTUP));
        const r = await conn.waitFor(parseFirstReply, deadline);
        let parameters = {};
        let problem;
        if (r.kind === "ok" && r.value.kind === "auth" && r.value.auth.code === 0) {
            const rest = await conn.waitFor(parseStartupParameters, deadline);
            if (rest.kind === "ok" && "parameters" in rest.value)
                parameters = rest.value.parameters;
            problem = startupProblem(rest, deadline);
        }
        conn.write(terminate());
        if (r.kind === "ok")
            return { reply: r.value, parameters, ...(problem ? { startupProblem: problem } : {}) };
        if (r.kind === "overflow")
            return { reply: { kind: "invalid", reason: "the server sent more than the probe reads" }, parameters };
        return { reply: r, parameters };
    }
    finally {
        conn.close();
    }
}
/**
 * A StartupMessage for protocol 2.0, which PostgreSQL (postmaster.c) and CockroachDB refuse with an ErrorResponse
 * that names them: how the probe identifies a server whose other answers were all authentication requests.
 */
export async function oldProtocolRefusal(host, port, deadline) {
    if (deadline.passed())
        return undefined;
    const conn = await Connection.open(host, port, deadline);
    if (!(conn instanceof Connection))
        return undefined;
    try {
        conn.write(startupMessage(PROBE_STARTUP, PROTOCOL_2_0));
        const r = await conn.waitFor(parseVersion2Error, deadline);
        return r.kind === "ok" ? r.value : undefined;
    }
    finally {
        conn.close();
    }
}
/** A protocol-2 ErrorResponse is 'E' and one C string, with no length: PostgreSQL answers a 2.0 startup so. */
function parseVersion2Error(buf) {
    if (buf.length === 0)
        return undefined;
    if (buf[0] !== 0x45)
        return { kind: "invalid", reason: "not a protocol-2 error" };
    const end = buf.indexOf(0, 1);
    if (end < 0)
        return buf.length > 4096 ? { kind: "invalid", reason: "unterminated error" } : undefined;
    const text = buf
        .subarray(1, end)
        .toString("utf8")
        .replace(/^[A-Z]+:\s+/, "")
        .trim()
        .slice(0, 300);
    return { kind: "error", error: { severity: "FATAL", code: "", message: text, fields: {} } };
}
//# sourceMappingURL=plaintext-check.js.map