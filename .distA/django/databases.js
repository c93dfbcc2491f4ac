import { suppliedWords } from "../python/env.js";
import { asString, describe, unknown, } from "../python/value.js";
export function engineFamily(engine) {
    if (engine === null)
        return "unknown";
    const e = engine.toLowerCase();
    if (/postgres|postgis|cockroach|psycopg|redshift|timescale/.test(e))
        return "postgres";
    if (/sqlite|spatialite/.test(e))
        return "sqlite";
    if (/mysql/.test(e))
        return "mysql";
    if (/oracle/.test(e))
        return "oracle";
    if (e.startsWith("unknown scheme"))
        return "unknown";
    return "other";
}
/** True for a host libpq reaches without a network: Unix socket, localhost, loopback. */
export function isLocalHost(host) {
    const h = host.trim().toLowerCase();
    if (h === "" || h.startsWith("/") || h.startsWith("@"))
        return true;
    if (h === "localhost" || h.endsWith(".localhost"))
        return true;
    if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h))
        return true;
    return h === "::1" || h === "[::1]" || h === "0:0:0:0:0:0:0:1";
}
function envLabel(env) {
    if (!env)
        return "";
    if (env.supplied)
        return ` (from ${env.variable}${env.from ? `, ${suppliedWords(env)}` : ""})`;
    return env.hasDefault ? ` (default of ${env.variable}, not supplied)` : "";
}
/**
 * A host the deployment supplies through an env var nobody supplied here. Unknown is not safe: an env read exists
 * so that production can point it elsewhere, so it is judged as the network host it will be when set. In a
 * development module a local default is taken at its word.
 */
function fromDeployment(env, suffix, portText, shown) {
    const what = shown === undefined ? "not supplied" : `default ${shown}, not supplied`;
    return {
        network: true,
        hostClass: "env",
        hostVariable: env.variable,
        label: `$${env.variable}${suffix} (env, ${what}: a network host when set)`,
        portText,
    };
}
function hostInfo(family, host, port, url, development) {
    const portText = asString(port) || (port?.kind === "int" ? String(port.value) : null);
    if (family === "sqlite")
        return { network: false, hostClass: "file", label: "SQLite file", portText: null };
    const suffix = portText ? `:${portText}` : "";
    const unsuppliedEnv = host?.env && !host.env.supplied ? host.env : undefined;
    if (!host || host.kind === "none") {
        // os.getenv("DB_HOST") gives None when unset, but production sets it; a whole URL from env likewise.
        if (unsuppliedEnv)
            return fromDeployment(unsuppliedEnv, suffix, portText);
        if (!host && url && url.url === null && url.env && !url.env.supplied)
            return fromDeployment(url.env, suffix, portText);
        return { network: false, hostClass: "local", label: "local socket (HOST empty)", portText };
    }
    if (host.kind === "unknown") {
        if (unsuppliedEnv)
            return fromDeployment(unsuppliedEnv, suffix, portText);
        return { network: true, hostClass: "unknown", label: `unknown host (${host.reason})`, portText };
    }
    const h = asString(host);
    if (h === undefined)
        return { network: true, hostClass: "unknown", label: `HOST ${describe(host)}`, portText };
    const local = h === "" || isLocalHost(h);
    if (local && unsuppliedEnv && !development)
        return fromDeployment(unsuppliedEnv, suffix, portText, h === "" ? "empty" : h);
    if (h === "")
        return { network: false, hostClass: "local", label: "local socket (HOST empty)", portText };
    return {
        network: !local,
        hostClass: local ? "local" : "network",
        label: `${h.includes(":") && !h.startsWith("/") ? `[${h}]` : h}${suffix}${envLabel(host.env)}`,
        portText,
    };
}
function fromOptions(options, key, pgVar, pgEnv, fallback, open) {
    const v = options.get(key);
    if (!v && open) {
        // OPTIONS took keys nobody here knows (an update or ** with an unknown dict): this one may be among them.
        return { value: null, source: "unknown", unknownReason: `OPTIONS may set ${key}: ${open}` };
    }
    if (v && v.kind !== "none") {
        const source = v.via?.includes("ssl_require")
            ? "ssl_require"
            : v.via === "URL query string"
                ? "url"
                : "OPTIONS";
        const base = { source, ...(v.origin ? { origin: v.origin } : {}), ...(v.env ? { env: v.env } : {}) };
        const text = asString(v);
        if (text !== undefined)
            return { value: text, ...base };
        if (v.kind === "unknown")
            return { value: null, ...base, source: "unknown", unknownReason: v.reason };
        return { value: null, ...base, source: "unknown", unknownReason: `${key} is ${describe(v)}` };
    }
    // `sslmode: None` is dropped by psycopg, so libpq falls through to PG* env and then its default.
    const fromEnv = pgEnv.get(pgVar);
    if (fromEnv) {
        const origin = fromEnv.origin ?? v?.origin;
        // A deployment file that sets PG* for the Django service: the finding says which service.
        const env = fromEnv.from && origin
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
/**
 * The DATABASES setting as a list of aliases with libpq's effective TLS parameters. A DATABASES the evaluator could
 * not follow still has the alias Django requires, 'default', marked unknown: unknown is not safe.
 */
export function buildAliases(databases, pgEnv, fallbackOrigin, development = false, mayChange, services) {
    if (databases === undefined)
        return [];
    if (databases.kind !== "dict") {
        const origin = databases.origin ?? fallbackOrigin;
        const reason = databases.kind === "unknown" ? databases.reason : `DATABASES is ${describe(databases).slice(0, 60)}`;
        return [unfollowedAlias("default", databases, origin, `DATABASES cannot be determined: ${reason}`)];
    }
    const aliases = [];
    // No 'default' yet, but code the scan could not follow may add it (or it is open to unknown keys): Django
    // requires one, so it is named, unknown.
    const addedLater = mayChange?.reason ?? databases.open;
    if (!databases.entries.has("default") && addedLater) {
        const origin = mayChange?.origin ?? databases.origin ?? fallbackOrigin;
        aliases.push(unfollowedAlias("default", databases, origin, `DATABASES['default'] may be set later: ${addedLater}`));
    }
    // Open to aliases only a loop or an update the scan could not follow names: one entry says so.
    if (databases.open && databases.entries.size > 0) {
        const origin = databases.origin ?? fallbackOrigin;
        aliases.push(unfollowedAlias("*", databases, origin, `DATABASES may hold aliases not named here: ${databases.open}`));
    }
    for (const [alias, value] of databases.entries) {
        if (value.kind !== "dict") {
            const origin = value.origin ?? fallbackOrigin;
            const reason = value.kind === "unknown" ? value.reason : `it is ${describe(value).slice(0, 60)}`;
            aliases.push(unfollowedAlias(alias, value, origin, `DATABASES['${alias}'] cannot be determined: ${reason}`));
            continue;
        }
        const entries = value.entries;
        if (value.open) {
            // The alias dict itself took unknown keys: ENGINE, HOST and OPTIONS may all be replaced.
            for (const key of ["ENGINE", "HOST", "PORT", "OPTIONS"])
                if (!entries.has(key))
                    entries.set(key, unknown(value.open, { origin: value.origin ?? fallbackOrigin }));
        }
        const engineValue = entries.get("ENGINE");
        const engine = asString(engineValue) ?? null;
        let family = engineFamily(engine);
        const url = value.meta?.url;
        // dj_database_url.config() without any URL yields {}: the engine is whatever the env var will say.
        if (engine === null && url)
            family = "unknown";
        // ENGINE read from env with a SQLite default, in a module that is not for development: the default is the
        // developer's; production sets the variable to its real database, which the channel rules judge.
        const engineEnv = engineValue?.env;
        if (family === "sqlite" && engineEnv && !engineEnv.supplied && engineEnv.hasDefault && !development)
            family = "unknown";
        const optionsValue = entries.get("OPTIONS");
        const options = optionsValue?.kind === "dict" ? optionsValue.entries : new Map();
        const host = entries.get("HOST");
        const port = entries.get("PORT");
        const info = hostInfo(family, host, port, url, development);
        const optionsUnknown = optionsValue !== undefined && optionsValue.kind !== "dict" && optionsValue.kind !== "none"
            ? {
                reason: `OPTIONS is ${optionsValue.kind === "unknown" ? optionsValue.reason : describe(optionsValue).slice(0, 60)}`,
                origin: optionsValue.origin ?? value.origin ?? fallbackOrigin,
            }
            : undefined;
        let sslmode = optionsUnknown
            ? lostTo(optionsUnknown)
            : fromOptions(options, "sslmode", "PGSSLMODE", pgEnv, "prefer", openOf(optionsValue, value));
        if (urlDecidesProduction(url, info, sslmode))
            sslmode = {
                value: null,
                source: "unknown",
                ...(url?.env ? { env: url.env, origin: url.env.origin } : {}),
                unknownReason: `production's URL comes from ${url?.env?.variable} (its local default is for development), so its ?sslmode= is the deployment's`,
            };
        const service = optionsUnknown ? undefined : serviceOf(options, pgEnv, services);
        let sslrootcert = optionsUnknown
            ? lostTo(optionsUnknown)
            : fromOptions(options, "sslrootcert", "PGSSLROOTCERT", pgEnv, null, openOf(optionsValue, value));
        if (service) {
            sslmode = fromService(sslmode, "sslmode", service);
            sslrootcert = fromService(sslrootcert, "sslrootcert", service);
            // HOST empty: libpq takes the service's host (Django's docs write a service alias just so), not a socket.
            if (info.hostClass === "local" && (host === undefined || asString(host) === "" || host.kind === "none"))
                Object.assign(info, serviceHost(service, info.portText));
        }
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
            sslmode,
            sslrootcert,
            network: info.network,
            hostClass: info.hostClass,
            ...(info.hostVariable ? { hostVariable: info.hostVariable } : {}),
            hostLabel: info.label,
            portText: info.portText,
            ...(url ? { url } : {}),
            ...(service ? { service } : {}),
        });
    }
    return aliases;
}
/**
 * The libpq service an alias names: OPTIONS['service'] (Django 4+ passes it on; psycopg drops a None), else
 * PGSERVICE. Then the section libpq reads, when the tree shows the file (see service-file.ts for libpq's order):
 * PGSERVICEFILE (or OPTIONS['servicefile'], libpq 18) naming a file of the tree, else ~/.pg_service.conf, which no
 * tree shows; then PGSYSCONFDIR/pg_service.conf. A pg_service.conf the tree holds that nothing names is only a
 * candidate: the image may or may not put it where libpq looks.
 */
function serviceOf(options, pgEnv, ctx) {
    const v = options.get("service");
    let use;
    if (v && v.kind !== "none") {
        const name = asString(v) ?? null;
        use = {
            name,
            via: "OPTIONS",
            ...(v.origin ? { origin: v.origin } : {}),
            ...(name === null ? { unknownReason: v.kind === "unknown" ? v.reason : `it is ${describe(v)}` } : {}),
        };
    }
    else {
        const env = pgEnv.get("PGSERVICE");
        if (!env)
            return undefined;
        use = { name: env.value, via: "PGSERVICE", ...(env.origin ? { origin: env.origin } : {}) };
    }
    const files = ctx?.files ?? [];
    const inFile = (path) => files.find((f) => f.file === path);
    const fileOption = options.get("servicefile");
    const named = fileOption && asString(fileOption) !== undefined
        ? { value: asString(fileOption), how: "OPTIONS['servicefile']" }
        : (() => {
            const e = pgEnv.get("PGSERVICEFILE");
            return e
                ? {
                    value: e.value,
                    how: `PGSERVICEFILE=${e.value}${e.origin ? ` (${e.origin.file}:${e.origin.line})` : ""}`,
                }
                : undefined;
        })();
    const sysconf = pgEnv.get("PGSYSCONFDIR");
    const sysconfPath = sysconf
        ? ctx?.treePath(`${sysconf.value.replace(/\/+$/, "")}/pg_service.conf`)
        : undefined;
    const userPath = named ? ctx?.treePath(named.value) : undefined;
    const name = use.name;
    let resolved;
    let unresolved;
    if (name === null)
        unresolved = `the service name is computed at run time (${use.unknownReason})`;
    else if (!named)
        unresolved = `PGSERVICEFILE is not set, so libpq reads ~/.pg_service.conf, then ${sysconf ? `${sysconf.value}/pg_service.conf (PGSYSCONFDIR)` : "the compiled-in sysconfdir's pg_service.conf"}: no file the tree shows`;
    else if (!userPath || !inFile(userPath))
        unresolved = `${named.how} names a file the tree does not hold`;
    else {
        const user = inFile(userPath);
        const sys = inFile(sysconfPath);
        const inUser = user.sections.get(name);
        const inSys = sys?.sections.get(name);
        if (inUser)
            resolved = { file: user.file, section: inUser, how: named.how };
        else if (user.truncated)
            unresolved = `${user.file} was not read to the end (${user.truncated})`;
        else if (inSys && sys)
            resolved = {
                file: sys.file,
                section: inSys,
                how: `PGSYSCONFDIR=${sysconf?.value} (${name} is not in ${user.file})`,
            };
        else
            unresolved = `section [${name}] is not in ${user.file} (${named.how}); libpq then reads ${sysconf ? `${sysconf.value}/pg_service.conf` : "the compiled-in sysconfdir's pg_service.conf"}, which the tree does not show`;
    }
    const candidates = [];
    for (const f of files)
        for (const section of f.sections.values())
            if ((name === null || section.name === name) && section !== resolved?.section)
                candidates.push({ file: f.file, section });
    return { ...use, ...(resolved ? { resolved } : {}), ...(unresolved ? { unresolved } : {}), candidates };
}
function serviceWords(s) {
    return s.name === null
        ? `a libpq service whose name is computed at run time (${s.via === "OPTIONS" ? "OPTIONS['service']" : "PGSERVICE"})`
        : `libpq service '${s.name}' (${s.via === "OPTIONS" ? "OPTIONS['service']" : "PGSERVICE"})`;
}
/** Where the section of a resolved service stands in its file, as an Origin. */
function sectionOrigin(file, line) {
    return { file, line, column: 1 };
}
/**
 * A parameter the connection string does not set comes from the service's section when it has one (the service
 * file wins over PG* env); else PG* env or libpq's default as before. A service the tree does not resolve leaves it
 * unknown: unknown is not safe, never "unset = prefer".
 */
function fromService(p, key, s) {
    if (p.source !== "PGSSLMODE" && p.source !== "PGSSLROOTCERT" && p.source !== "default")
        return p;
    const r = s.resolved;
    if (r?.section.rejected)
        return {
            value: null,
            source: "unknown",
            origin: sectionOrigin(r.file, r.section.rejected.line),
            unknownReason: `the alias uses ${serviceWords(s)}, and libpq rejects line ${r.section.rejected.line} of ${r.file} (${r.section.rejected.reason}): every connection fails`,
        };
    if (r) {
        const e = r.section.entries.get(key);
        if (!e)
            return p;
        return { value: e.value, source: "service", origin: sectionOrigin(r.file, e.line) };
    }
    return {
        value: null,
        source: "unknown",
        ...(s.origin ? { origin: s.origin } : {}),
        unknownReason: `the alias uses ${serviceWords(s)}, whose section sets ${key} unless the connection does, and it cannot be resolved: ${s.unresolved}`,
    };
}
/** The host libpq dials for an alias with HOST empty that names a service: the section's, else unknown. */
function serviceHost(s, portText) {
    const r = s.resolved;
    if (r && !r.section.rejected) {
        const h = r.section.entries.get("host") ?? r.section.entries.get("hostaddr");
        if (!h)
            return {};
        const local = isLocalHost(h.value);
        const port = portText ?? r.section.entries.get("port")?.value ?? null;
        return {
            network: !local,
            hostClass: local ? "local" : "network",
            label: `${h.value}${port ? `:${port}` : ""} (from service '${s.name}', ${r.file}:${h.line})`,
            portText: port,
        };
    }
    return {
        network: true,
        hostClass: "unknown",
        label: `host of ${serviceWords(s)} (not resolved)`,
    };
}
function lostTo(why) {
    return { value: null, source: "unknown", origin: why.origin, unknownReason: why.reason };
}
/**
 * A whole URL read from env whose default points at a local database: production sets the variable, and the URL
 * it sets carries its own ?sslmode=, so the default's (or libpq's) sslmode says nothing about production. Only
 * what the settings force after parsing (ssl_require, OPTIONS) still decides.
 */
function urlDecidesProduction(url, info, sslmode) {
    if (!url?.env || url.env.supplied || !url.env.hasDefault || info.hostClass !== "env")
        return false;
    return sslmode.source === "url" || sslmode.source === "default";
}
/** Why OPTIONS may hold keys the evaluator does not know, if it may. */
function openOf(options, alias) {
    if (options?.kind === "dict")
        return options.open;
    return options === undefined && alias.kind === "dict" ? alias.open : undefined;
}
/** An alias whose dict the evaluator could not follow: nothing about it is known, so nothing about it is safe. */
function unfollowedAlias(alias, value, origin, reason) {
    const lost = { value: null, source: "unknown", origin, unknownReason: reason };
    // A whole alias read from env with no default (decouple's config("DATABASE_URL", cast=db_url)): the deployment's.
    const env = value.env && !value.env.supplied ? value.env : undefined;
    const where = env ? fromDeployment(env, "", null) : undefined;
    return {
        alias,
        engine: null,
        family: "unknown",
        value,
        origin,
        host: undefined,
        port: undefined,
        password: undefined,
        options: new Map(),
        connMaxAge: undefined,
        sslmode: lost,
        sslrootcert: lost,
        network: true,
        hostClass: where ? "env" : "unknown",
        ...(where?.hostVariable ? { hostVariable: where.hostVariable } : {}),
        hostLabel: where?.label ?? "unknown host",
        portText: null,
        unknownValue: { reason, origin },
    };
}
/** PG* variables: supplied values win over the env files found in the tree. */
export function pgEnvironment(supplied, envFiles) {
    return {
        get(name) {
            const s = supplied.get(name);
            const from = supplied.sources?.get(name);
            if (s !== undefined)
                return { value: s, supplied: true, ...(from ? { origin: from.origin, from } : {}) };
            for (const f of envFiles) {
                const e = f.vars.get(name);
                if (e)
                    return { value: e.value, origin: e.origin, supplied: false };
            }
            return undefined;
        },
    };
}
//# sourceMappingURL=databases.js.map