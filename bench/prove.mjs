#!/usr/bin/env node
// `npm run bench` (third part): wall time of a full `wirewarden prove` over one alias — all four attacks, the
// real Django client (Debian's /usr/bin/python3) each time, relaying to a real local TLS PostgreSQL with
// --upstream — including every Python start-up. Loopback only. Writes bench/prove-results.md.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { dier, median, timed } from "./lib.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "dist", "cli", "main.js");
const RESULTS = join(ROOT, "bench", "prove-results.md");
const PYTHON = "/usr/bin/python3";
const RUNS = 5;
const GOAL_MS = 5000;

const die = dier("bench/prove");

if (!existsSync(CLI)) die("dist/cli/main.js is missing: run `npm run build` (npm run bench builds first)");
if (spawnSync(PYTHON, ["-c", "import django, psycopg2"]).status !== 0)
  die(`${PYTHON} cannot import django and psycopg2: apt-get install -y python3-django python3-psycopg2`);
const { startCluster, findPgBin } = await import(join(ROOT, "dist", "lab", "pg-cluster.js"));
const { createCa } = await import(join(ROOT, "dist", "lab", "certs.js"));
if (!findPgBin()) die("PostgreSQL server binaries not found: apt-get install -y postgresql");

const work = mkdtempSync(join(os.tmpdir(), "wirewarden-bench-prove-"));
let cluster;
try {
  const ca = await createCa({ commonName: "wirewarden bench CA" });
  writeFileSync(join(work, "ca.pem"), ca.certPem);
  writeFileSync(join(work, "ca.key"), ca.keyPem);
  cluster = await startCluster({
    ssl: true,
    server: await ca.issue({
      commonName: "db.bench.test",
      dnsNames: ["db.bench.test"],
      ipAddresses: ["127.0.0.1"],
    }),
    hba: ["hostssl all all 127.0.0.1/32 scram-sha-256"],
  });
  const project = join(work, "project");
  mkdirSync(join(project, "shop"), { recursive: true });
  writeFileSync(join(project, "shop", "__init__.py"), "");
  // sslmode left unset (libpq's prefer): every attack has something to show, so every step of the run happens.
  writeFileSync(
    join(project, "shop", "settings.py"),
    `SECRET_KEY = "bench"\nINSTALLED_APPS = []\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "postgres", "USER": "${cluster.user}", "PASSWORD": "${cluster.password}", "HOST": "db.bench.test", "PORT": ${cluster.port}}}\n`,
  );
  const args = [
    CLI,
    "prove",
    project,
    "--settings",
    "shop.settings",
    "--alias",
    "default",
    "--python",
    PYTHON,
    "--upstream",
    `127.0.0.1:${cluster.port}`,
    "--ca",
    join(work, "ca.pem"),
    "--ca-key",
    join(work, "ca.key"),
    "--format",
    "json",
    "--fail-on",
    "none",
  ];
  const times = [];
  let last;
  for (let i = 0; i < RUNS + 1; i++) {
    const r = timed(process.execPath, args, { timeout: 120_000, env: { PATH: process.env.PATH ?? "" } });
    if (r.status !== 0) die(`prove failed (exit ${r.status}): ${r.stderr.slice(0, 500)}`);
    if (i > 0) times.push(r.ms);
    last = JSON.parse(r.stdout);
  }
  const mid = median(times);
  const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const lines = [
    "# wirewarden prove benchmark",
    "",
    `Run ${new Date().toISOString().replace(/\.\d+Z$/, "Z")} by \`npm run bench\` (bench/prove.mjs) on ${os.cpus().length} × ${os.cpus()[0]?.model?.trim()}, Node ${process.version}, ${PYTHON}.`,
    "",
    "| Goal | Target | Measured | Verdict |",
    "| --- | --- | --- | --- |",
    `| Full \`prove\` over one alias: strip, forge, wrong-host, downgrade, real Django client each time, relayed to a real TLS PostgreSQL (--upstream) | < ${fmt(GOAL_MS)} | ${fmt(mid)} median of ${RUNS} (min ${fmt(Math.min(...times))}, max ${fmt(Math.max(...times))}) | ${mid < GOAL_MS ? "**PASS**" : "**FAIL**"} |`,
    "",
    `Outcomes of the last run: ${last.attacks.map((a) => `${a.attack} ${a.outcome}`).join(", ")}; findings ${last.findings.map((f) => f.ruleId).join(", ")}.`,
    "",
    "Method: wall time of a fresh `wirewarden prove` process (`process.hrtime` around `spawnSync`), one untimed run",
    "first; each attack starts the project's Python (django.setup(), psycopg2, libpq) once, as the user's run would.",
    "",
  ];
  writeFileSync(RESULTS, lines.join("\n"));
  process.stdout.write(`${lines.join("\n")}\nbench/prove: wrote bench/prove-results.md\n`);
} finally {
  await cluster?.stop().catch(() => {});
  rmSync(work, { recursive: true, force: true });
}
