export function describeResponse(r) {
    return `${r.url} → ${r.status}${r.location ? ` Location: ${r.location}` : ""}`;
}
//# sourceMappingURL=http-helpers.js.map