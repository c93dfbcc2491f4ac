import { ruleMeta } from "../core/catalog.js";
import { envAssignments } from "./env-helpers.js";
import { aliasContext, loc, networkPgAliases } from "./helpers.js";
import { scanRule } from "./kinds.js";
/** libpq compares the value without regard to case; TLSv1.2 has been its default floor since PostgreSQL 13. */
const LEGACY = new Map([
    ["tlsv1", "TLS 1.0"],
    ["tlsv1.1", "TLS 1.1"],
]);
const RISK = "libpq will then complete a handshake on TLS 1.0/1.1 when the server (or whatever terminates TLS in front of it) offers no more: CBC suites with the BEAST/Lucky13 weaknesses and MD5/SHA-1 handshake hashes, where TLS 1.2 is libpq's floor by default";
export const ww116 = scanRule({
    meta: ruleMeta("WW116"),
    check(model) {
        const hits = [];
        for (const { view, alias } of networkPgAliases(model)) {
            const v = alias.options.get("ssl_min_protocol_version");
            if (v?.kind !== "str")
                continue;
            const version = LEGACY.get(v.value.trim().toLowerCase());
            if (!version)
                continue;
            hits.push({
                ...aliasContext(view, alias),
                message: `database alias '${alias.alias}' sets ssl_min_protocol_version '${v.value}': ${RISK}`,
                location: (loc(v.origin) ?? loc(alias.origin)),
                evidence: `ssl_min_protocol_version=${v.value} (${version} allowed)`,
                fix: `set 'ssl_min_protocol_version': 'TLSv1.2' (or remove it) in DATABASES['${alias.alias}']['OPTIONS'], and have the server refuse TLS below 1.2`,
            });
        }
        for (const a of envAssignments(model)) {
            if (a.variable !== "PGSSLMINPROTOCOLVERSION")
                continue;
            const version = LEGACY.get(a.value.trim().toLowerCase());
            if (!version)
                continue;
            hits.push({
                message: `PGSSLMINPROTOCOLVERSION=${a.value} in ${a.context} ${a.origin.file} applies to every libpq client started with it: ${RISK}`,
                location: loc(a.origin),
                evidence: `PGSSLMINPROTOCOLVERSION=${a.value} (${a.context} ${a.origin.file}:${a.origin.line}; ${version} allowed)`,
                fix: `set PGSSLMINPROTOCOLVERSION=TLSv1.2 (or remove it) in ${a.origin.file}`,
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww116-db-tls-min-version-weak.js.map