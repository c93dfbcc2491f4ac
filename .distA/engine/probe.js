import { runRules } from "../core/run-rules.js";
import { configureHostGate } from "../net/host-gate.js";
import { clusterSkeletons, judgeClusters } from "../probe/clusters.js";
import { probeEndpoint } from "../probe/endpoint-probe.js";
import { probeConsole, probeOrigin } from "../probe/http/origin-probe.js";
import { rulesOf } from "../rules/registry.js";
import { assembleReport } from "./report-assembly.js";
import { readFlagFile, UsageError } from "./usage.js";
/** A CA bundle is a few certificates; anything larger is not one. */
const MAX_CA_BYTES = 1024 * 1024;
/** Connections one database endpoint's probe may hold open at once (plaintext, TLS, two hellos, two direct). */
const CONNECTIONS_PER_ENDPOINT = 6;
export function readCaFile(file, what) {
    // A FIFO would block the read for ever and a device never ends: only a regular file is a CA file.
    const text = readFlagFile(file, what, MAX_CA_BYTES);
    if (!text.includes("-----BEGIN CERTIFICATE-----"))
        throw new UsageError(`${what} ${file}: no PEM certificate in it`);
    return text;
}
/** Probes every target, at most `concurrency` at a time, and judges the results with the probe rules. */
export async function probeTargets(targets, o, origins = []) {
    const fromFlag = o.caFile
        ? { ca: readCaFile(o.caFile, "--ca"), source: `--ca ${o.caFile}` }
        : { source: "system store" };
    const anchorsFor = (t) => t.sslrootcertPem
        ? { ca: t.sslrootcertPem, source: `sslrootcert ${t.sslrootcertName ?? "from the settings"}` }
        : t.sslrootcert
            ? { ca: readCaFile(t.sslrootcert, "sslrootcert"), source: `sslrootcert ${t.sslrootcert}` }
            : fromFlag;
    const anchors = targets.map(anchorsFor);
    // Every database connection of this run waits at the gate (net/host-gate.ts): one per run, set here.
    configureHostGate({ perHost: o.perHost || Number.POSITIVE_INFINITY, perSecond: o.perSecond ?? 0 });
    const results = new Array(targets.length);
    const originResults = new Array(origins.length);
    const consoles = [];
    const httpOptions = {
        timeoutMs: o.timeoutMs,
        anchors: fromFlag,
        followOtherHosts: o.followOtherHosts ?? false,
    };
    // One queue for both kinds: index < targets.length is a database endpoint, the rest are HTTP origins.
    const total = targets.length + origins.length;
    let finished = 0;
    const pending = Array.from({ length: total }, (_, i) => i);
    const hostOf = (i) => (i < targets.length
        ? targets[i].host
        : origins[i - targets.length].host).toLowerCase();
    const perHostEndpoints = o.perHost ? Math.max(1, Math.floor(o.perHost / CONNECTIONS_PER_ENDPOINT)) : total;
    const busy = new Map();
    let waiters = [];
    // The next target whose host has room; undefined when every pending one waits for its host.
    const take = () => {
        const at = pending.findIndex((i) => (busy.get(hostOf(i)) ?? 0) < perHostEndpoints);
        return at < 0 ? undefined : pending.splice(at, 1)[0];
    };
    const worker = async () => {
        while (pending.length > 0) {
            const i = take();
            if (i === undefined) {
                await new Promise((resolve) => waiters.push(resolve));
                continue;
            }
            const host = hostOf(i);
            busy.set(host, (busy.get(host) ?? 0) + 1);
            try {
                await probeOne(i);
            }
            finally {
                busy.set(host, (busy.get(host) ?? 1) - 1);
                const woken = waiters;
                waiters = [];
                for (const w of woken)
                    w();
            }
            finished++;
            o.onProgress?.(`probed ${finished}/${total} targets`);
        }
    };
    const probeOne = async (i) => {
        if (i < targets.length) {
            const t = targets[i];
            const [result, console] = await Promise.all([
                probeEndpoint(t, {
                    timeoutMs: o.timeoutMs,
                    anchors: anchors[i],
                    legacy: o.legacy ?? true,
                }),
                o.consolePort
                    ? probeConsole(t.endpoint, t.host, o.consolePort, httpOptions)
                    : Promise.resolve(undefined),
            ]);
            results[i] = result;
            if (console)
                consoles.push(console);
        }
        else {
            originResults[i - targets.length] = await probeOrigin(origins[i - targets.length], httpOptions);
        }
    };
    o.onProgress?.(`probing ${total} target${total === 1 ? "" : "s"}`);
    await Promise.all(Array.from({ length: Math.min(o.concurrency, total) }, worker));
    consoles.sort((a, b) => (a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0));
    const model = {
        endpoints: results,
        origins: originResults,
        consoles,
        now: o.now ?? new Date(),
    };
    const findings = runRules(await rulesOf("probe"), model, new Map());
    // Endpoints that are nodes of one cluster are also judged together: the weakest node is the cluster's verdict.
    const clusters = clusterSkeletons(targets, results);
    return {
        report: assembleReport("probe", o.label, findings, {
            endpoints: [...results.map(summarizeEndpoint), ...originResults.map(summarizeOrigin)],
            ...(clusters.length > 0 ? { clusters: judgeClusters(clusters, findings) } : {}),
        }),
        results,
        origins: originResults,
    };
}
function summarizeEndpoint(r) {
    const server = r.server.product === "unknown"
        ? "unknown server"
        : `${r.server.product}${r.server.version ? ` ${r.server.version}` : ""}`;
    const c = r.tls?.certificate;
    return {
        endpoint: r.target.endpoint,
        server,
        tls: r.tls ? `${r.tls.protocol ?? "?"} ${r.tls.cipher ?? "?"}` : null,
        certificate: c ? `${c.subject}, expires ${c.notAfter.slice(0, 10)}` : null,
        ...(c ? { certificateNotAfter: c.notAfter } : {}),
        ...(r.tls?.protocol ? { tlsVersion: r.tls.protocol } : {}),
        reached: !r.unreachable,
        clientCertificateRequired: r.tls?.clientCertificateRequired ?? false,
        ...(r.directTls ? { directTls: directTlsWords(r.directTls) } : {}),
        ...(r.unreachable ? { error: r.unreachable } : r.tlsError ? { error: r.tlsError } : {}),
        durationMs: r.durationMs,
    };
}
function directTlsWords(d) {
    if (d.kind !== "attempted")
        return `not checked: ${d.reason}`;
    const { withAlpn, withoutAlpn } = d;
    if (!withAlpn.accepted && !withoutAlpn.accepted)
        return "not offered";
    const alpn = withAlpn.accepted
        ? `accepted with ALPN ${withAlpn.alpnSelected ?? "none selected"}`
        : "refused with ALPN postgresql";
    return `${alpn}; without ALPN: ${withoutAlpn.accepted ? "accepted" : "refused"}`;
}
function summarizeOrigin(r) {
    const c = r.tls?.certificate;
    const root = r.httpsRoot;
    return {
        endpoint: r.target.endpoint,
        server: `HTTP ${r.httpChain[0]?.status ?? "-"} / HTTPS ${root?.status ?? "-"}`,
        tls: r.tls ? "HTTPS" : null,
        certificate: c ? `${c.subject}, expires ${c.notAfter.slice(0, 10)}` : null,
        ...(c ? { certificateNotAfter: c.notAfter } : {}),
        reached: !(r.httpError && r.httpsError),
        clientCertificateRequired: false,
        ...(r.httpError && r.httpsError ? { error: `${r.httpsError}` } : {}),
        durationMs: r.durationMs,
    };
}
//# sourceMappingURL=probe.js.map