import type { DeployFacts } from "../deploy/model.js";
import type { EnvRead, Origin, PyValue } from "../python/value.js";
import type { LibpqFacts } from "./libpq-version.js";

/** A libpq parameter as libpq resolves it: OPTIONS, then the URL query, then PG* env, then the default. */
export interface EffectiveParam {
  /** null when unset everywhere and libpq has no default (e.g. sslrootcert means ~/.postgresql/root.crt). */
  value: string | null;
  source: "OPTIONS" | "url" | "ssl_require" | "PGSSLMODE" | "PGSSLROOTCERT" | "default" | "unknown";
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
}
