#!/usr/bin/env node
// `npm run bench` (second part): wirewarden probe against real local TLS PostgreSQL clusters.
//  1. one endpoint: wirewarden's full verdict vs `testssl -t postgres` (Debian package testssl.sh), same run;
//  2. 100 endpoints (4 clusters × 25 loopback addresses each) at --concurrency 32: total wall time and the
//     median per endpoint as the JSON report states it.
// Only loopback addresses are used. Hands its section to bench/all.mjs (bench/results.md).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { dier, fmtMs, fmtRss, median, peakOf, timed, writeSection } from "./lib.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "dist", "cli", "main.js");
const TESTSSL = ["/usr/bin/testssl", "/usr/bin/testssl.sh"].find((p) => existsSync(p));
const SINGLE_RUNS = 5;
const FLEET_RUNS = 3;
const CLUSTERS = 4;
const ADDRESSES_PER_CLUSTER = 25;
const GOAL_SINGLE_MS = 1000;
const GOAL_RATIO = 50;
/** Issue 22's goal for 100 endpoints, the servers on the same two cores. */
const GOAL_FLEET_MS = 5_000;
/**
 * Connections one endpoint costs on these servers (PostgreSQL 15: no direct TLS, every legacy hello refused):
 * plaintext startup, SSLRequest and TLS, one legacy-protocol hello, one weak-suite hello, one direct ClientHello.
 * Counted by test/probe/probe-live.test.ts through a relay.
 */
const CONNECTIONS_PER_ENDPOINT = 5;

const die = dier("bench/probe");

/** CPU seconds all cores spent busy since boot (user, nice, system, irq, softirq, steal), from /proc/stat. */
function busyCpuSeconds() {
  const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = f;
  return (user + nice + system + irq + softirq + steal) / 100;
}

/**
 * The servers' floor: `perTarget` bare TCP connections to each target, `concurrency` at a time, each closed as soon
 * as it is open (nothing sent), waiting for the server to close its side. What the servers cost with no probe at
 * all: PostgreSQL forks a backend for every connection it accepts. Loopback targets only (bench addresses).
 */
async function bareConnections(targets, perTarget, concurrency) {
  const jobs = targets.flatMap((t) => {
    const u = new URL(t);
    return Array.from({ length: perTarget }, () => ({ host: u.hostname, port: Number(u.port) }));
  });
  const started = performance.now();
  let next = 0;
  const one = ({ host, port }) =>
    new Promise((resolve) => {
      const s = connect({ host, port });
      const timer = setTimeout(() => s.destroy(), 10_000);
      s.once("connect", () => s.end());
      s.on("data", () => {});
      s.once("close", () => {
        clearTimeout(timer);
        resolve();
      });
      s.once("error", () => {});
    });
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < jobs.length) await one(jobs[next++]);
    }),
  );
  return performance.now() - started;
}

if (!existsSync(CLI)) die("dist/cli/main.js is missing: run `npm run build` (npm run bench builds first)");
const { startCluster, findPgBin } = await import(join(ROOT, "dist", "lab", "pg-cluster.js"));
const { createCa } = await import(join(ROOT, "dist", "tls", "certs.js"));
if (!findPgBin()) die("PostgreSQL server binaries not found: apt-get install -y postgresql");

const work = mkdtempSync(join(os.tmpdir(), "wirewarden-bench-probe-"));
const clusters = [];
try {
  const ca = await createCa({ commonName: "wirewarden bench CA" });
  const caFile = join(work, "ca.pem");
  writeFileSync(caFile, ca.certPem);
  process.stderr.write(`bench/probe: starting ${CLUSTERS} TLS clusters\n`);
  for (let c = 0; c < CLUSTERS; c++) {
    // Cluster c listens on 127.0.(c+1).1 … 127.0.(c+1).25: loopback addresses only.
    const addresses = Array.from({ length: ADDRESSES_PER_CLUSTER }, (_, i) => `127.0.${c + 1}.${i + 1}`);
    const server = await ca.issue({
      commonName: addresses[0],
      ipAddresses: addresses,
      dnsNames: ["localhost"],
    });
    clusters.push(
      await startCluster({
        ssl: true,
        server,
        host: addresses[0],
        hba: ["hostssl all all 127.0.0.0/8 scram-sha-256", "hostnossl all all 127.0.0.0/8 reject"],
        settings: { listen_addresses: `'${addresses.join(",")}'` },
      }),
    );
  }
  const first = clusters[0];
  const single = `postgresql://${first.host}:${first.port}`;

  // 1. One endpoint.
  process.stderr.write(`bench/probe: ${SINGLE_RUNS} × wirewarden probe ${single}\n`);
  const ww = [];
  const wwRss = [];
  let wwLast;
  for (let i = 0; i < SINGLE_RUNS + 1; i++) {
    const r = timed(
      process.execPath,
      [CLI, "probe", single, "--ca", caFile, "--format", "json", "--fail-on", "none"],
      { timeout: 60_000 },
    );
    if (r.status !== 0) die(`wirewarden probe failed (exit ${r.status}): ${r.stderr.slice(0, 500)}`);
    if (i > 0) {
      ww.push(r.ms);
      wwRss.push(r.rssKb);
    }
    wwLast = JSON.parse(r.stdout);
  }
  let testssl = null;
  if (TESTSSL) {
    process.stderr.write(`bench/probe: testssl -t postgres ${first.host}:${first.port} (slow)\n`);
    const r = timed(
      TESTSSL,
      ["--quiet", "--color", "0", "--warnings", "off", "-t", "postgres", `${first.host}:${first.port}`],
      { timeout: 600_000 },
    );
    testssl = {
      ms: r.ms,
      rssKb: r.rssKb,
      status: r.status,
      lines: r.stdout.split("\n").length,
      completed: /^ Done /m.test(r.stdout),
      error: r.error?.message,
    };
  }

  // 2. 100 endpoints.
  const targets = clusters.flatMap((c, ci) =>
    Array.from(
      { length: ADDRESSES_PER_CLUSTER },
      (_, i) => `postgresql://127.0.${ci + 1}.${i + 1}:${c.port}`,
    ),
  );
  const targetsFile = join(work, "targets.txt");
  writeFileSync(targetsFile, `${targets.join("\n")}\n`);
  process.stderr.write(
    `bench/probe: ${FLEET_RUNS} × wirewarden probe of ${targets.length} endpoints, concurrency 32\n`,
  );
  const fleet = [];
  const fleetRss = [];
  let perEndpoint = [];
  let fleetReport;
  const fleetCpu = [];
  for (let i = 0; i < FLEET_RUNS; i++) {
    const cpuBefore = busyCpuSeconds();
    const r = timed(
      process.execPath,
      [
        CLI,
        "probe",
        "--targets",
        targetsFile,
        "--ca",
        caFile,
        "--concurrency",
        "32",
        "--format",
        "json",
        "--fail-on",
        "none",
      ],
      { timeout: 120_000 },
    );
    if (r.status !== 0) die(`fleet probe failed (exit ${r.status}): ${r.stderr.slice(0, 500)}`);
    fleetCpu.push(busyCpuSeconds() - cpuBefore);
    fleet.push(r.ms);
    fleetRss.push(r.rssKb);
    fleetReport = JSON.parse(r.stdout);
    perEndpoint = fleetReport.endpoints.map((e) => e.durationMs);
  }

  process.stderr.write(
    `bench/probe: ${FLEET_RUNS} × ${targets.length * CONNECTIONS_PER_ENDPOINT} bare connections to the same servers\n`,
  );
  const floor = [];
  const floorCpu = [];
  for (let i = 0; i < FLEET_RUNS; i++) {
    const cpuBefore = busyCpuSeconds();
    floor.push(await bareConnections(targets, CONNECTIONS_PER_ENDPOINT, 32));
    floorCpu.push(busyCpuSeconds() - cpuBefore);
  }

  const wwMedian = median(ww);
  const ratio = testssl ? testssl.ms / wwMedian : null;
  const fleetMedian = median(fleet);
  const reached = fleetReport.endpoints.filter((e) => !e.error).length;
  const verdict = (ok) => (ok ? "**PASS**" : "**FAIL**");
  const md = [
    "## probe: database endpoints",
    "",
    "| Command | Runs | Median | Min | Max | Peak RSS |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    `| \`wirewarden probe ${single}\` (full verdict, ${CONNECTIONS_PER_ENDPOINT} connections: plaintext, SSLRequest and TLS, one legacy-protocol hello, one weak-suite hello, one direct ClientHello; 12 before issue 22) | ${ww.length} | **${fmtMs(wwMedian)}** | ${fmtMs(Math.min(...ww))} | ${fmtMs(Math.max(...ww))} | ${fmtRss(peakOf(wwRss))} |`,
    testssl
      ? `| \`testssl -t postgres\` on the same endpoint | 1 | **${fmtMs(testssl.ms)}** | | | ${fmtRss(testssl.rssKb)} |`
      : "| `testssl -t postgres`: not installed (apt-get install -y testssl.sh) | | | | | |",
    `| \`wirewarden probe --targets\` (${targets.length} endpoints, --concurrency 32) | ${fleet.length} | **${fmtMs(fleetMedian)}** | ${fmtMs(Math.min(...fleet))} | ${fmtMs(Math.max(...fleet))} | ${fmtRss(peakOf(fleetRss))} |`,
    `| floor: ${(targets.length * CONNECTIONS_PER_ENDPOINT).toLocaleString("en-US")} bare TCP connections to the same servers, opened and closed (nothing sent), 32 at a time | ${floor.length} | **${fmtMs(median(floor))}** | ${fmtMs(Math.min(...floor))} | ${fmtMs(Math.max(...floor))} | |`,
    "",
    "What they reported:",
    "",
    `- wirewarden, one endpoint: ${wwLast.findings.length} finding(s) (${wwLast.findings.map((f) => f.ruleId).join(", ") || "none"}), grade ${wwLast.summary.grade}; ${wwLast.endpoints[0]?.server}, ${wwLast.endpoints[0]?.tls}.`,
    testssl
      ? `- testssl.sh: ${testssl.completed ? 'completed its scan ("Done" line)' : "**did not complete its scan**"}, exit ${testssl.status}${testssl.error ? ` (${testssl.error})` : ""}, ${testssl.lines} lines of output (protocols, cipher categories, per-cipher list, client simulations); it says nothing about whether the port also accepts plaintext logins.`
      : "- testssl.sh: not run.",
    `- fleet: ${reached}/${targets.length} reached, median per endpoint ${fmtMs(median(perEndpoint))} (max ${fmtMs(Math.max(...perEndpoint))}), ${fleetReport.findings.length} finding(s), grade ${fleetReport.summary.grade}.`,
    `- where the fleet's time goes: the machine's cores were busy ${median(fleetCpu).toFixed(1)} CPU-s during a run (median); the same number of bare connections, which only make the servers fork a backend each and end it, cost ${median(floorCpu).toFixed(1)} CPU-s and ${fmtMs(median(floor))} (${((median(floor) / fleetMedian) * 100).toFixed(0)}% of the fleet's time). The servers share the same ${os.cpus().length} cores.`,
    "",
    "Method: wall time of a fresh process (`process.hrtime` around `spawnSync`, start-up included); wirewarden runs",
    `once untimed first. Clusters: PostgreSQL (${findPgBin()}) started by src/lab/pg-cluster.ts with \`ssl = on\`,`,
    "hostssl-only pg_hba, certificates from a throwaway CA (src/tls/certs.ts); the CA is passed with --ca. The fleet's",
    `per-endpoint figure is each endpoint's own \`durationMs\` in the JSON report (all ${CLUSTERS * ADDRESSES_PER_CLUSTER} run 32 at a time) on ${CLUSTERS} clusters × ${ADDRESSES_PER_CLUSTER} loopback addresses.`,
    "",
  ];
  writeSection("2-probe", {
    goals: [
      {
        goal: "Full verdict on one local TLS PostgreSQL endpoint",
        target: `< ${fmtMs(GOAL_SINGLE_MS)}`,
        measured: `${fmtMs(wwMedian)} median of ${ww.length}`,
        verdict: verdict(wwMedian < GOAL_SINGLE_MS),
      },
      {
        goal: "Faster than `testssl -t postgres` on the same endpoint",
        target: `≥ ${GOAL_RATIO}×`,
        measured: ratio === null ? "testssl not installed" : `${ratio.toFixed(0)}×`,
        verdict: ratio === null ? "**NOT RUN**" : verdict(ratio >= GOAL_RATIO),
      },
      {
        goal: `${targets.length} database endpoints at --concurrency 32`,
        target: `< ${fmtMs(GOAL_FLEET_MS)}`,
        measured: `${fmtMs(fleetMedian)} median of ${fleet.length}; ${reached}/${targets.length} reached; the servers' floor (as many bare connections) ${fmtMs(median(floor))}`,
        verdict: verdict(fleetMedian < GOAL_FLEET_MS),
      },
    ],
    peers: testssl
      ? [
          {
            what: "one database endpoint",
            wirewarden: fmtMs(wwMedian),
            peer: `testssl -t postgres ${fmtMs(testssl.ms)}`,
            ratio: `wirewarden ${ratio.toFixed(0)}× faster`,
            note: "testssl.sh lists protocols and ciphers; it does not test whether the port also accepts plaintext",
          },
        ]
      : [],
    memory: [
      { what: "probe, one endpoint", rssKb: peakOf(wwRss) },
      { what: `probe, ${targets.length} endpoints`, rssKb: peakOf(fleetRss) },
      ...(testssl ? [{ what: "testssl -t postgres (peer)", rssKb: testssl.rssKb }] : []),
    ],
    md: md.join("\n"),
  });
  process.stdout.write(`${md.join("\n")}\nbench/probe: section written\n`);
} finally {
  for (const c of clusters) await c.stop().catch(() => {});
  rmSync(work, { recursive: true, force: true });
}
