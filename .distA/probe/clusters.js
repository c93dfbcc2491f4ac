import { severityRank } from "../core/severity.js";
/** A probe finding in a few words, for the cluster's one-line verdict. */
const WORDS = {
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
export function clusterSkeletons(targets, results) {
    const byName = new Map();
    targets.forEach((t, i) => {
        if (!t.cluster)
            return;
        let c = byName.get(t.cluster.name);
        if (!c) {
            c = { name: t.cluster.name, link: t.cluster.link, nodes: [], weakest: null, verdict: "" };
            byName.set(t.cluster.name, c);
        }
        if (c.nodes.some((n) => n.endpoint === t.endpoint))
            return;
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
const order = (a, b) => severityRank(b.severity) - severityRank(a.severity) ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
/** Each node's findings, the weakest node and the verdict, from these findings (WW000 says "not checked", not weak). */
export function judgeClusters(clusters, findings) {
    const byEndpoint = new Map();
    for (const f of findings)
        if (f.endpoint)
            byEndpoint.set(f.endpoint, [...(byEndpoint.get(f.endpoint) ?? []), f]);
    return clusters.map((c) => {
        const judged = c.nodes.map((n) => {
            const own = byEndpoint.get(n.endpoint) ?? [];
            const weak = distinct(own.filter((f) => f.ruleId !== "WW000")).sort(order);
            const worst = weak[0]?.severity ?? null;
            return { node: { ...n, worst, rules: [...new Set(own.map((f) => f.ruleId))].sort() }, weak };
        });
        const rank = (w) => {
            const top = w[0] ? severityRank(w[0].severity) : -1;
            return [top, w.filter((f) => w[0] && f.severity === w[0].severity).length, w.length];
        };
        let weakest;
        for (const j of judged) {
            if (j.weak.length === 0)
                continue;
            if (!weakest) {
                weakest = j;
                continue;
            }
            const [a, b] = [rank(j.weak), rank(weakest.weak)];
            for (let k = 0; k < a.length; k++) {
                if (a[k] === b[k])
                    continue;
                if (a[k] > b[k])
                    weakest = j;
                break;
            }
        }
        const unreached = judged.filter((j) => !j.node.reached).length;
        const reached = judged.length - unreached;
        // A node the probe could not fully check is not a clean one: the verdict says so (unknown is not safe).
        const unchecked = judged.filter((j) => j.node.reached && j.node.rules.includes("WW000")).length;
        const notReached = `${unreached > 0 ? `; ${unreached} of ${judged.length} not reached` : ""}${unchecked > 0 ? `; ${unchecked} not fully checked (WW000)` : ""}`;
        let verdict;
        if (weakest) {
            const top = weakest.weak.filter((f) => f.severity === weakest.weak[0]?.severity);
            verdict = `weakest node ${weakest.node.endpoint}: ${top.map((f) => `${f.words} (${f.ruleId})`).join(", ")}${notReached}`;
        }
        else if (reached === 0)
            verdict = `no node could be reached (${judged.length} tried)`;
        else
            verdict = `no finding on any of the ${reached} node${reached === 1 ? "" : "s"} reached${notReached}`;
        return {
            ...c,
            nodes: judged.map((j) => j.node),
            weakest: weakest
                ? {
                    endpoint: weakest.node.endpoint,
                    severity: weakest.weak[0]?.severity,
                    findings: weakest.weak,
                }
                : null,
            verdict,
        };
    });
}
/** One entry per rule and severity (WW408 can be critical over plaintext and low inside TLS on one node). */
function distinct(findings) {
    const seen = new Map();
    for (const f of findings) {
        const key = `${f.ruleId}|${f.severity}`;
        if (!seen.has(key))
            seen.set(key, { ruleId: f.ruleId, severity: f.severity, words: WORDS[f.ruleId] ?? f.name });
    }
    return [...seen.values()];
}
//# sourceMappingURL=clusters.js.map