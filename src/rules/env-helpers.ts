import type { ScanModel } from "../django/model.js";
import type { Origin } from "../python/value.js";

/** An environment variable set by a deployment source: a .env line, a Dockerfile ENV, compose or k8s env. */
export interface EnvAssignment {
  variable: string;
  value: string;
  origin: Origin;
  /** Where it is set, in words, e.g. `env file`, `Dockerfile ENV`, `compose service web`. */
  context: string;
}

/** Every env assignment the scan knows of. Other readers (Dockerfile, compose, k8s) add theirs here. */
export function envAssignments(model: ScanModel): EnvAssignment[] {
  const out: EnvAssignment[] = [];
  for (const f of model.envFiles) {
    for (const [variable, entry] of f.vars) {
      out.push({ variable, value: entry.value, origin: entry.origin, context: "env file" });
    }
  }
  for (const e of model.deploy.env)
    out.push({ variable: e.variable, value: e.value, origin: e.location, context: e.where });
  return out;
}
