import { ruleMeta } from "../core/catalog.js";
import { proveRule } from "./kinds.js";
import { attackName, where } from "./prove-helpers.js";
/**
 * Per alias: every attack that ran was refused. The client's own refusals are the evidence. A client that never
 * connected to any proxy (libpq stopped on its settings: an option it does not know, a missing root file) refused
 * nothing: it cannot connect at all, which the message says instead of calling it resistance.
 */
export const ww600 = proveRule({
    meta: ruleMeta("WW600"),
    check(model) {
        const byAlias = new Map();
        for (const r of model.runs)
            byAlias.set(r.alias, [...(byAlias.get(r.alias) ?? []), r]);
        const hits = [];
        for (const runs of byAlias.values()) {
            const ran = runs.filter((r) => r.outcome !== "not-run");
            if (ran.length === 0 || ran.some((r) => r.outcome === "let-through"))
                continue;
            const first = ran[0];
            const names = ran.map(attackName).join(", ");
            const evidence = ran
                .map((r) => `${attackName(r)}: ${r.via ? r.evidence.at(-1) : (r.clientError ?? r.evidence.at(-1) ?? "refused")}`)
                .join("\n");
            if (ran.every((r) => r.neverConnected)) {
                hits.push({
                    ...where(first),
                    message: `the real client of '${first.alias}' never connected to the attacker (${names}): libpq rejects its settings before connecting, so it cannot reach the real server either; fix the settings, then prove again`,
                    evidence,
                });
                continue;
            }
            hits.push({
                ...where(first),
                message: `the real client of '${first.alias}' refused every attack (${names})`,
                evidence,
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww600-mitm-resisted.js.map