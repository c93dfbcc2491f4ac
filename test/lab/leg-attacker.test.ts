/**
 * The lab's upstream-leg attacker on its own: its bounds (deadline, bytes recorded, connections) and its message
 * framing. What it shows about PgBouncer is test/mitm/pooler-upstream.test.ts.
 */
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backendMessages, frontendMessages, startLegAttacker } from "../../src/lab/leg-attacker.js";
import { type Cluster, initTemplate, startCluster } from "../../src/lab/pg-cluster.js";
import { createCa } from "../../src/tls/certs.js";

let server: Cluster;

beforeAll(async () => {
  await initTemplate();
  const ca = await createCa({ commonName: "wirewarden leg-attacker CA" });
  server = await startCluster({
    ssl: true,
    server: await ca.issue({ commonName: "127.0.0.1", ipAddresses: ["127.0.0.1"] }),
    hba: ["hostssl all all 127.0.0.1/32 scram-sha-256"],
  });
});

afterAll(async () => {
  await server?.stop();
});

function sslRequest(): Buffer {
  const b = Buffer.alloc(8);
  b.writeInt32BE(8, 0);
  b.writeInt32BE(80877103, 4);
  return b;
}

function startup(params: Record<string, string>): Buffer {
  const body = Buffer.from(`${Object.entries(params).flat().join("\0")}\0\0`);
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + body.length, 0);
  head.writeInt32BE(196608, 4);
  return Buffer.concat([head, body]);
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: "127.0.0.1", port }, () => resolve(s));
    s.once("error", reject);
  });
}

const closed = (s: Socket) => new Promise<void>((resolve) => s.once("close", () => resolve()));
const firstData = (s: Socket) => new Promise<Buffer>((resolve) => s.once("data", resolve));

describe("startLegAttacker", () => {
  it("strip relays a plaintext victim to the TLS-only server; each direction's record stops at the cap", async () => {
    const attacker = await startLegAttacker({
      mode: "strip",
      upstream: { host: server.host, port: server.port },
      timeoutMs: 5_000,
      maxRecordedBytes: 16,
    });
    try {
      const s = await open(attacker.port);
      s.write(sslRequest());
      expect((await firstData(s)).toString("latin1")).toBe("N");
      const hello = startup({ user: server.user, database: "postgres" });
      s.write(hello);
      // The real server's reply came through: AuthenticationSASL (R, code 10) over the attacker's own TLS.
      const reply = await firstData(s);
      expect(reply.toString("latin1", 0, 1)).toBe("R");
      expect(reply.readInt32BE(5)).toBe(10);
      s.destroy();
      const [c] = attacker.connections();
      expect(c).toMatchObject({ askedTls: true, tlsEstablished: false, relayed: true });
      expect(c?.fromVictim).toEqual(hello.subarray(0, 16));
      expect(c?.fromServer).toEqual(reply.subarray(0, 16));
    } finally {
      await attacker.close();
    }
  });

  it("a victim that sends nothing is cut off at the deadline", async () => {
    const attacker = await startLegAttacker({
      mode: "strip",
      upstream: { host: server.host, port: server.port },
      timeoutMs: 300,
    });
    try {
      const s = await open(attacker.port);
      const started = Date.now();
      await closed(s);
      // 300 ms deadline; 3 s is ten times that.
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(attacker.connections()[0]?.steps).toEqual(["the victim sent nothing more before the deadline"]);
    } finally {
      await attacker.close();
    }
  });

  it("takes at most 8 connections; the 9th is closed at once", async () => {
    const attacker = await startLegAttacker({
      mode: "strip",
      upstream: { host: server.host, port: server.port },
      timeoutMs: 5_000,
    });
    const sockets: Socket[] = [];
    try {
      for (let i = 0; i < 8; i++) sockets.push(await open(attacker.port));
      const ninth = await open(attacker.port);
      sockets.push(ninth);
      await closed(ninth);
      expect(attacker.connections()).toHaveLength(8);
    } finally {
      for (const s of sockets) s.destroy();
      await attacker.close();
    }
  });

  it("forge needs a certificate", async () => {
    await expect(
      startLegAttacker({
        mode: "forge",
        upstream: { host: server.host, port: server.port },
        timeoutMs: 1_000,
      }),
    ).rejects.toThrow(/forge needs a certificate/);
  });
});

describe("frontendMessages / backendMessages", () => {
  const query = (sql: string) => {
    const body = Buffer.from(`${sql}\0`);
    const head = Buffer.alloc(5);
    head.write("Q", 0, "latin1");
    head.writeInt32BE(4 + body.length, 1);
    return Buffer.concat([head, body]);
  };

  it("reads the StartupMessage's parameters, then typed messages, and stops at a truncated one", () => {
    const stream = Buffer.concat([
      startup({ user: "app", database: "shop" }),
      query("SELECT 1"),
      query("SELECT 2"),
    ]);
    const cut = stream.subarray(0, stream.length - 3);
    expect(frontendMessages(cut).map((m) => ("params" in m ? m.params : m.body.toString()))).toEqual([
      { user: "app", database: "shop" },
      "SELECT 1\0",
    ]);
    expect(frontendMessages(stream.subarray(0, 6))).toEqual([]);
  });

  it("backend messages start at the first byte", () => {
    expect(backendMessages(query("x")).map((m) => m.type)).toEqual(["Q"]);
    expect(backendMessages(Buffer.from([0x5a, 0, 0, 0, 2]))).toEqual([]);
  });
});
