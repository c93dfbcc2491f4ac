/**
 * `prove` on the leg behind a pooler. An alias that connects through PgBouncer is only as safe as PgBouncer's own
 * upstream connection, which no Django setting reaches. The project's PgBouncer cannot be attacked from here, so
 * this reproduces it on loopback with real peers and the project's own settings for that leg:
 *
 *   the project's Django client → PgBouncer (this machine's, run with the project's server_tls_sslmode and, when
 *   the project names one, a CA file) → the attacker (strip or forge) → a throwaway PostgreSQL with TLS and SCRAM
 *
 * The client leg is not under attack here (the other attacks do that): the client keeps its sslmode, and its root
 * certificate is replaced by the lab's, which signed the lab PgBouncer's certificate for the alias's HOST. The
 * client runs `SELECT '<marker>'`; the attack is let through when the attacker read that query on PgBouncer's
 * upstream connection, refused when PgBouncer's log shows it refused the attacker's channel. Anything else is no
 * verdict: the run says why it proved nothing.
 *
 * The lab (lab/) is the one the tests use; prove starts it only for an alias the tree links to a PgBouncer, and
 * needs PostgreSQL's server binaries and PgBouncer on this machine (a not-run says what to install when missing).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { upstreamLeg } from "../deploy/pgbouncer.js";
import { startLegAttacker } from "../lab/leg-attacker.js";
import { findPgBin, startCluster } from "../lab/pg-cluster.js";
import { findPgBouncer, pgBouncerVersion, startPgBouncer } from "../lab/pgbouncer.js";
import { runDjangoClient } from "../mitm/django-client.js";
import { createCa, leafFor } from "../tls/certs.js";
/**
 * How long PgBouncer lets a client wait while its server login fails (query_wait_timeout, default 120 s). 1.18 tells
 * the client nothing until then; 2 s ends a refusal well inside the client's own connect_timeout.
 */
const QUERY_WAIT_TIMEOUT_S = "2";
const MIN_CLIENT_TIMEOUT_MS = 20_000;
/** The lab's own role and database on the throwaway server (what PgBouncer logs in as, whatever the client's). */
const LAB_DATABASE = "postgres";
const INSTALL = "apt-get install -y postgresql pgbouncer";
/** Runs the pooler-leg attacks for every target; one throwaway PostgreSQL serves them all. */
export async function provePoolerLegs(o) {
    if (o.targets.length === 0 || o.attacks.length === 0)
        return [];
    const legs = o.targets.map((t) => ({ t, leg: upstreamLeg(t.pooler) }));
    const missing = [
        ...(findPgBin() ? [] : ["PostgreSQL's server binaries (initdb, postgres)"]),
        ...(findPgBouncer() ? [] : ["PgBouncer"]),
    ];
    const runs = [];
    const runnable = [];
    for (const { t, leg } of legs) {
        if ("unknown" in leg) {
            for (const a of o.attacks)
                runs.push(notRun(t, a, `${leg.unknown}: nothing to reproduce; WW119 reports the pooler`));
        }
        else if (missing.length > 0) {
            for (const a of o.attacks)
                runs.push(notRun(t, a, `the leg behind ${t.pooler.where} is proved with a real PgBouncer and PostgreSQL on loopback, and this machine lacks ${missing.join(" and ")}: ${INSTALL}`));
        }
        else
            runnable.push({ t, ...leg });
    }
    if (runnable.length === 0)
        return runs;
    const work = mkdtempSync(join(tmpdir(), "wirewarden-prove-pooler-"));
    let server;
    try {
        o.onProgress?.("starting a throwaway PostgreSQL and PgBouncer for the pooler leg");
        const labCa = await createCa({ commonName: "wirewarden pooler-leg lab CA (made up for this run)" });
        const caFile = join(work, "lab-ca.pem");
        writeFileSync(caFile, labCa.certPem);
        const attackerCa = await createCa({ commonName: "wirewarden attacker CA (made up for this run)" });
        const attackerCert = await attackerCa.issue({ commonName: "127.0.0.1", ipAddresses: ["127.0.0.1"] });
        server = await startCluster({
            ssl: true,
            server: await labCa.issue({ commonName: "127.0.0.1", ipAddresses: ["127.0.0.1"] }),
            hba: ["hostssl all all 127.0.0.1/32 scram-sha-256"],
        });
        const version = pgBouncerVersion();
        for (const r of runnable) {
            // The lab PgBouncer's certificate, for the name the client checks: one per alias, whatever the attack.
            const poolerCert = await labCa.issue(leafFor(r.t.host));
            for (const attack of o.attacks) {
                o.onProgress?.(`alias ${r.t.alias}: ${attack} on the leg behind ${r.t.pooler.where}`);
                runs.push(await attackLeg(o, r, attack, { server, labCa, caFile, attackerCert, poolerCert, version }));
            }
        }
    }
    finally {
        await server?.stop();
        rmSync(work, { recursive: true, force: true });
    }
    return runs;
}
async function attackLeg(o, r, attack, lab) {
    const marker = `wirewarden-marker-${randomBytes(6).toString("hex")}`;
    const timeoutMs = Math.max(o.timeoutMs * 2, MIN_CLIENT_TIMEOUT_MS);
    let attacker;
    let bouncer;
    try {
        attacker = await startLegAttacker({
            mode: attack,
            certificate: lab.attackerCert,
            upstream: { host: lab.server.host, port: lab.server.port },
            timeoutMs,
        });
        bouncer = await startPgBouncer({
            upstream: {
                host: attacker.host,
                port: attacker.port,
                login: { user: lab.server.user, password: lab.server.password, dbname: LAB_DATABASE },
            },
            serverTlsSslmode: r.sslmode,
            // The project's CA file stands for the CA of its database: here the lab's, which signed the lab server.
            ...(r.caFile ? { serverTlsCaFile: lab.labCa.certPem } : {}),
            clientTls: lab.poolerCert,
            clientTlsSslmode: "prefer",
            authType: "any",
            users: [],
            settings: { query_wait_timeout: QUERY_WAIT_TIMEOUT_S },
        });
        const client = await runDjangoClient({
            python: o.python,
            project: o.project,
            settings: r.t.settingsModule,
            alias: r.t.alias,
            hostaddr: bouncer.host,
            port: bouncer.port,
            env: o.env,
            timeoutMs,
            sslrootcert: lab.caFile,
            marker,
        });
        return judgePoolerLeg({
            target: r.t,
            attack,
            setup: `${r.source}${r.caFile ? ", with a server_tls_ca_file" : ", no server_tls_ca_file"}; reproduced with this machine's PgBouncer ${lab.version}`,
            marker,
            connections: attacker.connections(),
            poolerLog: bouncer.log(),
            client,
        });
    }
    finally {
        await bouncer?.stop();
        await attacker?.close();
    }
}
/** PgBouncer's log lines that say it refused the attacker's channel (measured with 1.18). */
const POOLER_REFUSED = /server refused SSL|certificate verify failed|TLS handshake error/;
/**
 * The verdict of one pooler-leg run, from what the attacker read and what PgBouncer logged. Pure: the rules read
 * the AttackRun it returns.
 */
export function judgePoolerLeg(e) {
    const base = {
        attack: e.attack,
        alias: e.target.alias,
        settingsModule: e.target.settingsModule,
        endpoint: `${e.target.host}:${e.target.port}`,
        via: e.target.pooler.where,
        passwordCaptured: false,
    };
    const setup = `the leg behind ${e.target.pooler.where}: ${e.setup}`;
    const steps = e.connections.flatMap((c, i) => c.steps.map((s) => `upstream connection ${i + 1}: ${s}`));
    const query = `SELECT '${e.marker}'`;
    const read = e.connections.find((c) => c.relayed && c.fromVictim.includes(e.marker));
    if (read && e.attack === "forge" && !read.askedTls) {
        // No certificate was forged: PgBouncer never asked for TLS on this leg. The leak is strip's to report.
        const reason = `PgBouncer did not ask for TLS on its upstream leg, so there was no certificate to forge; the attacker read the application's query in plaintext (${query}): strip reports that`;
        return { ...base, outcome: "not-run", notRunReason: reason, evidence: [setup, ...steps, reason] };
    }
    if (read)
        return {
            ...base,
            outcome: "let-through",
            evidence: [
                setup,
                ...steps,
                `the attacker read the application's query on PgBouncer's upstream connection: ${query}${e.client.ok ? "; the query ran and the client saw nothing wrong" : ""}`,
                `the client's own sslmode to the pooler: ${e.client.sslmode ?? "not set (libpq's default, prefer)"}`,
            ],
        };
    const refusal = e.poolerLog
        .split("\n")
        .filter((l) => POOLER_REFUSED.test(l))
        .at(-1);
    const clientError = e.client.libpq ?? e.client.error;
    if (refusal && e.connections.length > 0 && !e.connections.some((c) => c.relayed))
        return {
            ...base,
            outcome: "refused",
            // The log line without its timestamp, pid and connection id: "closing because: server refused SSL".
            evidence: [
                setup,
                ...steps,
                `PgBouncer: ${refusal.replace(/^.*?(LOG|WARNING) (S-0x[0-9a-f]+: \S+ )?/, "")}`,
            ],
            ...(clientError ? { clientError } : {}),
        };
    const why = e.connections.length === 0
        ? "PgBouncer never opened its upstream connection"
        : "neither a refusal in PgBouncer's log nor the application's query on the attacker's side";
    const reason = `the lab run proved nothing (${why}); the client said: ${clientError ?? (e.client.ok ? "ok" : "nothing")}`;
    return { ...base, outcome: "not-run", notRunReason: reason, evidence: [setup, ...steps, reason] };
}
function notRun(t, attack, reason) {
    return {
        attack,
        alias: t.alias,
        settingsModule: t.settingsModule,
        endpoint: `${t.host}:${t.port}`,
        via: t.pooler.where,
        outcome: "not-run",
        notRunReason: reason,
        evidence: [reason],
        passwordCaptured: false,
    };
}
//# sourceMappingURL=prove-pooler.js.map