/**
 * `probe` as a fleet worker against a real PostgreSQL (issue 23): shards of endpoints merge into the whole run;
 * the per-host cap holds at the server (counted at relays in front of it); OpenMetrics output passes Prometheus'
 * own `promtool check metrics`.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, initTemplate, startCluster } from "../../src/lab/pg-cluster.js";
import { type CertificateAuthority, createCa } from "../../src/tls/certs.js";
import { BUILT_CLI, cli, spawnAsync, tempDir } from "../helpers/cli.js";
import { peakOpen, type Relay, startRelay } from "../helpers/relay.js";

/** The built CLI in a child process, without blocking this one (the relays run here). */
const spawnBuilt = (argv: string[]) => spawnAsync(process.execPath, [BUILT_CLI, ...argv]);

const HOST = "127.0.0.1";
const RELAYS = 6;
let ca: CertificateAuthority;
let caFile: string;
let cluster: Cluster;
let dir: string;
const relays: Relay[] = [];

/**
 * The most connections open at once as the server saw them, over all six relays (test/helpers/relay.ts). Under a cap
 * the client frees a slot only after the server closed its side (net/connection.ts), so the count is strict: no
 * allowance for a close in flight.
 */
const serverPeak = () => peakOpen(relays.flatMap((r) => r.spans));
const resetSpans = () => {
  for (const r of relays) r.spans.length = 0;
};

beforeAll(async () => {
  await initTemplate(); // fails with "apt-get install -y postgresql" when PostgreSQL is missing
  dir = tempDir("ww-probe-fleet-");
  ca = await createCa({ commonName: "wirewarden fleet test CA" });
  caFile = join(dir, "ca.pem");
  writeFileSync(caFile, ca.certPem);
  cluster = await startCluster({
    ssl: true,
    server: await ca.issue({ commonName: "localhost", dnsNames: ["localhost"], ipAddresses: [HOST] }),
    hba: ["hostssl all all 127.0.0.1/32 scram-sha-256"],
  });
  // Six endpoints of one host: relays on six ports of 127.0.0.1 in front of the one server.
  for (let i = 0; i < RELAYS; i++) relays.push(await startRelay(cluster.port, HOST));
}, 120_000);

afterAll(async () => {
  await Promise.all(relays.map((r) => r.close()));
  await cluster?.stop();
});

const targets = () => relays.map((r) => `postgresql://${HOST}:${r.port}`);

describe("probe as a fleet worker", () => {
  it("--per-host 3: never more than 3 connections open to the host; without it, more", async () => {
    resetSpans();
    // wirewarden runs as its own process here: in this one, the relays would see a closed connection's FIN only
    // after the event loop got round to it, possibly after the next connection that the freed slot let in.
    const capped = await spawnBuilt([
      "probe",
      ...targets(),
      "--ca",
      caFile,
      "--per-host",
      "3",
      "--format",
      "json",
      "--fail-on",
      "none",
    ]);
    expect(capped.code, capped.stderr).toBe(0);
    // Five connections an endpoint: PostgreSQL 15 closes the direct ClientHello without a byte back.
    expect(relays.flatMap((r) => r.spans).length).toBeGreaterThanOrEqual(RELAYS * 5);
    expect(serverPeak()).toBeLessThanOrEqual(3);
    const report = JSON.parse(capped.stdout);
    // Every endpoint still got its full verdict (no WW000: nothing waited out its deadline).
    expect(report.findings.filter((f: { ruleId: string }) => f.ruleId === "WW000")).toEqual([]);
    expect(report.endpoints).toHaveLength(RELAYS);
    resetSpans();
    const free = await spawnBuilt([
      "probe",
      ...targets(),
      "--ca",
      caFile,
      "--format",
      "json",
      "--fail-on",
      "none",
    ]);
    expect(free.code).toBe(0);
    expect(serverPeak()).toBeGreaterThan(3);
  }, 120_000);

  it("--rate 20: the connections of six endpoints (30) take at least 1.4 seconds", async () => {
    const started = performance.now();
    const r = await cli([
      "probe",
      ...targets(),
      "--ca",
      caFile,
      "--rate",
      "20",
      "--timeout",
      "20000",
      "--format",
      "json",
      "--fail-on",
      "none",
    ]);
    expect(r.code, r.stderr).toBe(0);
    // 30 connections (five an endpoint) at 20 a second: the last may start no sooner than 29/20 s after the first.
    expect(performance.now() - started).toBeGreaterThan(1400);
  }, 120_000);

  it("three shards of the endpoints merge into the whole run, with --shard auto as a Kubernetes Indexed Job sets it", async () => {
    const whole = join(dir, "whole.jsonl");
    expect(
      (
        await cli([
          "probe",
          ...targets(),
          "--ca",
          caFile,
          "--format",
          "jsonl",
          "-o",
          whole,
          "--fail-on",
          "none",
        ])
      ).code,
    ).toBe(0);
    const shards: string[] = [];
    for (let i = 0; i < 3; i++) {
      const f = join(dir, `shard-${i}.jsonl`);
      const r = await cli(
        [
          "probe",
          ...targets(),
          "--ca",
          caFile,
          "--shard",
          "auto",
          "--format",
          "jsonl",
          "-o",
          f,
          "--fail-on",
          "none",
        ],
        {
          JOB_COMPLETION_INDEX: String(i),
          WIREWARDEN_SHARD_COUNT: "3",
        },
      );
      expect(r.code, r.stderr).toBe(0);
      shards.push(f);
    }
    const lines = (f: string) =>
      readFileSync(f, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l));
    const endpointsIn = (f: string) =>
      lines(f)
        .filter((l) => l.type === "target")
        .map((l) => l.target);
    expect(shards.flatMap(endpointsIn).sort()).toEqual(targets().sort());
    const a = join(dir, "a.json");
    const b = join(dir, "b.json");
    await cli(["merge", ...shards, "--format", "json", "-o", a, "--fail-on", "none"]);
    await cli(["merge", whole, "--format", "json", "-o", b, "--fail-on", "none"]);
    // Durations differ run to run; everything else is the same.
    const stable = (f: string) => readFileSync(f, "utf8").replace(/"durationMs": \d+/g, '"durationMs": 0');
    expect(stable(a)).toBe(stable(b));
  }, 180_000);

  it("--format openmetrics passes promtool check metrics, with each endpoint's facts", async () => {
    const r = await cli([
      "probe",
      ...targets().slice(0, 2),
      "--ca",
      caFile,
      "--format",
      "openmetrics",
      "--fail-on",
      "none",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const check = spawnSync("promtool", ["check", "metrics"], { input: r.stdout, encoding: "utf8" });
    if (check.error)
      throw new Error(`promtool is missing: apt-get install -y prometheus (${check.error.message})`);
    expect(check.status, `${check.stdout}${check.stderr}`).toBe(0);
    expect(`${check.stdout}${check.stderr}`.trim()).toBe("");
    expect(r.stdout).toMatch(
      /^wirewarden_endpoint_plaintext_accepted\{endpoint="postgresql:\/\/127\.0\.0\.1:\d+"\} 0$/m,
    );
    expect(r.stdout).toMatch(
      /^wirewarden_endpoint_tls_version_info\{endpoint="[^"]+",version="TLSv1\.3"\} 1$/m,
    );
    expect(r.stdout).toMatch(/^wirewarden_certificate_expiry_timestamp_seconds\{endpoint="[^"]+"\} \d+$/m);
    expect(r.stdout.endsWith("# EOF\n")).toBe(true);
  }, 120_000);
});
