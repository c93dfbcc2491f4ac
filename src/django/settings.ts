import { isDeferred, pythonText } from "../core/files.js";
import { standardLibrary } from "../python/builtins.js";
import { deployedBy, ENVIRON_WRITE, type SuppliedEnv } from "../python/env.js";
import {
  DATABASES_MAY_CHANGE,
  type ImportAnswer,
  type IncludeHook,
  Interpreter,
  MAYBE_DEFINED,
  type Scenario,
} from "../python/interpreter.js";
import {
  importRefusal,
  indentationDepth,
  MAX_INDENT_LEVELS,
  type Node,
  type PythonParser,
} from "../python/parser.js";
import { asString, type Origin, type PyValue, unknown } from "../python/value.js";
import { buildAliases, type PgEnvironment, type ServiceContext } from "./databases.js";
import { djangoLibraries } from "./libraries.js";
import type { Diagnostic, SettingsView } from "./model.js";
import {
  isDevelopmentModule,
  looksLikeSettings,
  type ModuleIndex,
  type PyModule,
  type SettingsModuleHint,
} from "./project.js";
import { type RenderedTemplate, renderTemplate } from "./templates.js";

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
  /** The tree's libpq service files, for aliases that name a service. */
  services?: ServiceContext;
}

interface Evaluated {
  scenarios: Scenario[];
  /** What the module's views show: one per django-configurations class when it has any, else `scenarios`. */
  viewScenarios?: Scenario[];
  /** Project modules this one imported. */
  imports: Set<PyModule>;
  /** Files it ran with include() or exec(): parts of it, like a star-imported base. */
  included: Set<string>;
  ok: boolean;
}

/** Characters of include()/exec() files parsed in one scan, all modules together (8 times the file limit). */
const MAX_INCLUDED_CHARS = 8 * 1024 * 1024;

function librariesFor(env: SuppliedEnv) {
  return [standardLibrary(env), djangoLibraries(env)];
}

/**
 * Evaluates every settings module of the tree (never running it) and returns one view per module and outcome.
 * Modules only ever star-imported by other settings modules (base.py) are evaluated as part of those and not
 * reported on their own, unless they are named as the settings module.
 */
export function evaluateSettings(
  parser: PythonParser,
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
  const scope = (sourceRoot: string) => {
    let s = scoped.get(sourceRoot);
    if (!s) {
      const e = opts.envFor?.(sourceRoot) ?? opts;
      s = { pgEnv: e.pgEnv, libraries: librariesFor(e.env), env: e.env };
      scoped.set(sourceRoot, s);
    }
    return s;
  };

  const moduleNames = [...new Set(index.modules.filter((m) => m.importable).map((m) => m.name))].sort();
  /** Other files of the tree for include()/exec(): only files the walk read, parsed as modules are. */
  // Every include and exec parses its file again: a module that execs a large file thousands of times must not
  // cost thousands of parses. The evaluation steps are bounded by the interpreter; the parsing, here.
  let parsedBytes = 0;
  const includeHook = (sourceRoot: string, included: Set<string>): IncludeHook => ({
    paths: index.paths,
    modules: moduleNames,
    workingDir: sourceRoot || ".",
    noteParts(paths) {
      for (const p of paths) included.add(p);
    },
    parse<T>(path: string, run: (root: Node) => T): { value: T } | { problem: string; quiet?: boolean } {
      const file = index.fileAt(path);
      included.add(path);
      if (file?.text === undefined)
        return { problem: file?.problem ?? "not a Python file of the scanned tree" };
      if (parsedBytes + file.text.length > MAX_INCLUDED_CHARS) {
        // Said once; every later include is unknown all the same.
        const quiet = parsedBytes > MAX_INCLUDED_CHARS;
        parsedBytes = MAX_INCLUDED_CHARS + 1;
        return {
          problem: `more than ${MAX_INCLUDED_CHARS} characters of included files in this scan`,
          quiet,
        };
      }
      parsedBytes += file.text.length;
      const { text } = sourceOf(file.text, false);
      const tree = parser.parse(text);
      if (!tree) return { problem: "cannot be parsed (indentation deeper than Python allows)" };
      // An included file is imported too: what Python 3 refuses there is not run here either.
      const refused = importRefusal(tree, text);
      if (refused) return { problem: `${refused.what} at line ${refused.line}` };
      return { value: run(tree.rootNode) };
    },
  });

  const evaluate = (mod: PyModule, importedFrom?: Origin): Evaluated => {
    const cached = cache.get(mod);
    if (cached) return cached;
    const empty: Evaluated = {
      scenarios: [{ ns: new Map(), conditions: [] }],
      imports: new Set(),
      included: new Set(),
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
    if (mod.file.text === undefined) {
      cache.set(mod, empty);
      return empty; // the unreadable file is reported once, by the scan of files
    }
    const { text, template } = sourceOf(mod.file.text, mod.template);
    if (template?.hasControlTags)
      diagnostics.push({
        origin: { file: mod.file.path, line: 1, column: 1 },
        reason:
          "template control tags ({% if %}, {% for %}) are not followed: what they enclose is read as written",
        module: mod.name,
      });
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
      const refused = importRefusal(tree, text);
      if (refused) {
        diagnostics.push({
          origin: { file: mod.file.path, line: refused.line, column: refused.column },
          reason:
            refused.kind === "syntax"
              ? mod.template
                ? "syntax error in the template once its placeholders are taken as unknown values"
                : "syntax error: the module cannot be imported"
              : `${refused.what}: Python 3 cannot import the module, so it is not judged`,
          module: mod.name,
        });
        cache.set(mod, empty);
        return empty;
      }
      inProgress.add(mod);
      const imports = new Set<PyModule>();
      const included = new Set<string>();
      const interp = new Interpreter({
        file: mod.file.path,
        module: interpreterModuleName(mod),
        isPackage: mod.isPackage,
        libraries: scope(mod.sourceRoot).libraries,
        includeFile: includeHook(mod.sourceRoot, included),
        ...(template ? { placeholders: template.placeholders } : {}),
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
          return { external: { kind: "object", ref: `module:${req.module}` }, unmodelled: true };
        },
      });
      const scenarios = interp.run(tree.rootNode, new Map<string, PyValue>());
      const viewScenarios = interp.configurationScenarios(
        scenarios,
        scope(mod.sourceRoot).env.get("DJANGO_CONFIGURATION"),
      );
      for (const d of interp.diagnostics) diagnostics.push({ ...d, module: mod.name });
      const result: Evaluated = { scenarios, viewScenarios, imports, included, ok: true };
      cache.set(mod, result);
      return result;
    } finally {
      inProgress.delete(mod);
    }
  };

  const named = new Set<string>();
  let production: SettingsEvaluation["production"];
  if (opts.settingsModule) {
    named.add(opts.settingsModule);
    const found = index.named(opts.settingsModule);
    // A file named by path or literal stem (`sentry.conf.example`) is reported under its module name.
    production = { module: found?.name ?? opts.settingsModule, source: "--settings" };
    if (!found) {
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

  // Hints from files name importable modules only; --settings may also name a file by its path.
  const namedModules = new Set<PyModule>();
  for (const n of named) {
    const m = n === opts.settingsModule ? index.named(n) : index.find(n);
    if (m) namedModules.add(m);
  }
  const productionModule = production
    ? production.source === "--settings"
      ? index.named(production.module)
      : index.find(production.module)
    : undefined;
  // One name for the production module: the one its view is reported under (`src.app.settings` may be named
  // `app.settings` when manage.py puts src/ on sys.path, and the other way round).
  if (production && productionModule) production = { ...production, module: productionModule.name };
  // The deployment names a module the repository does not hold (it comes from elsewhere at deploy time):
  // production's database settings are unknown, and that is said where the name is, not passed over.
  if (production && !productionModule && production.source !== "--settings") {
    const at = /([^\s(]+):(\d+)\)?$/.exec(production.source);
    diagnostics.push({
      origin: at
        ? { file: at[1] as string, line: Number(at[2]), column: 1 }
        : { file: ".", line: 1, column: 1 },
      reason: `the production settings module ${production.module} (${production.source}) is not in the scanned tree: its database settings are unknown, and unknown is not safe`,
      module: production.module,
      gating: true,
    });
  }
  const candidates = index.modules.filter(
    (m) => namedModules.has(m) || looksLikeSettings(m) || extendsSettings(m, index),
  );
  // Modules that include others first: a split-settings component is a part, not a module to judge alone.
  // (Any name may be bound to include: `settings_include(...)`.)
  const includes = (m: PyModule) => /(include|exec)\s*\(/.test(m.file.text ?? "");
  const includedFiles = new Set<string>();
  const noteIncluded = (m: PyModule) => {
    for (const f of cache.get(m)?.included ?? []) if (f !== m.file.path) includedFiles.add(f);
  };
  for (const m of candidates.filter(includes)) {
    evaluate(m);
    noteIncluded(m);
  }
  for (const m of candidates) if (!includedFiles.has(m.file.path) || namedModules.has(m)) evaluate(m);
  for (const m of candidates) noteIncluded(m);
  const partials = new Set<PyModule>();
  // A module that imports itself (`from app.settings import *` in app.settings) is not a part of itself.
  // A template that imports a module (rendered config over the real settings) does not make that module a part.
  for (const m of candidates)
    if (!m.template) for (const imp of cache.get(m)?.imports ?? []) if (imp !== m) partials.add(imp);
  for (const m of candidates) if (includedFiles.has(m.file.path)) partials.add(m);

  const views: SettingsView[] = [];
  for (const m of candidates) {
    if (partials.has(m) && !namedModules.has(m)) continue;
    const result = cache.get(m);
    if (!result?.ok) continue;
    // A template is what a deployment renders from, never what it runs.
    const isProduction = productionModule === m && !m.template;
    if (productionModule === m && m.template)
      diagnostics.push({
        origin: { file: m.file.path, line: 1, column: 1 },
        reason: `${production?.source}: ${m.file.path} is a template, not the module Django imports`,
        module: m.name,
      });
    const development =
      (!m.template && isDevelopmentModule(m.name, m.file.path) && !isProduction) ||
      m.name === opts.developmentModule;
    for (const sc of result.viewScenarios ?? result.scenarios) {
      const settings = withUnseenDatabases(sc.ns, m, diagnostics);
      const origin = { file: m.file.path, line: 1, column: 1 };
      const mayChange = databasesMayChange(settings, m, diagnostics);
      views.push({
        module: m.name,
        file: m.file.path,
        development,
        production: isProduction,
        ...(m.template ? { template: true } : {}),
        ...mayChange,
        condition: sc.conditions.length > 0 ? sc.conditions.join(" and ") : null,
        settings,
        databases: buildAliases(
          settings.get("DATABASES"),
          withEnvironWrites(scope(m.sourceRoot).pgEnv, settings),
          settings.get("DATABASES")?.origin ?? origin,
          development,
          mayChange.databasesMayChange,
          opts.services,
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
 * The module name relative imports start from: a file loaded by path (`sentry.conf.example.py`) has no package,
 * so `from .x import` fails; a template (`settings/config.py.prod.example`) will be rendered into the package it
 * sits in.
 */
function interpreterModuleName(mod: PyModule): string {
  if (mod.importable) return mod.name;
  if (mod.template && mod.packageName) return `${mod.packageName}.__template__`;
  // `settings/paas-addon.py`: no import statement names it, but DJANGO_SETTINGS_MODULE does (import_module takes
  // any string), and then it sits in its package; a stem with dots has no package import_module could find.
  const stem = mod.file.path.split("/").pop()?.replace(/\.py$/, "") ?? "";
  if (mod.packageName && !mod.template && !stem.includes(".")) return mod.name;
  return "__main__";
}

/** Line endings as Python reads them; a template with its placeholders turned into unknown names. */
function sourceOf(raw: string, isTemplate: boolean): { text: string; template?: RenderedTemplate } {
  const text = pythonText(raw);
  if (!isTemplate) return { text };
  const template = renderTemplate(text);
  return { text: template.text, template };
}

/**
 * A module that star-imports a package or includes a file the evaluator could not follow may get DATABASES from
 * there: when it does not set DATABASES itself, DATABASES is unknown (and said so), never "not configured".
 */
function withUnseenDatabases(
  ns: Map<string, PyValue>,
  m: PyModule,
  diagnostics: Diagnostic[],
): Map<string, PyValue> {
  const maybe = ns.get(MAYBE_DEFINED);
  if (ns.has("DATABASES") || maybe?.kind !== "unknown") return ns;
  const origin = maybe.origin ?? { file: m.file.path, line: 1, column: 1 };
  diagnostics.push({
    origin,
    reason: `DATABASES is not set in ${m.name} and ${maybe.reason}: the database settings are unknown`,
    module: m.name,
  });
  return new Map([...ns, ["DATABASES", unknown(`DATABASES ${maybe.reason}`, { origin })]]);
}

/** The unfollowed code after which DATABASES may differ, unless DATABASES was assigned anew after it. */
function databasesMayChange(
  ns: ReadonlyMap<string, PyValue>,
  m: PyModule,
  diagnostics: Diagnostic[],
): { databasesMayChange?: { reason: string; origin: Origin } } {
  const mark = ns.get(DATABASES_MAY_CHANGE);
  const databases = ns.get("DATABASES");
  if (mark?.kind !== "unknown" || !databases || databases.kind === "unknown") return {};
  const at = mark.meta?.databasesAt as Origin | undefined;
  const o = databases.origin;
  if (at && o && (at.file !== o.file || at.line !== o.line || at.column !== o.column)) return {};
  const origin = mark.origin ?? { file: m.file.path, line: 1, column: 1 };
  diagnostics.push({
    origin,
    reason: `DATABASES may not be what Django ends with: after it was set, names ${mark.reason}`,
    module: m.name,
  });
  return { databasesMayChange: { reason: mark.reason, origin } };
}

const STAR_IMPORT = /^from[ \t]+(\.*[A-Za-z_][\w.]*|\.+)[ \t]+import[ \t]+\*/gm;

/**
 * `from .base import *` of a settings module, then only changes (`cfg["HOST"] = …` on a dict base.py also put
 * in DATABASES): a settings module of its own, whatever names it writes.
 */
function extendsSettings(m: PyModule, index: ModuleIndex): boolean {
  if (isDeferred(m.file)) return false; // no `import *` in it
  const text = m.file.text;
  if (!text?.includes("import *")) return false;
  for (const match of text.matchAll(STAR_IMPORT)) {
    const spec = match[1] as string;
    const dots = /^\.*/.exec(spec)?.[0].length ?? 0;
    const rest = spec.slice(dots);
    let name = rest;
    if (dots > 0) {
      const base = m.packageName.split(".").filter(Boolean);
      if (dots - 1 > base.length) continue;
      name = [...base.slice(0, base.length - (dots - 1)), ...(rest ? [rest] : [])].join(".");
    }
    const target = index.find(name, m.sourceRoot);
    if (target && target !== m && looksLikeSettings(target)) return true;
  }
  return false;
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
