import { ruleMeta } from "../core/catalog.js";
import { probeRule } from "./kinds.js";
/** WW000 for live endpoints: what could not be checked, so an unreachable node never reads as a clean one. */
export const ww000Probe = probeRule({
    meta: ruleMeta("WW000"),
    check(model) {
        const hits = [];
        for (const e of model.endpoints) {
            const endpoint = e.target.endpoint;
            // A pooler's far side is out of a client's sight: say so, and where it is judged instead.
            if (e.target.pooler)
                hits.push({
                    endpoint,
                    message: `${endpoint} is a connection pooler (${e.target.pooler}, as the scanned tree shows): probe checks the side Django connects to; the pooler's own connection on to the database cannot be probed from outside, and \`wirewarden scan\` judges it from the pooler's configuration (WW119)`,
                    fix: "run wirewarden scan on the project for WW119, wirewarden prove to attack that leg (reproduced on loopback with the pooler's settings), and probe the database nodes behind the pooler directly",
                });
            if (e.unreachable) {
                hits.push({
                    endpoint,
                    message: `endpoint not probed: ${e.unreachable}`,
                    fix: "check the host and port (and --timeout); nothing about this endpoint was verified",
                });
                continue;
            }
            if (e.ssl?.kind === "timeout" || e.ssl?.kind === "closed" || e.ssl?.kind === "other")
                hits.push({
                    endpoint,
                    message: `the SSLRequest got no usable answer (${e.ssl.kind === "other" ? `byte 0x${e.ssl.byte.toString(16)}` : e.ssl.kind}): TLS posture not checked`,
                    fix: "make sure this is a PostgreSQL-wire port",
                });
            for (const [what, reply] of [
                ["plaintext login check", e.plaintext],
                ["login check inside TLS", e.tls?.startup],
            ]) {
                if (reply?.kind === "invalid" || reply?.kind === "timeout")
                    hits.push({
                        endpoint,
                        message: `${what} inconclusive: ${reply.kind === "invalid" ? reply.reason : "no reply before the timeout"}`,
                        fix: "make sure this is a PostgreSQL-wire port (a proxy in front of it may be mangling the protocol)",
                    });
            }
            for (const [what, problem] of [
                ["plaintext login check", e.plaintextStartupProblem],
                ["login check inside TLS", e.tls?.startupProblem],
            ]) {
                if (problem)
                    hits.push({
                        endpoint,
                        message: `${what} incomplete: ${problem} (the server's parameters were not read)`,
                        fix: "make sure this is a PostgreSQL-wire port (a proxy in front of it may be mangling the protocol)",
                    });
            }
            if (e.tlsError)
                hits.push({
                    endpoint,
                    message: `TLS not examined: ${e.tlsError}`,
                    fix: "check the server's TLS configuration; certificate, protocol and cipher were not verified",
                });
            if (e.tls?.certificateError)
                hits.push({ endpoint, message: e.tls.certificateError, fix: "serve a valid X.509 certificate" });
            for (const p of e.legacy?.problems ?? [])
                hits.push({
                    endpoint,
                    message: `legacy TLS check inconclusive: ${p}`,
                    fix: "re-run with a longer --timeout",
                });
            for (const message of directTlsGaps(e.directTls))
                hits.push({ endpoint, message, fix: "re-run with a longer --timeout" });
        }
        for (const o of model.origins) {
            if (o.httpError && o.httpsError)
                hits.push({
                    endpoint: o.target.endpoint,
                    message: `origin not probed: HTTP ${o.httpError}; HTTPS ${o.httpsError}`,
                    fix: "check the host and ports (--http-port/--https-port) and --timeout",
                });
            else if (o.httpsError)
                hits.push({
                    endpoint: o.target.endpoint,
                    message: `HTTPS not examined: ${o.httpsError}`,
                    fix: "serve HTTPS on this origin",
                });
            if (o.redirectsCut)
                hits.push({
                    endpoint: o.target.endpoint,
                    message: `plain-HTTP redirect chain not followed to its end: ${o.redirectsCut}`,
                    fix: "make http:// redirect once, straight to the https:// URL",
                });
        }
        return hits;
    },
});
/**
 * What the direct-TLS check could not tell: no time left to try, or an attempt with no answer by the deadline (one
 * line when both attempts ran out alike). A refusal is an answer (not offered) and is not listed.
 */
function directTlsGaps(d) {
    if (d?.kind === "no-time")
        return [`direct TLS not checked: ${d.reason}`];
    if (d?.kind !== "attempted")
        return [];
    const a = d.withAlpn.inconclusive;
    const b = d.withoutAlpn.inconclusive;
    if (a && a === b)
        return [`direct TLS check inconclusive (with and without ALPN): ${a}`];
    return [
        ...(a ? [`direct TLS check inconclusive (ALPN postgresql): ${a}`] : []),
        ...(b ? [`direct TLS check inconclusive (no ALPN): ${b}`] : []),
    ];
}
//# sourceMappingURL=ww000-endpoint-not-probed.js.map