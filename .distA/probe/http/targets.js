/**
 * HTTP(S) origins from the command line, paired by host: `https://h:8443` and `http://h:8080` are one origin; a
 * host given once gets its other half on the default port (80/443, or --http-port/--https-port).
 */
export function httpOrigins(urls, ports) {
    const byHost = new Map();
    for (const text of urls) {
        let u;
        try {
            u = new URL(text);
        }
        catch {
            return { error: `${text}: not a valid URL` };
        }
        if (u.username || u.password)
            return { error: `${u.protocol}//${u.host}: credentials in an HTTP target are not used; remove them` };
        const host = u.hostname.replace(/^\[|\]$/g, "");
        const entry = byHost.get(host) ?? {};
        entry[u.protocol === "https:" ? "https" : "http"] = u.origin;
        byHost.set(host, entry);
    }
    const origins = [];
    for (const [host, e] of byHost) {
        const h = host.includes(":") ? `[${host}]` : host;
        const httpsUrl = e.https ?? `https://${h}${ports.https === 443 ? "" : `:${ports.https}`}`;
        const httpUrl = e.http ?? `http://${h}${ports.http === 80 ? "" : `:${ports.http}`}`;
        origins.push({ host, httpUrl, httpsUrl, endpoint: httpsUrl });
    }
    return { origins };
}
//# sourceMappingURL=targets.js.map