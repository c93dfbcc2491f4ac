import { readFileSync, statSync } from "node:fs";
import { errorText } from "../core/files.js";
import type { Finding } from "../core/finding.js";
import { summarize } from "../core/grade.js";
import { redactFindingText } from "../core/redact.js";
import type { EndpointSummary, Report } from "../core/report.js";
import { runRules } from "../core/run-rules.js";
import { probeEndpoint } from "../probe/endpoint-probe.js";
import type { DbTarget, EndpointResult, ProbeModel } from "../probe/model.js";
import type { TrustAnchors } from "../probe/tls-check.js";
import { PROBE_RULES } from "../rules/index.js";
import { UsageError } from "./scan.js";
import { VERSION } from "./version.js";

/** A CA bundle is a few certificates; anything larger is not one. */
const MAX_CA_BYTES = 1024 * 1024;

export interface ProbeOptions {
  timeoutMs: number;
  concurrency: number;
  /** --ca FILE; the system store when absent. */
  caFile?: string;
  legacy?: boolean;
  onProgress?: (message: string) => void;
  /** What the report calls its target (the command line's targets). */
  label: string;
  now?: Date;
}

export interface ProbeResult {
  report: Report;
  results: EndpointResult[];
}

export function readCaFile(file: string, what: string): string {
  try {
    if (statSync(file).size > MAX_CA_BYTES) throw new UsageError(`${what} ${file}: larger than 1 MiB`);
    const text = readFileSync(file, "utf8");
    if (!text.includes("-----BEGIN CERTIFICATE-----"))
      throw new UsageError(`${what} ${file}: no PEM certificate in it`);
    return text;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${what} ${file}: ${errorText(e)}`);
  }
}

/** Probes every target, at most `concurrency` at a time, and judges the results with the WW4xx rules. */
export async function probeTargets(targets: readonly DbTarget[], o: ProbeOptions): Promise<ProbeResult> {
  const fromFlag: TrustAnchors = o.caFile
    ? { ca: readCaFile(o.caFile, "--ca"), source: `--ca ${o.caFile}` }
    : { source: "system store" };
  const anchorsFor = (t: DbTarget): TrustAnchors =>
    t.sslrootcert
      ? { ca: readCaFile(t.sslrootcert, "sslrootcert"), source: `sslrootcert ${t.sslrootcert}` }
      : fromFlag;
  const anchors = targets.map(anchorsFor);
  const results: EndpointResult[] = new Array(targets.length);
  let next = 0;
  let finished = 0;
  const worker = async () => {
    for (let i = next++; i < targets.length; i = next++) {
      results[i] = await probeEndpoint(targets[i] as DbTarget, {
        timeoutMs: o.timeoutMs,
        anchors: anchors[i] as TrustAnchors,
        legacy: o.legacy ?? true,
      });
      finished++;
      o.onProgress?.(`probed ${finished}/${targets.length} endpoints`);
    }
  };
  o.onProgress?.(`probing ${targets.length} endpoint${targets.length === 1 ? "" : "s"}`);
  await Promise.all(Array.from({ length: Math.min(o.concurrency, targets.length) }, worker));
  const model: ProbeModel = { endpoints: results, now: o.now ?? new Date() };
  const findings: Finding[] = runRules(PROBE_RULES, model, new Map()).map(redactFindingText);
  return {
    report: {
      tool: { name: "wirewarden", version: VERSION },
      command: "probe",
      target: o.label,
      findings,
      summary: summarize(findings),
      endpoints: results.map(summarizeEndpoint),
    },
    results,
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
    clientCertificateRequired: r.tls?.clientCertificateRequired ?? false,
    ...(r.unreachable ? { error: r.unreachable } : r.tlsError ? { error: r.tlsError } : {}),
    durationMs: r.durationMs,
  };
}
