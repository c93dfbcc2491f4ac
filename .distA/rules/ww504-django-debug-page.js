import { ruleMeta } from "../core/catalog.js";
import { probeRule } from "./kinds.js";
export const ww504 = probeRule({
    meta: ruleMeta("WW504"),
    check(model) {
        const hits = [];
        for (const o of model.origins) {
            const page = [o.notFound, o.httpsRoot, o.httpsAdmin, ...o.httpChain].find((r) => r?.debugPage);
            if (!page)
                continue;
            hits.push({
                endpoint: o.target.endpoint,
                message: "the site serves Django's technical debug page: settings, URL patterns, code and (on errors) local variables for anyone who asks",
                evidence: `${page.url} → ${page.status}: "You're seeing this error because you have DEBUG = True"`,
                fix: "DEBUG = False in production (and ALLOWED_HOSTS set)",
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww504-django-debug-page.js.map