import { createServer, type Server, type Socket } from "node:net";
import { TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, initTemplate, startCluster } from "../../src/lab/pg-cluster.js";
import { type LoginOptions, loginAndQuery } from "../../src/mitm/upstream-session.js";
import { type CertificateAuthority, createCa, type Issued } from "../../src/tls/certs.js";
import { type ScriptedServer, startScriptedServer } from "../helpers/scripted-pgwire.js";

const WRONG_PASSWORD = "not-the-lab-password-8f3a";

describe("loginAndQuery against real PostgreSQL servers (verified TLS)", () => {
  let ca: CertificateAuthority;
  let otherCa: CertificateAuthority;
  let scram: Cluster;
  let md5: Cluster;
  let cleartext: Cluster;

  const opts = (c: Cluster, over: Partial<LoginOptions> = {}): LoginOptions => ({
    host: c.host,
    port: c.port,
    ca: ca.certPem,
    user: c.user,
    database: "postgres",
    password: c.password,
    query: "SELECT current_user",
    timeoutMs: 5000,
    ...over,
  });

  beforeAll(async () => {
    // A missing PostgreSQL fails here, with "apt-get install -y postgresql" in the error.
    await initTemplate();
    [ca, otherCa] = await Promise.all([createCa(), createCa({ commonName: "some other CA" })]);
    const server = await ca.issue({
      commonName: "localhost",
      dnsNames: ["localhost"],
      ipAddresses: ["127.0.0.1"],
    });
    [scram, md5, cleartext] = await Promise.all([
      startCluster({ ssl: true, server, hba: ["hostssl all all 127.0.0.1/32 scram-sha-256"] }),
      startCluster({ ssl: true, server, hba: ["hostssl all all 127.0.0.1/32 md5"] }),
      startCluster({ ssl: true, server, hba: ["hostssl all all 127.0.0.1/32 password"] }),
    ]);
    expect(scram.password).toBe("wirewarden-lab");
  });

  afterAll(async () => {
    await Promise.all([scram?.stop(), md5?.stop(), cleartext?.stop()]);
  });

  it("SCRAM-SHA-256 login, SELECT current_user returns [['postgres']]", async () => {
    const r = await loginAndQuery(opts(scram));
    expect(r).toEqual({
      ok: true,
      rows: [["postgres"]],
      serverVersion: expect.stringMatching(/^\d+\.\d+/),
      auth: "SCRAM-SHA-256",
    });
    // Terminate, then FIN: the server logs no reset or unexpected EOF for the session.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(scram.log()).not.toMatch(/unexpected EOF|could not receive data|Connection reset/);
  });

  it("the certificate's DNS name as servername, over the IP address", async () => {
    const r = await loginAndQuery(opts(scram, { servername: "localhost", query: "SHOW application_name" }));
    expect(r).toMatchObject({ ok: true, rows: [["wirewarden-prove"]] });
  });

  it("several rows and columns, NULL as the empty string, UTF-8 text", async () => {
    const r = await loginAndQuery(
      opts(scram, { query: "SELECT g::text, NULL, 'ü€' FROM generate_series(1, 3) g ORDER BY g" }),
    );
    expect(r).toMatchObject({
      ok: true,
      rows: [
        ["1", "", "ü€"],
        ["2", "", "ü€"],
        ["3", "", "ü€"],
      ],
    });
  });

  it("wrong password: stage auth with PostgreSQL's 28P01, and the password appears nowhere", async () => {
    const r = await loginAndQuery(opts(scram, { password: WRONG_PASSWORD }));
    expect(r).toEqual({
      ok: false,
      stage: "auth",
      error: 'FATAL 28P01: password authentication failed for user "postgres"',
    });
    expect(JSON.stringify(r)).not.toContain(WRONG_PASSWORD);
  });

  it("a CA that did not issue the server's certificate: stage tls", async () => {
    const r = await loginAndQuery(opts(scram, { ca: otherCa.certPem }));
    expect(r).toMatchObject({ ok: false, stage: "tls" });
    if (!r.ok) expect(r.error).toMatch(/TLS handshake failed: .*(verify|issuer)/i);
  });

  it("no CA (Node's system store): stage tls", async () => {
    const r = await loginAndQuery({ ...opts(scram), ca: undefined });
    expect(r).toMatchObject({ ok: false, stage: "tls" });
  });

  it("a servername the certificate does not name: stage tls, host name mismatch", async () => {
    const r = await loginAndQuery(opts(scram, { servername: "db.example.com" }));
    expect(r).toMatchObject({ ok: false, stage: "tls" });
    if (!r.ok) expect(r.error).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID|altnames/i);
  });

  it("a database that does not exist: authenticated, then refused (stage auth, 3D000)", async () => {
    const r = await loginAndQuery(opts(scram, { database: "no_such_db" }));
    expect(r).toMatchObject({ ok: false, stage: "auth" });
    if (!r.ok) expect(r.error).toMatch(/^authenticated, but .*3D000.*no_such_db/);
  });

  it("a failing query: stage query with the server's SQLSTATE", async () => {
    const r = await loginAndQuery(opts(scram, { query: "SELECT 1/0" }));
    expect(r).toEqual({ ok: false, stage: "query", error: "ERROR 22012: division by zero" });
  });

  it("a closed port: stage connect", async () => {
    const r = await loginAndQuery(opts(scram, { port: await closedPort() }));
    expect(r).toEqual({ ok: false, stage: "connect", error: "connection refused" });
  });

  it("a plaintext-only server (ssl off): stage tls, nothing sent in the clear", async () => {
    const plain = await startCluster({ ssl: false, hba: ["host all all 127.0.0.1/32 password"] });
    try {
      const r = await loginAndQuery(opts(plain));
      expect(r).toEqual({
        ok: false,
        stage: "tls",
        error: "the server refused TLS (answered N to SSLRequest)",
      });
      expect(plain.log()).not.toContain("wirewarden-prove");
    } finally {
      await plain.stop();
    }
  });

  it("an md5 HBA line: SCRAM while the password is stored as SCRAM, MD5 once it is stored as MD5", async () => {
    // PostgreSQL: with `md5` in pg_hba.conf and a SCRAM verifier stored, the server asks for SCRAM anyway.
    const before = await loginAndQuery(opts(md5));
    expect(before).toMatchObject({ ok: true, rows: [["postgres"]], auth: "SCRAM-SHA-256" });
    const wrongScram = await loginAndQuery(opts(md5, { password: WRONG_PASSWORD }));
    expect(wrongScram).toMatchObject({ ok: false, stage: "auth", error: expect.stringContaining("28P01") });

    // Re-store the same password as an MD5 hash: now the server sends AuthenticationMD5Password.
    const rehash = await loginAndQuery(
      opts(md5, {
        query: `SET password_encryption = 'md5'; ALTER ROLE postgres PASSWORD '${md5.password}'; SELECT left(rolpassword, 3) FROM pg_authid WHERE rolname = 'postgres'`,
      }),
    );
    expect(rehash).toMatchObject({ ok: true, rows: [["md5"]] });
    const after = await loginAndQuery(opts(md5));
    expect(after).toMatchObject({ ok: true, rows: [["postgres"]], auth: "md5" });
    const wrongMd5 = await loginAndQuery(opts(md5, { password: WRONG_PASSWORD }));
    expect(wrongMd5).toEqual({
      ok: false,
      stage: "auth",
      error: 'FATAL 28P01: password authentication failed for user "postgres"',
    });
  });

  it("a scram-sha-256 HBA line refuses an MD5-stored password outright", async () => {
    const c = await startCluster({
      ssl: true,
      server: await ca.issue({ commonName: "localhost", ipAddresses: ["127.0.0.1"] }),
      hba: ["hostssl all all 127.0.0.1/32 scram-sha-256"],
    });
    try {
      const rehash = await loginAndQuery(
        opts(c, { query: `SET password_encryption = 'md5'; ALTER ROLE postgres PASSWORD '${c.password}'` }),
      );
      expect(rehash).toMatchObject({ ok: true });
      const r = await loginAndQuery(opts(c));
      expect(r).toEqual({
        ok: false,
        stage: "auth",
        error: 'FATAL 28P01: password authentication failed for user "postgres"',
      });
    } finally {
      await c.stop();
    }
  });

  it("a password HBA line: cleartext password inside the verified TLS", async () => {
    const r = await loginAndQuery(opts(cleartext));
    expect(r).toMatchObject({ ok: true, rows: [["postgres"]], auth: "cleartext" });
    const wrong = await loginAndQuery(opts(cleartext, { password: WRONG_PASSWORD }));
    expect(wrong).toEqual({
      ok: false,
      stage: "auth",
      error: 'FATAL 28P01: password authentication failed for user "postgres"',
    });
    expect(JSON.stringify(wrong)).not.toContain(WRONG_PASSWORD);
  });

  describe("scripted servers (not databases): hostile replies no PostgreSQL produces", () => {
    const scripted: ScriptedServer[] = [];
    afterAll(async () => {
      await Promise.all(scripted.map((s) => s.close()));
    });
    const against = async (script: Parameters<typeof startScriptedServer>[0], timeoutMs = 5000) => {
      const s = await startScriptedServer(script);
      scripted.push(s);
      const started = Date.now();
      const r = await loginAndQuery({ ...opts(scram), port: s.port, timeoutMs });
      return { r, ms: Date.now() - started };
    };

    it("bytes after 'S' (CVE-2021-23222 pattern): refused before any handshake", async () => {
      const { r } = await against("bytes-after-s");
      expect(r).toMatchObject({
        ok: false,
        stage: "tls",
        error: expect.stringMatching(/bytes arrived after 'S'/),
      });
    });

    it("silence: gives up within the budget", async () => {
      const { r, ms } = await against("silent", 300);
      expect(r).toMatchObject({ ok: false, stage: "tls", error: expect.stringMatching(/within the 300 ms/) });
      // It ends within a bound 3× what a busy CI machine took (2.2 s seen), not at the speed of an idle one.
      expect(ms).toBeLessThan(6_000);
    });

    it("a 2 GB ErrorResponse instead of 'S': refused", async () => {
      const { r } = await against("huge-length");
      expect(r).toMatchObject({ ok: false, stage: "tls" });
    });

    it("a reset in the handshake: stage tls", async () => {
      const { r } = await against("reset-in-handshake");
      expect(r).toMatchObject({ ok: false, stage: "tls" });
    });
  });

  describe("a scripted SCRAM server (not a database) with a valid certificate: the server must prove itself", () => {
    let leaf: Issued;
    beforeAll(async () => {
      leaf = await ca.issue({ commonName: "localhost", ipAddresses: ["127.0.0.1"] });
    });

    const run = async (behaviour: ScramBehaviour, over: Partial<LoginOptions> = {}) => {
      const s = await scramServer(leaf, behaviour);
      try {
        return await loginAndQuery({ ...opts(scram), port: s.port, timeoutMs: 2000, ...over });
      } finally {
        await s.close();
      }
    };

    it("a wrong server signature in SASLFinal: stage auth", async () => {
      const r = await run("bad-signature");
      expect(r).toMatchObject({
        ok: false,
        stage: "auth",
        error: expect.stringMatching(/signature is wrong/),
      });
    });

    it("AuthenticationOk without SASLFinal: stage auth", async () => {
      const r = await run("skip-final");
      expect(r).toMatchObject({
        ok: false,
        stage: "auth",
        error: expect.stringMatching(/without completing SCRAM/),
      });
    });

    it("a server nonce that does not extend the client's: stage auth", async () => {
      const r = await run("foreign-nonce");
      expect(r).toMatchObject({ ok: false, stage: "auth", error: expect.stringMatching(/does not extend/) });
    });

    it("an iteration count of 10^9: refused at once, no CPU burnt", async () => {
      const started = Date.now();
      const r = await run("huge-iterations");
      expect(r).toMatchObject({ ok: false, stage: "auth", error: expect.stringMatching(/iteration count/) });
      // 10^9 PBKDF2 rounds would take minutes; refusing them takes milliseconds (bound wide for a busy machine).
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it("only SCRAM-SHA-256-PLUS offered: stage auth, names what was offered", async () => {
      const r = await run("plus-only");
      expect(r).toMatchObject({
        ok: false,
        stage: "auth",
        error: expect.stringMatching(/offers: SCRAM-SHA-256-PLUS/),
      });
    });

    it("a server echoing the password in an error gets it masked", async () => {
      const r = await run("echo-password", { password: WRONG_PASSWORD });
      expect(r).toMatchObject({ ok: false, stage: "auth" });
      expect(JSON.stringify(r)).not.toContain(WRONG_PASSWORD);
      if (!r.ok) expect(r.error).toContain("****");
    });
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

type ScramBehaviour =
  | "bad-signature"
  | "skip-final"
  | "foreign-nonce"
  | "huge-iterations"
  | "plus-only"
  | "echo-password";

function message(type: string, body: Buffer | string): Buffer {
  const b = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  const head = Buffer.alloc(5);
  head.write(type, 0, "latin1");
  head.writeUInt32BE(b.length + 4, 1);
  return Buffer.concat([head, b]);
}

function auth(code: number, rest: Buffer | string = Buffer.alloc(0)): Buffer {
  const c = Buffer.alloc(4);
  c.writeInt32BE(code, 0);
  return message("R", Buffer.concat([c, typeof rest === "string" ? Buffer.from(rest, "utf8") : rest]));
}

/**
 * A SCRIPTED pgwire server — not a database: 'S', TLS with a certificate the lab CA issued, then a SCRAM exchange
 * that goes wrong in the way `behaviour` says. Messages are assumed to arrive whole (one small write each).
 */
async function scramServer(
  leaf: Issued,
  behaviour: ScramBehaviour,
): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.once("data", () => {
      socket.write("S");
      const tls = new TLSSocket(socket, { isServer: true, cert: leaf.certPem, key: leaf.keyPem });
      tls.on("error", () => {});
      let step = 0;
      let clientNonce = "";
      tls.on("data", (chunk: Buffer) => {
        step++;
        if (step === 1) {
          // StartupMessage.
          if (behaviour === "echo-password") tls.write(auth(3));
          else
            tls.write(auth(10, behaviour === "plus-only" ? "SCRAM-SHA-256-PLUS\0\0" : "SCRAM-SHA-256\0\0"));
          return;
        }
        if (behaviour === "echo-password") {
          const password = chunk.subarray(5, chunk.length - 1).toString("utf8");
          tls.end(message("E", `SFATAL\0C28P01\0Mwrong password ${password} for you\0\0`));
          return;
        }
        if (step === 2) {
          // SASLInitialResponse: 'p', len, "SCRAM-SHA-256\0", int32, client-first.
          const first = chunk.toString("utf8");
          clientNonce = /r=([^,]+)$/.exec(first)?.[1] ?? "";
          const nonce = behaviour === "foreign-nonce" ? "someoneelsesnonce123" : `${clientNonce}server`;
          const iterations = behaviour === "huge-iterations" ? 1_000_000_000 : 4096;
          tls.write(auth(11, `r=${nonce},s=W22ZaJ0SNY7soEsUEjb6gQ==,i=${iterations}`));
          return;
        }
        if (step === 3) {
          if (behaviour === "skip-final") tls.write(Buffer.concat([auth(0), message("Z", "I")]));
          else tls.write(auth(12, "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));
        }
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
