import { severityRank } from "./severity.js";
// Plain code-unit comparison: localeCompare is locale-dependent and its first call costs ~15 ms of ICU set-up.
function compareText(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
/**
 * Severity (highest first), file findings before endpoint findings, settings module, then file, line, column, endpoint, rule id and message: a total,
 * locale-free order, so every run and every format lists findings the same way.
 */
export function compareFindings(a, b) {
    return (severityRank(b.severity) - severityRank(a.severity) ||
        Number(!a.location) - Number(!b.location) ||
        compareText(a.settingsModule ?? "", b.settingsModule ?? "") ||
        compareText(a.location?.file ?? "", b.location?.file ?? "") ||
        (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
        (a.location?.column ?? 0) - (b.location?.column ?? 0) ||
        compareText(a.endpoint ?? "", b.endpoint ?? "") ||
        compareText(a.ruleId, b.ruleId) ||
        compareText(a.message, b.message));
}
export function sortFindings(findings) {
    return [...findings].sort(compareFindings);
}
//# sourceMappingURL=order.js.map