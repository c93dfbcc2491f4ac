import { SEVERITIES } from "../core/severity.js";
import { targetReports } from "./jsonl.js";
/**
 * OpenMetrics text (docs/fleet.md): gauges a Prometheus can scrape or a Pushgateway can hold, for dashboards and
 * alerts over a fleet — per target its score, grade, findings by severity and worst severity; per database
 * endpoint whether it was reached and fully checked, whether it accepts a plaintext login, its TLS version and its
 * certificate's expiry. Made from the masked JSON report, so no secret reaches a label. `promtool check metrics`
 * accepts it (test/report/openmetrics.test.ts).
 */
export function formatOpenMetrics(report) {
    return openMetrics(targetReports(report));
}
export function openMetrics(targets) {
    const families = new Map();
    const add = (name, help, labels, value) => {
        let f = families.get(name);
        if (!f) {
            f = { name, help, samples: [] };
            families.set(name, f);
        }
        const text = Object.entries(labels)
            .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
            .join(",");
        f.samples.push(`${name}{${text}} ${Number.isFinite(value) ? value : "NaN"}`);
    };
    for (const t of targets) {
        const id = { command: t.command, target: t.target };
        const summary = t.summary;
        const findings = t.findings;
        add("wirewarden_target_analysed", "1 when the target was analysed; 0 when it could not be (no verdict: unknown is not safe).", id, t.error ? 0 : 1);
        if (t.error)
            continue;
        add("wirewarden_target_score", "The target's score out of 100, as its report grades it.", id, summary.score);
        add("wirewarden_target_grade", "The target's grade (A best, F worst) in the grade label; the value is always 1.", { ...id, grade: summary.grade }, 1);
        for (const s of SEVERITIES)
            add("wirewarden_target_findings", "Findings on the target, by severity.", { ...id, severity: s }, summary.counts[s] ?? 0);
        add("wirewarden_target_worst_severity", "The worst severity among the target's findings: 0 none, 1 info, 2 low, 3 medium, 4 high, 5 critical.", id, worst(findings));
        for (const e of t.endpoints ?? []) {
            if (t.command !== "probe")
                continue;
            const at = { endpoint: e.endpoint };
            const mine = findings.filter((f) => f.endpoint === e.endpoint);
            add("wirewarden_endpoint_up", "1 when a TCP connection to the endpoint was made, else 0.", at, e.reached === false ? 0 : 1);
            add("wirewarden_endpoint_checked", "1 when every check of the endpoint gave an answer; 0 when a WW000 says part of it could not be checked (unknown is not safe).", at, mine.some((f) => f.ruleId === "WW000") ? 0 : 1);
            add("wirewarden_endpoint_plaintext_accepted", "1 when the endpoint accepts a plaintext login (WW401) or offers no TLS at all (WW402), else 0.", at, mine.some((f) => f.ruleId === "WW401" || f.ruleId === "WW402") ? 1 : 0);
            if (e.tlsVersion)
                add("wirewarden_endpoint_tls_version_info", "The TLS version of the session libpq would make, in the version label; the value is always 1.", { ...at, version: e.tlsVersion }, 1);
            if (e.certificateNotAfter) {
                const notAfter = Date.parse(e.certificateNotAfter) / 1000;
                add("wirewarden_certificate_expiry_timestamp_seconds", "When the endpoint's certificate expires, in seconds since the Unix epoch: days left are (this - time()) / 86400 in PromQL.", at, notAfter);
            }
        }
    }
    let out = "";
    for (const f of families.values()) {
        out += `# HELP ${f.name} ${f.help}\n# TYPE ${f.name} gauge\n`;
        for (const s of f.samples)
            out += `${s}\n`;
    }
    return `${out}# EOF\n`;
}
function worst(findings) {
    let w = 0;
    for (const f of findings)
        w = Math.max(w, SEVERITIES.length - SEVERITIES.indexOf(f.severity));
    return w;
}
/** OpenMetrics label values: backslash, double quote and line feed escaped. */
function escapeLabel(v) {
    return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}
//# sourceMappingURL=openmetrics.js.map