import { redactSecrets } from "../core/redact.js";
import { parseBoolWord, readEnv } from "../python/env.js";
import { joinValues } from "../python/join.js";
import { str, truthy, unknown } from "../python/value.js";
import { parseDatabaseUrl } from "./database-url.js";
const obj = (ref, extra = {}) => ({
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
/** The DATABASES entry a URL library builds, with the URL kept in `meta.url` for the rules. */
export function databaseConfigFromUrl(url, o) {
    const keep = { origin: url.origin ?? o.origin, ...(url.env ? { env: url.env } : {}) };
    const entries = new Map();
    const options = new Map();
    const source = {
        url: url.kind === "str" ? url.value : null,
        origin: url.origin ?? o.origin,
        ...(url.env ? { env: url.env } : {}),
        parser: o.parser,
    };
    let parsed;
    if (url.kind === "str") {
        parsed = parseDatabaseUrl(url.value, o.parser.startsWith("environ") ? "first" : "last");
        if (!parsed) {
            return unknown(`${redactSecrets(url.value, { url: true })} is not a database URL`, keep);
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
                entries.set(k.toUpperCase(), /^\d+$/.test(v) ? { kind: "int", value: Number(v), ...keep, via } : str(v, { ...keep, via }));
            }
            else
                options.set(k, str(v, { ...keep, via: "URL query string" }));
        }
    }
    else {
        const reason = url.kind === "unknown" ? url.reason : `the URL is a ${url.kind}`;
        for (const key of ["ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT"]) {
            entries.set(key, unknown(`from a database URL that is not known: ${reason}`, keep));
        }
        // The URL's query string may set them; libpq's defaults apply only if it does not.
        for (const key of ["sslmode", "sslrootcert"])
            options.set(key, unknown(`${key} from a database URL that is not known: ${reason}`, keep));
    }
    if (o.engine && o.engine.kind !== "none")
        entries.set("ENGINE", o.engine);
    if (o.connMaxAge)
        entries.set("CONN_MAX_AGE", o.connMaxAge);
    else if (!entries.has("CONN_MAX_AGE"))
        entries.set("CONN_MAX_AGE", { kind: "int", value: 0, ...keep, via: `${o.parser} default` });
    if (o.connHealthChecks)
        entries.set("CONN_HEALTH_CHECKS", o.connHealthChecks);
    if (o.sslRequire && o.sslRequire.kind === "bool" && o.sslRequire.value) {
        // dj-database-url applies ssl_require after parsing: it overwrites the URL's own sslmode.
        const at = o.sslRequire.origin ?? o.origin;
        options.set("sslmode", str("require", { origin: at, via: `${o.parser}(ssl_require=True)` }));
        source.sslRequireOrigin = at;
    }
    if (options.size > 0)
        entries.set("OPTIONS", { kind: "dict", entries: options, ...keep });
    return { kind: "dict", entries, ...keep, via: o.parser, meta: { url: source } };
}
/** dj_database_url, django-environ (`environ.Env`) and python-decouple, as settings modules call them. */
export function djangoLibraries(env) {
    return {
        importModule(name) {
            if (name === "dj_database_url")
                return obj("module:dj_database_url");
            if (name === "environ")
                return obj("module:environ");
            if (name === "decouple")
                return obj("module:decouple");
            if (name === "configurations")
                return obj("module:configurations");
            if (name === "configurations.values")
                return obj("module:configurations.values");
            if (name === "django_heroku")
                return obj("module:django_heroku");
            if (name === "dynaconf")
                return obj("module:dynaconf");
            if (name === "split_settings" || name === "split_settings.tools")
                return obj(`module:${name}`);
            return undefined;
        },
        getAttr(value, name) {
            if (value.kind !== "object")
                return undefined;
            if (value.ref === "module:dj_database_url" && ["config", "parse"].includes(name))
                return obj(`fn:dj_database_url.${name}`);
            if (value.ref === "module:environ" && name === "Env")
                return obj("class:environ.Env");
            // django-split-settings: include() runs files in the caller's namespace (the interpreter follows it).
            if (value.ref === "module:split_settings.tools" && (name === "include" || name === "optional"))
                return obj(`fn:split_settings.${name}`);
            if (value.ref === "module:split_settings" && name === "tools")
                return obj("module:split_settings.tools");
            if (value.ref === "module:decouple" && ["config", "Csv", "AutoConfig", "RepositoryEnv"].includes(name))
                return obj(`fn:decouple.${name}`);
            if (value.ref === "class:environ.Env" && name === "read_env")
                return obj("fn:environ.Env.read_env");
            if (value.ref === "module:configurations" && name === "Configuration")
                return obj("class:configurations.Configuration");
            if (value.ref === "module:configurations" && name === "values")
                return obj("module:configurations.values");
            if (value.ref === "module:configurations.values" && /Value$/.test(name))
                return obj(`fn:configurations.values.${name}`);
            if (value.ref === "module:django_heroku" && name === "settings")
                return obj("fn:django_heroku.settings");
            if (value.ref === "module:dynaconf" && name === "DjangoDynaconf")
                return obj("fn:dynaconf.DjangoDynaconf");
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
                if (methods.includes(name))
                    return obj(`method:environ.Env.${name}`, { self: value });
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
                    ctx.diagnose(args.origin, "environ.Env.read_env() loads a .env file at run time; its values are not used, pass --env-file");
                    return { kind: "none", origin: args.origin };
                case "obj:environ.Env":
                    return environCall("__call__", { ...fn, self: fn }, args, env, ctx);
                case "fn:decouple.config":
                    return decoupleConfig(args, env);
                case "fn:decouple.Csv":
                    return obj("cast:csv");
                case "fn:django_heroku.settings":
                    return herokuSettings(args, env, ctx);
                case "fn:dynaconf.DjangoDynaconf":
                    return dynaconfSettings(args);
                case "op:setup_value":
                    return fn.self?.kind === "object" && fn.self.ref.startsWith("value:configurations.")
                        ? setupConfigurationValue(fn.self, args, env)
                        : undefined;
                default:
                    if (fn.ref.startsWith("fn:configurations.values."))
                        return configurationValue(fn.ref.slice(25), args, env);
                    if (fn.ref.startsWith("method:environ.Env."))
                        return environCall(fn.ref.slice(19), fn, args, env, ctx);
                    return undefined;
            }
        },
    };
}
function arg(args, index, name) {
    return args.keyword.get(name) ?? args.positional[index];
}
function djConfig(args, env) {
    const varName = arg(args, 0, "env");
    const variable = varName?.kind === "str" ? varName.value : "DATABASE_URL";
    // With no default, the URL is the deployment's: unknown here, never "no database" (and never a local socket).
    const fallback = arg(args, 1, "default");
    const url = readEnv(env, { variable, reader: "dj_database_url.config", origin: args.origin, fallback });
    const options = {
        parser: "dj_database_url.config",
        origin: args.origin,
        engine: arg(args, 2, "engine"),
        connMaxAge: arg(args, 3, "conn_max_age"),
        connHealthChecks: args.keyword.get("conn_health_checks"),
        sslRequire: arg(args, 4, "ssl_require"),
    };
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
                },
            },
        };
    }
    return databaseConfigFromUrl(url, options);
}
function djParse(args) {
    const url = arg(args, 0, "url") ?? unknown("dj_database_url.parse() without a URL", { origin: args.origin });
    return databaseConfigFromUrl(url, {
        parser: "dj_database_url.parse",
        origin: args.origin,
        engine: arg(args, 1, "engine"),
        connMaxAge: arg(args, 2, "conn_max_age"),
        connHealthChecks: args.keyword.get("conn_health_checks"),
        sslRequire: arg(args, 3, "ssl_require"),
    });
}
function castRaw(cast, raw, parser, origin) {
    if (raw.kind !== "str")
        return raw;
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
function environCall(method, fn, args, env, ctx) {
    const origin = args.origin;
    if (method === "read_env") {
        ctx.diagnose(origin, "env.read_env() loads a .env file at run time; its values are not used, pass --env-file");
        return { kind: "none", origin };
    }
    const isDb = method === "db" || method === "db_url";
    const nameArg = arg(args, 0, "var");
    const variable = nameArg?.kind === "str" ? nameArg.value : isDb ? "DATABASE_URL" : undefined;
    if (!variable)
        return unknown("env() with a computed variable name", { origin });
    // environ.Env(DEBUG=(bool, False)) declares a cast and default per variable.
    const scheme = (fn.self?.kind === "object" ? fn.self.attrs : undefined)?.get(variable);
    const schemeTuple = scheme?.kind === "tuple" ? scheme.items : undefined;
    let fallback = args.keyword.get("default") ?? (isDb ? undefined : args.positional[1]) ?? schemeTuple?.[1];
    if (isDb && !fallback)
        fallback = args.positional[1];
    const cast = isDb
        ? "db"
        : method === "__call__" || method === "str"
            ? castFromValue(args.keyword.get("cast") ?? schemeTuple?.[0] ?? (scheme && !schemeTuple ? scheme : undefined))
            : method;
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
function castFromValue(v) {
    if (!v)
        return "str";
    if (v.kind === "object") {
        if (v.ref === "fn:builtins.bool")
            return "bool";
        if (v.ref === "fn:builtins.int")
            return "int";
        if (v.ref === "fn:builtins.float")
            return "float";
        if (v.ref === "fn:builtins.str")
            return "str";
        if (v.ref === "fn:builtins.list" || v.ref === "cast:csv")
            return "list";
        if (v.ref === "fn:dj_database_url.parse")
            return "db";
    }
    return "unknown";
}
function decoupleConfig(args, env) {
    const nameArg = arg(args, 0, "option");
    if (nameArg?.kind !== "str")
        return unknown("config() with a computed name", { origin: args.origin });
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
// ---------------------------------------------------------------- django-configurations
/**
 * `values.XValue(default, environ_name=…, …)` inside a Configuration class: kept as written until the class is set
 * up, when the setting's own name decides the env var (`DJANGO_` + name unless told otherwise).
 */
function configurationValue(kind, args, env) {
    const attrs = new Map(args.keyword);
    let dflt = args.positional[0] ?? args.keyword.get("default");
    // `values.BooleanValue(DEBUG)` where DEBUG is itself a Value: its default is copied.
    if (dflt?.kind === "object" && dflt.ref.startsWith("value:configurations."))
        dflt = dflt.attrs?.get("default");
    if (dflt)
        attrs.set("default", dflt);
    const value = obj(`value:configurations.${kind}`, { attrs, origin: args.origin });
    // Value.__new__ sets itself up at once when it names its env var (or reads no env and has a default): that is
    // how a Value nested in a dict (`"HOST": values.Value("localhost", environ_name="DB_HOST")`) gets its value.
    const environ = attrs.get("environ");
    const readsEnv = !(environ && truthy(environ) === false);
    const lateBinding = attrs.get("late_binding");
    if (lateBinding && truthy(lateBinding) === true)
        return value;
    if ((readsEnv && attrs.has("environ_name")) || (!readsEnv && dflt && truthy(dflt) === true))
        return setupConfigurationValue(value, { positional: [], keyword: new Map(), origin: args.origin }, env);
    return value;
}
/** The URL values: env var name, and no `DJANGO_` prefix (django-configurations' DictBackendMixin). */
const URL_VALUES = {
    DatabaseURLValue: "DATABASE_URL",
    CacheURLValue: "CACHE_URL",
    EmailURLValue: "EMAIL_URL",
    SearchURLValue: "SEARCH_URL",
};
/** What a Value resolves to when its class is set up for the setting `name`. */
function setupConfigurationValue(value, args, env) {
    const kind = value.ref.slice(21);
    const attrs = value.attrs ?? new Map();
    const origin = value.origin ?? args.origin;
    const setting = args.positional[0]?.kind === "str" ? args.positional[0].value : "";
    const dflt = attrs.get("default");
    const urlEnv = URL_VALUES[kind];
    const environ = attrs.get("environ");
    if (environ && truthy(environ) === false)
        return dflt ?? { kind: "none", origin };
    const nameArg = attrs.get("environ_name");
    const prefixArg = attrs.get("environ_prefix");
    const name = nameArg?.kind === "str" ? nameArg.value : (urlEnv ?? setting.toUpperCase());
    const prefix = prefixArg !== undefined
        ? prefixArg.kind === "str"
            ? prefixArg.value.replace(/_$/, "")
            : ""
        : urlEnv
            ? ""
            : "DJANGO";
    const variable = prefix ? `${prefix}_${name}` : name;
    const reader = `values.${kind}`;
    if (kind === "DatabaseURLValue") {
        const alias = attrs.get("alias")?.kind === "str" ? attrs.get("alias").value : "default";
        const parse = (url) => databaseConfigFromUrl(url, {
            parser: "dj_database_url.parse",
            origin,
            engine: attrs.get("engine"),
            connMaxAge: attrs.get("conn_max_age"),
            connHealthChecks: attrs.get("conn_health_checks"),
            sslRequire: attrs.get("ssl_require"),
        });
        // With neither a default nor the env var, the deployment supplies DATABASE_URL: the URL is unknown, not absent.
        const fallback = dflt && dflt.kind !== "none" ? dflt : undefined;
        const url = readEnv(env, { variable, reader, origin, fallback });
        const config = parse(url);
        return {
            kind: "dict",
            entries: new Map([[alias, config]]),
            origin,
            ...(url.env ? { env: url.env } : {}),
        };
    }
    // SecretValue never has a default: the env var is required.
    const fallback = kind === "SecretValue" ? undefined : (dflt ?? { kind: "none", origin });
    return readEnv(env, {
        variable,
        reader,
        origin,
        fallback,
        cast: (raw) => castConfigurationValue(kind, raw, attrs),
    });
}
function castConfigurationValue(kind, raw, attrs) {
    if (raw.kind !== "str")
        return raw;
    const keep = { ...(raw.origin ? { origin: raw.origin } : {}), ...(raw.env ? { env: raw.env } : {}) };
    const text = raw.value.trim();
    switch (kind) {
        case "BooleanValue": {
            const t = text.toLowerCase();
            if (["yes", "y", "true", "1"].includes(t))
                return { kind: "bool", value: true, ...keep };
            if (["no", "n", "false", "0", ""].includes(t))
                return { kind: "bool", value: false, ...keep };
            return unknown(`values.BooleanValue cannot read ${JSON.stringify(raw.value)} (ValueError at setup)`, keep);
        }
        case "IntegerValue":
        case "PositiveIntegerValue":
        case "FloatValue": {
            const n = Number(text);
            if (text === "" || !Number.isFinite(n))
                return unknown(`${JSON.stringify(raw.value)} is not a number`, keep);
            return { kind: kind === "FloatValue" ? "float" : "int", value: n, ...keep };
        }
        case "ListValue":
        case "TupleValue": {
            const sep = attrs.get("separator");
            const parts = text
                .split(sep?.kind === "str" ? sep.value : ",")
                .map((p) => p.trim())
                .filter(Boolean);
            return {
                kind: kind === "ListValue" ? "list" : "tuple",
                items: parts.map((p) => str(p, keep)),
                ...keep,
            };
        }
        default:
            return raw;
    }
}
// ---------------------------------------------------------------- dynaconf
/**
 * `settings = DjangoDynaconf(__name__, …)` at the end of a settings module: at import, dynaconf replaces the
 * module's upper-case settings with values from its settings files (outside the tree, named by an env var) and
 * from PREFIX_* env vars (`PREFIX_DATABASES__default__HOST`). Nothing the module wrote before is final.
 */
function dynaconfSettings(args) {
    const prefix = args.keyword.get("ENVVAR_PREFIX_FOR_DYNACONF");
    const files = args.keyword.get("ENVVAR_FOR_DYNACONF") ?? args.keyword.get("SETTINGS_FILE_FOR_DYNACONF");
    const from = [
        files?.kind === "str" ? `the files named by ${files.value}` : "its settings files",
        `${prefix?.kind === "str" ? prefix.value : "DJANGO"}_* env vars`,
    ].join(" and ");
    return obj("obj:dynaconf.LazySettings", {
        origin: args.origin,
        meta: { overridesSettings: `DjangoDynaconf() may replace every setting at import, from ${from}` },
    });
}
// ---------------------------------------------------------------- django-heroku
/**
 * `django_heroku.settings(locals())`: when DATABASE_URL is in the environment it replaces DATABASES['default']
 * with `dj_database_url.config(conn_max_age=CONN_MAX_AGE or 600, ssl_require=True)`; otherwise it keeps the
 * previous settings. Unless DATABASE_URL was supplied, the alias is what both ways agree on, nothing more.
 */
function herokuSettings(args, env, ctx) {
    const origin = args.origin;
    const done = { kind: "none", origin };
    const config = args.positional[0] ?? args.keyword.get("config");
    if (config?.kind !== "dict") {
        ctx.diagnose(origin, "django_heroku.settings() of something other than locals() is not followed");
        return done;
    }
    const flag = (name) => {
        const v = args.keyword.get(name);
        return v === undefined ? true : truthy(v);
    };
    if (flag("allowed_hosts") === true)
        config.entries.set("ALLOWED_HOSTS", { kind: "list", items: [str("*", { origin })], origin });
    const databases = flag("databases");
    if (databases === false)
        return done;
    if (databases === undefined) {
        ctx.diagnose(origin, "django_heroku.settings(databases=…) is not known: DATABASES may be replaced or not");
    }
    if (flag("db_colors") !== false && args.keyword.has("db_colors"))
        ctx.diagnose(origin, "django_heroku.settings(db_colors=True) adds HEROKU_POSTGRESQL_* databases at run time; not followed");
    let dbs = config.entries.get("DATABASES");
    if (!dbs) {
        dbs = { kind: "dict", entries: new Map([["default", { kind: "none", origin }]]), origin };
        config.entries.set("DATABASES", dbs);
    }
    if (dbs.kind !== "dict") {
        ctx.diagnose(origin, "django_heroku.settings() changes DATABASES, which is not known here");
        return done;
    }
    const connMaxAge = config.entries.get("CONN_MAX_AGE") ?? { kind: "int", value: 600, origin };
    const url = readEnv(env, {
        variable: "DATABASE_URL",
        reader: "django_heroku.settings",
        origin,
        fallback: undefined,
    });
    const heroku = databaseConfigFromUrl(url, {
        parser: "django_heroku.settings(locals()) via dj_database_url.config",
        origin,
        connMaxAge,
        sslRequire: { kind: "bool", value: true, origin },
    });
    const previous = dbs.entries.get("default");
    // The platform this call is for always sets DATABASE_URL: as for any env read with no default, the deployment's
    // reading is the one judged ("when DATABASE_URL is set"); the earlier default is what a developer runs locally.
    if (databases === true) {
        dbs.entries.set("default", heroku);
        return done;
    }
    const why = "when DATABASE_URL is set (django_heroku.settings() then replaces DATABASES['default'] with ssl_require=True)";
    const joined = joinValues([previous, heroku], { why, origin });
    if (joined)
        dbs.entries.set("default", joined);
    ctx.diagnose(origin, "django_heroku.settings() replaces DATABASES['default'] only when DATABASE_URL is set, which is not supplied here: what differs between the two is unknown");
    return done;
}
//# sourceMappingURL=libraries.js.map