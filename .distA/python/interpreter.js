import * as calls from "./calls.js";
import * as configuration from "./configuration.js";
import * as expressions from "./expressions.js";
import * as imports from "./imports.js";
import * as includes from "./includes.js";
import { joinNamespaces } from "./join.js";
import { BudgetExceeded, } from "./machine.js";
import { Namespace } from "./namespace.js";
import * as statements from "./statements.js";
export { DATABASES_MAY_CHANGE, MAX_INCLUDE_CHOICES, MAX_INCLUDE_DEPTH, MAYBE_DEFINED, PROJECT_ROOT_MARK, } from "./machine.js";
export { formatForString, oneLine } from "./machine-helpers.js";
export { asString, isKind } from "./value.js";
const MAX_DEPTH = 150;
/**
 * An abstract interpreter for Django settings modules: it runs module-level statements over known values,
 * keeps env reads and library calls as modelled values, and forks when an `if` depends on something unknown.
 * It never runs project code.
 */
export class Interpreter {
    /** The file being evaluated; an inlined function from another module switches it while it runs. */
    file;
    diagnostics = [];
    diagnosed = new Set();
    steps = 0;
    depth = 0;
    opts;
    /** Outcomes alive at once (forks add, merges and joins remove); bounded by maxScenarios. */
    live = 1;
    /** This module's namespace in the scenario that made the outermost project call (see callProject). */
    callerNs;
    blockDepth = 0;
    callStack = [];
    /** Loops being run around the statement at hand (within the current function). */
    loopDepth = 0;
    get callDepth() {
        return this.callStack.length;
    }
    constructor(options) {
        this.file = options.file;
        this.opts = { maxScenarios: 16, maxSteps: 400_000, ...options };
    }
    origin(node) {
        return { file: this.file, line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
    }
    diagnose(origin, reason) {
        // A Set, not a scan of the list: a hostile module can raise one problem per line, 50,000 times.
        const key = `${origin.file}\u0000${origin.line}\u0000${reason}`;
        if (this.diagnosed.has(key))
            return;
        this.diagnosed.add(key);
        this.diagnostics.push({ origin, reason });
    }
    /** Evaluates a whole module; returns the outcomes that did not raise. */
    run(root, start) {
        let outcomes;
        // The module namespace forks lazily (namespace.ts).
        const initial = start instanceof Namespace ? start : Namespace.of(start);
        try {
            outcomes = this.execBlock(root.namedChildren, [{ scenario: { ns: initial, conditions: [] } }]);
            // What a module ends with is read by everyone after: copied here, where a value too large to copy is caught.
            for (const o of outcomes)
                if (o.scenario.ns instanceof Namespace)
                    o.scenario.ns.settle();
        }
        catch (e) {
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
    abandoned(partial, why, root) {
        // Read without copying: a value too large to copy is why some evaluations stop.
        const names = partial instanceof Namespace ? partial.peek() : partial;
        const ns = joinNamespaces([names, new Map()], {
            why: `after evaluation stopped (${why}): the rest of the module was not read`,
            origin: this.origin(root),
        });
        return { ns, conditions: [] };
    }
    tick(node) {
        this.steps += 1;
        if (this.steps > this.opts.maxSteps) {
            throw new BudgetExceeded(`evaluation stopped after ${this.opts.maxSteps} steps (file too complex)`);
        }
        if (this.depth > MAX_DEPTH) {
            throw new BudgetExceeded(`nesting deeper than ${MAX_DEPTH} levels at line ${node.startPosition.row + 1}`);
        }
    }
    /** Scenarios are module-level outcomes: what happens inside a function or class body joins into one. */
    countLive(delta) {
        if (this.callDepth === 0)
            this.live = Math.max(1, this.live + delta);
    }
    /** Work that is not one node (comparing or joining namespaces) counts against the step budget too. */
    charge(entries, node) {
        // A name compared or joined costs far less than a node evaluated.
        this.steps += Math.ceil(entries / 8);
        this.tick(node);
    }
    newInterpreter(options) {
        return new Interpreter(options);
    }
    // ---------------------------------------------------------------- statements.ts
    execBlock(block, outcomes) {
        return statements.execBlock(this, block, outcomes);
    }
    noteUnfollowed(node, _sc, reason) {
        statements.noteUnfollowed(this, node, _sc, reason);
    }
    assign(target, value, sc) {
        statements.assign(this, target, value, sc);
    }
    decide(v) {
        return statements.decide(v);
    }
    mayFork(node) {
        return statements.mayFork(this, node);
    }
    fork(sc, condition) {
        return statements.fork(sc, condition);
    }
    // ---------------------------------------------------------------- imports.ts
    execImport(node, sc) {
        return imports.execImport(this, node, sc);
    }
    moduleValueAt(name, answer, origin) {
        return imports.moduleValueAt(name, answer, origin);
    }
    execImportFrom(node, sc) {
        return imports.execImportFrom(this, node, sc);
    }
    importByName(name, origin, topLevel) {
        return imports.importByName(this, name, origin, topLevel);
    }
    // ---------------------------------------------------------------- includes.ts
    execInclusion(stmt, sc) {
        return includes.execInclusion(this, stmt, sc);
    }
    execNamespaceCopyLoop(node, sc) {
        return includes.execNamespaceCopyLoop(this, node, sc);
    }
    markUnseenNames(sc, reason, origin) {
        return includes.markUnseenNames(sc, reason, origin);
    }
    fromUnseenNames(name, sc, origin) {
        return includes.fromUnseenNames(this, name, sc, origin);
    }
    // ---------------------------------------------------------------- expressions.ts
    evaluate(node, sc) {
        return expressions.evaluate(this, node, sc);
    }
    tooLargeValue(node, what) {
        return expressions.tooLargeValue(this, node, what);
    }
    lookup(name, sc, origin) {
        return expressions.lookup(this, name, sc, origin);
    }
    getAttr(obj, name, node) {
        return expressions.getAttr(this, obj, name, node);
    }
    binary(op, a, b, node) {
        return expressions.binary(this, op, a, b, node);
    }
    // ---------------------------------------------------------------- calls.ts
    functionValue(node, name, sc, decorators) {
        return calls.functionValue(this, node, name, sc, decorators);
    }
    callProject(fn, args, sc) {
        return calls.callProject(this, fn, args, sc);
    }
    classValue(node, name, sc) {
        return calls.classValue(this, node, name, sc);
    }
    // ---------------------------------------------------------------- configuration.ts
    configurationScenarios(scenarios, chosen) {
        return configuration.configurationScenarios(this, scenarios, chosen);
    }
}
//# sourceMappingURL=interpreter.js.map