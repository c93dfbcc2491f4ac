import { ruleMeta } from "../core/catalog.js";
import { isDevelopmentModule } from "../django/project.js";
import { describe } from "../python/value.js";
import { envAssignments } from "./env-helpers.js";
import { aliasContext, loc, networkPgAliases } from "./helpers.js";
import { scanRule } from "./kinds.js";
import { looseDatabaseUrls, unitOf } from "./libpq-helpers.js";
const LIBPQ_KEYLOG = "libpq 18 appends the TLS secrets of every connection to that file, and anyone who can read it (a shared volume, a log shipper, a support bundle, the image) decrypts captured database traffic: the password and every query and result (libpq 17 and older do not know the option and refuse to connect)";
/**
 * What an OPTIONS/URL sslkeylogfile amounts to, in words; undefined when libpq gets no file name. An empty string
 * and a literal None (psycopg drops it) are no file. A value read from env or computed at run time is not taken to
 * be empty: unknown is not safe, and the key exists in OPTIONS only to be set somewhere.
 */
function keylogTarget(v) {
    if (!v)
        return undefined;
    const env = v.env;
    switch (v.kind) {
        case "str":
        case "path":
            if (v.value.trim() === "")
                return undefined;
            return env
                ? `'${v.value}' (from env ${env.variable}, ${env.supplied ? "supplied" : "its default in the code"})`
                : `'${v.value}'`;
        case "none":
            return env && !env.supplied
                ? `from env ${env.variable}, which is not set here: whenever the deployment sets it`
                : undefined;
        case "unknown":
            return `computed at run time (${v.reason}): whenever that gives a file name`;
        default:
            return describe(v);
    }
}
/**
 * Whether an env file or deployment file is the developers' own, judged as settings modules are (WW301, WW307):
 * by its path (`.env.local`, `docker-compose.dev.yml`, `tests/`, `k8s/dev/`, an `.example`), or by the settings
 * module the service it configures runs (DJANGO_SETTINGS_MODULE=….dev). Anything else may be production.
 */
function developmentFile(model, file, unit) {
    if (isDevelopmentModule("", file))
        return true;
    const units = unit ? [unit] : model.deploy.units.filter((u) => u.envFiles.includes(file)).map((u) => u.key);
    if (units.length === 0)
        return false;
    return units.every((key) => {
        const dsm = model.deploy.env.find((e) => e.unit === key && e.variable === "DJANGO_SETTINGS_MODULE");
        return dsm !== undefined && isDevelopmentModule(dsm.value);
    });
}
/** Development and template settings get information, as the HTTPS rules give them; elsewhere the catalog's high. */
const graded = (development) => (development ? { severity: "info" } : {});
export const ww117 = scanRule({
    meta: ruleMeta("WW117"),
    check(model) {
        const hits = [];
        // A local socket or loopback connection never crosses a network where it could be captured.
        for (const { view, alias } of networkPgAliases(model)) {
            const v = alias.options.get("sslkeylogfile");
            const target = keylogTarget(v);
            if (!v || !target)
                continue;
            const inUrl = v.via === "URL query string";
            hits.push({
                ...aliasContext(view, alias),
                ...graded(view.development || view.template === true),
                message: `database alias '${alias.alias}' sets sslkeylogfile ${target} ${inUrl ? "in its database URL" : "in OPTIONS"}: ${LIBPQ_KEYLOG}`,
                location: (loc(v.origin) ?? loc(alias.origin)),
                evidence: `sslkeylogfile ${target}; ${inUrl ? "from the URL's query string" : "OPTIONS"}; host ${alias.hostLabel}${view.development ? "; development settings module" : view.template ? "; settings template" : ""}`,
                fix: inUrl
                    ? "remove sslkeylogfile=… from the database URL (keep key logging to a developer's own machine when debugging TLS)"
                    : `remove 'sslkeylogfile' from DATABASES['${alias.alias}']['OPTIONS'] (keep key logging to a developer's own machine when debugging TLS)`,
            });
        }
        for (const u of looseDatabaseUrls(model)) {
            const file = u.parsed.options.get("sslkeylogfile");
            if (file === undefined || file.trim() === "")
                continue;
            // A settings template (`.j2`, `{{ }}`) is what a deployment renders from: like development, information.
            const dev = u.where.startsWith("settings template") ||
                developmentFile(model, u.origin.file, u.assignment ? unitOf(model, u.assignment) : undefined);
            hits.push({
                ...graded(dev),
                message: `database URL in ${u.where} for host ${u.parsed.host} has sslkeylogfile=${file}: ${LIBPQ_KEYLOG}`,
                location: loc(u.origin),
                evidence: `${u.origin.file}:${u.origin.line} (${u.where}); sslkeylogfile ${file}${dev ? "; a development file" : ""}`,
                fix: `remove sslkeylogfile=… from the URL in ${u.origin.file}`,
            });
        }
        for (const a of envAssignments(model)) {
            if (a.variable !== "SSLKEYLOGFILE" || a.value.trim() === "")
                continue;
            const dev = developmentFile(model, a.origin.file, unitOf(model, a));
            // compose and Docker fill `${VAR}` in at deploy time: not known here, and not taken to be empty.
            const filled = /\$/.test(a.value) && a.context !== "env file";
            hits.push({
                ...graded(dev),
                message: `SSLKEYLOGFILE=${a.value} in ${a.context} ${a.origin.file}${filled ? " (filled in at deploy time; whenever it is not empty)" : ""}: Python's ssl module (ssl.create_default_context: requests, urllib3, httpx, smtplib, asyncpg…) and other TLS clients started with it append every session's secrets to that file, and anyone who can read it decrypts their captured traffic; libpq itself reads only its sslkeylogfile parameter, not this variable`,
                location: loc(a.origin),
                evidence: `SSLKEYLOGFILE=${a.value} (${a.context} ${a.origin.file}:${a.origin.line})${dev ? "; a development file or service" : ""}`,
                fix: `remove SSLKEYLOGFILE from ${a.origin.file} (set it only in a developer's own shell when debugging TLS)`,
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww117-db-tls-keylog-enabled.js.map