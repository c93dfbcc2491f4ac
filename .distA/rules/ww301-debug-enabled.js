import { ruleMeta } from "../core/catalog.js";
import { truthy } from "../python/value.js";
import { httpsSeverity, settingEvidence, settingLocation, viewContext } from "./https-helpers.js";
import { scanRule } from "./kinds.js";
export const ww301 = scanRule({
    meta: ruleMeta("WW301"),
    check(model) {
        const hits = [];
        for (const view of model.views) {
            const debug = view.settings.get("DEBUG");
            // Unset means Django's default False; an unknown value is not judged.
            if (!debug || truthy(debug) !== true)
                continue;
            const fromEnvString = debug.kind === "str" && debug.env !== undefined;
            hits.push({
                ...viewContext(view),
                severity: httpsSeverity(view, "high"),
                message: fromEnvString
                    ? `DEBUG is the string ${JSON.stringify(debug.value)} read from env ${debug.env?.variable}: any non-empty string is truthy, so debug pages, settings dumps and SQL in tracebacks are on`
                    : "DEBUG is on: error pages show settings, SQL and local variables to anyone who triggers an exception",
                location: settingLocation(view, debug),
                evidence: settingEvidence("DEBUG", debug, "False"),
                fix: fromEnvString
                    ? `DEBUG = os.environ.get("${debug.env?.variable}", "") == "1"  (or env.bool("${debug.env?.variable}", default=False) with django-environ)`
                    : "DEBUG = False",
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww301-debug-enabled.js.map