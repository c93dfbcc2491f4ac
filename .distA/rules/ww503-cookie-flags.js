import { ruleMeta } from "../core/catalog.js";
import { parseSetCookie } from "../probe/http/analysis.js";
import { probeRule } from "./kinds.js";
const FIX = {
    sessionid: "SESSION_COOKIE_SECURE = True (and keep SESSION_COOKIE_HTTPONLY = True)",
    csrftoken: "CSRF_COOKIE_SECURE = True",
};
// The judgement of a cookie, severities included, is this rule's: analysis.ts only reads the header.
/** Django's session cookie and anything named like one: HttpOnly matters for these. */
export function isSessionCookie(name) {
    return /^(__Host-|__Secure-)?(sessionid|session|sid|.*_session)$/i.test(name);
}
/** Cookies whose theft or forgery is an account or CSRF compromise: Secure missing is high for these. */
export function isSensitiveCookie(name) {
    return isSessionCookie(name) || /^(__Host-|__Secure-)?(csrftoken|csrf.*|.*csrf)$/i.test(name);
}
/** What is wrong with a cookie set over HTTPS (WW503), prefixes included. */
export function cookieProblems(c) {
    const out = [];
    const prefixed = /^__(Host|Secure)-/.test(c.name);
    if (!c.secure)
        out.push({
            cookie: c.name,
            problem: prefixed
                ? "has a __Host-/__Secure- prefix but no Secure flag (browsers reject it)"
                : "lacks Secure: it is also sent over plain HTTP",
            severity: isSensitiveCookie(c.name) ? "high" : "low",
        });
    if (isSessionCookie(c.name) && !c.httpOnly)
        out.push({
            cookie: c.name,
            problem: "lacks HttpOnly: any script on the page can read the session",
            severity: "medium",
        });
    const ss = c.sameSite?.toLowerCase();
    if (ss === undefined)
        out.push({ cookie: c.name, problem: "has no SameSite attribute", severity: "low" });
    else if (!["lax", "strict", "none"].includes(ss))
        out.push({ cookie: c.name, problem: `has an invalid SameSite value '${c.sameSite}'`, severity: "low" });
    else if (ss === "none" && !c.secure)
        out.push({
            cookie: c.name,
            problem: "is SameSite=None without Secure (browsers reject it)",
            severity: "low",
        });
    return out;
}
export const ww503 = probeRule({
    meta: ruleMeta("WW503"),
    check(model) {
        const hits = [];
        for (const o of model.origins) {
            const seen = new Set();
            for (const r of [o.httpsRoot, o.httpsAdmin]) {
                for (const header of r?.cookies ?? []) {
                    const c = parseSetCookie(header);
                    if (!c || seen.has(c.name))
                        continue;
                    seen.add(c.name);
                    for (const p of cookieProblems(c)) {
                        hits.push({
                            endpoint: o.target.endpoint,
                            severity: p.severity,
                            message: `cookie '${p.cookie}' set over HTTPS ${p.problem}`,
                            evidence: `${r?.url}: Set-Cookie: ${c.redacted}`,
                            fix: FIX[c.name] ?? "set the cookie with Secure; HttpOnly for session cookies; SameSite=Lax",
                        });
                    }
                }
            }
        }
        return hits;
    },
});
//# sourceMappingURL=ww503-cookie-flags.js.map