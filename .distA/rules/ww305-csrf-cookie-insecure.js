import { ruleMeta } from "../core/catalog.js";
import { truthy } from "../python/value.js";
import { httpsSeverity, middlewareInstalled, settingEvidence, settingLocation, viewContext, } from "./https-helpers.js";
import { scanRule } from "./kinds.js";
const CSRF_MIDDLEWARE = "django.middleware.csrf.CsrfViewMiddleware";
export const ww305 = scanRule({
    meta: ruleMeta("WW305"),
    check(model) {
        const hits = [];
        for (const view of model.views) {
            const secure = view.settings.get("CSRF_COOKIE_SECURE");
            if ((secure ? truthy(secure) : false) !== false)
                continue;
            // With CSRF_USE_SESSIONS the token lives in the session, and without the middleware there is no cookie.
            const sessions = view.settings.get("CSRF_USE_SESSIONS");
            if ((sessions ? truthy(sessions) : false) !== false)
                continue;
            if (!middlewareInstalled(view, CSRF_MIDDLEWARE))
                continue;
            hits.push({
                ...viewContext(view),
                severity: httpsSeverity(view, "medium"),
                message: "the CSRF cookie is sent without the Secure flag, so it leaks over plain HTTP and a network attacker can plant a known token",
                location: settingLocation(view, secure),
                evidence: settingEvidence("CSRF_COOKIE_SECURE", secure, "False"),
                fix: "CSRF_COOKIE_SECURE = True (or CSRF_USE_SESSIONS = True to keep the token in the session)",
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww305-csrf-cookie-insecure.js.map