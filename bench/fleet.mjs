#!/usr/bin/env node
// `npm run bench`, the fleet part (issue 23, docs/fleet.md):
//  1. 2,000 generated repositories (copies of the test fixtures' project shapes) scanned whole and as 8 shards,
//     the shards merged: wall time and peak RSS per shard, the merge's time, and whether the merged report is the
//     whole run's (durations aside);
//  2. 500 database endpoints — relays on 50 loopback addresses in front of 4 real TLS PostgreSQL clusters, one in
//     ten a black hole (accepts, never answers) — probed as 10 shards with --per-host 4: total time, peak RSS per
//     shard, and the most connections any host saw at once, counted at the relays.
// Only loopback addresses are used. Hands its section to bench/all.mjs (bench/results.md).
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, connect as tcpConnect } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { dier, fmtMs, fmtRss, median, TIME_BIN, timed, writeSection } from "./lib.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "dist", "cli", "main.js");
const WORK = join(ROOT, "bench", ".work", "fleet");
const REPOS = 2000;
const REPO_SHARDS = 8;
const ENDPOINTS = 500;
const HOSTS = 50;
const ENDPOINT_SHARDS = 10;
const PER_HOST = 4;
const TIMEOUT_MS = 2000;
const die = dier("bench/fleet");

if (!existsSync(CLI)) die("dist/cli/main.js is missing: run `npm run build` (npm run bench builds first)");

// ---- 1. repositories -------------------------------------------------------------------------------------
const fixtures = join(ROOT, "test", "fixtures", "real-world");
const shapes = readdirSync(fixtures).map((n) => join(fixtures, n));
rmSync(WORK, { recursive: true, force: true });
mkdirSync(join(WORK, "repos"), { recursive: true });
const names = [];
for (let i = 0; i < REPOS; i++) {
  const name = `repos/org-${String(i % 40).padStart(2, "0")}/project-${String(i).padStart(4, "0")}`;
  cpSync(shapes[i % shapes.length], join(WORK, name), { recursive: true });
  names.push(name);
}
writeFileSync(join(WORK, "repos.txt"), `${names.join("\n")}\n`);
process.stderr.write(`bench/fleet: ${REPOS} repositories written under bench/.work/fleet/repos\n`);

const scanArgs = (extra) => [
  CLI,
  "scan",
  "--targets",
  "repos.txt",
  "--format",
  "jsonl",
  "--fail-on",
  "none",
  "--quiet",
  ...extra,
];
const whole = timed(process.execPath, scanArgs(["-o", "whole.jsonl"]), { cwd: WORK });
if (whole.status !== 0) die(`the whole scan failed: ${whole.stderr}`);
process.stderr.write(`bench/fleet: whole run ${fmtMs(whole.ms)}\n`);
const repoShards = [];
for (let i = 0; i < REPO_SHARDS; i++) {
  const r = timed(process.execPath, scanArgs(["--shard", `${i}/${REPO_SHARDS}`, "-o", `shard-${i}.jsonl`]), {
    cwd: WORK,
  });
  if (r.status !== 0) die(`shard ${i} failed: ${r.stderr}`);
  const targets = readFileSync(join(WORK, `shard-${i}.jsonl`), "utf8")
    .split("\n")
    .filter((l) => l.includes('"type":"target"')).length;
  repoShards.push({ ms: r.ms, rssKb: r.rssKb, targets });
  process.stderr.write(`bench/fleet: repository shard ${i}: ${targets} repositories, ${fmtMs(r.ms)}\n`);
}
const shardFiles = repoShards.map((_, i) => `shard-${i}.jsonl`);
const merge = timed(
  process.execPath,
  [CLI, "merge", ...shardFiles, "--format", "json", "-o", "merged.json", "--fail-on", "none", "--quiet"],
  { cwd: WORK },
);
if (merge.status !== 0) die(`merge failed: ${merge.stderr}`);
const mergeHtml = timed(
  process.execPath,
  [CLI, "merge", ...shardFiles, "--format", "html", "-o", "merged.html", "--fail-on", "none", "--quiet"],
  { cwd: WORK },
);
const wholeMerged = timed(
  process.execPath,
  [CLI, "merge", "whole.jsonl", "--format", "json", "-o", "whole.json", "--fail-on", "none", "--quiet"],
  { cwd: WORK },
);
if (wholeMerged.status !== 0) die(`merge of the whole run failed: ${wholeMerged.stderr}`);
const stable = (f) => readFileSync(join(WORK, f), "utf8").replace(/"durationMs": ?\d+/g, '"durationMs": 0');
const identical = stable("merged.json") === stable("whole.json");
const fleet = JSON.parse(readFileSync(join(WORK, "merged.json"), "utf8")).fleet;

// ---- 2. endpoints ----------------------------------------------------------------------------------------
const { startCluster, findPgBin } = await import(join(ROOT, "dist", "lab", "pg-cluster.js"));
const { createCa } = await import(join(ROOT, "dist", "tls", "certs.js"));
if (!findPgBin()) die("PostgreSQL server binaries not found: apt-get install -y postgresql");
const clusters = [];
const servers = [];
/** Per host: connections open now, the most at once, and how many were made. */
const perHost = new Map();
let endpointPart;
try {
  const ca = await createCa({ commonName: "wirewarden bench fleet CA" });
  for (let c = 0; c < 4; c++) {
    const host = `127.0.${c + 1}.1`;
    clusters.push(
      await startCluster({
        ssl: true,
        server: await ca.issue({ commonName: host, ipAddresses: [host] }),
        host,
        hba: ["hostssl all all 127.0.0.0/8 scram-sha-256", "hostnossl all all 127.0.0.0/8 reject"],
        // Room for every relay's connection at once, and then some.
        settings: { max_connections: "300" },
      }),
    );
  }
  const targets = [];
  for (let e = 0; e < ENDPOINTS; e++) {
    const host = `127.0.9.${(e % HOSTS) + 1}`;
    const blackHole = e % 10 === 9;
    const upstream = clusters[e % clusters.length];
    const stats = perHost.get(host) ?? { open: 0, peak: 0, made: 0, spans: [] };
    perHost.set(host, stats);
    const server = createServer((client) => {
      stats.open++;
      stats.made++;
      stats.peak = Math.max(stats.peak, stats.open);
      const span = { from: performance.now(), to: Number.POSITIVE_INFINITY };
      stats.spans.push(span);
      let counted = true;
      const gone = () => {
        if (!counted) return;
        counted = false;
        stats.open--;
        span.to = performance.now();
      };
      client.once("end", gone);
      client.once("error", gone);
      client.once("close", gone);
      client.on("error", () => undefined);
      if (blackHole) {
        client.resume(); // reads, never answers: the probe waits out its deadline
        return;
      }
      const up = tcpConnect(upstream.port, upstream.host);
      up.on("error", () => client.destroy());
      client.once("close", () => up.destroy());
      up.once("close", () => client.resume());
      // The server is PostgreSQL behind the relay: when it hangs up, its backend is gone, whatever the client does.
      up.once("end", gone);
      up.once("close", gone);
      client.pipe(up).pipe(client);
    });
    await new Promise((ok) => server.listen(0, host, ok));
    servers.push(server);
    targets.push(`postgresql://${host}:${server.address().port}`);
  }
  writeFileSync(join(WORK, "endpoints.txt"), `${targets.join("\n")}\n`);
  process.stderr.write(
    `bench/fleet: ${ENDPOINTS} endpoints on ${HOSTS} loopback hosts (${ENDPOINTS / 10} black holes)\n`,
  );
  // The relays live in this process: the shards run as children without blocking it.
  const run = (args) =>
    new Promise((ok) => {
      const rssFile = join(WORK, `rss-${Math.random().toString(36).slice(2)}.txt`);
      const argv = existsSync(TIME_BIN)
        ? [TIME_BIN, "-f", "%M", "-o", rssFile, process.execPath, ...args]
        : [process.execPath, ...args];
      const t0 = process.hrtime.bigint();
      const child = spawn(argv[0], argv.slice(1), { cwd: WORK, stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (d) => {
        stderr += d;
      });
      child.on("close", (status) => {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        const rss = existsSync(rssFile)
          ? Number(readFileSync(rssFile, "utf8").trim().split("\n").pop())
          : null;
        ok({ status, ms, rssKb: Number.isFinite(rss) ? rss : null, stderr });
      });
    });
  const started = process.hrtime.bigint();
  const shards = [];
  for (let i = 0; i < ENDPOINT_SHARDS; i++) {
    const r = await run([
      CLI,
      "probe",
      "--targets",
      "endpoints.txt",
      "--shard",
      `${i}/${ENDPOINT_SHARDS}`,
      "--per-host",
      String(PER_HOST),
      "--timeout",
      String(TIMEOUT_MS),
      "--format",
      "jsonl",
      "-o",
      `probe-${i}.jsonl`,
      "--fail-on",
      "none",
      "--quiet",
    ]);
    if (r.status !== 0) die(`probe shard ${i} failed (exit ${r.status}): ${r.stderr}`);
    const lines = readFileSync(join(WORK, `probe-${i}.jsonl`), "utf8")
      .split("\n")
      .filter((l) => l.includes('"type":"target"'));
    shards.push({ ms: r.ms, rssKb: r.rssKb, endpoints: lines.length });
    process.stderr.write(`bench/fleet: endpoint shard ${i}: ${lines.length} endpoints, ${fmtMs(r.ms)}\n`);
  }
  const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
  const pmerge = timed(
    process.execPath,
    [
      CLI,
      "merge",
      ...shards.map((_, i) => `probe-${i}.jsonl`),
      "--format",
      "json",
      "-o",
      "probe.json",
      "--fail-on",
      "none",
      "--quiet",
    ],
    { cwd: WORK },
  );
  if (pmerge.status !== 0) die(`probe merge failed: ${pmerge.stderr}`);
  const merged = JSON.parse(readFileSync(join(WORK, "probe.json"), "utf8"));
  const reached = merged.targets.filter((t) => t.endpoints?.[0]?.reached).length;
  const ww000 = merged.targets.filter((t) => t.findings.some((f) => f.ruleId === "WW000")).length;
  const hostPeak = Math.max(...[...perHost.values()].map((s) => s.peak));
  endpointPart = {
    shards,
    totalMs,
    mergeMs: pmerge.ms,
    endpoints: merged.targets.length,
    reached,
    ww000,
    hostPeak,
  };
} finally {
  for (const s of servers) s.close();
  await Promise.all(clusters.map((c) => c.stop()));
}

// ---- the section ----------------------------------------------------------------------------------------
const e = endpointPart;
const sumMs = repoShards.reduce((a, s) => a + s.ms, 0);
const maxShardRss = Math.max(...repoShards.map((s) => s.rssKb ?? 0));
const maxProbeRss = Math.max(...e.shards.map((s) => s.rssKb ?? 0));
const md = [
  "## Fleet: 2,000 repositories and 500 endpoints, sharded and merged",
  "",
  `| Run | Shards | Targets | Wall per shard (median, max) | Sum of shards | Peak RSS per shard | Merge |`,
  "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  `| \`scan --targets --shard i/${REPO_SHARDS}\` | ${REPO_SHARDS} | ${REPOS.toLocaleString("en-US")} repositories | ${fmtMs(median(repoShards.map((s) => s.ms)))}, ${fmtMs(Math.max(...repoShards.map((s) => s.ms)))} | ${fmtMs(sumMs)} (whole run ${fmtMs(whole.ms)}) | ${fmtRss(maxShardRss)} | ${fmtMs(merge.ms)} (json), ${fmtMs(mergeHtml.ms)} (html) |`,
  `| \`probe --targets --shard i/${ENDPOINT_SHARDS} --per-host ${PER_HOST}\` | ${ENDPOINT_SHARDS} | ${ENDPOINTS} endpoints | ${fmtMs(median(e.shards.map((s) => s.ms)))}, ${fmtMs(Math.max(...e.shards.map((s) => s.ms)))} | ${fmtMs(e.totalMs)} | ${fmtRss(maxProbeRss)} | ${fmtMs(e.mergeMs)} (json) |`,
  "",
  `Repositories: the merged report ${identical ? "**is identical**" : "**differs from**"} to the merge of the whole run (each scan's durationMs aside); ${fleet.targets} targets, grades ${Object.entries(
    fleet.grades,
  )
    .map(([g, n]) => `${g} ${n}`)
    .join(
      ", ",
    )}, ${fleet.notAnalysed} not analysed. Shard sizes ${repoShards.map((s) => s.targets).join(", ")}.`,
  "",
  `Endpoints: ${e.endpoints} in the merged report, ${e.reached} reached, ${e.ww000} with a WW000 (the black holes, which wait out the ${TIMEOUT_MS} ms deadline); shard sizes ${e.shards.map((s) => s.endpoints).join(", ")}; the most connections any of the ${HOSTS} hosts saw at once, counted at the relays: **${e.hostPeak}** (cap ${PER_HOST}). Under a cap a slot is freed only once the server has closed its side too (a graceful close, bounded at 250 ms), so a new connection never reaches a server still counting the last one.`,
  "",
  `Method: bench/fleet.mjs. Repositories are copies of the ${shapes.length} test fixture projects under bench/.work/fleet/repos (40 owners); shards run one after the other, each a fresh process (wall time and GNU time's peak RSS). Endpoints are TCP relays in the bench process on 127.0.9.1–127.0.9.${HOSTS} (ten ports each) in front of 4 TLS PostgreSQL 15 clusters; every tenth accepts and never answers. A relay counts a connection open from accept until either end closes it: the client's FIN or RST, or PostgreSQL hanging up (its backend has ended then); a black hole's only by the client. The cap is per process: ${ENDPOINT_SHARDS} shards one at a time here; a Job with parallelism P may hold P × ${PER_HOST} to one host.`,
].join("\n");
writeSection("6-fleet", {
  goals: [
    {
      goal: "2,000 repositories as 8 shards, merged, give the unsharded report",
      target: "identical (durations aside)",
      measured: identical ? "identical" : "different",
      verdict: identical ? "**PASS**" : "**FAIL**",
    },
    {
      goal: `500 endpoints as ${ENDPOINT_SHARDS} shards with --per-host ${PER_HOST}: the cap never exceeded at the servers`,
      target: `≤ ${PER_HOST} per host`,
      measured: `${e.hostPeak} at most, ${fmtMs(e.totalMs)} in all`,
      verdict: e.hostPeak <= PER_HOST && e.endpoints === ENDPOINTS ? "**PASS**" : "**FAIL**",
    },
  ],
  memory: [
    { what: "scan --targets, one of 8 shards of 2,000 repositories", rssKb: maxShardRss || null },
    { what: "probe --targets, one of 10 shards of 500 endpoints", rssKb: maxProbeRss || null },
  ],
  md,
});
process.stderr.write("bench/fleet: section written\n");
