import { ruleMeta } from "../core/catalog.js";
import { truthy } from "../python/value.js";
import { httpsSeverity, sessionsInUse, settingEvidence, settingLocation, viewContext, } from "./https-helpers.js";
import { scanRule } from "./kinds.js";
export const ww304 = scanRule({
    meta: ruleMeta("WW304"),
    check(model) {
        const hits = [];
        for (const view of model.views) {
            const secure = view.settings.get("SESSION_COOKIE_SECURE");
            // Django sets the cookie's Secure flag from the setting's truthiness.
            if ((secure ? truthy(secure) : false) !== false)
                continue;
            if (!sessionsInUse(view))
                continue;
            hits.push({
                ...viewContext(view),
                severity: httpsSeverity(view, "high"),
                message: "the session cookie is sent without the Secure flag, so the browser also sends it over plain HTTP where anyone on the path can take over the session",
                location: settingLocation(view, secure),
                evidence: settingEvidence("SESSION_COOKIE_SECURE", secure, "False"),
                fix: "SESSION_COOKIE_SECURE = True",
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww304-session-cookie-insecure.js.map