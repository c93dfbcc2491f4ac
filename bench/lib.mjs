// What the benchmarks share: failing with a reason, timing a process (wall time and peak RSS), the figures'
// arithmetic and formatting, and the section each benchmark hands to bench/all.mjs for the one results.md.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const SECTIONS = join(ROOT, "bench", ".work", "sections");
export const TIME_BIN = "/usr/bin/time";

/** A `die` that prefixes its message with the benchmark's name and exits 2. */
export function dier(name) {
  return (message) => {
    process.stderr.write(`${name}: ${message}\n`);
    process.exit(2);
  };
}

/**
 * Wall time of one process, start-up included, and its peak RSS (GNU time's %M: the largest resident set of the
 * process or any child it waited for), or null where /usr/bin/time is missing (apt-get install -y time).
 */
export function timed(cmd, args, opts = {}) {
  const rssFile = join(ROOT, "bench", ".work", `rss-${process.pid}.txt`);
  const haveTime = existsSync(TIME_BIN);
  if (haveTime) {
    mkdirSync(dirname(rssFile), { recursive: true });
    rmSync(rssFile, { force: true });
  }
  const argv = haveTime ? [TIME_BIN, "-f", "%M", "-o", rssFile, cmd, ...args] : [cmd, ...args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...opts });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  let rssKb = null;
  if (haveTime && existsSync(rssFile)) {
    const last = readFileSync(rssFile, "utf8").trim().split("\n").pop() ?? "";
    if (/^\d+$/.test(last)) rssKb = Number(last);
    rmSync(rssFile, { force: true });
  }
  return { ms, rssKb, status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "", error: r.error };
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The largest of some peak RSS figures (null ones ignored), or null. */
export const peakOf = (kbs) => kbs.reduce((a, b) => (b === null ? a : Math.max(a ?? 0, b)), null);

export const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
export const fmtRss = (kb) => (kb === null || kb === undefined ? "n/a" : `${(kb / 1024).toFixed(0)} MiB`);

/**
 * Hands a benchmark's part of the report to bench/all.mjs: `goals` (goal, target, measured, verdict), `peers`
 * (what, wirewarden, peer, ratio, note), `memory` (what, rssKb) and the section's own markdown.
 */
export function writeSection(name, section) {
  mkdirSync(SECTIONS, { recursive: true });
  writeFileSync(join(SECTIONS, `${name}.json`), `${JSON.stringify({ name, ...section }, null, 2)}\n`);
}

/** bench/results.md from the sections of one run: the machine, then every comparison, goal and peak, then each part. */
export function composeResults(sections) {
  const ordered = [...sections].sort((a, b) => (a.name < b.name ? -1 : 1));
  const machine = ordered.find((s) => s.machine)?.machine;
  const lines = ["# wirewarden benchmark", ""];
  lines.push(
    `Run ${machine?.date ?? new Date().toISOString().replace(/\.\d+Z$/, "Z")} by \`npm run bench\` (bench/all.mjs): every figure below comes from this one run on this machine.`,
    "",
  );
  if (machine)
    lines.push(
      "## Machine",
      "",
      "| | |",
      "| --- | --- |",
      `| CPU | ${machine.cpu} × ${machine.cores} |`,
      `| Memory | ${machine.memory} |`,
      `| OS | ${machine.os}, load ${machine.load} at start |`,
      `| Node | ${machine.node} |`,
      `| Python | ${machine.python} (/usr/bin/python3), Django ${machine.django} |`,
      "",
    );
  const peers = ordered.flatMap((s) => s.peers ?? []);
  lines.push(
    "## Side by side with the peers",
    "",
    "Ratios of medians measured in this run (wall time of a fresh process each, start-up included).",
    "",
    "| Job | wirewarden | Peer | Ratio | Note |",
    "| --- | ---: | --- | --- | --- |",
    ...peers.map((p) => `| ${p.what} | ${p.wirewarden} | ${p.peer} | **${p.ratio}** | ${p.note} |`),
    "",
    "## Goals",
    "",
    "| Goal | Target | Measured | Verdict |",
    "| --- | --- | --- | --- |",
    ...ordered.flatMap((s) =>
      (s.goals ?? []).map((g) => `| ${g.goal} | ${g.target} | ${g.measured} | ${g.verdict} |`),
    ),
    "",
    "## Peak memory",
    "",
    "Largest resident set over the timed runs (GNU time's %M: the process or the largest child it waited for).",
    "",
    "| Run | Peak RSS |",
    "| --- | ---: |",
    ...ordered.flatMap((s) => (s.memory ?? []).map((m) => `| ${m.what} | ${fmtRss(m.rssKb)} |`)),
    "",
  );
  for (const s of ordered) lines.push(s.md.trimEnd(), "");
  const missing = ["1-scan", "2-probe", "3-http", "4-prove", "4b-pooler", "5-hostile", "6-fleet"].filter(
    (n) => !ordered.some((s) => s.name === n),
  );
  if (missing.length > 0) lines.push(`Not run in this run: ${missing.join(", ")}.`, "");
  return lines.join("\n");
}
