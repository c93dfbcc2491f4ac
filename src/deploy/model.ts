import type { Location } from "../core/finding.js";
import type { ClusterNodeFacts } from "./cluster-nodes.js";

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

/** A `host*` line of an HBA configuration (pg_hba.conf, or CockroachDB's HBA cluster setting). */
export interface HbaRule {
  location: Location;
  line: string;
  source: "pg_hba.conf" | "cluster setting";
  /** host, hostssl, hostnossl, hostgssenc, hostnogssenc. */
  type: string;
  address: string;
  /** trust, password, scram-sha-256, cert-password, reject, … (lower-case as written). */
  method: string;
  /** The address is loopback, localhost, samehost or samenet. */
  local: boolean;
}

/** A PgBouncer the tree configures: its TLS settings as written, and the names clients reach it by. */
export interface Pooler {
  /** e.g. `PgBouncer configuration deploy/pgbouncer.ini`, `compose service pgbouncer (image edoburu/pgbouncer)`. */
  where: string;
  location: Location;
  /** Host names that reach it: a compose service's name, a Kubernetes container's. Empty for a bare ini file. */
  names: string[];
  /** listen_port when set (PgBouncer's default is 6432; images often use 5432). */
  port: number | null;
  /** server_tls_sslmode, server_tls_ca_file, client_tls_sslmode, listen_port: as written, where written. */
  settings: Partial<Record<string, { value: string; location: Location }>>;
  /** Why a setting may be other than written (an %include the scan does not follow). */
  unknown?: string;
  /** For an image configured by its environment: the variables' prefix (`PGBOUNCER_` for bitnami, else none). */
  envPrefix?: string;
  /** PgBouncer's version when the image tag says it (`edoburu/pgbouncer:v1.23.1-p2` → `1.23.1`). */
  version?: string;
}

/** A CockroachDB operator cluster (`kind: CrdbCluster`) and its TLS switch as written. */
export interface OperatorCluster {
  location: Location;
  where: string;
  apiVersion: string;
  /** `spec.tlsEnabled` as written; undefined when absent (v1alpha1 then starts nodes with --insecure). */
  tlsEnabled: unknown;
  /** Where `spec.tlsEnabled` is, when it is written. */
  tlsLocation?: Location;
}

/** A self-signer certificate duration of the cockroachdb chart, as written (`nodeCertDuration: 87600h`). */
export interface CertDuration extends TlsSwitchOff {
  /** caCertDuration, nodeCertDuration or clientCertDuration. */
  name: string;
  /** The value in hours; undefined when it is not a Go duration the chart would take. */
  hours: number | undefined;
  /** The chart's default for it, in hours. */
  chartDefaultHours: number;
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
  /** compose `build.target`: the stage the build stops at, whose environment the image then has. */
  dockerTarget?: string;
  /** The image it runs, as written (compose `image:`, a container's `image:`). */
  image?: string;
  /** Where that `image:` is written. */
  imageAt?: Location;
  /** It writes its own command or entrypoint, which replaces its image's (compose `command`/`entrypoint`, k8s). */
  commandWritten?: boolean;
  /** Shell scripts its command (or its image's) runs, as written: what they run ranks it too (read-deploy.ts). */
  scripts?: string[];
  /** Files of the tree bound into it (compose `volumes`): `source` relative to the tree, `target` in the container. */
  mounts?: { source: string; target: string }[];
  /** The image its Dockerfile builds FROM (the final stage's, or the build target's), for a service that builds one. */
  baseImage?: string;
  /** The host names other services reach it by: a compose service's name; a container's and its workload's. */
  hostNames?: string[];
}

export interface DeployFacts {
  env: DeployEnv[];
  units: DeployUnit[];
  cockroachFlags: CockroachFlag[];
  tlsOff: TlsSwitchOff[];
  /** Every `host*` HBA line; the rules pick the weak ones. */
  hba: HbaRule[];
  operatorClusters: OperatorCluster[];
  poolers: Pooler[];
  /** The cockroachdb Helm chart's certificate rotation turned off (WW208). */
  certRotationOff: TlsSwitchOff[];
  /** The chart's self-signer certificate durations as written, beside the chart's defaults (WW208). */
  certDurations: CertDuration[];
  /** The cockroachdb Helm chart's ingress (the DB Console) enabled without TLS (WW205). */
  consoleIngress: TlsSwitchOff[];
  /** Files that could not be read as what they are (malformed YAML, alias bombs): WW000. */
  problems: { location: Location; reason: string }[];
  /** Every cluster node the tree names (compose, StatefulSets, the Helm chart): what probe --from-scan also probes. */
  clusterNodes?: ClusterNodeFacts;
}
