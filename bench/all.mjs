#!/usr/bin/env node
// `npm run bench`: every benchmark in one run (scan, scan at scale, probe, HTTP probe, prove, prove through a pooler, hostile
// endpoints, fleets of repositories and endpoints), then one bench/results.md with the machine, the peer ratios, the goals and the peak memory of
// each, side by side.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { composeResults, SECTIONS } from "./lib.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const PARTS = [
  "run.mjs",
  "fixtures.mjs",
  "scale.mjs",
  "probe.mjs",
  "http.mjs",
  "prove.mjs",
  "pooler.mjs",
  "hostile.mjs",
  "fleet.mjs",
];

rmSync(SECTIONS, { recursive: true, force: true });
let failed = 0;
for (const part of PARTS) {
  const file = join(ROOT, "bench", part);
  if (!existsSync(file)) {
    process.stderr.write(`bench: ${part} is missing, skipped\n`);
    failed++;
    continue;
  }
  process.stderr.write(`\nbench: ${part}\n`);
  const r = spawnSync(process.execPath, [file], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, WIREWARDEN_BENCH_ALL: "1" },
    timeout: 30 * 60_000,
  });
  if (r.status !== 0) {
    process.stderr.write(`bench: ${part} failed (exit ${r.status ?? r.signal}); its section is missing\n`);
    failed++;
  }
}
const sections = existsSync(SECTIONS)
  ? readdirSync(SECTIONS)
      .filter((f) => f.endsWith(".json"))
      .map((f) => JSON.parse(readFileSync(join(SECTIONS, f), "utf8")))
  : [];
writeFileSync(join(ROOT, "bench", "results.md"), composeResults(sections));
process.stderr.write(`bench: wrote bench/results.md (${sections.length} parts)\n`);
process.exit(failed > 0 ? 1 : 0);
