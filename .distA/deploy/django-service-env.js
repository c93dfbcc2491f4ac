import { posix } from "node:path";
/** A deployment file in a directory above the project, or inside it, belongs to it. */
function sameProject(unitDir, root) {
    const d = unitDir === "." ? "" : unitDir;
    const within = (inner, outer) => outer === "" || inner === outer || inner.startsWith(`${outer}/`);
    return within(root, d) || within(d, root);
}
/** facts.env by unit and the units that run Django, indexed once per scan (one lookup per project of a monorepo). */
const indexes = new WeakMap();
/** Environment entries grouped by the unit (container, service) they belong to; entries of no unit left out. */
export function envByUnit(env) {
    const byUnit = new Map();
    for (const e of env) {
        if (e.unit === undefined)
            continue;
        const list = byUnit.get(e.unit);
        if (list)
            list.push(e);
        else
            byUnit.set(e.unit, [e]);
    }
    return byUnit;
}
function indexOf(facts) {
    let found = indexes.get(facts);
    if (!found) {
        found = { byUnit: envByUnit(facts.env), running: facts.units.filter((u) => u.djangoRank > 0) };
        indexes.set(facts, found);
    }
    return found;
}
/** A value the deployment tool fills in at run time (`${DB_URL}`, `$(POD_IP)`) is not known here. */
const INTERPOLATED = /\$(\{|\(|[A-Za-z_])/;
/**
 * A unit's environment in the order the runtime layers it, a later entry winning: the built image's ENV, then
 * `env_file`s, then `envFrom` ConfigMaps/Secrets, then single `valueFrom` keys, then the unit's own `environment`/`env`;
 * each entry says where it comes from. `unread` names the sources the tree does not hold (an env file it has not, a
 * ConfigMap or key it does not define), which may set anything. `of` gives facts.env's entries for a unit key.
 */
export function layeredEnv(u, of, envFile) {
    const entries = [];
    const unread = [];
    if (u.dockerfile) {
        // With build.target the image is that stage's (read-deploy.ts keys its ENV by the target), else the last stage's.
        const target = u.dockerTarget;
        const key = `${u.dockerfile}#Dockerfile${target ? `@${target.toLowerCase()}` : ""}`;
        const where = `the image's ${u.dockerfile} ENV${target ? ` (build target ${target})` : ""}`;
        for (const e of of(key))
            entries.push({ ...e, where });
    }
    for (const path of u.envFiles) {
        const vars = envFile(path);
        if (!vars)
            unread.push(path);
        for (const [variable, v] of vars ?? [])
            entries.push({ variable, value: v.value, location: v.origin, where: `${u.where} env_file ${path}` });
    }
    for (const source of u.envFrom) {
        const env = of(source);
        if (env.length === 0)
            unread.push(source);
        for (const e of env)
            entries.push({ ...e, where: `${u.where} envFrom ${source}` });
    }
    for (const ref of u.keyRefs) {
        const e = of(ref.source).find((x) => x.variable === ref.key);
        if (e)
            entries.push({ ...e, variable: ref.variable, where: `${u.where} valueFrom ${ref.source}` });
        else
            unread.push(`${ref.source} key ${ref.key}`);
    }
    for (const e of of(u.key))
        entries.push({ ...e, where: u.where });
    return { entries, unread };
}
/**
 * Picks the unit that runs Django (a WSGI/ASGI server over `manage.py` over a bare DJANGO_SETTINGS_MODULE; the
 * first in file order on a tie) and layers its environment as the runtime does (layeredEnv).
 */
export function djangoServiceEnv(facts, envFile, scope) {
    const { byUnit, running } = indexOf(facts);
    const related = scope
        ? running.filter((u) => sameProject(posix.dirname(u.location.file), scope.root))
        : running;
    // A tree with one project keeps its manifests anywhere (k8s/, deploy/); in a monorepo only related ones count.
    const candidates = related.length > 0 || !scope?.singleProject ? related : running;
    // A Dockerfile is the image, not a service: it stands in only when no compose service or container runs Django.
    const services = candidates.filter((u) => !u.key.endsWith("#Dockerfile"));
    const pool = services.length > 0 ? services : candidates;
    const best = pool.reduce((a, u) => (!a || u.djangoRank > a.djangoRank ? u : a), undefined);
    if (!best)
        return undefined;
    const vars = new Map();
    for (const e of layeredEnv(best, (key) => byUnit.get(key) ?? [], envFile).entries) {
        if (INTERPOLATED.test(e.value))
            vars.delete(e.variable);
        else
            vars.set(e.variable, { value: e.value, source: { where: e.where, origin: e.location } });
    }
    return {
        service: `${best.where} (${best.location.file})`,
        vars,
        others: pool.filter((u) => u !== best).map((u) => `${u.where} (${u.location.file})`),
    };
}
//# sourceMappingURL=django-service-env.js.map