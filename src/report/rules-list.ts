import type { RuleMeta } from "../core/catalog.js";
import { cell } from "./markdown.js";

export function formatRulesText(catalog: readonly RuleMeta[]): string {
  const lines = catalog.map(
    (r) =>
      `${r.id}  ${r.name.padEnd(34)} ${r.severity.padEnd(8)} ${(r.cwe ?? "-").padEnd(8)} ${r.owasp ?? "-"}`,
  );
  return `${["ID     NAME                               SEVERITY CWE      OWASP", ...lines].join("\n")}\n`;
}

export function formatRulesJson(catalog: readonly RuleMeta[]): string {
  return `${JSON.stringify(catalog, null, 2)}\n`;
}

export function formatRulesMarkdown(catalog: readonly RuleMeta[]): string {
  const rows = catalog.map(
    (r) =>
      `| ${r.id} | ${r.name} | ${r.severity} | ${r.cwe ?? "—"} | ${r.owasp ?? "—"} | ${cell(r.description)} |`,
  );
  return `${["| id | name | severity | CWE | OWASP | fires when |", "|---|---|---|---|---|---|", ...rows].join("\n")}\n`;
}
