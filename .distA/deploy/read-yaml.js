import { posix } from "node:path";
import { isAlias, isMap, isNode, isScalar, isSeq, parseAllDocuments, visit as visitYaml, } from "yaml";
import { djangoRank, MAX_ALIAS_EXPANSION, MAX_ALIASES, tokens, withScripts, } from "./read-deploy.js";
/** Compose files, Kubernetes manifests, Helm values, CrdbCluster resources and CI workflows. */
export function readYaml(f, loc, addFlags, facts, parsed) {
    let docs;
    try {
        // logLevel error: the library's warnings (a templated `{{ x }}:` key made into a string) would reach the user's
        // terminal as Node process warnings; what matters is reported as a problem below.
        docs = parseAllDocuments(f.text, { uniqueKeys: false, merge: true, logLevel: "error" });
    }
    catch (e) {
        facts.problems.push({
            location: loc(0),
            reason: `YAML not read: ${e.message.split("\n")[0]}`,
        });
        return;
    }
    if (!Array.isArray(docs))
        return;
    for (const doc of docs) {
        if (doc.errors.length > 0) {
            const e = doc.errors[0];
            facts.problems.push({
                location: loc(e?.pos[0] ?? 0),
                reason: `malformed YAML: ${e?.message.split("\n")[0]}`,
            });
            continue;
        }
        let plain;
        let targets;
        try {
            const aliases = checkAliases(doc);
            if (aliases.problem) {
                facts.problems.push({ location: loc(0), reason: `YAML not expanded: ${aliases.problem}` });
                continue;
            }
            targets = aliases.targets;
            // checkAliases bounded what expanding costs; the library's own count walks the document once per alias.
            plain = doc.toJS({ maxAliasCount: -1 });
        }
        catch (e) {
            facts.problems.push({
                location: loc(0),
                reason: `YAML not expanded: ${e.message.split("\n")[0]}`,
            });
            continue;
        }
        parsed?.set(f.path, [...(parsed.get(f.path) ?? []), { doc, plain }]);
        const kind = plain?.kind;
        const name = plain?.metadata?.name ?? "";
        // Every map with command/args/entrypoint: compose services, Kubernetes containers, CI steps.
        visit(doc.contents, (node, path) => {
            if (!isMap(node))
                return;
            // Compose ignores `x-` extension fields: they are templates, reported where a service merges them in.
            if (kind === undefined && path[0]?.startsWith("x-"))
                return;
            const parts = [];
            const nodeFlags = [];
            const parent = path[path.length - 1];
            // Lists that hold only a node's flags, `cockroach start` implied: a CrdbCluster's `additionalArgs`,
            // `startFlags.upsert` of the newer operator and charts (the cockroachdb chart's `statefulset.args`: helm.ts).
            const flagLists = [
                ...(kind === "CrdbCluster" ? ["additionalArgs"] : []),
                ...(parent === "startFlags" ? ["upsert"] : []),
            ];
            for (const key of ["entrypoint", "command", "args", "run", "script", "additionalArgs", "upsert"]) {
                if (!flagLists.includes(key) && (key === "additionalArgs" || key === "upsert"))
                    continue;
                const into = flagLists.includes(key) ? nodeFlags : parts;
                const v = keyOf(node, key, targets);
                if (isScalar(v) && typeof v.value === "string")
                    into.push(...tokens(v.value, (v.range?.[0] ?? 0) + (v.type === "PLAIN" ? 0 : 1)));
                else if (isSeq(v))
                    for (const item of v.items)
                        if (isScalar(item) && typeof item.value === "string") {
                            const start = (item.range?.[0] ?? 0) + (item.type === "PLAIN" ? 0 : 1);
                            const inner = tokens(item.value, start);
                            into.push(...(inner.length > 0 ? inner : [{ text: item.value, offset: start }]));
                        }
            }
            const where = describeYamlPlace(f.path, kind, name, path, node);
            if (parts.length > 0)
                addFlags(parts, where);
            if (nodeFlags.length > 0) {
                const at = nodeFlags[0]?.offset ?? 0;
                addFlags([{ text: "cockroach", offset: at }, { text: "start", offset: at }, ...nodeFlags], where);
            }
            const unit = isUnit(kind, path, node) ? `${f.path}#${where}` : topLevelSource(kind, name, path);
            const envBefore = facts.env.length;
            readYamlEnv(node, kind, path, where, unit, loc, facts, targets);
            if (isUnit(kind, path, node)) {
                const names = facts.env.slice(envBefore).map((e) => e.variable);
                facts.units.push({
                    key: `${f.path}#${where}`,
                    where,
                    location: loc(node.range?.[0] ?? 0),
                    djangoRank: djangoRank(parts.map((p) => p.text), names),
                    ...unitSources(f.path, jsAt(plain, path)),
                    hostNames: hostNamesOf(kind, name, path, node),
                    ...(parts.length > 0 ? { commandWritten: true } : {}),
                    ...imageAt(node, loc),
                    ...withScripts(parts.map((p) => p.text)),
                });
            }
        });
        if (kind === "CrdbCluster") {
            const spec = plain.spec;
            const written = spec !== null && typeof spec === "object" && "tlsEnabled" in spec;
            facts.operatorClusters.push({
                location: loc(doc.contents?.range?.[0] ?? 0),
                where: `CrdbCluster ${name}`,
                apiVersion: String(plain.apiVersion ?? ""),
                tlsEnabled: spec?.tlsEnabled,
                ...(written ? { tlsLocation: locOf(doc.contents, ["spec", "tlsEnabled"], loc) } : {}),
            });
        }
    }
}
/**
 * Each alias's node (the last anchor of its name before it, as YAML resolves it), found in one walk; and why the
 * document is not expanded at all: more than MAX_ALIASES aliases, or aliases that stand for more than
 * MAX_ALIAS_EXPANSION nodes in all (a billion-laughs bomb, `<<` merges of merges).
 */
function checkAliases(doc) {
    const targets = new Map();
    const anchors = new Map();
    visitYaml(doc, {
        Node(_key, node) {
            if (isAlias(node))
                targets.set(node, anchors.get(node.source));
            else if (node.anchor)
                anchors.set(node.anchor, node);
        },
    });
    if (targets.size === 0)
        return { targets };
    if (targets.size > MAX_ALIASES)
        return { targets, problem: `${targets.size} aliases in one document (limit ${MAX_ALIASES})` };
    // Nodes each node stands for once its aliases are expanded.
    const sizes = new Map();
    const open = new Set();
    let extra = 0;
    let cycle = false;
    const size = (node) => {
        const known = sizes.get(node);
        if (known !== undefined)
            return known;
        cycle ||= open.has(node); // `&a [*a]`, `&w {<<: *w}`: no manifest means that
        if (cycle || extra > MAX_ALIAS_EXPANSION)
            return 1;
        open.add(node);
        let n = 1;
        if (isAlias(node)) {
            n = size(targets.get(node));
            extra += n;
        }
        else if (isMap(node))
            for (const p of node.items)
                n += size(p.key) + size(p.value);
        else if (isSeq(node))
            for (const item of node.items)
                n += size(item);
        open.delete(node);
        sizes.set(node, n);
        return n;
    };
    size(doc.contents);
    if (cycle)
        return { targets, problem: "an alias refers to a node that contains it" };
    return extra > MAX_ALIAS_EXPANSION
        ? { targets, problem: `its aliases stand for more than ${MAX_ALIAS_EXPANSION} nodes (an alias bomb)` }
        : { targets };
}
/** The expanded value at a path of `visit` (keys and list indexes) in the document's JS form. */
function jsAt(plain, path) {
    let v = plain;
    for (const k of path)
        v = v !== null && typeof v === "object" ? v[k] : undefined;
    return v;
}
/**
 * A key of a map, or of the maps it merges in (`<<: *defaults`, as compose files do): the node is the one written
 * under the anchor, so a finding points where the text is.
 */
function keyOf(node, key, targets, depth = 0) {
    if (!isMap(node))
        return undefined;
    const value = node.get(key, true);
    // `environment: *web-env` names an anchored map: the value is the map it points at.
    const own = isAlias(value) ? targets.get(value) : value;
    if (own !== undefined || depth > 8)
        return own;
    const merge = node.items.find((p) => isScalar(p.key) && (p.key.value === "<<" || p.key.source === "<<"))?.value;
    const sources = isSeq(merge) ? merge.items : merge ? [merge] : [];
    for (const s of sources) {
        const target = isAlias(s) ? targets.get(s) : s;
        const found = keyOf(target, key, targets, depth + 1);
        if (found !== undefined)
            return found;
    }
    return undefined;
}
/** Where a unit's `image:` is written (what a pooler's version and defaults come from). */
function imageAt(node, loc) {
    const image = isMap(node) ? node.get("image", true) : undefined;
    return image?.range ? { imageAt: loc(image.range[0]) } : {};
}
function locOf(root, path, loc) {
    let node = root;
    for (const k of path)
        node = isMap(node) ? node.get(k, true) : undefined;
    return loc(node?.range?.[0] ?? 0);
}
function describeYamlPlace(file, kind, name, path, node) {
    if (typeof kind === "string") {
        const container = isContainer(path, node) ? node.get("name") : undefined;
        return `${kind}${name ? ` ${name}` : ""}${typeof container === "string" ? ` container ${container}` : ""}`;
    }
    const svc = path[0] === "services" ? path[1] : undefined;
    return svc ? `compose service ${svc}` : posix.basename(file);
}
/**
 * The names other services reach a unit by: a compose service's own name, a Kubernetes container's and its
 * workload's (a Service usually shares the workload's).
 */
function hostNamesOf(kind, name, path, node) {
    if (typeof kind !== "string")
        return path[0] === "services" && path[1] ? [path[1]] : [];
    const container = isContainer(path, node) ? node.get("name") : undefined;
    return [...new Set([name, typeof container === "string" ? container : ""].filter(Boolean))];
}
/** A Kubernetes container: an item of a `containers`/`initContainers` list. */
function isContainer(path, node) {
    return isMap(node) && /^(containers|initContainers)$/.test(path[path.length - 2] ?? "");
}
/** Something whose process gets an environment: a compose service or a Kubernetes container. */
function isUnit(kind, path, node) {
    if (typeof kind === "string")
        return isContainer(path, node);
    return isMap(node) && path.length === 2 && path[0] === "services";
}
/** A ConfigMap's or Secret's own values, which containers take by name through envFrom/valueFrom. */
function topLevelSource(kind, name, path) {
    return path.length === 0 && (kind === "ConfigMap" || kind === "Secret") ? `${kind} ${name}` : undefined;
}
const str = (v) => (typeof v === "string" && v !== "" ? v : undefined);
/** Where else a unit's environment comes from: envFrom, valueFrom key refs, env_file, the built Dockerfile. */
function unitSources(file, unit) {
    // The unit as the whole document expanded it (merges included), not expanded again for each unit.
    const m = (unit !== null && typeof unit === "object" ? unit : {});
    const dir = posix.dirname(file);
    const envFrom = [];
    for (const e of Array.isArray(m.envFrom) ? m.envFrom : []) {
        const cm = str(e?.configMapRef?.name);
        const sec = str(e?.secretRef?.name);
        if (cm)
            envFrom.push(`ConfigMap ${cm}`);
        if (sec)
            envFrom.push(`Secret ${sec}`);
    }
    const keyRefs = [];
    for (const e of Array.isArray(m.env) ? m.env : []) {
        const variable = str(e?.name);
        const vf = e?.valueFrom;
        for (const [ref, kind] of [
            ["configMapKeyRef", "ConfigMap"],
            ["secretKeyRef", "Secret"],
        ]) {
            const name = str(vf?.[ref]?.name);
            const key = str(vf?.[ref]?.key);
            if (variable && name && key)
                keyRefs.push({ variable, source: `${kind} ${name}`, key });
        }
    }
    const listed = Array.isArray(m.env_file) ? m.env_file : m.env_file === undefined ? [] : [m.env_file];
    const envFiles = listed
        .map((e) => str(e) ?? str(e?.path))
        .filter((p) => p !== undefined)
        // An absolute path is the host's file, not the repository's: joining it to the tree would let a decoy decide.
        .filter((p) => !p.startsWith("/"))
        .map((p) => posix.normalize(posix.join(dir, p)))
        .filter((p) => p !== ".." && !p.startsWith("../"));
    const build = m.build;
    const context = str(build) ?? str(build?.context);
    const dockerfile = context
        ? posix.normalize(posix.join(dir, context, str(build?.dockerfile) ?? "Dockerfile"))
        : undefined;
    const target = dockerfile ? str(build?.target) : undefined;
    const image = str(m.image);
    const mounts = bindMounts(dir, m.volumes);
    return {
        envFrom,
        keyRefs,
        envFiles,
        ...(mounts.length > 0 ? { mounts } : {}),
        ...(dockerfile ? { dockerfile } : {}),
        ...(target ? { dockerTarget: target } : {}),
        ...(image ? { image } : {}),
    };
}
/** At most this many bind mounts are kept per service. */
const MAX_MOUNTS = 32;
/**
 * compose `volumes` that bind a file of the tree into the container: `./x:/dst[:ro]` or `{type: bind, source,
 * target}` with a relative source. Named volumes and host paths (absolute, `~`) are not the repository's.
 */
function bindMounts(dir, volumes) {
    const out = [];
    for (const v of Array.isArray(volumes) ? volumes.slice(0, MAX_MOUNTS) : []) {
        let source;
        let target;
        if (typeof v === "string")
            [source, target] = v.split(":");
        else if (v && typeof v === "object" && v.type === "bind") {
            source = str(v.source);
            target = str(v.target);
        }
        if (!source?.startsWith(".") || !target?.startsWith("/"))
            continue;
        const path = posix.normalize(posix.join(dir, source));
        if (path === ".." || path.startsWith("../"))
            continue;
        out.push({ source: path, target });
    }
    return out;
}
function visit(node, fn, path = [], depth = 0) {
    if (depth > 64)
        return;
    fn(node, path);
    if (isMap(node))
        for (const p of node.items) {
            // A complex key (`? {<<: *a}`) is no name of anything read here; String() of it would expand it, and throw.
            const key = isScalar(p.key) ? String(p.key.value) : isNode(p.key) ? "(complex key)" : String(p.key);
            visit(p.value, fn, [...path, key], depth + 1);
        }
    else if (isSeq(node))
        node.items.forEach((v, i) => {
            visit(v, fn, [...path, String(i)], depth + 1);
        });
}
/** compose `environment` (map or list), Kubernetes `env` (name/value), ConfigMap `data`, Secret `stringData`. */
function readYamlEnv(node, kind, path, where, unit, loc, facts, targets) {
    if (!isMap(node))
        return;
    const at = unit ? { unit } : {};
    const push = (variable, v, decode) => {
        if (!isScalar(v) || v.value === null)
            return;
        const value = decode ? decode(String(v.value)) : String(v.value);
        if (value !== undefined)
            facts.env.push({ variable, value, location: loc(v.range?.[0] ?? 0), where, ...at });
    };
    const pairsOf = (m, decode) => {
        if (isMap(m))
            for (const p of m.items)
                if (isScalar(p.key))
                    push(String(p.key.value), p.value, decode);
    };
    const environment = keyOf(node, "environment", targets);
    pairsOf(environment);
    if (isSeq(environment))
        for (const item of environment.items) {
            const m = isScalar(item) ? /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(String(item.value)) : null;
            if (m)
                facts.env.push({
                    variable: m[1],
                    value: m[2],
                    location: loc(item.range?.[0] ?? 0),
                    where,
                    ...at,
                });
        }
    const env = keyOf(node, "env", targets);
    if (isSeq(env))
        for (const item of env.items) {
            const n = isMap(item) ? item.get("name") : undefined;
            if (isMap(item) && typeof n === "string")
                push(n, item.get("value", true));
        }
    if (path.length === 0 && kind === "ConfigMap")
        pairsOf(node.get("data", true));
    if (path.length === 0 && kind === "Secret") {
        pairsOf(node.get("data", true), fromBase64);
        pairsOf(node.get("stringData", true));
    }
}
/** A Secret's `data` value, when it is base64 of printable text (stringData wins over it, as in Kubernetes). */
function fromBase64(text) {
    const t = text.replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(t) || t.length % 4 !== 0)
        return undefined;
    const out = Buffer.from(t, "base64").toString("utf8");
    return /^[\x20-\x7e]*$/.test(out) ? out : undefined;
}
//# sourceMappingURL=read-yaml.js.map