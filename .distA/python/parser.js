import { createRequire } from "node:module";
import { Language, Parser } from "web-tree-sitter";
import { SyntaxTree } from "./syntax-tree.js";
import { baselineWasmOnly } from "./wasm-tiering.js";
/** CPython refuses deeper indentation ("too many levels of indentation"), so no importable module has more. */
export const MAX_INDENT_LEVELS = 100;
/**
 * Levels of indentation in `text`, counted like Python's tokenizer (a stack of widths; blank and comment lines
 * do not count). Lines inside brackets and strings count too, which can only over-count. Stops past `limit`.
 */
export function indentationDepth(text, limit = MAX_INDENT_LEVELS) {
    const widths = [0];
    let deepest = 0;
    for (const line of text.split("\n")) {
        let width = 0;
        let i = 0;
        for (; i < line.length; i++) {
            const c = line[i];
            if (c === " ")
                width += 1;
            else if (c === "\t")
                width = width - (width % 8) + 8;
            else if (c !== "\f")
                break;
        }
        if (i === line.length || line[i] === "#" || line[i] === "\r")
            continue;
        while (width < widths.at(-1))
            widths.pop();
        if (width > widths.at(-1))
            widths.push(width);
        deepest = Math.max(deepest, widths.length - 1);
        if (deepest > limit)
            break;
    }
    return deepest;
}
/**
 * tree-sitter-python's scanner writes one byte past its state buffer when more than ~510 indentation levels are
 * open, which corrupts the WebAssembly heap: that parse comes back empty, later parses of other files fail, and
 * eventually `memory access out of bounds` is thrown. Text deeper than Python allows is therefore never parsed.
 * The WebAssembly tree is copied to plain JavaScript and freed before `parse` returns (see syntax-tree.ts).
 */
class BoundedParser {
    wasm;
    constructor(wasm) {
        this.wasm = wasm;
    }
    parse(input) {
        if (indentationDepth(input) > MAX_INDENT_LEVELS)
            return null;
        const text = blankCommentLines(input);
        const tree = this.wasm.parse(text);
        if (!tree)
            return null;
        try {
            return new SyntaxTree(text, tree);
        }
        finally {
            tree.delete();
        }
    }
}
/**
 * `text` with every line that holds only a comment turned into spaces of the same length. tree-sitter-python's
 * scanner, at each newline, looks ahead over the comment lines that follow to the next line of code (to decide on
 * INDENT/DEDENT), so a run of n comment lines costs O(n²): 10,000 at the end of a module took 11 s, and a 1 MiB
 * file of them, within the size limit, hours. Blank lines cost nothing. Offsets, rows and columns stay those of
 * the file, no code changes (the evaluator skips comments), and a `#` line inside a triple-quoted string is text,
 * not a comment: it stays.
 */
export function blankCommentLines(text) {
    const blanks = [];
    const n = text.length;
    let i = 0;
    let lineStart = true;
    const endOfLine = (from) => {
        let j = from;
        while (j < n && text[j] !== "\n" && text[j] !== "\r")
            j++;
        return j;
    };
    while (i < n) {
        const c = text[i];
        if (lineStart) {
            if (c === " " || c === "\t" || c === "\f") {
                i++;
                continue;
            }
            lineStart = false;
            if (c === "#") {
                const end = endOfLine(i);
                blanks.push([i, end]);
                i = end;
                continue;
            }
        }
        if (c === "\n") {
            lineStart = true;
            i++;
        }
        else if (c === "#") {
            i = endOfLine(i); // a comment after code: left as it is
        }
        else if (c === "'" || c === '"') {
            const triple = text.startsWith(c.repeat(3), i);
            const close = triple ? c.repeat(3) : c;
            i += close.length;
            while (i < n && !text.startsWith(close, i)) {
                if (text[i] === "\\")
                    i++;
                else if (!triple && text[i] === "\n")
                    break; // an unterminated one-line string ends with its line
                i++;
            }
            if (i < n && text[i] !== "\n")
                i += close.length;
        }
        else
            i++;
    }
    if (blanks.length === 0)
        return text;
    let out = "";
    let at = 0;
    for (const [start, end] of blanks) {
        out += text.slice(at, start) + " ".repeat(end - start);
        at = end;
    }
    return out + text.slice(at);
}
let ready;
/** Loads tree-sitter and the Python grammar once; both ship as .wasm inside their npm packages. */
export function pythonParser() {
    ready ??= (async () => {
        baselineWasmOnly();
        await Parser.init();
        const require = createRequire(import.meta.url);
        const language = await Language.load(require.resolve("tree-sitter-python/tree-sitter-python.wasm"));
        const parser = new Parser();
        parser.setLanguage(language);
        return new BoundedParser(parser);
    })();
    return ready;
}
/** The first syntax error in a tree, as a 1-based position, or undefined when the tree is clean. */
export function firstSyntaxError(tree) {
    if (!tree.rootNode.hasError)
        return undefined;
    const stack = [tree.rootNode];
    while (stack.length > 0) {
        const node = stack.pop();
        if (node.isError || node.isMissing) {
            return { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
        }
        if (node.hasError) {
            for (let i = node.childCount - 1; i >= 0; i--) {
                const child = node.child(i);
                if (child)
                    stack.push(child);
            }
        }
    }
    return { line: 1, column: 1 };
}
/** Nodes that hold statements: the only places a Python 2 statement can stand. */
const STATEMENT_HOLDERS = new Set([
    "module",
    "block",
    "if_statement",
    "elif_clause",
    "else_clause",
    "for_statement",
    "while_statement",
    "try_statement",
    "except_clause",
    "finally_clause",
    "with_statement",
    "function_definition",
    "class_definition",
    "decorated_definition",
]);
/**
 * Where a Python 2 statement (`print "x"`, `exec "code"`) stands: tree-sitter parses them, Python 3 refuses the
 * module with a SyntaxError, so nothing in it can be judged as what Django imports.
 */
export function firstPython2Statement(tree) {
    const stack = [tree.rootNode];
    let visited = 0;
    while (stack.length > 0 && visited < 1_000_000) {
        const node = stack.pop();
        visited += 1;
        if (node.type === "print_statement" || node.type === "exec_statement")
            return { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
        if (!STATEMENT_HOLDERS.has(node.type))
            continue;
        for (let i = node.namedChildCount - 1; i >= 0; i--) {
            const child = node.namedChild(i);
            if (child)
                stack.push(child);
        }
    }
    return undefined;
}
const CLAUSES = new Set([
    "elif_clause",
    "else_clause",
    "except_clause",
    "except_group_clause",
    "finally_clause",
    "case_clause",
]);
/**
 * Where Python 3's tokenizer would raise TabError: at each line a statement (or clause) starts, its indentation
 * measured with tabs as 8 columns and as 1 must order the same way against the enclosing indentation. tree-sitter
 * reads such a file happily; Python refuses to import it.
 */
export function firstTabError(tree, text) {
    const rows = new Set();
    const stack = [tree.rootNode];
    let visited = 0;
    while (stack.length > 0 && visited < 1_000_000) {
        const node = stack.pop();
        visited += 1;
        if (node.type !== "module" && node.type !== "comment")
            rows.add(node.startPosition.row);
        if (!STATEMENT_HOLDERS.has(node.type) && !CLAUSES.has(node.type))
            continue;
        for (let i = node.namedChildCount - 1; i >= 0; i--) {
            const child = node.namedChild(i);
            if (!child)
                continue;
            // Statements and clauses start logical lines; expressions and headers inside them do not.
            if (child.type === "block" ||
                CLAUSES.has(child.type) ||
                /statement|definition|comment/.test(child.type))
                stack.push(child);
            else if (node.type === "module" || node.type === "block")
                stack.push(child);
        }
    }
    const lines = text.split(/\r\n|\r|\n/);
    const indents = [{ col: 0, alt: 0 }];
    for (const row of [...rows].sort((a, b) => a - b)) {
        const line = lines[row] ?? "";
        const lead = /^[ \t\f]*/.exec(line)?.[0] ?? "";
        if (lead.length === line.length)
            continue;
        let col = 0;
        let alt = 0;
        for (const ch of lead) {
            if (ch === "\t") {
                col = (Math.floor(col / 8) + 1) * 8;
                alt += 1;
            }
            else if (ch === " ") {
                col += 1;
                alt += 1;
            }
            else
                col = alt = 0; // a form feed resets the count, as Python's tokenizer does
        }
        const top = indents[indents.length - 1];
        const at = { line: row + 1, column: 1 };
        if (col === top.col) {
            if (alt !== top.alt)
                return at;
        }
        else if (col > top.col) {
            if (alt <= top.alt)
                return at;
            indents.push({ col, alt });
        }
        else {
            while (indents.length > 1 && col < indents[indents.length - 1].col)
                indents.pop();
            const now = indents[indents.length - 1];
            if (col === now.col && alt !== now.alt)
                return at;
        }
    }
    return undefined;
}
/** The first reason Python 3 would not import this text: a syntax error, a TabError, or Python 2 syntax. */
export function importRefusal(tree, text) {
    const syntax = firstSyntaxError(tree);
    if (syntax)
        return { ...syntax, kind: "syntax", what: "syntax error" };
    const tab = firstTabError(tree, text);
    if (tab)
        return { ...tab, kind: "tab", what: "TabError: inconsistent use of tabs and spaces in indentation" };
    const py2 = firstPython2Statement(tree);
    if (py2)
        return { ...py2, kind: "python2", what: "Python 2 syntax (a print or exec statement)" };
    return undefined;
}
//# sourceMappingURL=parser.js.map