#!/usr/bin/env node
// `npm run bench` (part after prove): the pooler hop of issue 21. Wall time of one real Django client run (Debian's
// /usr/bin/python3: Django 3.2, psycopg2, libpq 15, python/wirewarden_django_client.py as `prove` runs it, one
// marked query on connect) on sslmode=verify-full through a real PgBouncer whose upstream is `prefer`, with the lab's
// upstream-leg attacker (strip, then relay) in front of a real TLS PostgreSQL; and, for scale, the same client
// through PgBouncer on verify-full straight to the server. PgBouncer and the attacker are fresh each run (not timed),
// so every timed run includes PgBouncer's server login through the attacker. Loopback only. Hands its section to
// bench/all.mjs (bench/results.md); `node bench/pooler.mjs` runs it alone (after `npm run build`).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { dier, fmtMs, median, writeSection } from "./lib.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DIST = join(ROOT, "dist");
const PYTHON = "/usr/bin/python3";
const RUNS = 5;
const PROVE_RUNS = 3;
const POOLER_HOST = "pooler.bench.test";
const CLIENT_TIMEOUT_MS = 20_000;

const die = dier("bench/pooler");

if (!existsSync(join(DIST, "lab", "pgbouncer.js")))
  die("dist/lab/pgbouncer.js is missing: run `npm run build` (npm run bench builds first)");
if (spawnSync(PYTHON, ["-c", "import django, psycopg2"]).status !== 0)
  die(`${PYTHON} cannot import django and psycopg2: apt-get install -y python3-django python3-psycopg2`);
const { startCluster, findPgBin } = await import(join(DIST, "lab", "pg-cluster.js"));
const { startPgBouncer, findPgBouncer, pgBouncerVersion } = await import(join(DIST, "lab", "pgbouncer.js"));
const { startLegAttacker } = await import(join(DIST, "lab", "leg-attacker.js"));
const { runDjangoClient } = await import(join(DIST, "mitm", "django-client.js"));
const { createCa } = await import(join(DIST, "tls", "certs.js"));
if (!findPgBin()) die("PostgreSQL server binaries not found: apt-get install -y postgresql");
if (!findPgBouncer()) die("PgBouncer not found: apt-get install -y pgbouncer");

const work = mkdtempSync(join(os.tmpdir(), "wirewarden-bench-pooler-"));
let cluster;
try {
  const ca = await createCa({ commonName: "wirewarden bench pooler CA" });
  const attackerCa = await createCa({ commonName: "wirewarden bench attacker CA" });
  const attackerCert = await attackerCa.issue({ commonName: "127.0.0.1", ipAddresses: ["127.0.0.1"] });
  const poolerCert = await ca.issue({ commonName: POOLER_HOST, dnsNames: [POOLER_HOST] });
  const caFile = join(work, "ca.pem");
  writeFileSync(caFile, ca.certPem);
  cluster = await startCluster({
    ssl: true,
    server: await ca.issue({ commonName: "127.0.0.1", ipAddresses: ["127.0.0.1"] }),
    hba: ["hostssl all all 127.0.0.1/32 scram-sha-256"],
  });

  /** A one-module project on verify-full to PgBouncer, running `marker` on every new connection. */
  const project = (marker) => {
    const dir = mkdtempSync(join(work, "project-"));
    mkdirSync(join(dir, "shop"));
    writeFileSync(join(dir, "shop", "__init__.py"), "");
    writeFileSync(
      join(dir, "shop", "settings.py"),
      [
        'SECRET_KEY = "bench"',
        "INSTALLED_APPS = []",
        `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "postgres", "USER": ${JSON.stringify(cluster.user)}, "PASSWORD": ${JSON.stringify(cluster.password)}, "HOST": "${POOLER_HOST}", "PORT": 6432, "OPTIONS": {"sslmode": "verify-full", "sslrootcert": ${JSON.stringify(caFile)}}}}`,
        "from django.db.backends.signals import connection_created",
        "def _on_connect(sender, connection, **kwargs):",
        "    with connection.cursor() as cursor:",
        `        cursor.execute("SELECT '${marker}'")`,
        "connection_created.connect(_on_connect)",
        "",
      ].join("\n"),
    );
    return dir;
  };

  /** One timed client run through a fresh PgBouncer, behind the attacker or straight to the server. */
  const once = async (i, attacked) => {
    const marker = `WWMARKER-bench-${attacked ? "attacked" : "direct"}-${i}`;
    const attacker = attacked
      ? await startLegAttacker({
          mode: "strip",
          certificate: attackerCert,
          upstream: { host: cluster.host, port: cluster.port },
          timeoutMs: CLIENT_TIMEOUT_MS,
        })
      : undefined;
    const bouncer = await startPgBouncer({
      upstream: { host: "127.0.0.1", port: attacker ? attacker.port : cluster.port },
      serverTlsSslmode: attacked ? "prefer" : "verify-full",
      ...(attacked ? {} : { serverTlsCaFile: ca.certPem }),
      clientTls: poolerCert,
      authType: "scram-sha-256",
      users: [{ name: cluster.user, password: cluster.password }],
    });
    try {
      const dir = project(marker);
      const t0 = process.hrtime.bigint();
      const run = await runDjangoClient({
        python: PYTHON,
        project: dir,
        settings: "shop.settings",
        alias: "default",
        hostaddr: "127.0.0.1",
        port: bouncer.port,
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin", LC_ALL: "C" },
        timeoutMs: CLIENT_TIMEOUT_MS,
      });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (!run.ok) die(`the Django client failed (${attacked ? "attacked" : "direct"}): ${run.error}`);
      const read = attacker?.connections().some((c) => c.fromVictim.includes(marker)) ?? false;
      if (attacked && !read) die("the attacker did not read the marked query: the attack did not happen");
      return ms;
    } finally {
      await bouncer.stop();
      await attacker?.close();
    }
  };

  const measure = async (attacked) => {
    await once(0, attacked); // untimed: page cache, Python's first imports
    const times = [];
    for (let i = 1; i <= RUNS; i++) times.push(await once(i, attacked));
    return times;
  };
  const attacked = await measure(true);
  const direct = await measure(false);

  /** The whole `wirewarden prove` a user runs on a project whose alias goes through PgBouncer (compose). */
  const proveProject = (sslmode) => {
    const dir = mkdtempSync(join(work, "prove-"));
    mkdirSync(join(dir, "shop"));
    writeFileSync(join(dir, "shop", "__init__.py"), "");
    writeFileSync(
      join(dir, "shop", "settings.py"),
      `SECRET_KEY = "bench"\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop", "USER": "shop", "HOST": "pgbouncer", "PORT": "6432", "OPTIONS": {"sslmode": "verify-full", "sslrootcert": "/etc/ssl/pgbouncer-ca.pem"}}}\n`,
    );
    writeFileSync(
      join(dir, "docker-compose.yml"),
      `services:\n  pgbouncer:\n    image: edoburu/pgbouncer:v1.23.1-p2\n    environment:\n      SERVER_TLS_SSLMODE: ${sslmode}\n${sslmode === "verify-full" ? "      SERVER_TLS_CA_FILE: /etc/pgbouncer/db-ca.pem\n" : ""}`,
    );
    return dir;
  };
  const proveOnce = (dir, expectedExit) => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(
      join(ROOT, "bin", "wirewarden"),
      [
        "prove",
        dir,
        "--settings",
        "shop.settings",
        "--python",
        PYTHON,
        "--attacks",
        "strip,forge",
        "--format",
        "json",
      ],
      { encoding: "utf8", timeout: 120_000, env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } },
    );
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== expectedExit)
      die(`wirewarden prove exited ${r.status}, expected ${expectedExit}: ${r.stderr}`);
    const legs = (JSON.parse(r.stdout).attacks ?? []).filter((a) => a.via);
    if (legs.length !== 2) die(`wirewarden prove gave ${legs.length} pooler-leg rows, expected 2`);
    return ms;
  };
  const proveTimes = (sslmode, expectedExit) => {
    const dir = proveProject(sslmode);
    proveOnce(dir, expectedExit); // untimed
    return Array.from({ length: PROVE_RUNS }, () => proveOnce(dir, expectedExit));
  };
  const proveLeaked = proveTimes("prefer", 1);
  const proveRefused = proveTimes("verify-full", 0);
  const row = (what, times) =>
    `| ${what} | ${times.length} | **${fmtMs(median(times))}** | ${fmtMs(Math.min(...times))} | ${fmtMs(Math.max(...times))} |`;
  const md = [
    "## Through a pooler: an attacker on PgBouncer's upstream leg",
    "",
    `PgBouncer ${pgBouncerVersion()} (Debian), PostgreSQL ${/postgresql\/(\d+)/.exec(cluster.pgBin)?.[1] ?? "?"} (Debian), the Django client on sslmode=verify-full to PgBouncer.`,
    "",
    "| Django client run (one query on connect) | Runs | Median | Min | Max |",
    "| --- | ---: | ---: | ---: | ---: |",
    row(
      "through PgBouncer `server_tls_sslmode = prefer`, attacker stripping TLS on the upstream leg (marker read: yes)",
      attacked,
    ),
    row("through PgBouncer `server_tls_sslmode = verify-full`, no attacker", direct),
    "",
    "| `wirewarden prove --attacks strip,forge` on a project through PgBouncer (compose) | Runs | Median | Min | Max |",
    "| --- | ---: | ---: | ---: | ---: |",
    row("`SERVER_TLS_SSLMODE: prefer`: both pooler-leg attacks let through (exit 1)", proveLeaked),
    row(
      "`verify-full` + CA file: both refused (each waits out PgBouncer's 2 s query_wait_timeout; exit 0)",
      proveRefused,
    ),
    "",
    "Method: wall time around one `runDjangoClient` (the project's Python started, django.setup(), connect with",
    "PgBouncer's server login, the marked query, SELECT 1), one untimed run first; PgBouncer and the attacker are",
    "started fresh before each run and are not timed. Every attacked run checks that the attacker read the marker.",
    "The prove rows time the whole command (Node start, the scan of the tree, the two client-leg attacks, a throwaway",
    "PostgreSQL, two PgBouncer runs with the lab attacker), one untimed run first; each run checks its exit code and",
    "that both pooler-leg rows are there.",
    "",
  ];
  writeSection("4b-pooler", {
    goals: [],
    peers: [],
    memory: [],
    md: md.join("\n"),
  });
  process.stdout.write(`${md.join("\n")}\nbench/pooler: section written\n`);
} finally {
  await cluster?.stop().catch(() => {});
  rmSync(work, { recursive: true, force: true });
}
