import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import { limitPhrase, msLeft } from "../../net/connection.js";
/** Enough of a page to recognise Django's debug page or a login form; the rest is not read. */
export const MAX_BODY_BYTES = 256 * 1024;
/** One GET, no redirect following, bounded in time and size, verification recorded rather than enforced. */
export function fetchOnce(url, o) {
    let u;
    try {
        u = new URL(url);
    }
    catch {
        return Promise.resolve({ error: `not a URL: ${url}` });
    }
    const https = u.protocol === "https:";
    const host = u.hostname.replace(/^\[|\]$/g, "");
    return new Promise((resolve) => {
        let settled = false;
        const done = (r) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            req.destroy();
            resolve(r);
        };
        const common = {
            method: "GET",
            headers: { "user-agent": "wirewarden-probe", accept: "text/html", ...o.headers },
            agent: false,
        };
        const req = https
            ? httpsRequest(u, {
                ...common,
                rejectUnauthorized: false,
                ...(o.ca ? { ca: o.ca } : {}),
                ...(isIP(host) === 0 ? { servername: host } : {}),
                // Verification is judged afterwards (WW506), against the name in the URL.
                checkServerIdentity: () => undefined,
            })
            : httpRequest(u, common);
        const timer = setTimeout(() => done({ error: `no complete answer ${limitPhrase(o.limit)}` }), msLeft(o.limit));
        req.on("error", (e) => done({ error: e.message.split("\n")[0] ?? String(e) }));
        req.on("response", (res) => {
            const chunks = [];
            let size = 0;
            const finish = () => {
                const headers = {};
                for (const [k, v] of Object.entries(res.headers)) {
                    if (k === "set-cookie" || v === undefined)
                        continue;
                    headers[k] = Array.isArray(v) ? v.join(", ") : v;
                }
                const socket = res.socket;
                const tls = https
                    ? {
                        authorized: socket.authorized === true,
                        ...(socket.authorizationError ? { authorizationError: String(socket.authorizationError) } : {}),
                        ...(socket.getPeerCertificate?.(true)?.raw
                            ? { certificate: socket.getPeerCertificate(true).raw }
                            : {}),
                        protocol: socket.getProtocol?.() ?? null,
                    }
                    : undefined;
                done({
                    url,
                    status: res.statusCode ?? 0,
                    headers,
                    setCookies: (res.headers["set-cookie"] ?? []).slice(0, 50),
                    body: Buffer.concat(chunks).toString("utf8"),
                    ...(tls ? { tls } : {}),
                });
            };
            res.on("data", (b) => {
                if (size < MAX_BODY_BYTES)
                    chunks.push(b.subarray(0, MAX_BODY_BYTES - size));
                size += b.length;
                if (size >= MAX_BODY_BYTES)
                    finish();
            });
            res.on("end", finish);
            res.on("error", (e) => done({ error: e.message }));
        });
        req.end();
    });
}
//# sourceMappingURL=fetch.js.map