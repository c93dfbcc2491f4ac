#!/usr/bin/env node
// `npm run bench` (after fixtures.mjs): issue 22's cost curve. A generated repository shaped like a large real Django project
// — one settings package, apps with models/views/…/migrations, templates and static assets, a node_modules and a .git
// — at 1k, 5k, 20k, 50k and 100k files. For each size: `wirewarden scan` (wall time and peak RSS), the floor (`find`
// + `cat` of the same files: what reading the tree costs at all) and, where it ends in reasonable time, `bandit -r`;
// at the real-project size (3,000 Python files) also `python3 -m django check --deploy` on the same project.
// Deterministic (no randomness), written under bench/.work/scale/ (ignored by git) and reused while the generator
// version is unchanged. `node bench/scale.mjs` runs it alone (after `npm run build`).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { dier, fmtMs, fmtRss, median, peakOf, timed, writeSection } from "./lib.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const WORK = join(ROOT, "bench", ".work", "scale");
const CLI = join(ROOT, "dist", "cli", "main.js");
/** What users run: the command (bin/wirewarden), which is also what decides how Node starts. */
const LAUNCHER = join(ROOT, "bin", "wirewarden");
const PYTHON = "/usr/bin/python3";
const GENERATOR_VERSION = 1;
const SIZES = [1_000, 5_000, 20_000, 50_000, 100_000];
/** The real-project shape of issue 22: about 3,000 Python files among ~17k files. */
const REAL_PYTHON_FILES = 3_000;
const RUNS = 3;
/** The real-sized project's comparisons are the goals: more runs, on a machine where other work may run. */
const REAL_RUNS = 11;
const GOAL_DIFF_MS = 400;
const BANDIT_MAX_FILES = 5_000;
const TIMEOUT_MS = 300_000;
const GOAL_REAL_MS = 1_000;
const GOAL_100K_MS = 3_000;
const GOAL_100K_RSS_KB = 200 * 1024;

const die = dier("bench/scale");
if (!existsSync(CLI)) die("dist/cli/main.js is missing: run `npm run build` (npm run bench builds first)");

/**
 * How a tree of `total` files is made up, in the proportions of a large Django repository: 18% Python (a tenth of it
 * migrations' worth per app), 6% templates, 10% static assets, 56% node_modules, 10% .git objects.
 */
function plan(total) {
  const python = Math.max(40, Math.round(total * 0.18));
  return {
    python,
    templates: Math.round(total * 0.06),
    statics: Math.round(total * 0.1),
    nodeModules: Math.round(total * 0.56),
    gitObjects:
      total - python - Math.round(total * 0.06) - Math.round(total * 0.1) - Math.round(total * 0.56),
  };
}

const SETTINGS_BASE = (apps) => `import os

SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-default")
DEBUG = False
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "shop.example.com").split(",")
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
${apps.map((a) => `    "${a}",`).join("\n")}
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": os.environ.get("DB_HOST", "db.internal"),
        "NAME": "shop",
        "USER": "shop",
        "OPTIONS": {"sslmode": "verify-full", "sslrootcert": "/etc/ssl/certs/db-ca.pem"},
    },
    "replica": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": os.environ.get("DB_REPLICA_HOST", "replica.internal"),
        "NAME": "shop",
    },
}
ROOT_URLCONF = "shop.urls"
`;

const MODULE = (app, kind, i) =>
  [
    `"""${kind} of ${app} (generated for the benchmark)."""`,
    "from django.db import models",
    "",
    ...Array.from(
      { length: 30 },
      (_, k) => `def ${kind}_${i}_${k}(value, factor=${k}):\n    return value * factor + ${i}\n`,
    ),
  ].join("\n");

const MIGRATION = (n) =>
  [
    "from django.db import migrations, models",
    "",
    "",
    "class Migration(migrations.Migration):",
    `    dependencies = [${n > 0 ? `("app", "${String(n - 1).padStart(4, "0")}_auto")` : ""}]`,
    "    operations = [",
    ...Array.from(
      { length: 12 },
      (_, k) =>
        `        migrations.AddField(model_name="item", name="f${n}_${k}", field=models.IntegerField(default=0)),`,
    ),
    "    ]",
    "",
  ].join("\n");

/** Writes the tree of `total` files under `dir` (deterministic); returns its file count. */
function generate(dir, total) {
  rmSync(dir, { recursive: true, force: true });
  let files = 0;
  const write = (rel, text) => {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
    files++;
  };
  const p = plan(total);
  const appCount = Math.max(2, Math.round(p.python / 50));
  const apps = Array.from({ length: appCount }, (_, i) => `app${i}`);
  write(
    "manage.py",
    'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.production")\n',
  );
  write("shop/__init__.py", "");
  write("shop/urls.py", "urlpatterns = []\n");
  write(
    "shop/wsgi.py",
    'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.production")\n',
  );
  write("shop/settings/__init__.py", "");
  write("shop/settings/base.py", SETTINGS_BASE(apps));
  write(
    "shop/settings/production.py",
    "from .base import *  # noqa\n\nSECURE_SSL_REDIRECT = True\nSECURE_HSTS_SECONDS = 31536000\nSESSION_COOKIE_SECURE = True\nCSRF_COOKIE_SECURE = True\n",
  );
  write(
    "shop/settings/local.py",
    'from .base import *  # noqa\n\nDEBUG = True\nDATABASES["default"]["HOST"] = "localhost"\n',
  );
  write(
    "docker-compose.yml",
    "services:\n  web:\n    build: .\n    command: gunicorn shop.wsgi\n    environment:\n      DB_HOST: db.internal\n  db:\n    image: postgres:16\n",
  );
  write("Dockerfile", 'FROM python:3.12-slim\nCOPY . /app\nWORKDIR /app\nCMD ["gunicorn", "shop.wsgi"]\n');
  let python = files;
  const kinds = [
    "models",
    "views",
    "admin",
    "urls",
    "forms",
    "serializers",
    "tasks",
    "signals",
    "utils",
    "tests",
  ];
  for (let a = 0; python < p.python; a = (a + 1) % appCount) {
    const app = apps[a];
    if (!existsSync(join(dir, app, "__init__.py"))) {
      write(`${app}/__init__.py`, "");
      write(
        `${app}/apps.py`,
        `from django.apps import AppConfig\n\n\nclass Config(AppConfig):\n    name = "${app}"\n`,
      );
      write(`${app}/migrations/__init__.py`, "");
      // Django imports every app's models module at start-up, as it would a real project's.
      write(
        `${app}/models.py`,
        "from django.db import models\n\n\nclass Item(models.Model):\n    name = models.CharField(max_length=80)\n    price = models.IntegerField(default=0)\n",
      );
      python += 4;
      continue;
    }
    const n = python;
    if (n % 3 === 0) write(`${app}/migrations/${String(n).padStart(4, "0")}_auto.py`, MIGRATION(n));
    else write(`${app}/${kinds[n % kinds.length]}_${n}.py`, MODULE(app, kinds[n % kinds.length], n));
    python++;
  }
  for (let i = 0; i < p.templates; i++)
    write(
      `${apps[i % appCount]}/templates/${apps[i % appCount]}/page_${i}.html`,
      `{% extends "base.html" %}\n{% block content %}\n${"<p>{{ item.name }}</p>\n".repeat(40)}{% endblock %}\n`,
    );
  for (let i = 0; i < p.statics; i++)
    write(
      `${apps[i % appCount]}/static/${apps[i % appCount]}/s${i}.js`,
      "export const f = (x) => x + 1;\n".repeat(60),
    );
  for (let i = 0; i < p.nodeModules; i++)
    write(
      `node_modules/pkg${Math.floor(i / 25)}/lib/m${i}.js`,
      "module.exports = function () { return 1; };\n".repeat(25),
    );
  for (let i = 0; i < p.gitObjects; i++)
    write(
      `.git/objects/${(i % 256).toString(16).padStart(2, "0")}/${i.toString(16).padStart(38, "0")}`,
      "x".repeat(400),
    );
  return files;
}

function ensure(total) {
  const dir = join(WORK, `tree-${total}`);
  const marker = join(dir, ".wirewarden-scale");
  const key = JSON.stringify({ v: GENERATOR_VERSION, total });
  if (existsSync(marker) && readFileSync(marker, "utf8") === key) return dir;
  process.stderr.write(`bench/scale: generating ${total.toLocaleString("en-US")} files\n`);
  generate(dir, total);
  writeFileSync(marker, key);
  return dir;
}

/** Median/min/max over RUNS timed runs after one untimed warm-up. */
function measure(cmd, args, opts = {}, runs = RUNS) {
  timed(cmd, args, { timeout: TIMEOUT_MS, ...opts });
  return summary(
    Array.from({ length: runs }, () => timed(cmd, args, { timeout: TIMEOUT_MS, ...opts })),
    cmd,
    args,
    opts,
  );
}

/**
 * Two commands measured in turns (a, b, a, b, …) after one untimed run of each: on a shared machine, a slow spell
 * then falls on both rather than on one of them.
 */
function measureInTurns(a, b, runs) {
  for (const c of [a, b]) timed(c.cmd, c.args, { timeout: TIMEOUT_MS, ...c.opts });
  const samples = [[], []];
  for (let i = 0; i < runs; i++)
    for (const [j, c] of [a, b].entries())
      samples[j].push(timed(c.cmd, c.args, { timeout: TIMEOUT_MS, ...c.opts }));
  return [summary(samples[0], a.cmd, a.args, a.opts ?? {}), summary(samples[1], b.cmd, b.args, b.opts ?? {})];
}

function summary(samples, cmd, args, opts) {
  const failed = samples.find((s) => s.error || (opts.okStatus ?? [0]).indexOf(s.status) < 0);
  if (failed) die(`${cmd} ${args.join(" ")} failed (exit ${failed.status}): ${failed.stderr.slice(0, 300)}`);
  const ms = samples.map((s) => s.ms);
  return {
    median: median(ms),
    min: Math.min(...ms),
    max: Math.max(...ms),
    rssKb: peakOf(samples.map((s) => s.rssKb)),
  };
}

const scanCommand = (dir) => ({
  cmd: LAUNCHER,
  args: ["scan", dir, "--format", "json", "--fail-on", "none", "--quiet"],
  opts: {},
});
const scan = (dir, runs = RUNS) => {
  const c = scanCommand(dir);
  return measure(c.cmd, c.args, c.opts, runs);
};
const floor = (dir) => measure("/bin/sh", ["-c", `find "${dir}" -type f -exec cat {} + > /dev/null`]);
const haveBandit = spawnSync("bandit", ["--version"], { encoding: "utf8" }).status === 0;

const rows = [];
for (const size of SIZES) {
  const dir = ensure(size);
  const row = { size, scan: scan(dir), floor: floor(dir) };
  if (haveBandit && size <= BANDIT_MAX_FILES)
    row.bandit = measure(
      "bandit",
      ["-r", dir, "-q", "-f", "json", "-x", `${dir}/node_modules,${dir}/.git`],
      { okStatus: [0, 1] },
      1,
    );
  rows.push(row);
  process.stderr.write(
    `bench/scale: ${size} files: scan ${fmtMs(row.scan.median)}, floor ${fmtMs(row.floor.median)}\n`,
  );
}

// The real-project size: as many files as it takes to hold ~3,000 Python files.
const realTotal = Math.round(REAL_PYTHON_FILES / 0.18);
const realDir = ensure(realTotal);
// Node's own start-up, the floor under every wirewarden run. This machine's environment may set NODE_EXTRA_CA_CERTS,
// which Node 20 reads and parses before any script runs (~85 ms here): the command starts a scan without it (a scan
// makes no TLS connection); `node dist/cli/main.js` run directly still pays it.
const nodeFloor = measure(process.execPath, ["-e", "0"], {}, REAL_RUNS);
const extraCerts = process.env.NODE_EXTRA_CA_CERTS;
const extraCertsCost = extraCerts
  ? (() => {
      const env = { ...process.env };
      delete env.NODE_EXTRA_CA_CERTS;
      return {
        nodeWithout: measure(process.execPath, ["-e", "0"], { env }, REAL_RUNS),
        direct: measure(
          process.execPath,
          [CLI, "scan", realDir, "--format", "json", "--fail-on", "none", "--quiet"],
          {},
          REAL_RUNS,
        ),
      };
    })()
  : undefined;
const diff = diffBase(realDir);
const haveDjango = spawnSync(PYTHON, ["-c", "import django"]).status === 0;
const checkDeploy = {
  cmd: PYTHON,
  args: ["-m", "django", "check", "--deploy"],
  opts: {
    cwd: realDir,
    env: {
      PATH: process.env.PATH,
      PYTHONPATH: realDir,
      DJANGO_SETTINGS_MODULE: "shop.settings.production",
      PYTHONDONTWRITEBYTECODE: "1",
    },
    okStatus: [0],
  },
};
const [real, django] = haveDjango
  ? measureInTurns(scanCommand(realDir), checkDeploy, REAL_RUNS)
  : [scan(realDir, REAL_RUNS), undefined];

/**
 * Pull-request mode on the real-sized project: a git repository of its files (not its stand-in .git), one line of
 * one app module changed, `scan --diff-base HEAD` timed.
 */
function diffBase(from) {
  const dir = join(WORK, `diff-base-${realTotal}`);
  const marker = join(dir, ".git", "wirewarden-scale");
  const key = JSON.stringify({ v: GENERATOR_VERSION, realTotal });
  const git = (...args) => {
    const r = spawnSync("git", ["-c", "user.name=bench", "-c", "user.email=bench@localhost", ...args], {
      cwd: dir,
      encoding: "utf8",
      timeout: 120_000,
    });
    if (r.status !== 0) die(`git ${args[0]} in ${dir} failed: ${r.stderr}`);
    return r.stdout;
  };
  if (!(existsSync(marker) && readFileSync(marker, "utf8") === key)) {
    process.stderr.write("bench/scale: making the pull-request repository\n");
    rmSync(dir, { recursive: true, force: true });
    const cp = spawnSync("cp", ["-a", from, dir]);
    if (cp.status !== 0) die(`cp -a ${from} ${dir} failed`);
    rmSync(join(dir, ".git"), { recursive: true, force: true });
    git("init", "-q");
    git("add", "-A");
    git("commit", "-qm", "base");
    writeFileSync(marker, key);
  }
  git("checkout", "-q", "--", ".");
  const changed = join(dir, "app0", "models.py");
  if (!existsSync(changed)) die(`${changed} is missing: the generator changed; update bench/scale.mjs`);
  writeFileSync(changed, `${readFileSync(changed, "utf8")}\nPAGE_SIZE = 50\n`);
  try {
    return measure(
      LAUNCHER,
      ["scan", dir, "--diff-base", "HEAD", "--format", "json", "--fail-on", "none", "--quiet"],
      {},
      REAL_RUNS,
    );
  } finally {
    git("checkout", "-q", "--", ".");
  }
}

const at100k = rows.find((r) => r.size === 100_000);
const line = (r) =>
  `| ${r.size.toLocaleString("en-US")} | **${fmtMs(r.scan.median)}** | ${fmtMs(r.scan.min)} | ${fmtMs(r.scan.max)} | ${fmtRss(r.scan.rssKb)} | ${fmtMs(r.floor.median)} | ${r.bandit ? fmtMs(r.bandit.median) : "—"} |`;
const md = [
  "## scan at scale: a large Django repository at 1k–100k files",
  "",
  "| Files | scan median | min | max | Peak RSS | floor (`find` + `cat`) | `bandit -r` (app code only) |",
  "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ...rows.map(line),
  "",
  `Real-project size (${realTotal.toLocaleString("en-US")} files, ${REAL_PYTHON_FILES.toLocaleString("en-US")} of them Python), ${REAL_RUNS} runs each, wirewarden and Django in turns: \`wirewarden scan\` **${fmtMs(real.median)}** (min ${fmtMs(real.min)}, max ${fmtMs(real.max)}, ${fmtRss(real.rssKb)})${django ? `; \`python3 -m django check --deploy\` on the same project **${fmtMs(django.median)}** (min ${fmtMs(django.min)}, max ${fmtMs(django.max)})` : "; Django not installed here, no comparison"}. The same project as a git repository with one line of one app module changed: \`scan --diff-base HEAD\` **${fmtMs(diff.median)}** (min ${fmtMs(diff.min)}, max ${fmtMs(diff.max)}).`,
  "",
  `Node's own start-up (\`node -e 0\`) here: **${fmtMs(nodeFloor.median)}**${extraCertsCost ? `, of which this machine's NODE_EXTRA_CA_CERTS (${extraCerts}), which Node 20 reads and parses before any script runs, is most: without it \`node -e 0\` takes ${fmtMs(extraCertsCost.nodeWithout.median)}. The command (bin/wirewarden, what every figure above runs) starts a scan without it and puts it back into the environment (a scan makes no TLS connection); \`node dist/cli/main.js scan\` run directly pays it: ${fmtMs(extraCertsCost.direct.median)} on the real-sized project (min ${fmtMs(extraCertsCost.direct.min)})` : ""}.`,
  "",
  `Method: generator v${GENERATOR_VERSION} (bench/scale.mjs, deterministic), one settings package (base, production, local) with two aliases, apps of models/views/…/tests and migrations, templates, static assets, a node_modules and a .git (proportions 18/6/10/56/10 %), written under bench/.work/scale/. Each command runs once untimed, then ${RUNS} timed runs (bandit one, on the app code only: it has no business in node_modules); wall time includes process start-up; peak RSS by GNU time. The floor is what reading every file of the tree costs at all.`,
  "",
].join("\n");

writeSection("7-scale", {
  goals: [
    {
      goal: `Scan a real-sized Django project (${realTotal.toLocaleString("en-US")} files, ${REAL_PYTHON_FILES.toLocaleString("en-US")} Python)`,
      target: `< ${fmtMs(GOAL_REAL_MS)}`,
      measured: fmtMs(real.median),
      verdict: real.median < GOAL_REAL_MS ? "**PASS**" : "**FAIL**",
    },
    ...(django
      ? [
          {
            goal: "… and faster than `check --deploy` on the same project",
            target: "wirewarden median < Django median",
            measured: `${fmtMs(real.median)} vs ${fmtMs(django.median)}`,
            verdict: real.median < django.median ? "**PASS**" : "**FAIL**",
          },
        ]
      : []),
    {
      goal: "`scan --diff-base` of a one-file change on the real-sized project",
      target: `< ${fmtMs(GOAL_DIFF_MS)}`,
      measured: fmtMs(diff.median),
      verdict: diff.median < GOAL_DIFF_MS ? "**PASS**" : "**FAIL**",
    },
    ...(at100k
      ? [
          {
            goal: "Scan 100,000 files",
            target: `< ${fmtMs(GOAL_100K_MS)} and < ${fmtRss(GOAL_100K_RSS_KB)}`,
            measured: `${fmtMs(at100k.scan.median)}, ${fmtRss(at100k.scan.rssKb)}`,
            verdict:
              at100k.scan.median < GOAL_100K_MS && (at100k.scan.rssKb ?? Infinity) < GOAL_100K_RSS_KB
                ? "**PASS**"
                : "**FAIL**",
          },
        ]
      : []),
  ],
  peers: django
    ? [
        {
          what: `real-sized project (${realTotal.toLocaleString("en-US")} files)`,
          wirewarden: fmtMs(real.median),
          peer: `check --deploy ${fmtMs(django.median)}`,
          ratio:
            real.median < django.median
              ? `wirewarden ${(django.median / real.median).toFixed(2)}× faster`
              : `wirewarden ${(real.median / django.median).toFixed(2)}× the time`,
          note: "check --deploy has no database TLS check",
        },
      ]
    : [],
  memory: at100k ? [{ what: "scan, 100,000 files", rssKb: at100k.scan.rssKb }] : [],
  md,
});
process.stdout.write(`${md}\nbench/scale: section written\n`);
