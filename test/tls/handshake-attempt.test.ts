import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer as createNetServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer as createTlsServer } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selfSigned } from "../../src/tls/certs.js";
import {
  ANON_SUITES,
  buildClientHello,
  MODERN_SUITES,
  NULL_SUITES,
  RC4_SUITES,
  weaknessOf,
} from "../../src/tls/client-hello.js";
import { attemptHello } from "../../src/tls/handshake-attempt.js";

/** Bound on every wait in this file: connecting, starting s_server, and each hello. */
const WAIT_MS = 5_000;
const MODERN = MODERN_SUITES.map((s) => s.id);

function connectTo(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no connection to 127.0.0.1:${port} within ${WAIT_MS} ms`));
    }, WAIT_MS);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** One connection, one hand-built hello; the attempt must leave the socket destroyed whatever happened. */
async function hello(port: number, o: Parameters<typeof buildClientHello>[0], timeoutMs = WAIT_MS) {
  const socket = await connectTo(port);
  const reply = await attemptHello(socket, buildClientHello(o), timeoutMs);
  expect(socket.destroyed).toBe(true);
  return reply;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : 0);
    });
  });
}

interface SServer {
  port: number;
  child: ChildProcess;
}

/** Runs `openssl s_server` on a free loopback port, known once it prints `ACCEPT 127.0.0.1:<port>`. */
function startSServer(dir: string, args: string[]): Promise<SServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      "openssl",
      [
        "s_server",
        "-accept",
        "127.0.0.1:0",
        "-cert",
        join(dir, "cert.pem"),
        "-key",
        join(dir, "key.pem"),
        ...args,
      ],
      // stdin stays an open pipe: s_server relays it to the peer, and nothing must reach our connections.
      { stdio: ["pipe", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    const fail = (e: Error) => {
      clearTimeout(timer);
      child.kill();
      reject(e);
    };
    const timer = setTimeout(
      () => fail(new Error(`s_server did not listen within ${WAIT_MS} ms: ${err}`)),
      WAIT_MS,
    );
    child.on("error", (e: NodeJS.ErrnoException) =>
      fail(
        e.code === "ENOENT" ? new Error("the openssl binary is missing: install Debian package openssl") : e,
      ),
    );
    child.stderr?.on("data", (d: Buffer) => {
      err += d;
    });
    child.stdout?.on("data", (d: Buffer) => {
      // Kept only until the port shows; afterwards the pipe is just drained.
      if (out.length > 4096) return;
      out += d;
      const port = /^ACCEPT 127\.0\.0\.1:(\d+)$/m.exec(out)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve({ port: Number(port), child });
      }
    });
    // `close`, not `exit`: it comes after stderr has been read to the end, so the message is complete.
    child.on("close", (code) =>
      fail(new Error(`s_server ${args.join(" ")} exited with ${code}: ${err.trim()}`)),
    );
  });
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve();
    }, WAIT_MS);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill();
  });
}

describe("attemptHello against Debian's openssl s_server", () => {
  let dir: string;
  let legacy: SServer;
  let weak: SServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "wirewarden-tls-"));
    // RSA, so that the plain-RSA suites (NULL-MD5 and the like) have a key to use.
    const server = await selfSigned({
      commonName: "localhost",
      dnsNames: ["localhost"],
      key: { kind: "rsa", bits: 2048 },
    });
    writeFileSync(join(dir, "cert.pem"), server.certPem);
    writeFileSync(join(dir, "key.pem"), server.keyPem, { mode: 0o600 });
    [legacy, weak] = await Promise.all([
      // OpenSSL 3 allows TLS 1.0/1.1 only at security level 0: at the default level 2 the same server answers a
      // TLSv1 hello with an internal_error alert (80).
      startSServer(dir, [
        "-min_protocol",
        "TLSv1",
        "-max_protocol",
        "TLSv1.1",
        "-cipher",
        "DEFAULT:@SECLEVEL=0",
      ]),
      // Asks for 3DES and RC4 too; Debian 12's OpenSSL 3.0 has neither, and silently drops them from the list.
      startSServer(dir, ["-cipher", "DES-CBC3-SHA:RC4:eNULL:aNULL:@SECLEVEL=0"]),
    ]);
  });

  afterAll(async () => {
    await Promise.all([stop(legacy?.child), stop(weak?.child)]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ["TLSv1", 0x0301],
    ["TLSv1.1", 0x0302],
  ] as const)("a %s hello gets a ServerHello with that version", async (version, number) => {
    const r = await hello(legacy.port, { version, cipherSuites: MODERN, serverName: "localhost" });
    expect(r).toMatchObject({ kind: "server-hello", version: number });
    expect(MODERN).toContain(r.kind === "server-hello" && r.cipherSuite);
  });

  it("reads the version from the ServerHello: a TLSv1.2 hello to a TLS 1.1 server is answered with TLSv1.1", async () => {
    const r = await hello(legacy.port, { version: "TLSv1.2", cipherSuites: MODERN, serverName: "localhost" });
    expect(r).toMatchObject({ kind: "server-hello", version: 0x0302 });
  });

  it.each([
    ["NULL", NULL_SUITES],
    ["anonymous", ANON_SUITES],
  ] as const)("a %s-only hello gets a ServerHello choosing one of them", async (weakness, suites) => {
    const r = await hello(weak.port, { version: "TLSv1.2", cipherSuites: suites.map((s) => s.id) });
    expect(r).toMatchObject({ kind: "server-hello", version: 0x0303 });
    expect(r.kind === "server-hello" && weaknessOf(r.cipherSuite)).toBe(weakness);
  });

  // Debian 12's OpenSSL 3.0 has no 3DES or RC4 suites at all (`openssl ciphers DES-CBC3-SHA:@SECLEVEL=0` says "no
  // cipher match"), so no s_server can accept them here: the best it can do is refuse with handshake_failure.
  it.each([
    ["3DES (TLS_RSA_WITH_3DES_EDE_CBC_SHA)", [0x000a]],
    ["RC4", RC4_SUITES.map((s) => s.id)],
  ])("a %s-only hello gets a handshake_failure alert", async (_, cipherSuites) => {
    const r = await hello(weak.port, { version: "TLSv1.2", cipherSuites });
    expect(r).toEqual({ kind: "alert", level: 2, description: 40 });
  });

  it("s_server refuses to start with 3DES as its only suite (if this fails, 3DES is back: expect 0x000A above)", async () => {
    await expect(startSServer(dir, ["-cipher", "DES-CBC3-SHA:@SECLEVEL=0"])).rejects.toThrow(
      /no cipher match/,
    );
  });
});

describe("attemptHello against Node's tls.createServer with its defaults", () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    const { certPem, keyPem } = await selfSigned({ commonName: "localhost", dnsNames: ["localhost"] });
    server = createTlsServer({ cert: certPem, key: keyPem });
    port = await listen(server);
  });

  afterAll(() => {
    server?.close();
  });

  it.each(["SSLv3", "TLSv1", "TLSv1.1"] as const)("a %s hello gets a fatal alert", async (version) => {
    const r = await hello(port, { version, cipherSuites: MODERN, serverName: "localhost" });
    expect(r).toMatchObject({ kind: "alert", level: 2 });
    // protocol_version (70) for TLS 1.0/1.1; OpenSSL answers an SSLv3 hello with handshake_failure (40).
    expect([40, 70]).toContain(r.kind === "alert" && r.description);
  });

  it("a TLSv1.2 hello with MODERN_SUITES gets a ServerHello", async () => {
    const r = await hello(port, { version: "TLSv1.2", cipherSuites: MODERN, serverName: "localhost" });
    expect(r).toMatchObject({ kind: "server-hello", version: 0x0303 });
    expect(MODERN).toContain(r.kind === "server-hello" && r.cipherSuite);
  });
});

describe("attemptHello when the peer is not a TLS server", () => {
  const servers: Server[] = [];
  const serve = (onConnection: (s: Socket) => void) => {
    const server = createNetServer((s) => {
      s.on("error", () => {});
      s.once("data", () => onConnection(s));
    });
    servers.push(server);
    return listen(server);
  };
  const tls12 = { version: "TLSv1.2", cipherSuites: MODERN } as const;

  afterAll(() => {
    for (const s of servers) s.close();
  });

  it("reports a close or a reset as closed", async () => {
    expect(await hello(await serve((s) => s.end()), tls12)).toEqual({ kind: "closed" });
    expect(await hello(await serve((s) => s.resetAndDestroy()), tls12)).toEqual({ kind: "closed" });
  });

  it("gives up on a silent peer at the deadline", async () => {
    const port = await serve(() => {});
    const started = Date.now();
    expect(await hello(port, tls12, 150)).toEqual({ kind: "timeout" });
    expect(Date.now() - started).toBeLessThan(WAIT_MS);
  });

  it("calls a PostgreSQL ErrorResponse garbage", async () => {
    const port = await serve((s) => s.end(Buffer.from("E\0\0\0\x20SFATAL\0Mexpected startup\0\0", "latin1")));
    expect(await hello(port, tls12)).toMatchObject({ kind: "garbage" });
  });

  it("stops reading at 64 KiB when a huge handshake message never completes", async () => {
    // A ServerHello claiming 64 KiB, then full-size records that continue it: valid framing, never complete.
    const record = (body: Buffer) =>
      Buffer.concat([Buffer.from([22, 3, 3, body.length >> 8, body.length & 0xff]), body]);
    const port = await serve((s) => {
      s.write(record(Buffer.concat([Buffer.from([2, 1, 0, 0]), Buffer.alloc(16380)])));
      for (let i = 0; i < 4; i++) s.write(record(Buffer.alloc(16384)));
    });
    expect(await hello(port, tls12)).toEqual({
      kind: "garbage",
      reason: "no ServerHello or alert in 65536 bytes",
    });
  });

  it("does not throw on a socket that is already destroyed", async () => {
    const socket = await connectTo(await serve(() => {}));
    socket.destroy();
    expect(await attemptHello(socket, buildClientHello(tls12), 1_000)).toEqual({ kind: "closed" });
  });
});
