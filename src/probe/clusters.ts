/**
 * The cluster view of a probe: endpoints that are nodes of one cluster (DbTarget.cluster) are judged together, and
 * the weakest node is the cluster's verdict — an attacker who can reach any node picks that one, whatever address
 * Django itself uses. Pure: targets and results in, the report's `clusters` out; `judgeClusters` runs again over the
 * findings a baseline leaves, so the verdict never names a finding the report does not show.
 */
import type { Finding } from "../core/finding.js";
import type { ClusterFinding, ClusterNodeSummary, ClusterSummary } from "../core/report.js";
import { type Severity, severityRank } from "../core/severity.js";
import type { DbTarget, EndpointResult } from "./model.js";

/** A probe finding in a few words, for the cluster's one-line verdict. */
const WORDS: Readonly<Record<string, string>> = {
  WW205: "DB Console over plain HTTP",
  WW401: "plaintext accepted",
  WW402: "no TLS",
  WW403: "certificate not trusted",
  WW404: "certificate for another name",
  WW405: "certificate validity",
  WW406: "TLS 1.0/1.1 accepted",
  WW407: "weak cipher suites",
  WW408: "cleartext password requested",
  WW409: "weak key or signature",
  WW410: "bytes injected before the handshake",
  WW411: "direct TLS offered",
  WW412: "direct TLS without ALPN",
  WW413: "MD5 authentication",
};

/** The clusters the targets name, in the order their first member appears; nothing judged yet. */
export function clusterSkeletons(
  targets: readonly DbTarget[],
  results: readonly EndpointResult[],
): ClusterSummary[] {
  const byName = new Map<string, ClusterSummary>();
  targets.forEach((t, i) => {
    if (!t.cluster) return;
    let c = byName.get(t.cluster.name);
    if (!c) {
      c = { name: t.cluster.name, link: t.cluster.link, nodes: [], weakest: null, verdict: "" };
      byName.set(t.cluster.name, c);
    }
    if (c.nodes.some((n) => n.endpoint === t.endpoint)) return;
    c.nodes.push({
      endpoint: t.endpoint,
      role: t.cluster.role,
      source: t.source ?? t.input,
      reached: results[i] ? results[i].unreachable === undefined : false,
      worst: null,
      rules: [],
    });
  });
  return [...byName.values()];
}

const order = (a: ClusterFinding, b: ClusterFinding) =>
  severityRank(b.severity) - severityRank(a.severity) ||
  (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);

/** Each node's findings, the weakest node and the verdict, from these findings (WW000 says "not checked", not weak). */
export function judgeClusters(
  clusters: readonly ClusterSummary[],
  findings: readonly Finding[],
): ClusterSummary[] {
  const byEndpoint = new Map<string, Finding[]>();
  for (const f of findings)
    if (f.endpoint) byEndpoint.set(f.endpoint, [...(byEndpoint.get(f.endpoint) ?? []), f]);
  return clusters.map((c) => {
    const judged: { node: ClusterNodeSummary; weak: ClusterFinding[] }[] = c.nodes.map((n) => {
      const own = byEndpoint.get(n.endpoint) ?? [];
      const weak = distinct(own.filter((f) => f.ruleId !== "WW000")).sort(order);
      const worst: Severity | null = weak[0]?.severity ?? null;
      return { node: { ...n, worst, rules: [...new Set(own.map((f) => f.ruleId))].sort() }, weak };
    });
    const rank = (w: ClusterFinding[]) => {
      const top = w[0] ? severityRank(w[0].severity) : -1;
      return [top, w.filter((f) => w[0] && f.severity === w[0].severity).length, w.length];
    };
    let weakest: (typeof judged)[number] | undefined;
    for (const j of judged) {
      if (j.weak.length === 0) continue;
      if (!weakest) {
        weakest = j;
        continue;
      }
      const [a, b] = [rank(j.weak), rank(weakest.weak)];
      for (let k = 0; k < a.length; k++) {
        if ((a[k] as number) === (b[k] as number)) continue;
        if ((a[k] as number) > (b[k] as number)) weakest = j;
        break;
      }
    }
    const unreached = judged.filter((j) => !j.node.reached).length;
    const reached = judged.length - unreached;
    // A node the probe could not fully check is not a clean one: the verdict says so (unknown is not safe).
    const unchecked = judged.filter((j) => j.node.reached && j.node.rules.includes("WW000")).length;
    const notReached = `${unreached > 0 ? `; ${unreached} of ${judged.length} not reached` : ""}${unchecked > 0 ? `; ${unchecked} not fully checked (WW000)` : ""}`;
    let verdict: string;
    if (weakest) {
      const top = weakest.weak.filter((f) => f.severity === weakest.weak[0]?.severity);
      verdict = `weakest node ${weakest.node.endpoint}: ${top.map((f) => `${f.words} (${f.ruleId})`).join(", ")}${notReached}`;
    } else if (reached === 0) verdict = `no node could be reached (${judged.length} tried)`;
    else verdict = `no finding on any of the ${reached} node${reached === 1 ? "" : "s"} reached${notReached}`;
    return {
      ...c,
      nodes: judged.map((j) => j.node),
      weakest: weakest
        ? {
            endpoint: weakest.node.endpoint,
            severity: weakest.weak[0]?.severity as Severity,
            findings: weakest.weak,
          }
        : null,
      verdict,
    };
  });
}

/** One entry per rule and severity (WW408 can be critical over plaintext and low inside TLS on one node). */
function distinct(findings: readonly Finding[]): ClusterFinding[] {
  const seen = new Map<string, ClusterFinding>();
  for (const f of findings) {
    const key = `${f.ruleId}|${f.severity}`;
    if (!seen.has(key))
      seen.set(key, { ruleId: f.ruleId, severity: f.severity, words: WORDS[f.ruleId] ?? f.name });
  }
  return [...seen.values()];
}
