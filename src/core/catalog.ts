// Generated once from shared/spec/rules.md (the contract); ids, names and default severities must not change.
// WW108 is graded by mode (as WW101-WW103); its catalog severity is the strongest it reports by default for "require"/"prefer".
import type { Severity } from "./severity.js";

export type RuleCategory =
  | "diagnostic"
  | "db-config"
  | "crdb-deploy"
  | "django-https"
  | "live-db"
  | "live-http"
  | "mitm";

/** The commands that run rules; each reads its own model (settings, live endpoints, attacks). */
export type RuleCommand = "scan" | "probe" | "prove";

export const RULE_COMMANDS: readonly RuleCommand[] = ["scan", "probe", "prove"];

export interface RuleMeta {
  id: string;
  name: string;
  severity: Severity;
  cwe: string | null;
  owasp: string | null;
  category: RuleCategory;
  /**
   * The commands that run the rule, declared here and nowhere else: each command's rule list is read from this
   * (src/rules/registry.ts finds the rule's file by its id), and so are JUnit's passing cases and `rules
   * --implemented`. Empty: in the catalog, not checked yet.
   */
  commands: readonly RuleCommand[];
  /** When the rule fires, as the catalog says it. */
  description: string;
}

export const CATALOG: readonly RuleMeta[] = [
  {
    id: "WW000",
    name: "not-analyzed",
    severity: "info",
    cwe: null,
    owasp: null,
    category: "diagnostic",
    commands: ["scan", "probe"],
    description:
      "a file or value could not be analyzed (syntax error, too large, not UTF-8, unreadable, a value computed by code the evaluator cannot follow, e.g. sslmode from a function call): the message says which and why, so nothing is silently skipped",
  },
  {
    id: "WW101",
    name: "db-tls-not-enforced",
    severity: "high",
    cwe: "CWE-319",
    owasp: "API8:2023",
    category: "db-config",
    commands: ["scan"],
    description:
      "a postgres-family alias (network host) has effective sslmode prefer: set so, left unset (libpq default), or sslmode=None",
  },
  {
    id: "WW102",
    name: "db-tls-disabled",
    severity: "critical",
    cwe: "CWE-319",
    owasp: "API8:2023",
    category: "db-config",
    commands: ["scan"],
    description: "effective sslmode is disable or allow (network host)",
  },
  {
    id: "WW103",
    name: "db-cert-not-verified",
    severity: "high",
    cwe: "CWE-295",
    owasp: "API8:2023",
    category: "db-config",
    commands: ["scan"],
    description:
      "effective sslmode is require (network host); the message names dj-database-url ssl_require=True when that is the cause",
  },
  {
    id: "WW104",
    name: "db-hostname-not-verified",
    severity: "medium",
    cwe: "CWE-297",
    owasp: "API8:2023",
    category: "db-config",
    commands: ["scan"],
    description: "effective sslmode is verify-ca (network host)",
  },
  {
    id: "WW105",
    name: "db-root-cert-implicit",
    severity: "low",
    cwe: "CWE-295",
    owasp: "API8:2023",
    category: "db-config",
    commands: ["scan"],
    description:
      "verify-full/verify-ca with no sslrootcert (relies on ~/.postgresql/root.crt), or sslrootcert names a file inside the scanned tree that does not exist",
  },
  {
    id: "WW106",
    name: "db-tls-inconsistent-aliases",
    severity: "high",
    cwe: "CWE-319",
    owasp: "API8:2023",
    category: "db-config",
    commands: ["scan"],
    description:
      "two or more network aliases whose effective sslmodes differ in strength (e.g. a read replica weaker than default); names the weaker alias and any DATABASE_ROUTERS",
  },
  {
    id: "WW107",
    name: "db-tls-env-default-weak",
    severity: "high",
    cwe: "CWE-1188",
    owasp: "API8:2023",
    category: "db-config",
    commands: ["scan"],
    description:
      "sslmode (or the whole URL) comes from an env var whose default is weaker than verify-full and no value was supplied (--env-file, env)",
  },
  {
    id: "WW108",
    name: "db-url-weak-sslmode",
    severity: "high",
    cwe: "CWE-319",
    owasp: "API8:2023",
    category: "db-config",
    commands: ["scan"],
    description:
      "a database URL literal anywhere scanned (settings, .env, compose, k8s env, Dockerfile) has sslmode disable/allow/prefer/require or none, with a network host",
  },
  {
    id: "WW109",
    name: "db-persistent-unverified",
    severity: "low",
    cwe: "CWE-319",
    owasp: "API8:2023",
    category: "db-config",
    commands: ["scan"],
    description: "CONN_MAX_AGE is None or > 0 on an alias that also has WW101/WW102/WW103",
  },
  {
    id: "WW110",
    name: "db-password-in-source",
    severity: "medium",
    cwe: "CWE-798",
    owasp: "API8:2023",
    category: "db-config",
    commands: ["scan"],
    description:
      "a literal non-empty PASSWORD (or password in a URL literal) in a scanned file; the report shows it redacted",
  },
  {
    id: "WW111",
    name: "db-client-key-exposed",
    severity: "medium",
    cwe: "CWE-732",
    owasp: "API8:2023",
    category: "db-config",
    commands: ["scan"],
    description:
      "an sslkey file in the tree is readable by group or others (libpq refuses > 0600, or 0640 root-owned)",
  },
  {
    id: "WW112",
    name: "db-env-sslmode-weak",
    severity: "high",
    cwe: "CWE-319",
    owasp: "API8:2023",
    category: "db-config",
    commands: ["scan"],
    description: "PGSSLMODE set weaker than verify-full in a Dockerfile ENV, compose/k8s env, or .env",
  },
  {
    id: "WW113",
    name: "db-scram-without-channel-binding",
    severity: "info",
    cwe: "CWE-300",
    owasp: "API8:2023",
    category: "db-config",
    commands: ["scan"],
    description: "info: SCRAM auth without channel_binding=require and without verify-full",
  },
  {
    id: "WW116",
    name: "db-tls-min-version-weak",
    severity: "medium",
    cwe: "CWE-757",
    owasp: "API8:2023",
    category: "db-config",
    commands: ["scan"],
    description: "`ssl_min_protocol_version` / `PGSSLMINPROTOCOLVERSION` is TLSv1 or TLSv1.1",
  },
  {
    id: "WW114",
    name: "db-rootcert-system-implicit",
    severity: "high",
    cwe: "CWE-295",
    owasp: "API8:2023",
    category: "db-config",
    commands: ["scan"],
    description:
      "`sslrootcert=system` (OPTIONS, URL, PGSSLROOTCERT) without an explicit `sslmode=verify-full`: high when sslmode is unset/prefer/require (a libpq ≤ 15 client verifies nothing); info with verify-full",
  },
  {
    id: "WW115",
    name: "db-rootcert-path-unexpanded",
    severity: "high",
    cwe: "CWE-295",
    owasp: "API8:2023",
    category: "db-config",
    commands: ["scan"],
    description:
      "`sslrootcert`/`sslcert`/`sslkey` contains `$`, `${`, `%…%`, `$env:` or a leading `~`: high under require/prefer/unset (weaker than no path at all), medium under verify-* (fails closed: an outage)",
  },
  {
    id: "WW117",
    name: "db-tls-keylog-enabled",
    severity: "high",
    cwe: "CWE-532",
    owasp: "API8:2023",
    category: "db-config",
    commands: ["scan"],
    description: "`sslkeylogfile` in OPTIONS/URL, or `SSLKEYLOGFILE` in a production environment",
  },
  {
    id: "WW201",
    name: "crdb-insecure-mode",
    severity: "critical",
    cwe: "CWE-319",
    owasp: "API8:2023",
    category: "crdb-deploy",
    commands: ["scan"],
    description:
      "cockroach start/start-single-node with --insecure in compose, k8s/Helm manifests, Dockerfiles, shell scripts, Procfiles",
  },
  {
    id: "WW202",
    name: "crdb-sql-without-tls",
    severity: "high",
    cwe: "CWE-319",
    owasp: "API8:2023",
    category: "crdb-deploy",
    commands: ["scan"],
    description: "--accept-sql-without-tls",
  },
  {
    id: "WW203",
    name: "crdb-helm-tls-disabled",
    severity: "critical",
    cwe: "CWE-319",
    owasp: "API8:2023",
    category: "crdb-deploy",
    commands: ["scan"],
    description: "CockroachDB Helm values with tls.enabled: false",
  },
  {
    id: "WW204",
    name: "crdb-hba-plaintext",
    severity: "high",
    cwe: "CWE-319",
    owasp: "API8:2023",
    category: "crdb-deploy",
    commands: ["scan"],
    description:
      "an HBA configuration (server.host_based_authentication.configuration in SQL/YAML, or a pg_hba.conf) with host or hostnossl entries that are not reject for non-local addresses",
  },
  {
    id: "WW205",
    name: "crdb-console-plain-http",
    severity: "medium",
    cwe: "CWE-319",
    owasp: "API8:2023",
    category: "crdb-deploy",
    commands: ["scan", "probe"],
    description: "--unencrypted-localhost-http or DB Console exposed without TLS",
  },
  {
    id: "WW301",
    name: "debug-enabled",
    severity: "high",
    cwe: "CWE-489",
    owasp: "API8:2023",
    category: "django-https",
    commands: ["scan"],
    description:
      'DEBUG is truthy in a non-development settings module [security.W018]; a string from env ("False" is truthy) counts',
  },
  {
    id: "WW302",
    name: "ssl-redirect-off",
    severity: "medium",
    cwe: "CWE-319",
    owasp: "API8:2023",
    category: "django-https",
    commands: ["scan"],
    description: "SECURE_SSL_REDIRECT not True [W008]",
  },
  {
    id: "WW303",
    name: "hsts-missing",
    severity: "medium",
    cwe: "CWE-523",
    owasp: "API8:2023",
    category: "django-https",
    commands: ["scan"],
    description:
      "SECURE_HSTS_SECONDS unset/0, or < 31536000 (low), or without INCLUDE_SUBDOMAINS (low) [W004, W005, W021]",
  },
  {
    id: "WW304",
    name: "session-cookie-insecure",
    severity: "high",
    cwe: "CWE-614",
    owasp: "API8:2023",
    category: "django-https",
    commands: ["scan"],
    description: "SESSION_COOKIE_SECURE not True [W012]",
  },
  {
    id: "WW305",
    name: "csrf-cookie-insecure",
    severity: "medium",
    cwe: "CWE-614",
    owasp: "API8:2023",
    category: "django-https",
    commands: ["scan"],
    description: "CSRF_COOKIE_SECURE not True, unless CSRF_USE_SESSIONS [W016]",
  },
  {
    id: "WW306",
    name: "proxy-ssl-header-misconfigured",
    severity: "high",
    cwe: "CWE-346",
    owasp: "API8:2023",
    category: "django-https",
    commands: ["scan"],
    description:
      "SECURE_PROXY_SSL_HEADER is not a 2-tuple of strings, its header does not start with HTTP_, or its value is not https (high); set correctly (info: the proxy must strip it)",
  },
  {
    id: "WW307",
    name: "allowed-hosts-wildcard",
    severity: "medium",
    cwe: "CWE-20",
    owasp: "API8:2023",
    category: "django-https",
    commands: ["scan"],
    description: "ALLOWED_HOSTS contains * in a non-development module",
  },
  {
    id: "WW308",
    name: "sql-logged",
    severity: "medium",
    cwe: "CWE-532",
    owasp: "API8:2023",
    category: "django-https",
    commands: ["scan"],
    description:
      "LOGGING routes django.db.backends (or django.db, or root with no level filter) at DEBUG to any handler",
  },
  {
    id: "WW309",
    name: "session-cookie-httponly-off",
    severity: "low",
    cwe: "CWE-1004",
    owasp: "API8:2023",
    category: "django-https",
    commands: ["scan"],
    description: "SESSION_COOKIE_HTTPONLY is False [W013]",
  },
  {
    id: "WW310",
    name: "csrf-trusted-origin-http",
    severity: "medium",
    cwe: "CWE-319",
    owasp: "API8:2023",
    category: "django-https",
    commands: ["scan"],
    description: "CSRF_TRUSTED_ORIGINS contains an http:// origin other than localhost",
  },
  {
    id: "WW401",
    name: "endpoint-accepts-plaintext",
    severity: "critical",
    cwe: "CWE-319",
    owasp: "API8:2023",
    category: "live-db",
    commands: ["probe"],
    description:
      "a plaintext StartupMessage (dummy user, no password ever sent) is answered by an authentication request (R), not refused",
  },
  {
    id: "WW402",
    name: "endpoint-no-tls",
    severity: "critical",
    cwe: "CWE-319",
    owasp: "API8:2023",
    category: "live-db",
    commands: ["probe"],
    description: "SSLRequest answered N (TLS not offered at all)",
  },
  {
    id: "WW403",
    name: "endpoint-cert-untrusted",
    severity: "high",
    cwe: "CWE-295",
    owasp: "API8:2023",
    category: "live-db",
    commands: ["probe"],
    description: "chain does not verify against --ca (or the system store when none is given)",
  },
  {
    id: "WW404",
    name: "endpoint-cert-hostname-mismatch",
    severity: "high",
    cwe: "CWE-297",
    owasp: "API8:2023",
    category: "live-db",
    commands: ["probe"],
    description: "certificate does not cover the host name clients use",
  },
  {
    id: "WW405",
    name: "endpoint-cert-validity",
    severity: "high",
    cwe: "CWE-298",
    owasp: "API8:2023",
    category: "live-db",
    commands: ["probe"],
    description: "expired or not yet valid (high); expires within 30 days (low); lifetime > 398 days (info)",
  },
  {
    id: "WW406",
    name: "endpoint-legacy-tls",
    severity: "medium",
    cwe: "CWE-327",
    owasp: "API8:2023",
    category: "live-db",
    commands: ["probe"],
    description: "TLS 1.0 or 1.1 (or SSLv3) accepted",
  },
  {
    id: "WW407",
    name: "endpoint-weak-cipher",
    severity: "high",
    cwe: "CWE-327",
    owasp: "API8:2023",
    category: "live-db",
    commands: ["probe"],
    description: "NULL, anonymous, EXPORT, RC4, DES/3DES suites accepted",
  },
  {
    id: "WW408",
    name: "endpoint-cleartext-password",
    severity: "critical",
    cwe: "CWE-523",
    owasp: "API8:2023",
    category: "live-db",
    commands: ["probe"],
    description: "server asks for a cleartext password (auth code 3): over plaintext critical, over TLS low",
  },
  {
    id: "WW409",
    name: "endpoint-weak-key",
    severity: "medium",
    cwe: "CWE-326",
    owasp: "API8:2023",
    category: "live-db",
    commands: ["probe"],
    description: "RSA < 2048 bits, EC < 256 bits, or SHA-1/MD5 signature on the leaf",
  },
  {
    id: "WW410",
    name: "endpoint-bytes-before-handshake",
    severity: "high",
    cwe: "CWE-74",
    owasp: "API8:2023",
    category: "live-db",
    commands: ["probe"],
    description: "bytes follow S before the TLS handshake (CVE-2021-23214/23222 class)",
  },
  {
    id: "WW501",
    name: "http-not-redirected",
    severity: "high",
    cwe: "CWE-319",
    owasp: "API8:2023",
    category: "live-http",
    commands: ["probe"],
    description: "http:// serves content (2xx) or redirects to another http:// URL first",
  },
  {
    id: "WW502",
    name: "hsts-header-weak",
    severity: "medium",
    cwe: "CWE-523",
    owasp: "API8:2023",
    category: "live-http",
    commands: ["probe"],
    description: "HSTS header missing on HTTPS (medium) or max-age < 31536000 / no includeSubDomains (low)",
  },
  {
    id: "WW503",
    name: "cookie-flags",
    severity: "high",
    cwe: "CWE-614",
    owasp: "API8:2023",
    category: "live-http",
    commands: ["probe"],
    description:
      "a cookie set over HTTPS lacks Secure (high for session/csrf cookies), session cookie lacks HttpOnly (medium), SameSite missing/invalid or None without Secure (low)",
  },
  {
    id: "WW504",
    name: "django-debug-page",
    severity: "high",
    cwe: "CWE-215",
    owasp: "API8:2023",
    category: "live-http",
    commands: ["probe"],
    description:
      'a Django technical 404/500 page ("You\'re seeing this error because you have DEBUG = True") is served',
  },
  {
    id: "WW505",
    name: "forwarded-proto-trusted",
    severity: "high",
    cwe: "CWE-346",
    owasp: "API8:2023",
    category: "live-http",
    commands: ["probe"],
    description:
      "over plain HTTP, adding X-Forwarded-Proto: https (also X-Forwarded-Ssl: on, Forwarded: proto=https) removes the HTTPS redirect or makes Secure cookies / HSTS appear",
  },
  {
    id: "WW506",
    name: "https-cert",
    severity: "high",
    cwe: "CWE-295",
    owasp: "API8:2023",
    category: "live-http",
    commands: ["probe"],
    description: "the HTTPS certificate is untrusted, mismatched, expired or expiring (as WW403-WW405)",
  },
  {
    id: "WW507",
    name: "admin-over-http",
    severity: "high",
    cwe: "CWE-319",
    owasp: "API2:2023",
    category: "live-http",
    commands: ["probe"],
    description: "the Django admin login answers over plain HTTP without redirect",
  },
  {
    id: "WW601",
    name: "mitm-tls-stripped",
    severity: "critical",
    cwe: "CWE-319",
    owasp: "API8:2023",
    category: "mitm",
    commands: ["prove"],
    description: "the real client completed a session through a proxy that answered N to SSLRequest",
  },
  {
    id: "WW602",
    name: "mitm-forged-cert-accepted",
    severity: "critical",
    cwe: "CWE-295",
    owasp: "API8:2023",
    category: "mitm",
    commands: ["prove"],
    description: "the real client completed TLS with a certificate from an attacker CA (or self-signed)",
  },
  {
    id: "WW603",
    name: "mitm-wrong-host-accepted",
    severity: "high",
    cwe: "CWE-297",
    owasp: "API8:2023",
    category: "mitm",
    commands: ["prove"],
    description:
      "the real client accepted a certificate from its own trusted CA issued for another host name",
  },
  {
    id: "WW604",
    name: "mitm-auth-downgraded",
    severity: "high",
    cwe: "CWE-757",
    owasp: "API8:2023",
    category: "mitm",
    commands: ["prove"],
    description: "the real client sent a cleartext password when the proxy asked for one instead of SCRAM",
  },
  {
    id: "WW605",
    name: "mitm-credentials-exposed",
    severity: "critical",
    cwe: "CWE-522",
    owasp: "API2:2023",
    category: "mitm",
    commands: ["prove"],
    description:
      "the proxy obtained the password or relayed authentication and ran a query (evidence, redacted)",
  },
  {
    id: "WW600",
    name: "mitm-resisted",
    severity: "info",
    cwe: null,
    owasp: null,
    category: "mitm",
    commands: ["prove"],
    description:
      "info: every attack in the run was refused by the client; the refusal messages are the evidence",
  },
];

const BY_ID = new Map(CATALOG.map((m) => [m.id, m]));

export function ruleMeta(id: string): RuleMeta {
  const meta = BY_ID.get(id);
  if (!meta) throw new Error(`unknown rule id ${id}`);
  return meta;
}
