/**
 * `fix --write` end to end with real peers: the fixed settings compile, the scan is clean, Debian's Django 3.2 +
 * psycopg2 (libpq 15) load them and connect to a real TLS PostgreSQL 15 with the CA generated here, and `prove`
 * (relaying to that server) sees every attack refused.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../src/lab/pg-cluster.js";
import { runDjangoClient } from "../../src/mitm/django-client.js";
import { cli } from "../helpers/cli.js";
import { proveJson } from "../helpers/prove.js";
import { requireDjango } from "../helpers/python.js";
import { startTlsLab, type TlsLab } from "../helpers/tls-lab.js";

const PYTHON = "/usr/bin/python3";
const DB_HOST = "db.lab.test"; // does not resolve: hostaddr routes the client to 127.0.0.1
let lab: TlsLab;
let work: string;
let caFile: string;
let caKeyFile: string;
let server: Cluster;

beforeAll(async () => {
  requireDjango();
  lab = await startTlsLab("fix-e2e", DB_HOST);
  ({ work, caFile, caKeyFile, server } = lab);
});

afterAll(async () => {
  await lab?.stop();
});

function project(): string {
  const dir = mkdtempSync(join(work, "project-"));
  mkdirSync(join(dir, "shop"));
  writeFileSync(join(dir, "shop", "__init__.py"), "");
  writeFileSync(
    join(dir, "shop", "settings.py"),
    `import dj_database_url

SECRET_KEY = "fix-test"
INSTALLED_APPS = []
DATABASES = {
    # the primary: no OPTIONS at all (libpq's prefer)
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "postgres",
        "USER": "${server.user}",
        "PASSWORD": "${server.password}",
        "HOST": "${DB_HOST}",
        "PORT": ${server.port},
    },
    # a replica from a URL that asks for TLS without checking the certificate
    "replica": dj_database_url.config(
        env="REPLICA_URL",
        default="postgres://${server.user}:${server.password}@${DB_HOST}:${server.port}/postgres?sslmode=require",
        ssl_require=True,
    ),
}
`,
  );
  return dir;
}

async function proveOutcomes(dir: string): Promise<{ ids: string[]; outcomes: string[] }> {
  const { json } = await proveJson(
    dir,
    ["--upstream", `127.0.0.1:${server.port}`, "--ca", caFile, "--ca-key", caKeyFile],
    { DB_SSLROOTCERT: caFile },
  );
  return {
    ids: [...new Set(json.findings.map((f) => f.ruleId))].sort(),
    outcomes: json.attacks.map((a) => `${a.alias}:${a.attack}:${a.outcome}`),
  };
}

describe("fix --write, then the real client", () => {
  it("before: attacks get through; after: compiles, scans clean, connects with verify-full, every attack refused", async () => {
    const dir = project();
    // (the replica's forge is refused even before: relayed, SCRAM channel binding fails at the real server)
    const before = await proveOutcomes(dir);
    expect(before.outcomes).toEqual(
      expect.arrayContaining(["default:strip:let-through", "default:downgrade:let-through"]),
    );

    const fixed = await cli(["fix", dir, "--root-cert", "/nonexistent/ca.pem", "--write"]);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.stdout + fixed.stderr).not.toContain(server.password);
    const text = readFileSync(join(dir, "shop", "settings.py"), "utf8");
    expect(text).toContain("# the primary: no OPTIONS at all (libpq's prefer)");
    expect(text).not.toContain("ssl_require=True");
    expect(spawnSync(PYTHON, ["-m", "py_compile", join(dir, "shop", "settings.py")]).status).toBe(0);

    const scan = await cli(["scan", dir, "--format", "json", "--fail-on", "none"]);
    const ids = (JSON.parse(scan.stdout).findings as { ruleId: string }[]).map((f) => f.ruleId);
    expect(ids.filter((id) => /^WW10[1-7]$/.test(id))).toEqual([]);

    for (const alias of ["default", "replica"]) {
      const run = await runDjangoClient({
        python: PYTHON,
        project: dir,
        settings: "shop.settings",
        alias,
        hostaddr: "127.0.0.1",
        port: server.port,
        env: { PATH: process.env.PATH ?? "", DB_SSLROOTCERT: caFile },
        timeoutMs: 20_000,
      });
      expect(run, JSON.stringify(run)).toMatchObject({ ok: true, sslmode: "verify-full", host: DB_HOST });
    }

    const after = await proveOutcomes(dir);
    // Downgrade runs inside a channel the client accepted; with none accepted it has nothing to run in.
    expect(after.outcomes.sort()).toEqual(
      ["default", "replica"].flatMap((a) => [
        `${a}:binding-downgrade:not-run`,
        `${a}:direct-forge:not-run`,
        `${a}:downgrade:not-run`,
        `${a}:error-reflect:refused`,
        `${a}:forge:refused`,
        `${a}:strip:refused`,
        `${a}:wrong-host:refused`,
      ]),
    );
    expect(after.ids).toEqual(["WW600"]);

    const again = await cli(["fix", dir]);
    expect(again).toMatchObject({ code: 0, stdout: "" });
  }, 120_000);
});
