import { redactSecrets } from "../core/redact.js";
import { meetsThreshold } from "../core/severity.js";
import { readFlagFile, UsageError } from "../engine/usage.js";
import { inShard } from "../fleet/shard.js";
import { httpOrigins } from "../probe/http/targets.js";
import { parseTargets, parseTargetsFile } from "../probe/targets.js";
import { baselineNote, openBaseline, settleReport } from "./baseline.js";
import { collect, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, intFlag, parseFailOn, progress, suppliedEnv, withConfigOption, withOutputOptions, withReportOptions, writeReport, } from "./common.js";
import { RANGES } from "./config-file.js";
import { applyConfig } from "./effective-config.js";
import { parseShardFlag, writeShard } from "./fleet-output.js";
/** Targets are a few hundred bytes each; a targets file over this is a mistake. */
const MAX_TARGETS_FILE_BYTES = 1024 * 1024;
const MAX_TARGETS = 10_000;
export function registerProbe(program, io, setExit) {
    const cmd = program
        .command("probe")
        .summary("check live database endpoints (plaintext accepted? TLS, certificate) and HTTPS origins")
        .description("Connects to each database endpoint and reports whether it refuses plaintext logins, what TLS it offers, and " +
        "whether its certificate passes libpq's verify-full for the name clients use. Probes log in as a dummy user " +
        "and never send a password; they close after the server's first answer.")
        .argument("[targets...]", "postgresql:// (postgres, cockroachdb, cockroach) URLs or host:port (default port 26257)");
    withReportOptions(cmd)
        .option("--ca <file>", "CA bundle (PEM) the clients trust; default: the system store")
        .option("--timeout <ms>", "each endpoint's deadline in milliseconds: its whole probe ends by then", "5000")
        .option("--concurrency <n>", "endpoints probed in parallel", "32")
        .option("--targets <file>", "read more targets from FILE, one per line (# comments)")
        .option("--shard <i/n>", "probe only this worker's share of the targets (0-based, stable hash of each target), or `auto` in a Kubernetes Indexed Job")
        .option("--per-host <n>", "at most N connections open to one host at a time (0: no cap)", "0")
        .option("--rate <n>", "at most N new connections a second, all hosts together (0: no limit)", "0")
        .option("--from-scan <path>", "probe every database host:port that `scan` finds in the Django project at PATH")
        .option("--env-file <file>", "with --from-scan: values for env vars the settings read (repeatable)", collect, [])
        .option("--settings <module>", "with --from-scan: only this settings module")
        .option("--no-legacy", "skip the hand-built SSLv3/TLS 1.0/1.1 and weak cipher suite attempts")
        .option("--http-port <port>", "plain-HTTP port of an https:// origin given alone", "80")
        .option("--https-port <port>", "HTTPS port of an http:// origin given alone", "443")
        .option("--console-port <port>", "CockroachDB DB Console port checked beside each database target (WW205)", "8080")
        .option("--no-console", "do not check the DB Console beside database targets")
        .option("--follow-other-hosts", "follow HTTP redirects to other hosts (default: stop there)");
    withConfigOption(cmd);
    withOutputOptions(cmd)
        .addHelpText("after", "\nExamples:\n" +
        "  wirewarden probe postgresql://db1.internal:26257 --ca certs/ca.crt\n" +
        "  wirewarden probe 'postgresql://db.internal:5432/app?sslrootcert=/etc/ssl/db-ca.pem'\n" +
        "  wirewarden probe --targets nodes.txt --concurrency 64 --format sarif -o probe.sarif\n" +
        "  wirewarden probe --from-scan . --env-file deploy/prod.env --ca certs/ca.crt\n\n" +
        "Rules: WW401 plaintext login accepted, WW402 no TLS, WW403 untrusted chain, WW404 host name mismatch,\n" +
        "WW405 validity, WW406 TLS 1.0/1.1, WW407 weak suites, WW408 cleartext password, WW409 weak key,\n" +
        "WW410 bytes injected after 'S'; WW000 when an endpoint could not be checked.\n" +
        "Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage error or no endpoint reachable,\n" +
        "3 internal error (a bug in wirewarden).")
        .action(async (args, given, cmd) => {
        // The configuration is the one of the project --from-scan names, else the working directory's.
        applyConfig(cmd, "probe", given.fromScan ?? ".", given.config);
        const flags = cmd.opts();
        const failOn = parseFailOn(flags.failOn);
        const baseline = openBaseline(flags);
        const timeoutMs = intFlag(flags.timeout, "--timeout", ...RANGES.timeout);
        const concurrency = intFlag(flags.concurrency, "--concurrency", ...RANGES.concurrency);
        const texts = [...args];
        if (flags.targets)
            texts.push(...readTargetsFile(flags.targets));
        const targets = [];
        const httpUrls = texts.filter((t) => /^https?:\/\//i.test(t.trim()));
        const found = httpOrigins(httpUrls, {
            http: intFlag(flags.httpPort, "--http-port", ...RANGES.port),
            https: intFlag(flags.httpsPort, "--https-port", ...RANGES.port),
        });
        if ("error" in found)
            throw new UsageError(found.error);
        const allOrigins = found.origins;
        for (const t of texts.filter((x) => !httpUrls.includes(x))) {
            const parsed = parseTargets(t);
            if ("error" in parsed)
                throw new UsageError(parsed.error);
            targets.push(...parsed.targets);
        }
        if (flags.fromScan) {
            const { targetsFromScan } = await import("../engine/probe-from-scan.js");
            const found = await targetsFromScan(flags.fromScan, {
                env: suppliedEnv(flags.envFile, io.env),
                ...(flags.settings ? { settingsModule: flags.settings } : {}),
            });
            for (const note of found.skipped)
                if (!flags.quiet)
                    io.stderr(`wirewarden: --from-scan: ${note}\n`);
            targets.push(...found.targets);
            if (found.targets.length === 0 && texts.length === 0)
                throw new UsageError(`--from-scan ${flags.fromScan}: no database endpoint with a known host found`);
        }
        if (targets.length === 0 && allOrigins.length === 0)
            throw new UsageError("no targets: give postgresql:// URLs, host:port or https:// origins, --targets FILE or --from-scan PATH");
        if (targets.length > MAX_TARGETS)
            throw new UsageError(`too many targets (${targets.length}; limit ${MAX_TARGETS})`);
        const shard = flags.shard ? parseShardFlag(flags.shard, io) : undefined;
        // A worker of a fleet run probes its share only: the union of the shards is the whole target list.
        const unique = dedupe(targets).filter((t) => inShard(t.endpoint, shard));
        const origins = allOrigins.filter((o) => inShard(o.endpoint, shard));
        const perHost = intFlag(flags.perHost, "--per-host", ...RANGES.perHost);
        const rate = intFlag(flags.rate, "--rate", ...RANGES.rate);
        if (shard && unique.length + origins.length === 0) {
            // An empty share is a finished share: the merge must see it, or it would call the shard missing.
            if (!flags.quiet)
                io.stderr(`wirewarden probe: ${shard.source}: no target falls in this shard\n`);
            writeShard(io, flags, shard, [], "probe");
            setExit(EXIT_OK);
            return;
        }
        const bar = progress(io, Boolean(flags.quiet));
        // Loaded here so that `scan` does not pay for the certificate parser.
        const { probeTargets } = await import("../engine/probe.js");
        const consolePort = intFlag(flags.consolePort, "--console-port", ...RANGES.port);
        const { report: probed, results, origins: originResults, } = await probeTargets(unique, {
            timeoutMs,
            concurrency,
            legacy: flags.legacy,
            // A host list is one input for several targets: named once.
            label: [...new Set(unique.map((t) => t.input)), ...origins.map((o) => o.endpoint)].join(" "),
            onProgress: bar.update,
            ...(flags.ca ? { caFile: flags.ca } : {}),
            ...(flags.console ? { consolePort } : {}),
            followOtherHosts: Boolean(flags.followOtherHosts),
            ...(perHost ? { perHost } : {}),
            ...(rate ? { perSecond: rate } : {}),
        }, origins);
        bar.done();
        const reached = results.filter((r) => !r.unreachable).length +
            originResults.filter((r) => !(r.httpError && r.httpsError)).length;
        if (reached === 0) {
            // Nothing was checked, so there is nothing to grade: say what failed, write no report, exit 2.
            const why = (probed.endpoints ?? []).map((e) => `${redactSecrets(e.endpoint)}: ${e.error ?? "not reached"}`);
            io.stderr(`wirewarden: no endpoint could be reached, nothing was checked (${why.join("; ")})\n`);
            setExit(EXIT_ERROR);
            return;
        }
        const report = settleReport(io, probed, flags, baseline);
        if (shard)
            writeShard(io, flags, shard, [report]);
        else
            writeReport(io, report, flags);
        if (!flags.quiet && (flags.output || flags.format !== "text")) {
            const s = report.summary;
            io.stderr(`wirewarden probe: ${unique.length + origins.length} target(s), ${reached} reached, ${report.findings.length} finding(s); ` +
                `score ${s.score}/100, grade ${s.grade}${baselineNote(report)}${flags.output ? `; report written to ${flags.output}` : ""}\n`);
        }
        setExit(report.findings.some((f) => meetsThreshold(f.severity, failOn)) ? EXIT_FINDINGS : EXIT_OK);
    });
}
function readTargetsFile(file) {
    return parseTargetsFile(readFlagFile(file, "--targets", MAX_TARGETS_FILE_BYTES));
}
/** The same host:port twice (a URL and --from-scan, say) is probed once, in the first one's cluster if any has one. */
function dedupe(targets) {
    const seen = new Map();
    for (const t of targets) {
        const key = `${t.endpoint}|${t.sslrootcert ?? ""}`;
        const first = seen.get(key);
        if (!first)
            seen.set(key, t);
        else if (!first.cluster && t.cluster)
            seen.set(key, { ...first, cluster: t.cluster, ...(t.source ? { source: t.source } : {}) });
    }
    return [...seen.values()];
}
//# sourceMappingURL=probe.js.map