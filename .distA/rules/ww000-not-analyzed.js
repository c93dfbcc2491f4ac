import { ruleMeta } from "../core/catalog.js";
import { PGBOUNCER_DEFAULT_PORT } from "../deploy/pgbouncer.js";
import { unknownAlias, unknownAliasSeverity } from "./alias-verdicts.js";
import { poolerOf } from "./deploy-helpers.js";
import { aliasContext, loc } from "./helpers.js";
import { scanRule } from "./kinds.js";
/** The browser protection each HTTPS setting decides, for the diagram: unknown there means unknown in the picture. */
const DECIDES = {
    SECURE_SSL_REDIRECT: "https-redirect",
    SECURE_HSTS_SECONDS: "hsts",
};
/** HTTPS settings whose value the HTTPS rules need; unknown ones are reported here rather than guessed. */
const HTTPS_SETTINGS = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_PROXY_SSL_HEADER",
    "ALLOWED_HOSTS",
];
export const ww000 = scanRule({
    meta: ruleMeta("WW000"),
    check(model) {
        const hits = [];
        for (const d of model.diagnostics) {
            hits.push({
                ...(d.gating ? { severity: "medium" } : {}),
                message: `not analyzed: ${d.reason}`,
                location: loc(d.origin),
                ...(d.module ? { settingsModule: d.module } : {}),
                fix: "rewrite it in a form the evaluator follows, or pass --env-file with the values it needs",
            });
        }
        for (const p of model.deploy.problems) {
            hits.push({
                message: `not analyzed: ${p.reason}`,
                location: p.location,
                fix: "fix the file so that it parses",
            });
        }
        // A pooler no alias is linked to: its upstream leg is judged for nobody, which is not the same as safe.
        const linked = new Set(model.views.flatMap((v) => v.databases.map((a) => poolerOf(a, model.deploy.poolers))));
        for (const p of model.deploy.poolers) {
            if (linked.has(p))
                continue;
            const reach = [...p.names.map((n) => `host ${n}`), `port ${p.port ?? PGBOUNCER_DEFAULT_PORT}`].join(", ");
            hits.push({
                message: `the tree configures ${p.where}, and no database alias connects through it as far as the scan can tell (${reach}): its connection on to the database (WW119) is judged for no alias`,
                location: p.location,
                fix: "if Django reaches the database through it, pass the alias's HOST and PORT with --env-file (the values production uses) so the scan can link them",
            });
        }
        for (const view of model.views) {
            for (const alias of view.databases) {
                const lost = unknownAlias(alias, view);
                if (!lost)
                    continue;
                hits.push({
                    ...aliasContext(view, alias),
                    severity: unknownAliasSeverity(view, lost),
                    message: `${lost.reason}; the channel of alias '${alias.alias}' is unknown, and unknown is not safe`,
                    location: lost.location,
                    evidence: `host ${alias.hostLabel}; engine ${alias.engine ?? "unknown"}`,
                    fix: lost.fix,
                });
            }
            for (const name of HTTPS_SETTINGS) {
                const v = view.settings.get(name);
                if (v?.kind !== "unknown")
                    continue;
                const decides = DECIDES[name];
                hits.push({
                    settingsModule: view.module,
                    condition: view.condition,
                    ...(decides ? { browserHop: { protection: decides, state: "unknown" } } : {}),
                    message: `${name} cannot be determined: ${v.reason}`,
                    location: loc(v.origin),
                    fix: v.env
                        ? `supply ${v.env.variable} with --env-file`
                        : `write ${name} as a literal or a plain env read`,
                });
            }
        }
        return hits;
    },
});
//# sourceMappingURL=ww000-not-analyzed.js.map