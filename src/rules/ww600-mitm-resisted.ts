import { ruleMeta } from "../core/catalog.js";
import type { RuleHit } from "../core/finding.js";
import type { AttackRun } from "../mitm/model.js";
import { proveRule } from "./kinds.js";
import { where } from "./prove-helpers.js";

/** Per alias: every attack that ran was refused. The client's own refusals are the evidence. */
export const ww600 = proveRule({
  meta: ruleMeta("WW600"),
  check(model) {
    const byAlias = new Map<string, AttackRun[]>();
    for (const r of model.runs) byAlias.set(r.alias, [...(byAlias.get(r.alias) ?? []), r]);
    const hits: RuleHit[] = [];
    for (const runs of byAlias.values()) {
      const ran = runs.filter((r) => r.outcome !== "not-run");
      if (ran.length === 0 || ran.some((r) => r.outcome === "let-through")) continue;
      const first = ran[0] as AttackRun;
      hits.push({
        ...where(first),
        message: `the real client of '${first.alias}' refused every attack (${ran.map((r) => r.attack).join(", ")})`,
        evidence: ran
          .map((r) => `${r.attack}: ${r.clientError ?? r.evidence.at(-1) ?? "refused"}`)
          .join("\n"),
      });
    }
    return hits;
  },
});
