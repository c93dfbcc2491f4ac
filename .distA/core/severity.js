export const SEVERITIES = ["critical", "high", "medium", "low", "info"];
const RANK = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };
export function severityRank(severity) {
    return RANK[severity];
}
export function isSeverity(value) {
    return SEVERITIES.includes(value);
}
/** True when `severity` is at or above `threshold`; `none` is never reached. */
export function meetsThreshold(severity, threshold) {
    return threshold !== "none" && RANK[severity] >= RANK[threshold];
}
//# sourceMappingURL=severity.js.map