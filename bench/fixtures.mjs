#!/usr/bin/env node
// Every fixture project of the tests (the real-world corpus, the evaluator's and the cross-check fixtures) and the
// bundled examples, each scanned by the built CLI as a user would (`scan DIR --format json --fail-on none`): the
// new evaluator (joins, inlined functions, includes, class-based settings) must keep every one of them within the
// scan goals. Prints one JSON line {"projects":…,"maxMs":…,"totalMs":…} and hands its section to bench/all.mjs.
// Needs `npm run build` first; /usr/bin/time for peak RSS (apt-get install -y time).
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { dier, fmtMs, fmtRss, median, peakOf, timed, writeSection } from "./lib.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "dist", "cli", "main.js");
const RUNS = Number(process.env.WIREWARDEN_BENCH_FIXTURE_RUNS ?? 5);
/** The tree goal of bench/run.mjs: 5,500 files under 3 s. One fixture is a handful of files. */
const GOAL_MS = 3000;
/** Django's `check --deploy` on the example takes ~0.3 s here: the example goal's yardstick, per project. */
const GOAL_EACH_MS = 1000;
const die = dier("bench/fixtures");

if (!existsSync(CLI)) die("dist/cli/main.js is missing: run npm run build first");

const dirsUnder = (p) =>
  existsSync(p)
    ? readdirSync(p)
        .map((d) => join(p, d))
        .filter((d) => statSync(d).isDirectory())
        .sort()
    : [];
const projects = [
  ...dirsUnder(join(ROOT, "examples")),
  ...dirsUnder(join(ROOT, "test", "fixtures", "real-world")),
  ...dirsUnder(join(ROOT, "test", "fixtures", "evaluator")),
  ...dirsUnder(join(ROOT, "test", "fixtures", "crosscheck")),
];
if (projects.length === 0) die("no fixture projects found");

const rows = [];
for (const dir of projects) {
  // Warm-up (page cache, compiled grammar in the OS cache), then timed runs.
  timed(process.execPath, [CLI, "scan", dir, "--format", "json", "--fail-on", "none", "--quiet"]);
  const samples = [];
  let last;
  for (let i = 0; i < RUNS; i++) {
    last = timed(process.execPath, [CLI, "scan", dir, "--format", "json", "--fail-on", "none", "--quiet"]);
    samples.push(last);
  }
  // Exit 2 (nothing analysed) is an answer too; anything else is a failure of the benchmark.
  if (last.status !== 0 && last.status !== 2)
    die(`${relative(ROOT, dir)}: exit ${last.status}: ${last.stderr}`);
  let aliases = "exit 2";
  if (last.status === 0) {
    const report = JSON.parse(last.stdout);
    const count = (v) => (report.aliases ?? []).filter((a) => a.verdict === v).length;
    aliases = `${count("verified")} verified, ${count("exposed")} exposed, ${count("unknown")} unknown`;
  }
  rows.push({
    what: relative(ROOT, dir),
    median: median(samples.map((s) => s.ms)),
    max: Math.max(...samples.map((s) => s.ms)),
    rssKb: peakOf(samples.map((s) => s.rssKb)),
    aliases,
  });
}

const maxMs = Math.max(...rows.map((r) => r.median));
const slowest = rows.find((r) => r.median === maxMs);
const totalMs = rows.reduce((n, r) => n + r.median, 0);
const peak = peakOf(rows.map((r) => r.rssKb));
process.stdout.write(
  `${JSON.stringify({ projects: rows.length, maxMs: Math.round(maxMs), totalMs: Math.round(totalMs) })}\n`,
);
writeSection("6-fixtures", {
  goals: [
    {
      goal: `Scan each of the ${rows.length} fixture projects and examples`,
      target: `every median < ${fmtMs(GOAL_EACH_MS)} (tree goal ${fmtMs(GOAL_MS)})`,
      measured: `slowest ${fmtMs(maxMs)} (${slowest?.what}); all ${rows.length} in ${fmtMs(totalMs)}`,
      verdict: maxMs < GOAL_EACH_MS ? "**PASS**" : "**FAIL**",
    },
  ],
  peers: [],
  memory: [{ what: `scan, largest of ${rows.length} fixture projects`, rssKb: peak }],
  md: [
    "## scan: every fixture project and example",
    "",
    "| Project | Median | Max | Peak RSS | Alias verdicts |",
    "| --- | ---: | ---: | ---: | --- |",
    ...rows.map(
      (r) => `| ${r.what} | ${fmtMs(r.median)} | ${fmtMs(r.max)} | ${fmtRss(r.rssKb)} | ${r.aliases} |`,
    ),
    "",
    `Method: \`node dist/cli/main.js scan DIR --format json --fail-on none --quiet\`, one untimed warm-up then ${RUNS} timed runs per project; wall time includes Node start-up and compiling the tree-sitter grammar (most of each figure).`,
    "",
  ].join("\n"),
});
