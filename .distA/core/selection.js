import { anyGlob } from "./glob.js";
import { SEVERITIES } from "./severity.js";
/** An id or prefix as the user wrote it: `ww1` is `WW1`; `ALL` selects every rule. */
export function normalizeRuleSelector(s) {
    return s.trim().toUpperCase();
}
/** Whether `id` survives select/ignore: the longest matching prefix of either list decides. */
export function ruleSelected(id, select = [], ignore = []) {
    const longest = (list) => Math.max(-1, ...list.filter((p) => p === "ALL" || id.startsWith(p)).map((p) => (p === "ALL" ? 0 : p.length)));
    const s = longest(select);
    const i = longest(ignore);
    if (i < 0)
        return select.length === 0 || s >= 0;
    return s > i;
}
export function applySelection(findings, sel) {
    const select = (sel.select ?? []).map(normalizeRuleSelector);
    const ignore = (sel.ignore ?? []).map(normalizeRuleSelector);
    const perFile = Object.entries(sel.perFileIgnores ?? {}).map(([glob, ids]) => ({
        matches: anyGlob([glob]),
        ids: ids.map(normalizeRuleSelector),
    }));
    const floor = sel.minSeverity ? SEVERITIES.indexOf(sel.minSeverity) : -1;
    const left = { byRule: 0, byFile: 0, bySeverity: 0 };
    const kept = [];
    const belowFloor = [];
    for (const f of findings) {
        if (!ruleSelected(f.ruleId, select, ignore)) {
            left.byRule++;
            continue;
        }
        const file = f.location?.file;
        if (file && perFile.some((p) => p.matches(file) && !ruleSelected(f.ruleId, [], p.ids))) {
            left.byFile++;
            continue;
        }
        // SEVERITIES runs from critical to info: a finding below the floor has a larger index.
        if (floor >= 0 && SEVERITIES.indexOf(f.severity) > floor) {
            left.bySeverity++;
            belowFloor.push(f);
            continue;
        }
        kept.push(f);
    }
    return { kept, belowFloor, left };
}
//# sourceMappingURL=selection.js.map