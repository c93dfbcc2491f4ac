import type { Tree as WasmTree } from "web-tree-sitter";
import { lineAt, lineStarts } from "../core/line-starts.js";

export interface Point {
  row: number;
  column: number;
}

/**
 * One node of a parsed module, as plain JavaScript. web-tree-sitter answers every property of its nodes with a call
 * into WebAssembly and a new wrapper object (`type`, `namedChildren`, `childForFieldName`…), and the evaluator asks
 * the same nodes again each time a loop runs or a project function is called: on real settings modules that was
 * a third of the scan. So a tree is copied once, with one cursor walk, and the WebAssembly tree freed at once.
 * The API is the subset of web-tree-sitter's `Node` the code uses, with the same meanings.
 */
export class SyntaxNode {
  readonly children: SyntaxNode[] = [];
  /** The field this node fills in its parent (`left`, `body`…), or null. */
  field: string | null = null;
  hasError = false;
  private named: SyntaxNode[] | undefined;
  private indexInParent = 0;

  constructor(
    private readonly source: SyntaxTree,
    readonly id: number,
    readonly type: string,
    readonly isNamed: boolean,
    readonly isMissing: boolean,
    readonly startIndex: number,
    readonly endIndex: number,
    readonly startPosition: Point,
    readonly endPosition: Point,
    readonly parent: SyntaxNode | null,
  ) {}

  get isError(): boolean {
    return this.type === "ERROR";
  }

  /** The text the parser read for this node (comment-only lines blanked, see `blankCommentLines`). */
  get text(): string {
    return this.source.text.slice(this.startIndex, this.endIndex);
  }

  get namedChildren(): SyntaxNode[] {
    this.named ??= this.children.filter((c) => c.isNamed);
    return this.named;
  }

  get childCount(): number {
    return this.children.length;
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  child(i: number): SyntaxNode | null {
    return this.children[i] ?? null;
  }

  namedChild(i: number): SyntaxNode | null {
    return this.namedChildren[i] ?? null;
  }

  get firstNamedChild(): SyntaxNode | null {
    return this.namedChildren[0] ?? null;
  }

  get lastChild(): SyntaxNode | null {
    return this.children.at(-1) ?? null;
  }

  get nextSibling(): SyntaxNode | null {
    return this.parent?.children[this.indexInParent + 1] ?? null;
  }

  childForFieldName(name: string): SyntaxNode | null {
    for (const c of this.children) if (c.field === name) return c;
    return null;
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    return this.children.filter((c) => c.field === name);
  }

  /**
   * The smallest node, named or not, that holds `at`: tree-sitter's rule, a child holds a point when it starts at
   * or before it and ends after it.
   */
  descendantForPosition(at: Point): SyntaxNode {
    let node: SyntaxNode = this;
    for (;;) {
      const next = node.children.find((c) => before(at, c.endPosition) && !before(at, c.startPosition));
      if (!next) return node;
      node = next;
    }
  }

  /** @internal the copy sets it once, when the node joins its parent. */
  adopt(child: SyntaxNode, field: string | null): void {
    child.indexInParent = this.children.length;
    child.field = field;
    this.children.push(child);
  }
}

function before(a: Point, b: Point): boolean {
  return a.row < b.row || (a.row === b.row && a.column < b.column);
}

export class SyntaxTree {
  readonly rootNode: SyntaxNode;

  /** `text`: the very string the parser read, which node offsets index. */
  constructor(
    readonly text: string,
    wasm: WasmTree,
  ) {
    this.rootNode = copyTree(this, wasm);
  }
}

/**
 * Walks the WebAssembly tree once with a cursor (no node objects on that side) and builds the plain copy. Iterative:
 * nesting depth is the file's to choose. `hasError` is computed as tree-sitter does: an ERROR or MISSING node, or
 * any descendant that is one.
 */
function copyTree(owner: SyntaxTree, wasm: WasmTree): SyntaxNode {
  const language = wasm.language;
  const types = language.types;
  const cursor = wasm.walk();
  // Each cursor property is a call into WebAssembly that first copies the cursor into its memory. What follows from
  // what was already asked is not asked: whether a node is named follows from its type (the alias, when aliased),
  // a MISSING node is empty, and a position follows from the offset in the text the parser read (rows end at `\n`
  // only, columns count UTF-16 units, as web-tree-sitter gives them).
  const named = new Map<number, boolean>();
  const isNamed = (typeId: number) => {
    let known = named.get(typeId);
    if (known === undefined) {
      known = language.nodeTypeIsNamed(typeId);
      named.set(typeId, known);
    }
    return known;
  };
  const lines = lineStarts(owner.text);
  let nextId = 1;
  const make = (parent: SyntaxNode | null): SyntaxNode => {
    const typeId = cursor.nodeTypeId;
    const type = types[typeId] ?? "ERROR";
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    const node = new SyntaxNode(
      owner,
      nextId++,
      type,
      isNamed(typeId),
      start === end && cursor.nodeIsMissing,
      start,
      end,
      lineAt(lines, start),
      lineAt(lines, end),
      parent,
    );
    node.hasError = type === "ERROR" || node.isMissing;
    return node;
  };
  try {
    const root = make(null);
    let current = root;
    for (;;) {
      if (cursor.gotoFirstChild()) {
        const child = make(current);
        current.adopt(child, cursor.currentFieldName);
        current = child;
        continue;
      }
      for (;;) {
        const parent = current.parent;
        if (parent === null) return root;
        if (current.hasError) parent.hasError = true;
        if (cursor.gotoNextSibling()) {
          const sibling = make(parent);
          parent.adopt(sibling, cursor.currentFieldName);
          current = sibling;
          break;
        }
        cursor.gotoParent();
        current = parent;
      }
    }
  } finally {
    cursor.delete();
  }
}
