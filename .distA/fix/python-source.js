export function describeSource(path, text, tree) {
    let single = 0;
    let double = 0;
    const indents = [];
    const walk = (n, depth) => {
        if (depth > 200)
            return;
        if (n.type === "string") {
            if (n.text.replace(/^[rRbBuUfF]+/, "").startsWith("'"))
                single++;
            else
                double++;
            return;
        }
        for (const c of n.namedChildren)
            if (c)
                walk(c, depth + 1);
    };
    walk(tree.rootNode, 0);
    for (const line of text.split("\n")) {
        const m = /^( +)\S/.exec(line);
        if (m)
            indents.push(m[1].length);
    }
    const smallest = indents.length > 0 ? Math.min(...indents) : 4;
    return { path, text, tree, quote: single > double ? "'" : '"', indentUnit: " ".repeat(smallest || 4) };
}
/** The innermost node of `type` that starts exactly at a 1-based line/column (where the evaluator's origin points). */
export function nodeAt(src, line, column, types) {
    const pos = { row: line - 1, column: column - 1 };
    let n = src.tree.rootNode.descendantForPosition(pos);
    let found;
    while (n) {
        if (n.startPosition.row !== pos.row || n.startPosition.column !== pos.column)
            break;
        if (types.includes(n.type))
            found = n;
        n = n.parent;
    }
    return found;
}
/** The text of a plain string literal (no f-string, no implicit concatenation), or undefined. */
export function stringValue(n) {
    if (n?.type !== "string")
        return undefined;
    if (n.namedChildren.some((c) => c?.type === "interpolation"))
        return undefined;
    const m = /^([rRuU]?)('''|"""|'|")([\s\S]*)\2$/.exec(n.text);
    if (!m)
        return undefined;
    const body = m[3];
    return m[1] ? body : body.replace(/\\(['"\\])/g, "$1");
}
/** `value` as a Python string literal in the file's quote style. */
export function pyString(src, value) {
    const q = src.quote;
    return `${q}${value.replace(/\\/g, "\\\\").replace(new RegExp(q, "g"), `\\${q}`)}${q}`;
}
/** The leading whitespace of the line a node starts on. */
export function lineIndent(src, n) {
    const start = src.text.lastIndexOf("\n", n.startIndex - 1) + 1;
    return /^[ \t]*/.exec(src.text.slice(start))?.[0] ?? "";
}
/** The index just past the end of the line `index` is on (before its newline). */
export function endOfLine(text, index) {
    const nl = text.indexOf("\n", index);
    return nl < 0 ? text.length : nl;
}
/** True when the module binds the name `os` at top level (`import os`, `import os.path`). */
export function importsOs(src) {
    return src.tree.rootNode.namedChildren.some((c) => c?.type === "import_statement" &&
        c.namedChildren.some((d) => d?.type === "dotted_name" && /^os(\.|$)/.test(d.text)));
}
/** Where `import os` goes: before the first top-level import, else after the docstring, else at the top. */
export function importInsertionPoint(src) {
    const top = src.tree.rootNode.namedChildren.filter((c) => c !== null);
    const firstImport = top.find((c) => (c.type === "import_statement" || c.type === "import_from_statement") &&
        !/^from\s+__future__/.test(c.text));
    if (firstImport)
        return src.text.lastIndexOf("\n", firstImport.startIndex - 1) + 1;
    const lastFuture = [...top].reverse().find((c) => /^from\s+__future__/.test(c.text));
    const doc = top[0]?.type === "expression_statement" && top[0].firstNamedChild?.type === "string" ? top[0] : undefined;
    const after = lastFuture ?? doc;
    if (after)
        return Math.min(src.text.length, endOfLine(src.text, after.endIndex) + 1);
    return 0;
}
//# sourceMappingURL=python-source.js.map