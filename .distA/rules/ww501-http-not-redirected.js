import { ruleMeta } from "../core/catalog.js";
import { isRedirect } from "../probe/http/analysis.js";
import { describeResponse } from "./http-helpers.js";
import { probeRule } from "./kinds.js";
export const ww501 = probeRule({
    meta: ruleMeta("WW501"),
    check(model) {
        const hits = [];
        for (const o of model.origins) {
            const first = o.httpChain[0];
            if (!first)
                continue;
            const servesContent = first.status >= 200 && first.status < 300;
            const toHttp = isRedirect(first.status) && first.location?.startsWith("http://");
            if (!servesContent && !toHttp)
                continue;
            hits.push({
                endpoint: o.target.endpoint,
                message: servesContent
                    ? "plain HTTP serves the site instead of redirecting to HTTPS: the first request of every visit (and every link typed without https://) can be read and rewritten"
                    : "plain HTTP redirects to another http:// URL first: the hop before HTTPS is open to rewriting",
                evidence: o.httpChain.map(describeResponse).join("\n"),
                fix: "SECURE_SSL_REDIRECT = True in Django, or `return 301 https://$host$request_uri;` in the proxy's port-80 server",
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww501-http-not-redirected.js.map