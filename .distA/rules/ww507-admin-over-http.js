import { ruleMeta } from "../core/catalog.js";
import { probeRule } from "./kinds.js";
export const ww507 = probeRule({
    meta: ruleMeta("WW507"),
    check(model) {
        const hits = [];
        for (const o of model.origins) {
            const r = o.httpAdmin;
            if (!r || r.status < 200 || r.status >= 300 || !r.loginForm)
                continue;
            hits.push({
                endpoint: o.target.endpoint,
                message: "the Django admin login form is served over plain HTTP: staff passwords cross the network readable",
                evidence: `${r.url} → ${r.status} with a login form`,
                fix: "SECURE_SSL_REDIRECT = True (or redirect port 80 in the proxy)",
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww507-admin-over-http.js.map