import type { RuleCommand, RuleMeta } from "./catalog.js";
import type { RuleHit } from "./finding.js";

/** A rule: its catalog entry and a pure check over a model (ESLint-style). */
export interface Rule<Model> {
  meta: RuleMeta;
  /**
   * Whose model `check` reads. Which commands run the rule is the catalog's to say (`meta.commands`); this only
   * tells, at run time, which of a rule's implementations serves which command (WW205 has a file half and a live half).
   */
  model: RuleCommand;
  check(model: Model): RuleHit[];
}
