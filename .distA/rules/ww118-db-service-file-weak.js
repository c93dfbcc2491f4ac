import { ruleMeta } from "../core/catalog.js";
import { aliasContext, loc, networkPgAliases, serviceDecidesSslmode } from "./helpers.js";
import { scanRule } from "./kinds.js";
import { sslmodeGrade } from "./libpq-helpers.js";
const FIX_WORDS = "sslmode=verify-full and sslrootcert=/path/to/ca.crt";
function serviceWords(s) {
    const via = s.via === "OPTIONS" ? "OPTIONS['service']" : "PGSERVICE";
    const at = s.origin ? `, ${s.origin.file}:${s.origin.line}` : "";
    return s.name === null
        ? `a libpq service whose name is computed at run time (${via}${at})`
        : `libpq service '${s.name}' (${via}${at})`;
}
/** What a section says of sslmode: its value and line, or libpq's default when it sets none. */
function sectionMode(section) {
    const e = section.entries.get("sslmode");
    return e
        ? { mode: e.value, line: e.line, words: `sets sslmode '${e.value}'` }
        : { mode: "prefer", line: section.line, words: "sets no sslmode, so libpq uses 'prefer'" };
}
function fixFor(alias, file, section) {
    return `set ${FIX_WORDS} in section [${section.name}] of ${file}, or set DATABASES['${alias.alias}']['OPTIONS'] = {'sslmode': 'verify-full', 'sslrootcert': '/path/to/ca.crt'} (the connection's own parameters win over the service file)`;
}
/** Most candidate sections reported for one alias whose service the tree does not resolve. */
const MAX_CANDIDATES = 5;
export const ww118 = scanRule({
    meta: ruleMeta("WW118"),
    check(model) {
        const hits = [];
        for (const { view, alias } of networkPgAliases(model)) {
            const s = alias.service;
            if (!s)
                continue;
            // The connection's own sslmode (OPTIONS, URL query, ssl_require) wins over any service file.
            const own = alias.options.get("sslmode");
            if (own !== undefined && own.kind !== "none")
                continue;
            const r = s.resolved;
            if (r) {
                // Resolved: the alias's effective sslmode is the section's (or the default it leaves); PGSSLMODE, when the
                // section sets none, is WW101–WW103's and WW112's.
                if (!serviceDecidesSslmode(alias) || alias.sslmode.value === null)
                    continue;
                const grade = sslmodeGrade(alias.sslmode.value);
                if (!grade)
                    continue;
                const m = sectionMode(r.section);
                hits.push({
                    ...aliasContext(view, alias),
                    severity: grade.severity,
                    message: `database alias '${alias.alias}' uses ${serviceWords(s)}, whose section [${r.section.name}] in ${r.file} ${m.words}: ${grade.risk}`,
                    location: loc({ file: r.file, line: m.line, column: 1 }),
                    evidence: `service file ${r.file} found through ${r.how}; section [${r.section.name}] at line ${r.section.line}; effective sslmode ${alias.sslmode.value} (${alias.sslmode.source === "service" ? `service file, line ${m.line}` : "libpq default: neither the connection, the section nor PGSSLMODE sets one"}); host ${alias.hostLabel}`,
                    fix: fixFor(alias, r.file, r.section),
                });
                continue;
            }
            // Not resolved: no guess. Only a weak section the tree shows is reported; otherwise WW000 says the channel
            // is unknown (the reader left sslmode unknown).
            let reported = 0;
            for (const c of s.candidates) {
                if (reported >= MAX_CANDIDATES)
                    break;
                if (c.section.rejected)
                    continue;
                const m = sectionMode(c.section);
                const grade = sslmodeGrade(m.mode);
                if (!grade)
                    continue;
                reported++;
                hits.push({
                    ...aliasContext(view, alias),
                    severity: grade.severity,
                    message: `database alias '${alias.alias}' uses ${serviceWords(s)}, and section [${c.section.name}] of ${c.file} in the tree ${m.words}: if that is the section libpq reads, ${grade.risk} (the tree does not show which file libpq reads: ${s.unresolved})`,
                    location: loc({ file: c.file, line: m.line, column: 1 }),
                    evidence: `service not resolved: ${s.unresolved}; candidate section [${c.section.name}] at ${c.file}:${c.section.line}; host ${alias.hostLabel}`,
                    fix: `${fixFor(alias, c.file, c.section)}; and set PGSERVICEFILE to that file where Django runs so the scan can resolve it`,
                });
            }
        }
        return hits;
    },
});
//# sourceMappingURL=ww118-db-service-file-weak.js.map