import type { HttpTarget } from "./model.js";

/**
 * HTTP(S) origins from the command line, paired by host: `https://h:8443` and `http://h:8080` are one origin; a
 * host given once gets its other half on the default port (80/443, or --http-port/--https-port).
 */
export function httpOrigins(
  urls: readonly string[],
  ports: { http: number; https: number },
): { origins: HttpTarget[] } | { error: string } {
  const byHost = new Map<string, { http?: string; https?: string }>();
  for (const text of urls) {
    let u: URL;
    try {
      u = new URL(text);
    } catch {
      return { error: `${text}: not a valid URL` };
    }
    if (u.username || u.password)
      return { error: `${u.protocol}//${u.host}: credentials in an HTTP target are not used; remove them` };
    const host = u.hostname.replace(/^\[|\]$/g, "");
    const entry = byHost.get(host) ?? {};
    entry[u.protocol === "https:" ? "https" : "http"] = u.origin;
    byHost.set(host, entry);
  }
  const origins: HttpTarget[] = [];
  for (const [host, e] of byHost) {
    const h = host.includes(":") ? `[${host}]` : host;
    const httpsUrl = e.https ?? `https://${h}${ports.https === 443 ? "" : `:${ports.https}`}`;
    const httpUrl = e.http ?? `http://${h}${ports.http === 80 ? "" : `:${ports.http}`}`;
    origins.push({ host, httpUrl, httpsUrl, endpoint: httpsUrl });
  }
  return { origins };
}
