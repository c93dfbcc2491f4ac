/**
 * What the diagram says of the browser → Django hop of a settings module (and branch), drawn from the HTTPS rules'
 * hits: a protection a hit finds missing is missing, one WW000 cannot judge is unknown, and the picture says
 * "enforced" only when no rule found anything to say. Suppressed hits count: accepting a finding does not make
 * the hop safe.
 */
export function browserProtectionOf(hits) {
    // Indexed once by module and condition: the diagram asks for every view of a large tree (issue 22).
    const byView = new Map();
    const key = (module, condition) => `${module ?? ""}\u0000${condition ?? "\u0001"}`;
    for (const h of hits) {
        if (!h.hit.browserHop)
            continue;
        const k = key(h.hit.settingsModule, h.hit.condition);
        const list = byView.get(k);
        if (list)
            list.push(h.hit);
        else
            byView.set(k, [h.hit]);
    }
    return (view) => {
        const mine = byView.get(key(view.module, view.condition)) ?? [];
        const state = (protection) => mine.some((h) => h.browserHop?.protection === protection && h.browserHop.state === "unknown")
            ? "unknown"
            : mine.some((h) => h.browserHop?.protection === protection)
                ? "missing"
                : "present";
        const redirect = state("https-redirect");
        const hsts = state("hsts");
        if (redirect === "unknown" || hsts === "unknown")
            return "HTTPS settings not known";
        if (redirect === "missing")
            return "plain HTTP served";
        if (hsts === "missing")
            return "HTTPS redirect, no HSTS";
        return "HTTPS enforced, HSTS";
    };
}
//# sourceMappingURL=browser-verdicts.js.map