import { ruleMeta } from "../core/catalog.js";
import { defaultServerSslmode } from "../deploy/pgbouncer.js";
import { poolerOf } from "./deploy-helpers.js";
import { aliasContext } from "./helpers.js";
import { scanRule } from "./kinds.js";
import { sslmodeGrade } from "./libpq-helpers.js";
/** The change, in the form the pooler is configured in: its ini file, or its image's environment. */
function fixFor(p) {
    if (p.envPrefix === undefined)
        return "in the [pgbouncer] section: server_tls_sslmode = verify-full and server_tls_ca_file = /path/to/db-ca.crt (the CA that signed the database's certificate), and client_tls_sslmode = require with client_tls_cert_file/client_tls_key_file so Django can connect with sslmode=verify-full";
    const v = (k) => `${p.envPrefix}${k}`;
    return `in the environment of ${p.where}: ${v("SERVER_TLS_SSLMODE")}=verify-full and ${v("SERVER_TLS_CA_FILE")}=/path/to/db-ca.crt (the CA that signed the database's certificate), and ${v("CLIENT_TLS_SSLMODE")}=require with ${v("CLIENT_TLS_CERT_FILE")}/${v("CLIENT_TLS_KEY_FILE")} so Django can connect with sslmode=verify-full`;
}
function upstreamHit(alias, pooler) {
    const set = pooler.settings.server_tls_sslmode;
    const fallback = defaultServerSslmode(pooler.version);
    const mode = set?.value ?? fallback.mode;
    const at = (set?.location ?? pooler.location);
    const source = set ? `server_tls_sslmode = ${mode}` : `no server_tls_sslmode: ${fallback.words}`;
    if (pooler.unknown && !set)
        return {
            message: `database alias '${alias.alias}' connects through ${pooler.where}, whose upstream TLS setting the scan cannot see (${pooler.unknown}): unknown is not safe, and PgBouncer's defaults (disable up to 1.19, prefer from 1.20) verify nothing`,
            location: at,
            evidence: `${source}; ${pooler.unknown}`,
            fix: fixFor(pooler),
        };
    if (mode === "verify-full") {
        if (pooler.settings.server_tls_ca_file)
            return undefined;
        return {
            severity: "medium",
            message: `database alias '${alias.alias}' connects through ${pooler.where}, which verifies the database's certificate (verify-full) but names no server_tls_ca_file: which roots it trusts is left to the image's defaults, not to the CA that signed the database`,
            location: at,
            evidence: `${source}; no server_tls_ca_file`,
            fix: fixFor(pooler),
        };
    }
    const grade = sslmodeGrade(mode);
    const severity = grade?.severity ?? "high";
    return {
        severity,
        message: `database alias '${alias.alias}' connects through ${pooler.where}, which connects on to the database with ${set ? `server_tls_sslmode ${mode}` : `server_tls_sslmode unset (${fallback.words})`}: ${mode === "verify-ca" ? "the chain is checked but not the host name" : mode === "require" ? "TLS without verifying the certificate, so anyone on the pooler's upstream path can stand in for the database" : mode === "prefer" ? "an attacker on the pooler's upstream path can strip TLS" : "the pooler's upstream leg is plaintext"}, and reads every query and the password beyond the pooler, ${alias.sslmode.value === "verify-full" ? "where Django's own verify-full does not reach" : "whatever Django's own sslmode"} (PgBouncer supports no channel binding)`,
        location: at,
        evidence: `${source}; Django → ${pooler.where} → database; alias host ${alias.hostLabel}`,
        fix: fixFor(pooler),
    };
}
export const ww119 = scanRule({
    meta: ruleMeta("WW119"),
    check(model) {
        const hits = [];
        const poolers = model.deploy.poolers;
        if (poolers.length === 0)
            return hits;
        // Local aliases too: a PgBouncer sidecar on loopback still connects on over the network.
        for (const view of model.views)
            for (const alias of view.databases) {
                if (alias.family !== "postgres" && alias.family !== "unknown")
                    continue;
                hits.push(...poolerHits(view, alias, poolers));
            }
        return hits;
    },
});
function poolerHits(view, alias, poolers) {
    const hits = [];
    const pooler = poolerOf(alias, poolers);
    if (!pooler)
        return hits;
    const up = upstreamHit(alias, pooler);
    if (up)
        hits.push({ ...aliasContext(view, alias), ...up });
    const client = pooler.settings.client_tls_sslmode;
    // On loopback the Django → pooler hop needs no TLS; over the network it does.
    if (alias.network && (client?.value ?? "disable") === "disable")
        hits.push({
            ...aliasContext(view, alias),
            message: `database alias '${alias.alias}' connects through ${pooler.where}, which ${client ? "sets client_tls_sslmode = disable" : "sets no client_tls_sslmode (PgBouncer's default: disable)"}: it answers 'N' to Django's TLS request, so the Django → pooler hop is plaintext (with sslmode prefer) or cannot connect (with verify-full)`,
            location: (client?.location ?? pooler.location),
            evidence: client ? `client_tls_sslmode = ${client.value}` : "no client_tls_sslmode: default disable",
            fix: fixFor(pooler),
        });
    return hits;
}
//# sourceMappingURL=ww119-db-pooler-upstream-unverified.js.map