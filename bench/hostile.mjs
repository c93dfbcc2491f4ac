#!/usr/bin/env node
// The hostile-fleet scenario of test/hostile/fleet-memory.test.ts, as a benchmark: 100 hostile endpoints (9 pgwire
// misbehaviours × 10 loopback addresses — 1 GiB / 2^31-1 / negative lengths, endless ParameterStatus, slowloris,
// stalled and half TLS handshakes, a 1,000-certificate chain — and 10 HTTP(S) redirect loops), probed by the built
// CLI in ONE child process (`--timeout 1500 --concurrency 32`) under /usr/bin/time. Prints one JSON line:
//   {"endpoints":100,"ms":…,"peakRssMiB":…}
// and hands its section to bench/all.mjs (bench/results.md).
// The servers are SCRIPTED (test/helpers/scripted-pgwire.ts, test/helpers/hostile.ts): no real server behaves so.
// Loopback addresses only. Needs `npm run build` first and /usr/bin/time (apt-get install -y time).
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runnerImport } from "vite";
import { fmtMs, writeSection } from "./lib.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const TIMEOUT_MS = 1500;
const CONCURRENCY = 32;

// The helpers are TypeScript: Vite's module runner loads them as vitest does.
const { module: hostile } = await runnerImport(join(ROOT, "test", "helpers", "hostile.ts"));
const fleet = await hostile.startHostileFleet(10);
try {
  const run = await hostile.probeInChild(fleet.targets, {
    timeoutMs: TIMEOUT_MS,
    concurrency: CONCURRENCY,
    killAfterMs: 120_000,
  });
  const endpoints = run.report?.endpoints?.length ?? 0;
  if (run.code !== 0 || endpoints !== fleet.behaviour.size) {
    process.stderr.write(
      `bench/hostile: the probe failed (exit ${run.code}${run.signal ? `, ${run.signal}` : ""}, ` +
        `${endpoints}/${fleet.behaviour.size} endpoints reported): ${run.stderr.slice(0, 500)}\n`,
    );
    process.exitCode = 2;
  } else {
    const peakRssMiB = Math.round(run.peakRssKiB / 1024);
    process.stdout.write(`${JSON.stringify({ endpoints, ms: Math.round(run.ms), peakRssMiB })}\n`);
    const CEILING_MIB = 300;
    writeSection("5-hostile", {
      goals: [
        {
          goal: `${endpoints} hostile endpoints in one probe process stay under a fixed memory ceiling`,
          target: `peak RSS < ${CEILING_MIB} MiB`,
          measured: `${peakRssMiB} MiB, ${fmtMs(run.ms)}`,
          verdict: peakRssMiB < CEILING_MIB ? "**PASS**" : "**FAIL**",
        },
      ],
      peers: [],
      memory: [{ what: `probe, ${endpoints} hostile endpoints`, rssKb: run.peakRssKiB }],
      md: [
        "## probe: 100 hostile endpoints",
        "",
        `One \`wirewarden probe --timeout ${TIMEOUT_MS} --concurrency ${CONCURRENCY}\` process against ${endpoints} scripted hostile endpoints on loopback (1 GiB / 2^31-1 / negative length fields, endless ParameterStatus, one byte per second, stalled and half TLS handshakes, a 1,000-certificate chain, HTTP redirect loops): ${fmtMs(run.ms)} wall time, ${peakRssMiB} MiB peak RSS; every endpoint ended with its own one-line error. One run (it is a bound, not a speed figure).`,
        "",
      ].join("\n"),
    });
  }
} finally {
  await fleet.close();
}
