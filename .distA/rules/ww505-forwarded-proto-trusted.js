import { ruleMeta } from "../core/catalog.js";
import { isRedirect, parseSetCookie } from "../probe/http/analysis.js";
import { probeRule } from "./kinds.js";
export const ww505 = probeRule({
    meta: ruleMeta("WW505"),
    check(model) {
        const hits = [];
        for (const o of model.origins) {
            const baseline = o.httpChain[0];
            if (!baseline)
                continue;
            const trusted = [];
            for (const t of o.forwardedProto) {
                const r = t.response;
                if (!r)
                    continue;
                const why = [
                    ...(!isRedirect(r.status) ? [`no redirect (${r.status})`] : []),
                    ...(r.hsts !== undefined && baseline.hsts === undefined ? ["HSTS appears"] : []),
                    ...(r.cookies.some((c) => parseSetCookie(c)?.secure)
                        ? ["Secure cookies are set over plain HTTP"]
                        : []),
                ];
                if (why.length > 0)
                    trusted.push(`${t.header}: ${why.join(", ")}`);
            }
            if (trusted.length === 0)
                continue;
            hits.push({
                endpoint: o.target.endpoint,
                message: "over plain HTTP the app believes a forwarded-proto header any client can send: the HTTPS redirect disappears for whoever adds it, and Django treats the plaintext request as secure",
                evidence: `${baseline.url} → ${baseline.status} Location: ${baseline.location ?? ""}\n${trusted.join("\n")}`,
                fix: "make the proxy overwrite the header (nginx: proxy_set_header X-Forwarded-Proto $scheme;) and strip X-Forwarded-Ssl/Forwarded from clients; keep SECURE_PROXY_SSL_HEADER only behind such a proxy",
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww505-forwarded-proto-trusted.js.map