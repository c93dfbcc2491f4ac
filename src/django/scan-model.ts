import { posix } from "node:path";
import {
  baseOf,
  dirOf,
  isDeferred,
  isDependencyFile,
  problemOf,
  type SourceFile,
  textLines,
} from "../core/files.js";
import { mayContain } from "../core/prefilter.js";
import { djangoServiceEnv, type ServiceEnv } from "../deploy/django-service-env.js";
import { imageCopies } from "../deploy/image-copies.js";
import { readDeployFiles, type YamlReader } from "../deploy/read-deploy.js";
import type { SuppliedEnv } from "../python/env.js";
import type { PythonParser } from "../python/parser.js";
import type { EnvSource } from "../python/value.js";
import { type PgEnvironment, pgEnvironment } from "./databases.js";
import { isEnvFileName, parseEnvFile } from "./env-file.js";
import { type LibpqFacts, readLibpqFacts } from "./libpq-version.js";
import type { Diagnostic, KeyFile, ScanModel, UrlLiteral } from "./model.js";
import { findSettingsHints, indexModules, isDevelopmentModule } from "./project.js";
import { dockerWorkdirs, isServiceFileName, readServiceFiles, treePathOf } from "./service-file.js";
import { evaluateSettings } from "./settings.js";
import { isTemplateFileName } from "./templates.js";

export interface ScanModelOptions {
  /** Reads YAML deployment files; the caller loads it only when the tree has YAML (it costs ~20 ms to load). */
  readYaml?: YamlReader;
  env: SuppliedEnv;
  /** Reads a file the walk did not (an env file a compose service names by another name); none by default. */
  readFile?: (path: string) => SourceFile | undefined;
  /** All file paths of the tree; defaults to the files given. */
  treePaths?: Iterable<string>;
  settingsModule?: string;
  /** The scanned root, absolute: an absolute PGSERVICEFILE under it names a file of the tree. */
  root?: string;
}

export interface BuiltScanModel {
  model: ScanModel;
  production?: { module: string; source: string };
  /** Settings modules evaluated (for the summary). */
  modules: string[];
  /** Files that looked like settings modules, evaluated or not (a syntax error leaves one out of `modules`). */
  candidates: string[];
  /** The deployment services whose environments the settings were evaluated with (one per project). */
  services: { name: string; variables: string[]; others: string[] }[];
  /** The environment the root project's settings were evaluated with: what `scan --runtime` imports them with. */
  evaluationEnv: ReadonlyMap<string, string>;
}

const URL_LITERAL = /\b(postgres|postgresql|pgsql|postgis|cockroach|cockroachdb):\/\/[^\s'"`<>\\)]+/g;

/** Finds database URLs written in a file, with their line and column. */
export function findUrlLiterals(text: string, file: string, context: string): UrlLiteral[] {
  const found: UrlLiteral[] = [];
  if (!mayContain(text, "://")) return found;
  textLines(text).forEach((line, i) => {
    for (const m of line.matchAll(URL_LITERAL)) {
      // A URL built with an f-string or format placeholder is not a literal anyone can read off.
      if (/[{}]|\$\{?[A-Z_]/.test(m[0])) continue;
      found.push({ url: m[0], origin: { file, line: i + 1, column: (m.index ?? 0) + 1 }, context });
    }
  });
  return found;
}

/** From the files of a tree to everything the rules look at. */
export function buildScanModel(
  parser: PythonParser,
  walked: readonly SourceFile[],
  opts: ScanModelOptions,
): BuiltScanModel {
  const diagnostics: Diagnostic[] = [];
  // A deferred Python file holds none of the deployment readers' literals: it is theirs only as an env_file.
  const deployInput = (also: ReadonlySet<string>) =>
    walked.flatMap((f) =>
      (isDeferred(f) && !also.has(f.path)) || f.text === undefined ? [] : [{ path: f.path, text: f.text }],
    );
  let deploy = readDeployFiles(deployInput(new Set()), opts.readYaml);
  // Env files by name, and whatever a compose service names in env_file (`config/web-env` is one too).
  const referenced = new Set(deploy.units.flatMap((u) => u.envFiles));
  if (walked.some((f) => isDeferred(f) && referenced.has(f.path)))
    deploy = readDeployFiles(deployInput(referenced), opts.readYaml);
  const have = new Set(walked.map((f) => f.path));
  const extra = [...referenced].flatMap((p) => (have.has(p) ? [] : (opts.readFile?.(p) ?? [])));
  const files = extra.length > 0 ? [...walked, ...extra] : walked;
  const isEnvFile = (path: string) => isEnvFileName(baseOf(path)) || referenced.has(path);
  const envFiles = files
    .filter((f) => isEnvFile(f.path) && f.text !== undefined)
    .map((f) => ({ file: f.path, vars: parseEnvFile(f.text as string, f.path) }))
    // The env file nearest the root is the likeliest to be the deployment's.
    .sort(
      (a, b) =>
        a.file.split("/").length - b.file.split("/").length ||
        (a.file < b.file ? -1 : a.file > b.file ? 1 : 0),
    );
  // What every reader below but the module index takes: a deferred file holds none of their literals, and
  // none of them reads a Python file by name (a file named in a setting is looked up among all of them).
  const read = files.filter((f) => !isDeferred(f));
  const urlLiterals: UrlLiteral[] = [];
  for (const f of read) {
    if (f.text === undefined) continue;
    // A settings template (settings.py.j2, local_settings.py.example) is read since this issue: named as such.
    const context = f.path.endsWith(".py")
      ? "Python source"
      : isTemplateFileName(posix.basename(f.path))
        ? "settings template"
        : isEnvFile(f.path)
          ? "env file"
          : "deployment file";
    urlLiterals.push(...findUrlLiterals(f.text, f.path, context));
  }
  const keyFiles: KeyFile[] = files
    .filter((f) => f.path.endsWith(".key"))
    .map((f) => ({ file: f.path, mode: f.mode, uid: f.uid }));
  const envFileVars = (path: string) => envFiles.find((f) => f.file === path)?.vars;
  const byPath = new Map(files.map((f) => [f.path, f]));
  const placed = imageCopies(read, (p) => byPath.has(p)).flatMap((c) => {
    const file = byPath.get(c.from);
    return file ? [{ file, at: c.to }] : [];
  });
  const index = indexModules(files, placed);
  // Each project is evaluated with the environment of its own Django service (a monorepo has several).
  const roots = new Set(
    index.modules.filter((m) => /(^|\.)settings(\.|$)/.test(m.name)).map((m) => m.sourceRoot),
  );
  const used = new Map<string, ServiceEnv>();
  // Once per source root: the tree-wide lookup below and the evaluator's own for root "" are the same one.
  const scoped = new Map<
    string,
    { env: SuppliedEnv; pgEnv: ReturnType<typeof pgEnvironment>; service?: ServiceEnv }
  >();
  // A service that runs a development settings module (compose `web` with DJANGO_SETTINGS_MODULE=….dev) is the
  // developers' environment: its values describe that module only, never what production supplies.
  const devServices: { module: string; service: ServiceEnv; root: string }[] = [];
  const envFor = (root: string) => {
    let found = scoped.get(root);
    if (!found) {
      let service = djangoServiceEnv(deploy, envFileVars, { root, singleProject: roots.size <= 1 });
      const runs = service?.vars.get("DJANGO_SETTINGS_MODULE")?.value;
      if (service && runs && isDevelopmentModule(runs) && runs !== opts.settingsModule) {
        devServices.push({ module: runs, service, root });
        service = undefined;
      }
      const env = withServiceEnv(opts.env, service);
      found = { env, pgEnv: pgEnvironment(env, envFiles), ...(service ? { service } : {}) };
      scoped.set(root, found);
    }
    return found;
  };
  // The tree-wide env decides which module is production (DJANGO_SETTINGS_MODULE of the root project's service).
  const { env, pgEnv } = envFor("");
  const treePaths = new Set(opts.treePaths ?? files.map((f) => f.path));
  const services = serviceFilesOf(read, opts, envFiles, deploy.env, treePaths);
  diagnostics.push(...services.diagnostics);
  const evaluation = evaluateSettings(parser, index, {
    env,
    pgEnv,
    services: services.context,
    envFor: (root) => {
      const found = envFor(root);
      if (found.service) used.set(found.service.service, found.service);
      return found;
    },
    hints: findSettingsHints(read),
    ...(opts.settingsModule ? { settingsModule: opts.settingsModule } : {}),
  });
  diagnostics.push(...evaluation.diagnostics);
  // The development module a development service runs is judged with that service's environment.
  for (const dev of devServices) {
    if (!evaluation.views.some((v) => v.module === dev.module)) continue;
    const env = withServiceEnv(opts.env, dev.service);
    const again = evaluateSettings(parser, index, {
      env,
      pgEnv: pgEnvironment(env, envFiles),
      hints: [],
      developmentModule: dev.module,
      services: services.context,
    });
    const views = again.views.filter((v) => v.module === dev.module);
    if (views.length === 0) continue;
    evaluation.views = [...evaluation.views.filter((v) => v.module !== dev.module), ...views];
    used.set(dev.service.service, dev.service);
  }
  // The walk's read problems, first as they always were; a deferred file's only once evaluation read it.
  diagnostics.unshift(
    ...walked.flatMap((f) => {
      const problem = problemOf(f);
      return problem && !f.path.endsWith(".key")
        ? [{ origin: { file: f.path, line: 1, column: 1 }, reason: problem }]
        : [];
    }),
  );
  return {
    model: {
      views: evaluation.views,
      envFiles,
      urlLiterals,
      keyFiles,
      diagnostics,
      deploy,
      treePaths,
      libpq: libpqFactsOf(read),
      ...(services.context.files.length > 0 ? { serviceFiles: [...services.context.files] } : {}),
    },
    ...(evaluation.production ? { production: evaluation.production } : {}),
    modules: [...new Set(evaluation.views.map((v) => v.module))],
    candidates: evaluation.candidates,
    services: [...used.values()].map((v) => ({
      name: v.service,
      variables: [...v.vars.keys()].sort(),
      others: v.others,
    })),
    evaluationEnv: runtimeEnv(opts.env, env, pgEnv),
  };
}

/**
 * libpq service files of the tree: every pg_service.conf/.pg_service.conf, and the files a PGSERVICEFILE or
 * PGSYSCONFDIR value anywhere (supplied, env files, deployment env) names inside the tree, read on request like a
 * compose env_file. Bounded by the walk's file limit and the reader's own (WW000 past them).
 */
function serviceFilesOf(
  files: readonly SourceFile[],
  opts: ScanModelOptions,
  envFiles: readonly { vars: Map<string, { value: string }> }[],
  deployEnv: readonly { variable: string; value: string }[],
  treePaths: ReadonlySet<string>,
) {
  const byPath = new Map(files.map((f) => [f.path, f]));
  // The model's own set of the tree's paths, not a copy of its 15,000 (issue 22).
  const exists = (p: string) => treePaths.has(p) || byPath.has(p);
  const workdirs = dockerWorkdirs(files);
  const treePath = (value: string) =>
    treePathOf(value, { ...(opts.root ? { root: opts.root } : {}), workdirs, exists });
  const values: string[] = [];
  const note = (variable: string, value: string | undefined) => {
    if (value === undefined) return;
    values.push(variable === "PGSYSCONFDIR" ? `${value.replace(/\/+$/, "")}/pg_service.conf` : value);
  };
  for (const variable of ["PGSERVICEFILE", "PGSYSCONFDIR"]) {
    note(variable, opts.env.get(variable));
    for (const f of envFiles) note(variable, f.vars.get(variable)?.value);
    for (const e of deployEnv) if (e.variable === variable) note(variable, e.value);
  }
  const chosen = new Map<string, SourceFile>();
  for (const f of files) if (isServiceFileName(posix.basename(f.path))) chosen.set(f.path, f);
  for (const v of values) {
    const p = treePath(v);
    if (p === undefined || chosen.has(p)) continue;
    const f = byPath.get(p) ?? opts.readFile?.(p);
    if (f) chosen.set(p, f);
  }
  const read = readServiceFiles([...chosen.values()].sort((a, b) => (a.path < b.path ? -1 : 1)));
  return { context: { files: read.files, treePath }, diagnostics: read.diagnostics };
}

/**
 * The Django service's deployment env under what the user supplied (--env-file, the process environment): the
 * deployment files say what production sets, the user's values say what they know better.
 */
/** The libpq majors the project may load, from its dependency files and Dockerfiles. */
function libpqFactsOf(files: readonly SourceFile[]): LibpqFacts {
  const text = (f: SourceFile) => (f.text === undefined ? [] : [{ path: f.path, text: f.text }]);
  const deps = files.filter((f) => isDependencyFile(baseOf(f.path), baseOf(dirOf(f.path)))).flatMap(text);
  const dockerfiles = files
    .filter((f) => /^(Dockerfile|Containerfile)(\..*)?$|\.dockerfile$/i.test(baseOf(f.path)))
    .flatMap(text);
  return readLibpqFacts(deps, dockerfiles);
}

export function withServiceEnv(supplied: SuppliedEnv, service: ServiceEnv | undefined): SuppliedEnv {
  if (!service) return supplied;
  const values = new Map<string, string>();
  const sources = new Map<string, EnvSource>();
  for (const [k, v] of service.vars) {
    values.set(k, v.value);
    sources.set(k, v.source);
  }
  for (const [k, v] of supplied) {
    values.set(k, v);
    sources.delete(k);
  }
  return Object.assign(values, { sources });
}

/** The libpq variables static evaluation reads from the tree's env files too (PgEnvironment), for `--runtime`. */
const LIBPQ_CHANNEL_VARIABLES = [
  "PGSSLMODE",
  "PGSSLROOTCERT",
  "PGSSLCERT",
  "PGSSLKEY",
  "PGSSLNEGOTIATION",
  "PGCHANNELBINDING",
  "PGREQUIREAUTH",
  "PGSSLMINPROTOCOLVERSION",
  "PGSERVICE",
  "PGSERVICEFILE",
];

/**
 * The environment `scan --runtime` imports the settings with: the one static evaluation used, plus the libpq
 * variables it took from the tree's env files (a .env that sets PGSSLMODE): both sides then judge the same values.
 */
function runtimeEnv(
  supplied: ReadonlyMap<string, string>,
  env: ReadonlyMap<string, string>,
  pgEnv: PgEnvironment,
): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  // What the tree's own files (a compose service) add must not change how the interpreter starts: the child's
  // network guard is installed by Python code, after the loader and site have run.
  for (const [name, value] of env)
    if (supplied.has(name) || !STARTUP_VARIABLE.test(name)) out.set(name, value);
  for (const name of LIBPQ_CHANNEL_VARIABLES) {
    const v = pgEnv.get(name);
    if (!out.has(name) && v !== undefined) out.set(name, v.value);
  }
  return out;
}

/** Variables that change what a process loads before its first line runs (the loader's, Python's start-up). */
const STARTUP_VARIABLE = /^(LD_|DYLD_)|^PYTHON(STARTUP|HOME|PATH|INSPECT|USERBASE|EXECUTABLE|PLATLIBDIR)$/;
