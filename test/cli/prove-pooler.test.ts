/**
 * `wirewarden prove` on the leg behind a pooler (issue 21), run as a user runs it: a Django project whose alias
 * reaches PgBouncer on verify-full, and a compose file or pgbouncer.ini that configures PgBouncer's upstream leg.
 * Real peers: the project's own Django client on Debian's stack (Django 3.2, psycopg2, libpq 15) and on Django 5.2 /
 * psycopg 3 / libpq 18, this machine's PgBouncer run with the project's server_tls_sslmode, the lab's attacker on
 * its upstream leg and a throwaway PostgreSQL 15 that takes only SCRAM inside TLS.
 */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requirePgBouncer } from "../../src/lab/pgbouncer.js";
import { spawnCli, tempDir } from "../helpers/cli.js";
import { requireDjango } from "../helpers/python.js";
import { STACKS, type Stack, stackVersions } from "../helpers/stacks.js";
import { shopTree } from "../helpers/tree.js";

interface Row {
  alias: string;
  attack: string;
  outcome: string;
  detail: string;
  via?: string;
}
interface Finding {
  ruleId: string;
  message: string;
  evidence?: string;
}

/** The alias as production has it: PgBouncer by its compose name, verify-full with a root file only prod has. */
const SETTINGS = `SECRET_KEY = "wirewarden-test"
DEBUG = False
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "pgbouncer",
        "PORT": "6432",
        "NAME": "shop",
        "USER": "shop",
        "PASSWORD": "not-a-real-password",
        "OPTIONS": {"sslmode": "verify-full", "sslrootcert": "/etc/ssl/pgbouncer-ca.pem"},
    }
}
`;

/** A compose file: web, PgBouncer (edoburu's image, configured by its environment) and the database. */
const compose = (pgbouncerEnv: string) => `services:
  web:
    build: .
    environment:
      DJANGO_SETTINGS_MODULE: shop.settings
  pgbouncer:
    image: edoburu/pgbouncer:v1.23.1-p2
    environment:
      DB_HOST: db
${pgbouncerEnv}
  db:
    image: postgres:16
`;

let work: string;
beforeAll(() => {
  requireDjango();
  requirePgBouncer();
  work = tempDir("ww-prove-pooler-");
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function prove(dir: string, stack: Stack, extra: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const r = spawnCli(
    [
      "prove",
      dir,
      "--settings",
      "shop.settings",
      "--python",
      stack.python,
      "--attacks",
      "strip,forge",
      "--format",
      "json",
      ...extra,
    ],
    { env: { ...stack.env, ...env } },
  );
  const report = JSON.parse(r.stdout || "{}") as { attacks?: Row[]; findings?: Finding[] };
  return {
    ...r,
    leg: (report.attacks ?? []).filter((a) => a.via !== undefined),
    client: (report.attacks ?? []).filter((a) => a.via === undefined),
    findings: report.findings ?? [],
  };
}

const VIA = "compose service pgbouncer (image edoburu/pgbouncer:v1.23.1-p2)";

describe.each(STACKS.filter((s) => s.name !== "django52-psycopg2"))(
  "prove through PgBouncer ($name)",
  (stack) => {
    beforeAll(() => {
      stackVersions(stack);
    });

    it("SERVER_TLS_SSLMODE=prefer: both attacks on the leg are let through, though the client is verify-full", () => {
      const dir = shopTree(work, SETTINGS, {
        "docker-compose.yml": compose("      SERVER_TLS_SSLMODE: prefer"),
      });
      const r = prove(dir, stack);
      expect(r.code, r.stderr).toBe(1);
      // The client leg: verify-full holds (its root file does not exist here, so it refuses everything).
      expect(r.client.map((a) => a.outcome)).toEqual(["refused", "refused"]);
      expect(r.leg).toEqual([
        expect.objectContaining({ attack: "strip", outcome: "let-through", via: VIA }),
        expect.objectContaining({ attack: "forge", outcome: "let-through", via: VIA }),
      ]);
      for (const a of r.leg)
        expect(a.detail).toMatch(
          /^let through on the leg behind .*: the attacker read the application's query on PgBouncer's upstream connection: SELECT 'wirewarden-marker-[0-9a-f]{12}'; the query ran/,
        );
      expect(r.findings.map((f) => f.ruleId)).toEqual(["WW601", "WW602"]);
      const strip = r.findings[0] as Finding;
      expect(strip.message).toContain(`${VIA}, run with the project's settings for its upstream leg`);
      expect(strip.evidence).toContain(
        "server_tls_sslmode = prefer (docker-compose.yml:10), no server_tls_ca_file; reproduced with this machine's PgBouncer",
      );
      expect(strip.evidence).toContain(
        "upstream connection 1: the victim asked for TLS (SSLRequest); attacker answered N",
      );
      expect(strip.evidence).toContain("the client's own sslmode to the pooler: verify-full");
    });

    it("verify-full with a CA file: both refused by PgBouncer, in its own words; WW600", () => {
      const dir = shopTree(work, SETTINGS, {
        "docker-compose.yml": compose(
          "      SERVER_TLS_SSLMODE: verify-full\n      SERVER_TLS_CA_FILE: /etc/pgbouncer/db-ca.pem",
        ),
      });
      const r = prove(dir, stack);
      expect(r.code, r.stderr).toBe(0);
      expect(r.leg.map((a) => [a.attack, a.outcome, a.detail])).toEqual([
        ["strip", "refused", "PgBouncer: closing because: server refused SSL (age=0s)"],
        [
          "forge",
          "refused",
          "PgBouncer: TLS handshake error: handshake failed: error:0A000086:SSL routines::certificate verify failed",
        ],
      ]);
      expect(r.findings.map((f) => f.ruleId)).toEqual(["WW600"]);
      expect(r.findings[0]?.message).toMatch(
        /refused every attack \(strip, forge, strip \(pooler leg\), forge \(pooler leg\)\)$/,
      );
    });
  },
);

describe("prove through PgBouncer: the leg as the tree configures it", () => {
  const debian = STACKS[0] as Stack;

  it("require in pgbouncer.ini: strip refused, forge let through (require encrypts, to whoever answers)", () => {
    const dir = shopTree(work, SETTINGS, {
      "deploy/pgbouncer.ini":
        "[databases]\n* = host=db port=5432\n\n[pgbouncer]\nlisten_port = 6432\nserver_tls_sslmode = require\n",
    });
    const r = prove(dir, debian, ["--fail-on", "none"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.leg.map((a) => [a.attack, a.outcome])).toEqual([
      ["strip", "refused"],
      ["forge", "let-through"],
    ]);
    expect(r.leg[0]?.via).toBe("PgBouncer configuration deploy/pgbouncer.ini");
    expect(r.findings.map((f) => f.ruleId)).toEqual(["WW602"]);
    expect(r.findings[0]?.evidence).toContain("server_tls_sslmode = require (deploy/pgbouncer.ini:6)");
  });

  it("not set, no version named: PgBouncer ≤ 1.19's disable; forge is strip's finding, not a forged certificate", () => {
    const dir = shopTree(work, SETTINGS, {
      "deploy/pgbouncer.ini": "[databases]\n* = host=db port=5432\n\n[pgbouncer]\nlisten_port = 6432\n",
    });
    const r = prove(dir, debian, ["--fail-on", "none"]);
    expect(r.leg.map((a) => [a.attack, a.outcome])).toEqual([
      ["strip", "let-through"],
      ["forge", "not-run"],
    ]);
    expect(r.leg[1]?.detail).toMatch(
      /^PgBouncer did not ask for TLS on its upstream leg, so there was no certificate to forge; .*: strip reports that$/,
    );
    expect(r.findings.map((f) => f.ruleId)).toEqual(["WW601"]);
    expect(r.findings[0]?.evidence).toContain(
      "server_tls_sslmode not set: PgBouncer's default: disable up to 1.19, prefer from 1.20, and no version is named here",
    );
  });

  it("an %include the scan does not follow, nothing written: not run, and no verdict for that leg", () => {
    const dir = shopTree(work, SETTINGS, {
      "deploy/pgbouncer.ini": "[pgbouncer]\nlisten_port = 6432\n%include /etc/pgbouncer/tls.ini\n",
    });
    const r = prove(dir, debian, ["--fail-on", "none"]);
    expect(r.leg.map((a) => a.outcome)).toEqual(["not-run", "not-run"]);
    expect(r.leg[0]?.detail).toMatch(
      /^server_tls_sslmode is not written where the scan can read it \(.*includes/,
    );
    expect(r.findings.map((f) => f.ruleId)).toEqual(["WW600"]);
    expect(r.findings[0]?.message).toMatch(/refused every attack \(strip, forge\)$/);
  });

  it("no PgBouncer on this machine: not run, saying what to install; the client leg still proved", () => {
    const dir = shopTree(work, SETTINGS, {
      "docker-compose.yml": compose("      SERVER_TLS_SSLMODE: prefer"),
    });
    const r = prove(dir, debian, ["--fail-on", "none"], { PGBOUNCER_BIN: "/nonexistent/pgbouncer" });
    expect(r.client.map((a) => a.outcome)).toEqual(["refused", "refused"]);
    expect(r.leg.map((a) => a.outcome)).toEqual(["not-run", "not-run"]);
    expect(r.leg[0]?.detail).toBe(
      `the leg behind ${VIA} is proved with a real PgBouncer and PostgreSQL on loopback, and this machine lacks PgBouncer: apt-get install -y postgresql pgbouncer`,
    );
  });

  it("an alias that does not go through a pooler gets no pooler-leg rows", () => {
    const dir = shopTree(
      work,
      SETTINGS.replace('"HOST": "pgbouncer"', '"HOST": "db.internal"').replace('"6432"', '"5432"'),
      {
        "docker-compose.yml": compose("      SERVER_TLS_SSLMODE: prefer"),
      },
    );
    const r = prove(dir, debian, ["--fail-on", "none"]);
    expect(r.client).toHaveLength(2);
    expect(r.leg).toEqual([]);
  });
});
