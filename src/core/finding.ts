import type { Severity } from "./severity.js";

export interface Location {
  /** Relative to the scanned root, with `/`. */
  file: string;
  line: number;
  column: number;
}

/** One finding, in the shape of the JSON report (shared/spec/cli.md). */
export interface Finding {
  ruleId: string;
  name: string;
  severity: Severity;
  message: string;
  location?: Location;
  endpoint?: string;
  settingsModule?: string;
  alias?: string;
  evidence?: string;
  fix?: string;
  cwe: string | null;
  owasp: string | null;
  /**
   * Not part of the JSON contract: the baseline fingerprint (src/core/baseline.ts), set by the CLI before it
   * reports, used by `--baseline` and as SARIF's partial fingerprint.
   */
  fingerprint?: string;
  /**
   * Not part of the JSON contract: the branches of its settings module the finding holds in, when it does not
   * hold in all of them (the message ends in the same words, "(when …)"). The diagram reads this, never the text.
   */
  conditions?: string[];
}

/** What a rule reports; the engine fills in the catalog fields (id, name, CWE, OWASP). */
export interface RuleHit {
  message: string;
  /** Defaults to the rule's catalog severity; rules with graded severities set it. */
  severity?: Severity;
  location?: Location;
  endpoint?: string;
  settingsModule?: string;
  alias?: string;
  evidence?: string;
  fix?: string;
  /** The branch of a settings module this hit belongs to (null/absent: the only one). Used for labels. */
  condition?: string | null;
  /**
   * The browser → Django protection this hit finds missing, or cannot judge: what the attack-path diagram says of
   * the browser hop, so that it never says more than the findings do. Not part of the finding.
   */
  browserHop?: { protection: BrowserProtection; state: "missing" | "unknown" };
  /**
   * The finding is that libpq cannot connect at all with these settings (it fails closed: an outage), not that the
   * channel can be read: the alias's verdict does not count it as exposure. Not part of the finding.
   */
  failsClosed?: boolean;
}

/** What keeps a browser on HTTPS: the redirect of plain-HTTP requests, and HSTS. */
export type BrowserProtection = "https-redirect" | "hsts";
