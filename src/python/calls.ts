/**
 * Functions and classes defined in the project (see interpreter.ts): their values, and calls inlined over the
 * arguments (bindArguments, callProject); class bodies run once in their own namespace.
 */
import { type JoinMemo, joinNamespaces, joinValues } from "./join.js";
import type { CallArgs, FunctionMeta, Machine, Outcome, Scenario } from "./machine.js";
import { functionHandle, functionMeta, moduleNs, oneLine, replaceContents } from "./machine-helpers.js";
import type { Node } from "./parser.js";
import { type PyValue, unknown, type ValueOf } from "./value.js";

/** Calls of project functions inside one another the evaluator follows. */
const MAX_CALL_DEPTH = 8;

/** The locals of the frames a call is made from (the caller's own and theirs), for the callee's scenario. */
function callers(sc: Scenario): { outer?: readonly Map<string, PyValue>[] } {
  const outer = [...(sc.outer ?? [])];
  const own: Map<string, PyValue>[] = [];
  // A comprehension's scope and the function scopes it is written in; the module namespace is no caller's locals.
  for (let s: Scenario | undefined = sc; s; s = s.enclosing) if (s.globals || s.enclosing) own.unshift(s.ns);
  outer.push(...own);
  return outer.length > 0 ? { outer } : {};
}

export function functionValue(
  m: Machine,
  node: Node,
  name: string,
  sc: Scenario,
  decorators: string[],
): PyValue {
  const defaults = new Map<string, PyValue>();
  for (const p of node.childForFieldName("parameters")?.namedChildren ?? []) {
    if (p?.type !== "default_parameter" && p?.type !== "typed_default_parameter") continue;
    const pname = p.childForFieldName("name")?.text;
    const value = p.childForFieldName("value");
    if (pname && value) defaults.set(pname, m.evaluate(value, sc));
  }
  const meta: FunctionMeta = { def: node, file: m.file, globals: moduleNs(sc), defaults, decorators };
  return {
    kind: "object",
    ref: `function:${name}`,
    origin: m.origin(node),
    meta: { function: functionHandle(meta) },
  };
}

/** Parameters bound to a call's arguments, or why they cannot be. */
function bindArguments(
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
export function callProject(m: Machine, fn: ValueOf<"object">, args: CallArgs, sc: Scenario): PyValue {
  const name = fn.ref.slice(9);
  const origin = args.origin;
  const meta = functionMeta(fn);
  const fail = (why: string, env?: PyValue["env"]) =>
    unknown(`value computed by ${name}() defined in the project: ${why}`, {
      origin,
      ...(env ? { env } : {}),
    });
  if (!meta) return fail("its definition is not known here");
  if (m.callStack.some((f) => f.def === meta.def)) return fail("it calls itself (recursion is not followed)");
  if (m.callStack.length >= MAX_CALL_DEPTH) return fail(`calls nest deeper than ${MAX_CALL_DEPTH} levels`);
  const def = meta.def;
  const locals = bindArguments(def.childForFieldName("parameters"), meta, args, fn.self);
  if (typeof locals === "string") return fail(locals);
  const globals = meta.file === m.opts.file ? moduleNs(sc) : meta.globals;
  const body = def.childForFieldName("body");
  if (!body) return fail("it has no body");
  // Calling these does not run the body: it makes a coroutine or a generator.
  if (def.type === "function_definition" && /^async\b/.test(def.text)) return fail("it is an async function");
  if (def.type === "function_definition" && yields(body)) return fail("it is a generator (it yields)");
  const scope: Scenario = { ns: locals, conditions: [], globals, ...callers(sc) };
  // The module being evaluated, as the outermost call saw it: `sys.modules[__name__]` passed into a helper of
  // another module still names this one.
  if (m.callStack.length === 0) m.callerNs = moduleNs(sc);
  const saved = m.file;
  const savedLoops = m.loopDepth;
  m.callStack.push({ name, def });
  m.file = meta.file;
  m.loopDepth = 0;
  let result: PyValue;
  try {
    if (def.type === "lambda") result = m.evaluate(body, scope);
    else {
      scope.globalNames = declaredGlobals(body);
      result = functionResult(m, m.execBlock(body.namedChildren, [{ scenario: scope }]), globals, name, def);
    }
  } finally {
    m.callStack.pop();
    m.file = saved;
    m.loopDepth = savedLoops;
  }
  if (result.kind === "unknown") return fail(result.reason, result.env);
  return result;
}

/** The value a call returns, over every way through the body; module state written back, joined. */
function functionResult(
  m: Machine,
  outcomes: Outcome[],
  globals: Map<string, PyValue>,
  name: string,
  def: Node,
): PyValue {
  const done = outcomes.filter((o) => !o.raised);
  if (done.length === 0) return unknown(`it raises ${outcomes[0]?.raised ?? "an exception"}`);
  const reason = {
    why: `between branches inside ${name}() defined in the project`,
    origin: m.origin(def),
  };
  const memo: JoinMemo = new Map();
  const states = done.map((o) => o.scenario.globals ?? globals);
  if (states.some((g) => g !== globals)) replaceContents(globals, joinNamespaces(states, reason, memo));
  const values = done.map((o) => o.returned ?? ({ kind: "none", origin: m.origin(def) } as PyValue));
  return joinValues(values, reason, memo) ?? unknown("it returns nothing the evaluator can follow");
}

/**
 * A class statement: its body runs once in its own namespace (layered over the module's), as Python does; the
 * class keeps that namespace and its bases, so attributes resolve through inheritance.
 */
export function classValue(m: Machine, node: Node, name: string, sc: Scenario): PyValue {
  const origin = m.origin(node);
  const bases: PyValue[] = [];
  for (const a of node.childForFieldName("superclasses")?.namedChildren ?? []) {
    if (!a || a.type === "comment") continue;
    if (a.type === "keyword_argument") {
      if (a.childForFieldName("name")?.text === "metaclass")
        m.noteUnfollowed(
          node,
          sc,
          `class ${name} has a metaclass (${oneLine(a.text)}); settings it may set are not followed`,
        );
      continue;
    }
    bases.push(m.evaluate(a, sc));
  }
  const globals = moduleNs(sc);
  const scope: Scenario = { ns: new Map(), conditions: [], globals, ...callers(sc) };
  const body = node.childForFieldName("body");
  m.callStack.push({ name: `class ${name}`, def: node });
  try {
    const outcomes = m.execBlock(body?.namedChildren ?? [], [{ scenario: scope }]);
    const done = outcomes.filter((o) => !o.raised);
    if (done.length === 0 && outcomes[0]?.raised)
      m.diagnose(origin, `the body of class ${name} raises ${outcomes[0].raised}`);
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
    m.callStack.pop();
  }
  return { kind: "object", ref: `class:${name}`, attrs: scope.ns, origin, meta: { class: { bases } } };
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
