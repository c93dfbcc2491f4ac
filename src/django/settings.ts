import type { Parser } from "web-tree-sitter";
import { standardLibrary } from "../python/builtins.js";
import { deployedBy, ENVIRON_WRITE, type SuppliedEnv } from "../python/env.js";
import { type ImportAnswer, Interpreter, type Scenario } from "../python/interpreter.js";
import { firstSyntaxError, indentationDepth, MAX_INDENT_LEVELS } from "../python/parser.js";
import { asString, type Origin, type PyValue } from "../python/value.js";
import { buildAliases, type PgEnvironment } from "./databases.js";
import { djangoLibraries } from "./libraries.js";
import type { Diagnostic, SettingsView } from "./model.js";
import {
  isDevelopmentModule,
  looksLikeSettings,
  type ModuleIndex,
  type PyModule,
  type SettingsModuleHint,
} from "./project.js";

export interface SettingsEvaluation {
  views: SettingsView[];
  diagnostics: Diagnostic[];
  /** The module treated as production, when one was named or found. */
  production?: { module: string; source: string };
  /** Files that looked like settings modules (or were named as one), whether or not they could be evaluated. */
  candidates: string[];
}

export interface SettingsOptions {
  env: SuppliedEnv;
  pgEnv: PgEnvironment;
  /**
   * The environment of one project (by its source root), when the deployment gives projects different ones; the
   * default is `env`/`pgEnv` for all.
   */
  envFor?: (sourceRoot: string) => { env: SuppliedEnv; pgEnv: PgEnvironment };
  /** --settings */
  settingsModule?: string;
  /** A module to evaluate as development settings even if nothing else names it (the one a dev service runs). */
  developmentModule?: string;
  hints: readonly SettingsModuleHint[];
}

interface Evaluated {
  scenarios: Scenario[];
  /** What the module's views show: one per django-configurations class when it has any, else `scenarios`. */
  viewScenarios?: Scenario[];
  /** Project modules this one imported. */
  imports: Set<PyModule>;
  ok: boolean;
}

function librariesFor(env: SuppliedEnv) {
  return [standardLibrary(env), djangoLibraries(env)];
}

/**
 * Evaluates every settings module of the tree (never running it) and returns one view per module and outcome.
 * Modules only ever star-imported by other settings modules (base.py) are evaluated as part of those and not
 * reported on their own, unless they are named as the settings module.
 */
export function evaluateSettings(
  parser: Parser,
  index: ModuleIndex,
  opts: SettingsOptions,
): SettingsEvaluation {
  const diagnostics: Diagnostic[] = [];
  const cache = new Map<PyModule, Evaluated>();
  const inProgress = new Set<PyModule>();
  const scoped = new Map<
    string,
    { pgEnv: PgEnvironment; libraries: ReturnType<typeof librariesFor>; env: SuppliedEnv }
  >();
  // Syntax trees live until every module is evaluated: a function or class one module defines is inlined where
  // another calls it, after the defining module's own evaluation ended.
  const trees: { delete(): void }[] = [];
  const scope = (sourceRoot: string) => {
    let s = scoped.get(sourceRoot);
    if (!s) {
      const e = opts.envFor?.(sourceRoot) ?? opts;
      s = { pgEnv: e.pgEnv, libraries: librariesFor(e.env), env: e.env };
      scoped.set(sourceRoot, s);
    }
    return s;
  };

  const evaluate = (mod: PyModule, importedFrom?: Origin): Evaluated => {
    const cached = cache.get(mod);
    if (cached) return cached;
    const empty: Evaluated = {
      scenarios: [{ ns: new Map(), conditions: [] }],
      imports: new Set(),
      ok: false,
    };
    if (inProgress.has(mod)) {
      diagnostics.push({
        origin: importedFrom ?? { file: mod.file.path, line: 1, column: 1 },
        reason: `import cycle: ${mod.name} is imported again while it is being evaluated`,
        module: mod.name,
      });
      return empty;
    }
    const text = mod.file.text;
    if (text === undefined) {
      cache.set(mod, empty);
      return empty; // the unreadable file is reported once, by the scan of files
    }
    const tree = parser.parse(text);
    if (!tree) {
      if (indentationDepth(text) > MAX_INDENT_LEVELS)
        diagnostics.push({
          origin: { file: mod.file.path, line: 1, column: 1 },
          reason: `syntax error: more than ${MAX_INDENT_LEVELS} levels of indentation (Python's own limit)`,
          module: mod.name,
        });
      cache.set(mod, empty);
      return empty;
    }
    try {
      const err = firstSyntaxError(tree);
      if (err) {
        diagnostics.push({
          origin: { file: mod.file.path, ...err },
          reason: "syntax error: the module cannot be imported",
          module: mod.name,
        });
        cache.set(mod, empty);
        return empty;
      }
      inProgress.add(mod);
      const imports = new Set<PyModule>();
      const interp = new Interpreter({
        file: mod.file.path,
        module: mod.name,
        isPackage: mod.isPackage,
        libraries: scope(mod.sourceRoot).libraries,
        importModule: (req): ImportAnswer => {
          const target = index.find(req.module, mod.sourceRoot);
          if (target) {
            imports.add(target);
            const result = evaluate(target, req.origin);
            return { scenarios: result.scenarios };
          }
          if (index.isProjectPackage(req.module, mod.sourceRoot)) return { missing: true };
          for (const lib of scope(mod.sourceRoot).libraries) {
            const ext = lib.importModule(req.module);
            if (ext) return { external: ext };
          }
          return { external: { kind: "object", ref: `module:${req.module}` } };
        },
      });
      const scenarios = interp.run(tree.rootNode, new Map<string, PyValue>());
      const viewScenarios = interp.configurationScenarios(
        scenarios,
        scope(mod.sourceRoot).env.get("DJANGO_CONFIGURATION"),
      );
      for (const d of interp.diagnostics) diagnostics.push({ ...d, module: mod.name });
      const result: Evaluated = { scenarios, viewScenarios, imports, ok: true };
      cache.set(mod, result);
      return result;
    } finally {
      inProgress.delete(mod);
      trees.push(tree);
    }
  };

  const named = new Set<string>();
  let production: SettingsEvaluation["production"];
  if (opts.settingsModule) {
    named.add(opts.settingsModule);
    production = { module: opts.settingsModule, source: "--settings" };
    if (!index.find(opts.settingsModule)) {
      diagnostics.push({
        origin: { file: ".", line: 1, column: 1 },
        reason: `--settings ${opts.settingsModule}: no such module in the scanned tree`,
      });
    }
  }
  const supplied = opts.env.get("DJANGO_SETTINGS_MODULE");
  if (!production && supplied)
    production = {
      module: supplied,
      source: `DJANGO_SETTINGS_MODULE ${deployedBy(opts.env, "DJANGO_SETTINGS_MODULE") ?? "in the environment"}`,
    };
  // A hint that names a development module (a compose file for local work, manage.py's usual default) never
  // outranks one that names another module: production is what the deployment runs, not what developers run.
  const devRank = (h: SettingsModuleHint) => (isDevelopmentModule(h.module) ? 1 : 0);
  const best = [...opts.hints].sort((a, b) => devRank(a) - devRank(b) || b.priority - a.priority)[0];
  if (!production && best) production = { module: best.module, source: best.source };
  for (const h of opts.hints) named.add(h.module);
  if (supplied) named.add(supplied);
  if (opts.developmentModule) named.add(opts.developmentModule);

  const candidates = index.modules.filter((m) => named.has(m.name) || looksLikeSettings(m));
  try {
    for (const m of candidates) evaluate(m);
  } finally {
    for (const t of trees) t.delete();
  }
  const partials = new Set<PyModule>();
  // A module that imports itself (`from app.settings import *` in app.settings) is not a part of itself.
  for (const m of candidates) for (const imp of cache.get(m)?.imports ?? []) if (imp !== m) partials.add(imp);

  const views: SettingsView[] = [];
  for (const m of candidates) {
    if (partials.has(m) && !named.has(m.name)) continue;
    const result = cache.get(m);
    if (!result?.ok) continue;
    const isProduction = production?.module === m.name;
    const development = (isDevelopmentModule(m.name) && !isProduction) || m.name === opts.developmentModule;
    for (const sc of result.viewScenarios ?? result.scenarios) {
      const settings = sc.ns;
      const origin = { file: m.file.path, line: 1, column: 1 };
      views.push({
        module: m.name,
        file: m.file.path,
        development,
        production: isProduction,
        condition: sc.conditions.length > 0 ? sc.conditions.join(" and ") : null,
        settings,
        databases: buildAliases(
          settings.get("DATABASES"),
          withEnvironWrites(scope(m.sourceRoot).pgEnv, settings),
          settings.get("DATABASES")?.origin ?? origin,
          development,
        ),
      });
    }
  }
  return {
    views,
    diagnostics: dedupe(diagnostics),
    ...(production ? { production } : {}),
    candidates: candidates.map((m) => m.file.path),
  };
}

/**
 * psycopg2 connects inside the Django process, so libpq sees what the settings themselves put into os.environ:
 * an assignment wins over the deployment's value, a setdefault only fills a gap.
 */
function withEnvironWrites(pgEnv: PgEnvironment, ns: ReadonlyMap<string, PyValue>): PgEnvironment {
  return {
    get(name) {
      const written = ns.get(`${ENVIRON_WRITE}${name}`);
      const text = written ? asString(written) : undefined;
      if (written === undefined || text === undefined) return pgEnv.get(name);
      const outside = pgEnv.get(name);
      if (written.via === "setdefault" && outside) return outside;
      return { value: text, ...(written.origin ? { origin: written.origin } : {}), supplied: false };
    },
  };
}

function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.origin.file}:${d.origin.line}:${d.reason}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
