/**
 * The pooler-leg verdict (engine/prove-pooler.ts judgePoolerLeg) where the real runs in test/cli/prove-pooler.test.ts
 * cannot easily go: a lab that proved nothing earns no verdict. And the client script's two pooler-leg fields are
 * checked before the project's code runs (real /usr/bin/python3).
 */
import { describe, expect, it } from "vitest";
import { judgePoolerLeg, type PoolerLegEvidence } from "../../src/engine/prove-pooler.js";
import type { LegConnection } from "../../src/lab/leg-attacker.js";
import { runDjangoClient } from "../../src/mitm/django-client.js";
import { requireDjango, SYSTEM_PYTHON } from "../helpers/python.js";

const MARKER = "wirewarden-marker-00112233aabb";
const conn = (over: Partial<LegConnection>): LegConnection => ({
  askedTls: true,
  tlsEstablished: false,
  relayed: false,
  steps: [],
  fromVictim: Buffer.alloc(0),
  fromServer: Buffer.alloc(0),
  ...over,
});
const evidence = (over: Partial<PoolerLegEvidence>): PoolerLegEvidence => ({
  target: {
    alias: "default",
    host: "pgbouncer",
    port: 6432,
    settingsModule: "shop.settings",
    pooler: {
      where: "compose service pgbouncer (image edoburu/pgbouncer)",
      location: { file: "docker-compose.yml", line: 3, column: 5 },
      names: ["pgbouncer"],
      port: null,
      settings: {},
    },
  },
  attack: "strip",
  setup: "server_tls_sslmode = prefer (docker-compose.yml:9)",
  marker: MARKER,
  connections: [],
  poolerLog: "",
  client: { ok: false, stage: "connect", libpq: "FATAL:  query_wait_timeout", durationMs: 2100 },
  ...over,
});

describe("judgePoolerLeg", () => {
  it.each([
    ["PgBouncer never dialled the attacker", {}, /PgBouncer never opened its upstream connection/],
    [
      "a connection, but no refusal in PgBouncer's log and no query read",
      { connections: [conn({ steps: ["the victim asked for TLS (SSLRequest); attacker answered N"] })] },
      /neither a refusal in PgBouncer's log nor the application's query/,
    ],
    [
      "a refusal logged, yet the attacker relayed a session: not a refusal",
      {
        connections: [conn({ relayed: true, fromVictim: Buffer.from("SELECT 1") })],
        poolerLog: "2026-12-06 LOG S-0x1: a/b@127.0.0.1:1 closing because: server refused SSL (age=0s)",
      },
      /neither a refusal/,
    ],
  ])("%s: not run, with why", (_name, over, why) => {
    const r = judgePoolerLeg(evidence(over));
    expect(r.outcome).toBe("not-run");
    expect(r.notRunReason).toMatch(why);
    expect(r.notRunReason).toContain("the client said: FATAL:  query_wait_timeout");
    expect(r.via).toBe("compose service pgbouncer (image edoburu/pgbouncer)");
  });

  it("the marker read on a relayed connection is let through; PgBouncer's refusal without a relay is refused", () => {
    const read = judgePoolerLeg(
      evidence({
        connections: [conn({ relayed: true, fromVictim: Buffer.from(`Q\0\0\0\x20SELECT '${MARKER}'\0`) })],
      }),
    );
    expect(read.outcome).toBe("let-through");
    expect(read.evidence).toContain(
      `the client's own sslmode to the pooler: not set (libpq's default, prefer)`,
    );
    const refused = judgePoolerLeg(
      evidence({
        connections: [conn({})],
        poolerLog:
          "2026-12-06 12:00:00.000 UTC [9] LOG S-0x55aa: shop/postgres@127.0.0.1:4000 closing because: server refused SSL (age=0s)\n",
      }),
    );
    expect(refused.outcome).toBe("refused");
    expect(refused.evidence.at(-1)).toBe("PgBouncer: closing because: server refused SSL (age=0s)");
  });
});

describe("the client script's pooler-leg fields", () => {
  it.each([
    ["a relative sslrootcert", { sslrootcert: "ca.pem" }, "sslrootcert must be the absolute path of a file"],
    [
      "an sslrootcert that does not exist",
      { sslrootcert: "/nonexistent/ca.pem" },
      "sslrootcert must be the absolute path of a file",
    ],
    [
      "a marker that could carry SQL",
      { marker: "wirewarden-marker-00'; DROP TABLE x; --" },
      "marker must be wirewarden-marker- and hex digits",
    ],
  ])("%s is a bad request, refused before any project code runs", async (_name, over, message) => {
    requireDjango();
    const r = await runDjangoClient({
      python: SYSTEM_PYTHON,
      project: "/tmp",
      settings: "shop.settings",
      alias: "default",
      hostaddr: "127.0.0.1",
      port: 6432,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
      timeoutMs: 20_000,
      ...over,
    });
    expect(r).toMatchObject({ ok: false, stage: "request" });
    expect(r.error).toContain(message);
  });
});
