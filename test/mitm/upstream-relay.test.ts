/**
 * The proxy's relay (--upstream) is a session of the one upstream client: it inherits the session's bounds. Each
 * upstream here is a SCRIPTED pgwire server — not a database — behind a real verified TLS handshake (a lab CA's
 * certificate for 127.0.0.1), misbehaving after AuthenticationOk in a way no PostgreSQL does; the client is a raw
 * socket sending a StartupMessage in plaintext (the strip attack).
 */

import { connect, createServer, type Server, type Socket } from "node:net";
import { TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConnectionFacts } from "../../src/mitm/model.js";
import { startAttackProxy } from "../../src/mitm/proxy.js";
import { MAX_SESSION_BYTES, MAX_SESSION_MESSAGES } from "../../src/mitm/upstream-session.js";
import { startupMessage, typedMessage } from "../../src/pgwire/frontend.js";
import { authenticationSasl } from "../../src/pgwire/server-messages.js";
import { type CertificateAuthority, createCa, type Issued } from "../../src/tls/certs.js";

const AUTH_OK = typedMessage("R", Buffer.from([0, 0, 0, 0]));
const READY = typedMessage("Z", Buffer.from("I"));
const parameterStatus = (name: string, value: string) =>
  typedMessage("S", Buffer.from(`${name}\0${value}\0`));
/** A well-formed answer to `SELECT current_user`: one row, "postgres". */
const PROOF_ANSWER = Buffer.concat([
  typedMessage("D", Buffer.concat([Buffer.from([0, 1, 0, 0, 0, 8]), Buffer.from("postgres")])),
  typedMessage("C", Buffer.from("SELECT 1\0")),
  READY,
]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the scripted upstream received and can do, after its TLS handshake. */
interface Peer {
  tls: TLSSocket;
  /** Every message the proxy sent inside TLS, whole (the StartupMessage first), in order. */
  received: Buffer[];
  /** The next message the proxy sends. */
  next(): Promise<Buffer>;
}

/** A SCRIPTED upstream (not a database): 'S', verified-able TLS with `leaf`, then `script` on the first connection. */
async function scriptedUpstream(
  leaf: Issued,
  script: (peer: Peer) => Promise<void>,
): Promise<{ port: number; peers: Peer[]; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const peers: Peer[] = [];
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.once("data", () => {
      socket.write("S");
      const tls = new TLSSocket(socket, { isServer: true, cert: leaf.certPem, key: leaf.keyPem });
      tls.on("error", () => {});
      let buffered = Buffer.alloc(0);
      let wake: (() => void) | undefined;
      const peer: Peer = {
        tls,
        received: [],
        async next() {
          const count = peer.received.length;
          while (peer.received.length === count) await new Promise<void>((r) => (wake = r));
          return peer.received[count] as Buffer;
        },
      };
      peers.push(peer);
      tls.on("data", (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        for (;;) {
          // The StartupMessage has no type byte; every later message has one.
          const head = peer.received.length === 0 ? 0 : 1;
          if (buffered.length < head + 4) break;
          const size = head + buffered.readUInt32BE(head);
          if (buffered.length < size) break;
          peer.received.push(buffered.subarray(0, size));
          buffered = buffered.subarray(size);
        }
        wake?.();
      });
      void peer.next().then(() => script(peer).catch(() => {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  return {
    port: address.port,
    peers,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * A proxy (strip, relaying to the scripted upstream) and a plaintext client that sends `messages` after its
 * StartupMessage as the proxy asks for them; resolves when the proxy closes the client's connection.
 */
async function relayThrough(
  ca: CertificateAuthority,
  upstreamPort: number,
  timeoutMs: number,
  answers: Buffer[] = [],
): Promise<{ facts: ConnectionFacts; fromProxy: Buffer; ms: number }> {
  const proxy = await startAttackProxy({
    attack: "strip",
    channel: "plaintext",
    listenHost: "127.0.0.1",
    listenPort: 0,
    timeoutMs,
    upstream: { host: "127.0.0.1", port: upstreamPort, ca: ca.certPem },
  });
  const started = Date.now();
  try {
    const chunks: Buffer[] = [];
    await new Promise<void>((resolve) => {
      const client = connect(proxy.port, "127.0.0.1", () => {
        client.write(startupMessage({ user: "postgres", database: "postgres" }));
      });
      const queue = [...answers];
      client.on("data", (b) => {
        chunks.push(b);
        const answer = queue.shift();
        if (answer) client.write(answer);
      });
      client.on("error", () => {});
      client.on("close", () => resolve());
    });
    const [facts] = proxy.connections();
    if (!facts) throw new Error("the proxy saw no connection");
    return { facts, fromProxy: Buffer.concat(chunks), ms: Date.now() - started };
  } finally {
    await proxy.close();
  }
}

describe("the relay inherits the upstream session's bounds (scripted upstreams, not databases)", () => {
  let ca: CertificateAuthority;
  let leaf: Issued;
  const upstreams: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    ca = await createCa();
    leaf = await ca.issue({ commonName: "localhost", ipAddresses: ["127.0.0.1"] });
  });
  afterAll(async () => {
    await Promise.all(upstreams.map((u) => u.close()));
  });
  const upstream = async (script: (peer: Peer) => Promise<void>) => {
    const u = await scriptedUpstream(leaf, script);
    upstreams.push(u);
    return u;
  };

  it("a byte flood after AuthenticationOk (80 ParameterStatus of 60 kB, then a good answer): cut at MAX_SESSION_BYTES", async () => {
    // Before the relay was a session, it read up to 256 messages of up to 64 KiB before ReadyForQuery and another
    // 256 for the query: this 4.8 MB login went through, the query ran and the proof said "postgres".
    const value = "x".repeat(60_000);
    const u = await upstream(async (peer) => {
      peer.tls.write(AUTH_OK);
      // Paced, so the proxy reads every byte (a burst would overflow its 256 KiB receive buffer first).
      for (let i = 0; i < 80 && peer.tls.writable; i++) {
        peer.tls.write(parameterStatus(`wirewarden_hostile_${i}`, value));
        await sleep(5);
      }
      peer.tls.write(READY);
      await peer.next();
      peer.tls.write(PROOF_ANSWER);
    });
    expect(80 * 60_000).toBeGreaterThan(MAX_SESSION_BYTES);
    const { facts, fromProxy } = await relayThrough(ca, u.port, 10_000);
    expect(facts).toMatchObject({ relayed: true, upstreamAuthenticated: true });
    expect(facts.query).toEqual({
      sql: "SELECT current_user",
      error: `the server sent more than ${MAX_SESSION_BYTES} bytes`,
    });
    expect(facts.steps.at(-1)).toBe(
      `proxy's query failed: the server sent more than ${MAX_SESSION_BYTES} bytes`,
    );
    // The login was cut before ReadyForQuery: the upstream never saw the query.
    expect(u.peers[0]?.received.map((m) => m.toString("latin1", 0, 1))).toEqual(["\0"]);
    expect(fromProxy.toString("latin1")).toContain("connection taken over by wirewarden prove");
  });

  it("a drip after AuthenticationOk (a ParameterStatus every 40% of the budget, never ReadyForQuery): cut by the session's deadline", async () => {
    // Before, every wait had the whole budget of its own: each message came in time, and the relay went on for
    // 256 of them (here, until the script stopped after 40, 16 s later, then one more budget).
    const u = await upstream(async (peer) => {
      peer.tls.write(AUTH_OK);
      for (let i = 0; i < 40 && peer.tls.writable; i++) {
        await sleep(400);
        peer.tls.write(parameterStatus("wirewarden_hostile", "slow"));
      }
    });
    const { facts, ms } = await relayThrough(ca, u.port, 1000);
    expect(facts).toMatchObject({ relayed: true, upstreamAuthenticated: true });
    expect(facts.query).toEqual({
      sql: "SELECT current_user",
      error: "a message from the server did not come within the 1000 ms budget",
    });
    // One budget from the connect, not one a message (bound wide for a busy machine).
    expect(ms).toBeLessThan(5_000);
  });

  it("a message flood after AuthenticationOk (tiny ParameterStatus, never ReadyForQuery): cut at MAX_SESSION_MESSAGES", async () => {
    const batch = Buffer.concat(Array.from({ length: 500 }, () => parameterStatus("h", "x")));
    const u = await upstream(async (peer) => {
      peer.tls.write(AUTH_OK);
      for (let i = 0; i < 20 && peer.tls.writable; i++) {
        peer.tls.write(batch);
        await sleep(5);
      }
    });
    const { facts } = await relayThrough(ca, u.port, 10_000);
    expect(facts.query).toEqual({
      sql: "SELECT current_user",
      error: `the server sent more than ${MAX_SESSION_MESSAGES} messages`,
    });
  });

  it("authentication that never ends (notices instead of a request): cut after MAX_AUTH_MESSAGES, said in a step", async () => {
    const notice = typedMessage("N", Buffer.from("SNOTICE\0C00000\0Mstill thinking\0\0"));
    const u = await upstream(async (peer) => {
      for (let i = 0; i < 40 && peer.tls.writable; i++) {
        peer.tls.write(notice);
        await sleep(5);
      }
    });
    const { facts } = await relayThrough(ca, u.port, 10_000);
    expect(facts).toMatchObject({ relayed: true, answeredAuth: false });
    expect(facts.upstreamAuthenticated).toBeUndefined();
    expect(facts.steps.at(-1)).toBe(
      "the relayed authentication broke off on the real server's side: authentication not over after 16 messages from the server",
    );
  });

  it("forwards byte for byte: SCRAM-PLUS hidden over plaintext, the client's answer and the server's refusal exact", async () => {
    const refusal = typedMessage(
      "E",
      Buffer.from("SFATAL\0VFATAL\0C28000\0MSCRAM channel binding check failed\0Rauth.c\0\0"),
    );
    const answer = typedMessage("p", Buffer.from("SCRAM-SHA-256\0\0\0\0\x04n,,x\xff", "latin1"));
    const u = await upstream(async (peer) => {
      peer.tls.write(
        typedMessage("R", Buffer.from("\0\0\0\x0aSCRAM-SHA-256-PLUS\0SCRAM-SHA-256\0\0", "latin1")),
      );
      await peer.next();
      peer.tls.write(refusal);
    });
    const { facts, fromProxy } = await relayThrough(ca, u.port, 5000, [answer]);
    expect(u.peers[0]?.received[1]).toEqual(answer);
    expect(fromProxy).toEqual(Buffer.concat([authenticationSasl(["SCRAM-SHA-256"]), refusal]));
    expect(facts).toMatchObject({
      relayed: true,
      answeredAuth: true,
      upstreamRefusal: "28000 SCRAM channel binding check failed",
    });
    expect(facts.steps.slice(1)).toEqual([
      "proxy relayed the StartupMessage to the real server over verified TLS",
      "the real server offered SCRAM-SHA-256-PLUS, SCRAM-SHA-256; proxy passed on only SCRAM-SHA-256",
      "client answered AuthenticationSASL; relayed",
      "the real server refused the relayed authentication: 28000 SCRAM channel binding check failed",
    ]);
  });
});
