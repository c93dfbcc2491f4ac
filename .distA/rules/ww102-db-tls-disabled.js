import { ruleMeta } from "../core/catalog.js";
import { aliasContext, connectionSslmodeAliases, paramLocation, sslmodeEvidence, sslmodeFix, } from "./helpers.js";
import { scanRule } from "./kinds.js";
export const ww102 = scanRule({
    meta: ruleMeta("WW102"),
    check(model) {
        const hits = [];
        for (const { view, alias } of connectionSslmodeAliases(model)) {
            const mode = alias.sslmode.value;
            if (mode !== "disable" && mode !== "allow")
                continue;
            const what = mode === "disable"
                ? "never uses TLS"
                : "tries plaintext first and uses TLS only if the server insists";
            hits.push({
                ...aliasContext(view, alias),
                message: `database alias '${alias.alias}' uses sslmode '${mode}', which ${what}: credentials and queries cross the network readable and alterable`,
                location: paramLocation(alias, alias.sslmode),
                evidence: sslmodeEvidence(alias),
                fix: sslmodeFix(alias),
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww102-db-tls-disabled.js.map