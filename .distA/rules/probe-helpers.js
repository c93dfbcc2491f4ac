/** How a server's first reply reads in evidence. */
export function describeReply(r) {
    if (!r)
        return "no reply";
    switch (r.kind) {
        case "auth":
            return `${r.auth.name}${r.auth.mechanisms.length > 0 ? ` [${r.auth.mechanisms.join(", ")}]` : ""} (code ${r.auth.code})`;
        case "error":
            return `ErrorResponse ${r.error.code} "${r.error.message}"`;
        case "closed":
            return `connection closed${r.error ? ` (${r.error})` : ""}`;
        case "timeout":
            return "no reply before the timeout";
        case "invalid":
            return `not a valid reply: ${r.reason}`;
    }
}
/** What to write on the server side so that plaintext logins are refused. */
export const REFUSE_PLAINTEXT_FIX = "PostgreSQL: use only `hostssl` entries in pg_hba.conf (or `hostnossl all all 0.0.0.0/0 reject` first); CockroachDB: run without --insecure/--accept-sql-without-tls and use `hostssl` HBA entries; clients: sslmode=verify-full";
/**
 * The endpoint's TLS sessions: the one after SSLRequest, and the direct-TLS one (ALPN `postgresql`) when its
 * handshake completed with another certificate than the SSLRequest session's (or with no SSLRequest session at
 * all): a TLS proxy in front of the database, or a listener of its own. The same certificate on both paths is
 * judged once, so that one finding does not appear twice.
 */
export function tlsSessions(e) {
    const sessions = [];
    if (e.tls)
        sessions.push({ via: "", ...e.tls });
    const d = e.directTls?.kind === "attempted" ? e.directTls.withAlpn : undefined;
    if (d?.handshakeCompleted && d.certificate) {
        const same = e.tls?.certificate?.fingerprint256 === d.certificate.fingerprint256;
        if (!same)
            sessions.push({
                via: " (direct TLS, ALPN postgresql)",
                protocol: d.protocol,
                cipher: d.cipher,
                authorized: d.authorized === true,
                ...(d.authorizationError ? { authorizationError: d.authorizationError } : {}),
                caSource: d.caSource ?? e.tls?.caSource ?? "the CA in use",
                certificate: d.certificate,
                ...(d.hostnameMatches !== undefined ? { hostnameMatches: d.hostnameMatches } : {}),
            });
    }
    return sessions;
}
//# sourceMappingURL=probe-helpers.js.map