import { type SuppliedEnv, suppliedWords } from "../python/env.js";
import {
  asString,
  describe,
  type EnvRead,
  type EnvSource,
  type Origin,
  type PyValue,
} from "../python/value.js";
import type {
  DatabaseAlias,
  DatabaseUrlSource,
  EffectiveParam,
  EngineFamily,
  EnvFileEntry,
} from "./model.js";

/** Where PG* variables come from for the Django process: supplied env first, then env files in the tree. */
export interface PgEnvironment {
  get(name: string): { value: string; origin?: Origin; supplied: boolean; from?: EnvSource } | undefined;
}

export function engineFamily(engine: string | null): EngineFamily {
  if (engine === null) return "unknown";
  const e = engine.toLowerCase();
  if (/postgres|postgis|cockroach|psycopg|redshift|timescale/.test(e)) return "postgres";
  if (/sqlite|spatialite/.test(e)) return "sqlite";
  if (/mysql/.test(e)) return "mysql";
  if (/oracle/.test(e)) return "oracle";
  if (e.startsWith("unknown scheme")) return "unknown";
  return "other";
}

/** True for a host libpq reaches without a network: Unix socket, localhost, loopback. */
export function isLocalHost(host: string): boolean {
  const h = host.trim().toLowerCase();
  if (h === "" || h.startsWith("/") || h.startsWith("@")) return true;
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  return h === "::1" || h === "[::1]" || h === "0:0:0:0:0:0:0:1";
}

function envLabel(env: EnvRead | undefined): string {
  if (!env) return "";
  if (env.supplied) return ` (from ${env.variable}${env.from ? `, ${suppliedWords(env)}` : ""})`;
  return env.hasDefault ? ` (default of ${env.variable}, not supplied)` : "";
}

function hostInfo(
  family: EngineFamily,
  host: PyValue | undefined,
  port: PyValue | undefined,
): { network: boolean; label: string } {
  if (family === "sqlite") return { network: false, label: "SQLite file" };
  const portText = asString(port) ?? (port?.kind === "int" ? String(port.value) : "");
  const suffix = portText ? `:${portText}` : "";
  if (!host || host.kind === "none") return { network: false, label: "local socket (HOST empty)" };
  if (host.kind === "unknown") {
    if (host.env && !host.env.supplied)
      return { network: true, label: `$${host.env.variable}${suffix} (env, no default)` };
    return { network: true, label: `unknown host (${host.reason})` };
  }
  const h = asString(host);
  if (h === undefined) return { network: true, label: `HOST ${describe(host)}` };
  if (h === "") return { network: false, label: "local socket (HOST empty)" };
  return {
    network: !isLocalHost(h),
    label: `${h.includes(":") && !h.startsWith("/") ? `[${h}]` : h}${suffix}${envLabel(host.env)}`,
  };
}

function fromOptions(
  options: Map<string, PyValue>,
  key: string,
  pgVar: "PGSSLMODE" | "PGSSLROOTCERT",
  pgEnv: PgEnvironment,
  fallback: string | null,
): EffectiveParam {
  const v = options.get(key);
  if (v && v.kind !== "none") {
    const source: EffectiveParam["source"] = v.via?.includes("ssl_require")
      ? "ssl_require"
      : v.via === "URL query string"
        ? "url"
        : "OPTIONS";
    const base = { source, ...(v.origin ? { origin: v.origin } : {}), ...(v.env ? { env: v.env } : {}) };
    const text = asString(v);
    if (text !== undefined) return { value: text, ...base };
    if (v.kind === "unknown") return { value: null, ...base, source: "unknown", unknownReason: v.reason };
    return { value: null, ...base, source: "unknown", unknownReason: `${key} is ${describe(v)}` };
  }
  // `sslmode: None` is dropped by psycopg, so libpq falls through to PG* env and then its default.
  const fromEnv = pgEnv.get(pgVar);
  if (fromEnv) {
    const origin = fromEnv.origin ?? v?.origin;
    // A deployment file that sets PG* for the Django service: the finding says which service.
    const env: EnvRead | undefined =
      fromEnv.from && origin
        ? { variable: pgVar, reader: "libpq", supplied: true, hasDefault: false, origin, from: fromEnv.from }
        : undefined;
    return {
      value: fromEnv.value,
      source: pgVar,
      ...(fromEnv.origin ? { origin: fromEnv.origin } : {}),
      ...(env ? { env } : {}),
    };
  }
  return { value: fallback, source: "default", ...(v?.origin ? { origin: v.origin } : {}) };
}

/** The DATABASES setting as a list of aliases with libpq's effective TLS parameters. */
export function buildAliases(
  databases: PyValue | undefined,
  pgEnv: PgEnvironment,
  fallbackOrigin: Origin,
): DatabaseAlias[] {
  if (databases?.kind !== "dict") return [];
  const aliases: DatabaseAlias[] = [];
  for (const [alias, value] of databases.entries) {
    const entries = value.kind === "dict" ? value.entries : new Map<string, PyValue>();
    const engineValue = entries.get("ENGINE");
    const engine = asString(engineValue) ?? null;
    let family = engineFamily(engine);
    const url = value.meta?.url as DatabaseUrlSource | undefined;
    // dj_database_url.config() without any URL yields {}: the engine is whatever the env var will say.
    if (engine === null && url) family = "unknown";
    const optionsValue = entries.get("OPTIONS");
    const options = optionsValue?.kind === "dict" ? optionsValue.entries : new Map<string, PyValue>();
    const host = entries.get("HOST");
    const port = entries.get("PORT");
    const { network, label } = hostInfo(family, host, port);
    aliases.push({
      alias,
      engine,
      family,
      value,
      origin: value.origin ?? fallbackOrigin,
      host,
      port,
      password: entries.get("PASSWORD"),
      options,
      connMaxAge: entries.get("CONN_MAX_AGE"),
      sslmode: fromOptions(options, "sslmode", "PGSSLMODE", pgEnv, "prefer"),
      sslrootcert: fromOptions(options, "sslrootcert", "PGSSLROOTCERT", pgEnv, null),
      network,
      hostLabel: label,
      ...(url ? { url } : {}),
    });
  }
  return aliases;
}

/** PG* variables: supplied values win over the env files found in the tree. */
export function pgEnvironment(
  supplied: SuppliedEnv,
  envFiles: readonly { file: string; vars: Map<string, EnvFileEntry> }[],
): PgEnvironment {
  return {
    get(name) {
      const s = supplied.get(name);
      const from = supplied.sources?.get(name);
      if (s !== undefined)
        return { value: s, supplied: true, ...(from ? { origin: from.origin, from } : {}) };
      for (const f of envFiles) {
        const e = f.vars.get(name);
        if (e) return { value: e.value, origin: e.origin, supplied: false };
      }
      return undefined;
    },
  };
}
