import type { RuleMeta } from "./catalog.js";
import type { RuleHit } from "./finding.js";

/** A rule: its catalog entry and a pure check over a model (ESLint-style). */
export interface Rule<Model> {
  meta: RuleMeta;
  check(model: Model): RuleHit[];
}
