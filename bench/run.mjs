#!/usr/bin/env node
// wirewarden benchmark: generates a synthetic Django monorepo (bench/tree/), times `wirewarden scan` on it,
// and compares wirewarden with Django's own `manage.py check --deploy` on examples/vulnerable-shop.
// Plain Node ESM, built-ins only. Run with `npm run bench` (builds first) or `node bench/run.mjs --help`.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { composeResults, writeSection } from "./lib.mjs";
import { ensureTree, GENERATOR_VERSION, PROJECT_COUNT, PYTHON, SEED, verifyTree } from "./tree-generator.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const WORK = join(ROOT, "bench", ".work");
const RESULTS = join(ROOT, "bench", "results.md");

const DEFAULT_EXAMPLE = "examples/vulnerable-shop";
const DEFAULT_EXAMPLE_SETTINGS = "shop.settings.production";
const SHIMS = "test/harness/shims";
const TIME_BIN = "/usr/bin/time";
const TIMEOUT_BIN = existsSync("/usr/bin/timeout") ? "/usr/bin/timeout" : null;

const GOAL_TREE_SECONDS = 3;
const BANDIT = "/usr/bin/bandit";
const BANDIT_RUNS = 3;
const BANDIT_OUT = join(WORK, "bandit.json");

// ---------------------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------------------

const HELP = `Usage: node bench/run.mjs [options]        (npm run bench builds first)

  --generate-only     generate bench/tree/ (if missing or stale) and stop; needs no build
  --regenerate        delete and regenerate bench/tree/ even if its marker is current
  --verify-tree       compile every generated .py with ${PYTHON} (no bytecode written); exit 2 on errors
  --tree-runs N       timed scans of bench/tree (default 5)
  --example-runs N    timed runs of each example command (default 7)
  --timeout S         per-process timeout in seconds (default 120)
  --budget S          bound on the whole measuring phase in seconds (default 900)
  --bin FILE          time FILE instead of dist/cli/main.js (a stand-in; .js/.mjs/.cjs run with node)
  --example DIR       project compared with check --deploy (default ${DEFAULT_EXAMPLE})
  --settings MODULE   its production settings module (default ${DEFAULT_EXAMPLE_SETTINGS})
  --no-write          print the report only; leave bench/results.md alone
  --help              this text

Exit status: 0 when the report was produced (a missed goal is reported as FAIL),
2 when wirewarden is not built, a command fails outright, or the budget runs out.`;

function parseArgs(argv) {
  const opts = {
    generateOnly: false,
    regenerate: false,
    verifyTree: false,
    treeRuns: 5,
    exampleRuns: 7,
    timeoutS: 120,
    budgetS: 900,
    bin: null,
    example: DEFAULT_EXAMPLE,
    settings: DEFAULT_EXAMPLE_SETTINGS,
    write: true,
  };
  const num = (name, v) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) die(`${name} needs a positive number, got ${JSON.stringify(v)}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf("=");
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const value = () => (eq > 0 ? a.slice(eq + 1) : argv[++i]);
    switch (flag) {
      case "--generate-only":
        opts.generateOnly = true;
        break;
      case "--regenerate":
        opts.regenerate = true;
        break;
      case "--verify-tree":
        opts.verifyTree = true;
        break;
      case "--tree-runs":
        opts.treeRuns = Math.round(num(flag, value()));
        break;
      case "--example-runs":
        opts.exampleRuns = Math.round(num(flag, value()));
        break;
      case "--timeout":
        opts.timeoutS = num(flag, value());
        break;
      case "--budget":
        opts.budgetS = num(flag, value());
        break;
      case "--bin":
        opts.bin = value();
        if (!opts.bin) die("--bin needs a file");
        break;
      case "--example":
        opts.example = value()?.replace(/\/+$/, "");
        if (!opts.example) die("--example needs a directory");
        break;
      case "--settings":
        opts.settings = value();
        if (!opts.settings) die("--settings needs a module");
        break;
      case "--no-write":
        opts.write = false;
        break;
      case "--help":
      case "-h":
        console.log(HELP);
        process.exit(0);
        break;
      default:
        die(`unknown option ${a}\n\n${HELP}`);
    }
  }
  return opts;
}

function die(message) {
  process.stderr.write(`bench: ERROR: ${message}\n`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------------------------

const HAVE_TIME = existsSync(TIME_BIN);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

class Runner {
  constructor(opts) {
    this.timeoutS = opts.timeoutS;
    this.budgetS = opts.budgetS;
    this.deadline = Date.now() + opts.budgetS * 1000;
    mkdirSync(WORK, { recursive: true });
    this.rssFile = join(WORK, `rss-${process.pid}.txt`);
    process.on("exit", () => rmSync(this.rssFile, { force: true })); // die() exits from anywhere
  }

  /** One timed run, wrapped as [timeout -k 5 T] [/usr/bin/time -f %M -o FILE] cmd args... */
  once(cmd, args, env) {
    const remainingS = (this.deadline - Date.now()) / 1000;
    if (remainingS <= 1) die(`the bench ran past its ${this.budgetS} s budget (raise it with --budget)`);
    const limitS = Math.max(1, Math.floor(Math.min(this.timeoutS, remainingS)));
    let argv = [cmd, ...args];
    if (HAVE_TIME) {
      rmSync(this.rssFile, { force: true });
      argv = [TIME_BIN, "-f", "%M", "-o", this.rssFile, ...argv];
    }
    if (TIMEOUT_BIN) argv = [TIMEOUT_BIN, "-k", "5", String(limitS), ...argv];
    const t0 = process.hrtime.bigint();
    const r = spawnSync(argv[0], argv.slice(1), {
      cwd: ROOT,
      env,
      encoding: "utf8",
      maxBuffer: 512 * 1024 * 1024,
      timeout: (limitS + 15) * 1000, // backstop in case `timeout` is missing or ignored
      killSignal: "SIGKILL",
      stdio: ["ignore", "pipe", "pipe"],
    });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    let rssKb = null;
    if (HAVE_TIME && existsSync(this.rssFile)) {
      const last = readFileSync(this.rssFile, "utf8").trim().split("\n").pop() ?? "";
      if (/^\d+$/.test(last)) rssKb = Number(last);
    }
    // `timeout` exits 124 (137 after -k); 137 alone could be an OOM kill, so the clock must agree.
    const timedOut =
      r.error?.code === "ETIMEDOUT" ||
      (TIMEOUT_BIN !== null && (r.status === 124 || r.status === 137) && ms >= limitS * 1000 - 500);
    return {
      ms,
      rssKb,
      timedOut,
      limitS,
      status: r.status,
      signal: r.signal,
      error: r.error,
      stdout: r.stdout ?? "",
      stderr: r.stderr ?? "",
    };
  }

  /** Untimed warm-up runs, then `runs` timed ones. `check` returns a problem (stops the bench) or null. */
  measure(label, cmd, args, { env, runs, warmup = 1, check }) {
    const shown = [cmd, ...args].map((a) => (a.startsWith(ROOT) ? relative(ROOT, a) : a)).join(" ");
    const samples = [];
    let peakRssKb = null;
    let last = null;
    for (let i = 0; i < warmup + runs; i++) {
      const r = this.once(cmd, args, env);
      if (r.timedOut) {
        const why = r.limitS < this.timeoutS ? ` (cut short: the ${this.budgetS} s --budget ran out)` : "";
        die(`${label}: timed out after ${r.limitS} s${why}\n  command: ${shown}`);
      }
      if (r.error) die(`${label}: could not run ${cmd}: ${r.error.message}`);
      const problem = check(r);
      if (problem) die(`${label}: ${problem}\n  command: ${shown}\n${tail(r.stderr || r.stdout)}`);
      if (i >= warmup) {
        samples.push(r.ms);
        if (r.rssKb !== null) peakRssKb = Math.max(peakRssKb ?? 0, r.rssKb);
      }
      last = r;
      process.stderr.write(
        `  ${label}: ${i < warmup ? "warm-up" : `run ${i - warmup + 1}/${runs}`} ${fmtMs(r.ms)}\n`,
      );
    }
    return {
      samples,
      median: median(samples),
      min: Math.min(...samples),
      max: Math.max(...samples),
      peakRssKb,
      last,
    };
  }
}

function tail(text, n = 15) {
  return String(text)
    .trimEnd()
    .split("\n")
    .slice(-n)
    .map((l) => `  | ${l}`)
    .join("\n");
}

/** What a JSON scan report says: findings, grade, settings modules named. Null when stdout is not JSON. */
function readReport(stdout) {
  let report;
  try {
    report = JSON.parse(stdout);
  } catch {
    return null;
  }
  const findings = Array.isArray(report?.findings) ? report.findings : null;
  return {
    findings: findings?.length ?? null,
    grade: report?.summary?.grade ?? null,
    modules: findings ? new Set(findings.map((f) => f.settingsModule).filter(Boolean)).size : null,
  };
}

/** `scan --fail-on none` exits 0; any other status, or stdout that is not JSON, is a failure. */
function checkScan(r) {
  if (r.status !== 0)
    return `exited with ${r.status ?? `signal ${r.signal}`} (expected 0 with --fail-on none)`;
  if (readReport(r.stdout) === null) return "did not print a JSON report on stdout";
  return null;
}

/** check --deploy exits 0 with warnings and 1 with a SystemCheckError (both verdicts); a traceback is a failure. */
function checkDjango(r) {
  if (r.status === 0) return null;
  if (r.status === 1 && r.stderr.includes("SystemCheckError") && !r.stderr.includes("Traceback")) return null;
  return `exited with ${r.status ?? `signal ${r.signal}`}`;
}

function djangoIssues(r) {
  const m = /System check identified (no|\d+) issues?/.exec(`${r.stdout}\n${r.stderr}`);
  return m ? (m[1] === "no" ? 0 : Number(m[1])) : null;
}

// ---------------------------------------------------------------------------------------------------------
// Machine description and the report
// ---------------------------------------------------------------------------------------------------------

function capture(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 30_000 });
  return r.status === 0 ? `${r.stdout}${r.stderr}`.trim() || null : null;
}

function describeMachine() {
  const cpus = os.cpus();
  const havePy = existsSync(PYTHON);
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    cpu: cpus[0]?.model?.trim() ?? "unknown",
    cores: cpus.length,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    load: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" "),
    node: process.version,
    python: havePy ? (capture(PYTHON, ["--version"])?.replace(/^Python /, "") ?? "n/a") : "not found",
    django: havePy ? (capture(PYTHON, ["-c", "import django;print(django.get_version())"]) ?? "n/a") : "n/a",
  };
}

const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const fmtRss = (kb) => (kb === null ? "n/a" : `${(kb / 1024).toFixed(0)} MiB`);
const fmtInt = (n) => n.toLocaleString("en-US");
const plural = (n, word) => `${fmtInt(n)} ${word}${n === 1 ? "" : "s"}`;
const verdict = (ok) => (ok ? "**PASS**" : "**FAIL**");

function renderSection({ tree, treeM, exW, exD, bandit, baseline, opts, scanner }) {
  const filesPerSec = tree.stats.files / (treeM.median / 1000);
  const ratio = exW.median / exD.median;
  const treePass = treeM.median < GOAL_TREE_SECONDS * 1000;
  const examplePass = exW.median < exD.median;
  const issues = djangoIssues(exD.last);
  const row = (m, what) =>
    `| ${what} | ${m.samples.length} | **${fmtMs(m.median)}** | ${fmtMs(m.min)} | ${fmtMs(m.max)} | ${fmtRss(m.peakRssKb)} |`;
  const said = (stdout) => {
    const r = readReport(stdout);
    if (r === null || r.findings === null) return "the report has no findings array";
    return `${plural(r.findings, "finding")}${r.grade ? `, grade ${r.grade}` : ""}, ${plural(r.modules, "settings module")} named`;
  };
  const speed = (r) =>
    r < 1 ? `wirewarden ${(1 / r).toFixed(1)}× faster` : `wirewarden ${r.toFixed(2)}× the time`;
  const wrappers = [
    TIMEOUT_BIN && `\`timeout -k 5 ${opts.timeoutS}\``,
    HAVE_TIME && `\`${TIME_BIN} -f %M\``,
  ].filter(Boolean);
  const standIn = scanner.standIn
    ? ` **Scanner replaced by stand-in \`${scanner.label}\`: not wirewarden's figures.**`
    : "";
  const banditRatio = bandit ? treeM.median / bandit.median : null;
  const md = [
    `## scan${standIn}`,
    "",
    "| Command | Runs | Median | Min | Max | Peak RSS |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    row(treeM, `\`${scanner.label} scan bench/tree --format json --fail-on none\``),
    bandit
      ? row(bandit, "`bandit -r bench/tree -q -f json` (peer: generic Python security linter)")
      : "| `bandit -r bench/tree`: not installed (apt-get install -y bandit) | | | | | |",
    row(exW, `\`${scanner.label} scan ${opts.example} --format json --fail-on none\``),
    row(exD, `\`python3 ${opts.example}/manage.py check --deploy --settings ${opts.settings}\``),
    row(baseline, "`/bin/true` (process start + wrappers, for scale)"),
    "",
    "What the commands reported (last timed run):",
    "",
    `- bench/tree: ${said(treeM.last.stdout)}; ${fmtInt(Math.round(filesPerSec))} files/s.`,
    bandit
      ? `- bandit: ${banditIssues(bandit.last)} on the same tree. It checks other things (assert, subprocess, hard-coded passwords in general Python) and reads Python only; it has no rule about sslmode, database TLS, Django's HTTPS settings or deployment files, so the ratio compares cost, not coverage.`
      : "- bandit: not run.",
    `- ${opts.example}: ${said(exW.last.stdout)}.`,
    `- check --deploy: ${issues === null ? "no issue count in its output" : plural(issues, "issue")}, exit ${exD.last.status} (it has no database check).`,
    "",
    `Method: bench/tree/ holds ${fmtInt(tree.stats.files - (tree.stats.deployFiles ?? 0))} Python files and ${fmtInt(tree.stats.deployFiles ?? 0)} deployment files (compose, Dockerfile, Kubernetes, Helm values, scripts, CI, SQL), ${fmtInt(tree.stats.lines)} lines, ${(tree.stats.bytes / 2 ** 20).toFixed(1)} MiB, in ${PROJECT_COUNT} Django projects (services/NAME/), each with manage.py and a settings package (base.py; production.py and local.py doing \`from .base import *\`); generator v${GENERATOR_VERSION}, seed 0x${SEED.toString(16)}, ${tree.generated ? `generated in this run in ${tree.seconds.toFixed(2)} s` : "reused (marker current)"}. Each command runs once untimed (warm-up: page cache; Python bytecode cached under bench/.work/pycache), then ${opts.treeRuns} (tree; bandit ${BANDIT_RUNS}) or ${opts.exampleRuns} (example) timed runs; wall time is process.hrtime.bigint() around child_process.spawnSync, process start-up included. Every run is wrapped the same way (${wrappers.join(" + ") || "no wrapper"}); the /bin/true row shows what that costs. Peak RSS is the largest over the timed runs${HAVE_TIME ? "" : " (n/a: no /usr/bin/time)"}. Django runs with PYTHONPATH=${SHIMS} (a test-only django_cockroachdb shim) and DJANGO_SETTINGS_MODULE=${opts.settings}; wirewarden gets the same environment for the example. Per-process timeout ${opts.timeoutS} s; the measuring phase is bounded by ${opts.budgetS} s.`,
    "",
  ].join("\n");
  return {
    goals: [
      {
        goal: `Scan the ${fmtInt(tree.stats.files)}-file tree`,
        target: `median < ${GOAL_TREE_SECONDS} s`,
        measured: `${fmtMs(treeM.median)} (${fmtInt(Math.round(filesPerSec))} files/s)`,
        verdict: verdict(treePass),
      },
      {
        goal: `Verdict on ${opts.example} faster than Django's \`check --deploy\``,
        target: "wirewarden median < Django median",
        measured: `${fmtMs(exW.median)} vs ${fmtMs(exD.median)} (ratio ${ratio.toFixed(2)})`,
        verdict: verdict(examplePass),
      },
    ],
    peers: [
      {
        what: opts.example,
        wirewarden: fmtMs(exW.median),
        peer: `manage.py check --deploy ${fmtMs(exD.median)}`,
        ratio: speed(ratio),
        note: "check --deploy has no database TLS check; wirewarden also judges every alias",
      },
      ...(bandit
        ? [
            {
              what: `bench/tree (${fmtInt(tree.stats.files)} files)`,
              wirewarden: fmtMs(treeM.median),
              peer: `bandit -r ${fmtMs(bandit.median)}`,
              ratio: speed(banditRatio),
              note: "bandit checks other things (generic Python security), no database TLS or deployment rules",
            },
          ]
        : []),
    ],
    memory: [
      { what: "scan, 5,500-file tree", rssKb: treeM.peakRssKb },
      { what: `scan, ${opts.example}`, rssKb: exW.peakRssKb },
      { what: "manage.py check --deploy (peer)", rssKb: exD.peakRssKb },
      ...(bandit ? [{ what: "bandit -r bench/tree (peer)", rssKb: bandit.peakRssKb }] : []),
    ],
    md,
  };
}

function banditIssues(r) {
  try {
    const j = JSON.parse(readFileSync(BANDIT_OUT, "utf8"));
    return `${plural(j.results.length, "issue")} reported (exit ${r.status})`;
  } catch {
    return `exit ${r.status}`;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------------------

function main() {
  const opts = parseArgs(process.argv.slice(2));

  // Preconditions first (unless only generating), so a missing build fails fast; each is exit 2 with the reason.
  let scanner = null;
  if (!opts.generateOnly) {
    if (opts.bin) {
      const bin = resolve(opts.bin);
      if (!existsSync(bin)) die(`--bin ${opts.bin} does not exist`);
      const viaNode = /\.[cm]?js$/.test(bin);
      scanner = {
        cmd: viaNode ? process.execPath : bin,
        pre: viaNode ? [bin] : [],
        label: relative(ROOT, bin),
        standIn: true,
      };
    } else {
      const entry = join(ROOT, "dist", "cli", "main.js");
      if (!existsSync(entry))
        die(
          "wirewarden is not built: dist/cli/main.js is missing. Run `npm run build` (`npm run bench` builds first).",
        );
      scanner = { cmd: process.execPath, pre: [entry], label: "wirewarden", standIn: false };
    }
    if (!existsSync(join(ROOT, opts.example, "manage.py")))
      die(`${opts.example}/manage.py is missing; the comparison needs the example project`);
    if (!existsSync(join(ROOT, SHIMS)))
      die(`${SHIMS} is missing; it provides the django_cockroachdb shim check --deploy imports`);
    if (!existsSync(PYTHON)) die(`${PYTHON} not found; it runs Django's check --deploy`);
  }

  const tree = ensureTree(opts.regenerate);
  process.stderr.write(
    tree.generated
      ? `bench: generated bench/tree (${fmtInt(tree.stats.files)} files, ${fmtInt(tree.stats.lines)} lines) in ${tree.seconds.toFixed(2)} s\n`
      : "bench: bench/tree is current (marker matches), reusing it\n",
  );
  if (opts.verifyTree) verifyTree();
  if (opts.generateOnly) return;

  const machine = describeMachine();
  if (machine.django === "n/a") die(`${PYTHON} cannot import django (apt-get install python3-django)`);

  const runner = new Runner(opts);
  const baseEnv = { ...process.env };
  delete baseEnv.DJANGO_SETTINGS_MODULE;
  delete baseEnv.PYTHONDONTWRITEBYTECODE;
  const exampleEnv = {
    ...baseEnv,
    DJANGO_SETTINGS_MODULE: opts.settings,
    PYTHONPATH: [join(ROOT, SHIMS), process.env.PYTHONPATH].filter(Boolean).join(":"),
    PYTHONPYCACHEPREFIX: join(WORK, "pycache"), // bytecode is cached, but not written into examples/
  };
  const scanArgs = (target) => [...scanner.pre, "scan", target, "--format", "json", "--fail-on", "none"];
  const djangoArgs = [`${opts.example}/manage.py`, "check", "--deploy", "--settings", opts.settings];

  process.stderr.write("bench: measuring (progress here on stderr; the report goes to stdout)\n");
  const baseline = runner.measure("/bin/true", "/bin/true", [], { env: baseEnv, runs: 5, check: () => null });
  const treeM = runner.measure("scan bench/tree", scanner.cmd, scanArgs("bench/tree"), {
    env: baseEnv,
    runs: opts.treeRuns,
    check: checkScan,
  });
  const exW = runner.measure(`scan ${opts.example}`, scanner.cmd, scanArgs(opts.example), {
    env: exampleEnv,
    runs: opts.exampleRuns,
    check: checkScan,
  });
  const exD = runner.measure("check --deploy", PYTHON, djangoArgs, {
    env: exampleEnv,
    runs: opts.exampleRuns,
    check: checkDjango,
  });

  let bandit = null;
  if (existsSync(BANDIT) && !scanner.standIn) {
    bandit = runner.measure(
      "bandit -r bench/tree",
      BANDIT,
      ["-r", "bench/tree", "-q", "-f", "json", "-o", BANDIT_OUT],
      {
        env: baseEnv,
        runs: BANDIT_RUNS,
        // bandit exits 1 when it reports issues, which it does on this tree.
        check: (r) => (r.status === 0 || r.status === 1 ? null : `bandit exited ${r.status}`),
      },
    );
  } else
    process.stderr.write("bench: bandit not installed (apt-get install -y bandit): its row is left out\n");

  const section = renderSection({ tree, treeM, exW, exD, bandit, baseline, opts, scanner });
  writeSection("1-scan", { machine, ...section });
  process.stdout.write(section.md);
  if (opts.write && !process.env.WIREWARDEN_BENCH_ALL) {
    writeFileSync(RESULTS, composeResults([{ name: "1-scan", machine, ...section }]));
    process.stderr.write(
      `bench: wrote ${relative(ROOT, RESULTS)} (scan only; \`npm run bench\` writes every part)\n`,
    );
  }
}

main();
