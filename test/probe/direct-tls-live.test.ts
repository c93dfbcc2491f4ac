/**
 * The direct-TLS check (WW411, WW412) and MD5 authentication (WW413) against REAL servers: PostgreSQL 18 (the
 * lab's `postgres: "pg18"`, which takes direct TLS with ALPN `postgresql`) and Debian's PostgreSQL 15 (no direct
 * TLS), certificates made at test time. WW412 has no real server here — PostgreSQL 17+ refuses direct TLS without
 * ALPN — so a SCRIPTED TLS terminator (test/helpers/scripted-pgwire.ts, "direct-tls-any-alpn") stands in; so it
 * does for a direct path whose certificate is not the SSLRequest path's (WW403–WW409 on the direct session), which
 * no real PostgreSQL serves.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeTargets } from "../../src/engine/probe.js";
import { type Cluster, initTemplate, startCluster } from "../../src/lab/pg-cluster.js";
import type { DirectTlsAttempt, EndpointResult } from "../../src/probe/model.js";
import { parseTarget } from "../../src/probe/targets.js";
import { type CertificateAuthority, createCa, type Issued, selfSigned } from "../../src/tls/certs.js";
import { type ScriptedServer, startScriptedServer } from "../helpers/scripted-pgwire.js";

const HOST = "127.0.0.1";
const TIMEOUT_MS = 3000;

let ca: CertificateAuthority;
let caFile: string;
let server: Issued;
const clusters: Cluster[] = [];
const scripted: ScriptedServer[] = [];
let dir = "";

async function cluster(o: Parameters<typeof startCluster>[0]): Promise<Cluster> {
  const c = await startCluster(o);
  clusters.push(c);
  return c;
}

async function probe(port: number) {
  const parsed = parseTarget(`postgresql://${HOST}:${port}`);
  if (!("target" in parsed)) throw new Error(parsed.error);
  const { report, results } = await probeTargets([parsed.target], {
    timeoutMs: TIMEOUT_MS,
    concurrency: 4,
    label: "test",
    caFile,
  });
  const result = results[0] as EndpointResult;
  const direct = result.directTls;
  if (direct?.kind !== "attempted") throw new Error(`direct TLS not attempted: ${JSON.stringify(direct)}`);
  return {
    result,
    withAlpn: direct.withAlpn,
    withoutAlpn: direct.withoutAlpn,
    ids: report.findings.map((f) => `${f.ruleId}:${f.severity}`),
    summary: report.endpoints?.[0]?.directTls,
    findings: report.findings,
  };
}

/** An attempt that got an answer: accepted or refused, never left open. */
const answered = (a: DirectTlsAttempt) => expect(a.inconclusive).toBeUndefined();

beforeAll(async () => {
  await Promise.all([initTemplate(), initTemplate("pg18")]);
  ca = await createCa({ commonName: "wirewarden direct-TLS test CA" });
  server = await ca.issue({ commonName: "localhost", dnsNames: ["localhost"], ipAddresses: [HOST] });
  dir = mkdtempSync(join(tmpdir(), "wirewarden-direct-tls-"));
  caFile = join(dir, "ca.pem");
  writeFileSync(caFile, ca.certPem);
});

afterAll(async () => {
  await Promise.all([...clusters.map((c) => c.stop()), ...scripted.map((s) => s.close())]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const HOSTSSL_SCRAM = ["hostssl all all 127.0.0.1/32 scram-sha-256"];

describe("direct TLS against real PostgreSQL", () => {
  it("PostgreSQL 18 with TLS: WW411 (ALPN postgresql selected, the certificate of the 'S' path); no WW412, no WW000", async () => {
    const c = await cluster({ postgres: "pg18", ssl: true, server, hba: HOSTSSL_SCRAM });
    const { ids, result, withAlpn, withoutAlpn, findings, summary } = await probe(c.port);
    expect(ids).toEqual(["WW411:info"]);
    expect(summary).toBe("accepted with ALPN postgresql; without ALPN: refused");
    answered(withAlpn);
    expect(withAlpn).toMatchObject({
      handshakeCompleted: true,
      alpnSelected: "postgresql",
      accepted: true,
      protocol: "TLSv1.3",
      authorized: true,
      hostnameMatches: true,
      startup: { kind: "auth", auth: { code: 10 } },
    });
    expect(withAlpn.certificate?.fingerprint256).toBe(result.tls?.certificate?.fingerprint256);
    expect(findings[0]?.evidence).toMatch(/the same certificate as after SSLRequest$/);
    // Without ALPN, the client's side of the TLS 1.3 handshake completes; the server then closes without a word.
    answered(withoutAlpn);
    expect(withoutAlpn).toMatchObject({ handshakeCompleted: true, alpnSelected: null, accepted: false });
    expect(withoutAlpn.notMade).toBeUndefined();
    expect(withoutAlpn.startup?.kind).toBe("closed");
    expect(c.log()).toContain("direct SSL connection request without ALPN");
  });

  it("PostgreSQL 15 with TLS: neither WW411 nor WW412, and no WW000 (not offered is an answer)", async () => {
    const c = await cluster({ ssl: true, server, hba: HOSTSSL_SCRAM });
    const { ids, withAlpn, withoutAlpn, summary } = await probe(c.port);
    expect(ids).toEqual([]);
    expect(summary).toBe("not offered");
    for (const a of [withAlpn, withoutAlpn]) {
      answered(a);
      expect(a).toMatchObject({ handshakeCompleted: false, accepted: false });
      expect(a.detail).toMatch(/^not offered: /);
    }
    // PostgreSQL 15 read the ClientHello as a startup packet with an absurd length, and closed without a byte back:
    // no TLS at connect, with ALPN or without, so the second ClientHello is not sent (issue 22).
    expect(withAlpn.notMade).toBeUndefined();
    expect(withoutAlpn.notMade).toBe(true);
    expect(withoutAlpn.detail).toMatch(/closed without a byte back/);
    expect(c.log().match(/invalid length of startup packet/g)).toHaveLength(1);
  });
});

describe("MD5 authentication (WW413) against real PostgreSQL", () => {
  // The dummy user does not exist: under an md5 line the server answers with the method password_encryption
  // names (auth.c falls back to it when the role has no password), before it says the role is unknown.
  const md5Lines = ["hostssl all all 127.0.0.1/32 md5", "host all all 127.0.0.1/32 md5"];

  it.each([
    ["PostgreSQL 15", "debian", []],
    ["PostgreSQL 18", "pg18", ["WW411:info"]],
  ] as const)(
    "%s, md5 lines and password_encryption = md5: WW413 medium over plaintext, low inside TLS",
    async (_name, postgres, extra) => {
      const c = await cluster({
        postgres,
        ssl: true,
        server,
        hba: md5Lines,
        settings: { password_encryption: "md5" },
      });
      const { ids, result, withAlpn } = await probe(c.port);
      expect([...ids].sort()).toEqual(["WW401:critical", "WW413:low", "WW413:medium", ...extra].sort());
      expect(result.plaintext).toMatchObject({ kind: "auth", auth: { code: 5 } });
      expect(result.tls?.startup).toMatchObject({ kind: "auth", auth: { code: 5 } });
      if (postgres === "pg18") expect(withAlpn.startup).toMatchObject({ kind: "auth", auth: { code: 5 } });
    },
  );

  it("the same md5 lines with password_encryption = scram-sha-256: the dummy user is asked for SCRAM, so no WW413", async () => {
    // What the probe cannot see: roles whose stored password is still an MD5 hash get MD5 under these lines.
    const c = await cluster({ ssl: true, server, hba: md5Lines });
    const { ids, result } = await probe(c.port);
    expect(ids).toEqual(["WW401:critical"]);
    expect(result.plaintext).toMatchObject({ kind: "auth", auth: { code: 10 } });
  });
});

describe("direct TLS without ALPN (the SCRIPTED TLS terminator)", () => {
  it("taken with and without ALPN: WW411 and WW412", async () => {
    const s = await startScriptedServer("direct-tls-any-alpn", { cert: server.certPem, key: server.keyPem });
    scripted.push(s);
    const { ids, withAlpn, withoutAlpn, findings } = await probe(s.port);
    expect(ids).toEqual(["WW412:low", "WW411:info"]);
    expect(withAlpn).toMatchObject({ accepted: true, alpnSelected: "postgresql" });
    expect(withoutAlpn).toMatchObject({
      accepted: true,
      alpnSelected: null,
      startup: { kind: "auth", auth: { code: 10 } },
    });
    expect(findings.find((f) => f.ruleId === "WW412")?.evidence).toMatch(
      /^direct ClientHello without ALPN → handshake completed \(TLSv1\.3, no ALPN selected\)/,
    );
  });

  it("ALPN postgresql refused with an alert, none taken: the attempt without ALPN is still made, WW412 alone", async () => {
    const s = await startScriptedServer("direct-tls-other-alpn", {
      cert: server.certPem,
      key: server.keyPem,
    });
    scripted.push(s);
    const { ids, withAlpn, withoutAlpn } = await probe(s.port);
    expect(ids).toEqual(["WW412:low"]);
    answered(withAlpn);
    expect(withAlpn).toMatchObject({ accepted: false, handshakeCompleted: false });
    expect(withAlpn.detail).toMatch(/^not offered: .*no application protocol/i);
    expect(withoutAlpn.notMade).toBeUndefined();
    expect(withoutAlpn).toMatchObject({ accepted: true, alpnSelected: null, startup: { kind: "auth" } });
  });

  it("the direct path presents another certificate (self-signed, another name): WW403 and WW404 say '(direct TLS'; the SSLRequest path's is clean", async () => {
    const terminator = await selfSigned({
      commonName: "tls-terminator.internal",
      dnsNames: ["tls-terminator.internal"],
    });
    const s = await startScriptedServer(
      "direct-tls-any-alpn",
      { cert: server.certPem, key: server.keyPem },
      { directTls: { cert: terminator.certPem, key: terminator.keyPem } },
    );
    scripted.push(s);
    const { findings, withAlpn, result } = await probe(s.port);
    expect(result.tls?.authorized).toBe(true);
    expect(withAlpn.certificate?.subject).toContain("tls-terminator.internal");
    const certificateRules = findings.filter((f) => /^WW40[3-9]$/.test(f.ruleId));
    expect(certificateRules.map((f) => f.ruleId).sort()).toEqual(["WW403", "WW404"]);
    // Both about the direct path: the SSLRequest path's certificate verifies and covers 127.0.0.1.
    for (const f of certificateRules) expect(f.message).toContain("(direct TLS, ALPN postgresql)");
    expect(certificateRules.find((f) => f.ruleId === "WW403")?.evidence).toContain(
      "subject CN=tls-terminator.internal",
    );
  });
});
