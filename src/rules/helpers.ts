import type { Location, RuleHit } from "../core/finding.js";
import type { DatabaseAlias, EffectiveParam, ScanModel, SettingsView } from "../django/model.js";
import { suppliedWords } from "../python/env.js";
import type { EnvRead, Origin, PyValue } from "../python/value.js";

export function loc(o: Origin | undefined): Location | undefined {
  return o ? { file: o.file, line: o.line, column: o.column } : undefined;
}

/**
 * Every network alias of a PostgreSQL-family engine, per settings view: the aliases the channel rules judge. An
 * alias whose ENGINE the scan cannot know (computed, from a URL or env nobody supplied) is judged as PostgreSQL
 * too: the scan is for PostgreSQL-wire projects, and what libpq would do with its sslmode is the question
 * (evidence says "engine unknown"). A known other engine (MySQL, SQLite) is not judged.
 */
export function* networkPgAliases(model: ScanModel): Generator<{ view: SettingsView; alias: DatabaseAlias }> {
  for (const view of model.views) {
    for (const alias of view.databases) {
      if (alias.network && (alias.family === "postgres" || alias.family === "unknown")) yield { view, alias };
    }
  }
}

/**
 * The alias's sslmode is its libpq service's doing: the section the tree resolves sets it, or sets none and libpq's
 * default applies. WW118 reports those; WW101–WW104 leave them to it, so one weakness is one finding.
 */
export function serviceDecidesSslmode(alias: DatabaseAlias): boolean {
  const s = alias.service;
  if (!s?.resolved) return false;
  return alias.sslmode.source === "service" || alias.sslmode.source === "default";
}

/**
 * The network PostgreSQL aliases whose sslmode the connection itself decides (OPTIONS, URL, PGSSLMODE, the
 * default): what WW101–WW104 judge. An alias whose resolved libpq service decides it is WW118's.
 */
export function* connectionSslmodeAliases(
  model: ScanModel,
): Generator<{ view: SettingsView; alias: DatabaseAlias }> {
  for (const entry of networkPgAliases(model)) if (!serviceDecidesSslmode(entry.alias)) yield entry;
}

/** Module, alias, branch: what every alias finding carries. */
export function aliasContext(
  view: SettingsView,
  alias: DatabaseAlias,
): Pick<RuleHit, "settingsModule" | "alias" | "condition"> {
  return { settingsModule: view.module, alias: alias.alias, condition: view.condition };
}

/** Where to point for an effective libpq value: where it was set, else the alias itself. */
export function paramLocation(alias: DatabaseAlias, param: EffectiveParam): Location {
  return (loc(param.origin) ?? loc(alias.origin)) as Location;
}

/** One line on where an effective sslmode came from, for evidence. */
export function sslmodeEvidence(alias: DatabaseAlias): string {
  const p = alias.sslmode;
  const from =
    p.source === "default"
      ? "libpq default: OPTIONS has no sslmode and PGSSLMODE is not set"
      : p.source === "ssl_require"
        ? `set by ${alias.url?.parser ?? "dj_database_url"}(ssl_require=True), which overwrites the URL's sslmode`
        : p.source === "url"
          ? "from the database URL's query string"
          : p.source === "service"
            ? `from libpq service '${alias.service?.name}' in ${p.origin?.file ?? "its service file"}`
            : p.source === "PGSSLMODE"
              ? "from PGSSLMODE"
              : "from OPTIONS";
  const env = p.env
    ? `; env ${p.env.variable} ${p.env.supplied ? suppliedWords(p.env) : "not supplied, default used"}`
    : "";
  return `effective sslmode ${p.value ?? "unknown"} (${from}${env}); host ${alias.hostLabel}; engine ${alias.engine ?? "unknown"}`;
}

/** ` in compose.yaml:5 (compose service web)`: where a deployment file sets the value, for the fix to say. */
function inFile(env: EnvRead | undefined): string {
  const from = env?.supplied ? env.from : undefined;
  return from ? ` in ${from.origin.file}:${from.origin.line} (${from.where})` : "";
}

/** The exact change that makes an alias verify the server, worded for where its sslmode comes from. */
export function sslmodeFix(alias: DatabaseAlias): string {
  const target = `'sslmode': 'verify-full', 'sslrootcert': '/path/to/ca.crt'`;
  switch (alias.sslmode.source) {
    case "ssl_require":
      // django_heroku has no ssl_require to remove: it is told to leave DATABASES alone instead.
      if (alias.url?.parser.startsWith("django_heroku"))
        return `call django_heroku.settings(locals(), databases=False) and build DATABASES['${alias.alias}'] yourself with OPTIONS = {${target}} (or ?sslmode=verify-full&sslrootcert=... in DATABASE_URL)`;
      return `remove ssl_require=True from ${alias.url?.parser ?? "dj_database_url"}(...) and set DATABASES['${alias.alias}']['OPTIONS'] = {${target}} (or ?sslmode=verify-full&sslrootcert=... in the URL)`;
    case "url":
      return `change the URL's query to ?sslmode=verify-full&sslrootcert=/path/to/ca.crt${inFile(alias.url?.env)}`;
    case "service":
      return `set sslmode=verify-full and sslrootcert=/path/to/ca.crt in section [${alias.service?.name}] of ${alias.sslmode.origin?.file ?? "the service file"}, or set DATABASES['${alias.alias}']['OPTIONS'] = {${target}} (the connection's own parameters win over the service file)`;
    case "PGSSLMODE":
      return `set PGSSLMODE=verify-full${inFile(alias.sslmode.env)}, or better set DATABASES['${alias.alias}']['OPTIONS'] = {${target}} so the settings do not depend on the environment`;
    default:
      return `set DATABASES['${alias.alias}']['OPTIONS'] = {${target}}`;
  }
}

/** The value a setting has in a view, if it is set. */
export function setting(view: SettingsView, name: string): PyValue | undefined {
  return view.settings.get(name);
}

/** URL schemes that dj-database-url / django-environ map to a libpq-based (PostgreSQL or CockroachDB) engine. */
export const PG_SCHEMES: ReadonlySet<string> = new Set([
  "postgres",
  "postgresql",
  "pgsql",
  "postgis",
  "cockroach",
  "cockroachdb",
]);
