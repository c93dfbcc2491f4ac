import { randomBytes } from "node:crypto";
import { runRules } from "../core/run-rules.js";
import { parseConninfo } from "../libpq/conninfo.js";
import { runDjangoClient } from "../mitm/django-client.js";
import { describeDjango } from "../mitm/django-describe.js";
import { combineVariants, judgeAttack } from "../mitm/judge.js";
import { ATTACKS, CHANNEL_ATTACKS, PROOF_QUERY, } from "../mitm/model.js";
import { startAttackProxy } from "../mitm/proxy.js";
import { runPsqlClient } from "../mitm/psql-client.js";
import { loginAndQuery } from "../mitm/upstream-session.js";
import { poolerAt } from "../rules/deploy-helpers.js";
import { rulesOf } from "../rules/registry.js";
import { caFromPem, createCa, leafFor, selfSigned, } from "../tls/certs.js";
import { readCaFile } from "./probe.js";
import { assembleReport } from "./report-assembly.js";
import { readFlagFile, UsageError } from "./usage.js";
/** The attacks that each get a channel of their own; downgrade then runs inside one the client gave. */
const FIRST_PHASE = ATTACKS.filter((a) => a !== "downgrade");
/** A name no CA would have issued to this server: what `wrong-host` presents. */
const WRONG_HOST = "wirewarden-wrong-host.invalid";
export async function proveClient(o) {
    const targets = await resolveTargets(o);
    const attackerCa = await createCa({ commonName: "wirewarden attacker CA (made up for this run)" });
    const clientCa = o.caKeyFile ? await loadCa(o) : undefined;
    const upstreamCa = o.caFile ? readCaFile(o.caFile, "--ca") : undefined;
    let nextPort = o.proxyPort;
    const runs = [];
    for (const t of targets) {
        const forged = await attackerCa.issue(leafFor(t.host));
        const wrong = clientCa
            ? await clientCa.issue({ commonName: WRONG_HOST, dnsNames: [WRONG_HOST] })
            : undefined;
        const upstream = o.upstream
            ? { ...o.upstream, servername: t.host, ...(upstreamCa ? { ca: upstreamCa } : {}) }
            : undefined;
        const attempt = async (attack, channel, certificate, extra = {}) => {
            const port = o.proxyPort === 0 ? 0 : nextPort++;
            return runAttack(o, t, attack, {
                channel,
                ...(certificate ? { certificate } : {}),
                port,
                ...(upstream ? { upstream } : {}),
                ...extra,
            });
        };
        const requiresBinding = (t.channelBinding ?? o.env.PGCHANNELBINDING) === "require";
        // Side by side: one proxy and one client run each. direct-forge takes a ClientHello as the first bytes, so it
        // concerns only clients with sslnegotiation=direct (the others meet SSLRequest proxies in the rest).
        const phase1 = FIRST_PHASE.filter((a) => o.attacks.includes(a) &&
            (a !== "wrong-host" || wrong) &&
            (a !== "binding-downgrade" || requiresBinding));
        if (phase1.length > 0)
            o.onProgress?.(`alias ${t.alias}: ${phase1.join(", ")}`);
        const chosen = (a) => phase1.includes(a);
        const marker = `wirewarden-marker-${randomBytes(6).toString("hex")}`;
        const [strip, forge, wrongHost, directForge, errorReflect, bindingDowngrade] = await Promise.all([
            chosen("strip") ? attempt("strip", "plaintext") : undefined,
            chosen("forge") ? attempt("forge", "tls", forged) : undefined,
            chosen("wrong-host") ? attempt("wrong-host", "tls", wrong) : undefined,
            chosen("direct-forge") ? attempt("direct-forge", "direct-tls", forged) : undefined,
            chosen("error-reflect") ? attempt("error-reflect", "error-reply", undefined, { marker }) : undefined,
            chosen("binding-downgrade") ? bindingDowngradeRun(t, forged, attempt) : undefined,
        ]);
        for (const r of [strip, forge, wrongHost])
            if (r)
                runs.push(r);
        if (o.attacks.includes("wrong-host") && !wrong)
            runs.push(notRun(t, "wrong-host", "needs the client's own CA: --ca FILE and --ca-key FILE (a lab CA)"));
        for (const r of [directForge, errorReflect, bindingDowngrade])
            if (r)
                runs.push(r);
        if (o.attacks.includes("binding-downgrade") && !requiresBinding)
            runs.push(notRun(t, "binding-downgrade", "the client does not require channel binding (channel_binding is not 'require'): there is nothing to downgrade; forge shows what it does inside an attacker's TLS"));
        if (o.attacks.includes("downgrade")) {
            // Downgrade runs inside whichever channel the client already let the attacker have; else one it accepted
            // but refused to authenticate in (require_auth, channel_binding): it is asked for its password there all the
            // same, since that is what those settings are for. In CHANNEL_ATTACKS' order.
            const offered = [
                { run: strip, channel: "plaintext" },
                { run: forge, channel: "tls", certificate: forged },
                { run: wrongHost, channel: "tls", certificate: wrong },
                { run: directForge, channel: "direct-tls", certificate: forged },
            ];
            const channel = offered.find((g) => g.run?.outcome === "let-through") ?? offered.find((g) => g.run?.channelAccepted);
            if (channel) {
                o.onProgress?.(`alias ${t.alias}: downgrade`);
                const cleartext = await attempt("downgrade", channel.channel, channel.certificate, {
                    authRequest: "cleartext",
                });
                const variants = [{ variant: "cleartext password request", run: cleartext }];
                // A client that will not give its password in cleartext may still give an MD5 hash of it.
                if (cleartext.outcome === "refused")
                    variants.push({
                        variant: "MD5 password request",
                        run: await attempt("downgrade", channel.channel, channel.certificate, { authRequest: "md5" }),
                    });
                runs.push(combineVariants(variants));
            }
            else {
                const givers = phase1.filter((a) => CHANNEL_ATTACKS.includes(a));
                runs.push(notRun(t, "downgrade", givers.length > 0
                    ? `no channel to run it in: the client accepted none of ${givers.join(", ")}`
                    : `no channel to run it in: downgrade runs inside the channel another attack gave (${CHANNEL_ATTACKS.join(", ")})`));
            }
        }
    }
    runs.push(...(await poolerLegRuns(o, targets)));
    const model = { runs };
    const attacks = runs.map((r) => ({
        alias: r.alias,
        attack: r.attack,
        outcome: r.outcome,
        detail: summaryDetail(r),
        ...(r.via ? { via: r.via } : {}),
    }));
    return {
        report: assembleReport("prove", o.label, runRules(await rulesOf("prove"), model, new Map()), { attacks }),
        runs,
    };
}
function summaryDetail(r) {
    if (r.outcome === "not-run")
        return r.notRunReason ?? "";
    // A pooler-leg run: the evidence ends with what the attacker read, or with PgBouncer's refusal.
    if (r.via)
        return r.outcome === "let-through"
            ? `let through on the leg behind ${r.via}: ${r.evidence.find((e) => e.startsWith("the attacker read")) ?? "the attacker read the session"}`
            : (r.evidence.at(-1) ?? "refused");
    if (r.neverConnected)
        return `cannot connect, libpq rejects these settings: ${r.clientError ?? "no detail"}`;
    return r.outcome === "let-through" ? letThroughDetail(r) : (r.clientError ?? "refused");
}
/** What the client gave the attacker, in its own step's words: the client's error afterwards is the proxy's reply. */
const GAVE = /client (answered with a SASL|sent its password|sent an MD5 hash|used the session)|repeats the attacker's marker|proxy logged in|ran SELECT/;
function letThroughDetail(r) {
    // The client's own words are the finding here: they repeat what the attacker sent.
    if (r.attack === "error-reflect")
        return `let through: the client's own error repeats the attacker's marker: ${r.clientError ?? "?"}`;
    const steps = r.evidence.flatMap((e) => e.split("; "));
    const gave = [...steps].reverse().find((s) => GAVE.test(s));
    if (!gave && steps.some((s) => s.includes("has no password configured here")))
        return "let through: the client accepted the attacker's channel and stopped only because it has no password configured here";
    const what = gave?.replace(/^(connection \d+: |[^:]*request: )/, "") ??
        "the client went on past the attacker's authentication request";
    return `let through: ${what}`;
}
/** The pooler-leg runs of the Django aliases that connect through a PgBouncer of the tree. */
async function poolerLegRuns(o, targets) {
    const c = o.client;
    if (c.kind !== "django" || !o.poolers?.length)
        return [];
    const legTargets = targets.flatMap((t) => {
        const pooler = poolerAt(t.host, String(t.port), o.poolers ?? []);
        return pooler && t.settingsModule ? [{ ...t, settingsModule: t.settingsModule, pooler }] : [];
    });
    const attacks = ["strip", "forge"].filter((a) => o.attacks.includes(a));
    if (legTargets.length === 0 || attacks.length === 0)
        return [];
    const { provePoolerLegs } = await import("./prove-pooler.js");
    return provePoolerLegs({
        targets: legTargets,
        attacks,
        python: c.python,
        project: c.project,
        env: o.env,
        timeoutMs: o.timeoutMs,
        ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    });
}
/**
 * binding-downgrade, for a client set to channel_binding=require, in two variants, the second only when the first
 * was not let through. First a certificate signed with Ed25519, whose signature names no hash, so no
 * tls-server-end-point binding can be computed for it, and an offer of both SCRAM-SHA-256-PLUS and SCRAM-SHA-256
 * (CVE-2026-54291: a driver that cannot bind may fall back to the unbound mechanism). Then AuthenticationOk at
 * once, with no authentication at all.
 */
async function bindingDowngradeRun(t, forged, attempt) {
    const ed25519 = await selfSigned({ ...leafFor(t.host), key: { kind: "ed25519" } });
    const offer = await attempt("binding-downgrade", "tls", ed25519, { authRequest: "scram-plus-offer" });
    const variants = [
        { variant: "Ed25519 certificate, SCRAM-SHA-256-PLUS and SCRAM-SHA-256 offered", run: offer },
    ];
    if (offer.outcome !== "let-through")
        variants.push({
            variant: "AuthenticationOk without authentication",
            run: await attempt("binding-downgrade", "tls", forged, { authRequest: "none" }),
        });
    return combineVariants(variants);
}
function notRun(t, attack, reason) {
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
async function loadCa(o) {
    if (!o.caFile)
        throw new UsageError("--ca-key needs --ca (the CA certificate the key belongs to)");
    try {
        const key = readFlagFile(o.caKeyFile, "--ca-key", MAX_KEY_BYTES);
        return await caFromPem(readCaFile(o.caFile, "--ca"), key);
    }
    catch (e) {
        if (e instanceof UsageError)
            throw e;
        throw new UsageError(`--ca-key ${o.caKeyFile}: ${e.message}`);
    }
}
async function resolveTargets(o) {
    const c = o.client;
    if (c.kind === "dsn") {
        let options;
        try {
            options = parseConninfo(c.dsn);
        }
        catch (e) {
            throw new UsageError(`--dsn: ${e.message}`);
        }
        const host = options.get("host") ?? "";
        if (host === "" || host.startsWith("/") || host.includes(","))
            throw new UsageError("--dsn must name one network host (host=… or postgresql://host/…)");
        const channelBinding = options.get("channel_binding");
        return [
            {
                alias: "dsn",
                host,
                port: Number(options.get("port") ?? 5432),
                ...(channelBinding ? { channelBinding } : {}),
            },
        ];
    }
    o.onProgress?.(`loading ${c.settings} with ${c.python}`);
    const described = await describeDjango({
        python: c.python,
        project: c.project,
        settings: c.settings,
        env: o.env,
        timeoutMs: Math.max(o.timeoutMs, 30_000),
    });
    if ("error" in described)
        throw new UsageError(described.error);
    const postgres = described.aliases.filter((a) => /postgres|postgis|cockroach|psycopg|redshift|timescale/i.test(a.engine));
    const chosen = c.aliases.length > 0 ? c.aliases : postgres.map((a) => a.alias);
    const targets = [];
    for (const name of chosen) {
        const a = described.aliases.find((x) => x.alias === name);
        if (!a)
            throw new UsageError(`no database alias '${name}' in ${c.settings} (aliases: ${described.aliases.map((x) => x.alias).join(", ") || "none"})`);
        if (!postgres.includes(a))
            throw new UsageError(`alias '${name}' uses ${a.engine}, not a PostgreSQL-wire backend`);
        if (!a.host || a.host.startsWith("/"))
            throw new UsageError(`alias '${name}' connects through a Unix socket (HOST ${JSON.stringify(a.host)}): there is no network path to attack`);
        targets.push({
            alias: name,
            host: a.host,
            port: a.port || 5432,
            settingsModule: c.settings,
            ...(a.channel_binding ? { channelBinding: a.channel_binding } : {}),
        });
    }
    if (targets.length === 0) {
        const seen = described.aliases.map((a) => `${a.alias} uses ${a.engine || "no ENGINE"}`).join(", ");
        throw new UsageError(`${c.settings} has no PostgreSQL-wire database alias (${seen || "DATABASES is empty"}): the settings may choose their database from the environment (--env-file)`);
    }
    return targets;
}
async function runAttack(o, t, attack, p) {
    let proxy;
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
            ...(p.authRequest ? { authRequest: p.authRequest } : {}),
            ...(p.marker ? { marker: p.marker } : {}),
        });
    }
    catch (e) {
        const err = e;
        if (err.code === "EADDRINUSE")
            throw new UsageError(`proxy port ${p.port} on ${o.proxyHost} is already in use (--proxy-port)`);
        if (err.code === "EADDRNOTAVAIL")
            throw new UsageError(`cannot listen on ${o.proxyHost}: not an address of this machine`);
        throw e;
    }
    let client;
    try {
        client = await runClient(o, t, proxy.port);
    }
    finally {
        await proxy.close();
    }
    if (client.stage && !["connect", "query"].includes(client.stage))
        throw new UsageError(`the client could not run (${STAGE_WORDS[client.stage] ?? client.stage}): ${client.error ?? client.libpq ?? "no detail"}`);
    return judgeAttack({
        attack,
        alias: t.alias,
        ...(t.settingsModule ? { settingsModule: t.settingsModule } : {}),
        endpoint: `${t.host}:${t.port}`,
        connections: proxy.connections(),
        ...(p.marker ? { marker: p.marker } : {}),
        client: {
            ok: client.ok,
            ...(client.libpq || client.error ? { error: client.libpq ?? client.error } : {}),
        },
    });
}
/** Where a client run stopped, in words (django-client.ts's stages). */
const STAGE_WORDS = {
    import: "its Python cannot import Django or the driver",
    settings: "the settings module did not load",
    alias: "the database alias cannot be opened by this client",
    python: "its Python cannot be started",
    request: "wirewarden's request to the client script was refused",
    timeout: "no answer in time",
    internal: "the client script failed",
    dsn: "the connection string was refused",
    psql: "psql cannot be started",
};
function runClient(o, t, port) {
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
function replay(u, timeoutMs) {
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
//# sourceMappingURL=prove.js.map