/**
 * Statements of the abstract interpreter (see interpreter.ts): blocks, assignment, if/try/for/with/delete and
 * augmented assignment, and the outcomes they make: forking on unknown conditions, merging equal outcomes and
 * joining past the bound.
 */
import { ENVIRON_WRITE, type EnvironWriteMode } from "./env.js";
import { type JoinMemo, joinNamespaces, newPairing, sameNamespace, sameValue } from "./join.js";
import type { Machine, Outcome, Scenario } from "./machine.js";
import {
  dictKey,
  functionHandle,
  functionMeta,
  handlerCatches,
  iterationItems,
  moduleNs,
  oneLine,
  reasonOf,
  replaceContents,
} from "./machine-helpers.js";
import { copied, Namespace } from "./namespace.js";
import type { Node } from "./parser.js";
import { cloneValue, describe, extendBounded, openDict, type PyValue, truthy, unknown } from "./value.js";

/** An outcome that skips the statements after it in its block. */
const leaving = (o: Outcome): boolean => Boolean(o.raised || o.returned || o.loop);

export function execBlock(m: Machine, statements: readonly (Node | null)[], outcomes: Outcome[]): Outcome[] {
  let current = outcomes;
  m.blockDepth += 1;
  try {
    for (const stmt of statements) {
      if (!stmt || stmt.type === "comment") continue;
      const next: Outcome[] = [];
      for (const o of current) {
        if (leaving(o)) next.push(o);
        else next.push(...execStatement(m, stmt, o.scenario));
      }
      current = next;
      // At module level the outcomes in hand are all there are: recount, so imports that fork count too.
      if (m.blockDepth === 1 && m.callDepth === 0)
        m.live = Math.max(1, current.filter((o) => !o.raised).length);
    }
  } finally {
    m.blockDepth -= 1;
  }
  return current;
}

function execStatement(m: Machine, node: Node, sc: Scenario): Outcome[] {
  m.tick(node);
  switch (node.type) {
    case "expression_statement": {
      const included = m.execInclusion(node, sc);
      if (included) return included;
      for (const child of node.namedChildren) if (child) execExpressionStatement(m, child, sc);
      return [{ scenario: sc }];
    }
    case "import_statement":
      return m.execImport(node, sc);
    case "import_from_statement":
      return m.execImportFrom(node, sc);
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
      return execIf(m, node, sc);
    case "try_statement":
      return execTry(m, node, sc);
    case "with_statement": {
      bindWithTargets(m, node, sc);
      const body = node.childForFieldName("body");
      return execBlock(m, body?.namedChildren ?? [], [{ scenario: sc }]);
    }
    case "for_statement":
      return m.execNamespaceCopyLoop(node, sc) ?? execFor(m, node, sc);
    case "while_statement":
      noteUnfollowed(m, node, sc, "a while loop is not followed");
      forgetWrites(m, node, node.childForFieldName("body"), sc, "the while loop");
      return [{ scenario: sc }];
    case "break_statement":
    case "continue_statement":
      // Outside a loop Python refuses the whole module; skipping the rest of it here would hide that.
      if (m.loopDepth === 0) {
        m.diagnose(m.origin(node), `${node.text} outside a loop: Python refuses to import this module`);
        return [{ scenario: sc }];
      }
      return [{ scenario: sc, loop: node.type === "break_statement" ? "break" : "continue" }];
    case "function_definition": {
      const name = node.childForFieldName("name")?.text;
      if (name) bind(name, m.functionValue(node, name, sc, []), sc);
      return [{ scenario: sc }];
    }
    case "class_definition": {
      const name = node.childForFieldName("name")?.text;
      if (name) bind(name, m.classValue(node, name, sc), sc);
      return [{ scenario: sc }];
    }
    case "decorated_definition": {
      const def = node.childForFieldName("definition");
      if (def?.type === "function_definition") {
        const decorators = node.namedChildren
          .filter((c): c is Node => c?.type === "decorator")
          .map((d) => oneLine(d.text.replace(/^@/, "")));
        const name = def.childForFieldName("name")?.text;
        if (name) bind(name, m.functionValue(def, name, sc, decorators), sc);
        return [{ scenario: sc }];
      }
      return def ? execStatement(m, def, sc) : [{ scenario: sc }];
    }
    case "return_statement": {
      if (
        m.callStack.at(-1)?.def.type !== "function_definition" &&
        m.callStack.at(-1)?.def.type !== "lambda"
      ) {
        m.diagnose(m.origin(node), "return outside a function: Python refuses to import this module");
        return [{ scenario: sc }];
      }
      const expr = node.namedChildren.find((c) => c && c.type !== "comment");
      const value = expr ? m.evaluate(expr, sc) : { kind: "none" as const, origin: m.origin(node) };
      return [{ scenario: sc, returned: value }];
    }
    case "delete_statement":
      execDelete(m, node, sc);
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
      noteUnfollowed(m, node, sc, "a match statement is not followed");
      forgetWrites(m, node, node, sc, "the match statement");
      return [{ scenario: sc }];
    case "ERROR":
      return [{ scenario: sc }];
    default:
      return [{ scenario: sc }];
  }
}

/** Statements the evaluator skips only matter when they could change settings. */
export function noteUnfollowed(m: Machine, node: Node, _sc: Scenario, reason: string): void {
  if (/\b[A-Z][A-Z0-9_]{2,}\b/.test(node.text)) m.diagnose(m.origin(node), reason);
}

function execExpressionStatement(m: Machine, node: Node, sc: Scenario): void {
  switch (node.type) {
    case "assignment": {
      const left = node.childForFieldName("left");
      const right = node.childForFieldName("right");
      if (!left || !right) return; // annotation only
      const value = m.evaluate(right, sc);
      // Chained assignment `a = b = 1` nests assignments on the right in tree-sitter.
      assign(m, left, value, sc);
      return;
    }
    case "augmented_assignment":
      execAugmented(m, node, sc);
      return;
    default:
      m.evaluate(node, sc);
  }
}

export function assign(m: Machine, target: Node, value: PyValue, sc: Scenario): void {
  switch (target.type) {
    case "identifier":
      bind(target.text, value, sc);
      return;
    case "subscript": {
      const obj = m.evaluate(target.childForFieldName("value") as Node, sc);
      const keyNode = target.childForFieldName("subscript");
      const key = keyNode ? m.evaluate(keyNode, sc) : undefined;
      if (obj.kind === "dict") {
        const k = dictKey(key);
        if (k !== undefined) obj.entries.set(k, value);
        else {
          const why = `cannot follow an assignment with a computed key (${oneLine(keyNode?.text ?? "")})`;
          m.diagnose(m.origin(target), why);
          // Whichever key it was now holds this value: keys that held another may have changed, more may exist.
          for (const [k2, old] of obj.entries)
            if (!sameValue(old, value)) obj.entries.set(k2, unknown(why, { origin: m.origin(target) }));
          obj.open = why;
        }
      } else if (obj.kind === "unknown" && openInPlace(m, target, key, value, sc)) {
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
          m.diagnose(m.origin(target), `cannot follow an assignment to ${target.text}: ${reasonOf(obj)}`);
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
        const item = items?.[i] ?? unknown(`cannot unpack ${describe(value)}`, { origin: m.origin(t) });
        assign(m, t, item, sc);
      });
      return;
    }
    case "parenthesized_expression": {
      const inner = target.namedChildren[0];
      if (inner) assign(m, inner, value, sc);
      return;
    }
    case "attribute": {
      // `cls.DATABASES = …` in a settings class, `this_module.X = …`: the attributes are settings.
      const obj = m.evaluate(target.childForFieldName("object") as Node, sc);
      const name = target.childForFieldName("attribute")?.text ?? "";
      if (obj.kind === "object" && obj.attrs && (obj.ref.startsWith("class:") || obj.meta?.namespace))
        obj.attrs.set(name, value);
      else if (/^[A-Z][A-Z0-9_]+$/.test(name) && obj.kind === "unknown")
        m.diagnose(m.origin(target), `cannot follow an assignment to ${target.text}: ${obj.reason}`);
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
function openInPlace(
  m: Machine,
  target: Node,
  key: PyValue | undefined,
  value: PyValue,
  sc: Scenario,
): boolean {
  const inner = target.childForFieldName("value");
  const k = dictKey(key);
  if (inner?.type !== "subscript" || k === undefined) return false;
  const holder = m.evaluate(inner.childForFieldName("value") as Node, sc);
  const holderKeyNode = inner.childForFieldName("subscript");
  const holderKey = dictKey(holderKeyNode ? m.evaluate(holderKeyNode, sc) : undefined);
  if (holder.kind !== "dict" || holderKey === undefined) return false;
  const was = holder.entries.get(holderKey);
  if (was?.kind !== "unknown" || was.shared) return false;
  const origin = m.origin(target);
  holder.entries.set(holderKey, {
    kind: "dict",
    entries: new Map([[k, value]]),
    open: was.reason,
    origin: was.origin ?? origin,
    ...(was.env ? { env: was.env } : {}),
  });
  return true;
}

function execAugmented(m: Machine, node: Node, sc: Scenario): void {
  const left = node.childForFieldName("left") as Node;
  const right = node.childForFieldName("right") as Node;
  const op = node.childForFieldName("operator")?.text ?? "+=";
  const current = m.evaluate(left, sc);
  const rhs = m.evaluate(right, sc);
  if (op === "+=" && current.kind === "list" && (rhs.kind === "list" || rhs.kind === "tuple")) {
    // Lists extend in place, up to the size the evaluator keeps.
    if (!extendBounded(current.items, rhs.items))
      assign(m, left, m.tooLargeValue(node, `a list of more than ${current.items.length} items`), sc);
    return;
  }
  if (op === "|=" && current.kind === "dict" && rhs.kind === "dict") {
    if (rhs.open) openDict(current, rhs.open);
    for (const [k, v] of rhs.entries) current.entries.set(k, v);
    return;
  }
  assign(m, left, m.binary(op.slice(0, -1), current, rhs, node), sc);
}

function execDelete(m: Machine, node: Node, sc: Scenario): void {
  for (const target of node.namedChildren) {
    if (!target) continue;
    const targets = target.type === "expression_list" ? target.namedChildren : [target];
    for (const t of targets) {
      if (!t) continue;
      if (t.type === "identifier") sc.ns.delete(t.text);
      else if (t.type === "subscript") {
        const obj = m.evaluate(t.childForFieldName("value") as Node, sc);
        const keyNode = t.childForFieldName("subscript");
        const k = dictKey(keyNode ? m.evaluate(keyNode, sc) : undefined);
        if (obj.kind === "dict" && k !== undefined) obj.entries.delete(k);
      }
    }
  }
}

function execIf(m: Machine, node: Node, sc: Scenario): Outcome[] {
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
  return mergeEqual(m, execBranches(m, branches, 0, sc), node);
}

/**
 * Outcomes that end in the same state need no separate scenario: keep one, with only the conditions they share.
 */
function mergeEqual(m: Machine, outcomes: Outcome[], node: Node): Outcome[] {
  if (outcomes.length < 2) return outcomes;
  const kept: Outcome[] = [];
  for (const o of outcomes) {
    const same = kept.find((k) => {
      if (k.raised !== o.raised || k.loop !== o.loop || k.returned || o.returned) return false;
      m.charge(k.scenario.ns.size + (k.scenario.globals?.size ?? 0), node);
      // One pairing for the locals and the module: a local that is a module dict on one side only differs.
      const pairs = newPairing();
      if (k.scenario.globals !== o.scenario.globals) {
        if (!k.scenario.globals || !o.scenario.globals) return false;
        if (!sameNamespace(k.scenario.globals, o.scenario.globals, pairs)) return false;
      }
      return (
        eitherOf(k.scenario.conditions, o.scenario.conditions) !== undefined &&
        sameNamespace(k.scenario.ns, o.scenario.ns, pairs)
      );
    });
    const conditions = same && eitherOf(same.scenario.conditions, o.scenario.conditions);
    if (!same || !conditions) {
      kept.push(o);
      continue;
    }
    same.scenario.conditions = conditions;
    if (!o.raised) m.countLive(-1);
  }
  return kept;
}

/**
 * One outcome for branches the evaluator ran but may not keep apart: names equal in every branch stay, the
 * rest become unknown saying `why`. Outcomes that raised or returned stay as they are.
 */
function joinOutcomes(m: Machine, outcomes: Outcome[], base: Scenario, why: string, node: Node): Outcome[] {
  const flowing = outcomes.filter((o) => !leaving(o));
  if (flowing.length < 2) return outcomes;
  // Where the ways agree, the join keeps the values of the way that ran on `base` itself, so a caller's local that
  // holds one of them (`opts = DATABASES["default"]["OPTIONS"]`) still does.
  const own = flowing.findIndex(
    (o) => o.scenario.globals !== undefined && o.scenario.globals === base.globals,
  );
  const keep = own >= 0 ? { prefer: own } : {};
  const reason = { why, origin: m.origin(node) };
  const memo: JoinMemo = new Map();
  for (const o of flowing) m.charge(o.scenario.ns.size + (o.scenario.globals?.size ?? 0), node);
  const scenario: Scenario = {
    ns: joinNamespaces(
      flowing.map((o) => o.scenario.ns),
      reason,
      memo,
      keep,
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
      keep,
    );
    // A way that left (return, raise, break, continue) may hold `base`'s own module namespace (the last way of an
    // `if` runs on `base`, and a loop's iterations share it): it keeps the state it left with, not the join's.
    for (const o of outcomes)
      if (leaving(o) && o.scenario.globals === base.globals) o.scenario = fork(o.scenario, "");
    replaceContents(base.globals, joined);
    scenario.globals = base.globals;
    if (base.globalNames) scenario.globalNames = base.globalNames;
    if (base.outer) scenario.outer = base.outer;
  }
  m.countLive(-(flowing.length - 1));
  return [{ scenario }, ...outcomes.filter(leaving)];
}

function execBranches(
  m: Machine,
  branches: { cond: Node | null; body: Node | null }[],
  index: number,
  sc: Scenario,
): Outcome[] {
  const branch = branches[index];
  if (!branch) return [{ scenario: sc }];
  const runBody = (s: Scenario) => execBlock(m, branch.body?.namedChildren ?? [], [{ scenario: s }]);
  if (branch.cond === null) return runBody(sc);
  const condValue = m.evaluate(branch.cond, sc);
  const decided = decide(condValue);
  if (decided === true) return runBody(sc);
  if (decided === false) return execBranches(m, branches, index + 1, sc);
  // Unknown, or depends on an env var nobody supplied: follow both ways and say which is which.
  const text = oneLine(branch.cond.text);
  const why = joinWhy(m, branch.cond, text);
  // Charged as two copies of the namespace, as both ways once were (the joined way now copies it once): the step
  // budget a module gets is what it was.
  m.charge(2 * (sc.ns.size + (sc.globals?.size ?? 0)), branch.cond);
  if (why !== undefined) {
    // No room for another scenario: run both ways anyway and keep only what they agree on. The other way runs on
    // the scenario itself, not a copy: nothing reads it again but the join (its conditions, where the module state
    // joined is written back), and the first way ran on its own copy before.
    m.countLive(1);
    const first = runBody(fork(sc, ""));
    const outcomes = [...first, ...execBranches(m, branches, index + 1, sc)];
    return joinOutcomes(m, outcomes, sc, why, branch.cond);
  }
  const yes = fork(sc, `${text} is true`);
  const no = fork(sc, `${text} is false`);
  return [...runBody(yes), ...execBranches(m, branches, index + 1, no)];
}

/** A condition decides alone when it is known and not an unsupplied env read. */
export function decide(v: PyValue): boolean | undefined {
  if (v.env && !v.env.supplied) return undefined;
  return truthy(v);
}

/**
 * undefined when an unknown condition may fork a new scenario (and counts it); otherwise why its branches are
 * joined instead: inside a function (a call yields one value), or past the bound on scenarios.
 */
function joinWhy(m: Machine, node: Node, text: string): string | undefined {
  if (m.callStack.length > 0) {
    const fn = m.callStack.at(-1)?.name ?? "a function";
    return fn.startsWith("class ")
      ? `when ${text} (a branch in the body of ${fn})`
      : `when ${text} (a branch inside ${fn}() defined in the project)`;
  }
  if (m.live + 1 <= m.opts.maxScenarios) {
    m.live += 1;
    return undefined;
  }
  m.diagnose(
    m.origin(node),
    `more than ${m.opts.maxScenarios} combinations of unknown conditions: the branches of \`${text.slice(0, 80)}\` are joined, and settings that differ between them are unknown`,
  );
  return `when ${text} (more than ${m.opts.maxScenarios} combinations of unknown conditions)`;
}

/** Room for one more outcome at module level (an import or include that splits the world), counted if so. */
export function mayFork(m: Machine, node: Node): boolean {
  if (m.callStack.length > 0) return false;
  if (m.live + 1 <= m.opts.maxScenarios) {
    m.live += 1;
    return true;
  }
  m.diagnose(
    m.origin(node),
    `more than ${m.opts.maxScenarios} combinations of unknown conditions: \`${oneLine(node.text).slice(0, 80)}\` is not split`,
  );
  return false;
}

export function fork(sc: Scenario, condition: string): Scenario {
  const conditions = condition ? [...sc.conditions, condition] : [...sc.conditions];
  // The module namespace forks lazily (namespace.ts) at module level, and inside a function or class body when
  // its locals, and the locals of the functions that called it (`outer`), hold nothing a fork copies: then nothing
  // they hold can alias a module value, and copying the module namespace later, on its own, keeps every alias. A
  // caller's `opts = DATABASES["default"]["OPTIONS"]` would otherwise point into the frozen snapshot, and its later
  // write never reach DATABASES.
  if (!sc.globals && sc.ns instanceof Namespace) return { ns: sc.ns.forkLazily(), conditions };
  if (sc.globals instanceof Namespace && !holdsCopiedValue(sc.ns) && !sc.outer?.some(holdsCopiedValue)) {
    const ns = new Map(sc.ns);
    const forked: Scenario = { ns, conditions, globals: sc.globals.forkLazily() };
    if (sc.globalNames) forked.globalNames = sc.globalNames;
    if (sc.outer) forked.outer = sc.outer;
    rebindFunctions(ns, [sc.ns]);
    return forked;
  }
  const seen = new Map<PyValue, PyValue>();
  const ns = new Map<string, PyValue>();
  for (const [k, v] of sc.ns) ns.set(k, cloneValue(v, seen));
  const forked: Scenario = { ns, conditions };
  // Inside a function the module namespace is part of the state: a branch's writes must not leak into another.
  if (sc.globals) {
    // A Namespace, owned (no snapshot): it holds what a Map would, and the forks made from it inside this call
    // can then be lazy (above). A plain Map here made every fork under it eager, and every join of those a Map:
    // paperless-ngx's settings helpers forked 10,656 times that way, copying each time.
    const globals = new Namespace();
    for (const [k, v] of sc.globals) globals.set(k, cloneValue(v, seen));
    forked.globals = globals;
  }
  if (sc.globalNames) forked.globalNames = sc.globalNames;
  if (sc.outer) forked.outer = sc.outer;
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

/** Whether a namespace holds a value a fork copies (a dict, list, tuple or class), which may alias another. */
function holdsCopiedValue(ns: ReadonlyMap<string, PyValue>): boolean {
  for (const v of ns.values()) if (copied(v)) return true;
  return false;
}

function execTry(m: Machine, node: Node, sc: Scenario): Outcome[] {
  const body = node.childForFieldName("body");
  const handlers = node.namedChildren.filter((c): c is Node => c?.type === "except_clause");
  const elseClause = node.namedChildren.find((c) => c?.type === "else_clause");
  const finallyClause = node.namedChildren.find((c) => c?.type === "finally_clause");
  const outcomes = execBlock(m, body?.namedChildren ?? [], [{ scenario: sc }]);
  const result: Outcome[] = [];
  for (const o of outcomes) {
    if (o.returned || o.loop) {
      result.push(o);
      continue;
    }
    if (!o.raised) {
      const elseBody = elseClause?.namedChildren.find((c) => c?.type === "block");
      result.push(...(elseBody ? execBlock(m, elseBody.namedChildren, [o]) : [o]));
      continue;
    }
    const handler = handlers.find((h) => handlerCatches(h, o.raised as string));
    if (!handler) {
      result.push(o);
      continue;
    }
    const block = handler.namedChildren.find((c) => c?.type === "block");
    result.push(...execBlock(m, block?.namedChildren ?? [], [{ scenario: o.scenario }]));
  }
  const finallyBody = finallyClause?.namedChildren.find((c) => c?.type === "block");
  if (!finallyBody) return mergeEqual(m, result, node);
  const finished = result.flatMap((o) =>
    execBlock(m, finallyBody.namedChildren, [{ scenario: o.scenario }]).map((f) => {
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
  return mergeEqual(m, finished, node);
}

function execFor(m: Machine, node: Node, sc: Scenario): Outcome[] {
  const left = node.childForFieldName("left") as Node;
  const iterable = m.evaluate(node.childForFieldName("right") as Node, sc);
  const body = node.childForFieldName("body");
  // A copy: the body may change what it loops over (Python would raise for a dict; a list grows).
  const items = iterationItems(iterable)?.slice();
  if (!items || items.length > 200) {
    const over = items ? `${items.length} items` : reasonOf(iterable);
    noteUnfollowed(m, node, sc, `a for loop over ${over} is not followed`);
    forgetWrites(m, node, body, sc, "the for loop", ` over ${over}`);
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
      assign(m, left, item, o.scenario);
      m.loopDepth += 1;
      let ran: Outcome[];
      try {
        ran = execBlock(m, body?.namedChildren ?? [], [{ scenario: o.scenario }]);
      } finally {
        m.loopDepth -= 1;
      }
      for (const r of ran) {
        if (r.loop === "break") exited.push({ scenario: r.scenario });
        else if (r.loop === "continue") next.push({ scenario: r.scenario });
        else next.push(r);
      }
    }
    outcomes = joinedInFunction(m, next, sc);
    if (outcomes.length === 0) break;
  }
  const elseBody = node.childForFieldName("alternative")?.childForFieldName("body");
  const finished = elseBody ? execBlock(m, elseBody.namedChildren, outcomes) : outcomes;
  return [...finished, ...exited];
}

/**
 * Inside a function the call yields one value, and the branches of an `if` there are joined where they meet
 * (joinWhy): so are the ways one iteration of a loop there ended (`continue` or not), with the reason the call's
 * own join gives. Kept apart, they doubled with every iteration that may `continue` (paperless-ngx: 8 scheduled
 * tasks, 256 ways through, each a copy of the function's state), to be joined only when the call returned.
 */
function joinedInFunction(m: Machine, outcomes: Outcome[], sc: Scenario): Outcome[] {
  const frame = m.callStack.at(-1);
  if (!frame || frame.name.startsWith("class ")) return outcomes;
  return joinOutcomes(
    m,
    outcomes,
    sc,
    `between branches inside ${frame.name}() defined in the project`,
    frame.def,
  );
}

/**
 * A loop (or match) the evaluator does not run must not leave what it would change looking known: upper-case names it
 * assigns become unknown, and when it writes into dicts, the DATABASES keys it names (OPTIONS, sslmode, HOST…).
 */
function forgetWrites(
  m: Machine,
  node: Node,
  body: Node | null,
  sc: Scenario,
  what: string,
  detail = "",
): void {
  if (!body) return;
  const origin = m.origin(node);
  const reason = `may be changed by ${what} at line ${origin.line}${detail}, which is not followed`;
  const writes = loopWrites(body);
  for (const name of writes.names)
    if (/^[A-Z][A-Z0-9_]*$/.test(name)) bind(name, unknown(reason, { origin }), sc);
  // `globals()[name] = …` with names only the loop knows: any setting of this module may be set.
  if (/\b(globals|locals)\(\)\s*\[/.test(body.text))
    m.markUnseenNames({ ...sc, ns: moduleNs(sc) }, reason, origin);
  // `setattr(target, name, …)`: the module `target` is (`sys.modules[module_name]`, also the caller's from
  // inside a helper), or this one when it cannot be told, may get any setting.
  for (const t of writes.setattrTargets) {
    const target = m.evaluate(t, sc);
    if (target.kind === "object" && target.ref.startsWith("module:") && target.attrs)
      m.markUnseenNames({ ...sc, ns: target.attrs }, reason, origin);
    else if (target.kind === "unknown") m.markUnseenNames({ ...sc, ns: moduleNs(sc) }, reason, origin);
  }
  if (!writes.mutates) return;
  const databases = m.lookup("DATABASES", sc, origin);
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

/**
 * `with open(p) as f:` binds `f` to what the context manager yields; for an open file that is the file itself,
 * so `exec(f.read())` in the body runs that file. Other context managers yield unknown values.
 */
function bindWithTargets(m: Machine, node: Node, sc: Scenario): void {
  const clause = node.namedChildren.find((c) => c?.type === "with_clause");
  for (const item of clause?.namedChildren ?? []) {
    const value = item?.type === "with_item" ? item.childForFieldName("value") : null;
    if (value?.type !== "as_pattern") continue;
    const target = value.childForFieldName("alias")?.namedChildren[0] ?? null;
    const managerNode = value.namedChildren[0];
    if (!target || !managerNode) continue;
    const manager = m.evaluate(managerNode, sc);
    const yielded =
      manager.kind === "object" && manager.ref === "obj:file"
        ? manager
        : unknown(`what ${oneLine(managerNode.text).slice(0, 60)} yields is not modelled`, {
            origin: m.origin(value),
          });
    assign(m, target, yielded, sc);
  }
}

/** Binds a name where Python would: the local scope, or the module for names declared `global`. */
function bind(name: string, value: PyValue, sc: Scenario): void {
  if (sc.globals && sc.globalNames?.has(name)) sc.globals.set(name, value);
  else sc.ns.set(name, value);
}

/**
 * Functions defined in a namespace that was copied (a fork) or joined read their module's names from the new one:
 * an imported function must see what its module ended with, not what it held when the `if` forked.
 */
function rebindFunctions(ns: Map<string, PyValue>, old: readonly Map<string, PyValue>[]): void {
  // A pending namespace rebinds what it hands out (namespace.ts): reading it all here would copy it all.
  if (ns instanceof Namespace && ns.pending) return;
  for (const [k, v] of ns) {
    const meta = functionMeta(v);
    if (!meta || !old.includes(meta.globals)) continue;
    ns.set(k, { ...v, meta: { ...v.meta, function: functionHandle({ ...meta, globals: ns }) } } as PyValue);
  }
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
