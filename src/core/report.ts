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
}
