import { ruleMeta } from "../core/catalog.js";
import { MASK, redactSecrets } from "../core/redact.js";
import { parseDatabaseUrl } from "../django/database-url.js";
import { aliasContext, loc } from "./helpers.js";
import { scanRule } from "./kinds.js";
/** `${X}`, `$X`, `<password>`, `{password}`, `%(password)s`, `****`: a stand-in, not a password. */
export function isPasswordPlaceholder(text) {
    const t = text.trim();
    return (/^\$\{[^}]*\}$/.test(t) ||
        /^\$[A-Za-z_][A-Za-z0-9_]*$/.test(t) ||
        /^<[^<>]*>$/.test(t) ||
        /^\{[^{}]*\}$/.test(t) ||
        /^%\([A-Za-z_][A-Za-z0-9_]*\)s$/.test(t) ||
        /^\*+$/.test(t));
}
/** A password the URL libraries parsed out of a URL: covered through the URL literal instead. */
function fromUrl(v) {
    return v.via !== undefined && /\bURL\b/.test(v.via);
}
const ATTACK = "anyone who can read the repository, its history, a backup or a built image can log in to the database as the application without intercepting anything";
function aliasCandidate(view, alias) {
    const v = alias.password;
    if (v?.kind !== "str" || v.value === "" || isPasswordPlaceholder(v.value))
        return undefined;
    if (fromUrl(v))
        return undefined;
    const from = v.env?.supplied ? v.env.from : undefined;
    if (from) {
        // A deployment file of the scanned tree sets it for the Django service: written in the repository all the same.
        const variable = v.env?.variable;
        return {
            origin: from.origin,
            view,
            alias,
            length: v.value.length,
            what: `PASSWORD comes from ${variable}, set by ${from.where}`,
            message: `the PASSWORD of database alias '${alias.alias}' is written in ${from.origin.file} (${variable} of ${from.where}): ${ATTACK}`,
            fix: `take ${variable} out of ${from.origin.file} and inject it from a secret store at deploy time (compose secrets, an external Kubernetes Secret); rotate the password: it stays in version history`,
        };
    }
    if (v.env?.supplied)
        return undefined; // supplied at scan time (--env-file, environment): not in a scanned file
    const origin = v.origin ?? alias.origin;
    const env = v.env;
    return {
        origin,
        view,
        alias,
        length: v.value.length,
        what: env
            ? `PASSWORD is the default of ${env.reader}("${env.variable}"), written in source (${env.variable} not supplied)`
            : "PASSWORD is a string literal",
        message: env
            ? `the PASSWORD of database alias '${alias.alias}' falls back to a password written in ${origin.file} when ${env.variable} is not set: ${ATTACK}`
            : `the PASSWORD of database alias '${alias.alias}' is written in ${origin.file}: ${ATTACK}`,
        fix: env
            ? `remove the default from ${env.reader}("${env.variable}", …) so the password must be supplied at run time, and rotate the password: it stays in version history`
            : `replace the literal with os.environ["DB_PASSWORD"] (no default) in DATABASES['${alias.alias}']['PASSWORD'], and rotate the password: it stays in version history`,
    };
}
/** The password a URL literal carries, in the authority or as `?password=`. */
function urlPassword(url) {
    const parsed = parseDatabaseUrl(url);
    if (!parsed)
        return undefined;
    for (const p of [parsed.password, parsed.options.get("password") ?? ""]) {
        if (p !== "" && !isPasswordPlaceholder(p))
            return p;
    }
    return undefined;
}
function urlCandidates(model, lit) {
    const password = urlPassword(lit.url);
    if (password === undefined)
        return [];
    const base = {
        origin: lit.origin,
        length: password.length,
        what: `URL ${redactSecrets(lit.url, { url: true })} (${lit.context}) carries a password`,
        message: `a database URL in ${lit.origin.file} carries its password: ${ATTACK}`,
        fix: lit.context === "env file"
            ? `keep ${lit.origin.file} out of version control and images (.gitignore, .dockerignore) and inject the URL from a secret store at deploy time; rotate the password if the file was ever committed`
            : `remove the password from the URL (scheme://user@host/db) and supply it through PGPASSWORD, a ~/.pgpass file or a secret store; rotate the password: it stays in version history`,
    };
    // A URL an alias was built from concerns that alias.
    const owners = [];
    for (const view of model.views) {
        for (const alias of view.databases) {
            const u = alias.url;
            if (!u || u.origin.file !== lit.origin.file || u.origin.line !== lit.origin.line)
                continue;
            if (u.url === null || !u.url.trim().startsWith(lit.url))
                continue;
            owners.push({
                ...base,
                view,
                alias,
                message: `the database URL of alias '${alias.alias}' in ${lit.origin.file} carries its password: ${ATTACK}`,
            });
        }
    }
    return owners.length > 0 ? owners : [base];
}
export const ww110 = scanRule({
    meta: ruleMeta("WW110"),
    check(model) {
        const candidates = [];
        for (const view of model.views) {
            for (const alias of view.databases) {
                const c = aliasCandidate(view, alias);
                if (c)
                    candidates.push(c);
            }
        }
        for (const lit of model.urlLiterals)
            candidates.push(...urlCandidates(model, lit));
        // One finding per file:line. The first candidate decides module, alias and wording; the same place seen in
        // other branches of that module is emitted identically, so the engine merges it and labels branches right.
        const chosen = new Map();
        const hits = [];
        for (const c of candidates) {
            const key = `${c.origin.file}:${c.origin.line}`;
            const first = chosen.get(key);
            if (!first)
                chosen.set(key, c);
            else if (first.view?.module !== c.view?.module || first.alias?.alias !== c.alias?.alias)
                continue;
            const lead = first ?? c;
            hits.push({
                ...(c.view && c.alias ? aliasContext(c.view, c.alias) : {}),
                message: lead.message,
                location: loc(lead.origin),
                evidence: `${lead.what}: ${MASK} (${lead.length} characters)`,
                fix: lead.fix,
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww110-db-password-in-source.js.map