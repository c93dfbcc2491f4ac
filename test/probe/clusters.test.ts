/**
 * The cluster view of a probe (src/probe/clusters.ts), pure: which node is the weakest and how the verdict reads.
 * An attacker picks the weakest node, so the worst severity wins, then the most findings at it; WW000 ("not
 * checked") is never weakness; a finding a baseline removed is not named.
 */
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/core/finding.js";
import type { Severity } from "../../src/core/severity.js";
import { clusterSkeletons, judgeClusters } from "../../src/probe/clusters.js";
import type { DbTarget, EndpointResult } from "../../src/probe/model.js";

const E = (n: number) => `postgresql://10.0.0.${n}:26257`;

function target(n: number, role: "node" | "public" = "node"): DbTarget {
  return {
    input: E(n),
    host: `10.0.0.${n}`,
    port: 26257,
    endpoint: E(n),
    source: `node ${n}`,
    cluster: { name: "c", role, link: "used by x" },
  };
}

const result = (t: DbTarget, unreachable?: string) =>
  ({
    target: t,
    server: { product: "unknown", evidence: "" },
    durationMs: 1,
    ...(unreachable ? { unreachable } : {}),
  }) as EndpointResult;

const finding = (n: number, ruleId: string, severity: Severity): Finding => ({
  ruleId,
  name: ruleId.toLowerCase(),
  severity,
  message: "m",
  endpoint: E(n),
  cwe: null,
  owasp: null,
});

function judge(nodes: number, findings: Finding[], unreachable: number[] = []) {
  const targets = Array.from({ length: nodes }, (_, i) => target(i + 1));
  const skeletons = clusterSkeletons(
    targets,
    targets.map((t, i) => result(t, unreachable.includes(i + 1) ? "ECONNREFUSED" : undefined)),
  );
  return judgeClusters(skeletons, findings)[0];
}

describe("the weakest node is the cluster's verdict", () => {
  it.each<[string, number, Finding[], number[], string]>([
    [
      "the worst severity wins",
      3,
      [finding(1, "WW404", "high"), finding(2, "WW401", "critical"), finding(3, "WW405", "low")],
      [],
      `weakest node ${E(2)}: plaintext accepted (WW401)`,
    ],
    [
      "at the same severity, the node with more findings at it; every rule at that severity is named",
      2,
      [finding(1, "WW403", "high"), finding(2, "WW403", "high"), finding(2, "WW404", "high")],
      [],
      `weakest node ${E(2)}: certificate not trusted (WW403), certificate for another name (WW404)`,
    ],
    [
      "a full tie: the first node (the order the tree names them in)",
      2,
      [finding(1, "WW402", "critical"), finding(2, "WW402", "critical")],
      [],
      `weakest node ${E(1)}: no TLS (WW402)`,
    ],
    [
      "WW000 is not weakness, but a node not fully checked is said, as is an unreached one",
      3,
      [finding(2, "WW000", "info"), finding(3, "WW000", "info")],
      [3],
      "no finding on any of the 2 nodes reached; 1 of 3 not reached; 1 not fully checked (WW000)",
    ],
    ["no node reached", 2, [], [1, 2], "no node could be reached (2 tried)"],
    [
      "WW408 twice on one node (critical over plaintext, low inside TLS): one entry each",
      1,
      [finding(1, "WW401", "critical"), finding(1, "WW408", "critical"), finding(1, "WW408", "low")],
      [],
      `weakest node ${E(1)}: plaintext accepted (WW401), cleartext password requested (WW408)`,
    ],
  ])("%s", (_name, nodes, findings, unreachable, verdict) => {
    expect(judge(nodes, findings, unreachable)?.verdict).toBe(verdict);
  });

  it("each node's worst severity and rules; the weakest node's findings, worst first", () => {
    const c = judge(2, [finding(1, "WW405", "low"), finding(1, "WW000", "info"), finding(2, "WW408", "low")]);
    expect(c?.nodes.map((n) => [n.endpoint, n.worst, n.rules, n.reached])).toEqual([
      [E(1), "low", ["WW000", "WW405"], true],
      [E(2), "low", ["WW408"], true],
    ]);
    expect(c?.weakest).toEqual({
      endpoint: E(1),
      severity: "low",
      findings: [{ ruleId: "WW405", severity: "low", words: "certificate validity" }],
    });
  });

  it("judged again over what a baseline leaves: a suppressed finding is not the verdict", () => {
    const all = [finding(1, "WW404", "high"), finding(2, "WW401", "critical")];
    const first = judge(2, all);
    expect(first?.weakest?.endpoint).toBe(E(2));
    const again = judgeClusters(first ? [first] : [], [all[0] as Finding])[0];
    expect(again?.verdict).toBe(`weakest node ${E(1)}: certificate for another name (WW404)`);
    expect(again?.nodes[1]?.worst).toBeNull();
  });

  it("one entry per cluster, each endpoint once, with its role and source", () => {
    const ts = [
      target(1, "public"),
      target(2),
      target(2),
      { ...target(3), cluster: { name: "d", role: "node" as const, link: "l" } },
      { ...target(4), cluster: undefined },
    ];
    const cs = clusterSkeletons(
      ts,
      ts.map((t) => result(t)),
    );
    expect(cs.map((c) => [c.name, c.nodes.map((n) => `${n.endpoint} ${n.role} ${n.source}`)])).toEqual([
      ["c", [`${E(1)} public node 1`, `${E(2)} node node 2`]],
      ["d", [`${E(3)} node node 3`]],
    ]);
  });
});
