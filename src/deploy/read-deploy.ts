import { posix } from "node:path";
import type { Location } from "../core/finding.js";
import { mayContain, mayContainIgnoringCase, prefiltersOn } from "../core/prefilter.js";
import { type ParsedYaml, readClusterNodes } from "./cluster-nodes.js";
import { envByUnit, layeredEnv } from "./django-service-env.js";
import { type DockerfileRead, readDockerfile, stageCommand, stageEnv } from "./dockerfile.js";
import { parseEnvFile } from "./env-file.js";
import { readHba } from "./hba.js";
import { readHelmValues } from "./helm.js";
import { locator } from "./locate.js";
import type { DeployFacts, Pooler } from "./model.js";
import { isPgbouncerIni, poolerOfUnit, readPgbouncerIni } from "./pgbouncer.js";
import { builtFrom, type PoolerConfigFile, poolerConfigFile } from "./pooler-config.js";

const FLAGS = ["--insecure", "--accept-sql-without-tls", "--unencrypted-localhost-http"] as const;
/** Aliases a real manifest uses are a handful; a document with more is not expanded (a WW000). */
export const MAX_ALIASES = 1000;
/** Nodes the aliases of one document may stand for in all; more is a billion-laughs document. */
export const MAX_ALIAS_EXPANSION = 100_000;

/** Reads one YAML file into `facts` (src/deploy/read-yaml.ts, loaded only when the tree has YAML). */
export type YamlReader = (
  f: DeployFile,
  loc: (offset: number) => Location,
  addFlags: (toks: { text: string; offset: number }[], where: string) => void,
  facts: DeployFacts,
  parsed?: ParsedYaml,
) => void;

export interface DeployFile {
  path: string;
  text: string;
}

export const isYaml = (p: string) => /\.ya?ml$/i.test(p);
const isDockerfile = (b: string) => /^(Dockerfile|Containerfile)(\..*)?$|\.dockerfile$/i.test(b);
const isScriptLike = (p: string, b: string) =>
  /\.(sh|bash)$/i.test(b) ||
  /^(Procfile|Makefile|GNUmakefile|makefile)$/.test(b) ||
  /(^|\/)\.github\/workflows\//.test(p);

/** Tokens of a shell-ish command string, with their offsets. */
export function tokens(s: string, base: number): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  const re = /[^\s"'=]+(?:=[^\s"']*)?|"[^"]*"|'[^']*'/g;
  for (let m = re.exec(s); m; m = re.exec(s))
    out.push({ text: m[0].replace(/^["']|["']$/g, ""), offset: base + m.index });
  return out;
}

const WEB_SERVER = /(^|\/)(gunicorn|uwsgi|daphne|uvicorn|hypercorn|waitress-serve|granian)$/;

/**
 * How sure we are that a command runs Django: 3 a WSGI/ASGI server, 2 `manage.py`/`django-admin`, 1 only
 * DJANGO_SETTINGS_MODULE in its environment, 0 no sign (a database, a cache).
 */
export function djangoRank(commandTokens: readonly string[], envNames: readonly string[]): number {
  // `sh -c "gunicorn …"` arrives as one token: look at its words.
  const words = commandTokens.flatMap((t) => t.split(/[\s;&|]+/));
  if (words.some((t) => WEB_SERVER.test(t))) return 3;
  if (words.some((t) => /(^|\/)(manage\.py|django-admin)$/.test(t))) return 2;
  return envNames.includes("DJANGO_SETTINGS_MODULE") ? 1 : 0;
}

/** YAML files up to this size are always parsed; a larger one only when mayHoldDeployKeys says it may matter. */
const SMALL_YAML_BYTES = 64 * 1024;
/**
 * A key read-yaml.ts reads (services, kind, env/environment, a command's keys, the operator's flag lists), unquoted,
 * as a block key at the start of a line (after indentation and `- `) or a flow-map key after `{` or `,`; or a
 * document in JSON style, whose keys are quoted.
 */
const DEPLOY_KEY =
  /(?:^[ \t]*(?:-[ \t]+)?|[{,][ \t]*)(?:services|kind|env|environment|entrypoint|command|args|run|script|additionalArgs|upsert|startFlags)[ \t]*:/m;

/** A package manager's lock file (`pnpm-lock.yaml`, `conda-lock.yml`, `x.lock.yaml`): generated, never deployment. */
const LOCK_FILE = /(?:^|[-.])lock\.ya?ml$/i;

/**
 * Whether a YAML file may hold a deployment fact: small ones and compose files (by name) always may, so a hostile
 * one is still read and reported (issue 22: a pre-filter, under the one switch). A large lock file may not, even
 * when a dependency's name looks like a key (`environment: 1.1.0`, paperless-ngx's 480 KB pnpm-lock.yaml).
 */
export function mayHoldDeployKeys(path: string, text: string): boolean {
  const base = posix.basename(path);
  if (!prefiltersOn() || /compose/i.test(base)) return true;
  if (isRecordedHttp(text) || isApiDescription(text)) return false;
  if (text.length <= SMALL_YAML_BYTES) return true;
  if (LOCK_FILE.test(base)) return false;
  return DEPLOY_KEY.test(text) || /^\s*[[{]/.test(text);
}

/** `openapi: 3.1.0` or `swagger: "2.0"` as a top-level key. */
const API_VERSION_KEY = /^(?:openapi|swagger)[ \t]*:[ \t]*["']?\d+\.\d+/m;

/**
 * An OpenAPI or Swagger description of an HTTP API: a single document with an `openapi:`/`swagger:` version at the
 * top. kobotoolbox's 800 KB schema took a second to parse, and its examples' `command:`/`env:` maps would be read as
 * a container's if it were. Never a deployment; a file with more than one document is parsed as any other.
 */
export function isApiDescription(text: string): boolean {
  if (!API_VERSION_KEY.test(text)) return false;
  const starts = text.match(/^---/gm)?.length ?? 0;
  return starts === 0 || (starts === 1 && /^(?:[ \t]*(?:#[^\n]*)?\r?\n)*---/.test(text));
}

/**
 * A recording of HTTP exchanges for tests (vcrpy, pytest-recording, Ruby's VCR): a document whose only top-level
 * keys are `interactions` and `version`. Saleor keeps 128 of them, DefectDojo 52: parsing them was a sixth of a
 * scan, and they hold requests and responses, never a deployment. Decided from the lines that start at column 0
 * (top-level keys, comments, `---`/`...`, and the items of `interactions`), without parsing.
 */
export function isRecordedHttp(text: string): boolean {
  let interactions = false;
  let version = false;
  for (let at = 0; at < text.length; ) {
    const end = text.indexOf("\n", at);
    const line = text.slice(at, end === -1 ? text.length : end).replace(/\r$/, "");
    at = end === -1 ? text.length : end + 1;
    if (line === "" || /^[ \t#]/.test(line) || line === "---" || line === "...") continue;
    // The recordings' list sits at the key's own indentation (`interactions:` then `- request:`).
    if (/^-(?:[ \t]|$)/.test(line) && interactions) continue;
    if (/^interactions:[ \t]*$/.test(line)) interactions = true;
    else if (/^version:[ \t]*\d+[ \t]*$/.test(line)) version = true;
    // A top-level item or any other key: not (only) a recording.
    else return false;
  }
  return interactions && version;
}

/** At most this many scripts are followed per command. */
const MAX_SCRIPT_REFS = 4;

/** The shell scripts a command runs (`sh /app/entrypoint.sh`, `./start.sh`), as written; never a computed path. */
export function scriptRefs(commandTokens: readonly string[]): string[] {
  const words = commandTokens.flatMap((t) => t.split(/[\s;&|]+/));
  return [...new Set(words.filter((w) => /\.(sh|bash)$/i.test(w) && !w.includes("$")))].slice(
    0,
    MAX_SCRIPT_REFS,
  );
}

/** The flags of a `cockroach start`/`start-single-node` invocation among these tokens. */
function cockroachFlags(
  toks: { text: string; offset: number }[],
): { flag: (typeof FLAGS)[number]; offset: number }[] {
  const i = toks.findIndex((t) => /(^|\/)cockroach$/.test(t.text));
  const startAt = toks.findIndex((t, k) => (i < 0 || k > i) && /^start(-single-node)?$/.test(t.text));
  // Kubernetes often splits `command: [cockroach]` from `args: [start, …]`; a bare `start` with cockroach flags counts.
  if (startAt < 0) return [];
  // `start-single-node` and the flags below are CockroachDB's own; a bare `start` needs one of those flags.
  if (
    i < 0 &&
    toks[startAt]?.text !== "start-single-node" &&
    !toks.some((t) =>
      /^--(join|certs-dir|insecure|advertise-addr|store|listen-addr|sql-addr|accept-sql-without-tls|unencrypted-localhost-http)/.test(
        t.text,
      ),
    )
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
export const MAX_YAML_NODES_PER_FILE = 100_000;
export const MAX_YAML_NODES_PER_RUN = 1_000_000;

/** An upper bound on a YAML text's nodes, counted without parsing it: line breaks, commas and openers. */
export function roughYamlNodes(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 44 || c === 91 || c === 123) n++;
  }
  return n;
}

export function readDeployFiles(files: readonly DeployFile[], readYaml?: YamlReader): DeployFacts {
  // Each Dockerfile as read, for the stages a compose build.target names (targetStageEnv).
  const dockerfiles = new Map<string, { read: DockerfileRead; loc: (offset: number) => Location }>();
  const facts: DeployFacts = {
    env: [],
    units: [],
    cockroachFlags: [],
    tlsOff: [],
    hba: [],
    operatorClusters: [],
    poolers: [],
    certRotationOff: [],
    certDurations: [],
    consoleIngress: [],
    problems: [],
  };
  let yamlNodesRead = 0;
  // Each YAML file parsed once: the node reader (cluster-nodes.ts) takes read-yaml.ts's documents.
  const parsedYaml: ParsedYaml = new Map();
  for (const f of files) {
    const base = posix.basename(f.path);
    const at = locator(f.text);
    const loc = (offset: number): Location => ({ file: f.path, ...at(offset) });
    const addFlags = (toks: { text: string; offset: number }[], where: string) => {
      const hits = cockroachFlags(toks);
      if (hits.length === 0) return;
      // Its first 200 characters, once per command: a line of 90 000 flags must not join them 90 000 times.
      let command = "";
      for (const t of toks) {
        command += `${command ? " " : ""}${t.text.slice(0, 200)}`;
        if (command.length >= 200) break;
      }
      command = command.slice(0, 200);
      for (const hit of hits)
        facts.cockroachFlags.push({ flag: hit.flag, location: loc(hit.offset), where, command });
    };
    // A large YAML file that holds none of the keys read-yaml.ts reads is data (recorded HTTP cassettes, fixtures,
    // translations): parsing it is most of some scans (9 MB of cassettes in one corpus project) and can yield nothing.
    if (isYaml(f.path) && !mayHoldDeployKeys(f.path, f.text)) continue;
    if (isYaml(f.path) && readYaml) {
      // The YAML library's cost grows with nodes, not bytes (a 1 MiB flow list: seconds and ~600 MiB): a file, and
      // the whole run, past a node bound is a WW000 instead of a stall.
      const nodes = roughYamlNodes(f.text);
      const over =
        nodes > MAX_YAML_NODES_PER_FILE
          ? `more than ${MAX_YAML_NODES_PER_FILE.toLocaleString("en-US")} nodes in this file`
          : yamlNodesRead + nodes > MAX_YAML_NODES_PER_RUN
            ? `more than ${MAX_YAML_NODES_PER_RUN.toLocaleString("en-US")} YAML nodes in this scan`
            : undefined;
      if (over) {
        facts.problems.push({
          location: loc(0),
          reason: `YAML not read: ${over} (deployment files are far smaller)`,
        });
        continue;
      }
      yamlNodesRead += nodes;
    }
    if (isYaml(f.path))
      try {
        readYaml?.(f, loc, addFlags, facts, parsedYaml);
      } catch (e) {
        // Whatever the YAML library throws on a document it accepted is a WW000 for that file, not a crash.
        facts.problems.push({
          location: loc(0),
          reason: `YAML not read: ${(e as Error).message.split("\n")[0]}`,
        });
      }
    else if (isDockerfile(base)) {
      // Logical lines, stages, ARG/ENV substitution: dockerfile.ts. Flags count in every stage (a build target may
      // run any of them); only the final stage's environment and command are the image's.
      const d = readDockerfile(f.text);
      dockerfiles.set(f.path, { read: d, loc });
      for (const c of d.commands) addFlags(c.tokens, `Dockerfile ${c.instruction}`);
      const key = `${f.path}#Dockerfile`;
      for (const e of d.runtimeEnv)
        facts.env.push({
          variable: e.variable,
          // Until DeployEnv can say "unknown", such a value goes as written: its `$` is what DeployEnv's readers take
          // for "not known here".
          value: e.unknown === undefined ? e.value : e.written,
          location: loc(e.offset),
          where: "Dockerfile ENV",
          unit: key,
        });
      for (const p of d.problems) facts.problems.push({ location: loc(p.offset), reason: p.reason });
      facts.units.push({
        key,
        where: f.path === base ? "Dockerfile" : `Dockerfile ${f.path}`,
        location: loc(0),
        djangoRank: djangoRank(
          d.runtimeCommand.map((t) => t.text),
          d.runtimeEnv.map((e) => e.variable),
        ),
        ...withScripts(d.runtimeCommand.map((t) => t.text)),
        envFrom: [],
        keyRefs: [],
        envFiles: [],
      });
    } else if (isScriptLike(f.path, base) && mayContain(f.text, ...FLAGS)) {
      // Only the node flags are taken from scripts: a script that names none of them has nothing to read.
      let offset = 0;
      for (const line of f.text.split("\n")) {
        if (!line.trimStart().startsWith("#")) addFlags(tokens(line, offset), base);
        offset += line.length + 1;
      }
    }
    if (isPgbouncerIni(base)) facts.poolers.push(readPgbouncerIni(f.path, f.text, loc));
    if (base === "pg_hba.conf" || base.endsWith(".hba.conf"))
      readHba(f.text, 0, loc, "pg_hba.conf", facts.hba);
    if (!mayContainIgnoringCase(f.text, "host_based_authentication")) continue;
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
  for (const u of facts.units) {
    const d = u.dockerfile ? dockerfiles.get(u.dockerfile) : undefined;
    const from = d ? builtFrom(d.read, u.dockerTarget) : undefined;
    if (from) u.baseImage = from;
  }
  const texts = new Map(files.map((f) => [f.path, f.text]));
  targetStageEnv(dockerfiles, facts);
  facts.poolers = withUnitPoolers(facts, texts);
  rankByImage(dockerfiles, facts);
  rankByScripts(files, facts);
  const locators = new Map<string, (offset: number) => { line: number; column: number }>();
  readHelmValues(files, facts, (file, offset) => {
    let at = locators.get(file);
    if (!at) {
      at = locator(texts.get(file) ?? "");
      locators.set(file, at);
    }
    return { file, ...at(offset) };
  });
  facts.clusterNodes = readClusterNodes(files, readYaml ? parsedYaml : undefined);
  return facts;
}

/**
 * The ini files read so far, plus the containers running a PgBouncer image (as written, or the image their Dockerfile
 * builds FROM), with the names clients reach them by (read-yaml.ts's hostNames). A container that runs with an ini of
 * the tree (bound in, or copied into its image) is configured by that file, not by its environment: it takes the
 * file's settings, and the file is no longer a pooler of its own.
 */
function withUnitPoolers(facts: DeployFacts, texts: ReadonlyMap<string, string>): Pooler[] {
  const out: Pooler[] = [];
  const configured = new Set<string>();
  // Not the cached index of django-service-env.ts: the readers are still adding to facts here.
  const byUnit = envByUnit(facts.env);
  const of = (unit: string) => byUnit.get(unit) ?? [];
  const envFile = (path: string) => {
    const text = texts.get(path);
    return text === undefined ? undefined : parseEnvFile(text, path);
  };
  for (const u of facts.units) {
    const image = u.image ?? u.baseImage;
    if (!image || !/pgbouncer/i.test(image)) continue;
    // Its findings point at the image line: the image (its version) decides PgBouncer's defaults.
    const unit = { where: u.where, location: u.imageAt ?? u.location, names: u.hostNames ?? [], image };
    const config = poolerConfigFile(u, (p) => texts.get(p));
    if (config) {
      const text = texts.get(config.path);
      if (text !== undefined) {
        const at = locator(text);
        const ini = readPgbouncerIni(config.path, text, (o) => ({ file: config.path, ...at(o) }));
        configured.add(config.path);
        out.push(configuredBy(poolerOfUnit(unit, []), ini, config));
      } else {
        const p = poolerOfUnit(unit, []);
        p.where = `${p.where}, configured by ${config.path} (${config.how})`;
        p.unknown = `its configuration ${config.path} (${config.how}) is not in the scanned tree`;
        out.push(p);
      }
      continue;
    }
    const { entries, unread } = layeredEnv(u, of, envFile);
    const pooler = poolerOfUnit(unit, entries);
    // Environment the scan cannot read (an env_file or ConfigMap outside the tree) may set the TLS variables.
    if (!pooler.settings.server_tls_sslmode && unread.length > 0)
      pooler.unknown = `its environment also comes from ${unread.slice(0, 3).join(", ")}, which the scanned tree does not hold and which may set its TLS variables`;
    out.push(pooler);
  }
  return [...facts.poolers.filter((p) => p.names.length > 0 || !configured.has(p.location.file)), ...out];
}

/** A container's pooler whose settings are those of the ini it runs with. */
function configuredBy(unit: Pooler, ini: Pooler, config: PoolerConfigFile): Pooler {
  return {
    ...ini,
    where: `${unit.where}, configured by ${config.path} (${config.how})`,
    names: unit.names,
    ...(unit.version ? { version: unit.version } : {}),
  };
}

/**
 * A compose service that builds a Dockerfile and writes no command of its own runs the image's ENTRYPOINT and CMD
 * (of the build.target stage, or the last): a gunicorn there makes it the service that runs Django.
 */
function rankByImage(
  dockerfiles: ReadonlyMap<string, { read: DockerfileRead; loc: (offset: number) => Location }>,
  facts: DeployFacts,
): void {
  for (const u of facts.units) {
    if (!u.dockerfile || u.commandWritten) continue;
    const d = dockerfiles.get(u.dockerfile);
    if (!d) continue;
    const command = u.dockerTarget ? stageCommand(d.read, u.dockerTarget) : d.read.runtimeCommand;
    const words = (command ?? []).map((t) => t.text);
    const rank = djangoRank(words, []);
    if (rank > u.djangoRank) u.djangoRank = rank;
    const scripts = scriptRefs(words);
    if (scripts.length > 0) u.scripts = [...new Set([...(u.scripts ?? []), ...scripts])];
  }
}

/** `{ scripts }` for a unit whose command runs shell scripts, else nothing. */
export const withScripts = (words: readonly string[]) => {
  const scripts = scriptRefs(words);
  return scripts.length > 0 ? { scripts } : {};
};

/**
 * A unit whose command runs a script of the tree (`sh /app/entrypoint.sh` → the tree's `entrypoint.sh`, the one whose
 * path shares the most trailing segments with the reference) is ranked by what that script runs: a WSGI/ASGI server
 * or manage.py there makes it the Django service. One level: a script the script runs is not followed.
 */
function rankByScripts(files: readonly DeployFile[], facts: DeployFacts): void {
  const byName = new Map<string, DeployFile[]>();
  for (const f of files)
    if (/\.(sh|bash)$/i.test(f.path)) {
      const base = posix.basename(f.path);
      byName.set(base, [...(byName.get(base) ?? []), f]);
    }
  if (byName.size === 0) return;
  const shared = (a: string, b: string) => {
    const x = a.split("/").reverse();
    const y = b.split("/").reverse();
    let n = 0;
    while (n < x.length && n < y.length && x[n] === y[n]) n++;
    return n;
  };
  for (const u of facts.units) {
    if (!u.scripts || u.djangoRank >= 3) continue;
    for (const ref of u.scripts) {
      const candidates = byName.get(posix.basename(ref)) ?? [];
      const script = candidates.reduce<DeployFile | undefined>(
        (best, f) => (!best || shared(f.path, ref) > shared(best.path, ref) ? f : best),
        undefined,
      );
      if (!script) continue;
      const words = script.text
        .split("\n")
        .filter((l) => !l.trimStart().startsWith("#"))
        .flatMap((l) => l.split(/\s+/));
      const rank = djangoRank(words, []);
      if (rank > u.djangoRank) u.djangoRank = rank;
    }
  }
}

/**
 * A compose service that builds a Dockerfile with `build.target` runs the image of that stage, not of the last one:
 * that stage's ENV (with the stages it starts FROM) is its environment, under the key `FILE#Dockerfile@TARGET`. Only
 * for targets a service names, so a builder stage's ENV never reads as anybody's runtime environment.
 */
function targetStageEnv(
  dockerfiles: ReadonlyMap<string, { read: DockerfileRead; loc: (offset: number) => Location }>,
  facts: DeployFacts,
): void {
  const done = new Set<string>();
  for (const u of facts.units) {
    if (!u.dockerfile || !u.dockerTarget) continue;
    const key = `${u.dockerfile}#Dockerfile@${u.dockerTarget.toLowerCase()}`;
    const d = dockerfiles.get(u.dockerfile);
    if (done.has(key) || !d) continue;
    done.add(key);
    for (const e of stageEnv(d.read, u.dockerTarget) ?? [])
      facts.env.push({
        variable: e.variable,
        value: e.unknown === undefined ? e.value : e.written,
        location: d.loc(e.offset),
        where: `Dockerfile ENV (stage ${u.dockerTarget})`,
        unit: key,
      });
  }
}
