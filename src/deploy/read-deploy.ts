import { posix } from "node:path";
import { isMap, isScalar, isSeq, parseAllDocuments, type Node as YamlNode } from "yaml";
import type { Location } from "../core/finding.js";
import type { DeployFacts, HbaRule } from "./model.js";

const FLAGS = ["--insecure", "--accept-sql-without-tls", "--unencrypted-localhost-http"] as const;
/** Aliases a real manifest uses are a handful; more is a billion-laughs document. */
const MAX_ALIASES = 100;

export interface DeployFile {
  path: string;
  text: string;
}

function locator(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
  };
}

const isYaml = (p: string) => /\.ya?ml$/i.test(p);
const isDockerfile = (b: string) => /^(Dockerfile|Containerfile)(\..*)?$|\.dockerfile$/i.test(b);
const isScriptLike = (p: string, b: string) =>
  /\.(sh|bash)$/i.test(b) ||
  /^(Procfile|Makefile|GNUmakefile|makefile)$/.test(b) ||
  /(^|\/)\.github\/workflows\//.test(p);

/** Tokens of a shell-ish command string, with their offsets. */
function tokens(s: string, base: number): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  const re = /[^\s"'=]+(?:=[^\s"']*)?|"[^"]*"|'[^']*'/g;
  for (let m = re.exec(s); m; m = re.exec(s))
    out.push({ text: m[0].replace(/^["']|["']$/g, ""), offset: base + m.index });
  return out;
}

/** The flags of a `cockroach start`/`start-single-node` invocation among these tokens. */
function cockroachFlags(
  toks: { text: string; offset: number }[],
): { flag: (typeof FLAGS)[number]; offset: number }[] {
  const i = toks.findIndex((t) => /(^|\/)cockroach$/.test(t.text));
  const startAt = toks.findIndex((t, k) => (i < 0 || k > i) && /^start(-single-node)?$/.test(t.text));
  // Kubernetes often splits `command: [cockroach]` from `args: [start, …]`; a bare `start` with cockroach flags counts.
  if (startAt < 0) return [];
  if (
    i < 0 &&
    !toks.some((t) => /^--(join|certs-dir|insecure|advertise-addr|store|listen-addr|sql-addr)/.test(t.text))
  )
    return [];
  const out: { flag: (typeof FLAGS)[number]; offset: number }[] = [];
  for (const t of toks.slice(startAt)) {
    const f = FLAGS.find((x) => t.text === x || t.text.startsWith(`${x}=`));
    if (f && !/=(false|0)$/i.test(t.text)) out.push({ flag: f, offset: t.offset });
  }
  return out;
}

/** Reads every deployment file of the tree for the WW2xx rules. */
export function readDeployFiles(files: readonly DeployFile[]): DeployFacts {
  const facts: DeployFacts = { env: [], cockroachFlags: [], tlsOff: [], hba: [], problems: [] };
  for (const f of files) {
    const base = posix.basename(f.path);
    const at = locator(f.text);
    const loc = (offset: number): Location => ({ file: f.path, ...at(offset) });
    const addFlags = (toks: { text: string; offset: number }[], where: string) => {
      for (const hit of cockroachFlags(toks))
        facts.cockroachFlags.push({
          flag: hit.flag,
          location: loc(hit.offset),
          where,
          command: toks
            .map((t) => t.text)
            .join(" ")
            .slice(0, 200),
        });
    };
    if (isYaml(f.path)) readYaml(f, loc, addFlags, facts);
    else if (isDockerfile(base)) {
      const re = /^\s*(CMD|ENTRYPOINT|RUN)\s+(.*)$/gim;
      for (let m = re.exec(f.text); m; m = re.exec(f.text))
        addFlags(
          tokens(m[2] as string, m.index + m[0].indexOf(m[2] as string)),
          `Dockerfile ${m[1]?.toUpperCase()}`,
        );
      readDockerfileEnv(f.text, loc, facts);
    } else if (isScriptLike(f.path, base)) {
      let offset = 0;
      for (const line of f.text.split("\n")) {
        if (!line.trimStart().startsWith("#")) addFlags(tokens(line, offset), base);
        offset += line.length + 1;
      }
    }
    if (base === "pg_hba.conf" || base.endsWith(".hba.conf"))
      readHba(f.text, 0, loc, "pg_hba.conf", facts.hba);
    const setting =
      /SET\s+CLUSTER\s+SETTING\s+server\.host_based_authentication\.configuration\s*=\s*'((?:[^']|'')*)'/gi;
    for (let m = setting.exec(f.text); m; m = setting.exec(f.text))
      readHba(
        (m[1] as string).replace(/''/g, "'"),
        m.index + m[0].indexOf("'") + 1,
        loc,
        "cluster setting",
        facts.hba,
      );
  }
  return facts;
}

function readYaml(
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

const LOCAL = /^(127\.\d+\.\d+\.\d+(\/\d+)?|::1(\/128)?|localhost|samehost|samenet)$/i;

/** `host`/`hostnossl` entries that are not `reject` and not local only (WW204). */
function readHba(
  text: string,
  base: number,
  loc: (o: number) => Location,
  source: HbaRule["source"],
  out: HbaRule[],
): void {
  let offset = base;
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*/, "").trim();
    const f = line.split(/\s+/);
    if ((f[0] === "host" || f[0] === "hostnossl") && f.length >= 4) {
      // host DATABASE USER ADDRESS METHOD (PostgreSQL); CockroachDB's HBA has the same columns.
      const address = f[3] as string;
      const method = (/^\d+\.\d+\.\d+\.\d+$/.test(address) ? f[5] : f[4]) ?? "";
      if (!LOCAL.test(address) && method !== "reject")
        out.push({ location: loc(offset + raw.indexOf(f[0] as string)), line, source });
    }
    offset += raw.length + 1;
  }
}

/** `ENV K=V K2="v 2"` and the legacy `ENV K V`. */
function readDockerfileEnv(text: string, loc: (o: number) => Location, facts: DeployFacts): void {
  const env = /^\s*ENV\s+(.*)$/gim;
  for (let m = env.exec(text); m; m = env.exec(text)) {
    const body = m[1] as string;
    const start = m.index + m[0].indexOf(body);
    const pairs = /([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|\S*)/g;
    let any = false;
    for (let p = pairs.exec(body); p; p = pairs.exec(body)) {
      any = true;
      const value = (p[2] as string).replace(/^["']|["']$/g, "");
      facts.env.push({
        variable: p[1] as string,
        value,
        location: loc(start + p.index),
        where: "Dockerfile ENV",
      });
    }
    const legacy = /^([A-Za-z_][A-Za-z0-9_]*)\s+(.+)$/.exec(body.trim());
    if (!any && legacy)
      facts.env.push({
        variable: legacy[1] as string,
        value: (legacy[2] as string).trim(),
        location: loc(start),
        where: "Dockerfile ENV",
      });
  }
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
