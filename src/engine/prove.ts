import { isIP } from "node:net";
import type { AttackSummary, Report } from "../core/report.js";
import { runRules } from "../core/run-rules.js";
import { parseConninfo } from "../libpq/conninfo.js";
import { type ClientRun, runDjangoClient } from "../mitm/django-client.js";
import { describeDjango } from "../mitm/django-describe.js";
import { judgeAttack } from "../mitm/judge.js";
import { type Attack, type AttackRun, PROOF_QUERY, type ProveModel } from "../mitm/model.js";
import { type AttackProxy, type ProxyOptions, startAttackProxy } from "../mitm/proxy.js";
import { runPsqlClient } from "../mitm/psql-client.js";
import type { Upstream } from "../mitm/upstream-relay.js";
import { loginAndQuery } from "../mitm/upstream-session.js";
import { PROVE_RULES } from "../rules/prove-rules.js";
import { type CertificateAuthority, caFromPem, createCa, type Issued } from "../tls/certs.js";
import { assembleReport } from "./pipeline.js";
import { readCaFile } from "./probe.js";
import { readFlagFile, UsageError } from "./usage.js";

export type ClientSpec =
  | { kind: "django"; project: string; settings: string; aliases: string[]; python: string }
  | { kind: "dsn"; dsn: string; psql?: string };

export interface ProveOptions {
  client: ClientSpec;
  /** The client's whole environment (the settings read it; PGSSLMODE & co. reach libpq). */
  env: Record<string, string>;
  attacks: readonly Attack[];
  upstream?: { host: string; port: number };
  caFile?: string;
  caKeyFile?: string;
  proxyHost: string;
  /** First port of the proxies (one per attack running at once); 0: any free port. */
  proxyPort: number;
  timeoutMs: number;
  label: string;
  onProgress?: (message: string) => void;
}

interface Target {
  alias: string;
  host: string;
  port: number;
  settingsModule?: string;
}

/** The attacks that each get a channel of their own; downgrade then runs inside one the client gave. */
const FIRST_PHASE: readonly Attack[] = ["strip", "forge", "wrong-host", "direct-forge"];

/** A name no CA would have issued to this server: what `wrong-host` presents. */
const WRONG_HOST = "wirewarden-wrong-host.invalid";

export async function proveClient(o: ProveOptions): Promise<{ report: Report; runs: AttackRun[] }> {
  const targets = await resolveTargets(o);
  const attackerCa = await createCa({ commonName: "wirewarden attacker CA (made up for this run)" });
  const clientCa = o.caKeyFile ? await loadCa(o) : undefined;
  const upstreamCa = o.caFile ? readCaFile(o.caFile, "--ca") : undefined;
  let nextPort = o.proxyPort;
  const runs: AttackRun[] = [];
  for (const t of targets) {
    const forged = await attackerCa.issue(leafFor(t.host));
    const wrong = clientCa
      ? await clientCa.issue({ commonName: WRONG_HOST, dnsNames: [WRONG_HOST] })
      : undefined;
    const upstream: Upstream | undefined = o.upstream
      ? { ...o.upstream, servername: t.host, ...(upstreamCa ? { ca: upstreamCa } : {}) }
      : undefined;
    const attempt = async (attack: Attack, channel: ProxyOptions["channel"], certificate?: Issued) => {
      const port = o.proxyPort === 0 ? 0 : nextPort++;
      return runAttack(o, t, attack, {
        channel,
        ...(certificate ? { certificate } : {}),
        port,
        ...(upstream ? { upstream } : {}),
      });
    };
    // Side by side: one proxy and one client run each. direct-forge takes a ClientHello as the first bytes, so it
    // concerns only clients with sslnegotiation=direct (the others meet SSLRequest proxies in the rest).
    const phase1 = FIRST_PHASE.filter((a) => o.attacks.includes(a) && (a !== "wrong-host" || wrong));
    if (phase1.length > 0) o.onProgress?.(`alias ${t.alias}: ${phase1.join(", ")}`);
    const first = await Promise.all([
      o.attacks.includes("strip") ? attempt("strip", "plaintext") : undefined,
      o.attacks.includes("forge") ? attempt("forge", "tls", forged) : undefined,
      o.attacks.includes("wrong-host") && wrong ? attempt("wrong-host", "tls", wrong) : undefined,
      o.attacks.includes("direct-forge") ? attempt("direct-forge", "direct-tls", forged) : undefined,
    ]);
    const [strip, forge, wrongHost, directForge] = first;
    for (const r of [strip, forge, wrongHost]) if (r) runs.push(r);
    if (o.attacks.includes("wrong-host") && !wrong)
      runs.push(notRun(t, "wrong-host", "needs the client's own CA: --ca FILE and --ca-key FILE (a lab CA)"));
    if (directForge) runs.push(directForge);
    if (o.attacks.includes("downgrade")) {
      // Downgrade runs inside whichever channel the client already let the attacker have.
      const channel =
        strip?.outcome === "let-through"
          ? { channel: "plaintext" as const }
          : forge?.outcome === "let-through"
            ? { channel: "tls" as const, certificate: forged }
            : wrongHost?.outcome === "let-through" && wrong
              ? { channel: "tls" as const, certificate: wrong }
              : directForge?.outcome === "let-through"
                ? { channel: "direct-tls" as const, certificate: forged }
                : undefined;
      if (channel) {
        o.onProgress?.(`alias ${t.alias}: downgrade`);
        runs.push(await attempt("downgrade", channel.channel, channel.certificate));
      } else
        runs.push(
          notRun(
            t,
            "downgrade",
            phase1.length > 0
              ? `no channel to run it in: the client let none of ${phase1.join(", ")} through`
              : `no channel to run it in: downgrade runs inside the channel another attack gave (${FIRST_PHASE.join(", ")})`,
          ),
        );
    }
  }
  const model: ProveModel = { runs };
  const attacks: AttackSummary[] = runs.map((r) => ({
    alias: r.alias,
    attack: r.attack,
    outcome: r.outcome,
    detail:
      r.outcome === "not-run"
        ? (r.notRunReason ?? "")
        : r.neverConnected
          ? `cannot connect, libpq rejects these settings: ${r.clientError ?? "no detail"}`
          : (r.clientError ?? (r.outcome === "let-through" ? "let through" : "refused")),
  }));
  return {
    report: assembleReport("prove", o.label, runRules(PROVE_RULES, model, new Map()), { attacks }),
    runs,
  };
}

function leafFor(host: string) {
  return isIP(host) ? { commonName: host, ipAddresses: [host] } : { commonName: host, dnsNames: [host] };
}

function notRun(t: Target, attack: Attack, reason: string): AttackRun {
  return {
    attack,
    alias: t.alias,
    ...(t.settingsModule ? { settingsModule: t.settingsModule } : {}),
    endpoint: `${t.host}:${t.port}`,
    outcome: "not-run",
    notRunReason: reason,
    evidence: [reason],
    passwordCaptured: false,
  };
}

/** A PEM private key is a few kilobytes. */
const MAX_KEY_BYTES = 64 * 1024;

async function loadCa(o: ProveOptions): Promise<CertificateAuthority> {
  if (!o.caFile) throw new UsageError("--ca-key needs --ca (the CA certificate the key belongs to)");
  try {
    const key = readFlagFile(o.caKeyFile as string, "--ca-key", MAX_KEY_BYTES);
    return await caFromPem(readCaFile(o.caFile, "--ca"), key);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--ca-key ${o.caKeyFile}: ${(e as Error).message}`);
  }
}

async function resolveTargets(o: ProveOptions): Promise<Target[]> {
  const c = o.client;
  if (c.kind === "dsn") {
    let options: Map<string, string>;
    try {
      options = parseConninfo(c.dsn);
    } catch (e) {
      throw new UsageError(`--dsn: ${(e as Error).message}`);
    }
    const host = options.get("host") ?? "";
    if (host === "" || host.startsWith("/") || host.includes(","))
      throw new UsageError("--dsn must name one network host (host=… or postgresql://host/…)");
    return [{ alias: "dsn", host, port: Number(options.get("port") ?? 5432) }];
  }
  o.onProgress?.(`loading ${c.settings} with ${c.python}`);
  const described = await describeDjango({
    python: c.python,
    project: c.project,
    settings: c.settings,
    env: o.env,
    timeoutMs: Math.max(o.timeoutMs, 30_000),
  });
  if ("error" in described) throw new UsageError(described.error);
  const postgres = described.aliases.filter((a) =>
    /postgres|postgis|cockroach|psycopg|redshift|timescale/i.test(a.engine),
  );
  const chosen = c.aliases.length > 0 ? c.aliases : postgres.map((a) => a.alias);
  const targets: Target[] = [];
  for (const name of chosen) {
    const a = described.aliases.find((x) => x.alias === name);
    if (!a)
      throw new UsageError(
        `no database alias '${name}' in ${c.settings} (aliases: ${described.aliases.map((x) => x.alias).join(", ") || "none"})`,
      );
    if (!postgres.includes(a))
      throw new UsageError(`alias '${name}' uses ${a.engine}, not a PostgreSQL-wire backend`);
    if (!a.host || a.host.startsWith("/"))
      throw new UsageError(
        `alias '${name}' connects through a Unix socket (HOST ${JSON.stringify(a.host)}): there is no network path to attack`,
      );
    targets.push({ alias: name, host: a.host, port: a.port || 5432, settingsModule: c.settings });
  }
  if (targets.length === 0) throw new UsageError(`${c.settings} has no PostgreSQL-wire database alias`);
  return targets;
}

async function runAttack(
  o: ProveOptions,
  t: Target,
  attack: Attack,
  p: { channel: ProxyOptions["channel"]; certificate?: Issued; port: number; upstream?: Upstream },
): Promise<AttackRun> {
  let proxy: AttackProxy;
  try {
    proxy = await startAttackProxy({
      attack,
      channel: p.channel,
      ...(p.certificate ? { certificate: p.certificate } : {}),
      listenHost: o.proxyHost,
      listenPort: p.port,
      timeoutMs: o.timeoutMs,
      ...(p.upstream ? { upstream: p.upstream } : {}),
      ...(p.upstream && attack === "downgrade" ? { replayPassword: replay(p.upstream, o.timeoutMs) } : {}),
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "EADDRINUSE")
      throw new UsageError(`proxy port ${p.port} on ${o.proxyHost} is already in use (--proxy-port)`);
    if (err.code === "EADDRNOTAVAIL")
      throw new UsageError(`cannot listen on ${o.proxyHost}: not an address of this machine`);
    throw e;
  }
  let client: ClientRun;
  try {
    client = await runClient(o, t, proxy.port);
  } finally {
    await proxy.close();
  }
  if (client.stage && !["connect", "query"].includes(client.stage))
    throw new UsageError(
      `the client could not run (${client.stage}): ${client.error ?? client.libpq ?? "no detail"}`,
    );
  return judgeAttack({
    attack,
    alias: t.alias,
    ...(t.settingsModule ? { settingsModule: t.settingsModule } : {}),
    endpoint: `${t.host}:${t.port}`,
    connections: proxy.connections(),
    client: {
      ok: client.ok,
      ...(client.libpq || client.error ? { error: client.libpq ?? client.error } : {}),
    },
  });
}

function runClient(o: ProveOptions, t: Target, port: number): Promise<ClientRun> {
  const c = o.client;
  if (c.kind === "django")
    return runDjangoClient({
      python: c.python,
      project: c.project,
      settings: c.settings,
      alias: t.alias,
      hostaddr: o.proxyHost,
      port,
      env: o.env,
      timeoutMs: Math.max(o.timeoutMs * 2, 30_000),
    });
  return runPsqlClient({
    dsn: c.dsn,
    hostaddr: o.proxyHost,
    port,
    env: o.env,
    timeoutMs: Math.max(o.timeoutMs * 2, 30_000),
    ...(c.psql ? { psql: c.psql } : {}),
  });
}

/** Downgrade with --upstream: the captured password logs in to the real server once, then is dropped. */
function replay(u: Upstream, timeoutMs: number): NonNullable<ProxyOptions["replayPassword"]> {
  return async (user, database, password) => {
    const r = await loginAndQuery({
      host: u.host,
      port: u.port,
      ...(u.servername ? { servername: u.servername } : {}),
      ...(u.ca ? { ca: u.ca } : {}),
      user,
      database,
      password,
      query: PROOF_QUERY,
      timeoutMs,
    });
    return r.ok
      ? { sql: PROOF_QUERY, result: r.rows.map((row) => row.join(" ")).join(", ") }
      : { sql: PROOF_QUERY, error: `${r.stage}: ${r.error}` };
  };
}
