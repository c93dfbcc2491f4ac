import { redactFindingText, redactSecrets } from "../core/redact.js";
/** The documented finding keys, in the documented order (shared/spec/cli.md, "JSON report"). */
const FINDING_KEYS = [
    "ruleId",
    "name",
    "severity",
    "message",
    "location",
    "endpoint",
    "settingsModule",
    "alias",
    "evidence",
    "fix",
    "cwe",
    "owasp",
    // Additive (schemaVersion 3): the baseline fingerprint, as SARIF's partialFingerprints carries it.
    "fingerprint",
];
/** Only the documented keys, in the documented order; undefined ones are left out (`cwe`/`owasp` may be null). */
export function contractFinding(f) {
    const r = redactFindingText(f);
    const out = {};
    for (const key of FINDING_KEYS) {
        const value = r[key];
        if (value === undefined)
            continue;
        out[key] =
            key === "location" && r.location
                ? { file: r.location.file, line: r.location.line, column: r.location.column }
                : value;
    }
    return out;
}
/**
 * The JSON report's shape version (schema/report.schema.json): 1 was the documented keys alone; 2 adds the alias
 * verdicts; 3 adds runtime, leftOut, inlineSuppressions, stats and the findings' fingerprints.
 */
export const SCHEMA_VERSION = 3;
/** An alias verdict with every free text through the one masking function (a host label can hold a URL). */
function redactAlias(a) {
    return {
        ...a,
        host: redactSecrets(a.host),
        reason: redactSecrets(a.reason),
        ...(a.condition ? { condition: redactSecrets(a.condition) } : {}),
        ...("branches" in a && Array.isArray(a.branches) ? { branches: a.branches.map(redactAlias) } : {}),
    };
}
/** A cluster with its free texts (names, links, sources, endpoints) through the masking function. */
function redactCluster(c) {
    return {
        ...c,
        name: redactSecrets(c.name),
        link: redactSecrets(c.link),
        nodes: c.nodes.map((n) => ({
            ...n,
            endpoint: redactSecrets(n.endpoint),
            source: redactSecrets(n.source),
        })),
        weakest: c.weakest ? { ...c.weakest, endpoint: redactSecrets(c.weakest.endpoint) } : null,
        verdict: redactSecrets(c.verdict),
    };
}
/** A `scan --runtime` module with its free texts (errors, check messages, hosts) through the masking function. */
function redactRuntime(m) {
    return {
        ...m,
        ...(m.error ? { error: redactSecrets(m.error) } : {}),
        aliases: m.aliases.map((a) => ({
            ...a,
            ...(a.hosts ? { hosts: a.hosts.map((h) => redactSecrets(h)) } : {}),
            ...(a.error ? { error: redactSecrets(a.error) } : {}),
            ...(a.fails ? { fails: redactSecrets(a.fails) } : {}),
            ...(a.checks ? { checks: a.checks.map((c) => ({ id: c.id, message: redactSecrets(c.message) })) } : {}),
        })),
    };
}
/** The JSON report of shared/spec/cli.md: tool, command, target, findings, summary; pretty-printed. */
export function formatJson(report) {
    return `${JSON.stringify(jsonReport(report), null, 2)}\n`;
}
/** The JSON report as an object, every free text masked: what `json` prints and `jsonl` splits into lines. */
export function jsonReport(report) {
    const s = report.summary;
    return {
        tool: { name: report.tool.name, version: report.tool.version },
        command: report.command,
        target: redactSecrets(report.target),
        findings: report.findings.map(contractFinding),
        summary: {
            score: s.score,
            grade: s.grade,
            counts: {
                critical: s.counts.critical,
                high: s.counts.high,
                medium: s.counts.medium,
                low: s.counts.low,
                info: s.counts.info,
            },
        },
        // Additive to the contract, after its keys: the shape version, then what each command adds.
        schemaVersion: SCHEMA_VERSION,
        // What each probed endpoint turned out to be, findings or not.
        ...(report.attacks
            ? { attacks: report.attacks.map((a) => ({ ...a, detail: redactSecrets(a.detail) })) }
            : {}),
        ...(report.endpoints
            ? { endpoints: report.endpoints.map((e) => ({ ...e, endpoint: redactSecrets(e.endpoint) })) }
            : {}),
        // Additive: endpoints that are nodes of one cluster, judged together (the weakest node is the verdict).
        ...(report.clusters ? { clusters: report.clusters.map(redactCluster) } : {}),
        ...(report.aliases ? { aliases: report.aliases.map(redactAlias) } : {}),
        ...(report.production !== undefined ? { production: report.production } : {}),
        ...(report.errors ? { errors: report.errors } : {}),
        ...(report.baseline ? { baseline: report.baseline } : {}),
        ...(report.leftOut ? { leftOut: report.leftOut } : {}),
        ...(report.inlineSuppressions ? { inlineSuppressions: report.inlineSuppressions } : {}),
        ...(report.stats ? { stats: report.stats } : {}),
        ...(report.runtime ? { runtime: report.runtime.map(redactRuntime) } : {}),
        ...(report.error ? { error: redactSecrets(report.error) } : {}),
    };
}
//# sourceMappingURL=json.js.map