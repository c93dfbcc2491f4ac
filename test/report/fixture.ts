import type { Finding } from "../../src/core/finding.js";
import { summarize } from "../../src/core/grade.js";
import type { Report } from "../../src/core/report.js";

/** Appears in the fixture's raw findings; no formatter may ever print it. */
export const SECRET = "s3cr3t-Pa55";

/** Deliberately NOT redacted upstream: the formatters' own redaction is what is under test. */
export const FINDINGS: Finding[] = [
  {
    ruleId: "WW000",
    name: "not-analyzed",
    severity: "info",
    message: `not analyzed: password=${SECRET} in a DSN the evaluator cannot follow`,
    location: { file: "tools/other.py", line: 1, column: 1 },
    cwe: null,
    owasp: null,
  },
  {
    ruleId: "WW101",
    name: "db-tls-not-enforced",
    severity: "high",
    message: "database alias 'default' sets no sslmode | so libpq uses 'prefer'",
    location: { file: "shop/settings/base.py", line: 12, column: 5 },
    settingsModule: "shop.settings.production",
    alias: "default",
    evidence: `effective sslmode prefer; url postgresql://app:${SECRET}@db.example.com:26257/shop`,
    fix: "set OPTIONS['sslmode'] = 'verify-full' and OPTIONS['sslrootcert']",
    cwe: "CWE-319",
    owasp: "API8:2023",
  },
  {
    ruleId: "WW401",
    name: "endpoint-accepts-plaintext",
    severity: "critical",
    message: "plaintext startup answered with an authentication request",
    endpoint: `postgresql://probe:${SECRET}@db.example.com:26257`,
    evidence: "R message, auth code 10 (SASL) over plaintext",
    cwe: "CWE-319",
    owasp: "API8:2023",
  },
  {
    ruleId: "WW102",
    name: "db-tls-disabled",
    severity: "critical",
    message: "sslmode is 'disable'\nso every byte, the password included, crosses the network in plaintext",
    location: { file: "shop/settings/production.py", line: 3, column: 1 },
    settingsModule: "shop.settings.production",
    alias: "replica",
    fix: "use sslmode=verify-full",
    cwe: "CWE-319",
    owasp: "API8:2023",
  },
  {
    ruleId: "WW110",
    name: "db-password-in-source",
    severity: "medium",
    message: "a literal PASSWORD is committed in the settings",
    location: { file: "shop/settings/base.py", line: 15, column: 9 },
    settingsModule: "shop.settings.production",
    alias: "default",
    evidence: `'PASSWORD': '${SECRET}'`,
    fix: "read it from the environment: 'PASSWORD': os.environ['DB_PASSWORD']",
    cwe: "CWE-798",
    owasp: "API8:2023",
  },
  {
    ruleId: "WW301",
    name: "debug-enabled",
    severity: "high",
    message: "DEBUG is True in a production settings module",
    location: { file: "shop/settings/production.py", line: 1, column: 1 },
    settingsModule: "shop.settings.production",
    fix: "DEBUG = False",
    cwe: "CWE-489",
    owasp: "API8:2023",
  },
  {
    ruleId: "WW105",
    name: "db-root-cert-implicit",
    severity: "low",
    message: "verify-full with no sslrootcert relies on ~/.postgresql/root.crt",
    location: { file: "shop/settings/staging.py", line: 8, column: 5 },
    settingsModule: "shop.settings.staging",
    alias: "default",
    cwe: "CWE-295",
    owasp: "API8:2023",
  },
];

export function makeReport(findings: Finding[] = FINDINGS, overrides: Partial<Report> = {}): Report {
  return {
    tool: { name: "wirewarden", version: "1.2.3" },
    command: "scan",
    target: "examples/shop",
    findings,
    summary: summarize(findings),
    ...overrides,
  };
}

export const REPORT: Report = makeReport();

export const EMPTY: Report = makeReport([]);
