/**
 * Cheap byte checks that decide whether a file's text is worth a regular expression or a parser at all (issue 22):
 * most files of a tree hold none of the literals a reader looks for, and `includes` over a string is far cheaper than
 * any pattern over it. Every reader that skips work on a file asks here, so that one switch turns every skip off: the
 * tests scan the fixtures and a generated tree with and without them and compare the findings
 * (test/core/prefilter.test.ts).
 */

let enabled = true;

/** Whether `text` may hold any of `needles` (exact, case-sensitive); always true when the pre-filters are off. */
export function mayContain(text: string, ...needles: readonly string[]): boolean {
  if (!enabled) return true;
  for (const n of needles) if (text.includes(n)) return true;
  return false;
}

const caseless = new Map<string, RegExp>();

/**
 * The literals of PYTHON_NEEDLES a reader looks for in any case (mayContainIgnoringCase takes no other): the walk's
 * own deferral (files.ts AsciiArena) matches these in any case and every other one as written, as the readers do.
 */
export const PYTHON_NEEDLES_ANY_CASE = ["host_based_authentication"] as const;

/** As mayContain, ignoring case (for patterns matched with the `i` flag). */
export function mayContainIgnoringCase(
  text: string,
  needle: (typeof PYTHON_NEEDLES_ANY_CASE)[number],
): boolean {
  if (!enabled) return true;
  let re = caseless.get(needle);
  if (!re) {
    re = new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i");
    caseless.set(needle, re);
  }
  return re.test(text);
}

/** Whether the pre-filters are on: for a skip decided by a pattern rather than a literal. */
export function prefiltersOn(): boolean {
  return enabled;
}

/** For the tests that prove the pre-filters lose nothing: every check answers "may contain" while off. */
export function setPrefilters(on: boolean): void {
  enabled = on;
}

/**
 * Every literal a reader of Python source looks for before it acts on a file it does not import: a `.py` file that
 * holds none of them can only matter as a module some settings import, and the walk reads it only then (files.ts
 * deferredFile). `--diff-base` has git list such files (in any case: a superset); any other scan finds them among
 * the ASCII files it reads (files.ts AsciiArena, needle-scan.ts). A reader that skips a file by isDeferred relies
 * on its own literals being here; adding a reader of all Python files means adding its literals.
 */
export const PYTHON_NEEDLES: readonly string[] = [
  // looksLikeSettings (django/project.ts): SETTING_NAMES, DATABASES_*, split-settings, the copying packages.
  "DATABASES",
  "DEBUG",
  "SECRET_KEY",
  "INSTALLED_APPS",
  "ALLOWED_HOSTS",
  "MIDDLEWARE",
  "SECURE_",
  "SESSION_COOKIE_",
  "CSRF_",
  "ROOT_URLCONF",
  "LOGGING",
  "DATABASE_ROUTERS",
  "split_settings",
  "globals()",
  "locals()",
  "import_module(",
  "__import__(",
  // extendsSettings (django/settings.ts).
  "import *",
  // findSettingsHints (django/project.ts).
  "DJANGO_SETTINGS_MODULE",
  "--settings",
  // sysPathRoots (django/project.ts).
  "sys.path",
  // hasTemplateTags (django/templates.ts).
  "{{",
  "{%",
  // findUrlLiterals (django/scan-model.ts).
  "://",
  // settleInlineSuppressions (core/suppression.ts).
  "wirewarden:",
  // readDeployFiles (deploy/read-deploy.ts, helm-sources.ts): node flags, cluster settings, helm commands.
  "--insecure",
  "--accept-sql-without-tls",
  "--unencrypted-localhost-http",
  "host_based_authentication",
  "helm",
];
