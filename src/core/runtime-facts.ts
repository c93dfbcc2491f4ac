/** What `scan --runtime` learns from the project's own Python (python/wirewarden_django_describe.py). */

/** `scan --runtime`: a settings module as the project's own Python imported it (no connection, no django.setup()). */
export interface RuntimeModule {
  module: string;
  /** The interpreter that imported it. */
  python: string;
  /** Why it could not be imported or judged (the static findings then stand alone, and the report says so). */
  error?: string;
  /** The libpq major the driver loaded there (null: no PostgreSQL driver). */
  libpq?: number | null;
  aliases: RuntimeAlias[];
  /** DEBUG, SECURE_SSL_REDIRECT, HSTS, secure cookies, SECURE_PROXY_SSL_HEADER as Django resolved them. */
  https?: Record<string, unknown>;
}

/** One alias as libpq will receive it, from `connections[alias].get_connection_params()` and the environment. */
export interface RuntimeAlias {
  alias: string;
  /** Django's postgresql backend or one built on it (PostGIS, django_cockroachdb, …). */
  postgres: boolean;
  /** Hosts reached over a network; empty: a Unix socket, localhost or loopback only. */
  hosts?: string[];
  sslmode?: string;
  /** parameter, service NAME, PGSSLMODE, libpq default. */
  sslmodeSource?: string;
  /** Why libpq will refuse to connect with these values, when it will. */
  fails?: string;
  /** wirewarden_django's checks for the alias (ids wirewarden.W1xx mirror WW1xx). */
  checks?: { id: string; message: string }[];
  error?: string;
}
