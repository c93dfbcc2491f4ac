/** Shared types of the abstract interpreter (interpreter.ts) and of its modules, and the Machine they run on. */
import type { Node } from "./parser.js";
import type { Origin, PyValue, ValueOf } from "./value.js";

/** Something the evaluator could not follow (becomes WW000). */
export interface PyDiagnostic {
  origin: Origin;
  reason: string;
}

export interface CallArgs {
  positional: PyValue[];
  keyword: Map<string, PyValue>;
  origin: Origin;
}

/** What the evaluator gives library models. */
export interface EvalContext {
  file: string;
  origin(node: Node): Origin;
  diagnose(origin: Origin, reason: string): void;
  /** `importlib.import_module(name)` / `__import__(name)`: the module object, as an import statement binds it. */
  importByName?(name: string, origin: Origin, topLevel: boolean): PyValue;
}

/** A model of external code: `os`, `pathlib`, `dj_database_url`, `environ`, … */
export interface Library {
  importModule(name: string): PyValue | undefined;
  getAttr(obj: PyValue, name: string, ctx: EvalContext): PyValue | undefined;
  call(fn: ValueOf<"object">, args: CallArgs, ctx: EvalContext): PyValue | undefined;
}

/** Names bound at module level in one outcome, plus the conditions that lead to it. */
export interface Scenario {
  ns: Map<string, PyValue>;
  conditions: string[];
  /** Inside a function or class body: the module namespace `ns` is layered over. */
  globals?: Map<string, PyValue>;
  /** Names a function declares `global`: assignments to them go to `globals`. */
  globalNames?: ReadonlySet<string>;
  /** A comprehension's scope: names it does not bind are looked up here (then in `globals`). */
  enclosing?: Scenario;
  /**
   * Inside a function another function called: the callers' locals, outermost first. A fork must not freeze a module
   * value one of them holds (`opts = DATABASES["default"]["OPTIONS"]` in the caller): see `fork` in statements.ts.
   */
  outer?: readonly Map<string, PyValue>[];
}

export interface Outcome {
  scenario: Scenario;
  /** Set when this path raised: the exception's name. */
  raised?: string;
  /** Set when this path left a function body with `return`. */
  returned?: PyValue;
  /** Set when this path left a loop body with `break` or `continue`. */
  loop?: "break" | "continue";
}

export interface ImportRequest {
  /** Absolute dotted name after resolving dots. */
  module: string;
  origin: Origin;
}

export interface ImportAnswer {
  /** An external module no library models and the tree does not have (maybe not installed at all). */
  unmodelled?: boolean;
  /** Scenarios of the imported project module. */
  scenarios?: Scenario[];
  /** External module object, when it is not a project module. */
  external?: PyValue;
  /** The module is a project module that does not exist: ImportError at run time. */
  missing?: boolean;
}

/** Other files of the tree, for `include()` (django-split-settings) and `exec(open(path).read())`. */
export interface IncludeHook {
  /** Tree paths (relative, `/`) of the Python files and templates, sorted: what an include glob can match. */
  paths: readonly string[];
  /** Dotted names of the project's importable modules: what an env-chosen import_module() name can be. */
  modules?: readonly string[];
  /** The directory a relative `open()` path starts from: the project's source root (where manage.py runs). */
  workingDir: string;
  /**
   * Files an include could have named with other env values (`stages/*.py` for `stages/{STAGE}.py`): parts of
   * the including module, even the ones this deployment does not pick.
   */
  noteParts?(paths: readonly string[]): void;
  /** Parses the file and hands its module node to `run` (the tree lives only as long as that call). */
  parse<T>(path: string, run: (root: Node) => T): { value: T } | { problem: string; quiet?: boolean };
}

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

export interface InterpreterOptions {
  file: string;
  /** `__file__` when it is not `file`: code run by include() or exec() sees the including module's. */
  dunderFile?: string;
  /** Runs other files of the tree in this namespace; without it include()/exec() are not followed. */
  includeFile?: IncludeHook;
  /** Files being included on the way here, outermost first (cycles are reported, not followed). */
  includeStack?: readonly string[];
  /** Template placeholders: identifier → the `{{ … }}` tag it replaced; they read as unknown values. */
  placeholders?: ReadonlyMap<string, string>;
  /** Dotted name of this module (for relative imports). */
  module: string;
  isPackage: boolean;
  libraries: Library[];
  importModule(req: ImportRequest): ImportAnswer;
  /** Upper bound on live outcomes; past it, branches are joined (differing values become unknown), with a WW000. */
  maxScenarios?: number;
  /** Upper bound on evaluated nodes, so a hostile file cannot make evaluation run long. */
  maxSteps?: number;
}

/** What a `def` or `lambda` keeps so that a call can be inlined. */
export interface FunctionMeta {
  def: Node;
  /** The file it was written in (origins of what it builds). */
  file: string;
  /** The namespace of the module that defined it, for functions imported from another module. */
  globals: Map<string, PyValue>;
  /** Default values of parameters, evaluated where the function was defined, as Python does. */
  defaults: Map<string, PyValue>;
  decorators: string[];
}

export interface Frame {
  name: string;
  def: Node;
}

export class BudgetExceeded extends Error {}

export const PROJECT_ROOT_MARK = "<project>";

/**
 * What the interpreter's modules (statements, imports, includes, expressions, calls, configuration) see of it: its
 * state, its budget bookkeeping and the entry points they call one another through. `Interpreter` implements it;
 * each module exports functions taking it first and imports only this file and pure helpers, never another module,
 * so that modules calling each other recursively make no import cycle.
 */
export interface Machine extends EvalContext {
  /** The file being evaluated; an inlined function from another module switches it while it runs. */
  file: string;
  readonly diagnostics: PyDiagnostic[];
  /** Nodes evaluated so far (and work charged), against opts.maxSteps. */
  steps: number;
  /** Nesting of expressions being evaluated, against the bound on depth. */
  depth: number;
  readonly opts: Required<Pick<InterpreterOptions, "maxScenarios" | "maxSteps">> & InterpreterOptions;
  /** Outcomes alive at once (forks add, merges and joins remove); bounded by maxScenarios. */
  live: number;
  /** This module's namespace in the scenario that made the outermost project call (see callProject). */
  callerNs: Map<string, PyValue> | undefined;
  blockDepth: number;
  readonly callStack: Frame[];
  /** Loops being run around the statement at hand (within the current function). */
  loopDepth: number;
  readonly callDepth: number;

  /** Another interpreter, for a file run in this one's namespace (include, exec). */
  newInterpreter(options: InterpreterOptions): Machine;
  importByName(name: string, origin: Origin, topLevel: boolean): PyValue;

  // budget (interpreter.ts)
  tick(node: Node): void;
  charge(entries: number, node: Node): void;
  countLive(delta: number): void;

  // statements.ts
  execBlock(statements: readonly (Node | null)[], outcomes: Outcome[]): Outcome[];
  noteUnfollowed(node: Node, _sc: Scenario, reason: string): void;
  assign(target: Node, value: PyValue, sc: Scenario): void;
  decide(v: PyValue): boolean | undefined;
  mayFork(node: Node): boolean;
  fork(sc: Scenario, condition: string): Scenario;

  // imports.ts
  execImport(node: Node, sc: Scenario): Outcome[];
  moduleValueAt(name: string, answer: ImportAnswer, origin: Origin): PyValue;
  execImportFrom(node: Node, sc: Scenario): Outcome[];

  // includes.ts
  execInclusion(stmt: Node, sc: Scenario): Outcome[] | undefined;
  execNamespaceCopyLoop(node: Node, sc: Scenario): Outcome[] | undefined;
  markUnseenNames(sc: Scenario, reason: string, origin: Origin): Outcome;
  fromUnseenNames(name: string, sc: Scenario, origin: Origin): PyValue | undefined;

  // expressions.ts
  evaluate(node: Node, sc: Scenario): PyValue;
  tooLargeValue(node: Node, what: string): PyValue;
  lookup(name: string, sc: Scenario, origin: Origin): PyValue;
  getAttr(obj: PyValue, name: string, node: Node): PyValue;
  binary(op: string, a: PyValue, b: PyValue, node: Node): PyValue;

  // calls.ts
  functionValue(node: Node, name: string, sc: Scenario, decorators: string[]): PyValue;
  callProject(fn: ValueOf<"object">, args: CallArgs, sc: Scenario): PyValue;
  classValue(node: Node, name: string, sc: Scenario): PyValue;
}
