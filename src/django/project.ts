import { posix } from "node:path";
import { baseOf, dirOf, isDeferred, type SourceFile, textLines } from "../core/files.js";
import { mayContain } from "../core/prefilter.js";
import { hasTemplateTags, isTemplateFileName } from "./templates.js";

/** A Python module of the scanned tree. */
export interface PyModule {
  /**
   * Dotted name relative to its source root, e.g. `shop.settings.production`. For a file Python cannot import by a
   * dotted name (`sentry.conf.example.py`, a template) the package path plus the file's literal stem.
   */
  name: string;
  /** The directory on sys.path that the name is relative to ("" for the scanned root). */
  sourceRoot: string;
  file: SourceFile;
  isPackage: boolean;
  /** False when no import statement can reach the file: a stem with dots in it, `settings.py.j2`. */
  importable: boolean;
  /** A template (`settings.py.j2`, `.example`, `{{ }}` placeholders): never the production module. */
  template: boolean;
  /** The package the file sits in ("" at a source root): where a template's relative imports will point. */
  packageName: string;
}

export interface ModuleIndex {
  modules: PyModule[];
  /** Looks a dotted name up, preferring the importer's source root. */
  find(name: string, fromRoot?: string): PyModule | undefined;
  /** True when the top-level package of `name` belongs to the project (so a missing submodule is an ImportError). */
  isProjectPackage(name: string, fromRoot?: string): boolean;
  /**
   * The module a settings name points at (--settings, DJANGO_SETTINGS_MODULE): an importable one by its dotted
   * name, or, for a file that cannot be imported, its literal name or its path.
   */
  named(name: string): PyModule | undefined;
  /** A Python file (or template) of the tree by its path, for `include()` and `exec(open(...).read())`. */
  fileAt(path: string): SourceFile | undefined;
  /** Paths of the tree's Python files and templates, sorted, for include globs. */
  paths: readonly string[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether the walker's file is a Python source or a settings template. */
export function isPythonSource(path: string): boolean {
  return path.endsWith(".py") || isTemplateFileName(posix.basename(path));
}

/**
 * Names every .py file as Python would import it: a directory with manage.py is on sys.path (Django puts it
 * there), and so is every directory manage.py, wsgi.py or asgi.py inserts into sys.path (src layouts);
 * otherwise the nearest ancestor that is not a package is. A file whose stem has a dot in it and a template
 * keep their literal name and are reached only by --settings or as a settings module found by its content.
 */
export function indexModules(
  files: readonly SourceFile[],
  placed: readonly { file: SourceFile; at: string }[] = [],
): ModuleIndex {
  const paths = new Set([...files.map((f) => f.path), ...placed.map((p) => p.at)]);
  const manageDirs = new Set(files.filter((f) => baseOf(f.path) === "manage.py").map((f) => dirOf(f.path)));
  const sysPath = sysPathRoots(files);
  // Each sys.path entry belongs with the project whose entry point added it.
  const group = new Map<string, string>();
  for (const d of manageDirs) group.set(rootName(d), rootName(d));
  for (const [dir, owner] of sysPath) if (!group.has(dir)) group.set(dir, owner);
  const stops = new Set([...manageDirs, ...sysPath.keys()]);
  const isPackageDir = (dir: string) => paths.has(dir === "." ? "__init__.py" : `${dir}/__init__.py`);
  const modules: PyModule[] = [];
  /** More names one file is imported by: `apps.users.x` when `apps/` is on sys.path as well as its parent. */
  const aliases: { name: string; module: PyModule }[] = [];
  // A file the image build copies elsewhere (placed) is a module under the name of where it lands, and only
  // there: where it sits in the repository, nothing imports it (its relative imports would fail).
  const moved = new Set(placed.map((p) => p.file.path));
  const own = files.filter((f) => !moved.has(f.path)).map((f) => ({ file: f, at: f.path }));
  for (const { file, at } of [...own, ...placed]) {
    if (!isPythonSource(at)) continue;
    const base = baseOf(at);
    // A deferred file holds no `{{` or `{%`.
    const template =
      !base.endsWith(".py") || (!isDeferred(file) && file.text !== undefined && hasTemplateTags(file.text));
    const stem = base.endsWith(".py") ? base.slice(0, -3) : base;
    // A `.py` template (cookiecutter's `{% if %}` modules) imports and is imported by its siblings as the
    // rendered project will; only a file no dotted name reaches (a stem with dots, `.py.j2`) is not importable.
    const importable = base.endsWith(".py") && IDENTIFIER.test(stem);
    let dir = dirOf(at);
    const parts = [stem];
    while (dir !== "." && isPackageDir(dir) && !stops.has(dir)) {
      parts.unshift(baseOf(dir));
      dir = dirOf(dir);
    }
    const isPackage = parts.at(-1) === "__init__";
    if (isPackage) parts.pop();
    if (parts.length === 0) continue;
    const module: PyModule = {
      name: parts.join("."),
      sourceRoot: rootName(dir),
      file,
      isPackage,
      importable,
      template,
      packageName: (isPackage ? parts : parts.slice(0, -1)).join("."),
    };
    modules.push(module);
    if (!importable) continue;
    // Past a sys.path entry that is itself a package, the longer name imports the same file too.
    const longer = [...parts];
    while (dir !== "." && stops.has(dir) && isPackageDir(dir)) {
      longer.unshift(baseOf(dir));
      dir = dirOf(dir);
      while (dir !== "." && isPackageDir(dir) && !stops.has(dir)) {
        longer.unshift(baseOf(dir));
        dir = dirOf(dir);
      }
      aliases.push({
        name: longer.join("."),
        module: { ...module, name: longer.join("."), sourceRoot: rootName(dir) },
      });
    }
  }
  const byName = new Map<string, PyModule[]>();
  const tops = new Map<string, Set<string>>();
  const add = (name: string, m: PyModule) => {
    const same = byName.get(name);
    if (same) same.push(m);
    else byName.set(name, [m]);
    const dot = name.indexOf(".");
    const top = dot < 0 ? name : name.slice(0, dot);
    const roots = tops.get(top);
    if (roots) roots.add(m.sourceRoot);
    else tops.set(top, new Set([m.sourceRoot]));
  };
  for (const m of modules) if (m.importable) add(m.name, m);
  for (const a of aliases) add(a.name, a.module);
  const byFile = new Map(modules.map((m) => [m.file, m]));
  const sameProject = (a: string, b: string) => group.get(a) !== undefined && group.get(a) === group.get(b);
  const find = (name: string, fromRoot?: string) => {
    const found = byName.get(name);
    if (!found) return undefined;
    const pick =
      found.find((m) => m.sourceRoot === fromRoot) ??
      (fromRoot === undefined ? undefined : found.find((m) => sameProject(m.sourceRoot, fromRoot))) ??
      (new Set(found.map((m) => m.file.path)).size === 1 ? found[0] : undefined);
    // An alias entry stands for the module indexed under its first name: one evaluation per file.
    return pick && (byFile.get(pick.file) ?? pick);
  };
  const byPath = new Map(files.filter((f) => isPythonSource(f.path)).map((f) => [f.path, f]));
  return {
    modules,
    find,
    isProjectPackage(name, fromRoot) {
      const roots = tops.get(name.split(".")[0] as string);
      if (roots === undefined) return false;
      if (fromRoot === undefined || roots.has(fromRoot) || roots.size === 1) return true;
      return [...roots].some((r) => sameProject(r, fromRoot));
    },
    named(name) {
      return (
        find(name) ??
        modules.find((m) => !m.importable && (m.name === name || m.file.path === name)) ??
        modules.find((m) => m.file.path === name)
      );
    },
    fileAt: (path) => byPath.get(path),
    paths: [...byPath.keys()].sort(),
  };
}

function rootName(dir: string): string {
  return dir === "." ? "" : dir;
}

/** `sys.path.insert(0, os.path.join(BASE_DIR, "src"))`, `sys.path.append(str(BASE_DIR / "apps"))`, … */
const SYS_PATH_CALL = /\bsys\.path\.(insert|append)\s*\(/g;

/** The arguments of the call opened at `from` (just after its `(`), up to the matching `)` (a few lines at most). */
function callArguments(text: string, from: number): string {
  let depth = 1;
  const end = Math.min(text.length, from + 400);
  for (let i = from; i < end; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return text.slice(from, i);
  }
  return text.slice(from, end);
}

/**
 * Directories the entry points (manage.py, wsgi.py, asgi.py) put on sys.path, read off the call's string parts
 * (never run): the joined literals, resolved against the file's directory and then each ancestor (BASE_DIR is
 * usually one of them), taking the first that exists in the tree. Maps each directory to the project it serves.
 */
export function sysPathRoots(files: readonly SourceFile[]): Map<string, string> {
  const roots = new Map<string, string>();
  const entries = files.filter(
    (f) => /^(manage|wsgi|asgi)\.py$/.test(baseOf(f.path)) && !isDeferred(f) && f.text?.includes("sys.path"),
  );
  // The tree's directories, only when an entry point names one.
  if (entries.length === 0) return roots;
  const dirs = new Set<string>();
  for (const f of files) {
    for (let d = dirOf(f.path); d !== "."; d = dirOf(d)) {
      if (dirs.has(d)) break;
      dirs.add(d);
    }
  }
  for (const f of entries) {
    const owner = rootName(posix.dirname(f.path));
    const text = f.text as string;
    for (const call of text.matchAll(SYS_PATH_CALL)) {
      let args = callArguments(text, call.index + call[0].length);
      // insert(0, X): the path is what follows the position.
      if (call[1] === "insert") args = args.slice(args.indexOf(",") + 1);
      const literals = [...args.matchAll(/["']([^"'\n]*)["']/g)].map((m) => m[1] as string);
      // `ROOT / "apps/"` names the directory apps.
      const tail = posix.normalize(literals.filter(Boolean).join("/")).replace(/\/+$/, "");
      if (literals.length === 0 || tail === "." || tail === "" || tail.startsWith("/")) continue;
      for (let d = posix.dirname(f.path); ; d = posix.dirname(d)) {
        const candidate = posix.normalize(posix.join(d, tail));
        if (!candidate.startsWith("..") && dirs.has(candidate)) {
          roots.set(candidate, owner);
          break;
        }
        if (d === ".") break;
      }
    }
  }
  return roots;
}

const SETTING_NAMES =
  "DATABASES|DEBUG|SECRET_KEY|INSTALLED_APPS|ALLOWED_HOSTS|MIDDLEWARE|MIDDLEWARE_CLASSES|SECURE_[A-Z_]+|SESSION_COOKIE_[A-Z_]+|CSRF_[A-Z_]+|ROOT_URLCONF|LOGGING|DATABASE_ROUTERS";
const SETTING_ASSIGNMENT = new RegExp(
  String.raw`^(${SETTING_NAMES})\b[ \t]*(\[[^\]\n]*\][ \t]*)*[+|]?=`,
  "m",
);
/**
 * A module that only changes the DATABASES it imported (`DATABASES["default"].update(...)`,
 * `DATABASES["default"]["OPTIONS"] = {...}`), possibly inside an `if`: it decides the channel as much as one
 * that writes DATABASES out.
 */
const DATABASES_WRITE =
  /^[ \t]*DATABASES\b[ \t]*(\[[^\]\n]*\][ \t]*)*(\[[^\]\n]*\][ \t]*[+|]?=|=|\.(update|setdefault|pop|clear)\s*\()/m;

const DATABASES_SOURCE =
  /^[ \t]*(DATABASES[ \t]*(:[^=\n]*)?=[^=]|from[ \t]+\S+[ \t]+import[ \t]+(\*|[^\n]*\bDATABASES\b))/m;

/** A module that assigns Django settings at top level (or is named settings). */
export function looksLikeSettings(m: PyModule): boolean {
  // Every literal below is one of PYTHON_NEEDLES, which a deferred file holds none of.
  if (isDeferred(m.file) || !m.file.text) return false;
  const text = m.file.text;
  // Only a DATABASES this module has: one it assigns or imports (a fragment that mutates a DATABASES it never
  // sees is a split-settings part or an exec'd file, run inside another module).
  if (mayContain(text, "DATABASES") && DATABASES_WRITE.test(text) && DATABASES_SOURCE.test(text)) return true;
  // A django-split-settings root: its settings are all in the files it includes.
  if (
    mayContain(text, "split_settings") &&
    /^[ \t]*(from[ \t]+split_settings(\.tools)?[ \t]+import|import[ \t]+split_settings)\b/m.test(text)
  )
    return true;
  const named =
    /(^|\.)settings($|\.|_)|(^|\.|_)settings$/.test(m.name) || /(^|\.)(conf|config)(\.|$)/.test(m.name);
  // A settings package that loads the real module by name and copies its names in.
  // (Not one that only imports by name: DRF's api_settings does that for classes.)
  const copies =
    /\bglobals\(\)\.update\(|\b(globals|locals)\(\)\s*\[/.test(text) ||
    (/\b(import_module|__import__)\(/.test(text) && /\bvars\(|\.__dict__\b|\bdir\(/.test(text));
  if (named && copies) return true;
  if (!SETTING_ASSIGNMENT.test(text)) return false;
  // Need at least two distinct settings, or a settings-named file, to tell settings from a script.
  const count = new Set([...text.matchAll(new RegExp(SETTING_ASSIGNMENT.source, "gm"))].map((x) => x[1]))
    .size;
  return named || count >= 2;
}

const DEV_WORDS =
  /(^|[._])(local|locals|dev|devel|development|test|tests|testing|ci|unittest|pytest)($|[._])/i;

/** Directories whose contents are test, CI, documentation or example code, wherever they sit in the tree. */
const DEV_DIRS = new Set([
  "test",
  "tests",
  "testing",
  "unittest",
  "unittests",
  "ci",
  "e2e",
  "fixtures",
  "fixture",
  "docs",
  "doc",
  "example",
  "examples",
  "sample",
  "samples",
  "dev",
  "devel",
  "development",
  // Reusable apps ship a project to run their tests or show themselves off.
  "testproject",
  "testapp",
  "demo",
  "sandbox",
]);
/** `test_project/`, `tests_app/`, `app_tests/`: test directories by their prefix or suffix. */
const DEV_DIR_AFFIX = /^tests?_|_tests?$/i;
const DEV_FILE = /^(test_.*|.*_test|.*_tests|conftest|settings_test|test_settings)\.py$/i;
/** Dotted parts of a literal stem like `sentry.conf.example` or `settings.dev`. */
const DEV_STEM_PART = /^(example|examples|sample|local|dev|devel|development|test|tests|testing|ci)$/i;

/**
 * Development/test settings, judged by the module name (local, dev, test, ci…) and, when given, by the whole file
 * path: a `tests/`, `ci/`, `e2e/`, `fixtures/`, `docs/` or `examples/` directory anywhere above it, a `test_*.py`,
 * `*_test.py` or `conftest.py` file, a `.example`/`.dev` part in a dotted stem.
 */
export function isDevelopmentModule(name: string, path?: string): boolean {
  const last = name.split(".").slice(-1)[0] ?? "";
  if (DEV_WORDS.test(last) || (last === "__init__" && DEV_WORDS.test(name))) return true;
  if (path === undefined) return false;
  const segments = path.split("/");
  const file = segments.pop() ?? "";
  if (segments.some((d) => DEV_DIRS.has(d.toLowerCase()) || DEV_DIR_AFFIX.test(d))) return true;
  if (DEV_FILE.test(file)) return true;
  const stem = file.replace(/\.py$/, "");
  return stem.includes(".") && stem.split(".").some((p) => DEV_STEM_PART.test(p));
}

export interface SettingsModuleHint {
  module: string;
  /** Where it was named, e.g. `Dockerfile:4`. */
  source: string;
  /** Higher wins: deployment files over manage.py, which usually points at development settings. */
  priority: number;
}

const DSM = "DJANGO_SETTINGS_MODULE";
const TEST_SCRIPT = /(^|[/_.-])(tests?|testing|ci|e2e|dev|local)([/_.-]|$)/i;
const MODULE = String.raw`([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)`;

/** Finds DJANGO_SETTINGS_MODULE in manage.py, wsgi.py, asgi.py, Dockerfile, compose, Procfile and .env files. */
export function findSettingsHints(files: readonly SourceFile[]): SettingsModuleHint[] {
  const hints: SettingsModuleHint[] = [];
  for (const f of files) {
    if (!f.text || (!f.text.includes(DSM) && !f.text.includes("--settings"))) continue;
    const base = posix.basename(f.path);
    const lines = textLines(f.text);
    const push = (module: string, i: number, priority: number) =>
      hints.push({ module, source: `${f.path}:${i + 1}`, priority });
    lines.forEach((line, i) => {
      if (/^(manage|wsgi|asgi)\.py$/.test(base)) {
        const m = new RegExp(String.raw`${DSM}['"]\s*,\s*['"]${MODULE}['"]`).exec(line);
        if (m) push(m[1] as string, i, base === "manage.py" ? 1 : 2);
        return;
      }
      // Shell scripts too: an entrypoint or platform script that exports DJANGO_SETTINGS_MODULE is the deployment
      // (not a test or CI script, which names the settings its tests run with).
      const deploy =
        base.startsWith("Dockerfile") ||
        base === "Procfile" ||
        /compose.*\.ya?ml$/.test(base) ||
        (/\.(sh|bash)$/.test(base) && !TEST_SCRIPT.test(f.path));
      const env = base.startsWith(".env") || base.endsWith(".env");
      if (!deploy && !env) return;
      const m =
        new RegExp(String.raw`${DSM}['"]?(?:\s*[=:]\s*|\s+)['"]?${MODULE}`).exec(line) ??
        new RegExp(String.raw`--settings[=\s]+${MODULE}`).exec(line);
      if (m) push(m[1] as string, i, 3);
    });
  }
  return hints;
}
