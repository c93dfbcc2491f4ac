import { ruleMeta } from "../core/catalog.js";
import { asString } from "../python/value.js";
import { poolerOf } from "./deploy-helpers.js";
import { aliasContext, networkPgAliases, paramLocation, sslmodeEvidence } from "./helpers.js";
import { scanRule } from "./kinds.js";
/** CockroachDB implements SCRAM without channel binding (cockroachdb/cockroach#74300): require would fail. */
function isCockroach(alias) {
    return /cockroach/i.test(alias.engine ?? "") || /^cockroach/i.test(alias.url?.url?.trim() ?? "");
}
/**
 * PgBouncer supports no channel binding (its NEWS), so channel_binding=require through it fails every login. Which
 * host is a pooler is not written anywhere libpq sees; the heuristic is a host whose name contains "pgbouncer" or
 * PgBouncer's default port 6432 (HOST/PORT or the URL's authority); a host read from an env var named like
 * PGBOUNCER_HOST counts too; and any alias the tree links to a PgBouncer it configures (deploy-helpers poolerOf).
 */
function isPooler(alias, poolers) {
    const host = asString(alias.host) ?? "";
    return (poolerOf(alias, poolers) !== undefined ||
        /pgbouncer/i.test(host) ||
        /pgbouncer/i.test(alias.hostLabel) ||
        alias.portText?.trim() === "6432");
}
/**
 * require_auth (libpq 16+) makes libpq refuse a cleartext or MD5 password request a man-in-the-middle sends. Only for
 * a password login: a client-certificate login is answered with "authentication OK", which require_auth=scram-sha-256
 * refuses; and libpq 15 rejects the option outright ("invalid connection option").
 */
function requireAuthAdvice(alias) {
    if (alias.options.has("sslcert") || alias.options.has("require_auth"))
        return "";
    return "; on libpq ≥ 16, for a password login against a server that stores SCRAM verifiers, also add 'require_auth': 'scram-sha-256' so libpq refuses a cleartext or MD5 password request (libpq 15 does not know the option and refuses to connect)";
}
export const ww113 = scanRule({
    meta: ruleMeta("WW113"),
    check(model) {
        const hits = [];
        for (const { view, alias } of networkPgAliases(model)) {
            const mode = alias.sslmode.value;
            if (mode === null || mode === "verify-full")
                continue;
            const binding = alias.options.get("channel_binding");
            if (binding?.kind === "unknown")
                continue; // computed at run time: it may well be "require"
            if (binding?.kind === "str" && binding.value === "require")
                continue;
            const current = binding?.kind === "str" ? `channel_binding=${binding.value}` : "no channel_binding";
            const crdb = isCockroach(alias);
            const pooler = !crdb && isPooler(alias, model.deploy.poolers);
            const noTls = mode === "disable" || mode === "allow";
            const verifyFull = `set DATABASES['${alias.alias}']['OPTIONS'] = {'sslmode': 'verify-full', 'sslrootcert': '/path/to/ca.crt'}`;
            // Never channel_binding=require where the server side cannot bind: every login would fail.
            const fix = crdb
                ? `CockroachDB has no SCRAM channel binding, so ${verifyFull}${requireAuthAdvice(alias)}`
                : pooler
                    ? `PgBouncer has no SCRAM channel binding (channel_binding=require would fail every login through it), so ${verifyFull}${requireAuthAdvice(alias)}`
                    : noTls
                        ? `channel binding needs TLS: ${verifyFull} (or at least 'sslmode': 'require', 'channel_binding': 'require')`
                        : `add 'channel_binding': 'require' to DATABASES['${alias.alias}']['OPTIONS'] (libpq 13+, server password_encryption scram-sha-256), or better set 'sslmode': 'verify-full'${requireAuthAdvice(alias)}`;
            const server = crdb ? "CockroachDB" : pooler ? "PgBouncer" : undefined;
            hits.push({
                ...aliasContext(view, alias),
                message: server
                    ? `database alias '${alias.alias}' uses sslmode '${mode}': a man-in-the-middle can relay a SCRAM exchange to the real server and take over the session, and ${server} offers no channel binding to stop that, so only verify-full does`
                    : `database alias '${alias.alias}' uses sslmode '${mode}' without channel_binding=require: if the server authenticates with SCRAM, channel_binding=require makes a relaying attacker fail, while without it a man-in-the-middle can relay the SCRAM exchange to the real server and take over the session`,
                location: paramLocation(alias, alias.sslmode),
                evidence: `${current}; ${sslmodeEvidence(alias)}${crdb ? "; CockroachDB does not support channel binding" : ""}${pooler ? `; host ${alias.hostLabel} looks like PgBouncer (name or port 6432), which does not support channel binding` : ""}`,
                fix,
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww113-db-scram-without-channel-binding.js.map