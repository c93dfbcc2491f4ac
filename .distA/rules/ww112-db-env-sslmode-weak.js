import { ruleMeta } from "../core/catalog.js";
import { sslmodeStrength, VERIFY_FULL_STRENGTH } from "../libpq/sslmode.js";
import { envAssignments } from "./env-helpers.js";
import { loc } from "./helpers.js";
import { scanRule } from "./kinds.js";
/** What a man-in-the-middle gets from each mode weaker than verify-full. */
const ATTACK = {
    disable: "libpq never uses TLS, so the password and every query cross the network in plaintext for anyone on the path",
    allow: "libpq tries plaintext first, so the password and every query cross the network in plaintext for anyone on the path",
    prefer: "an attacker who answers 'N' to the TLS request gets the password and every query in plaintext",
    require: "libpq checks no certificate, so an attacker presenting any certificate receives the password and every query",
    "verify-ca": "libpq does not check the host name, so anyone holding a certificate from the same CA can impersonate the database",
};
/** The check over any list of assignments: PGSSLMODE weaker than verify-full. */
export function weakPgSslmodeHits(assignments, model) {
    const hits = [];
    const full = VERIFY_FULL_STRENGTH;
    for (const a of assignments) {
        if (a.variable !== "PGSSLMODE")
            continue;
        const strength = sslmodeStrength(a.value);
        // Unknown values (typos, `${VAR}` references) make libpq refuse to connect; nothing to intercept.
        if (strength === undefined || strength >= full)
            continue;
        const users = model ? aliasesUsing(model, a.origin) : [];
        hits.push({
            message: `PGSSLMODE=${a.value} in ${a.context} ${a.origin.file} applies to every libpq client started with it (Django aliases without an OPTIONS sslmode, psql, manage.py dbshell): ${ATTACK[a.value]}`,
            location: loc(a.origin),
            evidence: [
                `PGSSLMODE=${a.value} (${a.context} ${a.origin.file}:${a.origin.line})`,
                users.length > 0
                    ? `effective sslmode of ${users.join(", ")}`
                    : "no scanned alias takes its sslmode from it, but any libpq client in this environment does",
            ].join("; "),
            fix: `set PGSSLMODE=verify-full and PGSSLROOTCERT=/path/to/ca.crt in ${a.origin.file}`,
        });
    }
    return hits;
}
/** Aliases whose effective sslmode is this assignment. */
function aliasesUsing(model, origin) {
    const out = new Set();
    for (const view of model.views) {
        for (const alias of view.databases) {
            const o = alias.sslmode.origin;
            if (alias.sslmode.source === "PGSSLMODE" && o?.file === origin.file && o.line === origin.line)
                out.add(`alias '${alias.alias}' of ${view.module}`);
        }
    }
    return [...out];
}
export const ww112 = scanRule({
    meta: ruleMeta("WW112"),
    check(model) {
        return weakPgSslmodeHits(envAssignments(model), model);
    },
});
//# sourceMappingURL=ww112-db-env-sslmode-weak.js.map