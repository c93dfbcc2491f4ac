/** Where an offset of a deployment file is, for findings: shared by every reader of deploy/. */
import { lineAt, lineStarts } from "../core/line-starts.js";
/** Offsets to 1-based line and column; the line starts are found on the first call (most files never ask). */
export function locator(text) {
    let starts;
    return (offset) => {
        starts ??= lineStarts(text);
        const at = lineAt(starts, offset);
        return { line: at.row + 1, column: at.column + 1 };
    };
}
//# sourceMappingURL=locate.js.map