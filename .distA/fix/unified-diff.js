/**
 * A unified diff (`diff -u` format, 3 lines of context) of two texts. Myers' O(ND) algorithm: a settings fix changes
 * a few lines of a file, so D is small whatever the file's size.
 */
export function unifiedDiff(path, before, after, context = 3) {
    if (before === after)
        return "";
    const a = splitLines(before);
    const b = splitLines(after);
    const ops = diffLines(a, b);
    const hunks = toHunks(ops, context);
    let out = `--- a/${path}\n+++ b/${path}\n`;
    for (const h of hunks) {
        out += `@@ -${range(h.aStart, h.aLen)} +${range(h.bStart, h.bLen)} @@\n`;
        for (const line of h.lines)
            out += line;
    }
    return out;
}
function splitLines(text) {
    const lines = text.split("\n").map((l, i, all) => (i < all.length - 1 ? `${l}\n` : l));
    if (lines[lines.length - 1] === "")
        lines.pop();
    return lines;
}
function range(start, len) {
    return len === 1 ? `${start}` : `${len === 0 ? start - 1 : start},${len}`;
}
function diffLines(a, b) {
    const n = a.length;
    const m = b.length;
    const max = n + m;
    const v = new Map([[1, 0]]);
    const trace = [];
    outer: for (let d = 0; d <= max; d++) {
        trace.push(new Map(v));
        for (let k = -d; k <= d; k += 2) {
            const down = k === -d || (k !== d && (v.get(k - 1) ?? -1) < (v.get(k + 1) ?? -1));
            let x = down ? (v.get(k + 1) ?? 0) : (v.get(k - 1) ?? 0) + 1;
            let y = x - k;
            while (x < n && y < m && a[x] === b[y]) {
                x++;
                y++;
            }
            v.set(k, x);
            if (x >= n && y >= m)
                break outer;
        }
    }
    // Walk the trace back from (n, m) to (0, 0).
    const ops = [];
    let x = n;
    let y = m;
    for (let d = trace.length - 1; d >= 0; d--) {
        const vd = trace[d];
        const k = x - y;
        const down = k === -d || (k !== d && (vd.get(k - 1) ?? -1) < (vd.get(k + 1) ?? -1));
        const prevK = down ? k + 1 : k - 1;
        const prevX = vd.get(prevK) ?? 0;
        const prevY = prevX - prevK;
        while (x > prevX && y > prevY) {
            x--;
            y--;
            ops.push({ kind: " ", line: a[x] });
        }
        if (d > 0) {
            if (down)
                ops.push({ kind: "+", line: b[--y] });
            else
                ops.push({ kind: "-", line: a[--x] });
        }
    }
    return ops.reverse();
}
function toHunks(ops, context) {
    const hunks = [];
    const changed = ops.map((o, i) => (o.kind === " " ? -1 : i)).filter((i) => i >= 0);
    let i = 0;
    while (i < changed.length) {
        let first = changed[i];
        let last = first;
        // Changes with at most 2 × context unchanged lines between them share a hunk, as `diff -u` does.
        while (i + 1 < changed.length && changed[i + 1] - last - 1 <= 2 * context)
            last = changed[++i];
        i++;
        first = Math.max(0, first - context);
        const end = Math.min(ops.length, last + context + 1);
        let aLine = 1;
        let bLine = 1;
        for (const o of ops.slice(0, first)) {
            if (o.kind !== "+")
                aLine++;
            if (o.kind !== "-")
                bLine++;
        }
        const slice = ops.slice(first, end);
        hunks.push({
            aStart: aLine,
            bStart: bLine,
            aLen: slice.filter((o) => o.kind !== "+").length,
            bLen: slice.filter((o) => o.kind !== "-").length,
            lines: slice.map((o) => `${o.kind}${o.line}${o.line.endsWith("\n") ? "" : "\n\\ No newline at end of file\n"}`),
        });
    }
    return hunks;
}
//# sourceMappingURL=unified-diff.js.map