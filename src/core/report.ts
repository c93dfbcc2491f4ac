import type { Finding, Location } from "./finding.js";
import type { Summary } from "./grade.js";
import type { RuntimeModule } from "./runtime-facts.js";
import type { Severity } from "./severity.js";

/** What a live probe learned about one endpoint, findings aside: shown so a clean endpoint still says why. */
export interface EndpointSummary {
  endpoint: string;
  /** e.g. `PostgreSQL 15.18`, `CockroachDB`, `unknown`. */
  server: string;
  /** e.g. `TLSv1.3 TLS_AES_256_GCM_SHA384`; null when no TLS session was made. */
  tls: string | null;
  /** Subject and expiry of the leaf certificate. */
  certificate: string | null;
  /** The leaf certificate's notAfter (ISO 8601), when a certificate was seen: for expiry watching (openmetrics). */
  certificateNotAfter?: string;
  /** The TLS version of the session libpq would make (e.g. `TLSv1.3`), when one was made. */
  tlsVersion?: string;
  /** Whether a TCP connection was made at all. */
  reached?: boolean;
  clientCertificateRequired: boolean;
  /**
   * Direct TLS (PostgreSQL 17+, no SSLRequest), in words: `accepted with ALPN postgresql; without ALPN: refused`,
   * `not offered`, or why it was not checked. Database endpoints only.
   */
  directTls?: string;
  /** Why the endpoint could not be probed, when it could not. */
  error?: string;
  durationMs: number;
}

/** One SQL endpoint of a cluster, as `probe` found and judged it. */
export interface ClusterNodeSummary {
  endpoint: string;
  /** `node`: a node the tree or the target names; `public`: the address Django uses, when it is none of the nodes. */
  role: "node" | "public";
  /** How it was found, e.g. `--from-scan: docker-compose.yml:9 (--advertise-addr of compose service roach2)`. */
  source: string;
  /** Whether a TCP connection was made at all. */
  reached: boolean;
  /** The worst severity of its findings (WW000 aside); null: none. */
  worst: Severity | null;
  /** The rules of its findings, WW000 included, each once. */
  rules: string[];
}

/** A finding of a cluster's weakest node, in short. */
export interface ClusterFinding {
  ruleId: string;
  severity: Severity;
  /** A few words, e.g. `plaintext accepted`. */
  words: string;
}

/**
 * `probe`: the endpoints that are nodes of one cluster, judged together. An attacker picks the weakest node, so its
 * findings are the cluster's verdict.
 */
export interface ClusterSummary {
  name: string;
  /** Which aliases use the cluster and through which address, or that none could be linked to it. */
  link: string;
  nodes: ClusterNodeSummary[];
  /** The node with the worst findings (WW000 aside); null when no node has one. */
  weakest: { endpoint: string; severity: Severity; findings: ClusterFinding[] } | null;
  /** One line, e.g. `weakest node postgresql://10.0.0.3:26257: plaintext accepted (WW401)`. */
  verdict: string;
}

/** One attack of `prove` against one alias: the summary table's cell. */
export interface AttackSummary {
  alias: string;
  attack: string;
  outcome: "let-through" | "refused" | "not-run";
  /** The client's own words (refusals), or why the attack was not run. */
  detail: string;
  /** The pooler whose upstream leg was attacked, when the attack ran on that leg instead of the client's own. */
  via?: string;
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
  /** The scan's verdict on this alias in this outcome of the module. */
  verdict?: Verdict;
  /** A connection pooler the alias connects through (its own hop): what it is, and its upstream leg in words. */
  pooler?: { name: string; upstream: string };
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

/** What `scan` concluded of one database alias: every alias it knows of ends in exactly one of these. */
export type Verdict = "verified" | "exposed" | "unknown";

/** One part of an alias's channel (sslmode, sslrootcert) and where libpq would take it from. */
export interface AliasPart {
  value: string | null;
  source:
    | "OPTIONS"
    | "URL"
    | "ssl_require"
    | "service file"
    | "env default"
    | "env supplied"
    | "PGSSLMODE"
    | "PGSSLROOTCERT"
    | "libpq default"
    | "unknown";
  /** `file:line` where the deciding value was written. */
  at?: string;
  /** For env values: the variable, and where the deployment sets it. */
  via?: string;
}

/** One outcome of a settings module for one alias. */
export interface AliasBranch {
  /** The branch conditions that lead here; null when the module has one outcome for this alias. */
  condition: string | null;
  engine: string | null;
  engineFamily: string;
  /** In words, e.g. `db.internal:26257`, `$DB_HOST (env, not supplied: a network host when set)`. */
  host: string;
  hostClass: "network" | "local" | "file" | "env" | "unknown";
  hostVariable?: string;
  port: string | null;
  sslmode: AliasPart;
  sslrootcert: AliasPart;
  verdict: Verdict;
  /** One sentence: the deciding finding's message, or why the alias is verified. */
  reason: string;
  /** The rules behind the verdict (exposing rules, or WW000). */
  rules: string[];
  /** The worst severity among those rules. */
  severity?: string;
  /** Where the value was set or where evaluation lost it. */
  location?: Location;
  /** What `prove` would show, from the libpq model alone (network PostgreSQL-wire aliases only). */
  predictedAttacks?: PredictedAttacks;
}

/**
 * An attack's predicted outcome: `through` (the client logs in on the attacker's channel), `refused`,
 * `no-connection` (libpq refuses these settings outright: safe, and an outage), `not-applicable` (e.g. forge for a
 * client that never asks for TLS), `unknown` (the value is computed at run time).
 */
export type PredictedOutcome = "through" | "refused" | "no-connection" | "not-applicable" | "unknown";

/** One case of what the tree cannot tell: the libpq major, and which root certificate files exist. */
export interface PredictionCase {
  libpq: number;
  homeRootCert: boolean;
  /** For an explicit sslrootcert path: whether that file exists where the client runs. */
  rootFileExists?: boolean;
  /**
   * What the case assumed of a value the tree does not give: an unknown sslrootcert taken as none, a file or
   * `system`; an unknown database URL taken to carry sslnegotiation=direct.
   */
  assumed?: { sslrootcert?: "none" | "a file" | "system"; sslnegotiation?: "direct" };
  attacks: Record<string, PredictedOutcome>;
}

export interface PredictedAttacks {
  /** The libpq majors considered: those the project may run with (all of 15–18 when the tree does not tell). */
  libpq: number[];
  /** The dependency and image lines that narrowed `libpq` ("file:line: …"); absent when the tree does not tell. */
  libpqEvidence?: string[];
  /** Per predicted attack (strip, forge, wrong-host, downgrade, direct-forge): the worst case, and why. */
  weakest: Record<string, { outcome: PredictedOutcome; why: string }>;
  cases: PredictionCase[];
}

/** The verdict on one (settings module, alias): the worst of its branches, with the branches when they differ. */
export interface AliasReport extends AliasBranch {
  module: string;
  alias: string;
  file: string;
  production: boolean;
  development: boolean;
  branches?: AliasBranch[];
}

/** The module `scan` treated as production, and why. */
export interface ProductionChoice {
  module: string;
  /** e.g. `--settings`, `manage.py:9`, `Dockerfile:4`, `DJANGO_SETTINGS_MODULE set by compose service web (…)`. */
  source: string;
}

/** A file that could not be read or analysed at all. */
export interface FileError {
  file: string;
  reason: string;
}

export interface Report {
  tool: { name: "wirewarden"; version: string };
  command: "scan" | "probe" | "prove" | "fix";
  target: string;
  findings: Finding[];
  summary: Summary;
  /** Live commands only: one entry per endpoint probed. */
  endpoints?: EndpointSummary[];
  /** `probe` only, when some endpoints are nodes of one cluster: one entry per cluster, its weakest node first named. */
  clusters?: ClusterSummary[];
  /** `prove` only: attack × alias outcomes. */
  attacks?: AttackSummary[];
  /** `scan` only: the settings modules and their database aliases, for the attack-path diagram. */
  topology?: TopologyModule[];
  /** `scan` only: the verdict on every (settings module, alias). */
  aliases?: AliasReport[];
  /** `scan` only: the production settings module and why; null when none was named or found. */
  production?: ProductionChoice | null;
  /** `scan` only: files that could not be read. */
  errors?: FileError[];
  /**
   * `scan --runtime` only: each settings module as the project's own Python imported it, every alias as libpq will
   * receive it, and wirewarden_django's checks for it; WW001 marks where the static evaluation disagreed.
   */
  runtime?: RuntimeModule[];
  /**
   * `scan`, when the tree has `# wirewarden: ignore[…]` comments: how many findings they suppressed, the ones that
   * cannot work (a bare mark, an id that is no rule), and the ids a mark names that suppressed nothing.
   */
  inlineSuppressions?: {
    suppressed: number;
    problems: { file: string; line: number; message: string }[];
    unused: { file: string; line: number; ids: string[] }[];
  };
  /** A fleet run (`scan --targets`): why this target could not be analysed at all (then it has no verdict). */
  error?: string;
  /** `scan`: what was read, left out and found, and how long it took. */
  stats?: { filesRead: number; filesExcluded: number; settingsModules: number; durationMs: number };
  /**
   * With --select/--ignore, per-file-ignores or --min-severity: how many findings each left out of this report (the
   * ones below --min-severity still count for --fail-on).
   */
  leftOut?: { byRule: number; byFile: number; bySeverity: number; byDiff?: number };
  /** With `--baseline FILE`: the findings it left out of this report (they count for neither grade nor exit code). */
  baseline?: { file: string; suppressed: number };
}

/** What prove's attacks earned, for every report format: only attacks that ran earn a verdict. */
export function attacksVerdict(attacks: readonly AttackSummary[]): {
  kind: "proven" | "nothing-ran" | "refused";
  /** Attacks not run (they prove nothing either way). */
  notRun: number;
  words: string;
} {
  const notRun = attacks.filter((a) => a.outcome === "not-run").length;
  if (attacks.some((a) => a.outcome === "let-through"))
    return { kind: "proven", notRun, words: "the exposure is proven" };
  if (notRun === attacks.length)
    return { kind: "nothing-ran", notRun, words: "none: no attack ran (see why in the table)" };
  return {
    kind: "refused",
    notRun,
    words:
      notRun > 0
        ? `every attack that ran was refused (${notRun} not run: see why in the table)`
        : "every attack was refused",
  };
}

/** How prove labels an attack: one on the leg behind a pooler says so (the same attack, another connection). */
export function attackLabel(a: AttackSummary): string {
  return a.via ? `${a.attack} (pooler leg)` : a.attack;
}

/** A cluster node's state in a few words, for every report format (WW000 alone: not fully checked). */
export function clusterNodeState(n: ClusterNodeSummary): {
  kind: "not-reached" | "finding" | "not-checked" | "clean";
  words: string;
} {
  if (!n.reached) return { kind: "not-reached", words: "not reached" };
  if (n.worst)
    return { kind: "finding", words: `${n.worst} ${n.rules.filter((r) => r !== "WW000").join(", ")}` };
  if (n.rules.includes("WW000")) return { kind: "not-checked", words: "not fully checked (WW000)" };
  return { kind: "clean", words: "no finding" };
}

/** Every node was reached and fully checked: only then may a cluster without findings read as clean. */
export const clusterChecked = (c: ClusterSummary): boolean =>
  c.nodes.every((n) => n.reached && !n.rules.includes("WW000"));
