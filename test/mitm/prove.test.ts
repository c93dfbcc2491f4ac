/**
 * `prove` end to end: the real Django 3.2 + psycopg2 2.9 (libpq 15) from Debian, real psql, and a real PostgreSQL
 * 15 with TLS behind --upstream. Every expectation is read from what the real client did through the proxy.
 */
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../src/lab/pg-cluster.js";
import { cli } from "../helpers/cli.js";
import { proveJson } from "../helpers/prove.js";
import { requireDjango } from "../helpers/python.js";
import { startTlsLab, type TlsLab } from "../helpers/tls-lab.js";
import { djangoProject } from "../helpers/tree.js";

const PYTHON = "/usr/bin/python3";
const DB_HOST = "db.lab.test"; // does not resolve: only hostaddr routes the client, to the proxy
let lab: TlsLab;
let work: string;
let caFile: string;
let caKeyFile: string;
let upstream: Cluster;

beforeAll(async () => {
  requireDjango();
  lab = await startTlsLab("prove-test", DB_HOST);
  ({ work, caFile, caKeyFile, server: upstream } = lab);
});

afterAll(async () => {
  await lab?.stop();
});

/** A one-module Django project whose `default` alias is the lab server, with these OPTIONS (a Python dict literal). */
function project(options: string, extra = ""): string {
  const { user, password, port } = upstream;
  return djangoProject(work, { options, extra, host: DB_HOST, port, user, password });
}

async function prove(dir: string, args: string[] = [], env: Record<string, string> = {}) {
  const { json, raw } = await proveJson(dir, args, env);
  const outcome = (name: string) => json.attacks.find((a) => a.attack === name)?.outcome;
  const ids = json.findings.map((f) => f.ruleId);
  return { json, outcome, ids, raw };
}

describe("prove with the real Django client", () => {
  it("sslmode missing (prefer): strip and forge let through, password captured; never printed", async () => {
    const { outcome, ids, raw } = await prove(project("{}"));
    expect(outcome("strip")).toBe("let-through");
    expect(outcome("forge")).toBe("let-through");
    expect(outcome("downgrade")).toBe("let-through");
    expect(ids).toEqual(expect.arrayContaining(["WW601", "WW602", "WW604", "WW605"]));
    expect(raw).not.toContain(upstream.password);
  });

  it("prefer with --upstream: the relayed login succeeds and the proxy runs its own query", async () => {
    const { json, outcome } = await prove(project("{}"), [
      "--upstream",
      `127.0.0.1:${upstream.port}`,
      "--ca",
      caFile,
    ]);
    expect(outcome("strip")).toBe("let-through");
    const ww605 = json.findings.find(
      (f: { ruleId: string; evidence: string }) =>
        f.ruleId === "WW605" && f.evidence.includes("SELECT current_user"),
    );
    expect(ww605?.evidence).toContain(`SELECT current_user → ${upstream.user}`);
  });

  it("a relay that fails (a stale password) judges the client by what it did: disable is let through", async () => {
    const dir = project(`{"sslmode": "disable"}`, `DATABASES["default"]["PASSWORD"] = "not-the-password"\n`);
    const { json, outcome, ids } = await prove(dir, [
      "--upstream",
      `127.0.0.1:${upstream.port}`,
      "--ca",
      caFile,
    ]);
    expect(outcome("strip")).toBe("let-through");
    expect(ids).toContain("WW601");
    expect(ids).not.toContain("WW600");
    expect(json.summary.grade).not.toBe("A");
    const strip = (json.attacks as Attack[]).find((a) => a.attack === "strip");
    expect(strip?.detail ?? "").not.toContain("refused");
  });

  it("an upstream that cannot be reached: the proxy asks for authentication itself; prefer is let through", async () => {
    const closed = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, "127.0.0.1", () => {
        const port = (srv.address() as { port: number }).port;
        srv.close(() => resolve(port));
      });
    });
    const { outcome, ids } = await prove(project("{}"), [
      "--upstream",
      `127.0.0.1:${closed}`,
      "--ca",
      caFile,
    ]);
    expect(outcome("strip")).toBe("let-through");
    expect(outcome("forge")).toBe("let-through");
    expect(ids).not.toContain("WW600");
  });

  it("require: strip refused, forge let through", async () => {
    const { outcome, json } = await prove(project(`{"sslmode": "require"}`));
    expect(outcome("strip")).toBe("refused");
    expect(outcome("forge")).toBe("let-through");
    const strip = (json.attacks as Attack[]).find((a) => a.attack === "strip");
    expect(strip?.detail).toContain("server does not support SSL, but SSL was required");
  });

  it("verify-ca: forge with an attacker CA refused, wrong-host (the client's own CA, another name) let through", async () => {
    const { outcome, ids } = await prove(project(`{"sslmode": "verify-ca", "sslrootcert": "${caFile}"}`), [
      "--ca",
      caFile,
      "--ca-key",
      caKeyFile,
    ]);
    expect(outcome("forge")).toBe("refused");
    expect(outcome("wrong-host")).toBe("let-through");
    expect(ids).toContain("WW603");
  });

  it("verify-full with sslrootcert: every attack refused, WW600 only, the client's refusals as evidence", async () => {
    const { outcome, ids, json } = await prove(
      project(`{"sslmode": "verify-full", "sslrootcert": "${caFile}"}`),
      ["--ca", caFile, "--ca-key", caKeyFile],
    );
    expect(outcome("strip")).toBe("refused");
    expect(outcome("forge")).toBe("refused");
    expect(outcome("wrong-host")).toBe("refused");
    expect(outcome("downgrade")).toBe("not-run");
    expect(ids).toEqual(["WW600"]);
    const wrong = (json.attacks as Attack[]).find((a) => a.attack === "wrong-host");
    expect(wrong?.detail).toContain(`does not match host name "${DB_HOST}"`);
  });

  it("channel_binding=require with SCRAM, relayed to the real server: forge refused during authentication", async () => {
    const { outcome, json } = await prove(project(`{"sslmode": "require", "channel_binding": "require"}`), [
      "--upstream",
      `127.0.0.1:${upstream.port}`,
      "--ca",
      caFile,
      "--attacks",
      "forge",
    ]);
    expect(outcome("forge")).toBe("refused");
    // The real server's words, relayed to the client: the binding data of the attacker's certificate is wrong.
    expect((json.attacks as Attack[])[0]?.detail).toContain("SCRAM channel binding check failed");
  });

  it("PGSSLMODE=disable in the client's environment and no OPTIONS: strip let through", async () => {
    const { outcome, ids } = await prove(project("{}"), ["--attacks", "strip"], { PGSSLMODE: "disable" });
    expect(outcome("strip")).toBe("let-through");
    expect(ids).toContain("WW601");
  });
});

describe("prove --dsn with real psql", () => {
  it("sslmode=require through psql: strip refused, forge let through", async () => {
    const dsn = `postgresql://${upstream.user}:${upstream.password}@${DB_HOST}:${upstream.port}/postgres?sslmode=require`;
    const r = await cli(
      ["prove", "--dsn", dsn, "--format", "json", "--fail-on", "none", "--attacks", "strip,forge"],
      {
        PATH: process.env.PATH ?? "",
      },
    );
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.attacks.map((a: Attack) => `${a.attack}:${a.outcome}`)).toEqual([
      "strip:refused",
      "forge:let-through",
    ]);
    expect(r.stdout + r.stderr).not.toContain(upstream.password);
  });
});

describe("prove: bad input ends with a clear message and exit 2", () => {
  it("a settings module that fails to import", async () => {
    const dir = project("{}", "raise RuntimeError('settings are broken')\n");
    const r = await cli(["prove", dir, "--settings", "shop.settings", "--python", PYTHON], {
      PATH: process.env.PATH ?? "",
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("settings are broken");
  });

  it("an alias that does not exist", async () => {
    const r = await cli(
      ["prove", project("{}"), "--settings", "shop.settings", "--python", PYTHON, "--alias", "nope"],
      {
        PATH: process.env.PATH ?? "",
      },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no database alias 'nope'");
    expect(r.stderr).toContain("aliases: default");
  });

  it("settings whose only alias is SQLite (a production database chosen from the environment): named, with its engine", async () => {
    const sqlite = project(
      "{}",
      'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}\n',
    );
    const r = await cli(["prove", sqlite, "--settings", "shop.settings", "--python", PYTHON], {
      PATH: process.env.PATH ?? "",
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "shop.settings has no PostgreSQL-wire database alias (default uses django.db.backends.sqlite3)",
    );
    expect(r.stderr).toContain("--env-file");
  });

  it("a Python without Django", async () => {
    const fake = join(work, "python-without-django");
    writeFileSync(fake, `#!/bin/sh\nexec ${PYTHON} -S "$@"\n`, { mode: 0o755 });
    const r = await cli(["prove", project("{}"), "--settings", "shop.settings", "--python", fake], {
      PATH: process.env.PATH ?? "",
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot import Django/);
  });

  it("a proxy port already in use", async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const r = await cli(
        [
          "prove",
          project("{}"),
          "--settings",
          "shop.settings",
          "--python",
          PYTHON,
          "--proxy-port",
          String(port),
        ],
        {
          PATH: process.env.PATH ?? "",
        },
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`proxy port ${port} on 127.0.0.1 is already in use`);
    } finally {
      busy.close();
    }
  });
});
