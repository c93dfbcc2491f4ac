import { parseBoolWord, readEnv, type SuppliedEnv } from "../python/env.js";
import type { CallArgs, EvalContext, Library } from "../python/interpreter.js";
import { type Origin, type PyValue, str, unknown, type ValueOf } from "../python/value.js";
import { type ParsedDatabaseUrl, parseDatabaseUrl, redactUrl } from "./database-url.js";
import type { DatabaseUrlSource } from "./model.js";

const obj = (ref: string, extra: Partial<ValueOf<"object">> = {}): PyValue => ({
  kind: "object",
  ref,
  ...extra,
});

/** Top-level keys django-environ lifts out of the query string instead of OPTIONS. */
const ENVIRON_TOP_LEVEL = [
  "CONN_MAX_AGE",
  "ATOMIC_REQUESTS",
  "AUTOCOMMIT",
  "DISABLE_SERVER_SIDE_CURSORS",
  "CONN_HEALTH_CHECKS",
];

interface UrlConfigOptions {
  parser: string;
  origin: Origin;
  engine?: PyValue;
  connMaxAge?: PyValue;
  connHealthChecks?: PyValue;
  sslRequire?: PyValue;
  /** django-environ moves CONN_MAX_AGE & co. from the query string to the top level. */
  liftTopLevel?: boolean;
}

/** The DATABASES entry a URL library builds, with the URL kept in `meta.url` for the rules. */
export function databaseConfigFromUrl(url: PyValue, o: UrlConfigOptions): PyValue {
  const keep = { origin: url.origin ?? o.origin, ...(url.env ? { env: url.env } : {}) };
  const entries = new Map<string, PyValue>();
  const options = new Map<string, PyValue>();
  const source: DatabaseUrlSource = {
    url: url.kind === "str" ? url.value : null,
    origin: url.origin ?? o.origin,
    ...(url.env ? { env: url.env } : {}),
    parser: o.parser,
  };
  let parsed: ParsedDatabaseUrl | undefined;
  if (url.kind === "str") {
    parsed = parseDatabaseUrl(url.value, o.parser.startsWith("environ") ? "first" : "last");
    if (!parsed) {
      return unknown(`${redactUrl(url.value)} is not a database URL`, keep);
    }
    const via = `${o.parser} URL`;
    entries.set("ENGINE", str(parsed.engine ?? `unknown scheme ${parsed.scheme}`, { ...keep, via }));
    entries.set("NAME", str(parsed.name, { ...keep, via }));
    entries.set("USER", str(parsed.user, { ...keep, via }));
    entries.set("PASSWORD", str(parsed.password, { ...keep, via }));
    entries.set("HOST", str(parsed.host, { ...keep, via }));
    entries.set("PORT", str(parsed.port, { ...keep, via }));
    for (const [k, v] of parsed.options) {
      if (o.liftTopLevel && ENVIRON_TOP_LEVEL.includes(k.toUpperCase())) {
        entries.set(
          k.toUpperCase(),
          /^\d+$/.test(v) ? { kind: "int", value: Number(v), ...keep, via } : str(v, { ...keep, via }),
        );
      } else options.set(k, str(v, { ...keep, via: "URL query string" }));
    }
  } else {
    const reason = url.kind === "unknown" ? url.reason : `the URL is a ${url.kind}`;
    for (const key of ["ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT"]) {
      entries.set(key, unknown(`from a database URL that is not known: ${reason}`, keep));
    }
  }
  if (o.engine && o.engine.kind !== "none") entries.set("ENGINE", o.engine);
  if (o.connMaxAge) entries.set("CONN_MAX_AGE", o.connMaxAge);
  else if (!entries.has("CONN_MAX_AGE"))
    entries.set("CONN_MAX_AGE", { kind: "int", value: 0, ...keep, via: `${o.parser} default` });
  if (o.connHealthChecks) entries.set("CONN_HEALTH_CHECKS", o.connHealthChecks);
  if (o.sslRequire && o.sslRequire.kind === "bool" && o.sslRequire.value) {
    // dj-database-url applies ssl_require after parsing: it overwrites the URL's own sslmode.
    const at = o.sslRequire.origin ?? o.origin;
    options.set("sslmode", str("require", { origin: at, via: `${o.parser}(ssl_require=True)` }));
    source.sslRequireOrigin = at;
  }
  if (options.size > 0) entries.set("OPTIONS", { kind: "dict", entries: options, ...keep });
  return { kind: "dict", entries, ...keep, via: o.parser, meta: { url: source } };
}

/** dj_database_url, django-environ (`environ.Env`) and python-decouple, as settings modules call them. */
export function djangoLibraries(env: SuppliedEnv): Library {
  return {
    importModule(name) {
      if (name === "dj_database_url") return obj("module:dj_database_url");
      if (name === "environ") return obj("module:environ");
      if (name === "decouple") return obj("module:decouple");
      if (name === "split_settings" || name === "split_settings.tools") return obj(`module:${name}`);
      return undefined;
    },

    getAttr(value, name) {
      if (value.kind !== "object") return undefined;
      if (value.ref === "module:dj_database_url" && ["config", "parse"].includes(name))
        return obj(`fn:dj_database_url.${name}`);
      if (value.ref === "module:environ" && name === "Env") return obj("class:environ.Env");
      // django-split-settings: include() runs files in the caller's namespace (the interpreter follows it).
      if (value.ref === "module:split_settings.tools" && (name === "include" || name === "optional"))
        return obj(`fn:split_settings.${name}`);
      if (value.ref === "module:split_settings" && name === "tools")
        return obj("module:split_settings.tools");
      if (value.ref === "module:decouple" && ["config", "Csv", "AutoConfig", "RepositoryEnv"].includes(name))
        return obj(`fn:decouple.${name}`);
      if (value.ref === "class:environ.Env" && name === "read_env") return obj("fn:environ.Env.read_env");
      if (value.ref === "obj:environ.Env") {
        const methods = [
          "str",
          "bool",
          "int",
          "float",
          "list",
          "tuple",
          "dict",
          "json",
          "url",
          "db",
          "db_url",
          "path",
          "cache",
          "cache_url",
          "email",
          "email_url",
          "read_env",
        ];
        if (methods.includes(name)) return obj(`method:environ.Env.${name}`, { self: value });
      }
      return undefined;
    },

    call(fn, args, ctx) {
      switch (fn.ref) {
        case "fn:split_settings.optional":
          return obj("obj:split_settings.optional", {
            attrs: new Map([["path", args.positional[0] ?? unknown("no path")]]),
          });
        case "fn:split_settings.include":
          // As a statement the interpreter runs the files; anywhere else the call is not followed.
          ctx.diagnose(args.origin, "include() used inside an expression is not followed");
          return unknown("include() inside an expression", { origin: args.origin });
        case "fn:dj_database_url.config":
          return djConfig(args, env);
        case "fn:dj_database_url.parse":
          return djParse(args);
        case "class:environ.Env":
          return obj("obj:environ.Env", { attrs: new Map(args.keyword), origin: args.origin });
        case "fn:environ.Env.read_env":
          ctx.diagnose(
            args.origin,
            "environ.Env.read_env() loads a .env file at run time; its values are not used, pass --env-file",
          );
          return { kind: "none", origin: args.origin };
        case "obj:environ.Env":
          return environCall("__call__", { ...fn, self: fn }, args, env, ctx);
        case "fn:decouple.config":
          return decoupleConfig(args, env);
        case "fn:decouple.Csv":
          return obj("cast:csv");
        default:
          if (fn.ref.startsWith("method:environ.Env."))
            return environCall(fn.ref.slice(19), fn, args, env, ctx);
          return undefined;
      }
    },
  };
}

function arg(args: CallArgs, index: number, name: string): PyValue | undefined {
  return args.keyword.get(name) ?? args.positional[index];
}

function djConfig(args: CallArgs, env: SuppliedEnv): PyValue {
  const varName = arg(args, 0, "env");
  const variable = varName?.kind === "str" ? varName.value : "DATABASE_URL";
  const fallback = arg(args, 1, "default") ?? { kind: "none", origin: args.origin };
  const url = readEnv(env, { variable, reader: "dj_database_url.config", origin: args.origin, fallback });
  if (url.kind === "none" || (url.kind === "str" && url.value === "")) {
    // dj-database-url returns {} when there is no URL at all; Django then fails to connect.
    return {
      kind: "dict",
      entries: new Map(),
      origin: args.origin,
      env: url.env,
      via: "dj_database_url.config",
      meta: {
        url: {
          url: null,
          origin: args.origin,
          env: url.env,
          parser: "dj_database_url.config",
        } satisfies DatabaseUrlSource,
      },
    };
  }
  return databaseConfigFromUrl(url, {
    parser: "dj_database_url.config",
    origin: args.origin,
    engine: arg(args, 2, "engine"),
    connMaxAge: arg(args, 3, "conn_max_age"),
    connHealthChecks: args.keyword.get("conn_health_checks"),
    sslRequire: arg(args, 4, "ssl_require"),
  });
}

function djParse(args: CallArgs): PyValue {
  const url =
    arg(args, 0, "url") ?? unknown("dj_database_url.parse() without a URL", { origin: args.origin });
  return databaseConfigFromUrl(url, {
    parser: "dj_database_url.parse",
    origin: args.origin,
    engine: arg(args, 1, "engine"),
    connMaxAge: arg(args, 2, "conn_max_age"),
    connHealthChecks: args.keyword.get("conn_health_checks"),
    sslRequire: arg(args, 3, "ssl_require"),
  });
}

type Cast = "str" | "bool" | "int" | "float" | "list" | "db" | "url" | "unknown";

function castRaw(cast: Cast, raw: PyValue, parser: string, origin: Origin): PyValue {
  if (raw.kind !== "str") return raw;
  const keep = { origin: raw.origin ?? origin, ...(raw.env ? { env: raw.env } : {}) };
  switch (cast) {
    case "str":
    case "url":
      return raw;
    case "bool": {
      const b = parseBoolWord(raw.value);
      return b === undefined ? { kind: "bool", value: false, ...keep } : { kind: "bool", value: b, ...keep };
    }
    case "int":
    case "float": {
      const n = Number(raw.value);
      return Number.isFinite(n)
        ? { kind: cast, value: n, ...keep }
        : unknown(`${JSON.stringify(raw.value)} is not a number`, keep);
    }
    case "list":
      return {
        kind: "list",
        items: raw.value
          .split(",")
          .map((s) => str(s.trim(), keep))
          .filter((s) => s.kind === "str" && s.value !== ""),
        ...keep,
      };
    case "db":
      return databaseConfigFromUrl(raw, { parser, origin, liftTopLevel: parser.startsWith("environ") });
    default:
      return unknown(`cast of env value is not modelled`, keep);
  }
}

function environCall(
  method: string,
  fn: ValueOf<"object">,
  args: CallArgs,
  env: SuppliedEnv,
  ctx: EvalContext,
): PyValue {
  const origin = args.origin;
  if (method === "read_env") {
    ctx.diagnose(
      origin,
      "env.read_env() loads a .env file at run time; its values are not used, pass --env-file",
    );
    return { kind: "none", origin };
  }
  const isDb = method === "db" || method === "db_url";
  const nameArg = arg(args, 0, "var");
  const variable = nameArg?.kind === "str" ? nameArg.value : isDb ? "DATABASE_URL" : undefined;
  if (!variable) return unknown("env() with a computed variable name", { origin });
  // environ.Env(DEBUG=(bool, False)) declares a cast and default per variable.
  const scheme = (fn.self?.kind === "object" ? fn.self.attrs : undefined)?.get(variable);
  const schemeTuple = scheme?.kind === "tuple" ? scheme.items : undefined;
  let fallback = args.keyword.get("default") ?? (isDb ? undefined : args.positional[1]) ?? schemeTuple?.[1];
  if (isDb && !fallback) fallback = args.positional[1];
  const cast: Cast = isDb
    ? "db"
    : method === "__call__" || method === "str"
      ? castFromValue(
          args.keyword.get("cast") ?? schemeTuple?.[0] ?? (scheme && !schemeTuple ? scheme : undefined),
        )
      : (method as Cast);
  const parser = "environ.Env.db";
  const value = readEnv(env, {
    variable,
    reader: `env.${method}`,
    origin,
    fallback,
    cast: (raw) => castRaw(cast, raw, parser, origin),
    castDefault: isDb,
  });
  if (isDb && value.kind === "unknown")
    return databaseConfigFromUrl(value, { parser, origin, liftTopLevel: true });
  return value;
}

function castFromValue(v: PyValue | undefined): Cast {
  if (!v) return "str";
  if (v.kind === "object") {
    if (v.ref === "fn:builtins.bool") return "bool";
    if (v.ref === "fn:builtins.int") return "int";
    if (v.ref === "fn:builtins.float") return "float";
    if (v.ref === "fn:builtins.str") return "str";
    if (v.ref === "fn:builtins.list" || v.ref === "cast:csv") return "list";
    if (v.ref === "fn:dj_database_url.parse") return "db";
  }
  return "unknown";
}

function decoupleConfig(args: CallArgs, env: SuppliedEnv): PyValue {
  const nameArg = arg(args, 0, "option");
  if (nameArg?.kind !== "str") return unknown("config() with a computed name", { origin: args.origin });
  const cast = castFromValue(args.keyword.get("cast"));
  return readEnv(env, {
    variable: nameArg.value,
    reader: "decouple.config",
    origin: args.origin,
    fallback: args.keyword.get("default"),
    cast: (raw) => castRaw(cast, raw, "decouple.config(cast=db_url)", args.origin),
    castDefault: true,
  });
}
