import { suppliedWords } from "../python/env.js";
export function loc(o) {
    return o ? { file: o.file, line: o.line, column: o.column } : undefined;
}
/**
 * Every network alias of a PostgreSQL-family engine, per settings view: the aliases the channel rules judge. An
 * alias whose ENGINE the scan cannot know (computed, from a URL or env nobody supplied) is judged as PostgreSQL
 * too: the scan is for PostgreSQL-wire projects, and what libpq would do with its sslmode is the question
 * (evidence says "engine unknown"). A known other engine (MySQL, SQLite) is not judged.
 */
export function* networkPgAliases(model) {
    for (const view of model.views) {
        for (const alias of view.databases) {
            if (alias.network && (alias.family === "postgres" || alias.family === "unknown"))
                yield { view, alias };
        }
    }
}
/**
 * The alias's sslmode is its libpq service's doing: the section the tree resolves sets it, or sets none and libpq's
 * default applies. WW118 reports those; WW101–WW104 leave them to it, so one weakness is one finding.
 */
export function serviceDecidesSslmode(alias) {
    const s = alias.service;
    if (!s?.resolved)
        return false;
    return alias.sslmode.source === "service" || alias.sslmode.source === "default";
}
/**
 * The network PostgreSQL aliases whose sslmode the connection itself decides (OPTIONS, URL, PGSSLMODE, the
 * default): what WW101–WW104 judge. An alias whose resolved libpq service decides it is WW118's.
 */
export function* connectionSslmodeAliases(model) {
    for (const entry of networkPgAliases(model))
        if (!serviceDecidesSslmode(entry.alias))
            yield entry;
}
/** Module, alias, branch: what every alias finding carries. */
export function aliasContext(view, alias) {
    return { settingsModule: view.module, alias: alias.alias, condition: view.condition };
}
/** Where to point for an effective libpq value: where it was set, else the alias itself. */
export function paramLocation(alias, param) {
    return (loc(param.origin) ?? loc(alias.origin));
}
/** One line on where an effective sslmode came from, for evidence. */
export function sslmodeEvidence(alias) {
    const p = alias.sslmode;
    const from = p.source === "default"
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
function inFile(env) {
    const from = env?.supplied ? env.from : undefined;
    return from ? ` in ${from.origin.file}:${from.origin.line} (${from.where})` : "";
}
/** The exact change that makes an alias verify the server, worded for where its sslmode comes from. */
export function sslmodeFix(alias) {
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
export function setting(view, name) {
    return view.settings.get(name);
}
/** URL schemes that dj-database-url / django-environ map to a libpq-based (PostgreSQL or CockroachDB) engine. */
export const PG_SCHEMES = new Set([
    "postgres",
    "postgresql",
    "pgsql",
    "postgis",
    "cockroach",
    "cockroachdb",
]);
//# sourceMappingURL=helpers.js.map