import { posix } from "node:path";
import { ENVIRON_WRITE, type EnvironWriteMode } from "./env.js";
import { type JoinMemo, joinNamespaces, joinValues, sameNamespace, sameValue } from "./join.js";
import type { Node } from "./parser.js";
import {
  asString,
  cloneValue,
  describe,
  extendBounded,
  isKind,
  MAX_ITEMS,
  type Origin,
  openDict,
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
  /** Inside a function or class body: the module namespace `ns` is layered over. */
  globals?: Map<string, PyValue>;
  /** Names a function declares `global`: assignments to them go to `globals`. */
  globalNames?: ReadonlySet<string>;
  /** A comprehension's scope: names it does not bind are looked up here (then in `globals`). */
  enclosing?: Scenario;
}

interface Outcome {
  scenario: Scenario;
  /** Set when this path raised: the exception's name. */
  raised?: string;
  /** Set when this path left a function body with `return`. */
  returned?: PyValue;
  /** Set when this path left a loop body with `break` or `continue`. */
  loop?: "break" | "continue";
}

/** An outcome that skips the statements after it in its block. */
const leaving = (o: Outcome): boolean => Boolean(o.raised || o.returned || o.loop);

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
  /** Upper bound on live outcomes; past it, branches are joined (differing values become unknown), with a WW000. */
  maxScenarios?: number;
  /** Upper bound on evaluated nodes, so a hostile file cannot make evaluation run long. */
  maxSteps?: number;
}

const MAX_DEPTH = 150;
/** Calls of project functions inside one another the evaluator follows. */
const MAX_CALL_DEPTH = 8;
/** Items one comprehension may produce before its value is unknown, "too large". */
const MAX_COMPREHENSION_ITEMS = 10_000;

/** What a `def` or `lambda` keeps so that a call can be inlined. */
interface FunctionMeta {
  def: Node;
  /** The file it was written in (origins of what it builds). */
  file: string;
  /** The namespace of the module that defined it, for functions imported from another module. */
  globals: Map<string, PyValue>;
  /** Default values of parameters, evaluated where the function was defined, as Python does. */
  defaults: Map<string, PyValue>;
  decorators: string[];
}

/**
 * Function values carry a plain handle in `meta.function` (what it is: name, file, node id), and the handle leads
 * here to the syntax node and namespaces: values stay plain data (reports may serialize them), and two copies of
 * one function in two scenarios compare equal.
 */
const FUNCTIONS = new WeakMap<object, FunctionMeta>();

function functionHandle(meta: FunctionMeta): object {
  const handle = { file: meta.file, node: meta.def.id, decorators: meta.decorators.join(",") };
  FUNCTIONS.set(handle, meta);
  return handle;
}

interface Frame {
  name: string;
  def: Node;
}

class BudgetExceeded extends Error {}

/**
 * An abstract interpreter for Django settings modules: it runs module-level statements over known values,
 * keeps env reads and library calls as modelled values, and forks when an `if` depends on something unknown.
 * It never runs project code.
 */
export class Interpreter implements EvalContext {
  /** The file being evaluated; an inlined function from another module switches it while it runs. */
  file: string;
  readonly diagnostics: PyDiagnostic[] = [];
  private readonly diagnosed = new Set<string>();
  private steps = 0;
  private depth = 0;
  private readonly opts: Required<Pick<InterpreterOptions, "maxScenarios" | "maxSteps">> & InterpreterOptions;
  /** Outcomes alive at once (forks add, merges and joins remove); bounded by maxScenarios. */
  private live = 1;
  /** This module's namespace in the scenario that made the outermost project call (see callProject). */
  private callerNs: Map<string, PyValue> | undefined;
  private blockDepth = 0;
  private readonly callStack: Frame[] = [];
  /** Loops being run around the statement at hand (within the current function). */
  private loopDepth = 0;

  private get callDepth(): number {
    return this.callStack.length;
  }

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
        return [this.abandoned(initial, e.message, root)];
      }
      // The last line of defence against a hostile module: a value or a recursion too large for the engine.
      if (e instanceof RangeError) {
        this.diagnose(this.origin(root), `evaluation stopped: ${e.message} (file too complex)`);
        return [this.abandoned(initial, `evaluation stopped: ${e.message}`, root)];
      }
      throw e;
    }
    const ok = outcomes.filter((o) => !o.raised).map((o) => o.scenario);
    const raised = outcomes.filter((o) => o.raised);
    if (ok.length === 0 && raised.length > 0) {
      const why = `the module raises ${raised[0]?.raised} at import in every branch the evaluator followed`;
      this.diagnose(this.origin(root), why);
      // Django does import it: what the rest of the module sets (DATABASES too) is not known here.
      for (const o of raised)
        this.markUnseenNames(o.scenario, `may be set after the point where ${why}`, this.origin(root));
      return raised.map((o) => o.scenario);
    }
    return ok;
  }

  /**
   * What is known of a module whose evaluation stopped part way: nothing for sure, since the rest of it may set or
   * change any name. The names and dict keys seen so far stay (so aliases keep their names), every value unknown.
   */
  private abandoned(partial: Map<string, PyValue>, why: string, root: Node): Scenario {
    const ns = joinNamespaces([partial, new Map()], {
      why: `after evaluation stopped (${why}): the rest of the module was not read`,
      origin: this.origin(root),
    });
    return { ns, conditions: [] };
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
    this.blockDepth += 1;
    try {
      for (const stmt of statements) {
        if (!stmt || stmt.type === "comment") continue;
        const next: Outcome[] = [];
        for (const o of current) {
          if (leaving(o)) next.push(o);
          else next.push(...this.execStatement(stmt, o.scenario));
        }
        current = next;
        // At module level the outcomes in hand are all there are: recount, so imports that fork count too.
        if (this.blockDepth === 1 && this.callDepth === 0)
          this.live = Math.max(1, current.filter((o) => !o.raised).length);
      }
    } finally {
      this.blockDepth -= 1;
    }
    return current;
  }

  /** Scenarios are module-level outcomes: what happens inside a function or class body joins into one. */
  private countLive(delta: number): void {
    if (this.callDepth === 0) this.live = Math.max(1, this.live + delta);
  }

  /** Work that is not one node (comparing or joining namespaces) counts against the step budget too. */
  private charge(entries: number, node: Node): void {
    // A name compared or joined costs far less than a node evaluated.
    this.steps += Math.ceil(entries / 8);
    this.tick(node);
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
        this.noteUnfollowed(node, sc, "a while loop is not followed");
        this.forgetWrites(node, node.childForFieldName("body"), sc, "the while loop");
        return [{ scenario: sc }];
      case "break_statement":
      case "continue_statement":
        // Outside a loop Python refuses the whole module; skipping the rest of it here would hide that.
        if (this.loopDepth === 0) {
          this.diagnose(
            this.origin(node),
            `${node.text} outside a loop: Python refuses to import this module`,
          );
          return [{ scenario: sc }];
        }
        return [{ scenario: sc, loop: node.type === "break_statement" ? "break" : "continue" }];
      case "function_definition": {
        const name = node.childForFieldName("name")?.text;
        if (name) this.bind(name, this.functionValue(node, name, sc, []), sc);
        return [{ scenario: sc }];
      }
      case "class_definition": {
        const name = node.childForFieldName("name")?.text;
        if (name) this.bind(name, this.classValue(node, name, sc), sc);
        return [{ scenario: sc }];
      }
      case "decorated_definition": {
        const def = node.childForFieldName("definition");
        if (def?.type === "function_definition") {
          const decorators = node.namedChildren
            .filter((c): c is Node => c?.type === "decorator")
            .map((d) => oneLine(d.text.replace(/^@/, "")));
          const name = def.childForFieldName("name")?.text;
          if (name) this.bind(name, this.functionValue(def, name, sc, decorators), sc);
          return [{ scenario: sc }];
        }
        return def ? this.execStatement(def, sc) : [{ scenario: sc }];
      }
      case "return_statement": {
        if (
          this.callStack.at(-1)?.def.type !== "function_definition" &&
          this.callStack.at(-1)?.def.type !== "lambda"
        ) {
          this.diagnose(this.origin(node), "return outside a function: Python refuses to import this module");
          return [{ scenario: sc }];
        }
        const expr = node.namedChildren.find((c) => c && c.type !== "comment");
        const value = expr ? this.evaluate(expr, sc) : { kind: "none" as const, origin: this.origin(node) };
        return [{ scenario: sc, returned: value }];
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
        this.noteUnfollowed(node, sc, "a match statement is not followed");
        this.forgetWrites(node, node, sc, "the match statement");
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
        this.bind(target.text, value, sc);
        return;
      case "subscript": {
        const obj = this.evaluate(target.childForFieldName("value") as Node, sc);
        const keyNode = target.childForFieldName("subscript");
        const key = keyNode ? this.evaluate(keyNode, sc) : undefined;
        if (obj.kind === "dict") {
          const k = dictKey(key);
          if (k !== undefined) obj.entries.set(k, value);
          else {
            const why = `cannot follow an assignment with a computed key (${oneLine(keyNode?.text ?? "")})`;
            this.diagnose(this.origin(target), why);
            // Whichever key it was now holds this value: keys that held another may have changed, more may exist.
            for (const [k2, old] of obj.entries)
              if (!sameValue(old, value)) obj.entries.set(k2, unknown(why, { origin: this.origin(target) }));
            obj.open = why;
          }
        } else if (obj.kind === "unknown" && this.openInPlace(target, key, value, sc)) {
          return;
        } else if (obj.kind === "list" && key?.kind === "int") {
          const i = key.value < 0 ? obj.items.length + key.value : key.value;
          if (i >= 0 && i < obj.items.length) obj.items[i] = value;
        } else if (obj.kind === "object" && obj.ref === "obj:os.environ" && key?.kind === "str") {
          moduleNs(sc).set(`${ENVIRON_WRITE}${key.value}`, {
            ...value,
            via: "assign" satisfies EnvironWriteMode,
          });
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
      case "attribute": {
        // `cls.DATABASES = …` in a settings class, `this_module.X = …`: the attributes are settings.
        const obj = this.evaluate(target.childForFieldName("object") as Node, sc);
        const name = target.childForFieldName("attribute")?.text ?? "";
        if (obj.kind === "object" && obj.attrs && (obj.ref.startsWith("class:") || obj.meta?.namespace))
          obj.attrs.set(name, value);
        else if (/^[A-Z][A-Z0-9_]+$/.test(name) && obj.kind === "unknown")
          this.diagnose(this.origin(target), `cannot follow an assignment to ${target.text}: ${obj.reason}`);
        return;
      }
      default:
        // Other targets do not change settings names.
        return;
    }
  }

  /**
   * `D[k1][k2] = v` where `D[k1]` is unknown: only a dict takes the assignment (anything else raises), so `D[k1]`
   * becomes a dict open to the keys nobody knows, holding `k2: v`. What is replaced whole later (OPTIONS) is known.
   */
  private openInPlace(target: Node, key: PyValue | undefined, value: PyValue, sc: Scenario): boolean {
    const inner = target.childForFieldName("value");
    const k = dictKey(key);
    if (inner?.type !== "subscript" || k === undefined) return false;
    const holder = this.evaluate(inner.childForFieldName("value") as Node, sc);
    const holderKeyNode = inner.childForFieldName("subscript");
    const holderKey = dictKey(holderKeyNode ? this.evaluate(holderKeyNode, sc) : undefined);
    if (holder.kind !== "dict" || holderKey === undefined) return false;
    const was = holder.entries.get(holderKey);
    if (was?.kind !== "unknown") return false;
    const origin = this.origin(target);
    holder.entries.set(holderKey, {
      kind: "dict",
      entries: new Map([[k, value]]),
      open: was.reason,
      origin: was.origin ?? origin,
      ...(was.env ? { env: was.env } : {}),
    });
    return true;
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
      if (rhs.open) openDict(current, rhs.open);
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
    return this.mergeEqual(this.execBranches(branches, 0, sc), node);
  }

  /**
   * Outcomes that end in the same state need no separate scenario: keep one, with only the conditions they share.
   */
  private mergeEqual(outcomes: Outcome[], node: Node): Outcome[] {
    if (outcomes.length < 2) return outcomes;
    const kept: Outcome[] = [];
    for (const o of outcomes) {
      const same = kept.find((k) => {
        if (k.raised !== o.raised || k.loop !== o.loop || k.returned || o.returned) return false;
        this.charge(k.scenario.ns.size + (k.scenario.globals?.size ?? 0), node);
        if (k.scenario.globals !== o.scenario.globals) {
          if (!k.scenario.globals || !o.scenario.globals) return false;
          if (!sameNamespace(k.scenario.globals, o.scenario.globals)) return false;
        }
        return (
          eitherOf(k.scenario.conditions, o.scenario.conditions) !== undefined &&
          sameNamespace(k.scenario.ns, o.scenario.ns)
        );
      });
      const conditions = same && eitherOf(same.scenario.conditions, o.scenario.conditions);
      if (!same || !conditions) {
        kept.push(o);
        continue;
      }
      same.scenario.conditions = conditions;
      if (!o.raised) this.countLive(-1);
    }
    return kept;
  }

  /**
   * One outcome for branches the evaluator ran but may not keep apart: names equal in every branch stay, the
   * rest become unknown saying `why`. Outcomes that raised or returned stay as they are.
   */
  private joinOutcomes(outcomes: Outcome[], base: Scenario, why: string, node: Node): Outcome[] {
    const flowing = outcomes.filter((o) => !leaving(o));
    if (flowing.length < 2) return outcomes;
    const reason = { why, origin: this.origin(node) };
    const memo: JoinMemo = new Map();
    for (const o of flowing) this.charge(o.scenario.ns.size + (o.scenario.globals?.size ?? 0), node);
    const scenario: Scenario = {
      ns: joinNamespaces(
        flowing.map((o) => o.scenario.ns),
        reason,
        memo,
      ),
      conditions: [...base.conditions],
    };
    rebindFunctions(
      scenario.ns,
      flowing.map((o) => o.scenario.ns),
    );
    if (base.globals) {
      const joined = joinNamespaces(
        flowing.map((o) => o.scenario.globals ?? (base.globals as Map<string, PyValue>)),
        reason,
        memo,
      );
      replaceContents(base.globals, joined);
      scenario.globals = base.globals;
      if (base.globalNames) scenario.globalNames = base.globalNames;
    }
    this.countLive(-(flowing.length - 1));
    return [{ scenario }, ...outcomes.filter(leaving)];
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
    const joinWhy = this.joinWhy(branch.cond, text);
    // Either way the namespace is copied twice.
    this.charge(2 * (sc.ns.size + (sc.globals?.size ?? 0)), branch.cond);
    if (joinWhy !== undefined) {
      // No room for another scenario: run both ways anyway and keep only what they agree on.
      this.countLive(1);
      const outcomes = [
        ...runBody(this.fork(sc, "")),
        ...this.execBranches(branches, index + 1, this.fork(sc, "")),
      ];
      return this.joinOutcomes(outcomes, sc, joinWhy, branch.cond);
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

  /**
   * undefined when an unknown condition may fork a new scenario (and counts it); otherwise why its branches are
   * joined instead: inside a function (a call yields one value), or past the bound on scenarios.
   */
  private joinWhy(node: Node, text: string): string | undefined {
    if (this.callStack.length > 0) {
      const fn = this.callStack.at(-1)?.name ?? "a function";
      return fn.startsWith("class ")
        ? `when ${text} (a branch in the body of ${fn})`
        : `when ${text} (a branch inside ${fn}() defined in the project)`;
    }
    if (this.live + 1 <= this.opts.maxScenarios) {
      this.live += 1;
      return undefined;
    }
    this.diagnose(
      this.origin(node),
      `more than ${this.opts.maxScenarios} combinations of unknown conditions: the branches of \`${text.slice(0, 80)}\` are joined, and settings that differ between them are unknown`,
    );
    return `when ${text} (more than ${this.opts.maxScenarios} combinations of unknown conditions)`;
  }

  /** Room for one more outcome at module level (an import or include that splits the world), counted if so. */
  private mayFork(node: Node): boolean {
    if (this.callStack.length > 0) return false;
    if (this.live + 1 <= this.opts.maxScenarios) {
      this.live += 1;
      return true;
    }
    this.diagnose(
      this.origin(node),
      `more than ${this.opts.maxScenarios} combinations of unknown conditions: \`${oneLine(node.text).slice(0, 80)}\` is not split`,
    );
    return false;
  }

  private fork(sc: Scenario, condition: string): Scenario {
    const seen = new Map<PyValue, PyValue>();
    const ns = new Map<string, PyValue>();
    for (const [k, v] of sc.ns) ns.set(k, cloneValue(v, seen));
    const conditions = condition ? [...sc.conditions, condition] : [...sc.conditions];
    const forked: Scenario = { ns, conditions };
    // Inside a function the module namespace is part of the state: a branch's writes must not leak into another.
    if (sc.globals) {
      const globals = new Map<string, PyValue>();
      for (const [k, v] of sc.globals) globals.set(k, cloneValue(v, seen));
      forked.globals = globals;
    }
    if (sc.globalNames) forked.globalNames = sc.globalNames;
    // `g = globals()` kept the namespace itself: in the fork it is the fork's namespace, not a copy of the old one.
    for (const [was, copy] of seen) {
      if (was.kind !== "dict" || copy.kind !== "dict" || !was.meta?.namespace) continue;
      if (was.entries === sc.ns) copy.entries = ns;
      else if (sc.globals && forked.globals && was.entries === sc.globals) copy.entries = forked.globals;
    }
    rebindFunctions(ns, [sc.ns]);
    // Likewise `this = sys.modules[__name__]`: the module object of the fork is the fork's namespace.
    for (const [k, v] of ns)
      if (v.kind === "object" && v.meta?.namespace && v.attrs === sc.ns) ns.set(k, { ...v, attrs: ns });
    if (sc.globals && forked.globals) rebindFunctions(forked.globals, [sc.globals]);
    return forked;
  }

  private execTry(node: Node, sc: Scenario): Outcome[] {
    const body = node.childForFieldName("body");
    const handlers = node.namedChildren.filter((c): c is Node => c?.type === "except_clause");
    const elseClause = node.namedChildren.find((c) => c?.type === "else_clause");
    const finallyClause = node.namedChildren.find((c) => c?.type === "finally_clause");
    const outcomes = this.execBlock(body?.namedChildren ?? [], [{ scenario: sc }]);
    const result: Outcome[] = [];
    for (const o of outcomes) {
      if (o.returned || o.loop) {
        result.push(o);
        continue;
      }
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
    if (!finallyBody) return this.mergeEqual(result, node);
    const finished = result.flatMap((o) =>
      this.execBlock(finallyBody.namedChildren, [{ scenario: o.scenario }]).map((f) => {
        const raised = f.raised ?? o.raised;
        const returned = f.returned ?? o.returned;
        const loop = f.loop ?? o.loop;
        return {
          scenario: f.scenario,
          ...(raised ? { raised } : {}),
          ...(returned ? { returned } : {}),
          ...(loop ? { loop } : {}),
        };
      }),
    );
    return this.mergeEqual(finished, node);
  }

  private execFor(node: Node, sc: Scenario): Outcome[] {
    const left = node.childForFieldName("left") as Node;
    const iterable = this.evaluate(node.childForFieldName("right") as Node, sc);
    const body = node.childForFieldName("body");
    // A copy: the body may change what it loops over (Python would raise for a dict; a list grows).
    const items = iterationItems(iterable)?.slice();
    if (!items || items.length > 200) {
      const over = items ? `${items.length} items` : reasonOf(iterable);
      this.noteUnfollowed(node, sc, `a for loop over ${over} is not followed`);
      this.forgetWrites(node, body, sc, "the for loop", ` over ${over}`);
      return [{ scenario: sc }];
    }
    let outcomes: Outcome[] = [{ scenario: sc }];
    /** Outcomes that left the loop early (break, return, raise): no more iterations, no else clause. */
    const exited: Outcome[] = [];
    for (const item of items) {
      const next: Outcome[] = [];
      for (const o of outcomes) {
        if (leaving(o)) {
          exited.push(o);
          continue;
        }
        this.assign(left, item, o.scenario);
        this.loopDepth += 1;
        let ran: Outcome[];
        try {
          ran = this.execBlock(body?.namedChildren ?? [], [{ scenario: o.scenario }]);
        } finally {
          this.loopDepth -= 1;
        }
        for (const r of ran) {
          if (r.loop === "break") exited.push({ scenario: r.scenario });
          else if (r.loop === "continue") next.push({ scenario: r.scenario });
          else next.push(r);
        }
      }
      outcomes = next;
      if (outcomes.length === 0) break;
    }
    const elseBody = node.childForFieldName("alternative")?.childForFieldName("body");
    const finished = elseBody ? this.execBlock(elseBody.namedChildren, outcomes) : outcomes;
    return [...finished, ...exited];
  }

  /**
   * A loop (or match) the evaluator does not run must not leave what it would change looking known: upper-case names it
   * assigns become unknown, and when it writes into dicts, the DATABASES keys it names (OPTIONS, sslmode, HOST…).
   */
  private forgetWrites(node: Node, body: Node | null, sc: Scenario, what: string, detail = ""): void {
    if (!body) return;
    const origin = this.origin(node);
    const reason = `may be changed by ${what} at line ${origin.line}${detail}, which is not followed`;
    const writes = loopWrites(body);
    for (const name of writes.names)
      if (/^[A-Z][A-Z0-9_]*$/.test(name)) this.bind(name, unknown(reason, { origin }), sc);
    // `globals()[name] = …` with names only the loop knows: any setting of this module may be set.
    if (/\b(globals|locals)\(\)\s*\[/.test(body.text))
      this.markUnseenNames({ ...sc, ns: moduleNs(sc) }, reason, origin);
    // `setattr(target, name, …)`: the module `target` is (`sys.modules[module_name]`, also the caller's from
    // inside a helper), or this one when it cannot be told, may get any setting.
    for (const t of writes.setattrTargets) {
      const target = this.evaluate(t, sc);
      if (target.kind === "object" && target.ref.startsWith("module:") && target.attrs)
        this.markUnseenNames({ ...sc, ns: target.attrs }, reason, origin);
      else if (target.kind === "unknown") this.markUnseenNames({ ...sc, ns: moduleNs(sc) }, reason, origin);
    }
    if (!writes.mutates) return;
    const databases = this.lookup("DATABASES", sc, origin);
    if (databases.kind !== "dict") return;
    // `DATABASES[name] = …` with a name only the loop knows: aliases nobody here can name may exist.
    if (/\bDATABASES\s*\[\s*[^\s"'\]]/.test(body.text)) databases.open = reason;
    for (const alias of databases.entries.values()) {
      if (alias.kind !== "dict") continue;
      for (const key of writes.keys) {
        if (DATABASE_KEYS.includes(key) && key !== "OPTIONS")
          alias.entries.set(key, unknown(reason, { origin }));
      }
      if (!writes.keys.has("OPTIONS") && !writes.keys.has("sslmode") && !writes.keys.has("sslrootcert"))
        continue;
      const options = alias.entries.get("OPTIONS");
      const entries = options?.kind === "dict" ? options.entries : new Map<string, PyValue>();
      if (options?.kind !== "dict") alias.entries.set("OPTIONS", { kind: "dict", entries, origin });
      for (const key of ["sslmode", "sslrootcert"])
        if (writes.keys.has(key) || writes.keys.has("OPTIONS")) entries.set(key, unknown(reason, { origin }));
    }
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
    if (this.live + matches.length - 1 > this.opts.maxScenarios) return undefined;
    this.live += matches.length - 1;
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

  /**
   * `globals().update(vars(mod))` / `globals().update(mod.__dict__)`: a star import by hand. Any other argument
   * (a dict literal, key/value pairs) is an ordinary dict update of the namespace, evaluated as such.
   */
  private execNamespaceUpdate(call: Node, sc: Scenario): Outcome[] | undefined {
    const arg = call.childForFieldName("arguments")?.namedChildren.find((c) => c && c.type !== "comment");
    const source = arg ? this.moduleBehind(arg, sc) : null;
    if (source === null) return undefined;
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
    if (this.live + choices.length - 1 > this.opts.maxScenarios)
      return unseen(`more than ${this.opts.maxScenarios} combinations to follow ${full}`);
    this.live += choices.length - 1;
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
      child.live = this.live;
      child.depth = this.depth;
      try {
        return child.execBlock(root.namedChildren, [{ scenario: sc }]);
      } finally {
        this.steps += child.steps;
        this.live = child.live;
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
        const v = this.getAttr(obj, name, node);
        if (obj.kind !== "object" || !obj.ref.startsWith("class:") || !isProjectFunction(v)) return v;
        // A settings class stands for its instance too: `self.X` runs a property, `cls.f` binds `cls`.
        const decorators = functionMeta(v)?.decorators ?? [];
        if (decorators.includes("property"))
          return this.callProject({ ...v, self: obj }, { positional: [], keyword: new Map(), origin }, sc);
        return decorators.includes("staticmethod") ? v : { ...v, self: obj };
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
        // Both ways: what they agree on is known, the rest is unknown naming the condition.
        const joined = joinValues([this.evaluate(a as Node, sc), this.evaluate(b as Node, sc)], {
          why: `depending on ${oneLine(cond?.text ?? "")}`,
          origin,
        });
        return joined ?? unknown(`depends on ${oneLine(cond?.text ?? "")}`, { origin, env: c.env });
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
        return this.functionValue(node, "<lambda>", sc, []);
      case "list_comprehension":
      case "dictionary_comprehension":
      case "set_comprehension":
      case "generator_expression":
        return this.evalComprehension(node, sc);
      case "await":
      case "yield":
        return unknown(`${node.type} is not evaluated`, { origin });
      default:
        return unknown(`cannot evaluate ${node.type}`, { origin });
    }
  }

  private lookup(name: string, sc: Scenario, origin: Origin): PyValue {
    let v = sc.ns.get(name);
    for (let s = sc.enclosing; !v && s; s = s.enclosing) v = s.ns.get(name) ?? s.globals?.get(name);
    v ??= sc.globals?.get(name);
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

  /** Binds a name where Python would: the local scope, or the module for names declared `global`. */
  /**
   * A library that rewrites the module's settings at import from sources outside the tree (dynaconf's
   * DjangoDynaconf): every upper-case setting bound so far may be replaced, so none is known any more.
   */
  /**
   * `Registry(symbols=globals())`, `load_settings(locals())`: code the scan does not follow now holds the module's
   * namespace and may set any setting in it, then or later. What was bound so far is no longer known.
   */
  private handsOverNamespace(fnNode: Node, args: CallArgs, sc: Scenario, origin: Origin): void {
    const all = [...args.positional, ...args.keyword.values()];
    // `Settings.load_settings(__name__)`: it can reach this module through sys.modules and set any name on it.
    if (all.some((a) => a.kind === "str" && a.value === this.opts.module && a.value !== "__main__")) {
      const what = oneLine(fnNode.text).slice(0, 80);
      this.diagnose(
        origin,
        `${what}() is given this module's name and is not followed: it may set any setting`,
      );
      this.markUnseenNames(
        { ...sc, ns: moduleNs(sc) },
        `may be set by ${what}() (line ${origin.line})`,
        origin,
      );
    }
    if (!all.some((a) => a.kind === "dict" && a.meta?.namespace === true)) return;
    this.forgetSettings(
      sc,
      `${oneLine(fnNode.text)}() is given the module's globals() (or locals()) and is not followed: any setting may be set by it`,
      origin,
    );
  }

  private forgetSettings(sc: Scenario, why: string, origin: Origin): void {
    this.diagnose(origin, why);
    const ns = moduleNs(sc);
    for (const name of [...ns.keys()])
      if (/^[A-Z][A-Z0-9_]*$/.test(name)) ns.set(name, unknown(why, { origin }));
  }

  private bind(name: string, value: PyValue, sc: Scenario): void {
    if (sc.globals && sc.globalNames?.has(name)) sc.globals.set(name, value);
    else sc.ns.set(name, value);
  }

  // ---------------------------------------------------------------- project functions

  private functionValue(node: Node, name: string, sc: Scenario, decorators: string[]): PyValue {
    const defaults = new Map<string, PyValue>();
    for (const p of node.childForFieldName("parameters")?.namedChildren ?? []) {
      if (p?.type !== "default_parameter" && p?.type !== "typed_default_parameter") continue;
      const pname = p.childForFieldName("name")?.text;
      const value = p.childForFieldName("value");
      if (pname && value) defaults.set(pname, this.evaluate(value, sc));
    }
    const meta: FunctionMeta = { def: node, file: this.file, globals: moduleNs(sc), defaults, decorators };
    return {
      kind: "object",
      ref: `function:${name}`,
      origin: this.origin(node),
      meta: { function: functionHandle(meta) },
    };
  }

  /** Parameters bound to a call's arguments, or why they cannot be. */
  private bindArguments(
    params: Node | null,
    meta: FunctionMeta,
    args: CallArgs,
    self: PyValue | undefined,
  ): Map<string, PyValue> | string {
    const locals = new Map<string, PyValue>();
    const positional = self ? [self, ...args.positional] : args.positional;
    const usedKeywords = new Set<string>();
    let next = 0;
    let keywordOnly = false;
    let rest: string | undefined;
    for (const p of params?.namedChildren ?? []) {
      if (!p || p.type === "comment" || p.type === "positional_separator") continue;
      if (p.type === "keyword_separator") {
        keywordOnly = true;
        continue;
      }
      const inner = p.type === "typed_parameter" ? (p.namedChildren[0] ?? p) : p;
      if (inner.type === "list_splat_pattern") {
        const items = positional.slice(next);
        next = positional.length;
        const starName = inner.namedChildren[0]?.text;
        if (starName) locals.set(starName, { kind: "tuple", items, origin: args.origin });
        keywordOnly = true;
        continue;
      }
      if (inner.type === "dictionary_splat_pattern") {
        rest = inner.namedChildren[0]?.text;
        continue;
      }
      const name = inner.type === "identifier" ? inner.text : p.childForFieldName("name")?.text;
      if (!name) return `parameter ${oneLine(p.text)} is not understood`;
      const byKeyword = args.keyword.get(name);
      if (!keywordOnly && next < positional.length) locals.set(name, positional[next++] as PyValue);
      else if (byKeyword) {
        locals.set(name, byKeyword);
        usedKeywords.add(name);
      } else {
        const dflt = meta.defaults.get(name);
        if (!dflt) return `no value for its parameter ${name}`;
        locals.set(name, dflt);
      }
    }
    if (next < positional.length) return `it is called with more arguments than it takes`;
    const extra = [...args.keyword].filter(([k]) => !usedKeywords.has(k) && !locals.has(k));
    if (rest) locals.set(rest, { kind: "dict", entries: new Map(extra), origin: args.origin });
    else if (extra.length > 0) return `it has no parameter ${extra[0]?.[0]}`;
    return locals;
  }

  /**
   * Runs a function defined in the project on the call's arguments: its body over a local namespace layered on
   * its module's names. A result the evaluator cannot follow is unknown and says which function.
   */
  private callProject(fn: ValueOf<"object">, args: CallArgs, sc: Scenario): PyValue {
    const name = fn.ref.slice(9);
    const origin = args.origin;
    const meta = functionMeta(fn);
    const fail = (why: string, env?: PyValue["env"]) =>
      unknown(`value computed by ${name}() defined in the project: ${why}`, {
        origin,
        ...(env ? { env } : {}),
      });
    if (!meta) return fail("its definition is not known here");
    if (this.callStack.some((f) => f.def === meta.def))
      return fail("it calls itself (recursion is not followed)");
    if (this.callStack.length >= MAX_CALL_DEPTH)
      return fail(`calls nest deeper than ${MAX_CALL_DEPTH} levels`);
    const def = meta.def;
    const locals = this.bindArguments(def.childForFieldName("parameters"), meta, args, fn.self);
    if (typeof locals === "string") return fail(locals);
    const globals = meta.file === this.opts.file ? moduleNs(sc) : meta.globals;
    const body = def.childForFieldName("body");
    if (!body) return fail("it has no body");
    // Calling these does not run the body: it makes a coroutine or a generator.
    if (def.type === "function_definition" && /^async\b/.test(def.text))
      return fail("it is an async function");
    if (def.type === "function_definition" && yields(body)) return fail("it is a generator (it yields)");
    const scope: Scenario = { ns: locals, conditions: [], globals };
    // The module being evaluated, as the outermost call saw it: `sys.modules[__name__]` passed into a helper of
    // another module still names this one.
    if (this.callStack.length === 0) this.callerNs = moduleNs(sc);
    const saved = this.file;
    const savedLoops = this.loopDepth;
    this.callStack.push({ name, def });
    this.file = meta.file;
    this.loopDepth = 0;
    let result: PyValue;
    try {
      if (def.type === "lambda") result = this.evaluate(body, scope);
      else {
        scope.globalNames = declaredGlobals(body);
        result = this.functionResult(
          this.execBlock(body.namedChildren, [{ scenario: scope }]),
          globals,
          name,
          def,
        );
      }
    } finally {
      this.callStack.pop();
      this.file = saved;
      this.loopDepth = savedLoops;
    }
    if (result.kind === "unknown") return fail(result.reason, result.env);
    return result;
  }

  /** The value a call returns, over every way through the body; module state written back, joined. */
  private functionResult(
    outcomes: Outcome[],
    globals: Map<string, PyValue>,
    name: string,
    def: Node,
  ): PyValue {
    const done = outcomes.filter((o) => !o.raised);
    if (done.length === 0) return unknown(`it raises ${outcomes[0]?.raised ?? "an exception"}`);
    const reason = {
      why: `between branches inside ${name}() defined in the project`,
      origin: this.origin(def),
    };
    const memo: JoinMemo = new Map();
    const states = done.map((o) => o.scenario.globals ?? globals);
    if (states.some((g) => g !== globals)) replaceContents(globals, joinNamespaces(states, reason, memo));
    const values = done.map((o) => o.returned ?? ({ kind: "none", origin: this.origin(def) } as PyValue));
    return joinValues(values, reason, memo) ?? unknown("it returns nothing the evaluator can follow");
  }

  // ---------------------------------------------------------------- classes

  /**
   * A class statement: its body runs once in its own namespace (layered over the module's), as Python does; the
   * class keeps that namespace and its bases, so attributes resolve through inheritance.
   */
  private classValue(node: Node, name: string, sc: Scenario): PyValue {
    const origin = this.origin(node);
    const bases: PyValue[] = [];
    for (const a of node.childForFieldName("superclasses")?.namedChildren ?? []) {
      if (!a || a.type === "comment") continue;
      if (a.type === "keyword_argument") {
        if (a.childForFieldName("name")?.text === "metaclass")
          this.noteUnfollowed(
            node,
            sc,
            `class ${name} has a metaclass (${oneLine(a.text)}); settings it may set are not followed`,
          );
        continue;
      }
      bases.push(this.evaluate(a, sc));
    }
    const globals = moduleNs(sc);
    const scope: Scenario = { ns: new Map(), conditions: [], globals };
    const body = node.childForFieldName("body");
    this.callStack.push({ name: `class ${name}`, def: node });
    try {
      const outcomes = this.execBlock(body?.namedChildren ?? [], [{ scenario: scope }]);
      const done = outcomes.filter((o) => !o.raised);
      if (done.length === 0 && outcomes[0]?.raised)
        this.diagnose(origin, `the body of class ${name} raises ${outcomes[0].raised}`);
      if (done.length > 1) {
        const reason = { why: `between branches in the body of class ${name}`, origin };
        const memo: JoinMemo = new Map();
        const states = done.map((o) => o.scenario.globals ?? globals);
        if (states.some((g) => g !== globals)) replaceContents(globals, joinNamespaces(states, reason, memo));
        scope.ns = joinNamespaces(
          done.map((o) => o.scenario.ns),
          reason,
          memo,
        );
      } else if (done[0]) scope.ns = done[0].scenario.ns;
    } finally {
      this.callStack.pop();
    }
    return { kind: "object", ref: `class:${name}`, attrs: scope.ns, origin, meta: { class: { bases } } };
  }

  /**
   * One scenario per django-configurations `Configuration` subclass (or only the one `DJANGO_CONFIGURATION` names):
   * the module's names with the class's upper-case attributes over them, as the configurations importer does.
   * Values (`values.DatabaseURLValue(…)`) are set up from the environment, `setup()`/`post_setup()` defined in the
   * project run, then properties are read with `self` bound to the class.
   */
  configurationScenarios(scenarios: Scenario[], chosen: string | undefined): Scenario[] {
    const out: Scenario[] = [];
    for (const sc of scenarios) {
      const classes = [...sc.ns].filter(([k, v]) => !k.startsWith("_") && isConfigurationClass(v));
      const selected = chosen ? classes.filter(([k]) => k === chosen) : classes;
      if (chosen && classes.length > 0 && selected.length === 0) {
        const at = classes[0]?.[1].origin ?? { file: this.file, line: 1, column: 1 };
        this.diagnose(
          at,
          `DJANGO_CONFIGURATION=${chosen} names no Configuration class of this module (django-configurations raises ImproperlyConfigured)`,
        );
      }
      if (selected.length === 0) {
        out.push(sc);
        continue;
      }
      // Each class a view, up to the bound on scenarios; classes past it share one view of what they agree on.
      const room = Math.max(1, this.opts.maxScenarios - 1);
      const own = selected.length > this.opts.maxScenarios ? selected.slice(0, room) : selected;
      for (const [key, cls] of own) out.push(this.configurationView(sc, key, cls as ValueOf<"object">));
      const rest = selected.slice(own.length);
      if (rest.length === 0) continue;
      const names = rest.map(([k]) => k);
      const origin = rest[0]?.[1].origin ?? { file: this.file, line: 1, column: 1 };
      this.diagnose(
        origin,
        `more than ${this.opts.maxScenarios} Configuration classes: ${names.length} of them (${names.slice(0, 5).join(", ")}…) are joined into one view, and settings that differ between them are unknown`,
      );
      const views = rest.map(([key, cls]) => this.configurationView(sc, key, cls as ValueOf<"object">));
      const why = `between the Configuration classes ${names.slice(0, 5).join(", ")}… (more than ${this.opts.maxScenarios})`;
      out.push({
        ns: joinNamespaces(
          views.map((v) => v.ns),
          { why, origin },
        ),
        conditions: [
          ...sc.conditions,
          `DJANGO_CONFIGURATION is one of ${names.length} classes (${names[0]}…)`,
        ],
      });
    }
    return out;
  }

  private configurationView(sc: Scenario, key: string, cls: ValueOf<"object">): Scenario {
    const seen = new Map<PyValue, PyValue>();
    const ns = new Map<string, PyValue>();
    for (const [k, v] of sc.ns) ns.set(k, cloneValue(v, seen));
    const view: Scenario = { ns, conditions: [...sc.conditions, `DJANGO_CONFIGURATION=${key}`] };
    try {
      for (const [k, v] of this.configurationSettings(cls, key, view, seen)) ns.set(k, v);
    } catch (e) {
      if (!(e instanceof BudgetExceeded)) throw e;
      this.diagnose(cls.origin ?? { file: this.file, line: 1, column: 1 }, e.message);
    }
    return view;
  }

  private configurationSettings(
    cls: ValueOf<"object">,
    key: string,
    view: Scenario,
    seen: Map<PyValue, PyValue>,
  ): Map<string, PyValue> {
    const attrs = new Map<string, PyValue>();
    for (const c of classLineage(cls).reverse())
      for (const [k, v] of c.attrs ?? []) attrs.set(k, cloneValue(v, seen));
    const origin = cls.origin ?? { file: this.file, line: 1, column: 1 };
    const resolved: ValueOf<"object"> = {
      kind: "object",
      ref: `class:${key}`,
      attrs,
      origin,
      meta: { class: { bases: [] } },
    };
    for (const [k, v] of attrs) {
      if (v.kind !== "object" || !v.ref.startsWith("value:")) continue;
      for (const lib of this.opts.libraries) {
        const r = lib.call(
          { kind: "object", ref: "op:setup_value", self: v },
          { positional: [str(k, { origin })], keyword: new Map(), origin: v.origin ?? origin },
          this,
        );
        if (r) {
          attrs.set(k, r);
          break;
        }
      }
    }
    const noArgs = (at: Origin): CallArgs => ({ positional: [], keyword: new Map(), origin: at });
    for (const hook of ["setup", "post_setup"]) {
      const fn = attrs.get(hook);
      if (!isProjectFunction(fn)) continue;
      const def = functionMeta(fn)?.def;
      if (def) this.callProject({ ...fn, self: resolved }, noArgs(fn.origin ?? origin), view);
    }
    const settings = new Map<string, PyValue>();
    for (const [k, v] of attrs) {
      if (!/^[A-Z][A-Z0-9_]*$/.test(k)) continue;
      const def = isProjectFunction(v) ? functionMeta(v)?.def : undefined;
      if (isProjectFunction(v) && def && functionMeta(v)?.decorators.includes("property"))
        settings.set(k, this.callProject({ ...v, self: resolved }, noArgs(v.origin ?? origin), view));
      else settings.set(k, v);
    }
    return settings;
  }

  // ---------------------------------------------------------------- comprehensions

  /** A comprehension over known items, up to MAX_COMPREHENSION_ITEMS; otherwise unknown, saying why. */
  private evalComprehension(node: Node, sc: Scenario): PyValue {
    const origin = this.origin(node);
    const text = oneLine(node.text).slice(0, 60);
    const body = node.childForFieldName("body") ?? node.namedChildren[0];
    const clauses = node.namedChildren.filter(
      (c): c is Node => c?.type === "for_in_clause" || c?.type === "if_clause",
    );
    if (!body || clauses[0]?.type !== "for_in_clause")
      return unknown(`a comprehension (${text}) is not understood`, { origin });
    const scope: Scenario = { ns: new Map(), conditions: sc.conditions, enclosing: sc };
    if (sc.globals) scope.globals = sc.globals;
    const produced: PyValue[] = [];
    const walk = (i: number): string | undefined => {
      const clause = clauses[i];
      if (!clause) {
        if (produced.length >= MAX_COMPREHENSION_ITEMS) return `more than ${MAX_COMPREHENSION_ITEMS} items`;
        if (body.type === "pair") {
          const key = this.evaluate(body.childForFieldName("key") as Node, scope);
          const value = this.evaluate(body.childForFieldName("value") as Node, scope);
          produced.push({ kind: "tuple", items: [key, value], origin });
        } else produced.push(this.evaluate(body, scope));
        return undefined;
      }
      if (clause.type === "if_clause") {
        const cond = clause.namedChildren[0];
        const v = cond ? this.evaluate(cond, scope) : undefined;
        const keep = v ? this.decide(v) : undefined;
        if (keep === undefined) return `its filter ${oneLine(cond?.text ?? "")} is not known for every item`;
        return keep ? walk(i + 1) : undefined;
      }
      const iterable = this.evaluate(clause.childForFieldName("right") as Node, scope);
      const items = iterationItems(iterable);
      if (!items) return `it iterates over ${reasonOf(iterable)}`;
      const left = clause.childForFieldName("left") as Node;
      for (const item of items) {
        this.assign(left, item, scope);
        const why = walk(i + 1);
        if (why) return why;
      }
      return undefined;
    };
    const why = walk(0);
    if (why) return unknown(`a comprehension (${text}): ${why}`, { origin });
    if (node.type !== "dictionary_comprehension")
      return { kind: node.type === "generator_expression" ? "tuple" : "list", items: produced, origin };
    const entries = new Map<string, PyValue>();
    for (const pair of produced) {
      const [k, v] = pair.kind === "tuple" ? pair.items : [];
      const key = dictKey(k);
      if (key === undefined || !v)
        return unknown(`a comprehension (${text}): key ${describe(k)} is not a known string`, { origin });
      entries.set(key, v);
    }
    return { kind: "dict", entries, origin };
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
    let open: string | undefined;
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
        if (inner.kind === "dict") {
          if (inner.open) {
            entries.clear();
            open = inner.open;
          }
          for (const [k, v] of inner.entries) entries.set(k, v);
        } else {
          const why = `cannot expand ${oneLine(child.text)}: ${reasonOf(inner)}`;
          this.diagnose(this.origin(child), why);
          // Its keys replace any written before it: those are no longer known.
          entries.clear();
          open = why;
        }
      }
    }
    return { kind: "dict", entries, origin, ...(open ? { open } : {}) };
  }

  private evalSubscript(node: Node, sc: Scenario): PyValue {
    const obj = this.evaluate(node.childForFieldName("value") as Node, sc);
    const keyNode = node.childForFieldName("subscript");
    const origin = this.origin(node);
    if (!keyNode) return unknown("empty subscript", { origin });
    if (node.childForFieldName("value")?.text === "sys.modules") {
      // `sys.modules[__name__]`: this module, whose attributes are its settings.
      const key = this.evaluate(keyNode, sc);
      if (key.kind === "str" && key.value === this.opts.module)
        return {
          kind: "object",
          ref: `module:${this.opts.module}`,
          attrs: this.callStack.length > 0 && this.callerNs ? this.callerNs : moduleNs(sc),
          origin,
          meta: { namespace: true },
        };
    }
    if (keyNode.type === "slice")
      return unknown(`slice ${oneLine(node.text)} is not evaluated`, { origin, env: obj.env });
    const key = this.evaluate(keyNode, sc);
    const modelled = this.libraryOp("getitem", obj, key, origin);
    if (modelled) return modelled;
    if (obj.kind === "dict") {
      const k = dictKey(key);
      if (k === undefined) return unknown(`key ${oneLine(keyNode.text)} is ${reasonOf(key)}`, { origin });
      return (
        obj.entries.get(k) ??
        (obj.open ? unknown(obj.open, { origin }) : undefined) ??
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
    const origin = this.origin(node);
    const builtin = fnNode.type === "identifier" && !this.isBound(fnNode.text, sc) ? fnNode.text : undefined;
    if (builtin === "globals" || builtin === "locals") {
      // The namespace itself, not a copy: `globals().update({...})` and `globals()["X"] = …` set settings.
      const ns = builtin === "globals" ? moduleNs(sc) : sc.ns;
      return { kind: "dict", entries: ns, origin, meta: { namespace: true } };
    }
    const fn = this.evaluate(fnNode, sc);
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
    if (builtin === "setattr") return this.setattr(node, args, sc);
    if (fn.kind === "object") {
      const [name, value] = args.positional;
      const written = name?.kind === "str" ? `${ENVIRON_WRITE}${name.value}` : undefined;
      if (fn.ref === "method:os.environ.setdefault" && written && value && !moduleNs(sc).has(written)) {
        moduleNs(sc).set(written, { ...value, via: "setdefault" satisfies EnvironWriteMode });
      }
      for (const lib of this.opts.libraries) {
        const r = lib.call(fn, args, this);
        if (!r) continue;
        const overrides = r.meta?.overridesSettings;
        if (typeof overrides === "string") this.forgetSettings(sc, overrides, origin);
        return r.origin ? r : { ...r, origin };
      }
      if (fn.ref.startsWith("function:")) return this.callProject(fn, args, sc);
      this.handsOverNamespace(fnNode, args, sc, origin);
      return unknown(`value computed by ${oneLine(fnNode.text)}()`, { origin });
    }
    this.handsOverNamespace(fnNode, args, sc, origin);
    return unknown(`value computed by ${oneLine(fnNode.text)}(): ${reasonOf(fn)}`, { origin, env: fn.env });
  }

  private isBound(name: string, sc: Scenario): boolean {
    if (sc.ns.has(name) || sc.globals?.has(name)) return true;
    for (let s = sc.enclosing; s; s = s.enclosing) if (s.ns.has(name) || s.globals?.has(name)) return true;
    return false;
  }

  /** `setattr(obj, "NAME", value)` on this module or a settings class sets a setting; anything else is reported. */
  private setattr(node: Node, args: CallArgs, sc: Scenario): PyValue {
    const [target, name, value] = args.positional;
    const origin = args.origin;
    const text = oneLine(node.text).slice(0, 80);
    if (!target || !value) return unknown(`${text} is not understood`, { origin });
    if (name?.kind !== "str") {
      const why = `${text}: the name it sets is not known, so settings it may set are not followed`;
      this.diagnose(origin, why);
      // On this module (or on something unknown, which may be it): any setting, DATABASES too, may be set.
      if (
        target.kind === "unknown" ||
        (target.kind === "object" && target.ref === `module:${this.opts.module}`)
      )
        this.markUnseenNames(
          { ...sc, ns: moduleNs(sc) },
          `may be set by ${text} (line ${origin.line})`,
          origin,
        );
      return { kind: "none", origin };
    }
    if (
      target.kind === "object" &&
      target.attrs &&
      (target.ref.startsWith("class:") || target.meta?.namespace)
    )
      target.attrs.set(name.value, value);
    else if (target.kind === "object" && target.ref === `module:${this.opts.module}`)
      moduleNs(sc).set(name.value, value);
    else if (/^[A-Z][A-Z0-9_]*$/.test(name.value))
      this.diagnose(origin, `${text}: setting ${name.value} on ${reasonOf(target)} is not followed`);
    return { kind: "none", origin };
  }

  getAttr(obj: PyValue, name: string, node: Node): PyValue {
    const origin = this.origin(node);
    for (const lib of this.opts.libraries) {
      const r = lib.getAttr(obj, name, this);
      if (r) return r;
    }
    if (obj.kind === "object") {
      const found = classAttribute(obj, name);
      if (found) return found;
    }
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
      const op = operators[i] as string;
      const membership = op === "in" || op === "not in" ? this.libraryContains(b, a, origin) : undefined;
      if (membership && membership.kind !== "bool")
        return unknown(`depends on ${oneLine(node.text)}`, { origin, env: membership.env ?? env });
      if (membership?.kind === "bool") env ??= membership.env;
      const r = membership?.kind === "bool" ? membership.value === (op === "in") : compare(op, a, b);
      if (r === undefined) return unknown(`depends on ${oneLine(node.text)}`, { origin, env });
      result &&= r;
    }
    return { kind: "bool", value: result, origin, ...(env ? { env } : {}) };
  }

  /** `x in container` for containers a library models (`"DATABASE_URL" in os.environ`). */
  private libraryContains(container: PyValue, item: PyValue, origin: Origin): PyValue | undefined {
    return container.kind === "object" ? this.libraryOp("contains", container, item, origin) : undefined;
  }

  /** An operator on a value a library models (`os.environ[...]`, `Path / "x"`, `"X" in os.environ`), if one does. */
  private libraryOp(op: string, self: PyValue, arg: PyValue, origin: Origin): PyValue | undefined {
    for (const lib of this.opts.libraries) {
      const r = lib.call(
        { kind: "object", ref: `op:${op}`, self },
        { positional: [arg], keyword: new Map(), origin },
        this,
      );
      if (r) return r;
    }
    return undefined;
  }

  binary(op: string, a: PyValue, b: PyValue, node: Node): PyValue {
    const origin = this.origin(node);
    const env = a.env ?? b.env;
    const modelled = this.libraryOp(op, a, b, origin);
    if (modelled) return modelled;
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
      // b's unknown keys may replace any of a's.
      const open = b.open ?? a.open;
      return {
        kind: "dict",
        entries: new Map([...(b.open ? [] : a.entries), ...b.entries]),
        origin,
        ...(open ? { open } : {}),
      };
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
 * Functions defined in a namespace that was copied (a fork) or joined read their module's names from the new one:
 * an imported function must see what its module ended with, not what it held when the `if` forked.
 */
function rebindFunctions(ns: Map<string, PyValue>, old: readonly Map<string, PyValue>[]): void {
  for (const [k, v] of ns) {
    const meta = functionMeta(v);
    if (!meta || !old.includes(meta.globals)) continue;
    ns.set(k, { ...v, meta: { ...v.meta, function: functionHandle({ ...meta, globals: ns }) } } as PyValue);
  }
}

function functionMeta(v: PyValue | undefined): FunctionMeta | undefined {
  const handle = v?.kind === "object" ? v.meta?.function : undefined;
  return typeof handle === "object" && handle !== null ? FUNCTIONS.get(handle) : undefined;
}

function isProjectFunction(v: PyValue | undefined): v is ValueOf<"object"> {
  return v?.kind === "object" && v.ref.startsWith("function:") && functionMeta(v) !== undefined;
}

/** A class and its bases, depth first, left to right (Python's order for the single-inheritance common case). */
function classLineage(cls: ValueOf<"object">): ValueOf<"object">[] {
  const out: ValueOf<"object">[] = [];
  const visit = (c: PyValue, depth: number) => {
    if (c.kind !== "object" || depth > 32 || out.includes(c)) return;
    out.push(c);
    const bases = (c.meta?.class as { bases?: PyValue[] } | undefined)?.bases ?? [];
    for (const b of bases) visit(b, depth + 1);
  };
  visit(cls, 0);
  return out;
}

/** An attribute of an object, looked up through its class's bases. */
function classAttribute(obj: ValueOf<"object">, name: string): PyValue | undefined {
  for (const c of classLineage(obj)) {
    const v = c.attrs?.get(name);
    if (v) return v;
  }
  return undefined;
}

function isConfigurationClass(v: PyValue): boolean {
  return (
    v.kind === "object" &&
    v.ref.startsWith("class:") &&
    v.meta?.class !== undefined &&
    classLineage(v).some((c) => c.ref === "class:configurations.Configuration")
  );
}

/** DATABASES alias keys a loop that is not followed may change. */
const DATABASE_KEYS = ["ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT", "OPTIONS", "CONN_MAX_AGE"];

/**
 * What a loop body writes: names it assigns, whether it writes into any object (subscript or attribute targets,
 * update/setdefault/append calls), and the string literals it uses as keys.
 */
function loopWrites(body: Node): {
  names: Set<string>;
  mutates: boolean;
  keys: Set<string>;
  setattrTargets: Node[];
} {
  const names = new Set<string>();
  const keys = new Set<string>();
  const setattrTargets: Node[] = [];
  let mutates = false;
  const visit = (n: Node, depth: number) => {
    if (depth > 200) return;
    if (n.type === "assignment" || n.type === "augmented_assignment") {
      const left = n.childForFieldName("left");
      if (left?.type === "identifier") names.add(left.text);
      else if (left) mutates = true;
    } else if (n.type === "call") {
      const f = n.childForFieldName("function");
      const method = f?.type === "attribute" ? f.childForFieldName("attribute")?.text : undefined;
      if (method && ["update", "setdefault", "append", "extend", "pop", "__setitem__"].includes(method))
        mutates = true;
      if (f?.text === "setattr") {
        mutates = true;
        const target = n.childForFieldName("arguments")?.namedChildren.find((c) => c && c.type !== "comment");
        if (target && setattrTargets.length < 8) setattrTargets.push(target);
      }
    } else if (n.type === "string") {
      const content = n.namedChildren.filter((c) => c?.type === "string_content").map((c) => c?.text ?? "");
      if (content.length === 1) keys.add(content[0] as string);
    }
    for (const c of n.namedChildren) if (c) visit(c, depth + 1);
  };
  visit(body, 0);
  return { names, mutates, keys, setattrTargets };
}

/** The namespace `globals()` is: the module's, also from inside a function or class body. */
function moduleNs(sc: Scenario): Map<string, PyValue> {
  let s: Scenario | undefined = sc;
  while (s?.enclosing) s = s.enclosing;
  return s?.globals ?? s?.ns ?? sc.ns;
}

/** True when a function body yields (outside nested functions): calling it makes a generator. */
function yields(body: Node): boolean {
  const visit = (n: Node, depth: number): boolean => {
    if (
      depth > 200 ||
      n.type === "function_definition" ||
      n.type === "class_definition" ||
      n.type === "lambda"
    )
      return false;
    if (n.type === "yield") return true;
    return n.namedChildren.some((c) => c !== null && visit(c, depth + 1));
  };
  return body.namedChildren.some((c) => c !== null && visit(c, 0));
}

/** Names a function body declares `global` (anywhere in it, as Python does). */
function declaredGlobals(body: Node): Set<string> {
  const names = new Set<string>();
  const visit = (n: Node) => {
    if (n.type === "function_definition" || n.type === "class_definition" || n.type === "lambda") return;
    if (n.type === "global_statement")
      for (const c of n.namedChildren) if (c?.type === "identifier") names.add(c.text);
    for (const c of n.namedChildren) if (c) visit(c);
  };
  for (const c of body.namedChildren) if (c) visit(c);
  return names;
}

/** What a for loop or comprehension iterates over: a list/tuple's items, a dict's keys, a string's characters. */
function iterationItems(v: PyValue): PyValue[] | undefined {
  if (v.kind === "list" || v.kind === "tuple") return v.items;
  if (v.kind === "dict") return [...v.entries.keys()].map((k) => str(k));
  if (v.kind === "str" && v.value.length <= 1000)
    return [...v.value].map((c) => str(c, { origin: v.origin }));
  return undefined;
}

/** Longest condition text a merged outcome gets; past it the outcomes stay apart (the words must stay exact). */
const MAX_CONDITION_CHARS = 400;

/**
 * The conditions of an outcome reached two ways: what both share, then either way's own (`(a) or (b)`). The two
 * sides of one `if` need no words (`X is true` or `X is false` is no condition at all).
 */
function eitherOf(a: readonly string[], b: readonly string[]): string[] | undefined {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  const shared = a.slice(0, n);
  const ra = a.slice(n);
  const rb = b.slice(n);
  if (ra.length === 0 || rb.length === 0) return shared;
  const [x, y] = [ra.join(" and "), rb.join(" and ")];
  if (ra.length === 1 && rb.length === 1 && x.replace(/ is true$/, " is false") === y) return shared;
  if (ra.length === 1 && rb.length === 1 && y.replace(/ is true$/, " is false") === x) return shared;
  // Parenthesized as a whole: the view joins its conditions with "and".
  const term = (t: string) => (/ (and|or) /.test(t) ? `(${t})` : t);
  const either = `(${term(x)} or ${term(y)})`;
  return either.length <= MAX_CONDITION_CHARS ? [...shared, either] : undefined;
}

/** Makes `target` hold what `source` holds, keeping the Map itself (others hold it by reference). */
function replaceContents(target: Map<string, PyValue>, source: ReadonlyMap<string, PyValue>): void {
  if (target === source) return;
  target.clear();
  for (const [k, v] of source) target.set(k, v);
}

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
