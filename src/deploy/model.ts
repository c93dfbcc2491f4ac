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
  /** The DeployUnit (or `ConfigMap name` / `Secret name`) whose processes get this value. */
  unit?: string;
}

/**
 * A compose service, Kubernetes container or Docker image: something that runs a process with an environment.
 * The scan offers the environment of the one that runs Django to the settings evaluator.
 */
export interface DeployUnit {
  key: string;
  where: string;
  location: Location;
  /** How sure we are that it runs Django: 3 a WSGI/ASGI server, 2 `manage.py`/`django-admin`, 1 only DJANGO_SETTINGS_MODULE. */
  djangoRank: number;
  /** `ConfigMap name` / `Secret name` from `envFrom`, in order (later wins). */
  envFrom: string[];
  /** Variables taken one by one from a ConfigMap/Secret key (`valueFrom`). */
  keyRefs: { variable: string; source: string; key: string }[];
  /** compose `env_file` paths, resolved in the tree, in order (later wins). */
  envFiles: string[];
  /** The Dockerfile a compose service builds (its ENV is the image's environment). */
  dockerfile?: string;
}

export interface DeployFacts {
  env: DeployEnv[];
  units: DeployUnit[];
  cockroachFlags: CockroachFlag[];
  tlsOff: TlsSwitchOff[];
  hba: HbaRule[];
  /** Files that could not be read as what they are (malformed YAML, alias bombs): WW000. */
  problems: { location: Location; reason: string }[];
}
