import type { Finding } from "../../core/finding.js";
import type { TopologyModule } from "../../core/report.js";
import { type Severity, severityRank } from "../../core/severity.js";

// ---------------------------------------------------------------------------------------------------------------
// Findings → hops of the attack path

/** The hops of one settings module's attack path and the findings that concern each. */
export interface ModuleHops {
  /** Browser → proxy (behind a proxy) or browser → Django: the WW3xx findings of the module with no alias. */
  browser: Finding[];
  /** Proxy → Django: WW306 (SECURE_PROXY_SSL_HEADER); empty and unused when there is no proxy. */
  proxy: Finding[];
  /** Django → alias → its nodes: the module's findings that name the alias (the pooler's own apart). */
  aliases: Map<string, Finding[]>;
  /** Pooler → database, for an alias that connects through a pooler: its WW119 findings. */
  poolers: Map<string, Finding[]>;
}

const POOLER_RULE = "WW119";

/** A finding holds in every outcome of its module unless it names the branches it holds in (`conditions`). */
function appliesToOutcome(f: Finding, condition: string | null): boolean {
  return condition === null || f.conditions === undefined || f.conditions.includes(condition);
}

const BROWSER_RULE = /^WW3\d\d$/;
const PROXY_RULE = "WW306";

export function hopsOf(module: TopologyModule, findings: readonly Finding[]): ModuleHops {
  const own = findings.filter(
    (f) => f.settingsModule === module.module && appliesToOutcome(f, module.condition),
  );
  const web = own.filter((f) => f.alias === undefined && BROWSER_RULE.test(f.ruleId));
  const onProxy = (f: Finding) => module.behindProxy && f.ruleId === PROXY_RULE;
  return {
    browser: web.filter((f) => !onProxy(f)),
    proxy: web.filter(onProxy),
    aliases: new Map(
      module.aliases.map((a) => [
        a.alias,
        own.filter((f) => f.alias === a.alias && !(a.pooler && f.ruleId === POOLER_RULE)),
      ]),
    ),
    poolers: new Map(
      module.aliases
        .filter((a) => a.pooler)
        .map((a) => [a.alias, own.filter((f) => f.alias === a.alias && f.ruleId === POOLER_RULE)]),
    ),
  };
}

/** The worst severity among `findings`; null when there is none (the hop is drawn green). */
export function worstSeverity(findings: readonly Finding[]): Severity | null {
  let worst: Severity | null = null;
  for (const f of findings)
    if (worst === null || severityRank(f.severity) > severityRank(worst)) worst = f.severity;
  return worst;
}
