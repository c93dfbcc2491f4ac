/** Pure readings of HTTP responses: cookies, HSTS, Django's debug page, redirects. */
import { redactSecrets } from "../../core/redact.js";
/** One Set-Cookie header; attribute names are case-insensitive, the value is never kept. */
export function parseSetCookie(header) {
    const [pair, ...attrs] = header.split(";");
    const eq = pair?.indexOf("=") ?? -1;
    if (!pair || eq <= 0)
        return undefined;
    const name = pair.slice(0, eq).trim();
    let secure = false;
    let httpOnly = false;
    let sameSite;
    for (const a of attrs) {
        const [k, v] = a.split("=", 2).map((s) => s.trim());
        const key = (k ?? "").toLowerCase();
        if (key === "secure")
            secure = true;
        else if (key === "httponly")
            httpOnly = true;
        else if (key === "samesite")
            sameSite = v ?? "";
    }
    return {
        name,
        secure,
        httpOnly,
        ...(sameSite !== undefined ? { sameSite } : {}),
        redacted: redactSecrets([`${name}=`, ...attrs.map((a) => a.trim())].join("; "), { cookie: true }),
    };
}
export function parseHsts(header) {
    if (header === undefined)
        return undefined;
    const parts = header.split(";").map((p) => p.trim().toLowerCase());
    const age = parts.find((p) => p.startsWith("max-age"));
    const m = age ? /^max-age\s*=\s*"?(\d+)"?$/.exec(age) : null;
    return {
        maxAge: m ? Number(m[1]) : null,
        includeSubDomains: parts.includes("includesubdomains"),
        preload: parts.includes("preload"),
    };
}
/** Django's technical 404 and 500 pages say so in words (straight or typographic apostrophe). */
export function isDjangoDebugPage(body) {
    return /You.{1,7}re seeing this error because you have\s*(<code>)?\s*DEBUG\s*=\s*True/.test(body);
}
/** An admin or login form served to the browser (Django admin's fields). */
export function isLoginForm(body) {
    return /name="(username|password)"/.test(body) && /csrfmiddlewaretoken/.test(body);
}
export function isRedirect(status) {
    return [301, 302, 303, 307, 308].includes(status);
}
//# sourceMappingURL=analysis.js.map