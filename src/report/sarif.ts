import { createHash } from "node:crypto";
import { CATALOG, type RuleMeta } from "../core/catalog.js";
import type { Finding } from "../core/finding.js";
import type { Report } from "../core/report.js";
import type { Severity } from "../core/severity.js";

export const INFORMATION_URI = "https://github.com/wirewarden/wirewarden";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
  info: "note",
};

/** GitHub code scanning reads `security-severity` (a number as a string) to rank alerts. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
  info: "0.0",
};

function ruleDescriptor(r: RuleMeta) {
  return {
    id: r.id,
    name: r.name,
    shortDescription: { text: `${r.id} ${r.name}` },
    fullDescription: { text: `Fires when ${r.description}.` },
    helpUri: `${INFORMATION_URI}/blob/main/docs/rules.md#${r.id.toLowerCase()}`,
    help: { text: `Fires when ${r.description}.` },
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: {
      tags: ["security", ...(r.cwe ? [r.cwe] : []), ...(r.owasp ? [`OWASP-${r.owasp}`] : [])],
      "security-severity": SECURITY_SEVERITY[r.severity],
      precision: "high",
      ...(r.cwe ? { cwe: r.cwe } : {}),
      ...(r.owasp ? { owasp: r.owasp } : {}),
    },
  };
}

function fingerprint(f: Finding): string {
  const key = [
    f.ruleId,
    f.location?.file ?? f.endpoint ?? "",
    f.location?.line ?? "",
    f.settingsModule ?? "",
    f.alias ?? "",
  ].join("|");
  return createHash("sha256").update(key).digest("hex").slice(0, 32);
}

/**
 * GitHub code scanning rejects results without a physical location, so a live (endpoint) finding is
 * anchored to a pseudo-artifact named after its endpoint, and the endpoint is also given as a logical location.
 */
function locations(f: Finding) {
  if (f.location) {
    return [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(f.location.file), uriBaseId: "%SRCROOT%" },
          region: { startLine: Math.max(1, f.location.line), startColumn: Math.max(1, f.location.column) },
        },
      },
    ];
  }
  const endpoint = f.endpoint ?? "unknown-endpoint";
  return [
    {
      physicalLocation: {
        artifactLocation: { uri: `endpoints/${encodeURIComponent(endpoint)}` },
        region: { startLine: 1 },
      },
      logicalLocations: [{ name: endpoint, kind: "resource" }],
    },
  ];
}

export function formatSarif(report: Report): string {
  const index = new Map(CATALOG.map((r, i) => [r.id, i]));
  const results = report.findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId) ?? -1,
    level: LEVEL[f.severity],
    message: {
      text: [f.message, f.evidence ? `Evidence: ${f.evidence}` : "", f.fix ? `Fix: ${f.fix}` : ""]
        .filter(Boolean)
        .join(" "),
    },
    locations: locations(f),
    partialFingerprints: { "wirewarden/v1": fingerprint(f) },
    properties: {
      severity: f.severity,
      ...(f.settingsModule ? { settingsModule: f.settingsModule } : {}),
      ...(f.alias ? { alias: f.alias } : {}),
      ...(f.endpoint ? { endpoint: f.endpoint } : {}),
    },
  }));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "wirewarden",
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: INFORMATION_URI,
            rules: CATALOG.map(ruleDescriptor),
          },
        },
        automationDetails: { id: `wirewarden/${report.command}/` },
        originalUriBaseIds: { "%SRCROOT%": { description: { text: "The scanned project root." } } },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
