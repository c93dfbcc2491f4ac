import { ruleMeta } from "../core/catalog.js";
import { truthy } from "../python/value.js";
import { httpsSeverity, sessionsInUse, settingEvidence, settingLocation, viewContext, } from "./https-helpers.js";
import { scanRule } from "./kinds.js";
export const ww309 = scanRule({
    meta: ruleMeta("WW309"),
    check(model) {
        const hits = [];
        for (const view of model.views) {
            const httponly = view.settings.get("SESSION_COOKIE_HTTPONLY");
            // Django's default is True: only an explicit falsy value opens the cookie to scripts.
            if (!httponly || truthy(httponly) !== false)
                continue;
            if (!sessionsInUse(view))
                continue;
            hits.push({
                ...viewContext(view),
                severity: httpsSeverity(view, "low"),
                message: "the session cookie is readable from JavaScript: one injected script (XSS, a compromised third-party tag) can send the session away",
                location: settingLocation(view, httponly),
                evidence: settingEvidence("SESSION_COOKIE_HTTPONLY", httponly, "True"),
                fix: "SESSION_COOKIE_HTTPONLY = True (or delete the line: True is Django's default)",
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww309-session-cookie-httponly-off.js.map