/**
 * A stand-in for `helm template`, for the chart's tests only: no Helm is installable on this machine (not from npm,
 * not from Debian), so the chart's templates keep to a small subset of Go templates and Sprig, and this renders
 * exactly that subset — `{{ .Values.x }}`, `.Release.Name`, `.Chart.AppVersion`, `if`/`else`/`end`,
 * `range`/`end` (with `.` the item), pipelines through `quote`, `default`, `toYaml`, `indent`, `nindent`, and the
 * `{{-`/`-}}` whitespace trims. Anything else throws, so the chart cannot drift outside what is tested.
 */
import { stringify } from "yaml";

type Value = unknown;
interface Scope {
  root: { Values: Value; Release: { Name: string; Namespace: string }; Chart: Record<string, Value> };
  dot: Value;
}
type NodeT =
  | { kind: "text"; text: string }
  | { kind: "out"; expr: string }
  | { kind: "if"; expr: string; yes: NodeT[]; no: NodeT[] }
  | { kind: "range"; expr: string; body: NodeT[] };

export function renderTemplate(template: string, root: Scope["root"]): string {
  const tokens: ({ text: string } | { action: string })[] = [];
  let at = 0;
  const re = /\{\{(-?)\s*([\s\S]*?)\s*(-?)\}\}/g;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    let text = template.slice(at, m.index);
    if (m[1]) text = text.replace(/\s+$/, "");
    tokens.push({ text });
    tokens.push({ action: m[2] as string });
    at = m.index + m[0].length;
    if (m[3]) {
      const rest = /^\s*/.exec(template.slice(at));
      at += rest ? rest[0].length : 0;
    }
  }
  tokens.push({ text: template.slice(at) });
  let i = 0;
  const parse = (until: string[]): { nodes: NodeT[]; stop: string } => {
    const nodes: NodeT[] = [];
    while (i < tokens.length) {
      const t = tokens[i++] as { text: string } | { action: string };
      if ("text" in t) {
        if (t.text) nodes.push({ kind: "text", text: t.text });
        continue;
      }
      const a = t.action;
      if (until.includes(a)) return { nodes, stop: a };
      if (a.startsWith("if ")) {
        const yes = parse(["else", "end"]);
        const no = yes.stop === "else" ? parse(["end"]).nodes : [];
        nodes.push({ kind: "if", expr: a.slice(3), yes: yes.nodes, no });
      } else if (a.startsWith("range "))
        nodes.push({ kind: "range", expr: a.slice(6), body: parse(["end"]).nodes });
      else if (a.startsWith("/*")) continue;
      else nodes.push({ kind: "out", expr: a });
    }
    if (until.length > 0) throw new Error(`template: missing {{ ${until.join(" or ")} }}`);
    return { nodes, stop: "" };
  };
  const tree = parse([]).nodes;
  const run = (nodes: NodeT[], scope: Scope): string =>
    nodes
      .map((n) => {
        if (n.kind === "text") return n.text;
        if (n.kind === "out") return String(pipeline(n.expr, scope) ?? "");
        if (n.kind === "if") return run(truthy(pipeline(n.expr, scope)) ? n.yes : n.no, scope);
        const list = pipeline(n.expr, scope);
        if (list === undefined || list === null) return "";
        if (!Array.isArray(list)) throw new Error(`template: range over a non-list (${n.expr})`);
        return list.map((item) => run(n.body, { ...scope, dot: item })).join("");
      })
      .join("");
  return run(tree, { root, dot: root });
}

function truthy(v: Value): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (v && typeof v === "object") return Object.keys(v).length > 0;
  return Boolean(v);
}

function pipeline(expr: string, scope: Scope): Value {
  const stages = expr.split("|").map((s) => s.trim());
  let value: Value;
  for (const [n, stage] of stages.entries()) {
    const words = stage.match(/"[^"]*"|\S+/g) ?? [];
    const [head, ...args] = words;
    if (!head) throw new Error(`template: empty stage in ${expr}`);
    const piped = n > 0 ? [value] : [];
    if (FUNCTIONS[head]) value = FUNCTIONS[head]([...args.map((a) => operand(a, scope)), ...piped]);
    else if (args.length === 0 && n === 0) value = operand(head, scope);
    else throw new Error(`template: unsupported ${stage}`);
  }
  return value;
}

function operand(word: string, scope: Scope): Value {
  if (word.startsWith('"')) return word.slice(1, -1);
  if (/^-?\d+$/.test(word)) return Number(word);
  if (word === ".") return scope.dot;
  if (word.startsWith(".")) {
    let v: Value =
      scope.dot === scope.root || word.match(/^\.(Values|Release|Chart)\b/) ? scope.root : scope.dot;
    for (const part of word.slice(1).split("."))
      v = v && typeof v === "object" ? (v as Record<string, Value>)[part] : undefined;
    return v;
  }
  throw new Error(`template: unsupported operand ${word}`);
}

const FUNCTIONS: Record<string, (args: Value[]) => Value> = {
  quote: ([v]) => JSON.stringify(v === undefined || v === null ? "" : String(v)),
  default: ([fallback, v]) => (truthy(v) ? v : fallback),
  toYaml: ([v]) => stringify(v, { lineWidth: 0 }).trimEnd(),
  indent: ([n, v]) =>
    String(v)
      .split("\n")
      .map((l) => " ".repeat(Number(n)) + l)
      .join("\n"),
  nindent: ([n, v]) => `\n${FUNCTIONS.indent?.([n, v])}`,
};
