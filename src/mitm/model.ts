/**
 * The attacks `prove` runs, one proxy and one client run each. `direct-forge` is forge for a client that starts
 * TLS without SSLRequest (libpq 17+ `sslnegotiation=direct`); downgrade runs last, in a channel another one gave.
 */
export const ATTACKS = ["strip", "forge", "wrong-host", "direct-forge", "downgrade"] as const;
export type Attack = (typeof ATTACKS)[number];

/** What the proxy saw on one client connection, in order. Never holds a password, only its length. */
export interface ConnectionFacts {
  /** Ordered, human-readable: "sent SSLRequest", "proxy answered N", … */
  steps: string[];
  /** The client asked for TLS: an SSLRequest, or a TLS handshake started directly. */
  askedTls: boolean;
  /** The client opened with a TLS ClientHello instead of a pgwire packet (sslnegotiation=direct). */
  directTls?: boolean;
  /** The client completed a TLS handshake with the proxy's certificate. */
  tlsEstablished: boolean;
  /** Why the TLS handshake failed, as the proxy's TLS stack saw it (the client's alert). */
  tlsRefused?: string;
  startup?: { user: string; database: string; inTls: boolean };
  /** The client went on past the proxy's authentication request (SASL response or password). */
  answeredAuth: boolean;
  /** Length of a cleartext password the client sent; the password itself is dropped at once. */
  passwordLength?: number;
  /** With --upstream: authentication was relayed to the real server (which then has the last word). */
  relayed?: boolean;
  /** With --upstream: the relayed (or replayed) authentication reached AuthenticationOk. */
  upstreamAuthenticated?: boolean;
  /** With --upstream: the query the proxy ran through the hijacked session, and what came back. */
  query?: { sql: string; result?: string; error?: string };
  /** The upstream server's refusal, relayed to the client (e.g. channel binding mismatch). */
  upstreamRefusal?: string;
}

export type Outcome = "let-through" | "refused" | "not-run";

/** One attack against one alias (or DSN), judged from what the client did. */
export interface AttackRun {
  attack: Attack;
  /** Database alias, or `dsn` for --dsn runs. */
  alias: string;
  settingsModule?: string;
  /** host:port the client is configured for (the proxy stood in for it). */
  endpoint: string;
  outcome: Outcome;
  /** Ordered evidence: the proxy's view of each connection, then the client's own result. */
  evidence: string[];
  /** The client's error text (libpq's words) when it refused or failed. */
  clientError?: string;
  passwordCaptured: boolean;
  query?: { sql: string; result?: string; error?: string };
  /** Why the attack was not run (no channel for downgrade, no --ca-key for wrong-host, …). */
  notRunReason?: string;
  /**
   * The client never opened a connection to the proxy: libpq rejected its settings before connecting (an option
   * it does not know, such as sslnegotiation before 17; a weak sslmode with sslrootcert=system or
   * sslnegotiation=direct). Safe from the attack, and just as unable to reach the real server.
   */
  neverConnected?: boolean;
}

export interface ProveModel {
  runs: AttackRun[];
}

/** What the proxy (and the upstream relay) runs once a session is theirs: proof the login went through. */
export const PROOF_QUERY = "SELECT current_user";
