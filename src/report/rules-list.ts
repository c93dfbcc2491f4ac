import type { RuleMeta } from "../core/catalog.js";

const NONE = "-";

/** One line per rule under a header: id, name, severity, CWE, OWASP in aligned columns. */
export function formatRulesText(catalog: readonly RuleMeta[]): string {
  const rows = [
    ["ID", "NAME", "SEVERITY", "CWE", "OWASP"],
    ...catalog.map((r) => [r.id, r.name, r.severity, r.cwe ?? NONE, r.owasp ?? NONE]),
  ];
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? "").length))) ?? [];
  const lines = rows.map((r) =>
    r
      .map((value, col) => (col === r.length - 1 ? value : value.padEnd(widths[col] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
  return `${lines.join("\n")}\n`;
}

/** The catalog as a JSON array, in catalog order, with every field of the contract, plus `commands`: which commands run the rule (an addition). */
export function formatRulesJson(catalog: readonly RuleMeta[]): string {
  const rules = catalog.map((r) => ({
    id: r.id,
    name: r.name,
    severity: r.severity,
    cwe: r.cwe,
    owasp: r.owasp,
    category: r.category,
    description: r.description,
    commands: r.commands,
  }));
  return `${JSON.stringify(rules, null, 2)}\n`;
}

/** The catalog text is ours (no untrusted input): only what would break the table is escaped. */
function tableText(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\s*[\r\n]+\s*/g, " ");
}

/** A GFM table for the README: id, name, severity, CWE, OWASP, description. */
export function formatRulesMarkdown(catalog: readonly RuleMeta[]): string {
  const rows = catalog.map(
    (r) =>
      `| ${r.id} | ${r.name} | ${r.severity} | ${r.cwe ?? NONE} | ${r.owasp ?? NONE} | ${tableText(r.description)} |`,
  );
  return `${["| id | name | severity | CWE | OWASP | description |", "|---|---|---|---|---|---|", ...rows].join("\n")}\n`;
}
