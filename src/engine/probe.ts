import type { EndpointSummary, Report } from "../core/report.js";
import { runRules } from "../core/run-rules.js";
import { configureHostGate } from "../net/host-gate.js";
import { clusterSkeletons, judgeClusters } from "../probe/clusters.js";
import { probeEndpoint } from "../probe/endpoint-probe.js";
import type { ConsoleResult, HttpOriginResult, HttpTarget } from "../probe/http/model.js";
import { probeConsole, probeOrigin } from "../probe/http/origin-probe.js";
import type { DbTarget, DirectTlsFacts, EndpointResult, ProbeModel } from "../probe/model.js";
import type { TrustAnchors } from "../probe/tls-check.js";
import { rulesOf } from "../rules/registry.js";
import { assembleReport } from "./report-assembly.js";
import { readFlagFile, UsageError } from "./usage.js";

/** A CA bundle is a few certificates; anything larger is not one. */
const MAX_CA_BYTES = 1024 * 1024;

export interface ProbeOptions {
  timeoutMs: number;
  concurrency: number;
  /** --ca FILE; the system store when absent. */
  caFile?: string;
  legacy?: boolean;
  /** Also check the CockroachDB DB Console on this port of every database host (WW205); undefined: skip. */
  consolePort?: number;
  /** Follow HTTP redirects to other hosts. */
  followOtherHosts?: boolean;
  onProgress?: (message: string) => void;
  /** What the report calls its target (the command line's targets). */
  label: string;
  now?: Date;
  /**
   * --per-host: at most this many connections open to one host (net/host-gate.ts, set by the CLI); here it also
   * bounds the endpoints of one host probed side by side, so their connections do not wait out their deadlines
   * in the gate's queue. Undefined or 0: no cap.
   */
  perHost?: number;
  /** --rate: at most this many new connections a second, all hosts together. Undefined or 0: no limit. */
  perSecond?: number;
}

/** Connections one database endpoint's probe may hold open at once (plaintext, TLS, two hellos, two direct). */
const CONNECTIONS_PER_ENDPOINT = 6;

export interface ProbeResult {
  report: Report;
  results: EndpointResult[];
  origins: HttpOriginResult[];
}

export function readCaFile(file: string, what: string): string {
  // A FIFO would block the read for ever and a device never ends: only a regular file is a CA file.
  const text = readFlagFile(file, what, MAX_CA_BYTES);
  if (!text.includes("-----BEGIN CERTIFICATE-----"))
    throw new UsageError(`${what} ${file}: no PEM certificate in it`);
  return text;
}

/** Probes every target, at most `concurrency` at a time, and judges the results with the probe rules. */
export async function probeTargets(
  targets: readonly DbTarget[],
  o: ProbeOptions,
  origins: readonly HttpTarget[] = [],
): Promise<ProbeResult> {
  const fromFlag: TrustAnchors = o.caFile
    ? { ca: readCaFile(o.caFile, "--ca"), source: `--ca ${o.caFile}` }
    : { source: "system store" };
  const anchorsFor = (t: DbTarget): TrustAnchors =>
    t.sslrootcertPem
      ? { ca: t.sslrootcertPem, source: `sslrootcert ${t.sslrootcertName ?? "from the settings"}` }
      : t.sslrootcert
        ? { ca: readCaFile(t.sslrootcert, "sslrootcert"), source: `sslrootcert ${t.sslrootcert}` }
        : fromFlag;
  const anchors = targets.map(anchorsFor);
  // Every database connection of this run waits at the gate (net/host-gate.ts): one per run, set here.
  configureHostGate({ perHost: o.perHost || Number.POSITIVE_INFINITY, perSecond: o.perSecond ?? 0 });
  const results: EndpointResult[] = new Array(targets.length);
  const originResults: HttpOriginResult[] = new Array(origins.length);
  const consoles: ConsoleResult[] = [];
  const httpOptions = {
    timeoutMs: o.timeoutMs,
    anchors: fromFlag,
    followOtherHosts: o.followOtherHosts ?? false,
  };
  // One queue for both kinds: index < targets.length is a database endpoint, the rest are HTTP origins.
  const total = targets.length + origins.length;
  let finished = 0;
  const pending = Array.from({ length: total }, (_, i) => i);
  const hostOf = (i: number) =>
    (i < targets.length
      ? (targets[i] as DbTarget).host
      : (origins[i - targets.length] as HttpTarget).host
    ).toLowerCase();
  const perHostEndpoints = o.perHost ? Math.max(1, Math.floor(o.perHost / CONNECTIONS_PER_ENDPOINT)) : total;
  const busy = new Map<string, number>();
  let waiters: (() => void)[] = [];
  // The next target whose host has room; undefined when every pending one waits for its host.
  const take = (): number | undefined => {
    const at = pending.findIndex((i) => (busy.get(hostOf(i)) ?? 0) < perHostEndpoints);
    return at < 0 ? undefined : pending.splice(at, 1)[0];
  };
  const worker = async () => {
    while (pending.length > 0) {
      const i = take();
      if (i === undefined) {
        await new Promise<void>((resolve) => waiters.push(resolve));
        continue;
      }
      const host = hostOf(i);
      busy.set(host, (busy.get(host) ?? 0) + 1);
      try {
        await probeOne(i);
      } finally {
        busy.set(host, (busy.get(host) ?? 1) - 1);
        const woken = waiters;
        waiters = [];
        for (const w of woken) w();
      }
      finished++;
      o.onProgress?.(`probed ${finished}/${total} targets`);
    }
  };
  const probeOne = async (i: number) => {
    if (i < targets.length) {
      const t = targets[i] as DbTarget;
      const [result, console] = await Promise.all([
        probeEndpoint(t, {
          timeoutMs: o.timeoutMs,
          anchors: anchors[i] as TrustAnchors,
          legacy: o.legacy ?? true,
        }),
        o.consolePort
          ? probeConsole(t.endpoint, t.host, o.consolePort, httpOptions)
          : Promise.resolve(undefined),
      ]);
      results[i] = result;
      if (console) consoles.push(console);
    } else {
      originResults[i - targets.length] = await probeOrigin(
        origins[i - targets.length] as HttpTarget,
        httpOptions,
      );
    }
  };
  o.onProgress?.(`probing ${total} target${total === 1 ? "" : "s"}`);
  await Promise.all(Array.from({ length: Math.min(o.concurrency, total) }, worker));
  consoles.sort((a, b) => (a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0));
  const model: ProbeModel = {
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

function summarizeEndpoint(r: EndpointResult): EndpointSummary {
  const server =
    r.server.product === "unknown"
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

function directTlsWords(d: DirectTlsFacts): string {
  if (d.kind !== "attempted") return `not checked: ${d.reason}`;
  const { withAlpn, withoutAlpn } = d;
  if (!withAlpn.accepted && !withoutAlpn.accepted) return "not offered";
  const alpn = withAlpn.accepted
    ? `accepted with ALPN ${withAlpn.alpnSelected ?? "none selected"}`
    : "refused with ALPN postgresql";
  return `${alpn}; without ALPN: ${withoutAlpn.accepted ? "accepted" : "refused"}`;
}

function summarizeOrigin(r: HttpOriginResult): EndpointSummary {
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
