import type { SslAnswer } from "../net/ssl-request.js";
import type { AuthRequest, ServerError } from "../pgwire/backend.js";
import type { CertificateFacts } from "./certificate-facts.js";
import type { ConsoleResult, HttpOriginResult } from "./http/model.js";

/** One database endpoint to probe. */
export interface DbTarget {
  /** What the user wrote (a URL with any password replaced by ****). */
  input: string;
  host: string;
  port: number;
  /** `postgresql://host:port`, the `endpoint` of every finding. */
  endpoint: string;
  /** A CA file named by the target itself (`?sslrootcert=`), used instead of --ca for this endpoint. */
  sslrootcert?: string;
  /** A CA already read (from the scanned repository, bounded): its text, and the name the settings give it. */
  sslrootcertPem?: string;
  sslrootcertName?: string;
  /** Where the target came from, e.g. `--from-scan: shop.settings.production alias replica`. */
  source?: string;
  /** The scanned tree says this endpoint is a connection pooler: what it is (its upstream leg is scan's, WW119). */
  pooler?: string;
  /** Set when this endpoint is one of several SQL endpoints of one cluster (the report judges them together). */
  cluster?: ClusterMembership;
}

/**
 * An endpoint's place in a cluster: the nodes a deployment file or a host list names, and the public address Django
 * uses when that is not itself one of them (a load balancer, a Kubernetes Service). An attacker picks whichever of
 * them is weakest, so the report names the weakest as the cluster's verdict.
 */
export interface ClusterMembership {
  /** The cluster's name, the same on every member, e.g. `CockroachDB nodes of docker-compose.yml (roach1, roach2)`. */
  name: string;
  role: "node" | "public";
  /** Which aliases use the cluster and through which address, or that none could be linked to it. */
  link: string;
}

/** The first thing a server says after a StartupMessage. */
export type FirstReply =
  | { kind: "auth"; auth: AuthRequest }
  | { kind: "error"; error: ServerError }
  | { kind: "closed"; error?: string }
  | { kind: "timeout" }
  | { kind: "invalid"; reason: string };

export interface TlsFacts {
  protocol: string | null;
  cipher: string | null;
  /** The chain verified against the CA in use. */
  authorized: boolean;
  authorizationError?: string;
  /** `--ca FILE`, `sslrootcert FILE` or `system store`. */
  caSource: string;
  certificate?: CertificateFacts;
  certificateError?: string;
  /** libpq verify-full's verdict for the host the target names. */
  hostnameMatches?: boolean;
  /** The reply to a StartupMessage (dummy user) sent inside TLS. */
  startup: FirstReply;
  /** ParameterStatus values, present only when the server let the dummy user in (trust). */
  parameters: Record<string, string>;
  /** After AuthenticationOk inside TLS, the stream did not end in ReadyForQuery: why (reported as WW000). */
  startupProblem?: string;
  clientCertificateRequired: boolean;
}

/**
 * One direct-TLS attempt: a ClientHello straight after TCP connect, no SSLRequest (PostgreSQL 17+
 * `sslnegotiation=direct`), then, once the handshake is done, the dummy user's StartupMessage inside it.
 */
export interface DirectTlsAttempt {
  /** ALPN protocols offered in the ClientHello: `["postgresql"]`, or none. */
  alpnOffered: string[];
  /** The client side of the handshake finished (with TLS 1.3 it finishes before the server has checked ALPN). */
  handshakeCompleted: boolean;
  /** The ALPN protocol the server selected; null: none. */
  alpnSelected: string | null;
  /**
   * The server went on with PostgreSQL over the session: it answered the StartupMessage with an authentication
   * request or an error (or asked for a client certificate). PostgreSQL 17+ without ALPN completes the handshake
   * and then closes without a word, so `handshakeCompleted` alone does not say the session was taken.
   */
  accepted: boolean;
  /** The reply to the StartupMessage sent inside the session (only after a completed handshake). */
  startup?: FirstReply;
  /** How the attempt ended, in one line (evidence). */
  detail: string;
  /** No connection was made for it: what the other attempt heard already answered it (direct-tls-check.ts). */
  notMade?: true;
  /**
   * Set when the attempt says nothing about direct TLS: no TCP connection, or no answer by the endpoint's
   * deadline (reported as WW000). A refusal — a TLS error, a close, an alert — is an answer: direct TLS not offered.
   */
  inconclusive?: string;
  protocol?: string | null;
  cipher?: string | null;
  /** The chain verified against the CA in use (the one the TLS check uses). */
  authorized?: boolean;
  authorizationError?: string;
  /** That CA, as the TLS check names it (`--ca FILE`, `system store`, …). */
  caSource?: string;
  certificate?: CertificateFacts;
  certificateError?: string;
  hostnameMatches?: boolean;
}

/** Direct TLS at this endpoint: the two attempts, or why none was made. */
export type DirectTlsFacts =
  | { kind: "attempted"; withAlpn: DirectTlsAttempt; withoutAlpn: DirectTlsAttempt }
  /** The SSLRequest's answer already said there is no TLS here ('N', an old server's error) or got none. */
  | { kind: "skipped"; reason: string }
  /** The endpoint's deadline passed before the attempts could start: not checked (WW000). */
  | { kind: "no-time"; reason: string };

export interface ProtocolAttempt {
  version: string;
  /** true: the server answered with a ServerHello for this version; false: refused; null: no clear answer. */
  accepted: boolean | null;
  detail: string;
}

export interface WeakSuite {
  id: number;
  name: string;
  weakness: string;
  /** Protocol version the server chose with it. */
  version: string;
}

export interface LegacyFacts {
  protocols: ProtocolAttempt[];
  weakSuites: WeakSuite[];
  /** Attempts that gave no clear answer (reported as WW000 so nothing passes untested). */
  problems: string[];
}

export interface ServerIdentity {
  product: "CockroachDB" | "PostgreSQL" | "unknown";
  version?: string;
  evidence: string;
}

export interface EndpointResult {
  target: DbTarget;
  /** Set when not even a TCP connection was made: the only fact about the endpoint. */
  unreachable?: string;
  plaintext?: FirstReply;
  /** After a plaintext AuthenticationOk, the stream did not end in ReadyForQuery: why (reported as WW000). */
  plaintextStartupProblem?: string;
  ssl?: SslAnswer;
  tls?: TlsFacts;
  tlsError?: string;
  legacy?: LegacyFacts;
  /** Direct TLS (no SSLRequest), with and without ALPN `postgresql`; absent when no TCP connection was made. */
  directTls?: DirectTlsFacts;
  server: ServerIdentity;
  durationMs: number;
}

export interface ProbeModel {
  endpoints: EndpointResult[];
  /** HTTP(S) origins (probe https://…). */
  origins: HttpOriginResult[];
  /** DB Consoles beside the database endpoints. */
  consoles: ConsoleResult[];
  /** When the probe ran: certificate validity is judged against it. */
  now: Date;
}
