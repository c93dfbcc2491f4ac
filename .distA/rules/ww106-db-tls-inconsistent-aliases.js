import { ruleMeta } from "../core/catalog.js";
import { sslmodeStrength } from "../libpq/sslmode.js";
import { describe } from "../python/value.js";
import { aliasContext, paramLocation, sslmodeFix } from "./helpers.js";
import { scanRule } from "./kinds.js";
export const ww106 = scanRule({
    meta: ruleMeta("WW106"),
    check(model) {
        const hits = [];
        for (const view of model.views) {
            const judged = view.databases
                .filter((a) => a.family === "postgres" && a.network)
                .map((a) => ({ alias: a, strength: sslmodeStrength(a.sslmode.value) }))
                .filter((x) => x.strength !== undefined);
            if (judged.length < 2)
                continue;
            const strongest = judged.reduce((a, b) => (b.strength > a.strength ? b : a));
            const routers = view.settings.get("DATABASE_ROUTERS");
            const routerText = routers && (routers.kind === "list" || routers.kind === "tuple") && routers.items.length > 0
                ? `; DATABASE_ROUTERS ${describe(routers)} can send queries to it`
                : "";
            for (const { alias, strength } of judged) {
                if (strength >= strongest.strength)
                    continue;
                hits.push({
                    ...aliasContext(view, alias),
                    message: `database alias '${alias.alias}' uses sslmode '${alias.sslmode.value}', weaker than '${strongest.alias.sslmode.value}' on '${strongest.alias.alias}'${routerText}: an attacker targets the weakest alias`,
                    location: paramLocation(alias, alias.sslmode),
                    evidence: view.databases
                        .filter((a) => a.family === "postgres" && a.network)
                        .map((a) => `${a.alias}: ${a.sslmode.value ?? "unknown"}`)
                        .join(", "),
                    fix: sslmodeFix(alias),
                });
            }
        }
        return hits;
    },
});
//# sourceMappingURL=ww106-db-tls-inconsistent-aliases.js.map