import { existsSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, initTemplate, startCluster } from "../../src/lab/pg-cluster.js";
import { type CertificateAuthority, createCa } from "../../src/tls/certs.js";

/** Opens a TCP connection, sends the 8-byte SSLRequest and returns the one-byte answer with the open socket. */
function sslRequest(host: string, port: number): Promise<{ answer: string; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port }, () => {
      const request = Buffer.alloc(8);
      request.writeInt32BE(8, 0);
      request.writeInt32BE(80877103, 4);
      socket.write(request);
    });
    socket.once("error", reject);
    socket.once("data", (b) => resolve({ answer: b.toString("latin1"), socket }));
  });
}

describe("startCluster: a real PostgreSQL server", () => {
  let ca: CertificateAuthority;
  let withTls: Cluster;
  let plain: Cluster;

  beforeAll(async () => {
    // A missing PostgreSQL fails here, with the apt-get hint in the error.
    await initTemplate();
    ca = await createCa();
    [withTls, plain] = await Promise.all([
      startCluster({
        ssl: true,
        server: await ca.issue({
          commonName: "localhost",
          dnsNames: ["localhost"],
          ipAddresses: ["127.0.0.1"],
        }),
        hba: ["hostssl all all 127.0.0.1/32 scram-sha-256"],
      }),
      startCluster({ ssl: false, hba: ["host all all 127.0.0.1/32 scram-sha-256"] }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([withTls?.stop(), plain?.stop()]);
  });

  it("ssl=on answers S, then completes a handshake the lab CA verifies for localhost", async () => {
    const { answer, socket } = await sslRequest(withTls.host, withTls.port);
    expect(answer).toBe("S");
    const tls = tlsConnect({ socket, ca: ca.certPem, servername: "localhost" });
    try {
      await new Promise<void>((resolve, reject) => {
        tls.once("secureConnect", resolve);
        tls.once("error", reject);
      });
      expect(tls.authorized).toBe(true);
      expect(tls.getPeerCertificate().subject.CN).toBe("localhost");
    } finally {
      tls.destroy();
    }
  });

  it("ssl=off answers N", async () => {
    const { answer, socket } = await sslRequest(plain.host, plain.port);
    socket.destroy();
    expect(answer).toBe("N");
  });

  it("opensslSecurityLevel 0 serves an RSA-1024 key, which Debian's OpenSSL refuses to load by default", async () => {
    const weak = await ca.issue({ commonName: "localhost", key: { kind: "rsa", bits: 1024 } });
    const c = await startCluster({
      ssl: true,
      server: weak,
      hba: ["hostssl all all 127.0.0.1/32 scram-sha-256"],
      opensslSecurityLevel: 0,
    });
    try {
      const { answer, socket } = await sslRequest(c.host, c.port);
      expect(answer).toBe("S");
      const tls = tlsConnect({ socket, rejectUnauthorized: false });
      await new Promise<void>((resolve, reject) => {
        tls.once("secureConnect", resolve);
        tls.once("error", reject);
      });
      expect(tls.getPeerCertificate().bits).toBe(1024);
      tls.destroy();
    } finally {
      await c.stop();
    }
  });

  it("a server that cannot start fails with its log, and stop() is idempotent and removes the dir", async () => {
    await expect(
      startCluster({
        ssl: false,
        hba: ["host all all 127.0.0.1/32 reject"],
        settings: { ssl_min_protocol_version: "'SSLv2'" },
      }),
    ).rejects.toThrow(/did not start[\s\S]*invalid value for parameter "ssl_min_protocol_version"/);

    const c = await startCluster({ ssl: false, hba: ["host all all 127.0.0.1/32 reject"] });
    expect(existsSync(c.dir)).toBe(true);
    await c.stop();
    await c.stop();
    expect(existsSync(c.dir)).toBe(false);
    expect(c.log()).toContain("ready to accept connections");
    await expect(sslRequest(c.host, c.port)).rejects.toThrow(/ECONNREFUSED/);
  });
});
