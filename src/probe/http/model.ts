import type { CertificateFacts } from "../certificate-facts.js";

/** An HTTP origin pair: the same host over plain HTTP and over HTTPS. */
export interface HttpTarget {
  host: string;
  httpUrl: string;
  httpsUrl: string;
  /** `https://host:port`, the `endpoint` of every finding. */
  endpoint: string;
}

/** One response, reduced to what the rules read (no body, no cookie values). */
export interface SeenResponse {
  url: string;
  status: number;
  location?: string;
  hsts?: string;
  /** Set-Cookie headers with values replaced by ****. */
  cookies: string[];
  debugPage: boolean;
  loginForm: boolean;
}

export interface ForwardedProtoTrial {
  header: string;
  /** The answer to the same plain-HTTP request with the header added. */
  response?: SeenResponse;
  error?: string;
}

export interface HttpOriginResult {
  target: HttpTarget;
  /** Plain-HTTP `/` and each redirect hop followed (same host only, at most 5). */
  httpChain: SeenResponse[];
  httpError?: string;
  /** Plain HTTP answered, but its redirects were not followed to the end: a loop, or more than 5 (WW000). */
  redirectsCut?: string;
  httpsRoot?: SeenResponse;
  httpsAdmin?: SeenResponse;
  httpsError?: string;
  /** A path that does not exist, over HTTPS (or HTTP when HTTPS is down): Django's debug 404 shows here. */
  notFound?: SeenResponse;
  httpAdmin?: SeenResponse;
  /** WW505: the plain-HTTP `/` repeated with each forwarded-proto header. */
  forwardedProto: ForwardedProtoTrial[];
  tls?: {
    authorized: boolean;
    authorizationError?: string;
    certificate?: CertificateFacts;
    hostnameError?: string;
    caSource: string;
  };
  durationMs: number;
}

/** The CockroachDB DB Console next to a database target (WW205). */
export interface ConsoleResult {
  /** The database endpoint it belongs to. */
  endpoint: string;
  httpUrl: string;
  http?: SeenResponse;
  httpsUrl: string;
  httpsServed: boolean;
}
