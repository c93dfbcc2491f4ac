import type { RuleHit } from "../core/finding.js";
import type { Attack, AttackRun, ProveModel } from "../mitm/model.js";

/** One hit per run of `attack` that the client let through, with the run's evidence. */
export function letThrough(
  model: ProveModel,
  attack: Attack,
  hit: (run: AttackRun) => Pick<RuleHit, "message" | "fix"> & Partial<RuleHit>,
): RuleHit[] {
  return model.runs
    .filter((r) => r.attack === attack && r.outcome === "let-through")
    .map((r) => ({ ...where(r), evidence: r.evidence.join("\n"), ...hit(r) }));
}

export function where(r: AttackRun): Pick<RuleHit, "endpoint" | "alias" | "settingsModule"> {
  return {
    endpoint: `postgresql://${r.endpoint}`,
    alias: r.alias,
    ...(r.settingsModule ? { settingsModule: r.settingsModule } : {}),
  };
}

export const VERIFY_FULL_FIX =
  "OPTIONS: {'sslmode': 'verify-full', 'sslrootcert': '/path/to/ca.crt'} for this alias (wirewarden fix writes it); against PostgreSQL itself (not CockroachDB, not through PgBouncer, which have no channel binding), channel_binding='require' also defeats a relay where the server uses SCRAM";
