/**
 * The attacks `prove` runs, one proxy and one client run each (two for the attacks with a second variant).
 * `direct-forge` is forge for a client that starts TLS without SSLRequest (libpq 17+ `sslnegotiation=direct`);
 * `error-reflect` answers SSLRequest with an error carrying a marker (CVE-2024-10977); `binding-downgrade` concerns
 * only clients set to `channel_binding=require`; downgrade runs last, in a channel another attack gave.
 */
export const ATTACKS = [
  "strip",
  "forge",
  "wrong-host",
  "direct-forge",
  "error-reflect",
  "binding-downgrade",
  "downgrade",
] as const;
export type Attack = (typeof ATTACKS)[number];

/** The attacks whose channel, once the client accepts it, downgrade runs in (in the order one is taken). */
export const CHANNEL_ATTACKS: readonly Attack[] = ["strip", "forge", "wrong-host", "direct-forge"];

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
  /** The client answered an MD5 request (the hash, salted with the attacker's salt, is dropped at once). */
  md5Answered?: boolean;
  /** The SASL mechanism the client chose from the proxy's offer. */
  saslMechanism?: string;
  /** The client took AuthenticationOk sent without any authentication and went on to use the session. */
  usedUnauthenticatedSession?: boolean;
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
  /**
   * The pooler (as scan names it) whose upstream leg this run attacked instead of the client's own connection:
   * PgBouncer, reproduced on loopback with the project's settings for that leg (engine/prove-pooler.ts).
   */
  via?: string;
  outcome: Outcome;
  /** Ordered evidence: the proxy's view of each connection, then the client's own result. */
  evidence: string[];
  /** The client's error text (libpq's words) when it refused or failed. */
  clientError?: string;
  passwordCaptured: boolean;
  query?: { sql: string; result?: string; error?: string };
  /**
   * strip, forge, wrong-host, direct-forge: the client accepted the attacker's channel (went on in plaintext after
   * N, or completed TLS with the attacker's certificate) and sent its StartupMessage in it, whether or not it then
   * authenticated. downgrade runs in such a channel.
   */
  channelAccepted?: boolean;
  /**
   * Let through only as far as a client with no password can go: it accepted the attacker's channel and stopped at
   * the password it does not have here (with its production password it would have gone on).
   */
  stoppedForNoPassword?: boolean;
  /** downgrade: the client answered the MD5 request with a hash of its password (offline-crackable). */
  md5Captured?: boolean;
  /** The variant of the attack that let it through (downgrade: cleartext or MD5; binding-downgrade: which offer). */
  variant?: string;
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
