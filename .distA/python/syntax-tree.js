import { lineAt, lineStarts } from "../core/line-starts.js";
/**
 * One node of a parsed module, as plain JavaScript. web-tree-sitter answers every property of its nodes with a call
 * into WebAssembly and a new wrapper object (`type`, `namedChildren`, `childForFieldName`…), and the evaluator asks
 * the same nodes again each time a loop runs or a project function is called: on real settings modules that was
 * a third of the scan. So a tree is copied once, with one cursor walk, and the WebAssembly tree freed at once.
 * The API is the subset of web-tree-sitter's `Node` the code uses, with the same meanings.
 */
export class SyntaxNode {
    source;
    id;
    type;
    isNamed;
    isMissing;
    startIndex;
    endIndex;
    startPosition;
    endPosition;
    parent;
    children = [];
    /** The field this node fills in its parent (`left`, `body`…), or null. */
    field = null;
    hasError = false;
    named;
    indexInParent = 0;
    constructor(source, id, type, isNamed, isMissing, startIndex, endIndex, startPosition, endPosition, parent) {
        this.source = source;
        this.id = id;
        this.type = type;
        this.isNamed = isNamed;
        this.isMissing = isMissing;
        this.startIndex = startIndex;
        this.endIndex = endIndex;
        this.startPosition = startPosition;
        this.endPosition = endPosition;
        this.parent = parent;
    }
    get isError() {
        return this.type === "ERROR";
    }
    /** The text the parser read for this node (comment-only lines blanked, see `blankCommentLines`). */
    get text() {
        return this.source.text.slice(this.startIndex, this.endIndex);
    }
    get namedChildren() {
        this.named ??= this.children.filter((c) => c.isNamed);
        return this.named;
    }
    get childCount() {
        return this.children.length;
    }
    get namedChildCount() {
        return this.namedChildren.length;
    }
    child(i) {
        return this.children[i] ?? null;
    }
    namedChild(i) {
        return this.namedChildren[i] ?? null;
    }
    get firstNamedChild() {
        return this.namedChildren[0] ?? null;
    }
    get lastChild() {
        return this.children.at(-1) ?? null;
    }
    get nextSibling() {
        return this.parent?.children[this.indexInParent + 1] ?? null;
    }
    childForFieldName(name) {
        for (const c of this.children)
            if (c.field === name)
                return c;
        return null;
    }
    childrenForFieldName(name) {
        return this.children.filter((c) => c.field === name);
    }
    /**
     * The smallest node, named or not, that holds `at`: tree-sitter's rule, a child holds a point when it starts at
     * or before it and ends after it.
     */
    descendantForPosition(at) {
        let node = this;
        for (;;) {
            const next = node.children.find((c) => before(at, c.endPosition) && !before(at, c.startPosition));
            if (!next)
                return node;
            node = next;
        }
    }
    /** @internal the copy sets it once, when the node joins its parent. */
    adopt(child, field) {
        child.indexInParent = this.children.length;
        child.field = field;
        this.children.push(child);
    }
}
function before(a, b) {
    return a.row < b.row || (a.row === b.row && a.column < b.column);
}
export class SyntaxTree {
    text;
    rootNode;
    /** `text`: the very string the parser read, which node offsets index. */
    constructor(text, wasm) {
        this.text = text;
        this.rootNode = copyTree(this, wasm);
    }
}
/**
 * Walks the WebAssembly tree once with a cursor (no node objects on that side) and builds the plain copy. Iterative:
 * nesting depth is the file's to choose. `hasError` is computed as tree-sitter does: an ERROR or MISSING node, or
 * any descendant that is one.
 */
function copyTree(owner, wasm) {
    const language = wasm.language;
    const types = language.types;
    const cursor = wasm.walk();
    // Each cursor property is a call into WebAssembly that first copies the cursor into its memory. What follows from
    // what was already asked is not asked: whether a node is named follows from its type (the alias, when aliased),
    // a MISSING node is empty, and a position follows from the offset in the text the parser read (rows end at `\n`
    // only, columns count UTF-16 units, as web-tree-sitter gives them).
    const named = new Map();
    const isNamed = (typeId) => {
        let known = named.get(typeId);
        if (known === undefined) {
            known = language.nodeTypeIsNamed(typeId);
            named.set(typeId, known);
        }
        return known;
    };
    const lines = lineStarts(owner.text);
    let nextId = 1;
    const make = (parent) => {
        const typeId = cursor.nodeTypeId;
        const type = types[typeId] ?? "ERROR";
        const start = cursor.startIndex;
        const end = cursor.endIndex;
        const node = new SyntaxNode(owner, nextId++, type, isNamed(typeId), start === end && cursor.nodeIsMissing, start, end, lineAt(lines, start), lineAt(lines, end), parent);
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
                if (parent === null)
                    return root;
                if (current.hasError)
                    parent.hasError = true;
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
    }
    finally {
        cursor.delete();
    }
}
//# sourceMappingURL=syntax-tree.js.map