import { SEVERITIES } from "./severity.js";
const PENALTY = { critical: 40, high: 20, medium: 8, low: 3, info: 0 };
/** Distinct = same rule, place, endpoint and alias; a finding repeated across scenarios costs once. */
function distinctKey(f) {
    const loc = f.location ? `${f.location.file}:${f.location.line}` : "";
    return [f.ruleId, f.severity, loc, f.endpoint ?? "", f.settingsModule ?? "", f.alias ?? ""].join("|");
}
export function summarize(findings) {
    const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
    const seen = new Set();
    let score = 100;
    for (const f of findings) {
        counts[f.severity] += 1;
        const key = distinctKey(f);
        if (seen.has(key))
            continue;
        seen.add(key);
        score -= PENALTY[f.severity];
    }
    score = Math.max(0, score);
    let grade = score >= 90 ? "A" : score >= 80 ? "B" : score >= 70 ? "C" : score >= 60 ? "D" : "F";
    if (counts.critical > 0)
        grade = "F";
    else if (counts.high > 0 && (grade === "A" || grade === "B"))
        grade = "C";
    return { score, grade, counts };
}
//# sourceMappingURL=grade.js.map