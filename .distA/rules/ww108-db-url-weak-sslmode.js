import { ruleMeta } from "../core/catalog.js";
import { redactSecrets } from "../core/redact.js";
import { parseDatabaseUrl } from "../django/database-url.js";
import { isLocalHost } from "../django/databases.js";
import { loc, PG_SCHEMES } from "./helpers.js";
import { scanRule } from "./kinds.js";
/** What each weak sslmode lets a man-in-the-middle do, and how bad that is (as WW101-WW103). */
const WEAK = {
    disable: {
        severity: "critical",
        attack: "the password and every query cross the network in plaintext for anyone on the path to read or alter",
    },
    allow: {
        severity: "critical",
        attack: "libpq tries plaintext first, so the password and every query cross the network readable to anyone on the path",
    },
    prefer: {
        severity: "high",
        attack: "an attacker who answers 'N' to the TLS request gets the password and every query in plaintext",
    },
    require: {
        severity: "high",
        attack: "the server certificate is not checked, so an attacker with any certificate receives the password",
    },
};
/**
 * True when the alias rules (WW101-WW107) already judge this literal: it is the URL an alias was built from
 * (same file and line as the alias's URL source), or the same URL text reached the settings through a supplied
 * env var (--env-file). One mistake is then reported once, on the alias.
 */
function judgedByAliasRules(model, lit) {
    for (const view of model.views) {
        for (const alias of view.databases) {
            const u = alias.url;
            if (!u)
                continue;
            const text = u.url?.trim();
            const sameText = text !== undefined && (text === lit.url || text.startsWith(lit.url));
            const sameLine = u.origin.file === lit.origin.file && u.origin.line === lit.origin.line;
            // A supplied env value replaces the literal default written on that line: the literal is not what was judged.
            if (sameLine && (sameText || !u.env?.supplied))
                return true;
            // Supplied by --env-file: reported on the alias. Set by a deployment file of the tree: that file is where the
            // fix goes, so the literal is reported there too.
            if (u.env?.supplied && !u.env.from && sameText)
                return true;
        }
    }
    return false;
}
/** The URL with its sslmode set to verify-full (and a root certificate named), redacted. */
function fixedUrl(url, hasRootCert) {
    const redacted = redactSecrets(url, { url: true });
    const q = redacted.indexOf("?");
    const base = q >= 0 ? redacted.slice(0, q) : redacted;
    const params = (q >= 0 ? redacted.slice(q + 1) : "").split("&").filter((p) => p && !/^sslmode=/i.test(p));
    params.push("sslmode=verify-full");
    if (!hasRootCert)
        params.push("sslrootcert=/path/to/ca.crt");
    return `${base}?${params.join("&")}`;
}
export const ww108 = scanRule({
    meta: ruleMeta("WW108"),
    check(model) {
        const hits = [];
        for (const lit of model.urlLiterals) {
            const parsed = parseDatabaseUrl(lit.url);
            if (!parsed || !PG_SCHEMES.has(parsed.scheme))
                continue;
            // libpq takes ?host=… when the authority has none (postgres:///db?host=/var/run/postgresql is a socket).
            const host = parsed.host !== "" ? parsed.host : (parsed.options.get("host") ?? "");
            if (isLocalHost(host))
                continue;
            const written = parsed.options.get("sslmode");
            const mode = written === undefined || written === "" ? "prefer" : written;
            const weak = WEAK[mode];
            if (!weak)
                continue; // verify-ca/verify-full, or a value libpq rejects outright
            if (judgedByAliasRules(model, lit))
                continue;
            const rootCert = parsed.options.get("sslrootcert");
            const modeText = written ? `sslmode=${written}` : "no sslmode (libpq default 'prefer')";
            const notes = [
                `${lit.context} ${lit.origin.file}`,
                `URL ${redactSecrets(lit.url, { url: true })}`,
                `host ${host}`,
                written ? `sslmode ${written} (from the URL's query string)` : "sslmode absent: libpq uses 'prefer'",
            ];
            if (mode === "require" && rootCert)
                notes.push(`sslrootcert is set, so libpq checks the chain (as verify-ca) but never the host name`);
            hits.push({
                severity: weak.severity,
                message: `database URL in ${lit.origin.file} for network host ${host} has ${modeText}: ${weak.attack}`,
                location: loc(lit.origin),
                evidence: notes.join("; "),
                fix: `change the URL to ${fixedUrl(lit.url, rootCert !== undefined && rootCert !== "")}`,
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww108-db-url-weak-sslmode.js.map