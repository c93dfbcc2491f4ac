import { ruleMeta } from "../core/catalog.js";
import { aliasContext, connectionSslmodeAliases, paramLocation, sslmodeEvidence, sslmodeFix, } from "./helpers.js";
import { scanRule } from "./kinds.js";
export const ww104 = scanRule({
    meta: ruleMeta("WW104"),
    check(model) {
        const hits = [];
        for (const { view, alias } of connectionSslmodeAliases(model)) {
            if (alias.sslmode.value !== "verify-ca")
                continue;
            hits.push({
                ...aliasContext(view, alias),
                message: `database alias '${alias.alias}' uses sslmode 'verify-ca': the chain is checked but not the host name, so any certificate the same CA issued (another node, another service) can impersonate the database`,
                location: paramLocation(alias, alias.sslmode),
                evidence: sslmodeEvidence(alias),
                fix: sslmodeFix(alias),
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww104-db-hostname-not-verified.js.map