/**
 * `probe https://…` against a real Django 3.2 app (Debian python3-django, runserver) behind a real nginx with TLS
 * (Debian nginx, certificates made at test time, loopback ports). Each rule is shown firing in one configuration
 * and silent in its twin.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeTargets } from "../../src/engine/probe.js";
import { freePorts } from "../../src/lab/pg-cluster.js";
import {
  type DjangoSiteOptions,
  type NginxOptions,
  startDjangoSite,
  startNginx,
} from "../../src/lab/web-site.js";
import { httpOrigins } from "../../src/probe/http/targets.js";
import { parseTarget } from "../../src/probe/targets.js";
import { type CertificateAuthority, createCa, type Issued } from "../../src/tls/certs.js";
import { cli } from "../helpers/cli.js";

let ca: CertificateAuthority;
let caFile: string;
let serverCert: Issued;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  ca = await createCa({ commonName: "wirewarden http test CA" });
  const dir = mkdtempSync(join(tmpdir(), "wirewarden-http-test-"));
  stops.push(async () => rmSync(dir, { recursive: true, force: true }));
  caFile = join(dir, "ca.pem");
  writeFileSync(caFile, ca.certPem);
  serverCert = await ca.issue({
    commonName: "127.0.0.1",
    ipAddresses: ["127.0.0.1"],
    dnsNames: ["localhost"],
  });
});

afterAll(async () => {
  await Promise.all(stops.map((s) => s()));
});

/** A Django site with these settings behind nginx; returns the rule ids `probe` reports for the origin. */
async function site(
  settings: DjangoSiteOptions,
  proxy: Partial<NginxOptions> = {},
  cert: Issued = serverCert,
) {
  const [httpsPort, httpPort] = await freePorts("127.0.0.1", 2);
  const django = await startDjangoSite({ sslHost: `127.0.0.1:${httpsPort}`, ...settings });
  stops.push(() => django.stop());
  const nginx = await startNginx({
    upstream: django.url,
    certPem: cert.certPem,
    keyPem: cert.keyPem,
    forwardedProto: "scheme",
    httpPort,
    httpsPort,
    ...proxy,
  });
  stops.push(() => nginx.stop());
  const found = httpOrigins([nginx.httpsUrl, nginx.httpUrl], { http: 80, https: 443 });
  if ("error" in found) throw new Error(found.error);
  const { report, origins } = await probeTargets(
    [],
    { timeoutMs: 5000, concurrency: 4, label: "test", caFile },
    found.origins,
  );
  return {
    ids: [...new Set(report.findings.map((f) => f.ruleId))].sort(),
    findings: report.findings,
    origin: origins[0],
  };
}

const HARDENED: DjangoSiteOptions = {
  sslRedirect: true,
  proxySslHeader: true,
  hstsSeconds: 31_536_000,
  hstsIncludeSubdomains: true,
  sessionCookieSecure: true,
  csrfCookieSecure: true,
};

describe("probe https:// against Django behind nginx", () => {
  it("a hardened site behind a proxy that overwrites X-Forwarded-Proto: no finding", async () => {
    const { ids, origin } = await site(HARDENED);
    expect(ids).toEqual([]);
    expect(origin?.httpChain[0]?.status).toBe(301);
    expect(origin?.forwardedProto.length).toBe(3);
  });

  it("the CLI: https:// and http:// of one host are one origin; exit 1 on high findings; endpoint on each", async () => {
    const { origin } = await site({ ...HARDENED, sslRedirect: false });
    const httpsUrl = origin?.target.httpsUrl as string;
    const httpUrl = origin?.target.httpUrl as string;
    const r = await cli(["probe", httpsUrl, httpUrl, "--ca", caFile, "--format", "json", "--no-console"]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.endpoints.map((e: { endpoint: string }) => e.endpoint)).toEqual([httpsUrl]);
    expect(json.findings.map((f: { ruleId: string }) => f.ruleId)).toContain("WW501");
    for (const f of json.findings) expect(f.endpoint).toBe(httpsUrl);
  });

  it("WW501 + WW507: no redirect serves the site and the admin login over plain HTTP", async () => {
    const { ids } = await site({ ...HARDENED, sslRedirect: false });
    expect(ids).toContain("WW501");
    expect(ids).toContain("WW507");
  });

  it("WW502: HSTS off (medium); a short max-age without includeSubDomains (low)", async () => {
    const off = await site({ ...HARDENED, hstsSeconds: 0 });
    expect(off.findings.filter((f) => f.ruleId === "WW502").map((f) => f.severity)).toEqual(["medium"]);
    const short = await site({ ...HARDENED, hstsSeconds: 3600, hstsIncludeSubdomains: false });
    expect(short.findings.filter((f) => f.ruleId === "WW502").map((f) => f.severity)).toEqual(["low"]);
  });

  it("WW503: session and CSRF cookies without Secure are high", async () => {
    const { findings } = await site({ ...HARDENED, sessionCookieSecure: false, csrfCookieSecure: false });
    const cookies = findings
      .filter((f) => f.ruleId === "WW503" && f.severity === "high")
      .map((f) => f.message);
    expect(cookies.some((m) => m.includes("'sessionid'"))).toBe(true);
    expect(cookies.some((m) => m.includes("'csrftoken'"))).toBe(true);
    expect(findings.every((f) => !/sessionid=[^*]/.test(f.evidence ?? ""))).toBe(true);
  });

  it("WW504: DEBUG on shows the technical 404 page", async () => {
    const { ids } = await site({ ...HARDENED, debug: true });
    expect(ids).toContain("WW504");
  });

  it("WW505: nginx passing the client's X-Forwarded-Proto with SECURE_PROXY_SSL_HEADER set; not with $scheme", async () => {
    const trusted = await site(HARDENED, { forwardedProto: "pass-client" });
    expect(trusted.ids).toContain("WW505");
    expect(trusted.findings.find((f) => f.ruleId === "WW505")?.evidence).toContain(
      "X-Forwarded-Proto: https: no redirect",
    );
    const overwritten = await site(HARDENED, { forwardedProto: "scheme" });
    expect(overwritten.ids).not.toContain("WW505");
  });

  it("WW506: a certificate for another name (and untrusted without the CA)", async () => {
    const other = await ca.issue({ commonName: "shop.example", dnsNames: ["shop.example"] });
    const { ids, findings } = await site(HARDENED, {}, other);
    expect(ids).toContain("WW506");
    expect(findings.find((f) => f.ruleId === "WW506")?.message).toContain("name mismatch");
  });
});

describe("one deadline per origin", () => {
  it("a redirect chain whose every hop answers just under the timeout ends at the origin's deadline", async () => {
    // SCRIPTED slow origin (plain node:http, loopback): /hop/N redirects to /hop/N+1 after 800 ms. With a
    // timeout per request the five hops took 4 s; the origin's one 1,000 ms deadline ends them (bound 3x).
    const hopMs = 800;
    const slow = createServer((req, res) => {
      const n = Number(/^\/hop\/(\d+)/.exec(req.url ?? "")?.[1] ?? 0);
      const timer = setTimeout(() => {
        res.writeHead(302, { location: `/hop/${n + 1}` });
        res.end();
      }, hopMs);
      res.on("close", () => clearTimeout(timer));
    });
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    const port = (slow.address() as { port: number }).port;
    try {
      const parsed = httpOrigins([`http://127.0.0.1:${port}/hop/0`], { http: 80, https: 1 });
      if (!("origins" in parsed)) throw new Error(parsed.error);
      const timeoutMs = 1000;
      const { origins } = await probeTargets([], { timeoutMs, concurrency: 1, label: "t" }, parsed.origins);
      const origin = origins[0];
      expect(origin?.durationMs).toBeLessThan(3 * timeoutMs);
      expect(origin?.httpChain).toHaveLength(1);
      expect(origin?.httpError).toBe(`no complete answer before the endpoint's ${timeoutMs} ms deadline`);
    } finally {
      slow.closeAllConnections();
      slow.close();
    }
  });
});

describe("DB Console beside a database target (WW205)", () => {
  it("a plain-HTTP console (a scripted HTTP stand-in: no CockroachDB here) fires; none listening does not", async () => {
    // SCRIPTED stand-in for CockroachDB's DB Console: an HTTP server answering 200, not a database.
    const console = createServer((_req, res) => res.end("<title>Cockroach Console</title>"));
    await new Promise<void>((resolve) => console.listen(0, "127.0.0.1", resolve));
    const port = (console.address() as { port: number }).port;
    try {
      const db = parseTarget(`127.0.0.1:${port}`);
      if (!("target" in db)) throw new Error(db.error);
      const { report } = await probeTargets([db.target], {
        timeoutMs: 1000,
        concurrency: 2,
        label: "t",
        consolePort: port,
        legacy: false,
      });
      expect(report.findings.map((f) => f.ruleId)).toContain("WW205");
    } finally {
      console.close();
    }
    const quiet = parseTarget("127.0.0.1:1");
    if (!("target" in quiet)) throw new Error(quiet.error);
    const { report } = await probeTargets([quiet.target], {
      timeoutMs: 1000,
      concurrency: 2,
      label: "t",
      consolePort: 1,
      legacy: false,
    });
    expect(report.findings.map((f) => f.ruleId)).not.toContain("WW205");
  });
});
