import { existsSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { DEFAULT_LIMITS, readTreeFile } from "../core/files.js";
import { parseConninfo } from "../libpq/conninfo.js";
import { endpointName } from "../probe/targets.js";
import { asString, describe } from "../python/value.js";
import { poolerOf } from "../rules/deploy-helpers.js";
import { loadProject } from "./pipeline.js";
import { readCaFile } from "./probe.js";
import { UsageError } from "./usage.js";
/** libpq's port when neither PORT nor PGPORT says otherwise. */
const LIBPQ_DEFAULT_PORT = 5432;
/**
 * The CA file a repository's settings name, read only as the scan reads files: inside the scanned root, no link on
 * the way, a regular file (never a FIFO or a device), within the size limit. Anything else is a note, not a read.
 */
function readRepositoryCa(root, path) {
    const full = isAbsolute(path) ? path : resolve(root, path);
    const inside = relative(root, full);
    if (inside === "" || inside.startsWith("..") || isAbsolute(inside))
        return { note: `sslrootcert ${path} is outside the scanned tree: not read` };
    const file = readTreeFile(root, inside.split(sep).join("/"), DEFAULT_LIMITS);
    if (!file)
        return existsSync(full)
            ? { note: `sslrootcert ${path} cannot be read (not a regular file in the tree)` }
            : undefined;
    if (file.text === undefined)
        return { note: `sslrootcert ${path} cannot be read: ${file.problem ?? "unreadable"}` };
    return { pem: file.text };
}
/** A CA path the user supplied: read as --ca is (a regular file, bounded); a bad one is a note, not exit 2. */
function userCa(path) {
    try {
        return { pem: readCaFile(path, "sslrootcert") };
    }
    catch (e) {
        return { note: e.message };
    }
}
/** Cluster nodes probed per run beside the aliases' own endpoints; past this, a note (each is a connection). */
export const MAX_NODE_TARGETS = 1000;
/**
 * The hosts libpq gets from an alias, each with the port that goes with it (one port for all, or one per host):
 * a multi-host URL's hosts as written there, else HOST split at commas. Undefined with a note when libpq would
 * refuse the pairing.
 */
function aliasHosts(alias, host, defaultPort) {
    let hosts = host.split(",").map((h) => h.trim());
    const portText = asString(alias.port) ?? (alias.port?.kind === "int" ? String(alias.port.value) : undefined);
    let ports = portText === undefined ? [""] : portText.split(",").map((p) => p.trim());
    let fromUrl = false;
    // dj-database-url and django-environ take a multi-host URL's netloc apart at its last colon (HOST `a:1,b`,
    // PORT `2`); the nodes are the ones the URL names, read as libpq reads a URL.
    const url = alias.url?.url;
    const authority = url ? /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url)?.[1] : undefined;
    if (url && authority?.slice(authority.lastIndexOf("@") + 1).includes(",")) {
        try {
            const o = parseConninfo(url.replace(/^[a-z][a-z0-9+.-]*:/i, "postgresql:"));
            hosts = (o.get("host") ?? "").split(",");
            ports = (o.get("port") ?? "").split(",");
            fromUrl = true;
        }
        catch {
            // not a URL libpq reads: HOST as the library gave it
        }
    }
    if (ports.length !== 1 && ports.length !== hosts.length)
        return { note: `libpq refuses ${ports.length} port numbers for ${hosts.length} hosts` };
    const out = [];
    for (const [i, h] of hosts.entries()) {
        const p = (ports.length === 1 ? ports[0] : ports[i]) ?? "";
        const port = p === "" ? defaultPort : Number(p);
        if (!Number.isInteger(port) || port < 1 || port > 65535)
            return { note: `PORT ${p} is not a port number` };
        // An empty entry is libpq's default host (a Unix socket), a path is a socket directory: no network endpoint.
        if (h === "" || h.startsWith("/"))
            continue;
        out.push({ host: h, port });
    }
    return { hosts: out, fromUrl };
}
/**
 * The database endpoints a Django project connects to, as `scan` evaluates them: every postgres-family alias
 * with a known host (each host of a multi-host HOST or URL), its PORT (else PGPORT, else libpq's 5432), and its
 * sslrootcert as the CA when that file exists. Aliases whose host depends on an env var nobody supplied are skipped
 * with a note. Then the other nodes of the clusters the deployment files name (deploy/cluster-nodes.ts), each with
 * how it was found, linked to the aliases that use the cluster (their CA is the nodes' CA too): an attacker picks
 * the weakest node, whichever address Django uses.
 */
export async function targetsFromScan(path, o) {
    if (!existsSync(resolve(path)))
        throw new UsageError(`--from-scan ${path}: no such directory`);
    // The same loader as scan's, deployment readers included: the endpoint probed is the one scan reports.
    const { root, built: { model }, } = await loadProject(path, {
        env: o.env,
        ...(o.settingsModule ? { settingsModule: o.settingsModule } : {}),
    });
    const targets = [];
    const skipped = [];
    const aliasHostsFound = [];
    const groups = [];
    for (const view of model.views) {
        if (o.settingsModule && view.module !== o.settingsModule)
            continue;
        for (const alias of view.databases) {
            if (alias.family !== "postgres")
                continue;
            const where = `${view.module} alias '${alias.alias}'`;
            const host = asString(alias.host);
            if (host === undefined) {
                skipped.push(`${where}: HOST is ${describe(alias.host)}; supply it with --env-file`);
                continue;
            }
            if (host === "" || host.startsWith("/"))
                continue;
            const found = aliasHosts(alias, host, Number(o.env.get("PGPORT") ?? LIBPQ_DEFAULT_PORT));
            if ("note" in found) {
                skipped.push(`${where}: ${found.note}`);
                continue;
            }
            const rootcert = alias.sslrootcert.value;
            // A path the user supplied (--env-file, the environment) is theirs to name; one the repository writes is not.
            const env = alias.sslrootcert.env;
            const theirs = env?.supplied === true && env.from === undefined;
            const ca = rootcert && rootcert !== "system"
                ? theirs
                    ? userCa(rootcert)
                    : readRepositoryCa(root, rootcert)
                : undefined;
            if (ca && "note" in ca)
                skipped.push(`${where}: ${ca.note}; probed with --ca or the system store instead`);
            const n = found.hosts.length;
            const at = alias.url?.origin ?? alias.host?.origin ?? alias.origin;
            const pooler = poolerOf(alias, model.deploy.poolers);
            const list = n > 1
                ? {
                    name: `host list of ${where}`,
                    deployment: false,
                    links: [
                        `the ${found.fromUrl ? "multi-host URL" : "host list"} of ${where} (${at.file}:${at.line}): ${alias.options.has("load_balance_hosts") ||
                            /load_balance_hosts=random/.test(alias.url?.url ?? "")
                            ? "load_balance_hosts: libpq may pick any of them"
                            : "libpq tries them in turn"}`,
                    ],
                    members: new Map(),
                }
                : undefined;
            for (const [i, h] of found.hosts.entries()) {
                const endpoint = endpointName(h.host, h.port);
                const target = {
                    input: endpoint,
                    host: h.host,
                    port: h.port,
                    endpoint,
                    source: `--from-scan: ${where}${n > 1 ? `, host ${i + 1} of ${n} (${at.file}:${at.line})` : ""}`,
                    ...(ca && "pem" in ca ? { sslrootcertPem: ca.pem, sslrootcertName: rootcert } : {}),
                    ...(pooler ? { pooler: pooler.where } : {}),
                };
                targets.push(target);
                aliasHostsFound.push({ target, where });
                list?.members.set(endpoint, { role: "node", target });
            }
            if (list)
                groups.push(list);
        }
    }
    const facts = model.deploy.clusterNodes;
    for (const n of facts?.notes ?? [])
        skipped.push(`${n.location.file}:${n.location.line}: ${n.note}`);
    let nodeTargets = 0;
    for (const c of facts?.clusters ?? []) {
        const group = { name: c.name, deployment: true, links: [], members: new Map() };
        // The aliases that use this cluster: their host is a node's host:port, or a name of the cluster.
        const users = [];
        for (const a of aliasHostsFound) {
            const h = a.target.host.toLowerCase();
            const node = c.nodes.find((x) => x.host === h && x.port === a.target.port);
            const name = c.names.find((x) => x.host === h);
            if (node || name)
                users.push({ a, how: node ? node.how : (name?.how ?? ""), node: Boolean(node) });
        }
        const ca = users.map((u) => u.a.target).find((t) => t.sslrootcertPem);
        for (const u of users) {
            group.members.set(u.a.target.endpoint, { role: u.node ? "node" : "public", target: u.a.target });
            group.links.push(`used by ${u.a.where} through ${u.a.target.host}:${u.a.target.port} (${u.how})`);
        }
        if (users.length === 0)
            group.links.push(`no alias of the settings uses ${c.names
                .slice(0, 3)
                .map((x) => x.host)
                .join(", ")}${c.names.length > 3 ? ", …" : ""}: probed as the cluster's nodes all the same`);
        for (const node of c.nodes) {
            const endpoint = endpointName(node.host, node.port);
            const how = `${node.location.file}:${node.location.line} (${node.how})`;
            const known = group.members.get(endpoint) ?? aliasHostsFound.find((a) => a.target.endpoint === endpoint);
            if (known) {
                group.members.set(endpoint, { role: "node", target: known.target, how });
                continue;
            }
            if (nodeTargets >= MAX_NODE_TARGETS) {
                skipped.push(`${how}: more than ${MAX_NODE_TARGETS} cluster nodes in the tree: not probed`);
                continue;
            }
            nodeTargets++;
            const target = {
                input: endpoint,
                host: node.host,
                port: node.port,
                endpoint,
                source: `--from-scan: ${how}`,
                ...(ca?.sslrootcertPem
                    ? { sslrootcertPem: ca.sslrootcertPem, sslrootcertName: ca.sslrootcertName ?? "" }
                    : {}),
            };
            targets.push(target);
            group.members.set(endpoint, { role: "node", target });
        }
        groups.push(group);
    }
    for (const g of mergeGroups(groups)) {
        if (g.members.size < 2)
            continue;
        const link = [...new Set(g.links)].join("; ");
        for (const m of g.members.values()) {
            m.target.cluster = { name: g.name, role: m.role, link };
            if (m.how && !m.target.source?.includes(m.how))
                m.target.source = `${m.target.source ?? "--from-scan"}; ${m.how}`;
        }
    }
    return { targets: dedupeTargets(targets), skipped };
}
/** Groups that share an endpoint are one cluster (a deployment's nodes and the alias host list naming them). */
function mergeGroups(groups) {
    const out = [];
    for (const g of groups) {
        const overlapping = out.filter((o) => [...g.members.keys()].some((e) => o.members.has(e)));
        if (overlapping.length === 0) {
            out.push({ ...g, links: [...g.links], members: new Map(g.members) });
            continue;
        }
        const into = overlapping[0];
        const named = [into, ...overlapping.slice(1), g].find((x) => x.deployment);
        if (named && !into.deployment) {
            into.name = named.name;
            into.deployment = true;
        }
        for (const o of overlapping.slice(1)) {
            into.links.push(...o.links);
            for (const [e, m] of o.members)
                if (!into.members.has(e))
                    into.members.set(e, m);
            out.splice(out.indexOf(o), 1);
        }
        into.links.push(...g.links);
        for (const [e, m] of g.members) {
            const had = into.members.get(e);
            // A node of a deployment stays a node; its words are kept.
            if (!had || (had.role === "public" && m.role === "node"))
                into.members.set(e, m);
            else if (m.how && !had.how)
                had.how = m.how;
        }
    }
    // Names stay distinct: a report groups by name.
    const seen = new Map();
    for (const g of out) {
        const k = (seen.get(g.name) ?? 0) + 1;
        seen.set(g.name, k);
        if (k > 1)
            g.name = `${g.name} #${k}`;
    }
    return out;
}
/** One target per endpoint (an alias seen in several outcomes of its module, a node also an alias's host). */
function dedupeTargets(targets) {
    const seen = new Map();
    for (const t of targets) {
        const first = seen.get(t.endpoint);
        if (!first)
            seen.set(t.endpoint, t);
        else if (!first.cluster && t.cluster)
            seen.set(t.endpoint, { ...first, cluster: t.cluster, ...(t.source ? { source: t.source } : {}) });
    }
    return [...seen.values()];
}
//# sourceMappingURL=probe-from-scan.js.map