import type { Finding } from "../../src/core/finding.js";
import { summarize } from "../../src/core/grade.js";
import type { Report } from "../../src/core/report.js";
import { redactFinding } from "../../src/engine/redact.js";

export const SECRET = "s3cr3t-Pa55";

const findings: Finding[] = [
  {
    ruleId: "WW101",
    name: "db-tls-not-enforced",
    severity: "high",
    message: "database alias 'default' sets no sslmode | so libpq uses 'prefer'",
    location: { file: "shop/settings/base.py", line: 12, column: 5 },
    settingsModule: "shop.settings.production",
    alias: "default",
    evidence: `effective sslmode prefer; url postgresql://app:${SECRET}@db.example.com:26257/shop`,
    fix: "set OPTIONS sslmode verify-full",
    cwe: "CWE-319",
    owasp: "API8:2023",
  },
  {
    ruleId: "WW102",
    name: "db-tls-disabled",
    severity: "critical",
    message: "sslmode disable",
    location: { file: "shop/settings/production.py", line: 3, column: 1 },
    settingsModule: "shop.settings.production",
    alias: "replica",
    cwe: "CWE-319",
    owasp: "API8:2023",
  },
  {
    ruleId: "WW401",
    name: "endpoint-accepts-plaintext",
    severity: "critical",
    message: "plaintext startup answered with an authentication request",
    endpoint: "postgresql://db.example.com:26257",
    cwe: "CWE-319",
    owasp: "API8:2023",
  },
  {
    ruleId: "WW000",
    name: "not-analyzed",
    severity: "info",
    message: `not analyzed: password=${SECRET} in a DSN`,
    location: { file: "other.py", line: 1, column: 1 },
    cwe: null,
    owasp: null,
  },
].map(redactFinding);

export const REPORT: Report = {
  tool: { name: "wirewarden", version: "1.2.3" },
  command: "scan",
  target: "examples/shop",
  findings,
  summary: summarize(findings),
};
