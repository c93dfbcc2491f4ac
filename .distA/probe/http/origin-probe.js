import { randomBytes } from "node:crypto";
import { checkServerIdentity } from "node:tls";
import { redactSecrets } from "../../core/redact.js";
import { Deadline } from "../../net/deadline.js";
import { certificateFacts } from "../certificate-facts.js";
import { isDjangoDebugPage, isLoginForm, isRedirect } from "./analysis.js";
import { fetchOnce } from "./fetch.js";
const MAX_REDIRECTS = 5;
/** The headers a proxy is supposed to set (and strip from clients); Django's SECURE_PROXY_SSL_HEADER reads one. */
export const FORWARDED_PROTO_HEADERS = [
    ["X-Forwarded-Proto", "https"],
    ["X-Forwarded-Ssl", "on"],
    ["Forwarded", "proto=https"],
];
function seen(r) {
    const location = r.headers.location;
    const hsts = r.headers["strict-transport-security"];
    return {
        url: r.url,
        status: r.status,
        ...(location ? { location: new URL(location, r.url).toString() } : {}),
        ...(hsts !== undefined ? { hsts } : {}),
        cookies: r.setCookies.map((c) => redactSecrets(c, { cookie: true })),
        debugPage: isDjangoDebugPage(r.body),
        loginForm: isLoginForm(r.body),
    };
}
/**
 * Everything WW501–WW507 read about one origin: plain HTTP `/` with its redirects, HTTPS `/` and `/admin/login/`,
 * a path that 404s, the admin login over plain HTTP, and the forwarded-proto trials. The requests run side by
 * side; each is one GET, bounded in time and size.
 */
export async function probeOrigin(t, o) {
    const started = performance.now();
    // The redirect chain, the retries and the forwarded-proto trials follow one another: one deadline for all.
    const deadline = new Deadline(o.timeoutMs, started);
    const get = (url, headers) => fetchOnce(url, {
        limit: deadline,
        ...(o.anchors.ca ? { ca: o.anchors.ca } : {}),
        ...(headers ? { headers } : {}),
    });
    const missing = `/wirewarden-probe-${randomBytes(4).toString("hex")}/`;
    const [chain, httpsRoot, httpsAdmin, notFound, httpAdmin] = await Promise.all([
        followChain(t, o, get),
        get(new URL("/", t.httpsUrl).toString()),
        get(new URL("/admin/login/", t.httpsUrl).toString()),
        get(new URL(missing, t.httpsUrl).toString()),
        get(new URL("/admin/login/", t.httpUrl).toString()),
    ]);
    const notFoundSeen = "error" in notFound ? await get(new URL(missing, t.httpUrl).toString()) : notFound;
    const first = chain.responses[0];
    // Only a request that was sent to HTTPS can be un-sent by a forged header.
    const trials = [];
    if (first && isRedirect(first.status) && first.location?.startsWith("https://")) {
        await Promise.all(FORWARDED_PROTO_HEADERS.map(async ([name, value]) => {
            const r = await get(new URL("/", t.httpUrl).toString(), { [name]: value });
            trials.push({
                header: `${name}: ${value}`,
                ...("error" in r ? { error: r.error } : { response: seen(r) }),
            });
        }));
        trials.sort((a, b) => FORWARDED_PROTO_HEADERS.findIndex(([n]) => a.header.startsWith(n)) -
            FORWARDED_PROTO_HEADERS.findIndex(([n]) => b.header.startsWith(n)));
    }
    return {
        target: t,
        httpChain: chain.responses,
        ...(chain.error ? { httpError: chain.error } : {}),
        ...(chain.cut ? { redirectsCut: chain.cut } : {}),
        ...("error" in httpsRoot
            ? { httpsError: httpsRoot.error }
            : { httpsRoot: seen(httpsRoot), tls: tlsFacts(t, httpsRoot, o.anchors) }),
        ...("error" in httpsAdmin ? {} : { httpsAdmin: seen(httpsAdmin) }),
        ...("error" in notFoundSeen ? {} : { notFound: seen(notFoundSeen) }),
        ...("error" in httpAdmin ? {} : { httpAdmin: seen(httpAdmin) }),
        forwardedProto: trials,
        durationMs: Math.round(performance.now() - started),
    };
}
async function followChain(t, o, get) {
    const responses = [];
    let url = new URL("/", t.httpUrl).toString();
    const visited = new Set();
    for (let hop = 0;; hop++) {
        visited.add(url);
        const r = await get(url);
        if ("error" in r)
            return { responses, error: r.error };
        const s = seen(r);
        responses.push(s);
        if (!isRedirect(s.status) || !s.location)
            break;
        const next = new URL(s.location);
        if (next.hostname !== t.host && !o.followOtherHosts)
            break;
        // A loop or an endless chain is an answer too, not a silent stop: say which, and where it was cut.
        if (visited.has(next.toString()))
            return {
                responses,
                cut: `redirect loop: ${clipUrl(s.url)} redirects back to ${clipUrl(next.toString())}`,
            };
        if (hop >= MAX_REDIRECTS)
            return { responses, cut: `more than ${MAX_REDIRECTS} redirects (stopped at ${clipUrl(s.url)})` };
        url = next.toString();
    }
    return { responses };
}
/** A server's URL in a one-line message: a Location header can be kilobytes long. */
function clipUrl(url) {
    return url.length > 200 ? `${url.slice(0, 200)}…` : url;
}
function tlsFacts(t, r, anchors) {
    if (!r.tls)
        return undefined;
    let certificate;
    let hostnameError;
    if (r.tls.certificate) {
        try {
            certificate = certificateFacts(r.tls.certificate);
            // Browsers follow RFC 6125 (Node's check), not libpq's rules.
            const peer = {
                subject: { CN: certificate.commonName ?? "" },
                subjectaltname: [
                    ...certificate.dnsNames.map((n) => `DNS:${n}`),
                    ...certificate.ipAddresses.map((n) => `IP Address:${n}`),
                ].join(", "),
            };
            hostnameError = checkServerIdentity(t.host, peer)?.message;
        }
        catch {
            certificate = undefined;
        }
    }
    return {
        authorized: r.tls.authorized,
        ...(r.tls.authorizationError ? { authorizationError: r.tls.authorizationError } : {}),
        ...(certificate ? { certificate } : {}),
        ...(hostnameError ? { hostnameError } : {}),
        caSource: anchors.source,
    };
}
/** The DB Console beside a database node: does plain HTTP serve it (WW205)? */
export async function probeConsole(dbEndpoint, host, port, o) {
    const h = host.includes(":") ? `[${host}]` : host;
    const httpUrl = `http://${h}:${port}/`;
    const httpsUrl = `https://${h}:${port}/`;
    const [http, https] = await Promise.all([
        fetchOnce(httpUrl, { limit: o.timeoutMs }),
        fetchOnce(httpsUrl, { limit: o.timeoutMs, ...(o.anchors.ca ? { ca: o.anchors.ca } : {}) }),
    ]);
    return {
        endpoint: dbEndpoint,
        httpUrl,
        ...("error" in http ? {} : { http: seen(http) }),
        httpsUrl,
        httpsServed: !("error" in https),
    };
}
//# sourceMappingURL=origin-probe.js.map