import { posix } from "node:path";
import { isMap, isScalar, isSeq, parseAllDocuments, type Node as YamlNode } from "yaml";
import type { Location } from "../core/finding.js";
import type { DeployFacts } from "./model.js";
import { type DeployFile, MAX_ALIASES, tokens } from "./read-deploy.js";

/** Compose files, Kubernetes manifests, Helm values, CrdbCluster resources and CI workflows. */
export function readYaml(
  f: DeployFile,
  loc: (offset: number) => Location,
  addFlags: (toks: { text: string; offset: number }[], where: string) => void,
  facts: DeployFacts,
): void {
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    docs = parseAllDocuments(f.text, { uniqueKeys: false });
  } catch (e) {
    facts.problems.push({
      location: loc(0),
      reason: `YAML not read: ${(e as Error).message.split("\n")[0]}`,
    });
    return;
  }
  if (!Array.isArray(docs)) return;
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      facts.problems.push({
        location: loc(e?.pos[0] ?? 0),
        reason: `malformed YAML: ${e?.message.split("\n")[0]}`,
      });
      continue;
    }
    let plain: unknown;
    try {
      plain = doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (e) {
      facts.problems.push({
        location: loc(0),
        reason: `YAML not expanded: ${(e as Error).message.split("\n")[0]}`,
      });
      continue;
    }
    const kind = (plain as { kind?: unknown } | null)?.kind;
    const name =
      ((plain as { metadata?: { name?: unknown } } | null)?.metadata?.name as string | undefined) ?? "";
    // Every map with command/args/entrypoint: compose services, Kubernetes containers, CI steps.
    visit(doc.contents, (node, path) => {
      if (!isMap(node)) return;
      const parts: { text: string; offset: number }[] = [];
      for (const key of ["entrypoint", "command", "args", "run", "script"]) {
        const v = node.get(key, true) as YamlNode | undefined;
        if (isScalar(v) && typeof v.value === "string")
          parts.push(...tokens(v.value, (v.range?.[0] ?? 0) + (v.type === "PLAIN" ? 0 : 1)));
        else if (isSeq(v))
          for (const item of v.items)
            if (isScalar(item) && typeof item.value === "string") {
              const start = (item.range?.[0] ?? 0) + (item.type === "PLAIN" ? 0 : 1);
              const inner = tokens(item.value, start);
              parts.push(...(inner.length > 0 ? inner : [{ text: item.value, offset: start }]));
            }
      }
      if (parts.length > 0) addFlags(parts, describeYamlPlace(f.path, kind, name, path));
      readYamlEnv(node, kind, path, describeYamlPlace(f.path, kind, name, path), loc, facts);
    });
    if (kind === "CrdbCluster" && (plain as { spec?: { tlsEnabled?: unknown } }).spec?.tlsEnabled === false)
      facts.tlsOff.push({
        location: locOf(doc.contents, ["spec", "tlsEnabled"], loc),
        where: `CrdbCluster ${name}`,
        setting: "spec.tlsEnabled: false",
      });
    const tls = (plain as { tls?: { enabled?: unknown } } | null)?.tls;
    if (
      /values[^/]*\.ya?ml$/i.test(f.path) &&
      tls?.enabled === false &&
      /cockroach/i.test(f.path + f.text.slice(0, 4000))
    )
      facts.tlsOff.push({
        location: locOf(doc.contents, ["tls", "enabled"], loc),
        where: "CockroachDB Helm values",
        setting: "tls.enabled: false",
      });
  }
}

function locOf(root: unknown, path: string[], loc: (o: number) => Location): Location {
  let node = root as YamlNode | undefined;
  for (const k of path) node = isMap(node) ? (node.get(k, true) as YamlNode | undefined) : undefined;
  return loc(node?.range?.[0] ?? 0);
}

function describeYamlPlace(file: string, kind: unknown, name: string, path: string[]): string {
  if (typeof kind === "string") return `${kind}${name ? ` ${name}` : ""}`;
  const svc = path[0] === "services" ? path[1] : undefined;
  return svc ? `compose service ${svc}` : posix.basename(file);
}

function visit(
  node: unknown,
  fn: (n: unknown, path: string[]) => void,
  path: string[] = [],
  depth = 0,
): void {
  if (depth > 64) return;
  fn(node, path);
  if (isMap(node))
    for (const p of node.items)
      visit(p.value, fn, [...path, String(isScalar(p.key) ? p.key.value : p.key)], depth + 1);
  else if (isSeq(node))
    node.items.forEach((v, i) => {
      visit(v, fn, [...path, String(i)], depth + 1);
    });
}

type YamlMap = Parameters<Parameters<typeof visit>[1]>[0];

/** compose `environment` (map or list), Kubernetes `env` (name/value), ConfigMap `data`, Secret `stringData`. */
function readYamlEnv(
  node: YamlMap,
  kind: unknown,
  path: string[],
  where: string,
  loc: (o: number) => Location,
  facts: DeployFacts,
): void {
  if (!isMap(node)) return;
  const push = (variable: string, v: unknown) => {
    if (isScalar(v) && v.value !== null)
      facts.env.push({ variable, value: String(v.value), location: loc(v.range?.[0] ?? 0), where });
  };
  const pairsOf = (m: unknown) => {
    if (isMap(m)) for (const p of m.items) if (isScalar(p.key)) push(String(p.key.value), p.value);
  };
  const environment = node.get("environment", true);
  pairsOf(environment);
  if (isSeq(environment))
    for (const item of environment.items) {
      const m = isScalar(item) ? /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(String(item.value)) : null;
      if (m)
        facts.env.push({
          variable: m[1] as string,
          value: m[2] as string,
          location: loc((item as YamlNode).range?.[0] ?? 0),
          where,
        });
    }
  const env = node.get("env", true);
  if (isSeq(env))
    for (const item of env.items) {
      const n = isMap(item) ? item.get("name") : undefined;
      if (isMap(item) && typeof n === "string") push(n, item.get("value", true));
    }
  if (path.length === 0 && kind === "ConfigMap") pairsOf(node.get("data", true));
  if (path.length === 0 && kind === "Secret") pairsOf(node.get("stringData", true));
}
