/**
 * Applies edits to a text. Edits must not overlap; insertions at the same point keep the order they were given in
 * (two override lines after one statement come out in alias order).
 */
export function applyEdits(text, edits) {
    const sorted = edits
        .map((e, i) => ({ ...e, i }))
        .sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
    for (let k = 1; k < sorted.length; k++) {
        const prev = sorted[k - 1];
        const cur = sorted[k];
        if (cur.start < prev.end)
            throw new Error(`overlapping edits at ${cur.start}`);
    }
    let out = "";
    let at = 0;
    for (const e of sorted) {
        out += text.slice(at, e.start) + e.text;
        at = e.end;
    }
    return out + text.slice(at);
}
//# sourceMappingURL=text-edit.js.map