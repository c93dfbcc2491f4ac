/**
 * The plain syntax tree (src/python/syntax-tree.ts) answers as web-tree-sitter's own nodes do: every Python file of
 * the fixtures and examples, plus damaged and hostile text, is parsed both ways and compared node by node.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Language, type Node, Parser } from "web-tree-sitter";
import { blankCommentLines, type PythonParser, pythonParser } from "../../src/python/parser.js";
import type { SyntaxNode } from "../../src/python/syntax-tree.js";
import { REPO } from "../helpers/cli.js";

let wasm: Parser;
let plain: PythonParser;

beforeAll(async () => {
  await Parser.init();
  const require = createRequire(import.meta.url);
  wasm = new Parser();
  wasm.setLanguage(await Language.load(require.resolve("tree-sitter-python/tree-sitter-python.wasm")));
  plain = await pythonParser();
});

function pythonFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) pythonFiles(p, out);
    else if (name.endsWith(".py")) out.push(p);
  }
  return out;
}

/** Compares two trees node by node; returns how many nodes were compared. */
function compare(ours: SyntaxNode, theirs: Node, where: string): number {
  let count = 0;
  const stack: [SyntaxNode, Node][] = [[ours, theirs]];
  while (stack.length > 0) {
    const [a, b] = stack.pop() as [SyntaxNode, Node];
    count++;
    const at = `${where} at ${b.startPosition.row + 1}:${b.startPosition.column + 1} (${b.type})`;
    expect(
      [a.type, a.isNamed, a.isMissing, a.isError, a.hasError, a.startIndex, a.endIndex, a.text],
      at,
    ).toEqual([b.type, b.isNamed, b.isMissing, b.isError, b.hasError, b.startIndex, b.endIndex, b.text]);
    expect([a.startPosition, a.endPosition], at).toEqual([b.startPosition, b.endPosition]);
    expect([a.childCount, a.namedChildCount], at).toEqual([b.childCount, b.namedChildCount]);
    for (let i = 0; i < b.childCount; i++) {
      const child = b.child(i) as Node;
      const field = b.fieldNameForChild(i);
      expect(a.children[i]?.field ?? null, `${at} child ${i}`).toBe(field);
      if (field) expect(a.childForFieldName(field)?.startIndex).toBe(b.childForFieldName(field)?.startIndex);
      expect(a.children[i]?.parent).toBe(a);
      // Inside a damaged node tree-sitter's nextSibling skips over ERROR and MISSING siblings; ours is the next
      // child. Only the fixer asks, on clean trees.
      if (!b.hasError) expect(a.children[i]?.nextSibling?.startIndex).toBe(child.nextSibling?.startIndex);
      stack.push([a.children[i] as SyntaxNode, child]);
    }
  }
  return count;
}

describe("the plain syntax tree", () => {
  it("matches web-tree-sitter's nodes on every Python file of the fixtures and examples", () => {
    const files = [...pythonFiles(join(REPO, "test", "fixtures")), ...pythonFiles(join(REPO, "examples"))];
    expect(files.length).toBeGreaterThan(100);
    let nodes = 0;
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      const ours = plain.parse(text);
      const theirs = wasm.parse(blankCommentLines(text));
      if (!ours || !theirs) throw new Error(`${f} did not parse`);
      try {
        nodes += compare(ours.rootNode, theirs.rootNode, f);
      } finally {
        theirs.delete();
      }
    }
    expect(nodes).toBeGreaterThan(15_000);
  });

  it("matches on damaged, non-ASCII and deeply nested text", () => {
    const cases = [
      'DATABASES = {"default": {"HOST": "h", "OPTIONS": {"sslmode": \n',
      "def f(:\n    return [1, 2\nx = )\n",
      'NAME = "bäckerei ☕ 数据库"\nHOST = f"{NAME}-db"  # commentaire: é\n',
      `x = ${"(".repeat(400)}1${")".repeat(400)}\n`,
      "if a:\n\tx = 1\n        y = 2\n",
      "\ufeffimport os\r\nX = os.environ['A']\r\n",
      "",
      "# only a comment\n# and another\n",
      // Positions are computed from offsets: characters outside the BMP (two UTF-16 units), lone CRs, a
      // MISSING node (the one kind of empty node asked whether it is missing).
      'EMOJI = "😀🐍"; HOST = "db"\nPORT = 5432  # 🚀\n',
      "a = 1\rb = 2\r\nc = 3\n",
      "print((1)\n",
      "x = [1, 2\n",
    ];
    let missing = 0;
    const countMissing = (n: SyntaxNode): void => {
      if (n.isMissing) missing++;
      for (const c of n.children) countMissing(c);
    };
    for (const text of cases) {
      const ours = plain.parse(text);
      if (ours) countMissing(ours.rootNode);
      const theirs = wasm.parse(blankCommentLines(text));
      if (!ours || !theirs) throw new Error(`did not parse: ${JSON.stringify(text.slice(0, 40))}`);
      try {
        compare(ours.rootNode, theirs.rootNode, JSON.stringify(text.slice(0, 40)));
      } finally {
        theirs.delete();
      }
    }
    expect(missing).toBeGreaterThan(0);
  });

  it("finds the smallest node at a position as tree-sitter does", () => {
    const text = 'DATABASES = {\n    "default": {"HOST": "db", "PORT": 5432},\n}\nX = [1, 2]\n';
    const ours = plain.parse(text);
    const theirs = wasm.parse(text);
    if (!ours || !theirs) throw new Error("did not parse");
    try {
      for (let row = 0; row < 5; row++)
        for (let column = 0; column < 45; column++) {
          const a = ours.rootNode.descendantForPosition({ row, column });
          const b = theirs.rootNode.descendantForPosition({ row, column }) as Node;
          expect([a.type, a.startIndex, a.endIndex], `${row}:${column}`).toEqual([
            b.type,
            b.startIndex,
            b.endIndex,
          ]);
        }
    } finally {
      theirs.delete();
    }
  });

  it("refuses text deeper than Python allows, without parsing it", () => {
    const deep = Array.from({ length: 120 }, (_, i) => `${" ".repeat(i)}if x:\n`).join("");
    expect(plain.parse(deep)).toBeNull();
  });
});
