import { ruleMeta } from "../core/catalog.js";
import { asString, describe } from "../python/value.js";
import { httpsSeverity, itemsOf, settingEvidence, settingLocation, viewContext } from "./https-helpers.js";
import { scanRule } from "./kinds.js";
const EXAMPLE = `SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")`;
/** What is wrong with a set SECURE_PROXY_SSL_HEADER, or null when it is well formed; undefined when unknown. */
function problem(value) {
    if (value.kind === "unknown")
        return undefined;
    // Django unpacks it as `header, secure_value = ...`: any 2-item sequence works, anything else breaks requests.
    const items = itemsOf(value);
    if (items?.length !== 2 || !items)
        return `it is ${describe(value)}, not a (header, value) pair: Django raises ImproperlyConfigured on every request.is_secure()`;
    const [header, expected] = items.map(asString);
    if (items.some((i) => i.kind === "unknown"))
        return undefined;
    if (header === undefined || expected === undefined)
        return "both items must be strings";
    if (!header.startsWith("HTTP_"))
        return `the header name ${JSON.stringify(header)} is not a request.META key (they start with HTTP_, e.g. HTTP_X_FORWARDED_PROTO): is_secure() never sees it and the site loops or treats HTTPS as HTTP`;
    if (expected !== "https")
        return `the expected value is ${JSON.stringify(expected)}, not "https": requests that arrived over HTTP are treated as secure`;
    return null;
}
export const ww306 = scanRule({
    meta: ruleMeta("WW306"),
    check(model) {
        const hits = [];
        for (const view of model.views) {
            const value = view.settings.get("SECURE_PROXY_SSL_HEADER");
            if (!value || value.kind === "none")
                continue;
            const wrong = problem(value);
            if (wrong === undefined)
                continue;
            const context = {
                ...viewContext(view),
                location: settingLocation(view, value),
                evidence: settingEvidence("SECURE_PROXY_SSL_HEADER", value, "None"),
            };
            hits.push(wrong === null
                ? {
                    ...context,
                    severity: "info",
                    message: "Django trusts the proxy's header to decide what is HTTPS: every proxy in front of the app must strip or overwrite that header from clients, or any client can claim HTTPS",
                    fix: "make sure the proxy sets the header itself (e.g. nginx `proxy_set_header X-Forwarded-Proto $scheme;`) and that the app is reachable only through it",
                }
                : {
                    ...context,
                    severity: httpsSeverity(view, "high"),
                    message: `SECURE_PROXY_SSL_HEADER is misconfigured: ${wrong}`,
                    fix: `${EXAMPLE}, with the proxy setting X-Forwarded-Proto itself`,
                });
        }
        return hits;
    },
});
//# sourceMappingURL=ww306-proxy-ssl-header-misconfigured.js.map