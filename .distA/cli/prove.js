import { existsSync } from "node:fs";
import { isIP } from "node:net";
import { resolve } from "node:path";
import { Option } from "commander";
import { meetsThreshold } from "../core/severity.js";
import { UsageError } from "../engine/usage.js";
import { ATTACKS } from "../mitm/model.js";
import { baselineNote, openBaseline, settleReport } from "./baseline.js";
import { collect, EXIT_FINDINGS, EXIT_OK, intFlag, parseFailOn, progress, suppliedEnv, withConfigOption, withOutputOptions, withReportOptions, writeReport, } from "./common.js";
import { RANGES } from "./config-file.js";
import { applyConfig } from "./effective-config.js";
export function registerProve(program, io, setExit) {
    const cmd = program
        .command("prove")
        .summary("run the project's real database client through a local attacker and show what it lets through")
        .description("Starts an intercepting pgwire proxy on loopback and runs the real client once per attack — the Django " +
        "project's own connection (its Python, settings and libpq) or psql with --dsn — with libpq's hostaddr and " +
        "port pointed at the proxy while host stays as configured, so certificate and host-name checks run as in " +
        "production. Attacks: strip (answer N to SSLRequest), forge (a certificate from a CA made up for the run), " +
        "wrong-host (the client's own CA, another name; needs --ca and --ca-key), direct-forge (forge for a client " +
        "that starts TLS without SSLRequest, sslnegotiation=direct: the proxy selects ALPN postgresql; not run for " +
        "other clients), error-reflect (answer SSLRequest with an error carrying a marker; a client that shows it has " +
        "a libpq without the CVE-2024-10977 fix), binding-downgrade (for clients with channel_binding=require: an " +
        "Ed25519 certificate with SCRAM-SHA-256-PLUS and SCRAM-SHA-256 offered, then AuthenticationOk without " +
        "authentication), downgrade (ask for the password in cleartext, then for an MD5 hash, inside whichever " +
        "channel the client accepted). An alias that connects through a PgBouncer the tree configures also has the " +
        "leg behind it attacked (strip, forge): that PgBouncer is reproduced on loopback with the project's " +
        "server_tls_sslmode, this machine's pgbouncer and a throwaway PostgreSQL (rows 'strip (pooler leg)'). " +
        "The password is never stored or printed.")
        .argument("[path]", "Django project directory (where manage.py is)", ".");
    withReportOptions(cmd)
        .option("--settings <module>", "the settings module to load (default: DJANGO_SETTINGS_MODULE, else the production module scan finds)")
        .option("--alias <name>", "database alias to attack (repeatable; default: every PostgreSQL-wire alias)", collect, [])
        .option("--python <path>", "the project's Python (its virtualenv's)", "/usr/bin/python3")
        .option("--dsn <dsn>", "attack a libpq connection string instead of a Django project")
        .addOption(new Option("--client <client>", "client for --dsn").choices(["psql"]).default("psql"))
        .option("--upstream <host:port>", "relay to the real server over verified TLS and prove the session can be used")
        .option("--ca <file>", "the CA the client trusts: verifies --upstream, and signs wrong-host with --ca-key")
        .option("--ca-key <file>", "private key of --ca (a lab CA): enables the wrong-host attack")
        .option("--attacks <list>", `comma-separated subset of ${ATTACKS.join(",")}`, ATTACKS.join(","))
        .option("--listen <address>", "address the proxy binds (loopback unless you say otherwise)", "127.0.0.1")
        .option("--proxy-port <port>", "first proxy port (one per attack running at once); 0 = any free port", "0")
        .option("--timeout <ms>", "per-connection timeout in milliseconds", "5000")
        .option("--env-file <file>", "env vars for the client and its settings (repeatable; later files win)", collect, []);
    withConfigOption(cmd);
    withOutputOptions(cmd)
        .addHelpText("after", "\nExamples:\n" +
        "  wirewarden prove .                                                # the production settings, every attack, every alias\n" +
        "  wirewarden prove . --settings shop.settings.production --alias replica --python .venv/bin/python\n" +
        "  wirewarden prove --dsn 'postgresql://app@db.internal:26257/shop?sslmode=require'\n" +
        "  wirewarden prove . --settings shop.settings.production --upstream 127.0.0.1:26257 --ca certs/ca.crt\n\n" +
        "Findings: WW601 TLS stripped, WW602 forged certificate accepted, WW603 wrong host accepted, WW604 password\n" +
        "sent in cleartext, WW605 credentials or session obtained, WW606 forged certificate accepted over direct TLS,\n" +
        "WW607 attacker's error text shown (libpq without the CVE-2024-10977 fix), WW608 channel binding downgraded;\n" +
        "WW600 (info) when every attack was refused.\n" +
        "Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage error or the client could not\n" +
        "run, 3 internal error (a bug in wirewarden).")
        .action(async (path, given, cmd) => {
        applyConfig(cmd, "prove", path, given.config);
        const flags = cmd.opts();
        const failOn = parseFailOn(flags.failOn);
        const baseline = openBaseline(flags);
        const attacks = parseAttacks(flags.attacks);
        const timeoutMs = intFlag(flags.timeout, "--timeout", ...RANGES.timeout);
        const proxyPort = intFlag(flags.proxyPort, "--proxy-port", ...RANGES.proxyPort);
        if (isIP(flags.listen) === 0)
            throw new UsageError(`--listen must be an IP address (got '${flags.listen}')`);
        const envMap = suppliedEnv(flags.envFile, io.env);
        const env = Object.fromEntries(envMap);
        const upstream = flags.upstream ? parseHostPort(flags.upstream) : undefined;
        let client;
        let poolers = [];
        if (flags.dsn)
            client = { kind: "dsn", dsn: flags.dsn };
        else {
            let project = resolve(path);
            if (!existsSync(project))
                throw new UsageError(`${path}: no such directory`);
            // The tree as scan reads it: the production settings when none are named, and the poolers an alias may
            // connect through (their upstream leg is proved too).
            const { loadProject } = await import("../engine/pipeline.js");
            const { built } = await loadProject(project, { env: envMap });
            poolers = built.model.deploy.poolers;
            let settings = flags.settings ?? envMap.get("DJANGO_SETTINGS_MODULE");
            if (!settings) {
                // As scan finds it: the production module of the tree, imported from the directory its package sits in.
                const found = await productionSettings(project, built);
                settings = found.module;
                project = found.project;
                if (!flags.quiet)
                    io.stderr(`wirewarden: proving ${settings}, the production settings (${found.source})\n`);
            }
            client = { kind: "django", project, settings, aliases: flags.alias, python: flags.python };
        }
        const bar = progress(io, Boolean(flags.quiet));
        const { proveClient } = await import("../engine/prove.js");
        const { report: proved } = await proveClient({
            client,
            env,
            attacks,
            ...(upstream ? { upstream } : {}),
            ...(flags.ca ? { caFile: flags.ca } : {}),
            ...(flags.caKey ? { caKeyFile: flags.caKey } : {}),
            proxyHost: flags.listen,
            proxyPort,
            timeoutMs,
            label: flags.dsn ? "--dsn" : `${path} (${client.kind === "django" ? client.settings : ""})`,
            poolers,
            onProgress: bar.update,
        });
        bar.done();
        const report = settleReport(io, proved, flags, baseline);
        writeReport(io, report, flags);
        if (!flags.quiet && (flags.output || flags.format !== "text")) {
            const through = (report.attacks ?? []).filter((a) => a.outcome === "let-through").length;
            io.stderr(`wirewarden prove: ${report.attacks?.length ?? 0} attack run(s), ${through} let through; ${report.findings.length} finding(s), grade ${report.summary.grade}${baselineNote(report)}${flags.output ? `; report written to ${flags.output}` : ""}\n`);
        }
        setExit(report.findings.some((f) => meetsThreshold(f.severity, failOn)) ? EXIT_FINDINGS : EXIT_OK);
    });
}
function parseAttacks(list) {
    const names = list
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
    for (const n of names)
        if (!ATTACKS.includes(n))
            throw new UsageError(`unknown attack '${n}' (choose from ${ATTACKS.join(", ")})`);
    if (names.length === 0)
        throw new UsageError("--attacks is empty");
    return names;
}
function parseHostPort(text) {
    const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(text.trim());
    if (!m)
        throw new UsageError(`--upstream must be host:port (got '${text}')`);
    return { host: m[1], port: intFlag(m[2], "--upstream port", 1, 65535) };
}
/** The production settings module scan would judge, and the directory to import it from. */
async function productionSettings(root, built) {
    const { importRoot } = await import("../engine/runtime.js");
    const production = built.production;
    if (!production)
        throw new UsageError(`which settings? no production settings module found under ${root} (found: ${built.modules.slice(0, 6).join(", ") || "none"}); pass --settings MODULE`);
    const view = built.model.views.find((v) => v.module === production.module);
    const dir = view ? importRoot(view.file, view.module) : "";
    return { module: production.module, project: resolve(root, dir ?? ""), source: production.source };
}
//# sourceMappingURL=prove.js.map