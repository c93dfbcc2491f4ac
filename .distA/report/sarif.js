import { fingerprintFindings, NO_SOURCE } from "../core/baseline.js";
import { CATALOG } from "../core/catalog.js";
import { redactFindingText, redactSecrets } from "../core/redact.js";
export const INFORMATION_URI = "https://github.com/wirewarden/wirewarden";
export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
export const SARIF_LEVEL = {
    critical: "error",
    high: "error",
    medium: "warning",
    low: "note",
    info: "note",
};
/**
 * GitHub code scanning ranks security alerts by `security-severity` (a number as a string): over 9.0 is critical,
 * 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low, 0.0 none.
 */
export const SECURITY_SEVERITY = {
    critical: "9.5",
    high: "8.0",
    medium: "5.5",
    low: "3.0",
    info: "0.0",
};
/** GitHub truncates (or rejects) longer rule descriptions. */
const DESCRIPTION_LIMIT = 1024;
/** Folder of the pseudo-artifacts that anchor live-endpoint findings (see `endpointArtifactUri`). */
export const ENDPOINT_ARTIFACT_ROOT = "wirewarden-endpoints";
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
function limit(text) {
    return text.length <= DESCRIPTION_LIMIT ? text : `${text.slice(0, DESCRIPTION_LIMIT - 1)}…`;
}
function sentence(text) {
    const t = text.trim();
    return /[.!?:]$/.test(t) ? t : `${t}.`;
}
export function helpUri(ruleId) {
    return `${INFORMATION_URI}/blob/main/docs/rules.md#${ruleId.toLowerCase()}`;
}
function cweUrl(cwe) {
    const n = /^CWE-(\d+)$/.exec(cwe)?.[1];
    return n ? `https://cwe.mitre.org/data/definitions/${n}.html` : undefined;
}
function ruleDescriptor(r) {
    const full = `Fires when ${sentence(r.description)}`;
    const refs = [r.cwe, r.owasp && `OWASP ${r.owasp}`].filter(Boolean).join(", ");
    const cweLink = r.cwe ? cweUrl(r.cwe) : undefined;
    const markdownRefs = [
        r.cwe ? (cweLink ? `[${r.cwe}](${cweLink})` : r.cwe) : "",
        r.owasp ? `OWASP API Security Top 10 ${r.owasp}` : "",
    ].filter(Boolean);
    return {
        id: r.id,
        name: r.name,
        shortDescription: { text: limit(`${r.id} ${r.name}`) },
        fullDescription: { text: limit(full) },
        help: {
            text: `${full} Default severity: ${r.severity}.${refs ? ` ${refs}.` : ""} ${helpUri(r.id)}`,
            markdown: [
                `**${r.id} ${r.name}** (default severity: ${r.severity})`,
                "",
                full,
                "",
                ...(markdownRefs.length > 0 ? [markdownRefs.join(" · "), ""] : []),
                `[Documentation](${helpUri(r.id)})`,
            ].join("\n"),
        },
        helpUri: helpUri(r.id),
        defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
        properties: {
            tags: [
                "security",
                ...(r.cwe ? [r.cwe, `external/cwe/${r.cwe.toLowerCase()}`] : []),
                ...(r.owasp ? [`OWASP-${r.owasp}`] : []),
                r.category,
            ],
            "security-severity": SECURITY_SEVERITY[r.severity],
            precision: "high",
            cwe: r.cwe,
            owasp: r.owasp,
        },
    };
}
/** A descriptor for a rule id the catalog does not know, so that every result still names a rule. */
function unknownRuleDescriptor(f) {
    return ruleDescriptor({
        id: f.ruleId,
        name: f.name,
        severity: f.severity,
        cwe: f.cwe,
        owasp: f.owasp,
        category: "diagnostic",
        commands: [],
        description: `the ${f.name} check reports a problem`,
    });
}
/** `a/b c.py` → `a/b%20c.py`: a relative URI reference with `/` separators and each segment encoded. */
function relativeUri(path) {
    return path
        .replace(/\\/g, "/")
        .replace(/^\.\/+/, "")
        .split("/")
        .map((segment) => encodeURIComponent(segment))
        .join("/");
}
/**
 * A repository-relative pseudo path for a live endpoint, e.g. `postgresql://db.example.com:26257` →
 * `wirewarden-endpoints/postgresql/db.example.com_26257`. Credentials, query and fragment are dropped.
 */
export function endpointArtifactUri(endpoint) {
    const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/.exec(endpoint);
    const scheme = m?.[1]?.toLowerCase() ?? "tcp";
    const authority = (m ? (m[2] ?? "") : endpoint.replace(/[/?#].*$/, "")).replace(/^.*@/, "");
    const host = authority.replace(/[[\]]/g, "").replace(/:/g, "_") || "unknown";
    const rest = (m?.[3] ?? "").split("/").filter(Boolean);
    return [ENDPOINT_ARTIFACT_ROOT, scheme, host, ...rest].map((s) => encodeURIComponent(s)).join("/");
}
/*
 * Locations, and what GitHub code scanning accepts:
 * - every result needs at least one location ("locationFromSarifResult: expected at least one location"), that
 *   location needs `physicalLocation.artifactLocation.uri` ("expected artifact location"), and a URI with a scheme
 *   other than file:// is rejected ("unrecognized SARIF location URI scheme"). A logicalLocation alone is not enough.
 * - File findings therefore carry the scanned-root-relative path under `%SRCROOT%` with line and column.
 * - Live (endpoint-only) findings have no file. They get a pseudo-artifact under `wirewarden-endpoints/` named after
 *   the endpoint (`endpointArtifactUri`) at line 1, plus a logicalLocation with the endpoint itself; the endpoint is
 *   also written into the message. GitHub shows such an alert without a code snippet.
 * - GitHub identifies results by `partialFingerprints.primaryLocationLineHash`. github/codeql-action's upload-sarif
 *   computes it from the source line for file findings (robust to lines moving), so only `wirewarden/v2` is given
 *   there; for endpoint findings there is no file to hash, so the same stable hash is given as
 *   `primaryLocationLineHash` too.
 * - `wirewarden/v2` is the baseline fingerprint (src/core/baseline.ts): rule, file or endpoint, settings module,
 *   alias and a hash of the offending line, not its number, so an alert survives lines moving above it, exactly as
 *   a `--baseline` entry does. (`wirewarden/v1`, before it, hashed the line number.)
 */
function locations(f) {
    if (f.location) {
        return [
            {
                physicalLocation: {
                    artifactLocation: { uri: relativeUri(f.location.file), uriBaseId: "%SRCROOT%" },
                    region: { startLine: Math.max(1, f.location.line), startColumn: Math.max(1, f.location.column) },
                },
            },
        ];
    }
    const endpoint = f.endpoint ?? "unknown";
    return [
        {
            physicalLocation: {
                artifactLocation: { uri: endpointArtifactUri(endpoint) },
                region: { startLine: 1, startColumn: 1 },
            },
            logicalLocations: [{ fullyQualifiedName: endpoint, kind: "resource" }],
        },
    ];
}
function messageText(f) {
    const parts = [sentence(f.message)];
    if (f.endpoint)
        parts.push(sentence(`Endpoint: ${f.endpoint}`));
    if (f.evidence)
        parts.push(sentence(`Evidence: ${f.evidence}`));
    if (f.fix)
        parts.push(sentence(`Fix: ${f.fix}`));
    return parts.join(" ");
}
function result(f, ruleIndex) {
    const hash = f.fingerprint ?? "";
    return {
        ruleId: f.ruleId,
        ruleIndex,
        level: SARIF_LEVEL[f.severity],
        message: { text: messageText(f) },
        locations: locations(f),
        partialFingerprints: {
            "wirewarden/v2": hash,
            ...(f.location ? {} : { primaryLocationLineHash: `${hash.slice(0, 16)}:1` }),
        },
        properties: {
            severity: f.severity,
            ...(f.settingsModule !== undefined ? { settingsModule: f.settingsModule } : {}),
            ...(f.alias !== undefined ? { alias: f.alias } : {}),
            ...(f.endpoint !== undefined ? { endpoint: f.endpoint } : {}),
        },
    };
}
/**
 * Redacted findings, each with its baseline fingerprint: the CLI sets them from the scanned source; a report made
 * elsewhere (tests, a library caller) gets them computed here without source lines, which still tells apart
 * findings on different lines by their occurrence index.
 */
function fingerprinted(findings) {
    return fingerprintFindings(findings.map(redactFindingText), NO_SOURCE);
}
/**
 * SARIF 2.1.0, the whole catalog as `tool.driver.rules`; accepted by GitHub code scanning. One run; or, with
 * `perModule`, one run per settings module (findings of no module in a run of their own), each with its own
 * category (`automationDetails.id`), so code scanning tracks each settings module's alerts apart.
 */
export function formatSarif(report, o = {}) {
    const rules = CATALOG.map(ruleDescriptor);
    const index = new Map(CATALOG.map((r, i) => [r.id, i]));
    for (const f of report.findings) {
        if (index.has(f.ruleId))
            continue;
        index.set(f.ruleId, rules.length);
        rules.push(unknownRuleDescriptor(f));
    }
    const version = report.tool.version;
    const results = fingerprinted(report.findings).map((f) => ({
        module: f.settingsModule,
        result: result(f, index.get(f.ruleId) ?? -1),
    }));
    const run = (category, of) => ({
        tool: {
            driver: {
                name: "wirewarden",
                version,
                ...(SEMVER.test(version) ? { semanticVersion: version } : {}),
                informationUri: INFORMATION_URI,
                rules,
            },
        },
        // The category keeps `scan` and `probe` uploads for the same commit from replacing each other.
        automationDetails: { id: category },
        originalUriBaseIds: {
            "%SRCROOT%": { description: { text: `The scanned root: ${redactSecrets(report.target)}` } },
        },
        results: of.map((r) => r.result),
    });
    const base = `wirewarden/${report.command}/`;
    let runs;
    if (!o.perModule)
        runs = [run(base, results)];
    else {
        // Every settings module of the report gets its run, findings or not: an empty run closes its alerts.
        const modules = new Set((report.aliases ?? []).map((a) => a.module));
        for (const r of results)
            if (r.module)
                modules.add(r.module);
        runs = [...modules].sort().map((m) => run(`${base}${redactSecrets(m)}/`, results.filter((r) => r.module === m)));
        runs.push(run(base, results.filter((r) => !r.module)));
    }
    const log = { $schema: SARIF_SCHEMA_URI, version: "2.1.0", runs };
    return `${JSON.stringify(log, null, 2)}\n`;
}
//# sourceMappingURL=sarif.js.map