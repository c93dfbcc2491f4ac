/**
 * scan ≡ prove (issue 18): for every configuration of the matrix and on every client stack, what `scan` predicts
 * from the libpq model alone (the alias's `predictedAttacks`) is what the real client does when `prove`'s attack
 * proxies stand in for its database, attack by attack.
 *
 * - scan: the configurations are database aliases of one settings module (and, for PGSSLMODE, of a second one
 *   beside a .env), evaluated as `scan` does; the prediction case is the one that matches the client's machine here
 *   (its libpq major, whether ~/.postgresql/root.crt exists in its HOME, whether the sslrootcert file exists).
 * - prove: the real proxies (src/mitm/proxy.ts) and judge (src/mitm/judge.ts), one proxy per configuration and
 *   attack, and the real client: Django's PostgreSQL backend with the stack's driver and libpq
 *   (test/harness/matrix_client.py, one process per stack and phase instead of one per run, as prove's own client
 *   would take minutes here).
 *
 * Loopback only. Certificates are made here; the table of outcomes is printed (and written to
 * test-artifacts/scan-prove-matrix.md for docs/scan-prove-matrix.md and docs/prove.md's fact sheet).
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PredictedOutcome } from "../../src/core/report.js";
import { judgeModel } from "../../src/engine/scan.js";
import { judgeAttack } from "../../src/mitm/judge.js";
import type { Attack, AttackRun } from "../../src/mitm/model.js";
import { type AttackProxy, startAttackProxy } from "../../src/mitm/proxy.js";
import { rulesOf } from "../../src/rules/registry.js";
import { type CertificateAuthority, createCa, type Issued } from "../../src/tls/certs.js";
import { modelOf } from "../helpers/model.js";
import { STACKS, type Stack, stackVersions } from "../helpers/stacks.js";

const SCAN_RULES = await rulesOf("scan");

const HOST = "db.matrix.test";
const HARNESS = join(import.meta.dirname, "..", "harness", "matrix_client.py");
const SSLMODES = [undefined, "disable", "allow", "prefer", "require", "verify-ca", "verify-full"] as const;
const ROOTS = ["none", "valid", "missing", "system", "$HOME"] as const;
type Root = (typeof ROOTS)[number];

interface Config {
  id: string;
  sslmode?: string;
  root: Root;
  homeRootCert: boolean;
  /** PGSSLMODE instead of an OPTIONS sslmode. */
  envSslmode?: string;
  /** Other PG* variables of the client's environment (a value "<CA file>" is the CA file's path). */
  env?: Record<string, string>;
  sslnegotiation?: string;
  /** Authentication constraints: what libpq accepts from whoever answers. */
  auth?: { channel_binding?: string; require_auth?: string };
}

function configs(): Config[] {
  const out: Config[] = [];
  for (const homeRootCert of [false, true]) {
    for (const sslmode of SSLMODES)
      for (const root of ROOTS)
        out.push({ id: `c${out.length}`, ...(sslmode ? { sslmode } : {}), root, homeRootCert });
    for (const envSslmode of ["prefer", "require", "verify-full"])
      out.push({ id: `c${out.length}`, envSslmode, root: "valid", homeRootCert });
    // The channel parameters from the environment alone: libpq reads them as it reads PGSSLMODE.
    for (const env of [
      { PGSSLROOTCERT: "system" },
      { PGSSLMODE: "require", PGSSLROOTCERT: "<CA file>" },
      { PGSSLMODE: "require", PGSSLNEGOTIATION: "direct" },
    ])
      out.push({ id: `c${out.length}`, root: "none", homeRootCert, env });
    for (const sslmode of ["require", "verify-full"])
      out.push({ id: `c${out.length}`, sslmode, root: "valid", homeRootCert, sslnegotiation: "direct" });
    out.push({
      id: `c${out.length}`,
      sslmode: "require",
      root: "none",
      homeRootCert,
      sslnegotiation: "direct",
    });
  }
  // What the client will authenticate with (no ~/.postgresql/root.crt: the common case).
  for (const sslmode of ["prefer", "require"])
    for (const auth of [
      { channel_binding: "require" },
      { require_auth: "scram-sha-256" },
      // Clients that refuse SCRAM but give a password in the channel they accepted (downgrade's MD5 variant is
      // prove's; here the cleartext request decides, which require_auth=md5 refuses).
      { require_auth: "password" },
    ])
      out.push({ id: `c${out.length}`, sslmode, root: "none", homeRootCert: false, auth });
  return out;
}

let dir = "";
let ca: CertificateAuthority;
let forged: Issued;
let wrong: Issued;
let validRoot = "";
const MISSING_ROOT = "/nonexistent/wirewarden-matrix/ca.crt";

function rootValue(c: Config): string | undefined {
  switch (c.root) {
    case "none":
      return undefined;
    case "valid":
      return validRoot;
    case "missing":
      return MISSING_ROOT;
    case "system":
      return "system";
    case "$HOME":
      return "$HOME/.postgresql/root.crt";
  }
}

function optionsOf(c: Config): Record<string, string> {
  const root = rootValue(c);
  return {
    ...(c.sslmode ? { sslmode: c.sslmode } : {}),
    ...(root !== undefined ? { sslrootcert: root } : {}),
    ...(c.sslnegotiation ? { sslnegotiation: c.sslnegotiation } : {}),
    ...(c.auth ?? {}),
  };
}

/** The client's PG* environment of a configuration. */
function pgEnv(c: Config): Record<string, string> {
  const env: Record<string, string> = c.envSslmode ? { PGSSLMODE: c.envSslmode } : {};
  for (const [k, v] of Object.entries(c.env ?? {})) env[k] = v === "<CA file>" ? validRoot : v;
  return env;
}

/** The configurations as `scan` reads them: one settings module per PG* environment (a .env beside it). */
async function predictions(all: readonly Config[]) {
  const out = new Map<string, ReturnType<typeof judgeModel>["aliases"][number]>();
  const groups = new Map<string, Config[]>();
  for (const c of all) {
    const key = Object.entries(pgEnv(c))
      .map(([k, v]) => `${k}=${v}\n`)
      .join("");
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  for (const [env, group] of groups) {
    const aliases = group
      .map(
        (c) =>
          `    ${JSON.stringify(c.id)}: {"ENGINE": "django.db.backends.postgresql", "HOST": ${JSON.stringify(HOST)}, "NAME": "app", "OPTIONS": ${JSON.stringify(optionsOf(c))}},`,
      )
      .join("\n");
    const files: Record<string, string> = {
      "app/__init__.py": "",
      "app/settings.py": `DATABASES = {\n${aliases}\n}\n`,
      ...(env ? { ".env": env } : {}),
    };
    const { model } = await modelOf(files);
    for (const a of judgeModel(model, SCAN_RULES).aliases) out.set(a.alias, a);
  }
  return out;
}

interface Job {
  id: string;
  database: Record<string, unknown>;
  env: Record<string, string>;
  port: number;
}

/** Runs the stack's client over the jobs, one process; one result per job id. */
function runClients(
  stack: Stack,
  jobs: readonly Job[],
): Promise<Map<string, { ok: boolean; error?: string }>> {
  return new Promise((resolve, reject) => {
    const child = spawn(stack.python, ["-B", HARNESS], {
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", LC_ALL: "C" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), 240_000);
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`${stack.name} client exited ${code}: ${err.slice(-2000)}`));
      const results = new Map<string, { ok: boolean; error?: string }>();
      for (const line of out.trim().split("\n").filter(Boolean)) {
        const r = JSON.parse(line) as { id: string; ok: boolean; error?: string };
        results.set(r.id, r);
      }
      resolve(results);
    });
    child.stdin.end(JSON.stringify({ jobs }));
  });
}

const PASSWORD = "matrix-secret-not-real";

function jobFor(c: Config, port: number, homes: { with: string; without: string }, key: string): Job {
  return {
    id: key,
    database: {
      ENGINE: "django.db.backends.postgresql",
      HOST,
      NAME: "app",
      USER: "app",
      PASSWORD,
      OPTIONS: optionsOf(c),
    },
    env: {
      HOME: c.homeRootCert ? homes.with : homes.without,
      ...pgEnv(c),
    },
    port,
  };
}

/** prove's outcome in the model's words. */
function observed(run: AttackRun): string {
  return run.outcome === "let-through" ? "through" : run.outcome === "refused" ? "refused" : "not-run";
}

/** The attacks in prove's order: the first four side by side, downgrade in a channel one of them gave. */
const MATRIX_ATTACKS = ["strip", "forge", "wrong-host", "direct-forge", "downgrade"] as const;

/** What prove would show for a prediction. */
function expectedOf(attack: Attack, p: PredictedOutcome): string {
  if (p === "through") return "through";
  if (p === "not-applicable") return attack === "strip" ? "refused" : "not-run";
  if (p === "no-connection") return attack === "downgrade" ? "not-run" : "refused";
  return p;
}

const ALL = configs();
const rows: string[] = [];
let homes: { with: string; without: string };
let predicted: Awaited<ReturnType<typeof predictions>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "wirewarden-matrix-"));
  ca = await createCa({ commonName: "wirewarden matrix client CA" });
  const attacker = await createCa({ commonName: "wirewarden matrix attacker CA" });
  forged = await attacker.issue({ commonName: HOST, dnsNames: [HOST] });
  wrong = await ca.issue({ commonName: "other.matrix.test", dnsNames: ["other.matrix.test"] });
  validRoot = join(dir, "ca.crt");
  writeFileSync(validRoot, ca.certPem);
  homes = { with: join(dir, "home-with"), without: join(dir, "home-without") };
  mkdirSync(join(homes.with, ".postgresql"), { recursive: true });
  mkdirSync(homes.without, { recursive: true });
  writeFileSync(join(homes.with, ".postgresql", "root.crt"), ca.certPem);
  predicted = await predictions(ALL);
});

afterAll(() => {
  if (rows.length) {
    mkdirSync("test-artifacts", { recursive: true });
    writeFileSync(join("test-artifacts", "scan-prove-matrix.md"), `${rows.join("\n")}\n`);
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.each(STACKS.map((s) => [s.name, s] as const))("scan ≡ prove on %s", (_name, stack) => {
  it(`agrees on ${ALL.length} configurations × ${MATRIX_ATTACKS.join(", ")}`, async () => {
    stackVersions(stack); // fails, saying what to install, when the stack is missing
    const proxies: AttackProxy[] = [];
    const start = async (
      attack: Attack,
      channel: "plaintext" | "tls" | "direct-tls",
      certificate?: Issued,
    ) => {
      const p = await startAttackProxy({
        attack,
        channel,
        ...(certificate ? { certificate } : {}),
        listenHost: "127.0.0.1",
        listenPort: 0,
        timeoutMs: 5000,
      });
      proxies.push(p);
      return p;
    };
    const runs = new Map<string, AttackRun>();
    try {
      // Phase 1: strip, forge, wrong-host, direct-forge, side by side.
      const phase1: { c: Config; attack: Attack; proxy: AttackProxy }[] = [];
      for (const c of ALL)
        for (const [attack, channel, cert] of [
          ["strip", "plaintext", undefined],
          ["forge", "tls", forged],
          ["wrong-host", "tls", wrong],
          ["direct-forge", "direct-tls", forged],
        ] as const)
          phase1.push({ c, attack, proxy: await start(attack, channel, cert) });
      const r1 = await runClients(
        stack,
        phase1.map((j) => jobFor(j.c, j.proxy.port, homes, `${j.c.id}:${j.attack}`)),
      );
      for (const j of phase1) runs.set(`${j.c.id}:${j.attack}`, judge(j.c, j.attack, j.proxy, r1));
      // Phase 2: downgrade, in the first channel the client gave the attacker, else the first it accepted
      // (as prove picks it).
      const phase2: { c: Config; proxy: AttackProxy }[] = [];
      for (const c of ALL) {
        const letThrough = (a: Attack) => runs.get(`${c.id}:${a}`)?.outcome === "let-through";
        const accepted = (a: Attack) => runs.get(`${c.id}:${a}`)?.channelAccepted === true;
        const anyLet = (["strip", "forge", "wrong-host", "direct-forge"] as const).some(letThrough);
        const through = anyLet ? letThrough : accepted;
        const channel = through("strip")
          ? { channel: "plaintext" as const }
          : through("forge")
            ? { channel: "tls" as const, cert: forged }
            : through("wrong-host")
              ? { channel: "tls" as const, cert: wrong }
              : through("direct-forge")
                ? { channel: "direct-tls" as const, cert: forged }
                : undefined;
        if (channel) phase2.push({ c, proxy: await start("downgrade", channel.channel, channel.cert) });
      }
      const r2 = await runClients(
        stack,
        phase2.map((j) => jobFor(j.c, j.proxy.port, homes, `${j.c.id}:downgrade`)),
      );
      for (const j of phase2) runs.set(`${j.c.id}:downgrade`, judge(j.c, "downgrade", j.proxy, r2));
    } finally {
      await Promise.all(proxies.map((p) => p.close()));
    }

    const disagreements: string[] = [];
    rows.push(
      `\n### ${stack.name} (libpq ${stack.libpq})\n`,
      `| configuration | ${MATRIX_ATTACKS.join(" | ")} |`,
      `|---|${MATRIX_ATTACKS.map(() => "---").join("|")}|`,
    );
    for (const c of ALL) {
      const alias = predicted.get(c.id);
      const rootCase =
        c.root === "valid" || c.env?.PGSSLROOTCERT === "<CA file>"
          ? true
          : c.root === "missing"
            ? false
            : undefined;
      const chosen = alias?.predictedAttacks?.cases.find(
        (k) =>
          k.libpq === stack.libpq &&
          k.homeRootCert === c.homeRootCert &&
          (k.rootFileExists === undefined || k.rootFileExists === rootCase),
      );
      const cells: string[] = [];
      for (const attack of MATRIX_ATTACKS) {
        const p = chosen?.attacks[attack];
        const want = p ? expectedOf(attack, p) : "no prediction";
        const run = runs.get(`${c.id}:${attack}`);
        const got = run ? observed(run) : "not-run";
        // Agreed cells say when libpq refuses the settings outright: safe from the attack, and an outage.
        cells.push(
          want === got
            ? p === "no-connection"
              ? `${got}: cannot connect`
              : got
            : `**${got}** (scan: ${want})`,
        );
        if (want !== got)
          disagreements.push(
            `${describeConfig(c)} ${attack}: scan predicts ${want}, prove observed ${got}${run?.clientError ? ` (${run.clientError})` : ""}`,
          );
      }
      rows.push(`| ${describeConfig(c)} | ${cells.join(" | ")} |`);
    }
    process.stdout.write(`${rows.join("\n")}\n`);
    expect(disagreements).toEqual([]);
  }, 600_000);
});

function judge(
  c: Config,
  attack: Attack,
  proxy: AttackProxy,
  results: Map<string, { ok: boolean; error?: string }>,
): AttackRun {
  const r = results.get(`${c.id}:${attack}`);
  return judgeAttack({
    attack,
    alias: c.id,
    endpoint: `${HOST}:5432`,
    connections: proxy.connections(),
    client: { ok: r?.ok ?? false, ...(r?.error ? { error: r.error } : {}) },
  });
}

function describeConfig(c: Config): string {
  const parts = [
    c.envSslmode
      ? `PGSSLMODE=${c.envSslmode}`
      : c.env
        ? envWords(c.env)
        : `sslmode=${c.sslmode ?? "(unset)"}`,
    c.root === "none"
      ? c.env?.PGSSLROOTCERT
        ? "no sslrootcert parameter"
        : "no sslrootcert"
      : `sslrootcert=${c.root === "valid" ? "<CA file>" : c.root === "missing" ? "<missing file>" : c.root}`,
    c.homeRootCert ? "~/.postgresql/root.crt" : "no ~/.postgresql/root.crt",
  ];
  if (c.sslnegotiation) parts.push(`sslnegotiation=${c.sslnegotiation}`);
  for (const [k, v] of Object.entries(c.auth ?? {})) parts.push(`${k}=${v}`);
  return parts.join(", ");
}

function envWords(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
}
