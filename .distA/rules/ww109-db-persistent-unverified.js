import { ruleMeta } from "../core/catalog.js";
import { isSslmode, verifiesServer } from "../libpq/sslmode.js";
import { truthy } from "../python/value.js";
import { aliasContext, loc, networkPgAliases, sslmodeEvidence, sslmodeFix } from "./helpers.js";
import { scanRule } from "./kinds.js";
/** The modes WW101 (prefer), WW102 (disable, allow) and WW103 (require) report. */
/** How long Django keeps a connection open, in words; undefined when CONN_MAX_AGE does not persist connections. */
function persistence(v) {
    if (!v)
        return undefined;
    if (v.kind === "none")
        return "CONN_MAX_AGE = None keeps each connection open for the life of the worker";
    if ((v.kind === "int" || v.kind === "float") && v.value > 0)
        return `CONN_MAX_AGE = ${v.value} keeps each connection open for up to ${v.value} seconds`;
    return undefined;
}
/** psycopg_pool.ConnectionPool's default max_lifetime: a pooled connection is replaced after an hour. */
const POOL_MAX_LIFETIME = 3600;
/**
 * Django 5.1+ `OPTIONS['pool']` (True, or a dict of psycopg_pool.ConnectionPool arguments): Django pops it before
 * OPTIONS reaches libpq and builds a pool whose connections live up to `max_lifetime`. Django's own test is
 * truthiness (`{}` and False mean no pool); a value computed at run time is not taken to be off.
 */
function pooled(alias) {
    const v = alias.options.get("pool");
    if (!v)
        return undefined;
    const until = `remove 'pool' from DATABASES['${alias.alias}']['OPTIONS'] (or give it a short 'max_lifetime') so an intercepted connection is not reused for long`;
    const on = v.kind === "dict" && v.open ? undefined : truthy(v);
    if (on === false)
        return undefined;
    if (on === undefined)
        return {
            words: `OPTIONS['pool'] is computed at run time (${v.kind === "unknown" ? v.reason : (v.kind === "dict" && v.open) || "not known"}): when it enables psycopg's pool, connections live up to max_lifetime (${POOL_MAX_LIFETIME} s by default)`,
            lifetime: `for up to max_lifetime (${POOL_MAX_LIFETIME} s by default) whenever the pool is on`,
            value: v,
            until,
        };
    const set = v.kind === "dict" ? v.entries.get("max_lifetime") : undefined;
    const seconds = set && (set.kind === "int" || set.kind === "float") ? set.value : undefined;
    const lifetime = seconds !== undefined
        ? `max_lifetime ${seconds} s`
        : set
            ? "a max_lifetime the scan cannot read"
            : `max_lifetime ${POOL_MAX_LIFETIME} s, psycopg_pool's default`;
    return {
        words: `OPTIONS['pool'] makes Django 5.1+ keep a psycopg_pool of connections, each reused for up to ${lifetime}`,
        lifetime: `for up to ${lifetime}`,
        value: v,
        until,
    };
}
function persistent(alias) {
    const words = persistence(alias.connMaxAge);
    if (!words || !alias.connMaxAge)
        return undefined;
    return {
        words,
        lifetime: alias.connMaxAge.kind === "none" ? "for the life of the worker" : "for the whole CONN_MAX_AGE",
        value: alias.connMaxAge,
        until: `set DATABASES['${alias.alias}']['CONN_MAX_AGE'] = 0 so an intercepted connection is not reused`,
    };
}
export const ww109 = scanRule({
    meta: ruleMeta("WW109"),
    check(model) {
        const hits = [];
        for (const { view, alias } of networkPgAliases(model)) {
            const mode = alias.sslmode.value;
            if (!isSslmode(mode) || verifiesServer(mode))
                continue;
            // Django refuses a pool together with CONN_MAX_AGE != 0; either one keeps connections, once per alias.
            const kept = pooled(alias) ?? persistent(alias);
            if (!kept)
                continue;
            const how = kept.value === alias.connMaxAge ? "keeps persistent connections" : "pools its connections";
            hits.push({
                ...aliasContext(view, alias),
                message: `database alias '${alias.alias}' ${how} with sslmode '${mode}': a man-in-the-middle who intercepts one connection keeps reading and altering every request's queries on it ${kept.lifetime}`,
                location: (loc(kept.value.origin) ?? loc(alias.origin)),
                evidence: `${kept.words}; ${sslmodeEvidence(alias)}`,
                fix: `${sslmodeFix(alias)}; until then ${kept.until}`,
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww109-db-persistent-unverified.js.map