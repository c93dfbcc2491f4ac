/**
 * direct-forge (issue 18): libpq 17+ with sslnegotiation=direct sends no SSLRequest; it starts TLS at once and
 * requires the server to select ALPN `postgresql`. The proxy's mechanics with Node's own TLS client first, then
 * `wirewarden prove` with the real Django clients: Django 5.2 + psycopg 3 (libpq 18) and + psycopg2-binary
 * (libpq 17) let a forged certificate through under require, refuse it under verify-full; Debian's libpq 15 does
 * not know the option and never connects. Every expectation is read from what the client did through the proxy.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect as tcpConnect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type TLSSocket, connect as tlsConnect } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judgeAttack } from "../../src/mitm/judge.js";
import { type AttackProxy, startAttackProxy } from "../../src/mitm/proxy.js";
import { sslRequest, startupMessage } from "../../src/pgwire/frontend.js";
import { createCa, type Issued } from "../../src/tls/certs.js";
import { type Proved, proveJson } from "../helpers/prove-json.js";
import { STACKS, type Stack } from "../helpers/stacks.js";
import { startTlsLab, type TlsLab } from "../helpers/tls-lab.js";
import { djangoProject } from "../helpers/tree.js";

const DB_HOST = "db.direct.test"; // does not resolve: only hostaddr routes the client, to the proxy
const PASSWORD = "direct-tls-not-real";
const NOT_DIRECT = "the client does not use direct TLS (sslnegotiation=direct)";

let work = "";
let forged: Issued;
let caFile = "";
let home = "";

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "wirewarden-direct-"));
  const attacker = await createCa({ commonName: "wirewarden direct-tls test attacker CA" });
  forged = await attacker.issue({ commonName: DB_HOST, dnsNames: [DB_HOST] });
  const clientCa = await createCa({ commonName: "wirewarden direct-tls test client CA" });
  caFile = join(work, "ca.pem");
  writeFileSync(caFile, clientCa.certPem);
  // An empty HOME: no ~/.postgresql/root.crt of this machine's user decides the outcome.
  home = join(work, "home");
  mkdirSync(home);
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const proxyFor = (channel: "tls" | "direct-tls") =>
  startAttackProxy({
    attack: channel === "tls" ? "forge" : "direct-forge",
    channel,
    certificate: forged,
    listenHost: "127.0.0.1",
    listenPort: 0,
    timeoutMs: 3000,
  });

/** Bytes from `socket` until it closes (or 3 s), or until `enough` of them came. */
function readAll(
  socket: TLSSocket | ReturnType<typeof tcpConnect>,
  enough = Number.POSITIVE_INFINITY,
): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const done = () => resolve(Buffer.concat(chunks));
    socket.on("data", (c: Buffer) => {
      chunks.push(c);
      if (Buffer.concat(chunks).length >= enough) done();
    });
    socket.on("close", done);
    socket.on("error", done);
    setTimeout(() => {
      socket.destroy();
      done();
    }, 3000);
  });
}

/** A direct ClientHello as libpq 17+ sends it (ALPN postgresql), accepting any certificate as a require client does. */
function directHello(port: number) {
  return tlsConnect({
    host: "127.0.0.1",
    port,
    servername: DB_HOST,
    ALPNProtocols: ["postgresql"],
    rejectUnauthorized: false,
  });
}

async function closeAll(...proxies: AttackProxy[]) {
  await Promise.all(proxies.map((p) => p.close()));
}

describe("the direct-tls proxy, with Node's TLS client", () => {
  it("takes a ClientHello as the first bytes, selects ALPN postgresql, then asks for SCRAM inside TLS", async () => {
    const proxy = await proxyFor("direct-tls");
    try {
      const socket = directHello(proxy.port);
      await new Promise<void>((resolve, reject) => {
        socket.once("secureConnect", () => resolve());
        socket.once("error", reject);
      });
      expect(socket.alpnProtocol).toBe("postgresql");
      expect(socket.getPeerCertificate().subject.CN).toBe(DB_HOST);
      // AuthenticationSASL [SCRAM-SHA-256]: 'R', int32 length 23, int32 10, the name, two NULs: 24 bytes.
      const reply = readAll(socket, 24);
      socket.write(startupMessage({ user: "app", database: "shop" }));
      const bytes = await reply;
      // AuthenticationSASL: 'R', length, code 10, then the mechanism list.
      expect(bytes.subarray(0, 1).toString()).toBe("R");
      expect(bytes.readInt32BE(5)).toBe(10);
      expect(bytes.toString("latin1")).toContain("SCRAM-SHA-256");
      const [facts] = proxy.connections();
      expect(facts).toMatchObject({
        directTls: true,
        askedTls: true,
        tlsEstablished: true,
        startup: { user: "app", database: "shop", inTls: true },
      });
      expect(facts?.steps.join("; ")).toContain("started TLS directly (no SSLRequest)");
      expect(facts?.steps.join("; ")).toContain("ALPN postgresql");
    } finally {
      await closeAll(proxy);
    }
  });

  it("a client that sends SSLRequest gets the connection closed, no byte back; the judge does not run it", async () => {
    const proxy = await proxyFor("direct-tls");
    try {
      const socket = tcpConnect({ host: "127.0.0.1", port: proxy.port });
      const reply = readAll(socket);
      socket.write(sslRequest());
      expect((await reply).length).toBe(0);
      const facts = proxy.connections();
      expect(facts[0]?.askedTls).toBe(true);
      expect(facts[0]?.directTls).toBeUndefined();
      expect(facts[0]?.steps.join("; ")).toContain("sent an SSLRequest instead of starting TLS directly");
      const run = judgeAttack({
        attack: "direct-forge",
        alias: "default",
        endpoint: `${DB_HOST}:5432`,
        connections: facts,
        client: { ok: false, error: "server closed the connection unexpectedly" },
      });
      expect(run.outcome).toBe("not-run");
      expect(run.notRunReason).toBe(NOT_DIRECT);
    } finally {
      await closeAll(proxy);
    }
  });

  it("a ClientHello at forge's SSLRequest proxy: closed, and the evidence names direct-forge", async () => {
    const proxy = await proxyFor("tls");
    try {
      const socket = directHello(proxy.port);
      const failed = await new Promise<boolean>((resolve) => {
        socket.once("secureConnect", () => resolve(false));
        socket.once("error", () => resolve(true));
        socket.once("close", () => resolve(true));
      });
      socket.destroy();
      expect(failed).toBe(true);
      expect(proxy.connections()[0]?.directTls).toBe(true);
      expect(proxy.connections()[0]?.steps.join("; ")).toContain(
        "the direct-forge attack is the one for this client",
      );
    } finally {
      await closeAll(proxy);
    }
  });
});

/** A one-module Django project whose `default` alias has these OPTIONS (a Python dict literal). */
function project(options: string, db: { port?: number; user?: string; password?: string } = {}): string {
  return djangoProject(work, {
    options,
    host: DB_HOST,
    port: db.port ?? 5432,
    user: db.user ?? "app",
    password: db.password ?? PASSWORD,
  });
}

const prove = (stack: Stack, dir: string, args: string[] = []): Promise<Proved> =>
  proveJson(stack, dir, { HOME: home }, args);

const stack = (name: string) => STACKS.find((s) => s.name === name) as Stack;
const MODERN = STACKS.filter((s) => s.libpq >= 17);
const DIRECT_REQUIRE = `{"sslmode": "require", "sslnegotiation": "direct"}`;

describe.each(MODERN.map((s) => [`${s.name} (libpq ${s.libpq})`, s] as const))(
  "prove with the real Django client on %s",
  (_name, s) => {
    it("require + sslnegotiation=direct: direct-forge let through (ALPN postgresql), WW606; downgrade in its channel", async () => {
      const p = await prove(s, project(DIRECT_REQUIRE));
      expect(p.outcome("strip")).toBe("refused");
      expect(p.outcome("forge")).toBe("refused");
      expect(p.outcome("direct-forge")).toBe("let-through");
      expect(p.outcome("downgrade")).toBe("let-through");
      expect(p.ids).toEqual(expect.arrayContaining(["WW606", "WW604", "WW605"]));
      expect(p.ids).not.toContain("WW600");
      expect(p.ids).not.toContain("WW602");
      const ww606 = p.findings.find((f) => f.ruleId === "WW606");
      expect(ww606?.evidence).toContain("started TLS directly (no SSLRequest)");
      expect(ww606?.evidence).toContain("ALPN postgresql");
      expect(ww606?.evidence).toContain("client answered with a SASL SCRAM-SHA-256 initial response");
      expect(p.raw).not.toContain(PASSWORD);
    });
  },
);

describe("prove and direct TLS on the modern stack (Django 5.2, psycopg 3, libpq 18)", () => {
  const modern = () => stack("django52-psycopg3");

  it("verify-full + a CA file + sslnegotiation=direct: direct-forge refused by the client, WW600 only", async () => {
    const p = await prove(
      modern(),
      project(
        `{"sslmode": "verify-full", "sslrootcert": ${JSON.stringify(caFile)}, "sslnegotiation": "direct"}`,
      ),
    );
    expect(p.outcome("direct-forge")).toBe("refused");
    expect(p.detail("direct-forge")).toContain("certificate verify failed");
    expect(p.outcome("downgrade")).toBe("not-run");
    expect(p.ids).toEqual(["WW600"]);
    expect(p.findings[0]?.message).toMatch(/refused every attack \(strip, forge, direct-forge\)/);
  });

  it("require without sslnegotiation: direct-forge is not run (the client sends SSLRequest); forge is WW602", async () => {
    const p = await prove(modern(), project(`{"sslmode": "require"}`));
    expect(p.outcome("direct-forge")).toBe("not-run");
    expect(p.detail("direct-forge")).toBe(NOT_DIRECT);
    expect(p.outcome("forge")).toBe("let-through");
    expect(p.ids).toContain("WW602");
    expect(p.ids).not.toContain("WW606");
  });

  it("--attacks direct-forge alone, then downgrade with it", async () => {
    const only = await prove(modern(), project(DIRECT_REQUIRE), ["--attacks", "direct-forge"]);
    expect(only.outcome("direct-forge")).toBe("let-through");
    expect(only.outcome("strip")).toBeUndefined();
    const withDowngrade = await prove(modern(), project(DIRECT_REQUIRE), [
      "--attacks",
      "direct-forge,downgrade",
    ]);
    expect(withDowngrade.outcome("downgrade")).toBe("let-through");
    const none = await prove(modern(), project(DIRECT_REQUIRE), ["--attacks", "downgrade"]);
    expect(none.outcome("downgrade")).toBe("not-run");
    expect(none.detail("downgrade")).toContain("downgrade runs inside the channel another attack gave");
  });
});

describe("prove and sslnegotiation=direct on Debian's stack (libpq 15)", () => {
  it("libpq 15 does not know the option: every attack refused before any connection, and WW600 says it cannot connect", async () => {
    const p = await prove(stack("debian"), project(DIRECT_REQUIRE));
    for (const attack of ["strip", "forge", "direct-forge"]) {
      expect(p.outcome(attack)).toBe("refused");
      expect(p.detail(attack)).toBe(
        'cannot connect, libpq rejects these settings: invalid dsn: invalid connection option "sslnegotiation"',
      );
    }
    expect(p.outcome("downgrade")).toBe("not-run");
    expect(p.ids).toEqual(["WW600"]);
    expect(p.findings[0]?.message).toContain(
      "never connected to the attacker (strip, forge, direct-forge, error-reflect)",
    );
    expect(p.findings[0]?.message).not.toContain("refused every attack");
  });
});

describe("prove direct-forge relayed to a real PostgreSQL (--upstream)", () => {
  let lab: TlsLab;
  beforeAll(async () => {
    lab = await startTlsLab("direct-relay", DB_HOST);
  });
  afterAll(async () => {
    await lab?.stop();
  });

  const relayed = (options: string) => {
    const { server } = lab;
    const dir = project(options, { port: server.port, user: server.user, password: server.password });
    return prove(stack("django52-psycopg3"), dir, [
      ...["--upstream", `127.0.0.1:${server.port}`, "--ca", lab.caFile, "--attacks", "direct-forge"],
    ]);
  };

  it("require + direct on libpq 18 (channel_binding prefer, libpq's default): the real server catches the forged certificate", async () => {
    const p = await relayed(DIRECT_REQUIRE);
    expect(p.outcome("direct-forge")).toBe("refused");
    // The real server's words, relayed to the client: the binding data of the attacker's certificate is wrong.
    expect(p.detail("direct-forge")).toContain("SCRAM channel binding check failed");
    expect(p.raw).not.toContain(lab.server.password);
  });

  it("require + direct + channel_binding=disable: the relayed login succeeds and the proxy runs its own query (WW605)", async () => {
    const { server } = lab;
    const p = await relayed(
      `{"sslmode": "require", "sslnegotiation": "direct", "channel_binding": "disable"}`,
    );
    expect(p.outcome("direct-forge")).toBe("let-through");
    const ww605 = p.findings.find((f) => f.ruleId === "WW605");
    expect(ww605?.message).toContain("through the direct-forge attack");
    expect(ww605?.evidence).toContain(`SELECT current_user → ${server.user}`);
    expect(p.raw).not.toContain(server.password);
  });
});
