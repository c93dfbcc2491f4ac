/**
 * Issue 21, the pooler hop: a Django alias on sslmode=verify-full proves nothing about the leg behind PgBouncer.
 * Real peers only: the project's own Django client (python/wirewarden_django_client.py, as `prove` runs it) on
 * verify-full against PgBouncer's client-side certificate → Debian's PgBouncer 1.18 → an attacker on PgBouncer's
 * upstream leg (src/lab/leg-attacker.ts: strip or forge, then relay) → a real PostgreSQL 15 that accepts only
 * SCRAM inside TLS. What the attacker read is the evidence: the application's own query, marked per run.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  backendMessages,
  frontendMessages,
  type LegAttacker,
  type LegConnection,
  startLegAttacker,
  type WireMessage,
} from "../../src/lab/leg-attacker.js";
import { type Cluster, initTemplate, startCluster } from "../../src/lab/pg-cluster.js";
import {
  type PgBouncer,
  type PgBouncerSslmode,
  requirePgBouncer,
  startPgBouncer,
} from "../../src/lab/pgbouncer.js";
import { type ClientRun, runDjangoClient } from "../../src/mitm/django-client.js";
import { type CertificateAuthority, createCa, type Issued } from "../../src/tls/certs.js";
import { requireDjango } from "../helpers/python.js";
import { STACKS, type Stack, stackVersions } from "../helpers/stacks.js";
import { djangoProject } from "../helpers/tree.js";

/** The name in the alias's HOST and in PgBouncer's certificate; it does not resolve: hostaddr routes the client. */
const POOLER_HOST = "pooler.lab.test";
const ENV = { PATH: process.env.PATH ?? "/usr/bin:/bin", LC_ALL: "C" };
/** The Django client's whole run; its libpq connect_timeout is half of it (django-client.ts). */
const CLIENT_TIMEOUT_MS = 20_000;
/**
 * PgBouncer 1.18 sends a client nothing while its server login keeps failing (measured: the client waits), until
 * query_wait_timeout (default 120 s) ends it with "FATAL 08P01 query_wait_timeout". 2 s keeps a refusal short and
 * well inside the client's own 10 s connect_timeout, so the error the client shows is PgBouncer's.
 */
const QUERY_WAIT_TIMEOUT_S = "2";

let labCa: CertificateAuthority;
let labCaFile: string;
let attackerCert: Issued;
let poolerCert: Issued;
let server: Cluster;
let work: string;

beforeAll(async () => {
  requirePgBouncer();
  requireDjango();
  await initTemplate();
  labCa = await createCa({ commonName: "wirewarden pooler-lab CA" });
  // The attacker's CA is made up for the run: nothing trusts it. Its certificate is for the right address.
  const attackerCa = await createCa({ commonName: "wirewarden attacker CA" });
  attackerCert = await attackerCa.issue({ commonName: "127.0.0.1", ipAddresses: ["127.0.0.1"] });
  poolerCert = await labCa.issue({ commonName: POOLER_HOST, dnsNames: [POOLER_HOST] });
  work = mkdtempSync(join(tmpdir(), "wirewarden-pooler-"));
  labCaFile = join(work, "lab-ca.pem");
  writeFileSync(labCaFile, labCa.certPem);
  server = await startCluster({
    ssl: true,
    server: await labCa.issue({ commonName: "127.0.0.1", ipAddresses: ["127.0.0.1"] }),
    hba: ["hostssl all all 127.0.0.1/32 scram-sha-256"],
  });
});

afterAll(async () => {
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/**
 * A Django project whose `default` alias is PgBouncer on verify-full (the lab CA signed PgBouncer's certificate),
 * and which, like many applications, runs a statement on every new connection (connection_created): the marker the
 * attacker looks for. It also asks PostgreSQL whether that very session is encrypted.
 */
function project(marker: string): string {
  return djangoProject(work, {
    host: POOLER_HOST,
    port: 6432,
    user: server.user,
    password: server.password,
    options: `{"sslmode": "verify-full", "sslrootcert": ${JSON.stringify(labCaFile)}}`,
    extra: `
from django.db.backends.signals import connection_created


def _on_connect(sender, connection, **kwargs):
    with connection.cursor() as cursor:
        cursor.execute("SELECT '${marker}', ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        cursor.fetchone()


connection_created.connect(_on_connect)
`,
  });
}

function pooler(upstreamPort: number, sslmode: PgBouncerSslmode, ca?: string): Promise<PgBouncer> {
  return startPgBouncer({
    upstream: { host: "127.0.0.1", port: upstreamPort },
    serverTlsSslmode: sslmode,
    ...(ca ? { serverTlsCaFile: ca } : {}),
    clientTls: poolerCert,
    clientTlsSslmode: "require",
    authType: "scram-sha-256",
    users: [{ name: server.user, password: server.password }],
    settings: { query_wait_timeout: QUERY_WAIT_TIMEOUT_S },
  });
}

async function django(stack: Stack, dir: string, port: number): Promise<ClientRun> {
  return runDjangoClient({
    python: stack.python,
    project: dir,
    settings: "shop.settings",
    alias: "default",
    hostaddr: "127.0.0.1",
    port,
    env: { ...ENV, ...stack.env },
    timeoutMs: CLIENT_TIMEOUT_MS,
  });
}

interface Attempt {
  run: ClientRun;
  conns: readonly LegConnection[];
  log: string;
  marker: string;
}

/** One Django run through PgBouncer (`sslmode` upstream) with the attacker between PgBouncer and PostgreSQL. */
async function attacked(
  stack: Stack,
  mode: "strip" | "forge",
  sslmode: PgBouncerSslmode,
  ca?: string,
): Promise<Attempt> {
  const marker = `WWMARKER-${randomBytes(6).toString("hex")}`;
  const attacker: LegAttacker = await startLegAttacker({
    mode,
    certificate: attackerCert,
    upstream: { host: server.host, port: server.port },
    timeoutMs: CLIENT_TIMEOUT_MS,
  });
  const bouncer = await pooler(attacker.port, sslmode, ca);
  try {
    const run = await django(stack, project(marker), bouncer.port);
    return { run, conns: attacker.connections(), log: bouncer.log(), marker };
  } finally {
    await bouncer.stop();
    await attacker.close();
  }
}

/** Did the attacker read `text` anywhere, in either direction? */
const sawText = (conns: readonly LegConnection[], text: string) =>
  conns.some((c) => c.fromVictim.includes(text) || c.fromServer.includes(text));

/** The text columns of a DataRow body (int16 count, then int32 length and bytes each; -1 is NULL). */
function dataRow(body: Buffer): (string | null)[] {
  const n = body.readInt16BE(0);
  const out: (string | null)[] = [];
  let at = 2;
  for (let i = 0; i < n; i++) {
    const len = body.readInt32BE(at);
    at += 4;
    out.push(len < 0 ? null : body.toString("utf8", at, at + len));
    if (len > 0) at += len;
  }
  return out;
}

/** What the attacker read on the one relayed connection that carried the application's marker. */
function leaked(a: Attempt) {
  const c = a.conns.find((x) => x.relayed && x.fromVictim.includes(a.marker));
  if (!c)
    throw new Error(
      `the attacker did not read the marker; what it did: ${JSON.stringify(a.conns.map((x) => x.steps))}`,
    );
  const sent = frontendMessages(c.fromVictim);
  const startup = sent[0];
  const body = (m: WireMessage) => ("body" in m ? m.body.toString("utf8") : "");
  return {
    connection: c,
    startup: startup && "params" in startup ? startup.params : {},
    /** Texts of the Query messages, in order. */
    queries: sent.filter((m) => m.type === "Q").map((m) => body(m).replace(/\0$/, "")),
    /** The password messages ('p'): here the SCRAM exchange, in the clear on the attacker's side. */
    passwordMessages: sent.filter((m) => m.type === "p").map(body),
    rows: backendMessages(c.fromServer)
      .filter((m): m is { type: string; body: Buffer } => m.type === "D" && "body" in m)
      .map((m) => dataRow(m.body)),
  };
}

/** The refusal: the Django client fails, and nothing of the session went past the attacker. */
function expectRefused(a: Attempt) {
  expect(a.run).toMatchObject({ ok: false, stage: "connect", sslmode: "verify-full" });
  // libpq's words: PgBouncer 1.18 tells a client nothing about its failed server login until query_wait_timeout.
  expect(a.run.libpq).toMatch(/failed: FATAL: {2}query_wait_timeout$/);
  expect(a.conns.length).toBeGreaterThan(0);
  expect(a.conns.some((c) => c.relayed)).toBe(false);
  expect(a.conns.every((c) => c.fromVictim.length === 0 && c.fromServer.length === 0)).toBe(true);
  expect(sawText(a.conns, a.marker)).toBe(false);
}

/** Let through: Django's query ran, on verify-full, and the attacker read it and PostgreSQL's answer. */
function expectLeaked(a: Attempt) {
  expect(a.run).toMatchObject({ ok: true, sslmode: "verify-full", host: POOLER_HOST });
  const l = leaked(a);
  expect(l.startup).toMatchObject({ user: server.user, database: "postgres" });
  expect(l.queries).toContain(`SELECT '${a.marker}', ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()`);
  // PgBouncer's SCRAM client-first-message starts with the gs2 header "n,,": no channel binding, so nothing ties
  // the exchange to the TLS session the real server is in (the attacker's own).
  expect(l.passwordMessages[0]).toMatch(/^SCRAM-SHA-256\0[\s\S]{4}n,,n=,r=/);
  // PostgreSQL's answer, read by the attacker too: the marker, and ssl = t. The server saw an encrypted session.
  expect(l.rows).toContainEqual([a.marker, "t"]);
  return l;
}

// Debian's stack (libpq 15) and the newest (psycopg 3, libpq 18); the third (psycopg2-binary, libpq 17) would only
// repeat the client side, which is verify-full and works the same, for another ~12 s.
describe.each(STACKS.filter((s) => s.name !== "django52-psycopg2"))(
  "Django ($name, verify-full to PgBouncer) → PgBouncer 1.18 → attacker → PostgreSQL",
  (stack) => {
    beforeAll(() => {
      // A missing stack fails here, saying how to make it.
      stackVersions(stack);
    });

    it("control, no attacker: verify-full upstream with the lab CA, the query runs", async () => {
      const marker = `WWMARKER-${randomBytes(6).toString("hex")}`;
      const bouncer = await pooler(server.port, "verify-full", labCa.certPem);
      try {
        const run = await django(stack, project(marker), bouncer.port);
        expect(run).toMatchObject({ ok: true, sslmode: "verify-full" });
        expect(bouncer.log()).toMatch(/SSL established: TLSv1\.3/);
      } finally {
        await bouncer.stop();
      }
    });

    it("prefer + strip: let through; the attacker reads the query stream in cleartext", async () => {
      const a = await attacked(stack, "strip", "prefer");
      const l = expectLeaked(a);
      expect(l.connection).toMatchObject({ askedTls: true, tlsEstablished: false });
      expect(l.connection.steps).toContain("the victim asked for TLS (SSLRequest); attacker answered N");
    });

    it("prefer + forge: let through; PgBouncer takes a certificate from a CA made up for the run", async () => {
      const a = await attacked(stack, "forge", "prefer");
      const l = expectLeaked(a);
      expect(l.connection).toMatchObject({ askedTls: true, tlsEstablished: true });
    });

    it("require + forge: let through (require encrypts, but to whoever answers)", async () => {
      expectLeaked(await attacked(stack, "forge", "require"));
    });

    it("require + strip: refused (PgBouncer: 'server refused SSL')", async () => {
      const a = await attacked(stack, "strip", "require");
      expectRefused(a);
      expect(a.log).toMatch(/closing because: server refused SSL/);
    });

    it("verify-full + server_tls_ca_file, strip: refused, nothing leaked", async () => {
      const a = await attacked(stack, "strip", "verify-full", labCa.certPem);
      expectRefused(a);
      expect(a.conns[0]?.steps).toContain("the victim closed the connection after N: it insists on TLS");
      expect(a.log).toMatch(/closing because: server refused SSL/);
    });

    it("verify-full + server_tls_ca_file, forge: refused (unknown ca), nothing leaked", async () => {
      const a = await attacked(stack, "forge", "verify-full", labCa.certPem);
      expectRefused(a);
      expect(a.conns[0]?.tlsRefused).toMatch(/alert unknown ca/);
      expect(a.log).toContain(
        "WARNING TLS handshake error: handshake failed: error:0A000086:SSL routines::certificate verify failed",
      );
    });
  },
);
