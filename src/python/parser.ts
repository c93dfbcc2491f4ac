import { createRequire } from "node:module";
import {
  Language,
  type Node,
  type ParseCallback,
  type ParseOptions,
  Parser,
  type Tree,
} from "web-tree-sitter";

export type { Node, Tree };

/** CPython refuses deeper indentation ("too many levels of indentation"), so no importable module has more. */
export const MAX_INDENT_LEVELS = 100;

/**
 * Levels of indentation in `text`, counted like Python's tokenizer (a stack of widths; blank and comment lines
 * do not count). Lines inside brackets and strings count too, which can only over-count. Stops past `limit`.
 */
export function indentationDepth(text: string, limit = MAX_INDENT_LEVELS): number {
  const widths = [0];
  let deepest = 0;
  for (const line of text.split("\n")) {
    let width = 0;
    let i = 0;
    for (; i < line.length; i++) {
      const c = line[i];
      if (c === " ") width += 1;
      else if (c === "\t") width = width - (width % 8) + 8;
      else if (c !== "\f") break;
    }
    if (i === line.length || line[i] === "#" || line[i] === "\r") continue;
    while (width < (widths.at(-1) as number)) widths.pop();
    if (width > (widths.at(-1) as number)) widths.push(width);
    deepest = Math.max(deepest, widths.length - 1);
    if (deepest > limit) break;
  }
  return deepest;
}

/**
 * tree-sitter-python's scanner writes one byte past its state buffer when more than ~510 indentation levels are
 * open, which corrupts the WebAssembly heap: that parse comes back empty, later parses of other files fail, and
 * eventually `memory access out of bounds` is thrown. Text deeper than Python allows is therefore never parsed.
 */
class BoundedParser extends Parser {
  override parse(input: string | ParseCallback, oldTree?: Tree | null, options?: ParseOptions): Tree | null {
    if (typeof input === "string" && indentationDepth(input) > MAX_INDENT_LEVELS) return null;
    return super.parse(input, oldTree, options);
  }
}

let ready: Promise<Parser> | undefined;

/** Loads tree-sitter and the Python grammar once; both ship as .wasm inside their npm packages. */
export function pythonParser(): Promise<Parser> {
  ready ??= (async () => {
    await Parser.init();
    const require = createRequire(import.meta.url);
    const language = await Language.load(require.resolve("tree-sitter-python/tree-sitter-python.wasm"));
    const parser = new BoundedParser();
    parser.setLanguage(language);
    return parser;
  })();
  return ready;
}

/** The first syntax error in a tree, as a 1-based position, or undefined when the tree is clean. */
export function firstSyntaxError(tree: Tree): { line: number; column: number } | undefined {
  if (!tree.rootNode.hasError) return undefined;
  const stack: Node[] = [tree.rootNode];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (node.isError || node.isMissing) {
      return { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
    }
    if (node.hasError) {
      for (let i = node.childCount - 1; i >= 0; i--) {
        const child = node.child(i);
        if (child) stack.push(child);
      }
    }
  }
  return { line: 1, column: 1 };
}
