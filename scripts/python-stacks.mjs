#!/usr/bin/env node
// The modern Django client stacks the tests run beside Debian's (Django 3.2, psycopg2, libpq 15), each in its own
// git-ignored virtual environment under .python-stacks/: Django 5.2 LTS with psycopg 3 (psycopg-binary bundles
// libpq 18) and Django 5.2 with psycopg2-binary (bundles libpq 17). Installed only from the machine's LOCAL
// package index (the file:// indexes and wheel folders pip is configured with): pip is run isolated from its
// configuration, with only those, so it never looks a name up on the network.
//
//   node scripts/python-stacks.mjs          create what is missing (idempotent), print each stack's versions
//   node scripts/python-stacks.mjs --quiet  the same, printing only what it creates (npm test runs this)
//   node scripts/python-stacks.mjs --check  only say whether they are there (exit 1 if not)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const STACKS_DIR = join(ROOT, ".python-stacks");
const BASE_PYTHON = "/usr/bin/python3";

/** The stacks: what to install, and what the stack must report once installed. */
export const MODERN_STACKS = [
  {
    name: "django52-psycopg3",
    requirements: ["Django>=5.2,<5.3", "psycopg[binary]>=3.3,<3.4", "dj-database-url>=3,<4"],
    driver: "psycopg",
  },
  {
    name: "django52-psycopg2",
    requirements: ["Django>=5.2,<5.3", "psycopg2-binary>=2.9,<3", "dj-database-url>=3,<4"],
    driver: "psycopg2",
  },
];

/** The Python of a stack's virtual environment. */
export function stackPython(name) {
  return join(STACKS_DIR, name, "bin", "python");
}

/** What a stack reports of itself: Django, the driver and the libpq it loads (PQlibVersion, e.g. 180001). */
const REPORT = `
import json, sys, django
out = {"python": sys.version.split()[0], "django": django.get_version()}
try:
    import psycopg
    out["driver"] = "psycopg " + psycopg.__version__
    out["libpq"] = psycopg.pq.version()
except ImportError:
    import psycopg2, psycopg2.extensions
    out["driver"] = "psycopg2 " + psycopg2.__version__.split()[0]
    out["libpq"] = psycopg2.extensions.libpq_version()
import dj_database_url
out["dj_database_url"] = getattr(dj_database_url, "__version__", "3.x")
print(json.dumps(out))
`;

/** The stack's versions, or undefined when its environment is missing or broken. */
export function stackReport(name) {
  const python = stackPython(name);
  if (!existsSync(python)) return undefined;
  const r = spawnSync(python, ["-I", "-c", REPORT], { encoding: "utf8", timeout: 60_000 });
  if (r.status !== 0) return undefined;
  try {
    return JSON.parse(r.stdout);
  } catch {
    return undefined;
  }
}

/** The local sources pip is configured with: file:// index URLs and wheel folders, nothing on the network. */
export function localPackageSources() {
  const r = spawnSync(BASE_PYTHON, ["-m", "pip", "config", "list"], { encoding: "utf8", timeout: 60_000 });
  const indexes = [];
  const wheels = [];
  for (const line of (r.stdout ?? "").split("\n")) {
    const m = /^[^=]*\.(index-url|extra-index-url|find-links)='(.*)'$/.exec(line.trim());
    if (!m) continue;
    for (const value of m[2].split(/\s+/).filter(Boolean)) {
      const local = value.startsWith("file://")
        ? fileURLToPath(value)
        : value.startsWith("/")
          ? value
          : undefined;
      if (!local || !existsSync(local)) continue;
      (m[1] === "find-links" ? wheels : indexes).push(local);
    }
  }
  return { indexes: [...new Set(indexes)], wheels: [...new Set(wheels)] };
}

function fail(message) {
  process.stderr.write(`python-stacks: ${message}\n`);
  process.exit(1);
}

function run(cmd, args, what) {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 10 * 60_000 });
  if (r.status !== 0)
    fail(
      `${what} failed (${r.error?.message ?? `exit ${r.status}`}):\n${(r.stderr || r.stdout || "").slice(-2000)}`,
    );
}

/** Creates each missing stack; returns every stack's report. */
export function ensureStacks({ quiet = false } = {}) {
  const say = (s) => quiet || process.stderr.write(`python-stacks: ${s}\n`);
  const reports = {};
  for (const stack of MODERN_STACKS) {
    let report = stackReport(stack.name);
    if (!report) {
      const { indexes, wheels } = localPackageSources();
      if (indexes.length === 0 && wheels.length === 0)
        fail(
          "no local Python package index: `pip config list` names no file:// index or wheel folder, and the tests never " +
            `install from the network. Create ${join(STACKS_DIR, stack.name)} by hand (python3 -m venv, then pip install ${stack.requirements.map((r) => `'${r}'`).join(" ")}).`,
        );
      if (!existsSync(BASE_PYTHON))
        fail(`${BASE_PYTHON} is missing: apt-get install -y python3 python3-venv`);
      const dir = join(STACKS_DIR, stack.name);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(STACKS_DIR, { recursive: true });
      say(`creating ${stack.name} from the local index (${[...indexes, ...wheels].join(", ")})`);
      run(
        BASE_PYTHON,
        ["-m", "venv", dir],
        `python3 -m venv ${dir} (apt-get install -y python3-venv if it is missing)`,
      );
      const [first, ...rest] = indexes;
      run(
        stackPython(stack.name),
        [
          "-m",
          "pip",
          "install",
          "--isolated",
          "--disable-pip-version-check",
          "--no-input",
          "--quiet",
          ...(first ? ["--index-url", pathToUrl(first)] : ["--no-index"]),
          ...rest.flatMap((i) => ["--extra-index-url", pathToUrl(i)]),
          ...wheels.flatMap((w) => ["--find-links", w]),
          ...stack.requirements,
        ],
        `pip install ${stack.requirements.join(" ")} into ${dir}`,
      );
      report = stackReport(stack.name);
      if (!report) fail(`${stack.name} was installed but does not import Django and ${stack.driver}`);
    }
    reports[stack.name] = report;
  }
  writeFileSync(join(STACKS_DIR, "versions.json"), `${JSON.stringify(reports, null, 2)}\n`);
  return reports;
}

function pathToUrl(p) {
  return `file://${p}`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--check")) {
    const missing = MODERN_STACKS.filter((s) => !stackReport(s.name)).map((s) => s.name);
    if (missing.length) fail(`missing: ${missing.join(", ")} (run node scripts/python-stacks.mjs)`);
    process.stdout.write(`${readFileSync(join(STACKS_DIR, "versions.json"), "utf8")}`);
  } else if (process.argv.includes("--quiet")) ensureStacks();
  else process.stdout.write(`${JSON.stringify(ensureStacks(), null, 2)}\n`);
}
