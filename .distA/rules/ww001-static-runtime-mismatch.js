import { ruleMeta } from "../core/catalog.js";
import { loc } from "./helpers.js";
import { scanRule } from "./kinds.js";
/** What libpq gets, in one word per alias: `local` (no network host), the sslmode, or `unknown`. */
function staticKey(a) {
    if (!a.network)
        return "local";
    if (a.sslmode.source === "unknown")
        return "unknown";
    return a.sslmode.value ?? "prefer";
}
function staticWords(a) {
    const key = staticKey(a);
    if (key === "local")
        return "a local connection (no network host)";
    if (key === "unknown")
        return `sslmode not known (${a.sslmode.unknownReason ?? "a value the evaluator could not follow"})`;
    return `sslmode ${key} (${a.sslmode.source})`;
}
function runtimeKey(r) {
    return (r.hosts ?? []).length === 0 ? "local" : (r.sslmode ?? "unknown");
}
function runtimeWords(r) {
    if ((r.hosts ?? []).length === 0)
        return "a local connection (no network host)";
    return `sslmode ${r.sslmode ?? "?"} (${r.sslmodeSource ?? "?"}) to ${(r.hosts ?? []).join(", ")}${r.fails ? `, and libpq will not connect: ${r.fails}` : ""}`;
}
const FIX = "the runtime value is what libpq receives, so trust it for this alias; then report the difference as a bug against wirewarden's static evaluator (docs/scan.md, '--runtime: import the settings and compare', says what to include)";
/**
 * `scan --runtime`: where the settings as the project's own Python imported them give an alias another channel
 * than static evaluation said (another sslmode, a network host where it saw a local one, a value it could not
 * follow, an alias it did not see). Every such finding is a bug report against the evaluator; the static
 * findings stand as they are, and the runtime view is in the report beside them.
 */
export const ww001 = scanRule({
    meta: ruleMeta("WW001"),
    check(model) {
        const hits = [];
        for (const m of model.runtime ?? []) {
            if (m.error)
                continue;
            const views = model.views.filter((v) => v.module === m.module);
            const seenAtRuntime = new Set(m.aliases.map((a) => a.alias));
            for (const r of m.aliases) {
                if (!r.postgres || r.error)
                    continue;
                const statics = views.flatMap((v) => v.databases.filter((a) => a.alias === r.alias));
                if (statics.some((a) => staticKey(a) === runtimeKey(r)))
                    continue;
                const said = statics.length === 0 ? "no such alias" : [...new Set(statics.map(staticWords))].join(" or ");
                const checks = (r.checks ?? []).map((c) => c.id.replace("wirewarden.W", "WW")).join(", ");
                const first = statics[0];
                hits.push({
                    settingsModule: m.module,
                    alias: r.alias,
                    message: `database alias '${r.alias}' of ${m.module}: static evaluation says ${said}; imported by ${m.python}, it is ${runtimeWords(r)}`,
                    ...(first ? { location: loc(first.origin) } : {}),
                    evidence: `static: ${said}; runtime: ${runtimeWords(r)}${checks ? `; runtime checks: ${checks}` : "; runtime checks: none"}`,
                    fix: FIX,
                });
            }
            for (const v of views)
                for (const a of v.databases) {
                    if (seenAtRuntime.has(a.alias) || !a.network)
                        continue;
                    if (!(a.family === "postgres" || a.family === "unknown"))
                        continue;
                    seenAtRuntime.add(a.alias);
                    hits.push({
                        settingsModule: m.module,
                        alias: a.alias,
                        message: `database alias '${a.alias}' of ${m.module}: static evaluation sees it (${staticWords(a)}); imported by ${m.python}, the settings have no such alias`,
                        location: loc(a.origin),
                        evidence: `static: ${staticWords(a)}; runtime: no alias '${a.alias}' in DATABASES`,
                        fix: FIX,
                    });
                }
        }
        return hits;
    },
});
//# sourceMappingURL=ww001-static-runtime-mismatch.js.map