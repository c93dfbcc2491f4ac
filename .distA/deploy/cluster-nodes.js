/**
 * The SQL endpoints of a cluster's nodes, where the tree names them: Django usually points at one address (a load
 * balancer, `cockroachdb-public`), and an attacker picks whichever node is weakest. Pure, over the files it needs
 * (like helm.ts): compose services running `cockroach start` (their --advertise-sql-addr, --sql-addr,
 * --advertise-addr/--advertise-host/--advertise-port, --listen-addr/--host/--port, and their --join lists),
 * Kubernetes StatefulSets running CockroachDB (replicas × the headless Service: `<sts>-<i>.<svc>[.<namespace>]`), the
 * operator's CrdbClusters (`spec.nodes` pods of a StatefulSet and headless Service named as the cluster), and
 * the cockroachdb Helm chart installed by a `helm install|upgrade RELEASE CHART` command of the tree (its names
 * follow the chart's `cockroachdb.fullname`; `statefulset.replicas` and `conf.port` from its values, -f files and
 * --set pairs). What it cannot name without guessing (a release name the tree does not give, replicas computed at
 * deploy time, a join entry that is an RPC address) is a note, never a node.
 *
 * CockroachDB's flags (cockroach start): --listen-addr is the RPC and SQL address unless --sql-addr splits SQL off;
 * --advertise-addr is what other nodes dial (and clients, for SQL, unless --advertise-sql-addr says otherwise);
 * --join lists other nodes' RPC addresses; every port defaults to 26257. The chart's values (cockroachdb/helm-charts,
 * values.yaml): statefulset.replicas 3, conf.port 26257, fullnameOverride, nameOverride; its StatefulSet is named
 * `cockroachdb.fullname` and so is its headless Service, the clients' Service is `<fullname>-public`.
 */
import { posix } from "node:path";
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, parseDocument, } from "yaml";
import { charts, helmInstalls, prefixFor, words } from "./helm-sources.js";
import { locator } from "./locate.js";
/** CockroachDB's default for every port (SQL, RPC). */
const CRDB_PORT = 26257;
/** A file read here is a compose file, a manifest or a values file: larger is not one. */
const MAX_FILE_BYTES = 1024 * 1024;
/** YAML nodes one file, and one run, may have (counted roughly, without parsing): as read-deploy bounds its reader. */
const MAX_YAML_NODES = 100_000;
const MAX_YAML_NODES_PER_RUN = 1_000_000;
/** Pods named per StatefulSet or release; past this the rest is a note (every probe is a connection). */
export const MAX_REPLICAS = 64;
/** Nodes per cluster, join entries included; past this, a note. */
export const MAX_NODES_PER_CLUSTER = 256;
/** Notes per run: each is a line on stderr. */
const MAX_NOTES = 50;
function parseAddress(text) {
    if (text.includes("$") || text.includes("{{"))
        return { unknown: true };
    let host = text;
    let portText;
    const v6 = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
    if (v6) {
        host = v6[1];
        portText = v6[2];
    }
    else {
        const c = text.lastIndexOf(":");
        if (c >= 0 && text.indexOf(":") === c) {
            host = text.slice(0, c);
            portText = text.slice(c + 1);
        }
    }
    const out = {};
    if (host !== "")
        out.host = host.toLowerCase();
    if (portText !== undefined && portText !== "") {
        const port = Number(portText);
        if (!/^\d+$/.test(portText) || port < 1 || port > 65535)
            return { ...out, unknown: true };
        out.port = port;
    }
    return out;
}
/** An address that names no one host: every interface, or nothing. */
const anyHost = (h) => h === undefined || h === "0.0.0.0" || h === "::" || h === "";
/** Words of a YAML command (a string, or a list whose items may hold several words, as `sh -c` scripts do). */
function commandWords(node, text) {
    const scalarWords = (n) => {
        if (!isScalar(n) || (typeof n.value !== "string" && typeof n.value !== "number"))
            return [];
        const value = String(n.value);
        const [start, end] = [n.range?.[0] ?? 0, n.range?.[1] ?? 0];
        const quoted = n.type === "QUOTE_DOUBLE" || n.type === "QUOTE_SINGLE";
        const ws = words(value, start + (quoted ? 1 : 0));
        // A folded or block scalar's words are not where their index says: find each in the source, in order.
        if (n.type === "BLOCK_FOLDED" || n.type === "BLOCK_LITERAL") {
            let cursor = start;
            for (const w of ws) {
                const at = text.indexOf(w.text, cursor);
                if (at >= 0 && at < end) {
                    w.offset = at;
                    cursor = at + w.text.length;
                }
                else
                    w.offset = start;
            }
        }
        return ws;
    };
    if (isSeq(node))
        return node.items.flatMap((i) => scalarWords(i));
    return isScalar(node) ? scalarWords(node) : [];
}
/** The flags of a `cockroach start` / `start-single-node` among these words; undefined when they start no node. */
function startFlags(ws, image) {
    const crdb = ws.findIndex((t) => /(^|\/)cockroach$/.test(t.text));
    const at = ws.findIndex((t, k) => (crdb < 0 || k > crdb) && /^start(-single-node)?$/.test(t.text));
    if (at < 0)
        return undefined;
    const flags = new Map();
    for (let k = at + 1; k < ws.length; k++) {
        const t = ws[k];
        const m = /^--([a-z-]+)(?:=(.*))?$/.exec(t.text);
        if (!m)
            continue;
        const name = m[1];
        if (m[2] !== undefined)
            flags.set(name, { text: m[2], offset: t.offset + name.length + 3 });
        else {
            const next = ws[k + 1];
            if (next && !next.text.startsWith("-")) {
                flags.set(name, next);
                k++;
            }
            else
                flags.set(name, { text: "", offset: t.offset });
        }
    }
    // A bare `start` counts with CockroachDB's image or one of its own flags (the image's entrypoint is cockroach).
    const own = ["join", "advertise-addr", "listen-addr", "sql-addr", "certs-dir", "insecure", "store"];
    if (crdb < 0 &&
        ws[at]?.text === "start" &&
        !/cockroach/i.test(image ?? "") &&
        !own.some((f) => flags.has(f)))
        return undefined;
    return flags;
}
/**
 * A node's SQL endpoint from its start flags: the host clients are told (--advertise-sql-addr, else --sql-addr's
 * host, else --advertise-addr / --advertise-host, else --listen-addr / --host when they name one host; undefined
 * when none does), the SQL port (--sql-addr's when SQL is split off, else the advertised or listening port), and
 * the flag that named the host.
 */
function sqlEndpoint(flags) {
    const addr = (name, asPort = false) => {
        const t = flags.get(name);
        return t ? { ...parseAddress(asPort ? `:${t.text}` : t.text), name, token: t } : undefined;
    };
    const advSql = addr("advertise-sql-addr");
    const sql = addr("sql-addr");
    const adv = addr("advertise-addr");
    const advHost = addr("advertise-host");
    const listen = addr("listen-addr");
    const host = addr("host");
    const named = [advSql, sql, adv, advHost, listen, host].find((a) => a && !a.unknown && !anyHost(a.host));
    const port = sql
        ? (advSql?.port ?? sql.port ?? CRDB_PORT)
        : (advSql?.port ??
            adv?.port ??
            addr("advertise-port", true)?.port ??
            listen?.port ??
            addr("port", true)?.port ??
            CRDB_PORT);
    return named ? { host: named.host, port, flag: named.name, at: named.token } : { port };
}
/** The address other nodes dial (what a --join entry names): advertised, else listening; port 26257 by default. */
function rpcAddress(flags) {
    const get = (name, asPort = false) => {
        const t = flags.get(name);
        return t ? parseAddress(asPort ? `:${t.text}` : t.text) : undefined;
    };
    const adv = get("advertise-addr");
    const advHost = get("advertise-host");
    const listen = get("listen-addr");
    const host = get("host");
    const named = [adv, advHost, listen, host].find((a) => a && !a.unknown && !anyHost(a.host));
    const port = adv?.port ?? get("advertise-port", true)?.port ?? listen?.port ?? get("port", true)?.port ?? CRDB_PORT;
    return named?.host ? { host: named.host, port } : { port };
}
/** The --join list: each entry with its offset (RPC addresses of other nodes; port 26257 when none is written). */
function joinEntries(flags) {
    const j = flags.get("join");
    if (!j)
        return [];
    const out = [];
    let offset = j.offset;
    for (const part of j.text.split(",")) {
        if (part.trim() !== "")
            out.push({ address: parseAddress(part.trim()), token: { text: part.trim(), offset } });
        offset += part.length + 1;
    }
    return out;
}
/** A rough upper bound on a YAML text's nodes: line breaks, commas and openers. */
function roughNodes(text) {
    let n = 0;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || c === 44 || c === 91 || c === 123)
            n++;
    }
    return n;
}
const isYaml = (p) => /\.ya?ml$/i.test(p);
/** The YAML documents worth reading here, parsed once; malformed or oversized ones are the YAML reader's WW000. */
function yamlDocs(files, parsed) {
    const out = [];
    let budget = MAX_YAML_NODES_PER_RUN;
    for (const f of files) {
        if (!isYaml(f.path) || f.text.length > MAX_FILE_BYTES)
            continue;
        if (!/cockroach|^kind:\s*Service\b/im.test(f.text))
            continue;
        if (parsed) {
            for (const d of parsed.get(f.path) ?? []) {
                const plain = d.plain;
                if (plain !== null && typeof plain === "object" && !Array.isArray(plain))
                    out.push({ file: f, doc: d.doc, plain: plain });
            }
            continue;
        }
        const nodes = roughNodes(f.text);
        if (nodes > MAX_YAML_NODES || nodes > budget)
            continue;
        budget -= nodes;
        let docs;
        try {
            docs = parseAllDocuments(f.text, { uniqueKeys: false, merge: true, logLevel: "error" });
        }
        catch {
            continue;
        }
        if (!Array.isArray(docs))
            continue;
        for (const doc of docs) {
            if (doc.errors.length > 0)
                continue;
            try {
                const plain = doc.toJS({ maxAliasCount: 100 });
                if (plain !== null && typeof plain === "object" && !Array.isArray(plain))
                    out.push({ file: f, doc, plain: plain });
            }
            catch {
                // alias bombs and the like: read-yaml.ts reports them
            }
        }
    }
    return out;
}
const obj = (v) => v !== null && typeof v === "object" && !Array.isArray(v) ? v : undefined;
const str = (v) => (typeof v === "string" ? v : undefined);
/** The node at a path, or the nearest ancestor that is written (a merged `<<` key is not under its own path). */
function nodeAt(doc, path) {
    for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n), true);
        if (node && typeof node === "object" && "range" in node && node.range)
            return node;
    }
    return undefined;
}
/** The key's own position for a map entry (the line a reader looks for), else the value's. */
function keyOffset(doc, path) {
    const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
    if (isMap(parent)) {
        const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === path[path.length - 1]);
        const key = pair?.key;
        if (key?.range)
            return key.range[0];
    }
    return nodeAt(doc, path)?.range?.[0] ?? 0;
}
/** Nodes of one cluster, once each (by host:port), bounded. */
class NodeSet {
    members = [];
    dropped = 0;
    add(node) {
        const key = `${node.host}:${node.port}`;
        if (this.members.some((m) => m.key === key))
            return;
        if (this.members.length >= MAX_NODES_PER_CLUSTER) {
            this.dropped++;
            return;
        }
        this.members.push({ node, key });
    }
}
/** Reads every cluster whose nodes the tree names. */
export function readClusterNodes(files, parsed) {
    const locators = new Map();
    const texts = new Map(files.map((f) => [f.path, f.text]));
    const loc = (file, offset) => {
        let at = locators.get(file);
        if (!at) {
            at = locator(texts.get(file) ?? "");
            locators.set(file, at);
        }
        return { file, ...at(offset) };
    };
    const facts = { clusters: [], notes: [] };
    const docs = yamlDocs(files, parsed);
    for (const d of docs)
        if (d.plain.kind === undefined && obj(d.plain.services))
            composeClusters(d, loc, facts);
    statefulSetClusters(docs, loc, facts);
    operatorClusters(docs, loc, facts);
    helmClusters(files, loc, facts);
    if (facts.notes.length > MAX_NOTES) {
        const more = facts.notes.length - MAX_NOTES;
        facts.notes.length = MAX_NOTES;
        facts.notes.push({
            location: facts.notes[MAX_NOTES - 1]?.location,
            note: `${more} more such notes`,
        });
    }
    return facts;
}
/** Compose services running `cockroach start`: each one node, grouped by the --join lists that tie them. */
function composeClusters(d, loc, facts) {
    const services = obj(d.plain.services);
    const nodes = [];
    for (const [service, value] of Object.entries(services)) {
        const s = obj(value);
        if (!s)
            continue;
        const image = str(s.image);
        const ws = ["entrypoint", "command"].flatMap((k) => {
            const node = d.doc.getIn(["services", service, k], true);
            // Merged in from an x- template, or an alias: the plain value, with the service's own line.
            if ((node === undefined || isAlias(node)) && s[k] !== undefined) {
                const at = keyOffset(d.doc, ["services", service]);
                const v = s[k];
                return (Array.isArray(v) ? v.map(String) : typeof v === "string" ? [v] : []).flatMap((x) => words(x, at).map((w) => ({ ...w, offset: at })));
            }
            return commandWords(node, d.file.text);
        });
        const flags = startFlags(ws, image);
        if (!flags)
            continue;
        // Replicas share the service's name: each is its own node, and none can be addressed from outside compose.
        const replicas = obj(s.deploy)?.replicas ?? s.scale;
        if (typeof replicas === "number" && replicas > 1)
            facts.notes.push({
                location: loc(d.file.path, keyOffset(d.doc, ["services", service])),
                note: `compose service ${service} runs ${replicas} replicas behind the one name ${service}: a probe of it reaches whichever replica answers, not each node`,
            });
        nodes.push({
            service,
            names: [service, str(s.container_name), str(s.hostname)]
                .filter((n) => Boolean(n))
                .map((n) => n.toLowerCase()),
            endpoint: sqlEndpoint(flags),
            joins: joinEntries(flags),
            location: loc(d.file.path, keyOffset(d.doc, ["services", service])),
            splitSql: flags.has("sql-addr"),
            rpc: rpcAddress(flags),
        });
    }
    if (nodes.length === 0)
        return;
    // Which node a join entry names: by service name (or container name), or by the node's own host and port.
    const nodeOf = (a) => a.host === undefined
        ? undefined
        : nodes.find((n) => n.names.includes(a.host) ||
            (n.rpc.host === a.host && (a.port ?? CRDB_PORT) === n.rpc.port) ||
            (n.endpoint.host === a.host && (a.port ?? CRDB_PORT) === n.endpoint.port));
    // Union of the nodes a join list ties together.
    const group = nodes.map((_, i) => i);
    const root = (i) => {
        let r = i;
        while (group[r] !== r)
            r = group[r];
        return r;
    };
    nodes.forEach((n, i) => {
        for (const j of n.joins) {
            const other = nodeOf(j.address);
            if (other)
                group[root(nodes.indexOf(other))] = root(i);
        }
    });
    const groups = new Map();
    for (const [i, n] of nodes.entries())
        groups.set(root(i), [...(groups.get(root(i)) ?? []), n]);
    for (const members of groups.values()) {
        const set = new NodeSet();
        const names = [];
        for (const n of members) {
            const host = n.endpoint.host ?? n.service.toLowerCase();
            set.add({
                host,
                port: n.endpoint.port,
                how: n.endpoint.flag
                    ? `--${n.endpoint.flag} of compose service ${n.service}`
                    : `compose service ${n.service} (its name on the compose network; port ${n.endpoint.port})`,
                location: n.endpoint.at ? loc(d.file.path, n.endpoint.at.offset) : n.location,
            });
            for (const name of n.names)
                names.push({ host: name, how: `compose service ${n.service}` });
            if (n.endpoint.host)
                names.push({ host: n.endpoint.host, how: `--${n.endpoint.flag} of compose service ${n.service}` });
        }
        const split = members.some((n) => n.splitSql);
        for (const n of members)
            for (const j of n.joins) {
                const where = loc(d.file.path, j.token.offset);
                if (j.address.host)
                    names.push({ host: j.address.host, how: `--join of compose service ${n.service}` });
                if (nodeOf(j.address))
                    continue;
                if (j.address.unknown || j.address.host === undefined) {
                    facts.notes.push({
                        location: where,
                        note: `--join entry ${j.token.text} of compose service ${n.service} is computed at run time: not probed`,
                    });
                    continue;
                }
                if (split) {
                    facts.notes.push({
                        location: where,
                        note: `--join entry ${j.token.text} of compose service ${n.service} is an RPC address and these nodes take SQL on a separate --sql-addr: its SQL port is not named, not probed`,
                    });
                    continue;
                }
                set.add({
                    host: j.address.host,
                    port: j.address.port ?? CRDB_PORT,
                    how: `--join of compose service ${n.service}`,
                    location: where,
                });
            }
        const first = members[0];
        if (set.dropped > 0)
            facts.notes.push({
                location: first.location,
                note: `more than ${MAX_NODES_PER_CLUSTER} nodes: ${set.dropped} not probed`,
            });
        facts.clusters.push({
            name: `CockroachDB nodes of ${d.file.path} (${members.map((m) => m.service).join(", ")})`,
            location: first.location,
            nodes: set.members.map((m) => m.node),
            names: dedupeNames(names),
        });
    }
}
function dedupeNames(names) {
    const seen = new Map();
    for (const n of names)
        if (!seen.has(n.host))
            seen.set(n.host, n);
    return [...seen.values()];
}
/** The container that runs CockroachDB in a pod template: its start flags and ports. */
function crdbContainer(d, podSpecPath) {
    const spec = obj(podSpecPathValue(d.plain, podSpecPath));
    const containers = Array.isArray(spec?.containers) ? spec?.containers : [];
    for (const [i, c] of containers.entries()) {
        const co = obj(c);
        if (!co)
            continue;
        const ws = ["command", "args"].flatMap((k) => commandWords(d.doc.getIn([...podSpecPath, "containers", i, k], true), d.file.text));
        const image = str(co.image);
        const flags = startFlags(ws, image) ?? (/cockroach/i.test(image ?? "") ? new Map() : undefined);
        if (!flags)
            continue;
        const ports = (Array.isArray(co.ports) ? co.ports : []).flatMap((p) => {
            const po = obj(p);
            return typeof po?.containerPort === "number"
                ? [{ ...(str(po.name) ? { name: str(po.name) } : {}), port: po.containerPort }]
                : [];
        });
        return { flags, ports };
    }
    return undefined;
}
function podSpecPathValue(plain, path) {
    let v = plain;
    for (const k of path)
        v = v !== null && typeof v === "object" ? v[k] : undefined;
    return v;
}
/** Kubernetes StatefulSets running CockroachDB: replicas × the headless Service, and the Services that select them. */
function statefulSetClusters(docs, loc, facts) {
    const services = docs.filter((d) => d.plain.kind === "Service");
    for (const d of docs) {
        if (d.plain.kind !== "StatefulSet")
            continue;
        const meta = obj(d.plain.metadata);
        const spec = obj(d.plain.spec);
        const sts = str(meta?.name);
        if (!sts || !spec || sts.includes("{{"))
            continue;
        const container = crdbContainer(d, ["spec", "template", "spec"]);
        if (!container)
            continue;
        const at = loc(d.file.path, keyOffset(d.doc, ["metadata", "name"]));
        const namespace = str(meta?.namespace);
        const svc = str(spec.serviceName);
        const replicasWritten = spec.replicas;
        const replicas = replicasWritten === undefined ? 1 : replicasWritten;
        if (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 0) {
            facts.notes.push({
                location: loc(d.file.path, keyOffset(d.doc, ["spec", "replicas"])),
                note: `StatefulSet ${sts}: replicas ${JSON.stringify(replicas)} is not a number the tree gives: its pods are not probed`,
            });
            continue;
        }
        if (!svc) {
            facts.notes.push({
                location: at,
                note: `StatefulSet ${sts} names no serviceName: its pods have no DNS names, not probed`,
            });
            continue;
        }
        const endpoint = sqlEndpoint(container.flags);
        const named = container.ports.find((p) => p.name === "sql") ?? container.ports.find((p) => p.name === "grpc");
        const flagPort = ["sql-addr", "listen-addr", "port"].some((f) => container.flags.has(f));
        const port = flagPort ? endpoint.port : (named?.port ?? endpoint.port);
        const suffix = namespace ? `.${namespace}` : "";
        const replicasAt = loc(d.file.path, keyOffset(d.doc, ["spec", replicasWritten === undefined ? "serviceName" : "replicas"]));
        const set = new NodeSet();
        const names = [];
        addPods(set, names, facts, {
            sts,
            svc,
            suffix,
            count: replicas,
            port,
            location: () => replicasAt,
            how: (i) => `replica ${i} of StatefulSet ${sts} (${replicas} replica${replicas === 1 ? "" : "s"}${replicasWritten === undefined ? ", the default" : ""}) × headless Service ${svc}`,
            pod: (i) => `pod ${sts}-${i} of StatefulSet ${sts}`,
            tooMany: `StatefulSet ${sts}: ${replicas} replicas`,
        });
        for (const n of k8sNames(svc, namespace))
            names.push({ host: n, how: `headless Service ${svc} of StatefulSet ${sts}` });
        // Services whose selector picks this StatefulSet's pods (the clients' `cockroachdb-public`).
        const labels = obj(obj(obj(spec.template)?.metadata)?.labels) ?? {};
        for (const s of services) {
            const name = str(obj(s.plain.metadata)?.name);
            const sns = str(obj(s.plain.metadata)?.namespace);
            const selector = obj(obj(s.plain.spec)?.selector);
            if (!name || !selector || Object.keys(selector).length === 0)
                continue;
            if (namespace && sns && namespace !== sns)
                continue;
            if (!Object.entries(selector).every(([k, v]) => labels[k] === v))
                continue;
            for (const n of k8sNames(name, sns ?? namespace))
                names.push({ host: n, how: `Service ${name} (selects StatefulSet ${sts}'s pods)` });
        }
        // Join entries: this StatefulSet's own pods (any DNS suffix; the ones past its replicas do not exist), or nodes
        // of their own.
        const own = new RegExp(`^${escapeRegExp(sts.toLowerCase())}-\\d+\\.${escapeRegExp(svc.toLowerCase())}(\\.|$)`);
        for (const j of joinEntries(container.flags)) {
            const h = j.address.host;
            if (j.address.unknown || !h || own.test(h))
                continue;
            set.add({
                host: h,
                port: j.address.port ?? CRDB_PORT,
                how: `--join of StatefulSet ${sts}`,
                location: loc(d.file.path, j.token.offset),
            });
            names.push({ host: h, how: `--join of StatefulSet ${sts}` });
        }
        if (set.members.length === 0)
            continue;
        facts.clusters.push({
            name: `CockroachDB StatefulSet ${sts}${namespace ? ` (namespace ${namespace})` : ""} of ${d.file.path}`,
            location: at,
            nodes: set.members.map((m) => m.node),
            names: dedupeNames(names),
        });
    }
}
/**
 * CrdbClusters of the CockroachDB operator: it runs a StatefulSet named as the cluster, with `spec.nodes` replicas,
 * behind a headless Service of the same name (pods `<name>-<i>.<name>.<namespace>`, SQL on `spec.sqlPort`, default
 * 26257) and a clients' Service `<name>-public` (cockroach-operator, pkg/resource: statefulset.go,
 * discovery_service.go, public_service.go; apis/v1alpha1/cluster_types.go for the defaults).
 */
function operatorClusters(docs, loc, facts) {
    for (const d of docs) {
        if (d.plain.kind !== "CrdbCluster")
            continue;
        const meta = obj(d.plain.metadata);
        const spec = obj(d.plain.spec);
        const name = str(meta?.name);
        if (!name || !spec || name.includes("{{"))
            continue;
        const namespace = str(meta?.namespace);
        const nodes = spec.nodes;
        const nodesAt = loc(d.file.path, keyOffset(d.doc, ["spec", "nodes"]));
        if (typeof nodes !== "number" || !Number.isInteger(nodes) || nodes < 1) {
            facts.notes.push({
                location: nodesAt,
                note: `CrdbCluster ${name}: nodes ${JSON.stringify(nodes ?? null)} is not a count the tree gives: its pods are not probed`,
            });
            continue;
        }
        const sqlPort = spec.sqlPort;
        const port = typeof sqlPort === "number" && Number.isInteger(sqlPort) ? sqlPort : CRDB_PORT;
        const suffix = namespace ? `.${namespace}` : "";
        const set = new NodeSet();
        const names = [];
        addPods(set, names, facts, {
            sts: name,
            svc: name,
            suffix,
            count: nodes,
            port,
            location: () => nodesAt,
            how: (i) => `node ${i} of CrdbCluster ${name} (${nodes} nodes) × the operator's headless Service ${name}`,
            pod: (i) => `pod ${name}-${i} of CrdbCluster ${name}`,
            tooMany: `CrdbCluster ${name}: ${nodes} nodes`,
        });
        for (const n of k8sNames(name, namespace))
            names.push({ host: n, how: `the operator's headless Service ${name} of CrdbCluster ${name}` });
        for (const n of k8sNames(`${name}-public`, namespace))
            names.push({ host: n, how: `the operator's Service ${name}-public of CrdbCluster ${name}` });
        facts.clusters.push({
            name: `CockroachDB operator cluster ${name}${namespace ? ` (namespace ${namespace})` : ""} of ${d.file.path}`,
            location: loc(d.file.path, keyOffset(d.doc, ["metadata", "name"])),
            nodes: set.members.map((m) => m.node),
            names: dedupeNames(names),
        });
    }
}
/**
 * The pods of a StatefulSet, `<sts>-<i>.<svc><suffix>`, as nodes and as names of the cluster: at most MAX_REPLICAS
 * (each is a probe), past it a note.
 */
function addPods(set, names, facts, o) {
    for (let i = 0; i < Math.min(o.count, MAX_REPLICAS); i++) {
        const host = `${o.sts}-${i}.${o.svc}${o.suffix}`.toLowerCase();
        set.add({ host, port: o.port, how: o.how(i), location: o.location(i) });
        names.push({ host, how: o.pod(i) });
    }
    if (o.count > MAX_REPLICAS)
        facts.notes.push({
            location: o.tooManyAt ?? o.location(0),
            note: `${o.tooMany}, the first ${MAX_REPLICAS} probed`,
        });
}
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** The names a Service answers to in the cluster's DNS: `svc`, `svc.ns`, `svc.ns.svc`, `svc.ns.svc.cluster.local`. */
function k8sNames(svc, namespace) {
    const s = svc.toLowerCase();
    if (!namespace)
        return [s];
    const ns = namespace.toLowerCase();
    return [s, `${s}.${ns}`, `${s}.${ns}.svc`, `${s}.${ns}.svc.cluster.local`];
}
/** The cockroachdb chart's `fullname` template: fullnameOverride, else RELEASE-NAME unless RELEASE contains NAME. */
export function chartFullname(release, name, fullnameOverride) {
    const trim = (s) => s.slice(0, 56).replace(/-+$/, "");
    if (fullnameOverride)
        return trim(fullnameOverride);
    if (release === undefined)
        return undefined;
    return trim(release.includes(name) ? release : `${release}-${name}`);
}
/** The cockroachdb chart installed by a helm command of the tree: its pods, named as the chart names them. */
function helmClusters(files, loc, facts) {
    const known = charts(files);
    const installs = helmInstalls(files);
    const byPath = new Map(files.map((f) => [f.path, f]));
    const installed = new Set();
    const parsed = new Map();
    const valueAt = (file, path) => {
        if (!file || file.text.length > MAX_FILE_BYTES || roughNodes(file.text) > MAX_YAML_NODES)
            return undefined;
        if (!parsed.has(file.path)) {
            const d = parseDocument(file.text, { logLevel: "error", uniqueKeys: false });
            parsed.set(file.path, d.errors.length > 0 ? undefined : d);
        }
        const doc = parsed.get(file.path);
        if (!doc)
            return undefined;
        const node = doc.getIn(path, true);
        return isScalar(node) ? { value: node.value, location: loc(file.path, node.range?.[0] ?? 0) } : undefined;
    };
    for (const cmd of installs) {
        const placed = prefixFor(cmd.chart, cmd.file, known);
        if (!placed)
            continue;
        // The chart's name in its templates: the dependency's alias for an umbrella, else cockroachdb.
        const chartName = placed.prefix[0] ?? "cockroachdb";
        const missing = [];
        const valueFiles = [
            ...(placed.dir ? [posix.join(placed.dir, "values.yaml")] : []),
            ...cmd.values.flatMap((v) => {
                const found = [posix.normalize(v), posix.join(posix.dirname(cmd.file), v)].find((p) => byPath.has(p));
                if (!found)
                    missing.push(v);
                return found ? [found] : [];
            }),
        ];
        installed.add(placed.dir ?? cmd.chart);
        const setting = (key) => {
            let found;
            for (const p of valueFiles) {
                const v = valueAt(byPath.get(p), [...placed.prefix, ...key.split(".")]);
                if (v)
                    found = { value: v.value, where: `${p}:${v.location.line}`, location: v.location };
            }
            for (const s of cmd.sets) {
                const k = placed.prefix.length > 0 && s.key.startsWith(`${placed.prefix[0]}.`)
                    ? s.key.slice(placed.prefix[0].length + 1)
                    : s.key;
                if (k === key)
                    found = { value: s.value, where: `--set in ${cmd.file}`, location: loc(cmd.file, s.offset) };
            }
            return found;
        };
        const at = loc(cmd.file, cmd.offset);
        const override = setting("fullnameOverride");
        const nameOverride = setting("nameOverride");
        const name = typeof nameOverride?.value === "string" && nameOverride.value ? nameOverride.value : chartName;
        const fullname = chartFullname(cmd.release, name, typeof override?.value === "string" ? override.value : undefined);
        if (!fullname || /[${}]/.test(fullname)) {
            facts.notes.push({
                location: at,
                note: `helm ${cmd.chart} in ${cmd.file}: the release name is not in the tree (the pods are <release>-${name}-0.<release>-${name}, …): not probed; give them as targets`,
            });
            continue;
        }
        if (missing.length > 0)
            facts.notes.push({
                location: at,
                note: `helm ${cmd.chart} in ${cmd.file}: -f ${missing.join(", ")} is not in the tree; statefulset.replicas and conf.port as the tree shows them`,
            });
        const r = setting("statefulset.replicas");
        const replicas = r === undefined ? 3 : Number(r.value);
        const p = setting("conf.port");
        const port = p === undefined ? CRDB_PORT : Number(p.value);
        if (!Number.isInteger(replicas) || replicas < 0 || !Number.isInteger(port) || port < 1 || port > 65535) {
            facts.notes.push({
                location: r?.location ?? p?.location ?? at,
                note: `helm ${cmd.chart} in ${cmd.file}: statefulset.replicas or conf.port is not a number: not probed`,
            });
            continue;
        }
        const suffix = cmd.namespace && !cmd.namespace.includes("$") ? `.${cmd.namespace}` : "";
        const set = new NodeSet();
        const names = [];
        const from = `${r ? `statefulset.replicas ${replicas} (${r.where})` : `statefulset.replicas ${replicas} (the chart's default)`}`;
        addPods(set, names, facts, {
            sts: fullname,
            svc: fullname,
            suffix,
            count: replicas,
            port,
            location: (i) => (i === 0 || !r?.location ? at : r.location),
            how: (i) => `replica ${i} of the cockroachdb chart's StatefulSet ${fullname} (${cmd.release ? `release ${cmd.release}` : "fullnameOverride"}; ${from})`,
            pod: (i) => `pod ${fullname}-${i}`,
            tooMany: `helm ${cmd.chart}: ${replicas} replicas`,
            tooManyAt: at,
        });
        for (const n of [...k8sNames(`${fullname}-public`, cmd.namespace), ...k8sNames(fullname, cmd.namespace)])
            names.push({
                host: n,
                how: `Service ${n.split(".")[0]} of the cockroachdb chart (release ${cmd.release ?? fullname})`,
            });
        if (set.members.length === 0)
            continue;
        facts.clusters.push({
            name: `CockroachDB Helm release ${cmd.release ?? fullname} (${cmd.file})`,
            location: at,
            nodes: set.members.map((m) => m.node),
            names: dedupeNames(names),
        });
    }
    // The chart's values in the tree, but no command of the tree installs it: the release name is not known.
    for (const c of known) {
        const dir = c.name === "cockroachdb" || c.cockroachKey ? c.dir : undefined;
        if (dir === undefined || installed.has(dir))
            continue;
        // A chart vendored under an umbrella that depends on it: the umbrella's note (or install) covers it.
        if (known.some((u) => u.cockroachKey && u.dir !== dir && dir.startsWith(`${u.dir === "." ? "" : `${u.dir}/`}charts/`)))
            continue;
        const values = byPath.get(posix.join(dir, "values.yaml"));
        const prefix = c.name === "cockroachdb" ? [] : [c.cockroachKey];
        const override = valueAt(values, [...prefix, "fullnameOverride"]);
        const note = `the cockroachdb Helm chart${c.name === "cockroachdb" ? "" : ` (a dependency of ${c.name || dir})`} in ${dir}`;
        const chartYaml = posix.join(dir, "Chart.yaml");
        if (typeof override?.value === "string" && override.value) {
            facts.notes.push({
                location: override.location,
                note: `${note}: fullnameOverride ${override.value} names the pods, but no helm command of the tree installs it (replicas and namespace unknown): not probed`,
            });
            continue;
        }
        facts.notes.push({
            location: loc(chartYaml, 0),
            note: `${note}: no helm install of the tree names its release, so its pods (<release>-${c.name === "cockroachdb" ? "cockroachdb" : c.cockroachKey}-0, …) are not probed; give them as targets`,
        });
    }
}
//# sourceMappingURL=cluster-nodes.js.map