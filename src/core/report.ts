import type { Finding } from "./finding.js";
import type { Summary } from "./grade.js";

/** What a live probe learned about one endpoint, findings aside: shown so a clean endpoint still says why. */
export interface EndpointSummary {
  endpoint: string;
  /** e.g. `PostgreSQL 15.18`, `CockroachDB`, `unknown`. */
  server: string;
  /** e.g. `TLSv1.3 TLS_AES_256_GCM_SHA384`; null when no TLS session was made. */
  tls: string | null;
  /** Subject and expiry of the leaf certificate. */
  certificate: string | null;
  clientCertificateRequired: boolean;
  /** Why the endpoint could not be probed, when it could not. */
  error?: string;
  durationMs: number;
}

/** One attack of `prove` against one alias: the summary table's cell. */
export interface AttackSummary {
  alias: string;
  attack: string;
  outcome: "let-through" | "refused" | "not-run";
  /** The client's own words (refusals), or why the attack was not run. */
  detail: string;
}

/** One database alias as `scan` understood it: the attack-path diagram draws one node per alias. */
export interface TopologyAlias {
  alias: string;
  engine: string | null;
  /** The hosts libpq would try, e.g. `db1.internal:26257` (several for a multi-host HOST); `local socket` etc. */
  nodes: string[];
  /** False for a Unix socket, loopback or SQLite: no network hop to attack. */
  network: boolean;
  sslmode: string | null;
  /** In words, e.g. `TLS, host verified`, `TLS, certificate not checked`, `plaintext possible`, `local, no network`. */
  protection: string;
}

/** One settings module (one outcome of it): browser → (proxy) → Django → each alias → its nodes. */
export interface TopologyModule {
  module: string;
  file: string;
  /** e.g. `when USE_REPLICA is set`; null when the module has one outcome. */
  condition: string | null;
  production: boolean;
  development: boolean;
  /** SECURE_PROXY_SSL_HEADER is set: a TLS-terminating proxy sits in front of Django. */
  behindProxy: boolean;
  /** The browser hop in words, e.g. `HTTPS enforced, HSTS`, `plain HTTP served`. */
  browserProtection: string;
  aliases: TopologyAlias[];
}

export interface Report {
  tool: { name: "wirewarden"; version: string };
  command: "scan" | "probe" | "prove" | "fix";
  target: string;
  findings: Finding[];
  summary: Summary;
  /** Live commands only: one entry per endpoint probed. */
  endpoints?: EndpointSummary[];
  /** `prove` only: attack × alias outcomes. */
  attacks?: AttackSummary[];
  /** `scan` only: the settings modules and their database aliases, for the attack-path diagram. */
  topology?: TopologyModule[];
  /** With `--baseline FILE`: the findings it left out of this report (they count for neither grade nor exit code). */
  baseline?: { file: string; suppressed: number };
}
