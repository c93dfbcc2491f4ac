import { ruleMeta } from "../core/catalog.js";
import { aliasContext, connectionSslmodeAliases, paramLocation, sslmodeEvidence, sslmodeFix, } from "./helpers.js";
import { scanRule } from "./kinds.js";
export const ww101 = scanRule({
    meta: ruleMeta("WW101"),
    check(model) {
        const hits = [];
        for (const { view, alias } of connectionSslmodeAliases(model)) {
            if (alias.sslmode.value !== "prefer")
                continue;
            const why = alias.sslmode.source === "default"
                ? "sets no sslmode, so libpq uses 'prefer'"
                : "uses sslmode 'prefer'";
            hits.push({
                ...aliasContext(view, alias),
                message: `database alias '${alias.alias}' ${why}: an attacker who answers 'N' to the TLS request gets the password and every query in plaintext`,
                location: paramLocation(alias, alias.sslmode),
                evidence: sslmodeEvidence(alias),
                fix: sslmodeFix(alias),
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww101-db-tls-not-enforced.js.map