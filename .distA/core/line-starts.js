/** Where each line of `text` starts: a line ends at `\n` (as tree-sitter counts rows, and as findings count lines). */
export function lineStarts(text) {
    const starts = [0];
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1))
        starts.push(i + 1);
    return starts;
}
/** The 0-based line of `offset` and its 0-based column, by binary search of the line starts. */
export function lineAt(starts, offset) {
    const row = lastAtMost(starts, offset);
    return { row, column: offset - starts[row] };
}
/** The last index of ascending `sorted` whose value is at most `value` (0 when none is): a binary search. */
export function lastAtMost(sorted, value) {
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (sorted[mid] <= value)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}
//# sourceMappingURL=line-starts.js.map