import { posix } from "node:path";
import { ruleMeta } from "../core/catalog.js";
import { isEnvFileName } from "../django/env-file.js";
import { LIBPQ_MAJORS, predictAttacks } from "../libpq/behaviour.js";
import { isSslmode, verifiesServer } from "../libpq/sslmode.js";
import { envAssignments } from "./env-helpers.js";
import { aliasContext, loc, networkPgAliases, paramLocation, sslmodeEvidence } from "./helpers.js";
import { scanRule } from "./kinds.js";
import { aliasLibpqInputs, envSiblings, forgedWords, looseDatabaseUrls, unexpandedForm, urlLibpqParams, } from "./libpq-helpers.js";
const FILE_PARAMS = ["sslrootcert", "sslcert", "sslkey"];
const ENV_OF = {
    sslrootcert: "PGSSLROOTCERT",
    sslcert: "PGSSLCERT",
    sslkey: "PGSSLKEY",
};
function loaderOf(model, file, context) {
    if (context === "Dockerfile ENV" || context?.startsWith("compose service"))
        return "interpolating";
    if (model.deploy.units.some((u) => u.envFiles.includes(file)))
        return "interpolating";
    const base = posix.basename(file);
    if (/^(Dockerfile|Containerfile)(\..*)?$|\.dockerfile$/i.test(base))
        return "interpolating";
    if (/^(docker-)?compose[^/]*\.ya?ml$/i.test(base))
        return "interpolating";
    if (context !== undefined && context !== "env file")
        return "kubernetes";
    return /\.(ya?ml|json)$/i.test(base) ? "kubernetes" : "literal";
}
/** The grade: weaker than no path at all where libpq would otherwise check a root file; an outage under verify-*. */
function severityFor(mode, unknownMode) {
    if (unknownMode)
        return "high"; // unknown is not safe: not taken to be verify-*
    // Without TLS libpq opens none of these files; WW102 reports what matters there.
    if (mode === "disable" || !isSslmode(mode))
        return undefined;
    return verifiesServer(mode) ? "medium" : "high";
}
/** What libpq then does, for this parameter and mode, in words. */
function consequence(param, value, mode, modeWords, unknownMode) {
    const verify = mode !== null && isSslmode(mode) && verifiesServer(mode);
    if (param === "sslrootcert") {
        const turnsOff = "an explicit sslrootcert that does not exist also turns off ~/.postgresql/root.crt";
        const open = `${turnsOff}, so with ${modeWords} libpq checks no certificate at all, weaker than naming no file: an attacker with any certificate receives the password`;
        if (unknownMode)
            return `${turnsOff}: unless that sslmode is verify-ca/verify-full (then every connection fails), libpq checks no certificate at all, weaker than naming no file, and an attacker with any certificate receives the password`;
        return verify
            ? `with ${modeWords} libpq refuses every connection (root certificate file "${value}" does not exist): it fails closed, an outage, and weakening sslmode is the usual quick "fix"`
            : open;
    }
    const lost = param === "sslcert"
        ? "libpq finds no client certificate and sends none"
        : "libpq cannot open the client key: with the certificate present it refuses to connect, and without it sends no certificate";
    if (verify)
        return `${lost}; a login that needs the certificate fails (an outage)`;
    return `${lost}; where the server then takes a password (CockroachDB's cert-password, PgBouncer) the login falls back to one, and with ${modeWords} an attacker with any certificate receives it; elsewhere every login fails`;
}
/** For sslrootcert, the libpq model's own words: a forged certificate with this path, and without it. */
function modelEvidence(param, client) {
    if (param !== "sslrootcert")
        return "";
    const major = LIBPQ_MAJORS[LIBPQ_MAJORS.length - 1] ?? 18;
    const withPath = predictAttacks(major, { ...client, homeRootCert: true, fileExists: () => false });
    const { sslrootcert: _p, ...params } = client.params;
    const { PGSSLROOTCERT: _e, ...env } = client.env;
    const without = predictAttacks(major, { params, env, homeRootCert: true, fileExists: () => undefined });
    return `; libpq ${major} with ~/.postgresql/root.crt present: a forged certificate is ${forgedWords(withPath.forge.outcome)} (${withPath.forge.why}); without this sslrootcert it is ${forgedWords(without.forge.outcome)} (${without.forge.why})`;
}
const py = (s) => JSON.stringify(s);
/** os.path.expanduser for `~`, os.path.expandvars for the rest ($VAR, ${VAR}, and %VAR% on Windows). */
function expanded(value) {
    return value.trim().startsWith("~")
        ? `os.path.expanduser(${py(value)})`
        : `os.path.expandvars(${py(value)})`;
}
const FIX_WORDS = "wrap it in os.path.expandvars(...)/os.path.expanduser(...) in the settings, or use an absolute path";
export const ww115 = scanRule({
    meta: ruleMeta("WW115"),
    check(model) {
        const hits = [];
        const usedAssignments = new Set();
        for (const { view, alias } of networkPgAliases(model)) {
            const mode = alias.sslmode;
            const unknownMode = mode.source === "unknown";
            const severity = severityFor(mode.value, unknownMode);
            if (!severity)
                continue;
            const modeWords = unknownMode
                ? "an sslmode computed at run time"
                : mode.source === "default"
                    ? "no sslmode (libpq's default 'prefer')"
                    : `sslmode '${mode.value}'`;
            for (const param of FILE_PARAMS) {
                const found = param === "sslrootcert" ? fromEffective(alias.sslrootcert) : fromOption(alias.options.get(param));
                if (!found)
                    continue;
                const form = unexpandedForm(found.value, loaderOf(model, found.file, found.context));
                if (!form)
                    continue;
                if (param === "sslrootcert" && alias.sslrootcert.source === "PGSSLROOTCERT" && found.origin)
                    usedAssignments.add(`${found.origin.file}:${found.origin.line}`);
                const where = found.via === "url" ? "in its URL" : found.via === "env" ? `from ${ENV_OF[param]}` : "in OPTIONS";
                hits.push({
                    ...aliasContext(view, alias),
                    severity,
                    ...(severity === "high" ? {} : { failsClosed: true }),
                    message: `database alias '${alias.alias}' sets ${param} '${found.value}' ${where}: libpq does not expand ${form}${dotenvNote(form, found.file, found.context)}, so it looks for a file by that literal name, which never exists; ${consequence(param, found.value, mode.value, modeWords, unknownMode)}`,
                    location: param === "sslrootcert"
                        ? paramLocation(alias, alias.sslrootcert)
                        : (loc(found.origin) ?? loc(alias.origin)),
                    evidence: `${param} ${found.value} (${found.via}${found.env ? `, env ${found.env}` : ""}); ${sslmodeEvidence(alias)}${modelEvidence(param, aliasLibpqInputs(alias))}`,
                    fix: `${FIX_WORDS}: ${found.via === "url"
                        ? `write the absolute path into the URL (dj-database-url and django-environ pass it on as written), or after parsing set DATABASES['${alias.alias}']['OPTIONS']['${param}'] = ${expanded(found.value)}`
                        : found.via === "env"
                            ? `set ${ENV_OF[param]} to the absolute path${found.origin ? ` in ${found.origin.file}` : ""}, or set DATABASES['${alias.alias}']['OPTIONS']['${param}'] = ${expanded(found.value)}`
                            : `'${param}': ${expanded(found.value)} in DATABASES['${alias.alias}']['OPTIONS']`}`,
                });
            }
        }
        for (const a of envAssignments(model)) {
            const param = FILE_PARAMS.find((p) => ENV_OF[p] === a.variable);
            if (!param || usedAssignments.has(`${a.origin.file}:${a.origin.line}`))
                continue;
            const form = unexpandedForm(a.value, loaderOf(model, a.origin.file, a.context));
            if (!form)
                continue;
            const modeVar = envSiblings(model, a).find((x) => x.variable === "PGSSLMODE");
            const severity = severityFor(modeVar?.value ?? "prefer", false);
            if (!severity)
                continue;
            const modeWords = modeVar
                ? `PGSSLMODE=${modeVar.value}`
                : "no PGSSLMODE beside it (libpq's default 'prefer')";
            hits.push({
                severity,
                ...(severity === "high" ? {} : { failsClosed: true }),
                message: `${a.variable}=${a.value} in ${a.context} ${a.origin.file} applies to every libpq client started with it: libpq does not expand ${form}${dotenvNote(form, a.origin.file, a.context)}, so it looks for a file by that literal name, which never exists; ${consequence(param, a.value, modeVar?.value ?? "prefer", modeWords, false)}`,
                location: loc(a.origin),
                evidence: `${a.variable}=${a.value} (${a.context} ${a.origin.file}:${a.origin.line}); ${modeVar ? `PGSSLMODE=${modeVar.value} (${modeVar.origin.file}:${modeVar.origin.line})` : "PGSSLMODE not set there"}${modelEvidence(param, { params: {}, env: { [a.variable]: a.value, ...(modeVar ? { PGSSLMODE: modeVar.value } : {}) } })}`,
                fix: `${FIX_WORDS}: set ${a.variable} to the absolute path in ${a.origin.file}`,
            });
        }
        for (const u of looseDatabaseUrls(model)) {
            const loader = loaderOf(model, u.origin.file, u.assignment?.context);
            const params = urlLibpqParams(u.parsed);
            const mode = params.sslmode ?? "prefer";
            const severity = severityFor(mode, false);
            if (!severity)
                continue;
            const modeWords = params.sslmode
                ? `sslmode=${params.sslmode}`
                : "no sslmode (libpq's default 'prefer')";
            for (const param of FILE_PARAMS) {
                const value = u.parsed.options.get(param);
                const form = value === undefined ? undefined : unexpandedForm(value, loader);
                if (value === undefined || !form)
                    continue;
                hits.push({
                    severity,
                    ...(severity === "high" ? {} : { failsClosed: true }),
                    message: `database URL in ${u.where} for host ${u.parsed.host} has ${param}=${value}: libpq does not expand ${form}, and neither do dj-database-url or django-environ${dotenvNote(form, u.origin.file, u.assignment?.context)}, so libpq looks for a file by that literal name, which never exists; ${consequence(param, value, mode, modeWords, false)}`,
                    location: loc(u.origin),
                    evidence: `${u.origin.file}:${u.origin.line} (${u.where}); ${param} ${value}; ${modeWords}${modelEvidence(param, { params: { ...params, [param]: value }, env: {} })}`,
                    fix: `${FIX_WORDS}: write the absolute path into the URL in ${u.origin.file}, or expand it in the settings after parsing (DATABASES['default']['OPTIONS']['${param}'] = ${expanded(value)})`,
                });
            }
        }
        return hits;
    },
});
/** python-dotenv's load_dotenv (not django-environ's read_env, not libpq) expands `${VAR}` in a .env file. */
function dotenvNote(form, file, context) {
    const envFile = context === "env file" || (context === undefined && isEnvFileName(posix.basename(file)));
    return envFile && form.startsWith("${")
        ? " (python-dotenv's load_dotenv would expand this form; django-environ's read_env, systemd and libpq do not)"
        : "";
}
/** `DB_CERT, supplied` / `DB_CERT not supplied: the default in the code`. */
function envWords(env) {
    return env.supplied ? `${env.variable}, supplied` : `${env.variable} not supplied: the default in the code`;
}
function fromEffective(p) {
    if (p.value === null || p.source === "default" || p.source === "unknown")
        return undefined;
    const from = p.env?.supplied ? p.env.from : undefined;
    const file = from?.origin.file ?? p.origin?.file ?? "";
    return {
        value: p.value,
        ...(p.origin ? { origin: p.origin } : {}),
        file,
        ...(from ? { context: from.where } : {}),
        via: p.source === "url" ? "url" : p.source === "PGSSLROOTCERT" ? "env" : "OPTIONS",
        ...(p.env ? { env: envWords(p.env) } : {}),
    };
}
function fromOption(v) {
    if (v?.kind !== "str")
        return undefined;
    const from = v.env?.supplied ? v.env.from : undefined;
    return {
        value: v.value,
        ...(v.origin ? { origin: v.origin } : {}),
        file: from?.origin.file ?? v.origin?.file ?? "",
        ...(from ? { context: from.where } : {}),
        via: v.via === "URL query string" ? "url" : "OPTIONS",
        ...(v.env ? { env: envWords(v.env) } : {}),
    };
}
//# sourceMappingURL=ww115-db-rootcert-path-unexpanded.js.map