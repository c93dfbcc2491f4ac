import * as calls from "./calls.js";
import * as configuration from "./configuration.js";
import * as expressions from "./expressions.js";
import * as imports from "./imports.js";
import * as includes from "./includes.js";
import { joinNamespaces } from "./join.js";
import {
  BudgetExceeded,
  type CallArgs,
  type Frame,
  type ImportAnswer,
  type InterpreterOptions,
  type Machine,
  type Outcome,
  type PyDiagnostic,
  type Scenario,
} from "./machine.js";
import { Namespace } from "./namespace.js";
import type { Node } from "./parser.js";
import * as statements from "./statements.js";
import type { Origin, PyValue, ValueOf } from "./value.js";

export type {
  CallArgs,
  EvalContext,
  ImportAnswer,
  ImportRequest,
  IncludeHook,
  InterpreterOptions,
  Library,
  PyDiagnostic,
  Scenario,
} from "./machine.js";
export {
  DATABASES_MAY_CHANGE,
  MAX_INCLUDE_CHOICES,
  MAX_INCLUDE_DEPTH,
  MAYBE_DEFINED,
  PROJECT_ROOT_MARK,
} from "./machine.js";
export { formatForString, oneLine } from "./machine-helpers.js";
export { asString, isKind } from "./value.js";

const MAX_DEPTH = 150;

/**
 * An abstract interpreter for Django settings modules: it runs module-level statements over known values,
 * keeps env reads and library calls as modelled values, and forks when an `if` depends on something unknown.
 * It never runs project code.
 */
export class Interpreter implements Machine {
  /** The file being evaluated; an inlined function from another module switches it while it runs. */
  file: string;
  readonly diagnostics: PyDiagnostic[] = [];
  private readonly diagnosed = new Set<string>();
  steps = 0;
  depth = 0;
  readonly opts: Required<Pick<InterpreterOptions, "maxScenarios" | "maxSteps">> & InterpreterOptions;
  /** Outcomes alive at once (forks add, merges and joins remove); bounded by maxScenarios. */
  live = 1;
  /** This module's namespace in the scenario that made the outermost project call (see callProject). */
  callerNs: Map<string, PyValue> | undefined;
  blockDepth = 0;
  readonly callStack: Frame[] = [];
  /** Loops being run around the statement at hand (within the current function). */
  loopDepth = 0;

  get callDepth(): number {
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
  run(root: Node, start: Map<string, PyValue>): Scenario[] {
    let outcomes: Outcome[];
    // The module namespace forks lazily (namespace.ts).
    const initial = start instanceof Namespace ? start : Namespace.of(start);
    try {
      outcomes = this.execBlock(root.namedChildren, [{ scenario: { ns: initial, conditions: [] } }]);
      // What a module ends with is read by everyone after: copied here, where a value too large to copy is caught.
      for (const o of outcomes) if (o.scenario.ns instanceof Namespace) o.scenario.ns.settle();
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
    // Read without copying: a value too large to copy is why some evaluations stop.
    const names = partial instanceof Namespace ? partial.peek() : partial;
    // Every value is unknown after it, and nothing of this module runs after it.
    const ns = joinNamespaces(
      [names, new Map()],
      {
        why: `after evaluation stopped (${why}): the rest of the module was not read`,
        origin: this.origin(root),
      },
      new Map(),
      { final: true },
    );
    return { ns, conditions: [] };
  }

  tick(node: Node): void {
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

  /** Scenarios are module-level outcomes: what happens inside a function or class body joins into one. */
  countLive(delta: number): void {
    if (this.callDepth === 0) this.live = Math.max(1, this.live + delta);
  }

  /** Work that is not one node (comparing or joining namespaces) counts against the step budget too. */
  charge(entries: number, node: Node): void {
    // A name compared or joined costs far less than a node evaluated.
    this.steps += Math.ceil(entries / 8);
    this.tick(node);
  }

  newInterpreter(options: InterpreterOptions): Machine {
    return new Interpreter(options);
  }

  // ---------------------------------------------------------------- statements.ts

  execBlock(block: readonly (Node | null)[], outcomes: Outcome[]): Outcome[] {
    return statements.execBlock(this, block, outcomes);
  }

  noteUnfollowed(node: Node, _sc: Scenario, reason: string): void {
    statements.noteUnfollowed(this, node, _sc, reason);
  }

  assign(target: Node, value: PyValue, sc: Scenario): void {
    statements.assign(this, target, value, sc);
  }

  decide(v: PyValue): boolean | undefined {
    return statements.decide(v);
  }

  mayFork(node: Node): boolean {
    return statements.mayFork(this, node);
  }

  fork(sc: Scenario, condition: string): Scenario {
    return statements.fork(sc, condition);
  }

  // ---------------------------------------------------------------- imports.ts

  execImport(node: Node, sc: Scenario): Outcome[] {
    return imports.execImport(this, node, sc);
  }

  moduleValueAt(name: string, answer: ImportAnswer, origin: Origin): PyValue {
    return imports.moduleValueAt(name, answer, origin);
  }

  execImportFrom(node: Node, sc: Scenario): Outcome[] {
    return imports.execImportFrom(this, node, sc);
  }

  importByName(name: string, origin: Origin, topLevel: boolean): PyValue {
    return imports.importByName(this, name, origin, topLevel);
  }

  // ---------------------------------------------------------------- includes.ts

  execInclusion(stmt: Node, sc: Scenario): Outcome[] | undefined {
    return includes.execInclusion(this, stmt, sc);
  }

  execNamespaceCopyLoop(node: Node, sc: Scenario): Outcome[] | undefined {
    return includes.execNamespaceCopyLoop(this, node, sc);
  }

  markUnseenNames(sc: Scenario, reason: string, origin: Origin): Outcome {
    return includes.markUnseenNames(sc, reason, origin);
  }

  fromUnseenNames(name: string, sc: Scenario, origin: Origin): PyValue | undefined {
    return includes.fromUnseenNames(this, name, sc, origin);
  }

  // ---------------------------------------------------------------- expressions.ts

  evaluate(node: Node, sc: Scenario): PyValue {
    return expressions.evaluate(this, node, sc);
  }

  tooLargeValue(node: Node, what: string): PyValue {
    return expressions.tooLargeValue(this, node, what);
  }

  lookup(name: string, sc: Scenario, origin: Origin): PyValue {
    return expressions.lookup(this, name, sc, origin);
  }

  getAttr(obj: PyValue, name: string, node: Node): PyValue {
    return expressions.getAttr(this, obj, name, node);
  }

  binary(op: string, a: PyValue, b: PyValue, node: Node): PyValue {
    return expressions.binary(this, op, a, b, node);
  }

  // ---------------------------------------------------------------- calls.ts

  functionValue(node: Node, name: string, sc: Scenario, decorators: string[]): PyValue {
    return calls.functionValue(this, node, name, sc, decorators);
  }

  callProject(fn: ValueOf<"object">, args: CallArgs, sc: Scenario): PyValue {
    return calls.callProject(this, fn, args, sc);
  }

  classValue(node: Node, name: string, sc: Scenario): PyValue {
    return calls.classValue(this, node, name, sc);
  }

  // ---------------------------------------------------------------- configuration.ts

  configurationScenarios(scenarios: Scenario[], chosen: string | undefined): Scenario[] {
    return configuration.configurationScenarios(this, scenarios, chosen);
  }
}
