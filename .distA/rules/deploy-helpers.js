import { defaultServerSslmode, PGBOUNCER_DEFAULT_PORT, upstreamLeg } from "../deploy/pgbouncer.js";
import { sslmodeProtection } from "../libpq/sslmode.js";
/** One hit per place a deployment file passes `flag` to `cockroach start`. */
export function flagHits(model, flag, hit) {
    return model.deploy.cockroachFlags
        .filter((f) => f.flag === flag)
        .map((f) => ({ location: f.location, evidence: f.command, ...hit(f) }));
}
/** Ports a database itself listens on: an alias on one of them reaches a pooler only by its name. */
const DATABASE_PORTS = new Set(["5432", "26257"]);
/**
 * The pooler an alias connects through: one whose name is the alias's host (a compose service, a container), or,
 * for an ini file that names no host, one whose listen port the alias uses when that port is not a database's own
 * (6432 by default) or whose host says it is a pooler.
 */
export function poolerOf(alias, poolers) {
    const host = alias.host?.kind === "str" ? alias.host : undefined;
    // A host a deployment file supplies (compose `environment:`) names the pooler of that file first.
    return poolerAt(host?.value, alias.portText, poolers, host?.env?.from?.origin.file);
}
/** poolerOf for a host and port as a client has them (prove reads them from the imported settings). */
export function poolerAt(hostName, port, poolers, sameFileAs) {
    const host = hostName?.toLowerCase();
    const named = poolers.filter((p) => host !== undefined && p.names.some((n) => n.toLowerCase() === host));
    if (named.length > 0)
        return oneOf(named, sameFileAs);
    return poolers.find((p) => {
        if (p.names.length > 0)
            return false;
        const listen = String(p.port ?? PGBOUNCER_DEFAULT_PORT);
        return ((port === listen && !DATABASE_PORTS.has(listen)) || (host !== undefined && /bouncer|pooler/.test(host)));
    });
}
/** How well a pooler's upstream leg is protected, as written: higher is better; unknown is as weak as disable. */
function upstreamStrength(p) {
    const leg = upstreamLeg(p);
    if ("unknown" in leg)
        return 0;
    const order = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"];
    return order.indexOf(leg.sslmode) * 2 + (leg.caFile ? 1 : 0);
}
/**
 * Several poolers answer to one name (a compose file per environment, each with its `pgbouncer`): the one in the file
 * that supplies the alias's host, else — nothing says which one runs — the weakest, the reading that is safe.
 */
function oneOf(named, sameFileAs) {
    if (named.length === 1)
        return named[0];
    const same = sameFileAs ? named.find((p) => p.location.file === sameFileAs) : undefined;
    if (same)
        return same;
    return named.reduce((a, p) => (upstreamStrength(p) < upstreamStrength(a) ? p : a));
}
/** The diagram's pooler hop: what the pooler is and its upstream leg in words (WW119's findings colour it). */
export function poolerHop(alias, poolers) {
    const p = poolerOf(alias, poolers);
    if (!p)
        return undefined;
    const set = p.settings.server_tls_sslmode?.value;
    const upstream = p.unknown && !set
        ? "unknown: not verified"
        : sslmodeProtection(set ?? defaultServerSslmode(p.version).mode);
    return { name: p.where, upstream };
}
//# sourceMappingURL=deploy-helpers.js.map