import { posix } from "node:path";
import type { SourceFile } from "../core/files.js";

/** A Python module of the scanned tree. */
export interface PyModule {
  /** Dotted name relative to its source root, e.g. `shop.settings.production`. */
  name: string;
  /** The directory on sys.path that the name is relative to ("" for the scanned root). */
  sourceRoot: string;
  file: SourceFile;
  isPackage: boolean;
}

export interface ModuleIndex {
  modules: PyModule[];
  /** Looks a dotted name up, preferring the importer's source root. */
  find(name: string, fromRoot?: string): PyModule | undefined;
  /** True when the top-level package of `name` belongs to the project (so a missing submodule is an ImportError). */
  isProjectPackage(name: string, fromRoot?: string): boolean;
}

/**
 * Names every .py file as Python would import it: a directory with manage.py is on sys.path (Django puts it
 * there); otherwise the nearest ancestor that is not a package is.
 */
export function indexModules(
  files: readonly SourceFile[],
  placed: readonly { file: SourceFile; at: string }[] = [],
): ModuleIndex {
  const paths = new Set([...files.map((f) => f.path), ...placed.map((p) => p.at)]);
  const manageDirs = new Set(
    files.filter((f) => posix.basename(f.path) === "manage.py").map((f) => posix.dirname(f.path)),
  );
  const isPackageDir = (dir: string) => paths.has(dir === "." ? "__init__.py" : `${dir}/__init__.py`);
  const modules: PyModule[] = [];
  // A file the image build copies elsewhere (placed) is also a module under the name of where it lands.
  // Only there: where it sits in the repository, nothing imports it (its relative imports would fail).
  const moved = new Set(placed.map((p) => p.file.path));
  const own = files.filter((f) => !moved.has(f.path)).map((f) => ({ file: f, at: f.path }));
  for (const { file, at } of [...own, ...placed]) {
    if (!at.endsWith(".py")) continue;
    let dir = posix.dirname(at);
    const parts = [posix.basename(at, ".py")];
    while (dir !== "." && isPackageDir(dir) && !manageDirs.has(dir)) {
      parts.unshift(posix.basename(dir));
      dir = posix.dirname(dir);
    }
    const isPackage = parts.at(-1) === "__init__";
    if (isPackage) parts.pop();
    if (parts.length === 0) continue;
    modules.push({ name: parts.join("."), sourceRoot: dir === "." ? "" : dir, file, isPackage });
  }
  const byName = new Map<string, PyModule[]>();
  const tops = new Map<string, Set<string>>();
  for (const m of modules) {
    byName.set(m.name, [...(byName.get(m.name) ?? []), m]);
    const top = m.name.split(".")[0] as string;
    tops.set(top, (tops.get(top) ?? new Set()).add(m.sourceRoot));
  }
  return {
    modules,
    find(name, fromRoot) {
      const found = byName.get(name);
      if (!found) return undefined;
      return found.find((m) => m.sourceRoot === fromRoot) ?? (found.length === 1 ? found[0] : undefined);
    },
    isProjectPackage(name, fromRoot) {
      const roots = tops.get(name.split(".")[0] as string);
      return roots !== undefined && (fromRoot === undefined || roots.has(fromRoot) || roots.size === 1);
    },
  };
}

const SETTING_ASSIGNMENT =
  /^(DATABASES|DEBUG|SECRET_KEY|INSTALLED_APPS|ALLOWED_HOSTS|MIDDLEWARE|SECURE_[A-Z_]+|SESSION_COOKIE_[A-Z_]+|CSRF_[A-Z_]+|ROOT_URLCONF|LOGGING|DATABASE_ROUTERS)\b[ \t]*(\[[^\]\n]*\][ \t]*)*[+|]?=/m;

/** A module that assigns Django settings at top level (or is named settings). */
export function looksLikeSettings(m: PyModule): boolean {
  if (!m.file.text) return false;
  const text = m.file.text;
  if (!SETTING_ASSIGNMENT.test(text)) return false;
  // Need at least two distinct settings, or a DATABASES / settings-named file, to tell settings from a script.
  const named =
    /(^|\.)settings($|\.|_)|(^|\.|_)settings$/.test(m.name) || /(^|\.)(conf|config)(\.|$)/.test(m.name);
  const count = new Set([...text.matchAll(new RegExp(SETTING_ASSIGNMENT.source, "gm"))].map((x) => x[1]))
    .size;
  return named || count >= 2 || /^DATABASES\b/m.test(text);
}

const DEV_WORDS =
  /(^|[._])(local|locals|dev|devel|development|test|tests|testing|ci|unittest|pytest)($|[._])/i;

/** Modules named like local/dev/development/test/tests/ci are development settings. */
export function isDevelopmentModule(name: string): boolean {
  const last = name.split(".").slice(-1)[0] ?? "";
  return DEV_WORDS.test(last) || (last === "__init__" && DEV_WORDS.test(name));
}

export interface SettingsModuleHint {
  module: string;
  /** Where it was named, e.g. `Dockerfile:4`. */
  source: string;
  /** Higher wins: deployment files over manage.py, which usually points at development settings. */
  priority: number;
}

const DSM = "DJANGO_SETTINGS_MODULE";
const MODULE = String.raw`([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)`;

/** Finds DJANGO_SETTINGS_MODULE in manage.py, wsgi.py, asgi.py, Dockerfile, compose, Procfile and .env files. */
export function findSettingsHints(files: readonly SourceFile[]): SettingsModuleHint[] {
  const hints: SettingsModuleHint[] = [];
  for (const f of files) {
    if (!f.text || (!f.text.includes(DSM) && !f.text.includes("--settings"))) continue;
    const base = posix.basename(f.path);
    const lines = f.text.split("\n");
    const push = (module: string, i: number, priority: number) =>
      hints.push({ module, source: `${f.path}:${i + 1}`, priority });
    lines.forEach((line, i) => {
      if (/^(manage|wsgi|asgi)\.py$/.test(base)) {
        const m = new RegExp(String.raw`${DSM}['"]\s*,\s*['"]${MODULE}['"]`).exec(line);
        if (m) push(m[1] as string, i, base === "manage.py" ? 1 : 2);
        return;
      }
      const deploy = base.startsWith("Dockerfile") || base === "Procfile" || /compose.*\.ya?ml$/.test(base);
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
