import type { Location } from "../core/finding.js";

/** A CockroachDB flag that opens the cluster, where a deployment file starts `cockroach start`. */
export interface CockroachFlag {
  flag: "--insecure" | "--accept-sql-without-tls" | "--unencrypted-localhost-http";
  location: Location;
  /** e.g. `compose service roach1`, `StatefulSet cockroachdb container db`, `Dockerfile CMD`. */
  where: string;
  command: string;
}

/** Helm values or an operator resource that turn TLS off. */
export interface TlsSwitchOff {
  location: Location;
  where: string;
  setting: string;
}

/** An HBA line that lets non-local clients in without TLS. */
export interface HbaRule {
  location: Location;
  line: string;
  source: "pg_hba.conf" | "cluster setting";
}

/** An env var a deployment file sets for a service or container. */
export interface DeployEnv {
  variable: string;
  value: string;
  location: Location;
  /** e.g. `Dockerfile ENV`, `compose service web`, `Deployment shop container web`, `ConfigMap shop-env`. */
  where: string;
}

export interface DeployFacts {
  env: DeployEnv[];
  cockroachFlags: CockroachFlag[];
  tlsOff: TlsSwitchOff[];
  hba: HbaRule[];
  /** Files that could not be read as what they are (malformed YAML, alias bombs): WW000. */
  problems: { location: Location; reason: string }[];
}
