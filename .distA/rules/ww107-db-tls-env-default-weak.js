import { ruleMeta } from "../core/catalog.js";
import { sslmodeStrength, VERIFY_FULL_STRENGTH } from "../libpq/sslmode.js";
import { aliasContext, networkPgAliases, paramLocation } from "./helpers.js";
import { scanRule } from "./kinds.js";
export const ww107 = scanRule({
    meta: ruleMeta("WW107"),
    check(model) {
        const hits = [];
        for (const { view, alias } of networkPgAliases(model)) {
            const p = alias.sslmode;
            // A URL default without ?sslmode leaves libpq at 'prefer': the default is weak even though it names no mode.
            const urlEnv = p.source === "default" ? alias.url?.env : undefined;
            const env = p.env ?? urlEnv;
            if (!env || env.supplied || !env.hasDefault)
                continue;
            const strength = sslmodeStrength(p.value);
            if (strength === undefined || strength >= VERIFY_FULL_STRENGTH)
                continue;
            const what = alias.url?.env?.variable === env.variable ? "the database URL" : "sslmode";
            hits.push({
                ...aliasContext(view, alias),
                message: `${what} of alias '${alias.alias}' comes from env ${env.variable}, whose default gives sslmode '${p.value}': any deployment that forgets to set ${env.variable} runs without verified TLS`,
                location: paramLocation(alias, p),
                evidence: `${env.reader}("${env.variable}") not supplied; default → sslmode ${p.value}${p.source === "default" ? " (the URL has no sslmode: libpq default)" : ""}`,
                fix: `make the default verify-full (e.g. ${env.reader}("${env.variable}", ${what === "sslmode" ? "'verify-full'" : "'…?sslmode=verify-full&sslrootcert=…'"})), or read it without a default so a missing value fails loudly`,
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww107-db-tls-env-default-weak.js.map