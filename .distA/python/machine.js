/**
 * Namespace key for "names this module may have that the evaluator cannot see": set by a star import of an
 * external module or an include/exec it could not follow. A lookup that misses falls back to it (unknown, with
 * the reason), never to "not defined". NUL cannot start a Python name.
 */
export const MAYBE_DEFINED = "\0names:";
/**
 * Namespace key set when code the evaluator could not follow ran after DATABASES was set: it may have changed it.
 * `meta.databasesAt` is where that DATABASES was written, so an assignment afterwards (a new origin) settles it.
 */
export const DATABASES_MAY_CHANGE = "\0databases-may-change";
/** Namespace key prefix: which outcome of an imported module (with several) this outcome took. */
export const IMPORT_CHOICE = "\0import-choice:";
/** Namespace key for the files split-settings has included into this namespace (its `__included_files__`). */
export const INCLUDED_FILES = "\0included-files";
/** Namespace key for the external modules star-imported so far, whose modelled names a lookup can still find. */
export const STAR_MODULES = "\0star-modules";
/** Includes nest at most this deep (split-settings components including components, exec of exec). */
export const MAX_INCLUDE_DEPTH = 8;
/** An env-dependent include path is followed one outcome per file when at most this many files match. */
export const MAX_INCLUDE_CHOICES = 4;
export class BudgetExceeded extends Error {
}
export const PROJECT_ROOT_MARK = "<project>";
//# sourceMappingURL=machine.js.map