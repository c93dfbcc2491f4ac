/**
 * 100 hostile endpoints in ONE probe process (issue 8): the built CLI (`node dist/cli/main.js probe --targets FILE
 * --timeout 1500 --concurrency 32`) runs as a child under /usr/bin/time against the fleet of test/helpers/hostile.ts
 * — 9 SCRIPTED pgwire misbehaviours × 10 loopback addresses (1 GiB / 2^31-1 / negative lengths, endless
 * ParameterStatus, slowloris, stalled and half TLS handshakes, a 1,000-certificate chain) and 10 HTTP(S) origins
 * that redirect to themselves. Scripted, because no real server produces these replies; loopback only.
 *
 * Asserted: the child exits 0 without a stack trace; every endpoint is in the report, within its budget (read off
 * the code, see BUDGET_WAITS), with its WW000 reason; its peak RSS stays under a fixed ceiling; and the whole run ends
 * within the bound the worker pool implies. The figures are printed; bench/hostile.mjs runs the same scenario.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  BUDGET_WAITS,
  endpointWorstCaseMs,
  type HostileFleet,
  type MeasuredRun,
  probeInChild,
  REASON,
  startHostileFleet,
} from "../helpers/hostile.js";

const TIMEOUT_MS = 1500;
const CONCURRENCY = 32;
const ENDPOINTS = 100;
/** Peak RSS ceiling for the whole run (measured: about 90 MiB; Node alone is about 45). */
const RSS_CEILING_MIB = 300;
/**
 * Scheduling slack on a loaded 2-core machine: a correctness bound, not a performance goal. Three timeouts, so a
 * 100-endpoint run on a busy CI machine, which stretches every wait, still has ≥ 3× what it was seen to take.
 */
const MARGIN_MS = 3 * TIMEOUT_MS;
/** Node start-up, module loading, writing the report. */
const STARTUP_MS = 3000;

let fleet: HostileFleet;
let run: MeasuredRun;

beforeAll(async () => {
  fleet = await startHostileFleet(10);
  expect(fleet.behaviour.size).toBe(ENDPOINTS);
  run = await probeInChild(fleet.targets, {
    timeoutMs: TIMEOUT_MS,
    concurrency: CONCURRENCY,
    killAfterMs: 90_000,
  });
  console.log(
    `hostile fleet: ${ENDPOINTS} endpoints, --timeout ${TIMEOUT_MS} --concurrency ${CONCURRENCY}: ` +
      `${Math.round(run.ms)} ms, peak RSS ${(run.peakRssKiB / 1024).toFixed(1)} MiB`,
  );
}, 120_000);

afterAll(async () => {
  await fleet?.close();
});

interface Report {
  findings: { ruleId: string; endpoint?: string; message: string }[];
  endpoints: { endpoint: string; durationMs: number }[];
}

it("one process probes 100 hostile endpoints: exits cleanly, every endpoint reported with its reason in its budget", () => {
  expect(run.signal, "killed: the run did not end").toBeNull();
  expect(run.stderr).not.toMatch(/internal error|\n\s+at |Error:/);
  expect(run.code).toBe(0);
  const report = run.report as Report;
  expect(report.endpoints.map((e) => e.endpoint).sort()).toEqual([...fleet.behaviour.keys()].sort());
  const slowest = new Map<string, number>();
  for (const e of report.endpoints) {
    const b = fleet.behaviour.get(e.endpoint) ?? "?";
    slowest.set(b, Math.max(slowest.get(b) ?? 0, e.durationMs));
  }
  console.log(`slowest endpoint per behaviour (ms): ${JSON.stringify(Object.fromEntries(slowest))}`);
  for (const e of report.endpoints) {
    const behaviour = fleet.behaviour.get(e.endpoint);
    if (!behaviour) throw new Error(`unexpected endpoint ${e.endpoint}`);
    expect(e.durationMs, `${e.endpoint} (${behaviour})`).toBeLessThan(
      Math.min(BUDGET_WAITS[behaviour] * TIMEOUT_MS, endpointWorstCaseMs(TIMEOUT_MS)) + MARGIN_MS,
    );
    const reasons = report.findings
      .filter((f) => f.endpoint === e.endpoint && f.ruleId === "WW000")
      .map((f) => f.message);
    expect(reasons, `${e.endpoint} (${behaviour})`).toContainEqual(expect.stringMatching(REASON[behaviour]));
    for (const m of reasons) expect(m).not.toMatch(/\n/);
  }
});

it(`peak RSS stays under ${RSS_CEILING_MIB} MiB and the run ends within the worker pool's bound`, () => {
  expect(run.peakRssKiB / 1024).toBeLessThan(RSS_CEILING_MIB);
  // 32 workers take endpoints from one queue: no more than ceil(100 / 32) endpoints one after the other on any
  // worker, each within the largest budget.
  const largest = Math.max(...Object.values(BUDGET_WAITS)) * TIMEOUT_MS + MARGIN_MS;
  expect(run.ms).toBeLessThan(Math.ceil(ENDPOINTS / CONCURRENCY) * largest + STARTUP_MS);
});
