import type { RuleHit } from "../core/finding.js";
import type { CockroachFlag } from "../deploy/model.js";
import type { ScanModel } from "../django/model.js";

/** One hit per place a deployment file passes `flag` to `cockroach start`. */
export function flagHits(
  model: ScanModel,
  flag: CockroachFlag["flag"],
  hit: (f: CockroachFlag) => Pick<RuleHit, "message" | "fix">,
): RuleHit[] {
  return model.deploy.cockroachFlags
    .filter((f) => f.flag === flag)
    .map((f) => ({ location: f.location, evidence: f.command, ...hit(f) }));
}
