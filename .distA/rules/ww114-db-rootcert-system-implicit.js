import { ruleMeta } from "../core/catalog.js";
import { envAssignments } from "./env-helpers.js";
import { aliasContext, loc, networkPgAliases, paramLocation, sslmodeEvidence } from "./helpers.js";
import { scanRule } from "./kinds.js";
import { aliasLibpqInputs, envSiblings, looseDatabaseUrls, majorsText, outcomesByMajor, urlLibpqParams, } from "./libpq-helpers.js";
/** libpq never reads a file named "system" (there is none); every other path is for the caller to say. */
const noSystemFile = (path) => (path === "system" ? false : undefined);
const FIX = "set 'sslmode': 'verify-full' explicitly next to sslrootcert=system";
/** What the tree says about which libpq the project loads, when it says anything (the driver, the base image). */
function libpqEvidence(model) {
    const lines = model.libpq?.evidence ?? [];
    if (lines.length === 0)
        return "the tree does not say which libpq the project loads";
    return `the tree points to ${majorsText(model.libpq.majors)}: ${lines
        .slice(0, 3)
        .map((e) => `${e.text} (${e.location.file}:${e.location.line})`)
        .join(", ")}`;
}
/** The tree names only a libpq that reads "system" as a file (a bookworm image with psycopg2 from source, …). */
function onlyOld(model) {
    const facts = model.libpq;
    return facts !== undefined && facts.evidence.length > 0 && facts.majors.every((m) => m === 15);
}
/**
 * The severity and words for sslrootcert=system with the given inputs: explicit verify-full is information (libpq ≤
 * 15 fails closed, 16+ verifies); a mode that lets any major in is high; one that no major connects with at all is
 * an outage (medium).
 */
function judge(client, explicitVerifyFull) {
    const { text, through } = outcomesByMajor(client);
    if (through.length > 0)
        return { severity: "high", text, through };
    return { severity: explicitVerifyFull ? "info" : "medium", text, through };
}
const LIBPQ15 = "libpq ≤ 15 (Debian 12's libpq5, psycopg2 built from source, psycopg's C or pure-Python build on such a system) reads 'system' as a file name, and no such file exists";
export const ww114 = scanRule({
    meta: ruleMeta("WW114"),
    check(model) {
        const hits = [];
        const usedAssignments = new Set();
        for (const { view, alias } of networkPgAliases(model)) {
            const root = alias.sslrootcert;
            if (root.value !== "system")
                continue;
            if (root.source === "PGSSLROOTCERT" && root.origin)
                usedAssignments.add(`${root.origin.file}:${root.origin.line}`);
            const mode = alias.sslmode;
            const where = root.source === "url"
                ? "in its URL"
                : root.source === "PGSSLROOTCERT"
                    ? "from PGSSLROOTCERT"
                    : "in OPTIONS";
            const base = {
                ...aliasContext(view, alias),
                location: paramLocation(alias, root),
                fix: fixFor(alias, root),
            };
            if (mode.source === "unknown") {
                // Unknown is not safe: a mode computed at run time is not taken to be verify-full.
                hits.push({
                    ...base,
                    severity: "high",
                    message: `database alias '${alias.alias}' sets sslrootcert=system ${where} while its sslmode is computed at run time (${mode.unknownReason ?? "not known"}): unless that gives verify-full, ${LIBPQ15}, so it verifies nothing; ${FIX}`,
                    evidence: `${sslmodeEvidence(alias)}; ${libpqEvidence(model)}`,
                });
                continue;
            }
            const client = {
                ...aliasLibpqInputs(alias),
                homeRootCert: undefined,
                fileExists: noSystemFile,
            };
            const verdict = judge(client, mode.value === "verify-full");
            const modeWords = mode.source === "default" ? "no sslmode (libpq's default 'prefer')" : `sslmode '${mode.value}'`;
            hits.push({
                ...base,
                severity: verdict.severity,
                ...(verdict.through.length === 0 ? { failsClosed: true } : {}),
                message: verdict.severity === "info"
                    ? `database alias '${alias.alias}' sets sslrootcert=system ${where} with an explicit sslmode 'verify-full': libpq 16+ verifies against the system's trusted roots, and ${LIBPQ15}, so it refuses to connect (fails closed); ${onlyOld(model) ? "the tree points to libpq ≤ 15 only, so every connection will fail: load libpq 16 or newer (a psycopg[binary] or psycopg2-binary wheel bundles one)" : "make sure production loads libpq 16 or newer"}`
                    : `database alias '${alias.alias}' sets sslrootcert=system ${where} with ${modeWords}, not an explicit verify-full: ${verdict.through.includes(15) ? `${LIBPQ15}. ` : ""}${verdict.text}; ${FIX}`,
                evidence: `${sslmodeEvidence(alias)}; sslrootcert system (${root.source}); ${libpqEvidence(model)}`,
            });
        }
        for (const a of envAssignments(model)) {
            if (a.variable !== "PGSSLROOTCERT" || a.value !== "system")
                continue;
            if (usedAssignments.has(`${a.origin.file}:${a.origin.line}`))
                continue;
            const modeVar = envSiblings(model, a).find((x) => x.variable === "PGSSLMODE");
            const client = {
                params: {},
                env: { PGSSLROOTCERT: "system", ...(modeVar ? { PGSSLMODE: modeVar.value } : {}) },
                homeRootCert: undefined,
                fileExists: noSystemFile,
            };
            const verdict = judge(client, modeVar?.value === "verify-full");
            const modeWords = modeVar ? `PGSSLMODE=${modeVar.value} beside it` : "no PGSSLMODE beside it";
            hits.push({
                severity: verdict.severity,
                ...(verdict.through.length === 0 ? { failsClosed: true } : {}),
                message: `PGSSLROOTCERT=system in ${a.context} ${a.origin.file} with ${modeWords} applies to every libpq client started with it that sets no sslmode of its own: ${verdict.severity === "info" ? "libpq 16+ verifies against the system's trusted roots; libpq ≤ 15 refuses to connect (fails closed)" : `${verdict.text}; ${FIX}`}`,
                location: loc(a.origin),
                evidence: `PGSSLROOTCERT=system (${a.context} ${a.origin.file}:${a.origin.line}); ${modeVar ? `PGSSLMODE=${modeVar.value} (${modeVar.origin.file}:${modeVar.origin.line})` : "PGSSLMODE not set there"}; ${libpqEvidence(model)}`,
                fix: `set PGSSLMODE=verify-full next to PGSSLROOTCERT=system in ${a.origin.file} (${FIX} in each alias's OPTIONS)`,
            });
        }
        for (const u of looseDatabaseUrls(model)) {
            if (u.parsed.options.get("sslrootcert") !== "system")
                continue;
            const params = urlLibpqParams(u.parsed);
            const client = { params, env: {}, homeRootCert: undefined, fileExists: noSystemFile };
            const verdict = judge(client, params.sslmode === "verify-full");
            hits.push({
                severity: verdict.severity,
                ...(verdict.through.length === 0 ? { failsClosed: true } : {}),
                message: `database URL in ${u.where} for host ${u.parsed.host} has sslrootcert=system with ${params.sslmode ? `sslmode=${params.sslmode}` : "no sslmode"}: ${verdict.severity === "info" ? "libpq 16+ verifies against the system's trusted roots; libpq ≤ 15 refuses to connect (fails closed)" : `${verdict.text}; ${FIX}`}`,
                location: loc(u.origin),
                evidence: `${u.origin.file}:${u.origin.line} (${u.where}); ${libpqEvidence(model)}`,
                fix: "put sslmode=verify-full in the URL's query next to sslrootcert=system",
            });
        }
        return hits;
    },
});
function fixFor(a, root) {
    const alias = a.alias;
    // dj-database-url's ssl_require=True rewrites the URL's sslmode to 'require' after parsing: a URL fix alone is lost.
    if (a.sslmode.source === "ssl_require")
        return `${FIX}: remove ssl_require=True from ${a.url?.parser ?? "dj_database_url"}(...) (it overwrites the URL's sslmode with 'require') and put sslmode=verify-full in the URL next to sslrootcert=system`;
    if (root.source === "url")
        return `${FIX}: add sslmode=verify-full to the URL's query (…?sslmode=verify-full&sslrootcert=system)`;
    if (root.source === "PGSSLROOTCERT")
        return `${FIX}: set PGSSLMODE=verify-full beside PGSSLROOTCERT=system, or 'sslmode': 'verify-full' in DATABASES['${alias}']['OPTIONS']`;
    return `${FIX} in DATABASES['${alias}']['OPTIONS']`;
}
//# sourceMappingURL=ww114-db-rootcert-system-implicit.js.map