import { posix } from "node:path";
import { ENVIRON_WRITE, type EnvironWriteMode } from "./env.js";
import type { Node } from "./parser.js";
import {
  asString,
  cloneValue,
  describe,
  extendBounded,
  isKind,
  MAX_ITEMS,
  type Origin,
  type PyValue,
  str,
  tooLarge,
  truthy,
  unknown,
  type ValueOf,
} from "./value.js";

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
}

interface Outcome {
  scenario: Scenario;
  /** Set when this path raised: the exception's name. */
  raised?: string;
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
const IMPORT_CHOICE = "\0import-choice:";
/** Namespace key for the files split-settings has included into this namespace (its `__included_files__`). */
const INCLUDED_FILES = "\0included-files";
/** Namespace key for the external modules star-imported so far, whose modelled names a lookup can still find. */
const STAR_MODULES = "\0star-modules";
/** Includes nest at most this deep (split-settings components including components, exec of exec). */
export const MAX_INCLUDE_DEPTH = 8;
/** An env-dependent include path is followed one outcome per file when at most this many files match. */
export const MAX_INCLUDE_CHOICES = 4;
/** A glob include of more files than this is not followed. */
const MAX_GLOB_FILES = 64;

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
  /** Upper bound on forks; past it, unknown conditions take the first branch and a WW000 says so. */
  maxScenarios?: number;
  /** Upper bound on evaluated nodes, so a hostile file cannot make evaluation run long. */
  maxSteps?: number;
}

const MAX_DEPTH = 150;

class BudgetExceeded extends Error {}

/**
 * An abstract interpreter for Django settings modules: it runs module-level statements over known values,
 * keeps env reads and library calls as modelled values, and forks when an `if` depends on something unknown.
 * It never runs project code.
 */
export class Interpreter implements EvalContext {
  readonly file: string;
  readonly diagnostics: PyDiagnostic[] = [];
  private readonly diagnosed = new Set<string>();
  private steps = 0;
  private depth = 0;
  private readonly opts: Required<Pick<InterpreterOptions, "maxScenarios" | "maxSteps">> & InterpreterOptions;
  private forkLimitReported = false;

  constructor(options: InterpreterOptions) {
    this.file = options.file;
    this.opts = { maxScenarios: 16, maxSteps: 400_000, ...options };
  }

  origin(node: Node): Origin {
    return { file: this.file, line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
  }

  diagnose(origin: Origin, reason: string): void {
    // A Set, not a scan of the list: a hostile module can raise one problem per line, 50,000 times.
    const key = `${origin.file}\u0000${origin.line}\u0000${reason}`;
    if (this.diagnosed.has(key)) return;
    this.diagnosed.add(key);
    this.diagnostics.push({ origin, reason });
  }

  /** Evaluates a whole module; returns the outcomes that did not raise. */
  run(root: Node, initial: Map<string, PyValue>): Scenario[] {
    let outcomes: Outcome[];
    try {
      outcomes = this.execBlock(root.namedChildren, [{ scenario: { ns: initial, conditions: [] } }]);
    } catch (e) {
      if (e instanceof BudgetExceeded) {
        this.diagnose(this.origin(root), e.message);
        return [{ ns: initial, conditions: [] }];
      }
      // The last line of defence against a hostile module: a value or a recursion too large for the engine.
      if (e instanceof RangeError) {
        this.diagnose(this.origin(root), `evaluation stopped: ${e.message} (file too complex)`);
        return [{ ns: initial, conditions: [] }];
      }
      throw e;
    }
    const ok = outcomes.filter((o) => !o.raised).map((o) => o.scenario);
    const raised = outcomes.filter((o) => o.raised);
    if (ok.length === 0 && raised.length > 0) {
      this.diagnose(
        this.origin(root),
        `the module raises ${raised[0]?.raised} at import in every branch the evaluator followed`,
      );
      return raised.map((o) => o.scenario);
    }
    return ok;
  }

  private tick(node: Node): void {
    this.steps += 1;
    if (this.steps > this.opts.maxSteps) {
      throw new BudgetExceeded(`evaluation stopped after ${this.opts.maxSteps} steps (file too complex)`);
    }
    if (this.depth > MAX_DEPTH) {
      throw new BudgetExceeded(
        `nesting deeper than ${MAX_DEPTH} levels at line ${node.startPosition.row + 1}`,
      );
    }
  }

  // ---------------------------------------------------------------- statements

  private execBlock(statements: readonly (Node | null)[], outcomes: Outcome[]): Outcome[] {
    let current = outcomes;
    for (const stmt of statements) {
      if (!stmt || stmt.type === "comment") continue;
      const next: Outcome[] = [];
      for (const o of current) {
        if (o.raised) next.push(o);
        else next.push(...this.execStatement(stmt, o.scenario));
      }
      current = next;
    }
    return current;
  }

  private execStatement(node: Node, sc: Scenario): Outcome[] {
    this.tick(node);
    switch (node.type) {
      case "expression_statement": {
        const included = this.execInclusion(node, sc);
        if (included) return included;
        for (const child of node.namedChildren) if (child) this.execExpressionStatement(child, sc);
        return [{ scenario: sc }];
      }
      case "import_statement":
        return this.execImport(node, sc);
      case "import_from_statement":
        return this.execImportFrom(node, sc);
      case "future_import_statement":
      case "pass_statement":
      case "global_statement":
      case "nonlocal_statement":
      case "assert_statement":
      case "print_statement":
      case "exec_statement":
      case "type_alias_statement":
        return [{ scenario: sc }];
      case "if_statement":
        return this.execIf(node, sc);
      case "try_statement":
        return this.execTry(node, sc);
      case "with_statement": {
        this.bindWithTargets(node, sc);
        const body = node.childForFieldName("body");
        return this.execBlock(body?.namedChildren ?? [], [{ scenario: sc }]);
      }
      case "for_statement":
        return this.execNamespaceCopyLoop(node, sc) ?? this.execFor(node, sc);
      case "while_statement":
        this.noteUnfollowed(node, sc, "a while loop at module level is not followed");
        return [{ scenario: sc }];
      case "function_definition":
      case "class_definition": {
        const name = node.childForFieldName("name")?.text;
        if (name)
          sc.ns.set(name, {
            kind: "object",
            ref: `${node.type === "class_definition" ? "class" : "function"}:${name}`,
            origin: this.origin(node),
          });
        return [{ scenario: sc }];
      }
      case "decorated_definition": {
        const def = node.childForFieldName("definition");
        return def ? this.execStatement(def, sc) : [{ scenario: sc }];
      }
      case "delete_statement":
        this.execDelete(node, sc);
        return [{ scenario: sc }];
      case "raise_statement": {
        const exc = node.namedChildren[0];
        const name = exc
          ? exc.type === "call"
            ? exc.childForFieldName("function")?.text
            : exc.text
          : "exception";
        return [{ scenario: sc, raised: name ?? "exception" }];
      }
      case "match_statement":
        this.noteUnfollowed(node, sc, "a match statement at module level is not followed");
        return [{ scenario: sc }];
      case "ERROR":
        return [{ scenario: sc }];
      default:
        return [{ scenario: sc }];
    }
  }

  /** Statements the evaluator skips only matter when they could change settings. */
  private noteUnfollowed(node: Node, _sc: Scenario, reason: string): void {
    if (/\b[A-Z][A-Z0-9_]{2,}\b/.test(node.text)) this.diagnose(this.origin(node), reason);
  }

  private execExpressionStatement(node: Node, sc: Scenario): void {
    switch (node.type) {
      case "assignment": {
        const left = node.childForFieldName("left");
        const right = node.childForFieldName("right");
        if (!left || !right) return; // annotation only
        const value = this.evaluate(right, sc);
        // Chained assignment `a = b = 1` nests assignments on the right in tree-sitter.
        this.assign(left, value, sc);
        return;
      }
      case "augmented_assignment":
        this.execAugmented(node, sc);
        return;
      default:
        this.evaluate(node, sc);
    }
  }

  private assign(target: Node, value: PyValue, sc: Scenario): void {
    switch (target.type) {
      case "identifier":
        sc.ns.set(target.text, value);
        return;
      case "subscript": {
        const obj = this.evaluate(target.childForFieldName("value") as Node, sc);
        const keyNode = target.childForFieldName("subscript");
        const key = keyNode ? this.evaluate(keyNode, sc) : undefined;
        if (obj.kind === "dict") {
          const k = dictKey(key);
          if (k !== undefined) obj.entries.set(k, value);
          else
            this.diagnose(
              this.origin(target),
              `cannot follow an assignment with a computed key (${keyNode?.text})`,
            );
        } else if (obj.kind === "list" && key?.kind === "int") {
          const i = key.value < 0 ? obj.items.length + key.value : key.value;
          if (i >= 0 && i < obj.items.length) obj.items[i] = value;
        } else if (obj.kind === "object" && obj.ref === "obj:os.environ" && key?.kind === "str") {
          sc.ns.set(`${ENVIRON_WRITE}${key.value}`, { ...value, via: "assign" satisfies EnvironWriteMode });
        } else if (obj.kind === "unknown" || obj.kind === "object") {
          if (/^[A-Z]/.test(target.text)) {
            this.diagnose(
              this.origin(target),
              `cannot follow an assignment to ${target.text}: ${reasonOf(obj)}`,
            );
          }
        }
        return;
      }
      case "pattern_list":
      case "tuple_pattern":
      case "list_pattern":
      case "tuple":
      case "list": {
        const targets = target.namedChildren.filter((n): n is Node => n !== null);
        const items = value.kind === "list" || value.kind === "tuple" ? value.items : undefined;
        targets.forEach((t, i) => {
          const item = items?.[i] ?? unknown(`cannot unpack ${describe(value)}`, { origin: this.origin(t) });
          this.assign(t, item, sc);
        });
        return;
      }
      case "parenthesized_expression": {
        const inner = target.namedChildren[0];
        if (inner) this.assign(inner, value, sc);
        return;
      }
      default:
        // Attribute assignment and other targets do not change settings names.
        return;
    }
  }

  private execAugmented(node: Node, sc: Scenario): void {
    const left = node.childForFieldName("left") as Node;
    const right = node.childForFieldName("right") as Node;
    const op = node.childForFieldName("operator")?.text ?? "+=";
    const current = this.evaluate(left, sc);
    const rhs = this.evaluate(right, sc);
    if (op === "+=" && current.kind === "list" && (rhs.kind === "list" || rhs.kind === "tuple")) {
      // Lists extend in place, up to the size the evaluator keeps.
      if (!extendBounded(current.items, rhs.items))
        this.assign(left, this.tooLargeValue(node, `a list of more than ${current.items.length} items`), sc);
      return;
    }
    if (op === "|=" && current.kind === "dict" && rhs.kind === "dict") {
      for (const [k, v] of rhs.entries) current.entries.set(k, v);
      return;
    }
    this.assign(left, this.binary(op.slice(0, -1), current, rhs, node), sc);
  }

  private execDelete(node: Node, sc: Scenario): void {
    for (const target of node.namedChildren) {
      if (!target) continue;
      const targets = target.type === "expression_list" ? target.namedChildren : [target];
      for (const t of targets) {
        if (!t) continue;
        if (t.type === "identifier") sc.ns.delete(t.text);
        else if (t.type === "subscript") {
          const obj = this.evaluate(t.childForFieldName("value") as Node, sc);
          const keyNode = t.childForFieldName("subscript");
          const k = dictKey(keyNode ? this.evaluate(keyNode, sc) : undefined);
          if (obj.kind === "dict" && k !== undefined) obj.entries.delete(k);
        }
      }
    }
  }

  private execIf(node: Node, sc: Scenario): Outcome[] {
    // Build the chain: if, elif…, else.
    const branches: { cond: Node | null; body: Node | null }[] = [
      { cond: node.childForFieldName("condition"), body: node.childForFieldName("consequence") },
    ];
    for (const alt of node.childrenForFieldName("alternative")) {
      if (!alt) continue;
      if (alt.type === "elif_clause") {
        branches.push({
          cond: alt.childForFieldName("condition"),
          body: alt.childForFieldName("consequence"),
        });
      } else branches.push({ cond: null, body: alt.childForFieldName("body") });
    }
    if (!branches.some((b) => b.cond === null)) branches.push({ cond: null, body: null });
    return this.execBranches(branches, 0, sc);
  }

  private execBranches(
    branches: { cond: Node | null; body: Node | null }[],
    index: number,
    sc: Scenario,
  ): Outcome[] {
    const branch = branches[index];
    if (!branch) return [{ scenario: sc }];
    const runBody = (s: Scenario) => this.execBlock(branch.body?.namedChildren ?? [], [{ scenario: s }]);
    if (branch.cond === null) return runBody(sc);
    const condValue = this.evaluate(branch.cond, sc);
    const decided = this.decide(condValue);
    if (decided === true) return runBody(sc);
    if (decided === false) return this.execBranches(branches, index + 1, sc);
    // Unknown, or depends on an env var nobody supplied: follow both ways and say which is which.
    const text = oneLine(branch.cond.text);
    if (!this.mayFork(branch.cond)) {
      const fallback = truthy(condValue);
      return fallback === false ? this.execBranches(branches, index + 1, sc) : runBody(sc);
    }
    const yes = this.fork(sc, `${text} is true`);
    const no = this.fork(sc, `${text} is false`);
    return [...runBody(yes), ...this.execBranches(branches, index + 1, no)];
  }

  /** A condition decides alone when it is known and not an unsupplied env read. */
  private decide(v: PyValue): boolean | undefined {
    if (v.env && !v.env.supplied) return undefined;
    return truthy(v);
  }

  private scenarioCount = 1;

  private mayFork(node: Node): boolean {
    if (this.scenarioCount * 2 > this.opts.maxScenarios) {
      if (!this.forkLimitReported) {
        this.forkLimitReported = true;
        this.diagnose(
          this.origin(node),
          `more than ${this.opts.maxScenarios} combinations of unknown conditions; later ones follow their default only`,
        );
      }
      return false;
    }
    this.scenarioCount += 1;
    return true;
  }

  private fork(sc: Scenario, condition: string): Scenario {
    const seen = new Map<PyValue, PyValue>();
    const ns = new Map<string, PyValue>();
    for (const [k, v] of sc.ns) ns.set(k, cloneValue(v, seen));
    return { ns, conditions: [...sc.conditions, condition] };
  }

  private execTry(node: Node, sc: Scenario): Outcome[] {
    const body = node.childForFieldName("body");
    const handlers = node.namedChildren.filter((c): c is Node => c?.type === "except_clause");
    const elseClause = node.namedChildren.find((c) => c?.type === "else_clause");
    const finallyClause = node.namedChildren.find((c) => c?.type === "finally_clause");
    const outcomes = this.execBlock(body?.namedChildren ?? [], [{ scenario: sc }]);
    const result: Outcome[] = [];
    for (const o of outcomes) {
      if (!o.raised) {
        const elseBody = elseClause?.namedChildren.find((c) => c?.type === "block");
        result.push(...(elseBody ? this.execBlock(elseBody.namedChildren, [o]) : [o]));
        continue;
      }
      const handler = handlers.find((h) => handlerCatches(h, o.raised as string));
      if (!handler) {
        result.push(o);
        continue;
      }
      const block = handler.namedChildren.find((c) => c?.type === "block");
      result.push(...this.execBlock(block?.namedChildren ?? [], [{ scenario: o.scenario }]));
    }
    const finallyBody = finallyClause?.namedChildren.find((c) => c?.type === "block");
    if (!finallyBody) return result;
    return result.flatMap((o) =>
      this.execBlock(finallyBody.namedChildren, [{ scenario: o.scenario }]).map((f) => ({
        scenario: f.scenario,
        raised: f.raised ?? o.raised,
      })),
    );
  }

  private execFor(node: Node, sc: Scenario): Outcome[] {
    const left = node.childForFieldName("left") as Node;
    const iterable = this.evaluate(node.childForFieldName("right") as Node, sc);
    const body = node.childForFieldName("body");
    let items: PyValue[] | undefined;
    if (iterable.kind === "list" || iterable.kind === "tuple") items = iterable.items;
    else if (iterable.kind === "dict") items = [...iterable.entries.keys()].map((k) => str(k));
    if (!items || items.length > 200) {
      this.noteUnfollowed(node, sc, `a for loop over ${reasonOf(iterable)} is not followed`);
      return [{ scenario: sc }];
    }
    let outcomes: Outcome[] = [{ scenario: sc }];
    for (const item of items) {
      const next: Outcome[] = [];
      for (const o of outcomes) {
        if (o.raised) {
          next.push(o);
          continue;
        }
        this.assign(left, item, o.scenario);
        next.push(...this.execBlock(body?.namedChildren ?? [], [o]));
      }
      outcomes = next;
    }
    return outcomes;
  }

  // ---------------------------------------------------------------- imports

  private resolveRelative(node: Node): string | undefined {
    // relative_import: import_prefix (dots) + optional dotted_name
    const prefix = node.namedChildren.find((c) => c?.type === "import_prefix")?.text ?? "";
    const rest = node.namedChildren.find((c) => c?.type === "dotted_name")?.text;
    const dots = prefix.length;
    const parts = this.opts.module.split(".");
    // A package's own __init__ counts as the package; a module's package is its parent.
    const base = this.opts.isPackage ? parts : parts.slice(0, -1);
    const up = base.slice(0, base.length - (dots - 1));
    // Python: "attempted relative import beyond top-level package" (or "with no known parent package" for a
    // top-level module, whose package is "").
    if (dots > base.length) return undefined;
    return [...up, ...(rest ? [rest] : [])].filter(Boolean).join(".");
  }

  private execImport(node: Node, sc: Scenario): Outcome[] {
    const children = node.namedChildren.filter((c): c is Node => c !== null && c.type !== "comment");
    return this.importNames(node, children, 0, sc);
  }

  /** `import a, b.c as d`: from name `i` on. */
  private importNames(node: Node, children: Node[], i: number, sc: Scenario): Outcome[] {
    for (; i < children.length; i++) {
      const child = children[i] as Node;
      const dotted = child.type === "aliased_import" ? child.childForFieldName("name") : child;
      if (!dotted) continue;
      const name = dotted.text;
      const answer = this.opts.importModule({ module: name, origin: this.origin(node) });
      if (answer.missing) return [{ scenario: sc, raised: "ImportError" }];
      // `try: import local_settings / except ImportError: …` with a module the tree lacks: both worlds.
      if (answer.unmodelled && this.importDecidesSettings(node) && this.mayFork(node)) {
        const absent = this.fork(sc, `${name} cannot be imported`);
        const present = this.fork(sc, `${name} can be imported`);
        this.bindImported(node, child, name, answer, present);
        return [
          ...this.importNames(node, children, i + 1, present),
          { scenario: absent, raised: "ImportError" },
        ];
      }
      this.bindImported(node, child, name, answer, sc);
    }
    return [{ scenario: sc }];
  }

  private bindImported(node: Node, child: Node, name: string, answer: ImportAnswer, sc: Scenario): void {
    const alias = child.type === "aliased_import" ? child.childForFieldName("alias")?.text : undefined;
    if (alias) {
      sc.ns.set(alias, this.moduleValue(name, answer, node));
      return;
    }
    const top = name.split(".")[0] as string;
    sc.ns.set(
      top,
      this.moduleValue(top, this.opts.importModule({ module: top, origin: this.origin(node) }), node),
    );
  }

  private moduleValue(name: string, answer: ImportAnswer, node: Node): PyValue {
    return this.moduleValueAt(name, answer, this.origin(node));
  }

  private moduleValueAt(name: string, answer: ImportAnswer, origin: Origin): PyValue {
    if (answer.external) return answer.external;
    if (answer.scenarios?.[0]) {
      // A project module used as a namespace: its attributes are its names.
      return { kind: "object", ref: `module:${name}`, attrs: answer.scenarios[0].ns, origin };
    }
    return { kind: "object", ref: `module:${name}`, origin };
  }

  private execImportFrom(node: Node, sc: Scenario): Outcome[] {
    const moduleNode = node.childForFieldName("module_name");
    if (!moduleNode) return [{ scenario: sc }];
    const moduleName =
      moduleNode.type === "relative_import" ? this.resolveRelative(moduleNode) : moduleNode.text;
    const origin = this.origin(node);
    if (moduleName === undefined) {
      // Python raises ImportError here; a file written to be copied into a package at deploy time (a Docker
      // image's settings/config.py) does not. Both worlds when the import is guarded, else names unknown.
      this.diagnose(
        origin,
        `relative import ${moduleNode.text} goes above the top-level package (ImportError, unless the file is copied into a package at deploy time): the names it brings are unknown`,
      );
      const mod: PyValue = { kind: "object", ref: `module:${moduleNode.text}` };
      return this.importExternal(node, moduleNode.text, mod, true, sc);
    }
    const answer = this.opts.importModule({ module: moduleName, origin });
    if (answer.missing) return [{ scenario: sc, raised: "ImportError" }];
    const wildcard = node.namedChildren.some((c) => c?.type === "wildcard_import");
    const names = node.childrenForFieldName("name").filter((n): n is Node => n !== null);

    if (answer.scenarios) {
      // One outcome per outcome of the imported module; a module is evaluated once per process, so a second
      // import of it (`from .base import *` then `from .base import X`) stays in the outcome already taken.
      const imported = answer.scenarios;
      const choiceKey = `${IMPORT_CHOICE}${moduleName}`;
      const chosen = sc.ns.get(choiceKey);
      const taken = chosen?.kind === "int" && imported[chosen.value] ? [chosen.value] : undefined;
      const indices = taken ?? imported.map((_, i) => i);
      return indices.map((i, n) => {
        const importedScenario = imported[i] as Scenario;
        const target = n === indices.length - 1 ? sc : this.fork(sc, "");
        if (!taken) target.conditions = [...sc.conditions, ...importedScenario.conditions].filter(Boolean);
        if (imported.length > 1) target.ns.set(choiceKey, { kind: "int", value: i });
        const seen = new Map<PyValue, PyValue>();
        if (wildcard) {
          // (split-settings' list of included files is `__included_files__`: private, not copied.)
          for (const [k, v] of importedScenario.ns)
            if (!k.startsWith("_") && k !== INCLUDED_FILES) target.ns.set(k, cloneValue(v, seen));
        }
        for (const n of names) {
          const [orig, alias] = importedName(n);
          let v = importedScenario.ns.get(orig);
          if (!v) {
            const sub = this.opts.importModule({ module: `${moduleName}.${orig}`, origin });
            v = sub.missing ? undefined : this.moduleValue(`${moduleName}.${orig}`, sub, node);
          }
          target.ns.set(
            alias,
            v ? cloneValue(v, seen) : unknown(`${moduleName} has no name ${orig}`, { origin }),
          );
        }
        return { scenario: target };
      });
    }
    // External module: names become attributes of its model.
    const mod = answer.external ?? { kind: "object", ref: `module:${moduleName}` };
    return this.importExternal(node, moduleName, mod, answer.unmodelled === true, sc);
  }

  private importExternal(
    node: Node,
    moduleName: string,
    mod: PyValue,
    unmodelled: boolean,
    sc: Scenario,
  ): Outcome[] {
    // `try: from local_settings import * / except ImportError: …` with a module the tree does not have: a file
    // kept out of the repository, or a package that may not be installed. Both worlds, named.
    if (unmodelled && this.insideImportErrorHandler(node) && this.mayFork(node)) {
      const absent = this.fork(sc, `${moduleName} cannot be imported`);
      const present = this.fork(sc, `${moduleName} can be imported`);
      return [
        ...this.bindExternal(node, moduleName, mod, true, present),
        { scenario: absent, raised: "ImportError" },
      ];
    }
    return this.bindExternal(node, moduleName, mod, unmodelled, sc);
  }

  /** Names from a module outside the tree: attributes of its model, or unknown. */
  private bindExternal(
    node: Node,
    moduleName: string,
    mod: PyValue,
    unmodelled: boolean,
    sc: Scenario,
  ): Outcome[] {
    const origin = this.origin(node);
    const wildcard = node.namedChildren.some((c) => c?.type === "wildcard_import");
    const names = node.childrenForFieldName("name").filter((n): n is Node => n !== null);
    if (wildcard) {
      // A library the evaluator models (dj_database_url, environ, decouple) exports what its model says.
      const seen = sc.ns.get(STAR_MODULES);
      sc.ns.set(STAR_MODULES, { kind: "list", items: [mod, ...(seen?.kind === "list" ? seen.items : [])] });
      if (!unmodelled) return [{ scenario: sc }];
      // The module goes on: what the package defines is unknown, what this module defines after it is known.
      // (A relative name was said already: it goes above the top-level package.)
      if (!moduleName.startsWith("."))
        this.diagnose(
          origin,
          `star import from external module ${moduleName} is not followed: the names it defines are unknown`,
        );
      this.markUnseenNames(
        sc,
        `may come from star import of ${moduleName} (${origin.file}:${origin.line})`,
        origin,
      );
      return [{ scenario: sc }];
    }
    for (const n of names) {
      const [orig, alias] = importedName(n);
      sc.ns.set(alias, this.getAttr(mod, orig, node));
    }
    return [{ scenario: sc }];
  }

  /**
   * `with open(p) as f:` binds `f` to what the context manager yields; for an open file that is the file itself,
   * so `exec(f.read())` in the body runs that file. Other context managers yield unknown values.
   */
  private bindWithTargets(node: Node, sc: Scenario): void {
    const clause = node.namedChildren.find((c) => c?.type === "with_clause");
    for (const item of clause?.namedChildren ?? []) {
      const value = item?.type === "with_item" ? item.childForFieldName("value") : null;
      if (value?.type !== "as_pattern") continue;
      const target = value.childForFieldName("alias")?.namedChildren[0] ?? null;
      const managerNode = value.namedChildren[0];
      if (!target || !managerNode) continue;
      const manager = this.evaluate(managerNode, sc);
      const yielded =
        manager.kind === "object" && manager.ref === "obj:file"
          ? manager
          : unknown(`what ${oneLine(managerNode.text).slice(0, 60)} yields is not modelled`, {
              origin: this.origin(value),
            });
      this.assign(target, yielded, sc);
    }
  }

  /** `importlib.import_module("a.b")` returns `a.b`; `__import__("a.b")` binds like `import a.b`, i.e. `a`. */
  importByName(name: string, origin: Origin, topLevel: boolean): PyValue {
    const answer = this.opts.importModule({ module: name, origin });
    if (answer.missing) {
      this.diagnose(origin, `import of ${name}: no such module in the project (ImportError at run time)`);
      return unknown(`${name} is not a module of the project (ImportError at run time)`, { origin });
    }
    const top = name.split(".")[0] as string;
    if (!topLevel || top === name) return this.moduleValueAt(name, answer, origin);
    return this.moduleValueAt(top, this.opts.importModule({ module: top, origin }), origin);
  }

  /** Whether an ImportError raised at `node` is caught by a try around it (in this module, not in a function). */
  private insideImportErrorHandler(node: Node): boolean {
    return this.importErrorTry(node) !== undefined;
  }

  private importErrorTry(node: Node): Node | undefined {
    for (let child = node, p = node.parent; p; child = p, p = p.parent) {
      if (p.type === "function_definition" || p.type === "class_definition") return undefined;
      if (p.type !== "try_statement" || p.childForFieldName("body")?.id !== child.id) continue;
      const handlers = p.namedChildren.filter((c): c is Node => c?.type === "except_clause");
      if (handlers.some((h) => handlerCatches(h, "ImportError"))) return p;
    }
    return undefined;
  }

  /**
   * A plain `import x` guarded by except ImportError forks only when the try or its handlers write a setting
   * (`import sentry_sdk` / `except ImportError: pass` ends the same either way).
   */
  private importDecidesSettings(node: Node): boolean {
    const t = this.importErrorTry(node);
    return (
      t !== undefined && /(^|\n)[ \t]*[A-Z][A-Z0-9_]{2,}[ \t]*(\[[^\]\n]*\][ \t]*)*[+|]?=[^=]/.test(t.text)
    );
  }

  // ---------------------------------------------------------------- include / exec

  /** `include(...)` of django-split-settings and `exec(<a file's text>)`: other files run in this namespace. */
  private execInclusion(stmt: Node, sc: Scenario): Outcome[] | undefined {
    const call = stmt.namedChildren[0];
    if (stmt.namedChildCount === 1 && call?.type === "assignment") return this.execChosenImport(call, sc);
    if (stmt.namedChildCount !== 1 || call?.type !== "call") return undefined;
    if (/^(globals|locals)\(\)\.update$/.test(call.childForFieldName("function")?.text ?? ""))
      return this.execNamespaceUpdate(call, sc);
    const fnNode = call.childForFieldName("function");
    // Any name may be bound to them (`from split_settings.tools import include as settings_include`).
    // Only names and dotted names: looking them up has no effect, so the statement can still run as usual after.
    if (!fnNode || !/^[A-Za-z_][\w.]*$/.test(fnNode.text)) return undefined;
    const fn = this.evaluate(fnNode, sc);
    if (fn.kind === "unknown") this.noteUnseenMutation(call, fn, sc);
    if (fn.kind !== "object") return undefined;
    if (fn.ref === "fn:split_settings.include") return this.execSplitInclude(call, sc);
    if (fn.ref === "fn:builtins.exec") return this.execExec(call, sc);
    return undefined;
  }

  /**
   * `mod = import_module(f"conf.settings.{env}")` with env from an env var the deployment did not supply: one
   * outcome per project module the name can take, when they are few (the modules next to the default).
   */
  private execChosenImport(assignment: Node, sc: Scenario): Outcome[] | undefined {
    const left = assignment.childForFieldName("left");
    const right = assignment.childForFieldName("right");
    if (left?.type !== "identifier" || right?.type !== "call") return undefined;
    const fnNode = right.childForFieldName("function");
    if (!fnNode || !/^[A-Za-z_][\w.]*$/.test(fnNode.text)) return undefined;
    const fn = this.evaluate(fnNode, sc);
    const dunder = fn.kind === "object" && fn.ref === "fn:builtins.__import__";
    if (!dunder && !(fn.kind === "object" && fn.ref === "fn:importlib.import_module")) return undefined;
    const nameNode = right
      .childForFieldName("arguments")
      ?.namedChildren.find((c) => c && c.type !== "comment");
    const names = this.opts.includeFile?.modules;
    if (!nameNode || nameNode.type === "keyword_argument" || !names) return undefined;
    const pattern = this.pathPattern(nameNode, sc, moduleNamePattern);
    if (!pattern?.depends) return undefined; // a known name (or none): the call itself says what happens
    const matcher = globMatcher(pattern.glob.replace(/\./g, "/"));
    const matches = matcher ? names.filter((n) => matcher(n.replace(/\./g, "/"))) : [];
    if (matches.length === 0 || matches.length > MAX_INCLUDE_CHOICES) return undefined;
    if (this.scenarioCount + matches.length - 1 > this.opts.maxScenarios) return undefined;
    this.scenarioCount += matches.length - 1;
    const origin = this.origin(right);
    return matches.map((name) => {
      const branch = this.fork(sc, `${pattern.depends} names ${name}`);
      this.assign(left, this.importByName(name, origin, dunder && !this.hasFromList(right)), branch);
      return { scenario: branch };
    });
  }

  /** `__import__(name, globals(), locals(), ["*"])` returns the named module itself, not its top package. */
  private hasFromList(call: Node): boolean {
    const args =
      call.childForFieldName("arguments")?.namedChildren.filter((c) => c && c.type !== "comment") ?? [];
    return (
      args.length >= 4 || args.some((a) => a?.type === "keyword_argument" && a.text.startsWith("fromlist"))
    );
  }

  /** `globals().update(vars(mod))` / `globals().update(mod.__dict__)`: a star import by hand. */
  private execNamespaceUpdate(call: Node, sc: Scenario): Outcome[] {
    const arg = call.childForFieldName("arguments")?.namedChildren.find((c) => c && c.type !== "comment");
    const source = arg ? this.moduleBehind(arg, sc) : undefined;
    return [this.copyModuleNames(source, call, sc, false)];
  }

  /**
   * `for k in dir(mod): if k.isupper(): globals()[k] = getattr(mod, k)` and the `vars(mod).items()` /
   * `mod.__dict__.items()` forms with `globals()[k]`, `locals()[k]` or `setattr(...)`: a star import by hand.
   * Any other loop is left to the loop evaluator.
   */
  private execNamespaceCopyLoop(node: Node, sc: Scenario): Outcome[] | undefined {
    const right = node.childForFieldName("right");
    const body = node.childForFieldName("body")?.text ?? "";
    if (!right || !/\b(globals|locals)\(\)\s*\[|\bsetattr\s*\(/.test(body)) return undefined;
    let iter: Node | null = right;
    // `.items()` / `.keys()` of the namespace: the same names.
    if (iter.type === "call" && /\.(items|keys)$/.test(iter.childForFieldName("function")?.text ?? "")) {
      iter = iter.childForFieldName("function")?.childForFieldName("object") ?? null;
    }
    const isDir = iter?.type === "call" && iter.childForFieldName("function")?.text === "dir";
    const source = iter ? (isDir ? this.firstArgModule(iter, sc) : this.moduleBehind(iter, sc)) : null;
    if (!source) return undefined; // not a namespace being copied: an ordinary loop
    return [this.copyModuleNames(source, node, sc, /\bisupper\s*\(/.test(body))];
  }

  /** The module behind `vars(m)` or `m.__dict__`: its value, or null when the expression is neither. */
  private moduleBehind(n: Node, sc: Scenario): PyValue | null {
    if (n.type === "call" && n.childForFieldName("function")?.text === "vars")
      return this.firstArgModule(n, sc);
    if (n.type === "attribute" && n.childForFieldName("attribute")?.text === "__dict__") {
      const obj = n.childForFieldName("object");
      return obj ? this.evaluate(obj, sc) : null;
    }
    return null;
  }

  private firstArgModule(call: Node, sc: Scenario): PyValue | null {
    const arg = call.childForFieldName("arguments")?.namedChildren.find((c) => c && c.type !== "comment");
    return arg ? this.evaluate(arg, sc) : null;
  }

  /** Copies a project module's names here; anything else makes the names it may bring unknown. */
  private copyModuleNames(
    source: PyValue | null | undefined,
    node: Node,
    sc: Scenario,
    upperOnly: boolean,
  ): Outcome {
    const origin = this.origin(node);
    const what = oneLine(node.text).slice(0, 80);
    if (source?.kind === "object" && source.attrs && source.ref.startsWith("module:")) {
      const seen = new Map<PyValue, PyValue>();
      for (const [k, v] of source.attrs) {
        if (k.startsWith("_") || k.startsWith("\0") || (upperOnly && k !== k.toUpperCase())) continue;
        sc.ns.set(k, cloneValue(v, seen));
      }
      return { scenario: sc };
    }
    const why = source === null || source === undefined ? "the source is not a module" : reasonOf(source);
    this.diagnose(origin, `names copied by ${what} are not followed: ${why}`);
    return this.markUnseenNames(sc, `may be set by ${what} (${origin.file}:${origin.line})`, origin);
  }

  /** Files are relative to the including file, globs allowed, run in order; optional() ones may be missing. */
  private execSplitInclude(call: Node, sc: Scenario): Outcome[] {
    let outcomes: Outcome[] = [{ scenario: sc }];
    for (const arg of call.childForFieldName("arguments")?.namedChildren ?? []) {
      if (!arg || arg.type === "comment" || arg.type === "keyword_argument") continue; // scope=globals()
      const origin = this.origin(arg);
      outcomes = outcomes.flatMap((o) => {
        if (o.raised) return [o];
        return this.includeTargets(arg, o.scenario).reduce<Outcome[]>(
          (outs, target) =>
            outs.flatMap((x) => (x.raised ? [x] : this.includeOne(target, x.scenario, origin))),
          [{ scenario: o.scenario }],
        );
      });
    }
    return outcomes.map((o) => (o.raised ? o : { scenario: o.scenario }));
  }

  /** What one include() argument names: a path (or pattern), `optional(path)`, or `*a_list_of_them`. */
  private includeTargets(arg: Node, sc: Scenario): IncludeTarget[] {
    const text = oneLine(arg.text).slice(0, 100);
    if (arg.type === "list_splat") {
      const inner = arg.namedChildren[0];
      const list = inner ? this.evaluate(inner, sc) : undefined;
      if (list?.kind !== "list" && list?.kind !== "tuple")
        return [{ text, optional: false, why: `${text} is ${list ? reasonOf(list) : "empty"}` }];
      return list.items.map((item) => {
        const opt = item.kind === "object" && item.ref === "obj:split_settings.optional";
        const path = opt ? item.attrs?.get("path") : item;
        const shown = `${opt ? "optional " : ""}${describe(path).slice(0, 100)}`;
        const pattern = path ? valuePattern(path) : undefined;
        const family = path ? valuePattern(path, true)?.glob : undefined;
        return pattern
          ? { text: shown, optional: opt, pattern, ...(family ? { family } : {}) }
          : { text: shown, optional: opt, why: `the file name is ${path ? reasonOf(path) : "missing"}` };
      });
    }
    let target: Node | undefined = arg;
    let optional = false;
    if (arg.type === "call") {
      const f = arg.childForFieldName("function");
      const fv = f ? this.evaluate(f, sc) : undefined;
      if (fv?.kind === "object" && fv.ref === "fn:split_settings.optional") {
        optional = true;
        target =
          arg.childForFieldName("arguments")?.namedChildren.find((c) => c && c.type !== "comment") ??
          undefined;
      }
    }
    const pattern = target ? this.pathPattern(target, sc) : undefined;
    const family = target
      ? this.pathPattern(target, sc, (v) => valuePattern(v, true), true)?.glob
      : undefined;
    return [
      pattern
        ? { text, optional, pattern, ...(family ? { family } : {}) }
        : { text, optional, why: "the file name is not known" },
    ];
  }

  private includeOne(target: IncludeTarget, sc: Scenario, origin: Origin): Outcome[] {
    const what = `include(${target.text})`;
    const unseen = (why: string): Outcome[] => {
      this.diagnose(origin, `${what} is not followed: ${why}`);
      return [this.markUnseenNames(sc, `may be set by ${what} (${origin.file}:${origin.line})`, origin)];
    };
    const hook = this.opts.includeFile;
    if (!hook) return unseen("other files are not read here");
    const pattern = target.pattern;
    if (!pattern) return unseen(target.why ?? "the file name is not known");
    const full = this.treePath(pattern.glob, posix.dirname(this.file));
    if (full === undefined) return unseen(`${pattern.glob} is outside the scanned tree`);
    const matcher = globMatcher(full);
    if (!matcher) return unseen(`the pattern ${full} has too many wildcards`);
    // `__init__.py` is the package itself, never one of the files an env value picks.
    const matches = hook.paths.filter(
      (p) => matcher(p) && !(pattern.depends && posix.basename(p) === "__init__.py"),
    );
    const family = target.family ? this.treePath(target.family, posix.dirname(this.file)) : undefined;
    const familyMatcher = family ? globMatcher(family) : undefined;
    if (familyMatcher) hook.noteParts?.(hook.paths.filter(familyMatcher).slice(0, MAX_GLOB_FILES));
    if (!pattern.depends) {
      if (matches.length === 0) {
        if (target.optional) return [{ scenario: sc }];
        this.diagnose(origin, `${what}: no file ${full} in the tree (split-settings raises IOError)`);
        return [{ scenario: sc, raised: "IOError" }];
      }
      if (matches.length > MAX_GLOB_FILES) return unseen(`${matches.length} files match ${full}`);
      return matches.reduce<Outcome[]>(
        (outs, file) => outs.flatMap((o) => (o.raised ? [o] : this.includeOnce(file, o.scenario, origin))),
        [{ scenario: sc }],
      );
    }
    // The file depends on a value the deployment supplies: one outcome per file it can name, when they are few.
    if (matches.length === 0 && target.optional) return [{ scenario: sc }];
    if (matches.length === 0) return unseen(`no file in the tree matches ${full} (${pattern.depends})`);
    if (matches.length > MAX_INCLUDE_CHOICES)
      return unseen(`${matches.length} files match ${full}, chosen by ${pattern.depends}`);
    const choices: (string | null)[] = target.optional ? [...matches, null] : matches;
    if (this.scenarioCount + choices.length - 1 > this.opts.maxScenarios)
      return unseen(`more than ${this.opts.maxScenarios} combinations to follow ${full}`);
    this.scenarioCount += choices.length - 1;
    return choices.flatMap((file) => {
      const branch = this.fork(
        sc,
        file ? `${pattern.depends} names ${file}` : `${pattern.depends} names no file`,
      );
      return file ? this.includeOnce(file, branch, origin) : [{ scenario: branch }];
    });
  }

  /** split-settings runs a file once per namespace: a second include of it (or a cycle back to it) is skipped. */
  private includeOnce(path: string, sc: Scenario, origin: Origin): Outcome[] {
    const done = sc.ns.get(INCLUDED_FILES);
    const paths = done?.kind === "list" ? done.items : [];
    if (paths.some((p) => p.kind === "str" && p.value === path)) return [{ scenario: sc }];
    sc.ns.set(INCLUDED_FILES, { kind: "list", items: [...paths, str(path)] });
    return this.runIncluded(path, sc, origin);
  }

  /** `exec(open(p).read())`, `exec(compile(open(p).read(), p, "exec"))`: the file runs in this namespace. */
  private execExec(call: Node, sc: Scenario): Outcome[] {
    const origin = this.origin(call);
    const argNode = call.childForFieldName("arguments")?.namedChildren.find((c) => c && c.type !== "comment");
    const what = `exec(${oneLine(argNode?.text ?? "").slice(0, 80)})`;
    const unseen = (why: string): Outcome[] => {
      this.diagnose(origin, `${what} is not followed: ${why}`);
      return [this.markUnseenNames(sc, `may be set by ${what} (${origin.file}:${origin.line})`, origin)];
    };
    if (!argNode) return unseen("no code");
    const code = this.evaluate(argNode, sc);
    const pathValue =
      code.kind === "object" && code.ref === "obj:source" ? code.attrs?.get("path") : undefined;
    if (!pathValue) return unseen(code.kind === "str" ? "code in a string" : reasonOf(code));
    const path = formatForString(pathValue);
    if (path === undefined) return unseen(`the file is ${reasonOf(pathValue)}`);
    if (pathValue.env && !pathValue.env.supplied)
      return unseen(`the file name depends on env var ${pathValue.env.variable}`);
    const hook = this.opts.includeFile;
    if (!hook) return unseen("other files are not read here");
    const full = this.treePath(path, hook.workingDir);
    if (full === undefined) return unseen(`${path} is outside the scanned tree`);
    // A file missing from the tree may still be there at run time (written at deploy time): not a crash, unknown.
    if (!hook.paths.includes(full)) return unseen(`${full} is not in the scanned tree`);
    return this.runIncluded(full, sc, origin);
  }

  /** A path as the tree names it: `<project>/x` from `__file__`, relative ones from `base`; undefined outside. */
  private treePath(path: string, base: string): string | undefined {
    const mark = `${PROJECT_ROOT_MARK}/`;
    const inTree = path.startsWith(mark)
      ? path.slice(mark.length)
      : path.startsWith("/")
        ? undefined
        : posix.join(base, path);
    if (inTree === undefined) return undefined;
    const normal = posix.normalize(inTree);
    return normal === ".." || normal.startsWith("../") || normal.startsWith("/") ? undefined : normal;
  }

  /**
   * The path an include names, with the parts that depend on unknown or unsupplied env values as `*`
   * (`"environments/%s.py" % ENV` → `environments/*.py`); undefined when nothing of it is known.
   */
  private pathPattern(
    node: Node,
    sc: Scenario,
    whole: (v: PyValue) => { glob: string; depends?: string } | undefined = valuePattern,
    anyEnv = false,
  ): { glob: string; depends?: string } | undefined {
    const v = this.evaluate(node, sc);
    const text = formatForString(v);
    const open = (x: PyValue) => x.env !== undefined && (anyEnv || !x.env.supplied);
    if (text !== undefined && !open(v)) return { glob: text };
    const parts: { text: string; depends?: string }[] = [];
    const leaf = (n: Node): void => {
      const x = this.evaluate(n, sc);
      const t = formatForString(x);
      if (t !== undefined && !open(x)) parts.push({ text: t });
      else parts.push({ text: "*", depends: x.env ? `env var ${x.env.variable}` : oneLine(n.text) });
    };
    const walk = (n: Node): boolean => {
      if (n.type === "parenthesized_expression" && n.namedChildren[0]) return walk(n.namedChildren[0]);
      if (n.type === "binary_operator") {
        const op = n.childForFieldName("operator")?.text;
        const left = n.childForFieldName("left");
        const right = n.childForFieldName("right");
        if (!left || !right) return false;
        if (op === "+") return walk(left) && walk(right);
        if (op === "/") {
          if (!walk(left)) return false;
          parts.push({ text: "/" });
          return walk(right);
        }
        if (op === "%" && left.type === "string") {
          const fmt = formatForString(this.evaluate(left, sc));
          if (fmt === undefined) return false;
          const args =
            right.type === "tuple" ? right.namedChildren.filter((c): c is Node => c !== null) : [right];
          let i = 0;
          for (const piece of fmt.split(/(%[sd%])/)) {
            if (piece === "%%") parts.push({ text: "%" });
            else if (piece === "%s" || piece === "%d") {
              const arg = args[i++];
              if (!arg) return false;
              leaf(arg);
            } else if (piece) parts.push({ text: piece });
          }
          return true;
        }
        return false;
      }
      if (n.type === "call") {
        const fn = n.childForFieldName("function");
        const recv = fn?.type === "attribute" ? fn.childForFieldName("object") : null;
        if (fn?.childForFieldName("attribute")?.text !== "format" || recv?.type !== "string") {
          leaf(n);
          return true;
        }
        const fmt = formatForString(this.evaluate(recv, sc));
        if (fmt === undefined) return false;
        const args = (n.childForFieldName("arguments")?.namedChildren ?? []).filter(
          (c): c is Node => c !== null && c.type !== "comment",
        );
        const positional = args.filter((a) => a.type !== "keyword_argument");
        const keyword = (name: string) =>
          args
            .find((a) => a.type === "keyword_argument" && a.childForFieldName("name")?.text === name)
            ?.childForFieldName("value");
        let next = 0;
        for (const piece of fmt.split(/(\{[^{}]*\})/)) {
          const field = /^\{([^{}]*)\}$/.exec(piece)?.[1];
          if (field === undefined) {
            if (piece) parts.push({ text: piece });
            continue;
          }
          const arg =
            field === ""
              ? positional[next++]
              : /^\d+$/.test(field)
                ? positional[Number(field)]
                : keyword(field);
          if (!arg) return false;
          leaf(arg);
        }
        return true;
      }
      if (n.type === "string") {
        for (const part of n.namedChildren) {
          if (!part || part.type === "string_start" || part.type === "string_end") continue;
          if (part.type === "interpolation") {
            const expr = part.childForFieldName("expression");
            if (!expr) return false;
            leaf(expr);
          } else parts.push({ text: part.text });
        }
        return true;
      }
      leaf(n);
      return true;
    };
    // Only wildcards and separators would match every file, which says nothing: then the value's own shape.
    if (!walk(node)) return whole(v);
    const glob = parts
      .map((p) => p.text)
      .join("")
      .replace(/\/+/g, "/");
    const depends = parts.find((p) => p.depends)?.depends;
    if (!/[^*/]/.test(glob)) return whole(v);
    return depends ? { glob, depends } : { glob };
  }

  /** Runs a file of the tree on this scenario, as the same module (globals, `__file__`, relative imports). */
  private runIncluded(path: string, sc: Scenario, origin: Origin): Outcome[] {
    const stack = this.opts.includeStack ?? [this.file];
    const unseen = (why: string): Outcome[] => {
      this.diagnose(origin, why);
      return [this.markUnseenNames(sc, `may be set by ${path} (${why})`, origin)];
    };
    if (stack.includes(path)) return unseen(`include cycle: ${[...stack, path].join(" → ")}`);
    if (stack.length > MAX_INCLUDE_DEPTH)
      return unseen(`includes nested deeper than ${MAX_INCLUDE_DEPTH} files at ${path}`);
    const hook = this.opts.includeFile;
    if (!hook) return unseen(`${path} is not read here`);
    const result = hook.parse(path, (root) => {
      const child = new Interpreter({
        ...this.opts,
        file: path,
        dunderFile: this.opts.dunderFile ?? this.file,
        includeStack: [...stack, path],
        maxSteps: Math.max(1, this.opts.maxSteps - this.steps),
      });
      child.scenarioCount = this.scenarioCount;
      child.depth = this.depth;
      try {
        return child.execBlock(root.namedChildren, [{ scenario: sc }]);
      } finally {
        this.steps += child.steps;
        this.scenarioCount = child.scenarioCount;
        for (const d of child.diagnostics) this.diagnose(d.origin, d.reason);
      }
    });
    if ("problem" in result && result.quiet)
      return [this.markUnseenNames(sc, `may be set by ${path} (${result.problem})`, origin)];
    if ("problem" in result) return unseen(`${path}: ${result.problem}`);
    return result.value;
  }

  /**
   * `configure_databases(DATABASES)` or `helper.settings(locals())` with a function the evaluator cannot see (from
   * a star import of a package, an attribute of an unmodelled module): it may change DATABASES in place.
   */
  private noteUnseenMutation(call: Node, fn: PyValue, sc: Scenario): void {
    if (!sc.ns.has("DATABASES") || sc.ns.has(DATABASES_MAY_CHANGE)) return;
    const args = call.childForFieldName("arguments")?.namedChildren ?? [];
    const passes = args.some(
      (a) => a !== null && /^(\*\*?)?(DATABASES\b|(locals|globals|vars)\(\s*\)$)/.test(a.text.trim()),
    );
    if (!passes) return;
    const origin = this.origin(call);
    const what = `${oneLine(call.text).slice(0, 80)}`;
    this.diagnose(origin, `${what} may change DATABASES in place: ${reasonOf(fn)}`);
    const databases = sc.ns.get("DATABASES");
    sc.ns.set(
      DATABASES_MAY_CHANGE,
      unknown(`may be changed by ${what} (${origin.file}:${origin.line})`, {
        origin,
        ...(databases?.origin ? { meta: { databasesAt: databases.origin } } : {}),
      }),
    );
  }

  /** Records that names the evaluator cannot see may be defined from here on. */
  private markUnseenNames(sc: Scenario, reason: string, origin: Origin): Outcome {
    const before = sc.ns.get(MAYBE_DEFINED);
    const why =
      before?.kind === "unknown" && !before.reason.includes(reason) ? `${before.reason}; ${reason}` : reason;
    sc.ns.set(MAYBE_DEFINED, unknown(why, { origin }));
    // DATABASES already set may be changed by what was not followed; the first such place is the one to name.
    const databases = sc.ns.get("DATABASES");
    if (databases && !sc.ns.has(DATABASES_MAY_CHANGE))
      sc.ns.set(
        DATABASES_MAY_CHANGE,
        unknown(reason, { origin, ...(databases.origin ? { meta: { databasesAt: databases.origin } } : {}) }),
      );
    return { scenario: sc };
  }

  /** A name not bound here: a modelled name of a star-imported library, or unknown when something unseen may bind it. */
  private fromUnseenNames(name: string, sc: Scenario, origin: Origin): PyValue | undefined {
    const stars = sc.ns.get(STAR_MODULES);
    for (const mod of stars?.kind === "list" ? stars.items : []) {
      for (const lib of this.opts.libraries) {
        const r = lib.getAttr(mod, name, this);
        if (r) return r;
      }
    }
    const maybe = sc.ns.get(MAYBE_DEFINED);
    if (maybe?.kind !== "unknown") return undefined;
    return unknown(`${name} ${maybe.reason}`, { origin });
  }

  private placeholderIn(text: string): string | undefined {
    if (!this.opts.placeholders || !text.includes("__ww_tpl_")) return undefined;
    for (const m of text.matchAll(/__ww_tpl_\d+_*/g)) {
      const tag = this.opts.placeholders.get(m[0]);
      if (tag) return tag;
    }
    return undefined;
  }

  // ---------------------------------------------------------------- expressions

  evaluate(node: Node, sc: Scenario): PyValue {
    this.tick(node);
    this.depth += 1;
    try {
      const v = this.evaluateInner(node, sc);
      const big = tooLarge(v);
      if (big) return this.tooLargeValue(node, big);
      return v.origin ? v : { ...v, origin: this.origin(node) };
    } catch (e) {
      // A string past the engine's own limit (`Invalid string length`) and the like: unknown, not a crash.
      if (e instanceof RangeError) return this.tooLargeValue(node, e.message);
      throw e;
    } finally {
      this.depth -= 1;
    }
  }

  /** An unknown value in place of one too large to keep, with a WW000 saying where. */
  private tooLargeValue(node: Node, what: string): PyValue {
    const origin = this.origin(node);
    this.diagnose(origin, `value too large to follow: ${what}`);
    return unknown(`too large to follow (${what})`, { origin });
  }

  private evaluateInner(node: Node, sc: Scenario): PyValue {
    const origin = this.origin(node);
    switch (node.type) {
      case "string":
        return this.evalString(node, sc);
      case "concatenated_string": {
        const parts = node.namedChildren
          .filter((n): n is Node => n !== null)
          .map((n) => this.evaluate(n, sc));
        return parts.reduce((a, b) => this.binary("+", a, b, node));
      }
      case "integer": {
        const n = Number(node.text.replace(/_/g, "").replace(/[lL]$/, ""));
        return Number.isFinite(n)
          ? { kind: "int", value: n, origin }
          : unknown("integer too large", { origin });
      }
      case "float":
        return { kind: "float", value: Number(node.text.replace(/_/g, "")), origin };
      case "true":
        return { kind: "bool", value: true, origin };
      case "false":
        return { kind: "bool", value: false, origin };
      case "none":
        return { kind: "none", origin };
      case "identifier":
        return this.lookup(node.text, sc, origin);
      case "parenthesized_expression": {
        const inner = node.namedChildren[0];
        return inner ? this.evaluate(inner, sc) : { kind: "tuple", items: [], origin };
      }
      case "dictionary":
        if (node.namedChildCount > MAX_ITEMS)
          return this.tooLargeValue(node, `a dict literal of ${node.namedChildCount} entries`);
        return this.evalDict(node, sc);
      case "list":
      case "set":
      case "tuple":
      case "expression_list": {
        // Not built item by item only to be dropped: a literal past the limit is too large as written.
        if (node.namedChildCount > MAX_ITEMS)
          return this.tooLargeValue(node, `a ${node.type} literal of ${node.namedChildCount} items`);
        const items: PyValue[] = [];
        for (const child of node.namedChildren) {
          if (!child || child.type === "comment") continue;
          if (child.type === "list_splat") {
            const inner = this.evaluate(child.namedChildren[0] as Node, sc);
            if (inner.kind === "list" || inner.kind === "tuple") {
              if (!extendBounded(items, inner.items))
                return this.tooLargeValue(node, `a ${node.type} of more than ${items.length} items`);
            } else items.push(unknown(`cannot expand ${child.text}`, { origin: this.origin(child) }));
          } else items.push(this.evaluate(child, sc));
        }
        return {
          kind: node.type === "tuple" || node.type === "expression_list" ? "tuple" : "list",
          items,
          origin,
        };
      }
      case "attribute": {
        const obj = this.evaluate(node.childForFieldName("object") as Node, sc);
        const name = node.childForFieldName("attribute")?.text ?? "";
        return this.getAttr(obj, name, node);
      }
      case "subscript":
        return this.evalSubscript(node, sc);
      case "call":
        return this.evalCall(node, sc);
      case "binary_operator": {
        const left = this.evaluate(node.childForFieldName("left") as Node, sc);
        const right = this.evaluate(node.childForFieldName("right") as Node, sc);
        return this.binary(node.childForFieldName("operator")?.text ?? "?", left, right, node);
      }
      case "boolean_operator": {
        const left = this.evaluate(node.childForFieldName("left") as Node, sc);
        const op = node.childForFieldName("operator")?.text;
        const lt = truthy(left);
        if (lt === undefined) {
          const right = this.evaluate(node.childForFieldName("right") as Node, sc);
          return unknown(`depends on ${oneLine(node.text)}`, { origin, env: left.env ?? right.env });
        }
        // Python returns the deciding operand itself; keep env marks from the left side.
        if ((op === "or" && lt) || (op === "and" && !lt)) return left;
        const right = this.evaluate(node.childForFieldName("right") as Node, sc);
        return left.env && !right.env ? { ...right, env: left.env } : right;
      }
      case "not_operator": {
        const v = this.evaluate(node.childForFieldName("argument") as Node, sc);
        const t = truthy(v);
        return t === undefined
          ? unknown(`depends on ${oneLine(node.text)}`, { origin, env: v.env })
          : { kind: "bool", value: !t, origin, env: v.env };
      }
      case "comparison_operator":
        return this.evalComparison(node, sc);
      case "conditional_expression": {
        const [a, cond, b] = node.namedChildren as Node[];
        const c = this.evaluate(cond as Node, sc);
        const t = truthy(c);
        if (t === true) return withEnv(this.evaluate(a as Node, sc), c);
        if (t === false) return withEnv(this.evaluate(b as Node, sc), c);
        return unknown(`depends on ${oneLine(cond?.text ?? "")}`, { origin, env: c.env });
      }
      case "unary_operator": {
        const v = this.evaluate(node.childForFieldName("argument") as Node, sc);
        const op = node.childForFieldName("operator")?.text;
        if ((v.kind === "int" || v.kind === "float") && op === "-") return { ...v, value: -v.value, origin };
        if ((v.kind === "int" || v.kind === "float") && op === "+") return v;
        return unknown(`cannot compute ${oneLine(node.text)}`, { origin, env: v.env });
      }
      case "assignment": {
        // `a = b = value`: evaluate the right-most value, bind inner targets.
        const right = node.childForFieldName("right") as Node;
        const value = this.evaluate(right, sc);
        const left = node.childForFieldName("left");
        if (left) this.assign(left, value, sc);
        return value;
      }
      case "named_expression": {
        const value = this.evaluate(node.childForFieldName("value") as Node, sc);
        const name = node.childForFieldName("name")?.text;
        if (name) sc.ns.set(name, value);
        return value;
      }
      case "lambda":
        return { kind: "object", ref: "function:<lambda>", origin };
      case "list_comprehension":
      case "dictionary_comprehension":
      case "set_comprehension":
      case "generator_expression":
        return unknown(`a comprehension (${oneLine(node.text).slice(0, 60)}) is not evaluated`, { origin });
      case "await":
      case "yield":
        return unknown(`${node.type} is not evaluated`, { origin });
      default:
        return unknown(`cannot evaluate ${node.type}`, { origin });
    }
  }

  private lookup(name: string, sc: Scenario, origin: Origin): PyValue {
    const v = sc.ns.get(name);
    if (v) return v;
    if (name === "__file__")
      return str(`${PROJECT_ROOT_MARK}/${this.opts.dunderFile ?? this.file}`, { origin });
    if (name === "__name__") return str(this.opts.module, { origin });
    const tag = this.opts.placeholders?.get(name);
    if (tag) return unknown(`template placeholder ${tag}`, { origin });
    for (const lib of this.opts.libraries) {
      const b = lib.importModule(`builtins.${name}`);
      if (b) return b;
    }
    return this.fromUnseenNames(name, sc, origin) ?? unknown(`name ${name} is not defined here`, { origin });
  }

  private evalString(node: Node, sc: Scenario): PyValue {
    const origin = this.origin(node);
    const start = node.namedChildren.find((c) => c?.type === "string_start")?.text ?? '"';
    const prefix = start.replace(/['"]+$/, "").toLowerCase();
    const raw = prefix.includes("r");
    const isBytes = prefix.includes("b");
    let text = "";
    let env: PyValue["env"];
    // The string with its env-chosen parts as `*` (`f"stages/{STAGE}.py"` → `stages/*.py`), for include() and
    // exec() to know which files it can name even when it is unknown.
    let shape = "";
    let depends: string | undefined;
    let missing: PyValue | undefined;
    for (const part of node.namedChildren) {
      if (!part) continue;
      if (part.type === "string_content") {
        const content = raw ? part.text : unescapePython(part.text);
        // In an f-string `{{` and `}}` are the braces themselves.
        const t = prefix.includes("f") ? content.replace(/\{\{/g, "{").replace(/\}\}/g, "}") : content;
        text += t;
        shape += t;
      } else if (part.type === "escape_sequence") {
        const t = raw ? part.text : unescapePython(part.text);
        text += t;
        shape += t;
      } else if (part.type === "interpolation") {
        const expr = part.childForFieldName("expression");
        const v = expr ? this.evaluate(expr, sc) : unknown("empty interpolation");
        env ??= v.env;
        const s = formatForString(v);
        if (s === undefined || (v.env && !v.env.supplied)) {
          shape += "*";
          depends ??= v.env ? `env var ${v.env.variable}` : oneLine(expr?.text ?? "");
        } else shape += s;
        if (s === undefined) {
          missing ??= unknown(`f-string part {${oneLine(expr?.text ?? "")}} is ${reasonOf(v)}`, {
            origin,
            env: v.env,
          });
        } else text += s;
      }
    }
    const pathShape = depends && /[^*/]/.test(shape) ? { meta: { pathShape: { glob: shape, depends } } } : {};
    if (missing) return { ...missing, ...pathShape };
    if (isBytes) return unknown("bytes literal", { origin });
    const placeholder = this.placeholderIn(text) ?? placeholderInString(text);
    if (placeholder) return unknown(`template placeholder ${placeholder}`, { origin });
    return { kind: "str", value: text, origin, ...(env ? { env } : {}), ...pathShape };
  }

  private evalDict(node: Node, sc: Scenario): PyValue {
    const entries = new Map<string, PyValue>();
    const origin = this.origin(node);
    for (const child of node.namedChildren) {
      if (!child || child.type === "comment") continue;
      if (child.type === "pair") {
        const key = this.evaluate(child.childForFieldName("key") as Node, sc);
        const value = this.evaluate(child.childForFieldName("value") as Node, sc);
        const k = dictKey(key);
        if (k !== undefined) entries.set(k, value);
        else
          this.diagnose(
            this.origin(child),
            `dict key ${oneLine(child.childForFieldName("key")?.text ?? "")} is not a known string`,
          );
      } else if (child.type === "dictionary_splat") {
        const inner = this.evaluate(child.namedChildren[0] as Node, sc);
        if (inner.kind === "dict") for (const [k, v] of inner.entries) entries.set(k, v);
        else this.diagnose(this.origin(child), `cannot expand ${oneLine(child.text)}: ${reasonOf(inner)}`);
      }
    }
    return { kind: "dict", entries, origin };
  }

  private evalSubscript(node: Node, sc: Scenario): PyValue {
    const obj = this.evaluate(node.childForFieldName("value") as Node, sc);
    const keyNode = node.childForFieldName("subscript");
    const origin = this.origin(node);
    if (!keyNode) return unknown("empty subscript", { origin });
    if (keyNode.type === "slice")
      return unknown(`slice ${oneLine(node.text)} is not evaluated`, { origin, env: obj.env });
    const key = this.evaluate(keyNode, sc);
    for (const lib of this.opts.libraries) {
      const r = lib.call(
        { kind: "object", ref: "op:getitem", self: obj },
        { positional: [key], keyword: new Map(), origin },
        this,
      );
      if (r) return r;
    }
    if (obj.kind === "dict") {
      const k = dictKey(key);
      if (k === undefined) return unknown(`key ${oneLine(keyNode.text)} is ${reasonOf(key)}`, { origin });
      return (
        obj.entries.get(k) ??
        unknown(
          `no key ${JSON.stringify(k)} in ${oneLine(node.childForFieldName("value")?.text ?? "dict")}`,
          { origin },
        )
      );
    }
    if ((obj.kind === "list" || obj.kind === "tuple") && key.kind === "int") {
      const i = key.value < 0 ? obj.items.length + key.value : key.value;
      return obj.items[i] ?? unknown(`index ${key.value} out of range`, { origin });
    }
    if (obj.kind === "str" && key.kind === "int") {
      const ch = obj.value.at(key.value);
      return ch === undefined ? unknown("index out of range", { origin }) : str(ch, { origin, env: obj.env });
    }
    return unknown(`${oneLine(node.text)} is ${reasonOf(obj)}`, { origin, env: obj.env });
  }

  private evalCall(node: Node, sc: Scenario): PyValue {
    const fnNode = node.childForFieldName("function") as Node;
    const fn = this.evaluate(fnNode, sc);
    const origin = this.origin(node);
    const args: CallArgs = { positional: [], keyword: new Map(), origin };
    const argList = node.childForFieldName("arguments");
    if (argList?.type === "generator_expression") args.positional.push(this.evaluate(argList, sc));
    else {
      for (const a of argList?.namedChildren ?? []) {
        if (!a || a.type === "comment") continue;
        if (a.type === "keyword_argument") {
          const name = a.childForFieldName("name")?.text ?? "";
          args.keyword.set(name, this.evaluate(a.childForFieldName("value") as Node, sc));
        } else if (a.type === "list_splat") {
          const inner = this.evaluate(a.namedChildren[0] as Node, sc);
          if (inner.kind === "list" || inner.kind === "tuple") {
            if (!extendBounded(args.positional, inner.items))
              return this.tooLargeValue(node, `a call with more than ${args.positional.length} arguments`);
          } else return unknown(`call ${oneLine(fnNode.text)}(*…) with unknown arguments`, { origin });
        } else if (a.type === "dictionary_splat") {
          const inner = this.evaluate(a.namedChildren[0] as Node, sc);
          if (inner.kind === "dict") for (const [k, v] of inner.entries) args.keyword.set(k, v);
          else return unknown(`call ${oneLine(fnNode.text)}(**…) with unknown arguments`, { origin });
        } else args.positional.push(this.evaluate(a, sc));
      }
    }
    if (fn.kind === "object") {
      const [name, value] = args.positional;
      const written = name?.kind === "str" ? `${ENVIRON_WRITE}${name.value}` : undefined;
      if (fn.ref === "method:os.environ.setdefault" && written && value && !sc.ns.has(written)) {
        sc.ns.set(written, { ...value, via: "setdefault" satisfies EnvironWriteMode });
      }
      for (const lib of this.opts.libraries) {
        const r = lib.call(fn, args, this);
        if (r) return r.origin ? r : { ...r, origin };
      }
      if (fn.ref.startsWith("function:")) {
        return unknown(`value computed by ${fn.ref.slice(9)}() defined in the project`, { origin });
      }
      return unknown(`value computed by ${oneLine(fnNode.text)}()`, { origin });
    }
    return unknown(`value computed by ${oneLine(fnNode.text)}(): ${reasonOf(fn)}`, { origin, env: fn.env });
  }

  getAttr(obj: PyValue, name: string, node: Node): PyValue {
    const origin = this.origin(node);
    for (const lib of this.opts.libraries) {
      const r = lib.getAttr(obj, name, this);
      if (r) return r;
    }
    if (obj.kind === "object" && obj.attrs?.has(name)) return obj.attrs.get(name) as PyValue;
    // `import a.b` binds `a`; `a.b` is then the submodule (a project package's attrs are its own names only).
    if (obj.kind === "object" && obj.attrs && obj.ref.startsWith("module:")) {
      const sub = `${obj.ref.slice(7)}.${name}`;
      const answer = this.opts.importModule({ module: sub, origin });
      if (answer.scenarios) return this.moduleValueAt(sub, answer, origin);
    }
    if (obj.kind === "unknown") return unknown(obj.reason, { origin, env: obj.env });
    return unknown(`attribute ${name} of ${describe(obj).slice(0, 60)} is not modelled`, { origin });
  }

  private evalComparison(node: Node, sc: Scenario): PyValue {
    const origin = this.origin(node);
    const operands = node.namedChildren.filter((n): n is Node => n !== null).map((n) => this.evaluate(n, sc));
    const operators = node.childrenForFieldName("operators").map((o) => o?.text ?? "");
    let env: PyValue["env"];
    let result = true;
    for (let i = 0; i < operators.length; i++) {
      const a = operands[i] as PyValue;
      const b = operands[i + 1] as PyValue;
      env ??= a.env ?? b.env;
      const r = compare(operators[i] as string, a, b);
      if (r === undefined) return unknown(`depends on ${oneLine(node.text)}`, { origin, env });
      result &&= r;
    }
    return { kind: "bool", value: result, origin, ...(env ? { env } : {}) };
  }

  binary(op: string, a: PyValue, b: PyValue, node: Node): PyValue {
    const origin = this.origin(node);
    const env = a.env ?? b.env;
    for (const lib of this.opts.libraries) {
      const r = lib.call(
        { kind: "object", ref: `op:${op}`, self: a },
        { positional: [b], keyword: new Map(), origin },
        this,
      );
      if (r) return r;
    }
    if (op === "+") {
      if (a.kind === "str" && b.kind === "str")
        return { kind: "str", value: a.value + b.value, origin, ...(env ? { env } : {}) };
      if ((a.kind === "int" || a.kind === "float") && (b.kind === "int" || b.kind === "float")) {
        return {
          kind: a.kind === "float" || b.kind === "float" ? "float" : "int",
          value: a.value + b.value,
          origin,
        };
      }
      if ((a.kind === "list" && b.kind === "list") || (a.kind === "tuple" && b.kind === "tuple")) {
        return { kind: a.kind, items: [...a.items, ...b.items], origin };
      }
    }
    if (op === "|" && a.kind === "dict" && b.kind === "dict") {
      return { kind: "dict", entries: new Map([...a.entries, ...b.entries]), origin };
    }
    if (op === "*" && (a.kind === "int" || a.kind === "float") && (b.kind === "int" || b.kind === "float")) {
      return {
        kind: a.kind === "float" || b.kind === "float" ? "float" : "int",
        value: a.value * b.value,
        origin,
      };
    }
    if (op === "%" && a.kind === "str") {
      const items = b.kind === "tuple" ? b.items : [b];
      let i = 0;
      let failed = false;
      const out = a.value.replace(/%[sdr%]/g, (m) => {
        if (m === "%%") return "%";
        const s = formatForString(items[i++] as PyValue);
        if (s === undefined) failed = true;
        return s ?? "";
      });
      if (!failed) return { kind: "str", value: out, origin, ...(env ? { env } : {}) };
    }
    const why =
      a.kind === "unknown" ? a.reason : b.kind === "unknown" ? b.reason : `${a.kind} ${op} ${b.kind}`;
    return unknown(why, { origin, env });
  }
}

export const PROJECT_ROOT_MARK = "<project>";

/**
 * A `{{ … }}` placeholder in a string literal (`'{{ db_host }}'`, consul-template's `'{{ key "db/host" }}'`): no
 * settings value is that text, it is filled in at deploy time, so the value is unknown. (An f-string's `{{x}}` is
 * already `{x}` here.)
 */
const STRING_PLACEHOLDER = /\{\{-?[ \t]*[^{}\s][^{}\n]*?-?\}\}/;

function placeholderInString(text: string): string | undefined {
  return STRING_PLACEHOLDER.exec(text)?.[0];
}

/** One include() target, resolved to a path pattern or to the reason it could not be. */
interface IncludeTarget {
  text: string;
  optional: boolean;
  pattern?: { glob: string; depends?: string };
  /** The files it could name whatever the env values: the pattern with every env-read part as `*`. */
  family?: string;
  why?: string;
}

/**
 * The pattern of a path value: a known string is itself; a string built from an env var the deployment did not
 * supply (`"environments/%s.py" % ENV` evaluated with ENV's default) may be any file next to it with the same
 * extension.
 */
function valuePattern(v: PyValue, anyEnv = false): { glob: string; depends?: string } | undefined {
  const shape = v.meta?.pathShape as { glob: string; depends: string } | undefined;
  if (shape && (v.kind === "unknown" || (v.env && !v.env.supplied))) return shape;
  const text = formatForString(v);
  if (text === undefined) return undefined;
  if (!(v.env && (anyEnv || !v.env.supplied))) return { glob: text };
  const dir = posix.dirname(text);
  const ext = posix.extname(text);
  return { glob: posix.join(dir, `*${ext}`), depends: `env var ${v.env.variable}` };
}

/** Like valuePattern for a dotted module name: `conf.settings.dev` from an unsupplied env var → `conf.settings.*`. */
function moduleNamePattern(v: PyValue): { glob: string; depends?: string } | undefined {
  const text = formatForString(v);
  if (text === undefined) return undefined;
  if (!(v.env && !v.env.supplied)) return { glob: text };
  const parent = text.split(".").slice(0, -1).join(".");
  return parent ? { glob: `${parent}.*`, depends: `env var ${v.env.variable}` } : undefined;
}

const MAX_GLOB_WILDCARDS = 16;

/**
 * A matcher for a glob as Python's glob.glob reads it, over tree paths: `*` and `?` stay inside one directory.
 * Segment by segment with one backtracking point, so a hostile pattern costs at most pattern × path per path.
 */
function globMatcher(glob: string): ((path: string) => boolean) | undefined {
  if ((glob.match(/[*?]/g)?.length ?? 0) > MAX_GLOB_WILDCARDS) return undefined;
  const segments = glob.split("/");
  return (path) => {
    const parts = path.split("/");
    return (
      parts.length === segments.length && segments.every((g, i) => segmentMatches(g, parts[i] as string))
    );
  };
}

function segmentMatches(glob: string, name: string): boolean {
  let g = 0;
  let n = 0;
  let star = -1;
  let mark = 0;
  while (n < name.length) {
    if (g < glob.length && (glob[g] === "?" || glob[g] === name[n])) {
      g++;
      n++;
    } else if (g < glob.length && glob[g] === "*") {
      star = g++;
      mark = n;
    } else if (star >= 0) {
      g = star + 1;
      n = ++mark;
    } else return false;
  }
  while (g < glob.length && glob[g] === "*") g++;
  return g === glob.length;
}

function importedName(n: Node): [string, string] {
  if (n.type === "aliased_import") {
    const orig = n.childForFieldName("name")?.text ?? "";
    return [orig, n.childForFieldName("alias")?.text ?? orig];
  }
  return [n.text, n.text];
}

function handlerCatches(handler: Node, raised: string): boolean {
  const types = handler.namedChildren.filter((c) => c && c.type !== "block" && c.type !== "comment");
  if (types.length === 0) return true; // bare except
  const text = types.map((t) => t?.text ?? "").join(" ");
  if (/\b(Exception|BaseException)\b/.test(text)) return true;
  if (raised === "ImportError" && /\b(ImportError|ModuleNotFoundError)\b/.test(text)) return true;
  return text.includes(raised.split(".").pop() ?? raised);
}

function dictKey(v: PyValue | undefined): string | undefined {
  if (!v) return undefined;
  if (v.kind === "str") return v.value;
  if (v.kind === "int") return String(v.value);
  return undefined;
}

function withEnv(v: PyValue, from: PyValue): PyValue {
  return from.env && !v.env ? { ...v, env: from.env } : v;
}

function reasonOf(v: PyValue): string {
  return v.kind === "unknown" ? v.reason : `a ${v.kind}`;
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** str() of a value, as f-strings and % formatting render it. */
export function formatForString(v: PyValue | undefined): string | undefined {
  if (!v) return undefined;
  switch (v.kind) {
    case "str":
    case "path":
      return v.value;
    case "int":
    case "float":
      return String(v.value);
    case "bool":
      return v.value ? "True" : "False";
    case "none":
      return "None";
    default:
      return undefined;
  }
}

function compare(op: string, a: PyValue, b: PyValue): boolean | undefined {
  const eq = (x: PyValue, y: PyValue): boolean | undefined => {
    if (x.kind === "unknown" || y.kind === "unknown") return undefined;
    const xs = scalar(x);
    const ys = scalar(y);
    if (xs === undefined || ys === undefined)
      return x.kind === "none" && y.kind === "none" ? true : undefined;
    return xs === ys;
  };
  const contains = (hay: PyValue, needle: PyValue): boolean | undefined => {
    if (hay.kind === "list" || hay.kind === "tuple") {
      let unsure = false;
      for (const item of hay.items) {
        const r = eq(item, needle);
        if (r === true) return true;
        if (r === undefined) unsure = true;
      }
      return unsure ? undefined : false;
    }
    if (hay.kind === "dict") {
      const k = needle.kind === "str" ? needle.value : undefined;
      return k === undefined ? undefined : hay.entries.has(k);
    }
    if (hay.kind === "str" && needle.kind === "str") return hay.value.includes(needle.value);
    return undefined;
  };
  switch (op) {
    case "==":
      return eq(a, b);
    case "!=": {
      const r = eq(a, b);
      return r === undefined ? undefined : !r;
    }
    case "in":
      return contains(b, a);
    case "not in": {
      const r = contains(b, a);
      return r === undefined ? undefined : !r;
    }
    case "is":
      if (a.kind === "unknown" || b.kind === "unknown") return undefined;
      if (b.kind === "none") return a.kind === "none";
      if (b.kind === "bool" && a.kind === "bool") return a.value === b.value;
      return undefined;
    case "is not": {
      const r = compare("is", a, b);
      return r === undefined ? undefined : !r;
    }
    case "<":
    case ">":
    case "<=":
    case ">=": {
      if ((a.kind === "int" || a.kind === "float") && (b.kind === "int" || b.kind === "float")) {
        return op === "<"
          ? a.value < b.value
          : op === ">"
            ? a.value > b.value
            : op === "<="
              ? a.value <= b.value
              : a.value >= b.value;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function scalar(v: PyValue): string | number | boolean | undefined {
  switch (v.kind) {
    case "str":
    case "path":
      return v.value;
    case "int":
    case "float":
      return v.value;
    case "bool":
      return v.value ? 1 : 0; // True == 1 in Python
    default:
      return undefined;
  }
}

function unescapePython(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[0-7]{1,3}|[\\'"abfnrtv]|\n)/g, (_m, e: string) => {
    switch (e[0]) {
      case "u":
      case "x":
        return String.fromCharCode(Number.parseInt(e.slice(1), 16));
      case "n":
        return "\n";
      case "t":
        return "\t";
      case "r":
        return "\r";
      case "\n":
        return "";
      case "a":
        return "\x07";
      case "b":
        return "\b";
      case "f":
        return "\f";
      case "v":
        return "\v";
      case "\\":
      case "'":
      case '"':
        return e;
      default:
        return /^[0-7]+$/.test(e) ? String.fromCharCode(Number.parseInt(e, 8)) : e;
    }
  });
}

export { asString, isKind };
