/**
 * `probe` against real PostgreSQL servers (src/lab/pg-cluster.ts: initdb in a temp dir, loopback, certificates
 * made at test time) and, for CockroachDB-only replies and hostile behaviour, the SCRIPTED pgwire server of
 * test/helpers/scripted-pgwire.ts (named as such: it is not a database).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeTargets } from "../../src/engine/probe.js";
import { type Cluster, initTemplate, startCluster } from "../../src/lab/pg-cluster.js";
import type { EndpointResult } from "../../src/probe/model.js";
import { parseTarget } from "../../src/probe/targets.js";
import { type CertificateAuthority, createCa, type Issued } from "../../src/tls/certs.js";
import { cli } from "../helpers/cli.js";
import { type Relay, startRelay } from "../helpers/relay.js";
import { type ScriptedServer, startScriptedServer } from "../helpers/scripted-pgwire.js";

const HOST = "127.0.0.1";
const TIMEOUT_MS = 3000;
const DAY = 86_400_000;

let ca: CertificateAuthority;
let caFile: string;
const clusters: Cluster[] = [];
const scripted: ScriptedServer[] = [];
const tempDirs: string[] = [];

async function cluster(o: Parameters<typeof startCluster>[0]): Promise<Cluster> {
  const c = await startCluster(o);
  clusters.push(c);
  return c;
}

const goodCert = () => ca.issue({ commonName: "localhost", dnsNames: ["localhost"], ipAddresses: [HOST] });

async function probe(port: number, o: { ca?: string | null; timeoutMs?: number; host?: string } = {}) {
  const parsed = parseTarget(`postgresql://${o.host ?? HOST}:${port}`);
  if (!("target" in parsed)) throw new Error(parsed.error);
  const caOption = o.ca === null ? {} : { caFile: o.ca ?? caFile };
  const { report, results } = await probeTargets([parsed.target], {
    timeoutMs: o.timeoutMs ?? TIMEOUT_MS,
    concurrency: 4,
    label: "test",
    ...caOption,
  });
  return {
    report,
    result: results[0] as EndpointResult,
    ids: report.findings.map((f) => `${f.ruleId}:${f.severity}`),
  };
}

/** A counting relay (test/helpers/relay.ts), closed after the tests. */
async function countingRelay(port: number): Promise<Relay> {
  const relay = await startRelay(port);
  relays.push(relay);
  return relay;
}
const relays: Relay[] = [];

/** Connections a probe of a server that takes TLS (no direct TLS) costs: see src/probe/legacy-check.ts. */
function expectedConnections(r: EndpointResult): number {
  const versions = r.legacy?.protocols ?? [];
  const accepted = versions.filter((p) => p.accepted).length;
  const sslv3 = versions.find((p) => p.version === "SSLv3")?.accepted === true;
  const families = r.legacy?.weakSuites.length ?? 0;
  // plaintext startup, SSLRequest + TLS session, the direct-TLS attempts made (one on a server that closes a
  // ClientHello without a byte back); one legacy hello per accepted version and one to hear the refusal (none after
  // SSLv3), likewise for the five weak suite families.
  const direct = r.directTls?.kind === "attempted" ? (r.directTls.withoutAlpn.notMade ? 1 : 2) : 0;
  return 2 + direct + accepted + (sslv3 ? 0 : 1) + families + (families === 5 ? 0 : 1);
}

beforeAll(async () => {
  await initTemplate(); // fails with "apt-get install -y postgresql" when PostgreSQL is missing
  ca = await createCa({ commonName: "wirewarden test CA" });
  const dir = mkdtempSync(join(tmpdir(), "wirewarden-probe-test-"));
  tempDirs.push(dir);
  caFile = join(dir, "ca.pem");
  writeFileSync(caFile, ca.certPem);
});

afterAll(async () => {
  await Promise.all(relays.map((r) => r.close()));
  await Promise.all([...clusters.map((c) => c.stop()), ...scripted.map((s) => s.close())]);
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

describe("probe against real PostgreSQL 15", () => {
  it("1. ssl=on, hostssl only: no finding; certificate verified for the host; server identified", async () => {
    const c = await cluster({
      ssl: true,
      server: await goodCert(),
      hba: ["hostssl all all 127.0.0.1/32 scram-sha-256"],
    });
    const { ids, result } = await probe(c.port);
    expect(ids).toEqual([]);
    expect(result.plaintext).toMatchObject({ kind: "error", error: { code: "28000" } });
    expect(result.tls).toMatchObject({ authorized: true, hostnameMatches: true, protocol: "TLSv1.3" });
    expect(result.tls?.startup).toMatchObject({
      kind: "auth",
      auth: { code: 10, mechanisms: expect.arrayContaining(["SCRAM-SHA-256"]) },
    });
    expect(result.server.product).toBe("PostgreSQL");
    expect(result.legacy?.protocols.every((p) => p.accepted === false)).toBe(true);
    // The same server through a counting relay: five connections (twelve before issue 22), same verdict.
    const relay = await countingRelay(c.port);
    const counted = await probe(relay.port);
    expect(counted.ids).toEqual([]);
    expect(counted.result.legacy).toEqual(result.legacy);
    expect(relay.connections()).toBe(5);
    expect(expectedConnections(counted.result)).toBe(5);
  });

  it("2. ssl=on with `host` entries and `password` auth: WW401 and WW408 critical (and WW408 low inside TLS)", async () => {
    const c = await cluster({
      ssl: true,
      server: await goodCert(),
      hba: ["host all all 127.0.0.1/32 password"],
    });
    const { ids, result, report } = await probe(c.port);
    expect(ids).toEqual(["WW401:critical", "WW408:critical", "WW408:low"]);
    expect(result.plaintext).toMatchObject({ kind: "auth", auth: { code: 3 } });
    // Every answer was an auth request; the refusal of protocol 2.0 names the server.
    expect(result.server).toMatchObject({
      product: "PostgreSQL",
      evidence: expect.stringContaining("unsupported frontend protocol"),
    });
    expect(report.summary.grade).toBe("F");
  });

  it("3. ssl=off: WW402 (and WW401, since plaintext logins are answered)", async () => {
    const c = await cluster({ ssl: false, hba: ["host all all 127.0.0.1/32 scram-sha-256"] });
    const { ids, result } = await probe(c.port);
    expect(ids).toEqual(["WW401:critical", "WW402:critical"]);
    expect(result.ssl).toEqual({ kind: "N", extraBytes: 0 });
    expect(result.server.product).toBe("PostgreSQL");
  });

  it("4a. certificate for another host name: WW404", async () => {
    const server = await ca.issue({ commonName: "db.other.example", dnsNames: ["db.other.example"] });
    const c = await cluster({ ssl: true, server, hba: ["hostssl all all 127.0.0.1/32 scram-sha-256"] });
    const { ids, report } = await probe(c.port);
    expect(ids).toEqual(["WW404:high"]);
    expect(report.findings[0]?.evidence).toContain("DNS:db.other.example");
  });

  it("4b. probed without --ca (system store): WW403", async () => {
    const c = await cluster({
      ssl: true,
      server: await goodCert(),
      hba: ["hostssl all all 127.0.0.1/32 scram-sha-256"],
    });
    const { ids, result } = await probe(c.port, { ca: null });
    expect(ids).toEqual(["WW403:high"]);
    expect(result.tls?.caSource).toBe("system store");
  });

  it("4c. expired certificate: WW405 high, not WW403", async () => {
    const server = await ca.issue({
      commonName: "localhost",
      ipAddresses: [HOST],
      notBefore: new Date(Date.now() - 400 * DAY),
      notAfter: new Date(Date.now() - 2 * DAY),
    });
    const c = await cluster({ ssl: true, server, hba: ["hostssl all all 127.0.0.1/32 scram-sha-256"] });
    const { ids, result } = await probe(c.port);
    expect(ids).toContain("WW405:high");
    expect(ids).not.toContain("WW403:high");
    expect(result.tls?.authorizationError).toBe("CERT_HAS_EXPIRED");
  });

  it("5. TLS 1.0/1.1 and NULL/anonymous suites (Debian's OpenSSL has no 3DES/RC4 to offer): WW406 and WW407", async () => {
    // Debian's libssl has no DES/RC4 suites at all (`openssl ciphers ALL:COMPLEMENTOFALL` lists none), so a real
    // server can offer NULL and anonymous suites but not 3DES or RC4; those are covered by the hello tests.
    const c = await cluster({
      ssl: true,
      server: await ca.issue({
        commonName: "localhost",
        ipAddresses: [HOST],
        key: { kind: "rsa", bits: 2048 },
      }),
      hba: ["hostssl all all 127.0.0.1/32 scram-sha-256"],
      settings: { ssl_min_protocol_version: "'TLSv1'", ssl_ciphers: "'ALL:eNULL:@SECLEVEL=0'" },
      opensslSecurityLevel: 0,
    });
    const { ids, result } = await probe(c.port);
    expect(ids).toEqual(["WW407:high", "WW406:medium"]);
    const accepted = result.legacy?.protocols.filter((p) => p.accepted).map((p) => p.version);
    expect(accepted).toEqual(["TLSv1", "TLSv1.1"]);
    const weak = new Set(result.legacy?.weakSuites.map((s) => s.weakness));
    expect(weak.has("NULL")).toBe(true);
    expect(weak.has("anonymous")).toBe(true);
    // Each accepted version and family costs one more hello, and every one is still found.
    const relay = await countingRelay(c.port);
    const counted = await probe(relay.port);
    expect(counted.ids).toEqual(ids);
    expect(counted.result.legacy?.protocols.map((p) => p.accepted)).toEqual(
      result.legacy?.protocols.map((p) => p.accepted),
    );
    expect(counted.result.legacy?.weakSuites.map((w) => w.id)).toEqual(
      result.legacy?.weakSuites.map((w) => w.id),
    );
    expect(relay.connections()).toBe(expectedConnections(counted.result));
    expect(relay.connections()).toBeGreaterThan(6);
  });

  it("5b. an RSA-1024 key (served with OpenSSL security level 0): WW409", async () => {
    const c = await cluster({
      ssl: true,
      server: await ca.issue({
        commonName: "localhost",
        ipAddresses: [HOST],
        key: { kind: "rsa", bits: 1024 },
      }),
      hba: ["hostssl all all 127.0.0.1/32 scram-sha-256"],
      opensslSecurityLevel: 0,
    });
    const { ids, result } = await probe(c.port);
    expect(ids).toEqual(["WW409:medium"]);
    expect(result.tls?.certificate).toMatchObject({ keyType: "rsa", keyBits: 1024 });
  });

  it("6. client certificate required (hostssl … cert): reported, no WW401", async () => {
    const c = await cluster({
      ssl: true,
      server: await goodCert(),
      clientCa: ca.certPem,
      hba: ["hostssl all all 127.0.0.1/32 cert"],
    });
    const { ids, result, report } = await probe(c.port);
    expect(ids).toEqual([]);
    expect(result.tls?.clientCertificateRequired).toBe(true);
    expect(report.endpoints?.[0]?.clientCertificateRequired).toBe(true);
  });

  it("the CLI: exit codes, JSON with endpoint on every finding, no password echoed", async () => {
    const c = await cluster({
      ssl: true,
      server: await goodCert(),
      hba: ["host all all 127.0.0.1/32 password"],
    });
    const r = await cli([
      "probe",
      `postgresql://admin:s3cret@${HOST}:${c.port}/app`,
      "--ca",
      caFile,
      "--format",
      "json",
    ]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.command).toBe("probe");
    expect(json.findings.length).toBeGreaterThan(0);
    for (const f of json.findings) expect(f.endpoint).toBe(`postgresql://${HOST}:${c.port}`);
    expect(r.stdout + r.stderr).not.toContain("s3cret");
    const none = await cli(["probe", `${HOST}:${c.port}`, "--ca", caFile, "--fail-on", "none"]);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain("PostgreSQL");
  });
});

describe("probe against the SCRIPTED pgwire server (CockroachDB replies and hostile peers)", () => {
  let tlsPair: Issued;
  beforeAll(async () => {
    tlsPair = await goodCert();
  });

  async function scriptedServer(script: Parameters<typeof startScriptedServer>[0]) {
    const s = await startScriptedServer(script, { cert: tlsPair.certPem, key: tlsPair.keyPem });
    scripted.push(s);
    return s;
  }

  it("CockroachDB secure node: 08P01 refusal is not WW401; crdb_version identifies it", async () => {
    const s = await scriptedServer("crdb-secure");
    const { ids, result } = await probe(s.port, { ca: caFile });
    expect(ids).not.toContain("WW401:critical");
    expect(result.plaintext).toMatchObject({ kind: "error", error: { code: "08P01" } });
    expect(result.server).toMatchObject({
      product: "CockroachDB",
      version: expect.stringContaining("v23.2"),
    });
  });

  it("CockroachDB --insecure: WW402 and WW401, identified from the plaintext session", async () => {
    const s = await scriptedServer("crdb-insecure");
    const { ids, result } = await probe(s.port);
    expect(ids).toEqual(["WW401:critical", "WW402:critical"]);
    expect(result.server.product).toBe("CockroachDB");
  });

  it("bytes after 'S': WW410", async () => {
    const s = await scriptedServer("bytes-after-s");
    const { ids, result } = await probe(s.port);
    expect(ids).toContain("WW410:high");
    expect(result.ssl).toMatchObject({ kind: "S" });
    expect(result.ssl?.kind === "S" && result.ssl.extraBytes).toBeGreaterThan(0);
  });

  it("a 2 GB length field: a clear error, no allocation, no wait", async () => {
    const s = await scriptedServer("huge-length");
    const { result, report } = await probe(s.port, { timeoutMs: 1000 });
    expect(result.plaintext).toMatchObject({
      kind: "invalid",
      reason: expect.stringContaining("declares 2147483647 bytes"),
    });
    expect(report.findings.some((f) => f.ruleId === "WW000")).toBe(true);
  });

  it("a server that never answers: one WW000 per endpoint, ended by the timeout, bounded connections", async () => {
    const s = await scriptedServer("silent");
    const { result, ids } = await probe(s.port, { timeoutMs: 300 });
    expect(ids).toContain("WW000:info");
    expect(result.ssl).toEqual({ kind: "timeout" });
    // Two connections (plaintext startup, SSLRequest); the legacy attempts are not made without an 'S'.
    expect(s.connections()).toBe(2);
    // Both connections end at the endpoint's one 300 ms deadline; 3× slack for a busy machine.
    expect(result.durationMs).toBeLessThan(3 * 300);
  });

  it("a peer that closes right after 'S': reported at once as a close, not as a handshake timeout", async () => {
    const s = await scriptedServer("close-after-s");
    const { result, report } = await probe(s.port, { timeoutMs: 3000 });
    expect(result.tlsError).toMatch(/closed the connection/);
    expect(result.tlsError).not.toMatch(/did not finish/);
    // Well under the 3 s timeout it would otherwise have waited for (bound wide for a busy machine).
    expect(result.durationMs).toBeLessThan(2500);
    expect(report.findings.map((f) => f.ruleId)).toContain("WW000");
  });

  it("a reset mid-handshake: a clear TLS error, as WW000", async () => {
    const s = await scriptedServer("reset-in-handshake");
    const { result, report } = await probe(s.port);
    expect(result.tlsError).toMatch(/TLS handshake failed|reset/);
    expect(report.findings.map((f) => f.ruleId)).toContain("WW000");
  });

  it("an unreachable endpoint is reported, and the CLI exits 2 when nothing was reachable", async () => {
    const s = await scriptedServer("silent");
    const port = s.port;
    await s.close();
    const r = await cli(["probe", `${HOST}:${port}`, "--timeout", "500"]);
    expect(r.code).toBe(2);
    // Nothing was checked: no report and no grade, only why.
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("no endpoint could be reached, nothing was checked");
    expect(r.stderr).toContain(`postgresql://${HOST}:${port}: connection refused`);
    expect(r.stderr).not.toMatch(/grade|score/);
  });
});

describe("probe --from-scan: the endpoints a Django project connects to", () => {
  it("probes each alias's host:port from the evaluated settings, with its sslrootcert as the CA", async () => {
    const c = await cluster({
      ssl: true,
      server: await goodCert(),
      hba: ["hostssl all all 127.0.0.1/32 scram-sha-256"],
    });
    const project = mkdtempSync(join(tmpdir(), "wirewarden-from-scan-"));
    tempDirs.push(project);
    mkdirSync(join(project, "shop"));
    writeFileSync(join(project, "shop", "__init__.py"), "");
    writeFileSync(
      join(project, "shop", "settings.py"),
      [
        "import os",
        "DEBUG = False",
        "DATABASES = {",
        '    "default": {',
        '        "ENGINE": "django.db.backends.postgresql",',
        '        "HOST": os.environ["DB_HOST"],',
        '        "PORT": os.environ.get("DB_PORT", "5432"),',
        '        "OPTIONS": {"sslmode": "verify-full", "sslrootcert": os.environ.get("DB_CA", "certs/ca.pem")},',
        "    },",
        '    "replica": {"ENGINE": "django_cockroachdb", "HOST": os.environ.get("REPLICA_HOST"), "PORT": 26257},',
        "}",
        "",
      ].join("\n"),
    );
    const envFile = join(project, "probe.env");
    writeFileSync(envFile, `DB_HOST=${HOST}\nDB_PORT=${c.port}\nDB_CA=${caFile}\n`);
    const r = await cli(["probe", "--from-scan", project, "--env-file", envFile, "--format", "json"]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.endpoints.map((e: { endpoint: string }) => e.endpoint)).toEqual([
      `postgresql://${HOST}:${c.port}`,
    ]);
    expect(json.findings).toEqual([]);
    expect(r.stderr).toContain("shop.settings alias 'replica': HOST is None");
  });
});
