import { ruleMeta } from "../core/catalog.js";
import { truthy } from "../python/value.js";
import { httpsSeverity, middlewareInstalled, SECURITY_MIDDLEWARE, settingEvidence, settingLocation, viewContext, } from "./https-helpers.js";
import { scanRule } from "./kinds.js";
export const ww302 = scanRule({
    meta: ruleMeta("WW302"),
    check(model) {
        const hits = [];
        for (const view of model.views) {
            const redirect = view.settings.get("SECURE_SSL_REDIRECT");
            const on = redirect ? truthy(redirect) : false;
            if (on === undefined)
                continue;
            const middleware = middlewareInstalled(view, SECURITY_MIDDLEWARE);
            if (on && middleware)
                continue;
            hits.push({
                ...viewContext(view),
                severity: httpsSeverity(view, "medium"),
                browserHop: { protection: "https-redirect", state: "missing" },
                message: on
                    ? "SECURE_SSL_REDIRECT is on but SecurityMiddleware is not in MIDDLEWARE, so plain-HTTP requests are never redirected"
                    : "plain-HTTP requests are served instead of redirected to HTTPS: the first request of a visit (and its cookies) can be read and rewritten on the network",
                location: settingLocation(view, redirect),
                evidence: `${settingEvidence("SECURE_SSL_REDIRECT", redirect, "False")}${middleware ? "" : "; SecurityMiddleware missing from MIDDLEWARE"}`,
                fix: on
                    ? `add "${SECURITY_MIDDLEWARE}" at the top of MIDDLEWARE`
                    : `SECURE_SSL_REDIRECT = True${middleware ? "" : ` and add "${SECURITY_MIDDLEWARE}" to MIDDLEWARE`}`,
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww302-ssl-redirect-off.js.map