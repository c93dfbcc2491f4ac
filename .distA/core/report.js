/** What prove's attacks earned, for every report format: only attacks that ran earn a verdict. */
export function attacksVerdict(attacks) {
    const notRun = attacks.filter((a) => a.outcome === "not-run").length;
    if (attacks.some((a) => a.outcome === "let-through"))
        return { kind: "proven", notRun, words: "the exposure is proven" };
    if (notRun === attacks.length)
        return { kind: "nothing-ran", notRun, words: "none: no attack ran (see why in the table)" };
    return {
        kind: "refused",
        notRun,
        words: notRun > 0
            ? `every attack that ran was refused (${notRun} not run: see why in the table)`
            : "every attack was refused",
    };
}
/** How prove labels an attack: one on the leg behind a pooler says so (the same attack, another connection). */
export function attackLabel(a) {
    return a.via ? `${a.attack} (pooler leg)` : a.attack;
}
/** A cluster node's state in a few words, for every report format (WW000 alone: not fully checked). */
export function clusterNodeState(n) {
    if (!n.reached)
        return { kind: "not-reached", words: "not reached" };
    if (n.worst)
        return { kind: "finding", words: `${n.worst} ${n.rules.filter((r) => r !== "WW000").join(", ")}` };
    if (n.rules.includes("WW000"))
        return { kind: "not-checked", words: "not fully checked (WW000)" };
    return { kind: "clean", words: "no finding" };
}
/** Every node was reached and fully checked: only then may a cluster without findings read as clean. */
export const clusterChecked = (c) => c.nodes.every((n) => n.reached && !n.rules.includes("WW000"));
//# sourceMappingURL=report.js.map