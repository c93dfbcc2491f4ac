import type { RuleHit } from "../core/finding.js";
import type { CockroachFlag, Pooler } from "../deploy/model.js";
import { defaultServerSslmode, PGBOUNCER_DEFAULT_PORT } from "../deploy/pgbouncer.js";
import type { DatabaseAlias, ScanModel } from "../django/model.js";
import { sslmodeProtection } from "../libpq/sslmode.js";

/** One hit per place a deployment file passes `flag` to `cockroach start`. */
export function flagHits(
  model: ScanModel,
  flag: CockroachFlag["flag"],
  hit: (f: CockroachFlag) => Pick<RuleHit, "message" | "fix">,
): RuleHit[] {
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
export function poolerOf(alias: DatabaseAlias, poolers: readonly Pooler[]): Pooler | undefined {
  return poolerAt(alias.host?.kind === "str" ? alias.host.value : undefined, alias.portText, poolers);
}

/** poolerOf for a host and port as a client has them (prove reads them from the imported settings). */
export function poolerAt(
  hostName: string | undefined,
  port: string | null,
  poolers: readonly Pooler[],
): Pooler | undefined {
  const host = hostName?.toLowerCase();
  const named = poolers.find((p) => host !== undefined && p.names.some((n) => n.toLowerCase() === host));
  if (named) return named;
  return poolers.find((p) => {
    if (p.names.length > 0) return false;
    const listen = String(p.port ?? PGBOUNCER_DEFAULT_PORT);
    return (
      (port === listen && !DATABASE_PORTS.has(listen)) || (host !== undefined && /bouncer|pooler/.test(host))
    );
  });
}

/** The diagram's pooler hop: what the pooler is and its upstream leg in words (WW119's findings colour it). */
export function poolerHop(
  alias: DatabaseAlias,
  poolers: readonly Pooler[],
): { name: string; upstream: string } | undefined {
  const p = poolerOf(alias, poolers);
  if (!p) return undefined;
  const set = p.settings.server_tls_sslmode?.value;
  const upstream =
    p.unknown && !set
      ? "unknown: not verified"
      : sslmodeProtection(set ?? defaultServerSslmode(p.version).mode);
  return { name: p.where, upstream };
}
