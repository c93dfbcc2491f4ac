import { posix } from "node:path";
import type { EnvSource } from "../python/value.js";
import type { DeployEnv, DeployFacts, DeployUnit } from "./model.js";

/** The environment the deployment gives the process that runs Django, and which service that is. */
export interface ServiceEnv {
  /** e.g. `compose service web (docker-compose.yml)`. */
  service: string;
  vars: Map<string, { value: string; source: EnvSource }>;
  /** Other services that also look like Django, not used (the finding names the one that was). */
  others: string[];
}

/** Which project's settings are evaluated: its source root, and whether the tree holds no other project. */
export interface ServiceScope {
  /** The directory on sys.path of the settings module ("" for the scanned root). */
  root: string;
  singleProject: boolean;
}

/** A deployment file in a directory above the project, or inside it, belongs to it. */
function sameProject(unitDir: string, root: string): boolean {
  const d = unitDir === "." ? "" : unitDir;
  const within = (inner: string, outer: string) =>
    outer === "" || inner === outer || inner.startsWith(`${outer}/`);
  return within(root, d) || within(d, root);
}

/** facts.env by unit and the units that run Django, indexed once per scan (one lookup per project of a monorepo). */
const indexes = new WeakMap<DeployFacts, { byUnit: Map<string, DeployEnv[]>; running: DeployUnit[] }>();

function indexOf(facts: DeployFacts): { byUnit: Map<string, DeployEnv[]>; running: DeployUnit[] } {
  let found = indexes.get(facts);
  if (!found) {
    const byUnit = new Map<string, DeployEnv[]>();
    for (const e of facts.env) {
      if (e.unit === undefined) continue;
      const list = byUnit.get(e.unit);
      if (list) list.push(e);
      else byUnit.set(e.unit, [e]);
    }
    found = { byUnit, running: facts.units.filter((u) => u.djangoRank > 0) };
    indexes.set(facts, found);
  }
  return found;
}

/** A value the deployment tool fills in at run time (`${DB_URL}`, `$(POD_IP)`) is not known here. */
const INTERPOLATED = /\$(\{|\(|[A-Za-z_])/;

/** A `KEY=value` file as the reader parsed it. */
export type EnvFileLookup = (
  path: string,
) => ReadonlyMap<string, { value: string; origin: EnvSource["origin"] }> | undefined;

/**
 * Picks the unit that runs Django (a WSGI/ASGI server over `manage.py` over a bare DJANGO_SETTINGS_MODULE; the
 * first in file order on a tie) and layers its environment as the runtime does: the built image's ENV, then
 * `env_file`s, then `envFrom` ConfigMaps/Secrets, then single `valueFrom` keys, then the unit's own `environment`/`env`.
 */
export function djangoServiceEnv(
  facts: DeployFacts,
  envFile: EnvFileLookup,
  scope?: ServiceScope,
): ServiceEnv | undefined {
  const { byUnit, running } = indexOf(facts);
  const related = scope
    ? running.filter((u) => sameProject(posix.dirname(u.location.file), scope.root))
    : running;
  // A tree with one project keeps its manifests anywhere (k8s/, deploy/); in a monorepo only related ones count.
  const candidates = related.length > 0 || !scope?.singleProject ? related : running;
  // A Dockerfile is the image, not a service: it stands in only when no compose service or container runs Django.
  const services = candidates.filter((u) => !u.key.endsWith("#Dockerfile"));
  const pool = services.length > 0 ? services : candidates;
  const best = pool.reduce<DeployUnit | undefined>(
    (a, u) => (!a || u.djangoRank > a.djangoRank ? u : a),
    undefined,
  );
  if (!best) return undefined;
  const vars: ServiceEnv["vars"] = new Map();
  const set = (e: Pick<DeployEnv, "variable" | "value" | "location">, where: string) => {
    if (INTERPOLATED.test(e.value)) vars.delete(e.variable);
    else vars.set(e.variable, { value: e.value, source: { where, origin: e.location } });
  };
  const ownEnv = (key: string) => byUnit.get(key) ?? [];
  if (best.dockerfile) {
    // With build.target the image is that stage's (read-deploy.ts keys its ENV by the target), else the last stage's.
    const target = best.dockerTarget;
    const key = `${best.dockerfile}#Dockerfile${target ? `@${target.toLowerCase()}` : ""}`;
    for (const e of ownEnv(key))
      set(e, `the image's ${best.dockerfile} ENV${target ? ` (build target ${target})` : ""}`);
  }
  for (const path of best.envFiles) {
    const vars = envFile(path);
    for (const [variable, v] of vars ?? [])
      set({ variable, value: v.value, location: v.origin }, `${best.where} env_file ${path}`);
  }
  for (const source of best.envFrom)
    for (const e of ownEnv(source)) set(e, `${best.where} envFrom ${source}`);
  for (const ref of best.keyRefs) {
    const e = ownEnv(ref.source).find((x) => x.variable === ref.key);
    if (e) set({ ...e, variable: ref.variable }, `${best.where} valueFrom ${ref.source}`);
  }
  for (const e of ownEnv(best.key)) set(e, best.where);
  return {
    service: `${best.where} (${best.location.file})`,
    vars,
    others: pool.filter((u) => u !== best).map((u) => `${u.where} (${u.location.file})`),
  };
}
