import type { RuntimeModule } from "../core/runtime-facts.js";
import type { DeployFacts } from "../deploy/model.js";
import type { EnvRead, Origin, PyValue } from "../python/value.js";
import type { LibpqFacts } from "./libpq-version.js";
import type { ServiceFile, ServiceSection } from "./service-file.js";

/**
 * A libpq parameter as libpq resolves it: OPTIONS, then the URL query, then the section of a libpq service the
 * alias names (service-file.ts: the service file wins over PG* env, the connection string over it), then PG* env,
 * then the default.
 */
export interface EffectiveParam {
  /** null when unset everywhere and libpq has no default (e.g. sslrootcert means ~/.postgresql/root.crt). */
  value: string | null;
  source:
    | "OPTIONS"
    | "url"
    | "ssl_require"
    | "service"
    | "PGSSLMODE"
    | "PGSSLROOTCERT"
    | "default"
    | "unknown";
  /** Where the deciding value was written (the OPTIONS entry, the URL literal, the env file line). */
  origin?: Origin;
  env?: EnvRead;
  /** When the value could not be determined: why. */
  unknownReason?: string;
}

export type HostClass = "network" | "local" | "file" | "env" | "unknown";

export type EngineFamily = "postgres" | "sqlite" | "mysql" | "oracle" | "other" | "unknown";

export interface DatabaseUrlSource {
  /** The URL text, password not removed: redact before printing. */
  url: string | null;
  origin: Origin;
  env?: EnvRead;
  /** The library that parsed it, e.g. `dj_database_url.config`, `environ.Env.db`. */
  parser: string;
  /** Where ssl_require=True was passed, when it was. */
  sslRequireOrigin?: Origin;
}

/** A libpq service an alias names (OPTIONS['service'] or PGSERVICE), and what the tree shows of it. */
export interface ServiceUse {
  /** The service name; null when it is computed at run time. */
  name: string | null;
  via: "OPTIONS" | "PGSERVICE";
  /** Where the name was set (the OPTIONS entry, the env line). */
  origin?: Origin;
  /** Why the name is not known, when it is not. */
  unknownReason?: string;
  /**
   * The section libpq reads, when the tree shows the file it opens (PGSERVICEFILE or OPTIONS['servicefile'] naming
   * a file of the tree, then PGSYSCONFDIR) and the section is in it; `how` says which variable named the file.
   */
  resolved?: { file: string; section: ServiceSection; how: string };
  /** Why the section cannot be resolved, when it cannot. */
  unresolved?: string;
  /**
   * Sections of that name (every section, for a computed name) in service files of the tree that libpq may read
   * although nothing shows it does (a pg_service.conf the image may place in ~ or sysconfdir). Not the resolved one.
   */
  candidates: { file: string; section: ServiceSection }[];
}

export interface DatabaseAlias {
  alias: string;
  engine: string | null;
  family: EngineFamily;
  /** The alias dict as evaluated. */
  value: PyValue;
  /** Where the alias was defined (its dict or the call that built it). */
  origin: Origin;
  host: PyValue | undefined;
  port: PyValue | undefined;
  password: PyValue | undefined;
  options: Map<string, PyValue>;
  connMaxAge: PyValue | undefined;
  sslmode: EffectiveParam;
  sslrootcert: EffectiveParam;
  /** True unless the host is local (unix socket, empty with a local engine, localhost, 127/8, ::1) or SQLite. */
  network: boolean;
  /**
   * What the host is known to be: a literal network host, local (socket, loopback), a SQLite file, supplied by the
   * deployment through an env var nobody supplied here (a network host, "when X is set"), or not known at all.
   */
  hostClass: HostClass;
  /** For `hostClass: "env"`: the variable the deployment sets (DB_HOST, DATABASE_URL). */
  hostVariable?: string;
  /** e.g. `db.example.com:26257`, `$DB_HOST (env, no default)`. */
  hostLabel: string;
  /** The port as written, when known. */
  portText: string | null;
  /**
   * Set when the alias itself (or DATABASES as a whole) is a value the evaluator could not follow: why, and where.
   * Such an alias is `unknown` whatever else is said of it.
   */
  unknownValue?: { reason: string; origin: Origin };
  url?: DatabaseUrlSource;
  /** Set when the alias names a libpq service, in OPTIONS or through PGSERVICE. */
  service?: ServiceUse;
}

/** One way a settings module can turn out; several when an `if` depends on something unknown. */
export interface SettingsView {
  /** Dotted module name, e.g. `shop.settings.production`. */
  module: string;
  /** File, relative to the scanned root. */
  file: string;
  /** Named like local/dev/development/test/tests/ci: HTTPS findings are info only. */
  development: boolean;
  /** The module treated as production (--settings or DJANGO_SETTINGS_MODULE). */
  production: boolean;
  /** A template (`settings.py.j2`, `.example`, `{{ }}` placeholders): never production; placeholders are unknown. */
  template?: boolean;
  /**
   * Set when code the evaluator could not follow (an include/exec of a file it cannot see, a star import of a
   * package) ran after DATABASES was set: the DATABASES shown may not be what Django ends with. A `verified`
   * verdict must not rest on it.
   */
  databasesMayChange?: { reason: string; origin: Origin };
  /** null for the only outcome; otherwise the conditions that lead here, e.g. `USE_REPLICA is set`. */
  condition: string | null;
  /** The module namespace after evaluation, upper-case settings included. */
  settings: Map<string, PyValue>;
  databases: DatabaseAlias[];
}

export interface EnvFileEntry {
  value: string;
  origin: Origin;
}

/** A problem that stopped part of the analysis (WW000). */
export interface Diagnostic {
  origin: Origin;
  reason: string;
  module?: string;
  /** What it leaves unknown is production's database channel: WW000 gates (medium), not info. */
  gating?: boolean;
}

/** A URL literal found in a scanned file (settings strings, .env values). */
export interface UrlLiteral {
  url: string;
  origin: Origin;
  /** e.g. `settings string`, `.env DATABASE_URL`. */
  context: string;
}

export interface KeyFile {
  file: string;
  mode: number;
  /** Owner uid; libpq allows 0640 when root owns the key. */
  uid: number;
}

/** Everything the scan rules look at. Rules are pure functions of this. */
export interface ScanModel {
  views: SettingsView[];
  /** `scan --runtime` only: each settings module as the project's Python imported it. */
  runtime?: RuntimeModule[];
  /** PG* and other env values from scanned env sources (.env files), by variable. */
  envFiles: { file: string; vars: Map<string, EnvFileEntry> }[];
  urlLiterals: UrlLiteral[];
  keyFiles: KeyFile[];
  diagnostics: Diagnostic[];
  /** CockroachDB flags, TLS switches and HBA lines from deployment files (WW201–WW205). */
  deploy: DeployFacts;
  /** Every regular file of the tree (relative, `/`), to tell whether a path a setting names exists. */
  treePaths: ReadonlySet<string>;
  /** The libpq majors the project may load (its driver and base image), with the lines that say so. */
  libpq: LibpqFacts;
  /** libpq service files of the tree (pg_service.conf, .pg_service.conf, and what PGSERVICEFILE names there). */
  serviceFiles?: ServiceFile[];
}
