import { ruleMeta } from "../core/catalog.js";
import { asString, dictGet, truthy } from "../python/value.js";
import { httpsSeverity, itemsOf, settingLocation, viewContext } from "./https-helpers.js";
import { scanRule } from "./kinds.js";
const LEVELS = {
    CRITICAL: 50,
    FATAL: 50,
    ERROR: 40,
    WARNING: 30,
    WARN: 30,
    INFO: 20,
    DEBUG: 10,
    NOTSET: 0,
};
const DEBUG = 10;
/** A logging level: null when not given, undefined when not knowable. */
function levelOf(config) {
    const v = dictGet(config, "level");
    if (v === undefined || v.kind === "none")
        return null;
    if (v.kind === "int")
        return v.value;
    const s = asString(v);
    return s === undefined ? undefined : LEVELS[s.toUpperCase()];
}
/** Loggers from the queries' logger up to the root, as logging propagates them. */
const CHAIN = ["django.db.backends", "django.db", "django", ""];
/**
 * The logger that decides the level of `django.db.backends` and the DEBUG-capable handlers its records reach;
 * null when no DEBUG record reaches any handler.
 */
function sqlRoute(logging) {
    const loggers = dictGet(logging, "loggers");
    const handlerConfigs = dictGet(logging, "handlers");
    const configOf = (name) => name === "" ? (dictGet(logging, "root") ?? dictGet(loggers, "")) : dictGet(loggers, name);
    let decider;
    const reached = [];
    for (const name of CHAIN) {
        const config = configOf(name);
        if (!config)
            continue;
        const level = levelOf(config);
        if (level === undefined)
            return undefined;
        // The first level set on the way up decides (NOTSET below the root means "ask the parent").
        if (!decider && level !== null && !(level === 0 && name !== "")) {
            if (level > DEBUG)
                return null;
            decider = { logger: name, config };
        }
        for (const h of itemsOf(dictGet(config, "handlers")) ?? []) {
            const handler = asString(h);
            if (handler === undefined)
                continue;
            const hl = levelOf(dictGet(handlerConfigs, handler));
            if (hl === undefined || hl === null || hl <= DEBUG)
                reached.push(handler);
        }
        const propagate = dictGet(config, "propagate");
        if (propagate && truthy(propagate) === false)
            break;
    }
    return decider && reached.length > 0 ? { ...decider, handlers: reached } : null;
}
export const ww308 = scanRule({
    meta: ruleMeta("WW308"),
    check(model) {
        const hits = [];
        for (const view of model.views) {
            const logging = view.settings.get("LOGGING");
            if (logging?.kind !== "dict")
                continue;
            const route = sqlRoute(logging);
            if (!route)
                continue;
            const name = route.logger === "" ? "the root logger" : `logger '${route.logger}'`;
            hits.push({
                ...viewContext(view),
                severity: httpsSeverity(view, "medium"),
                message: `LOGGING sends SQL statements to handlers: ${name} is at DEBUG, so every query django.db.backends logs (with its parameters: emails, tokens, personal data) lands in ${route.handlers.join(", ")}`,
                location: settingLocation(view, route.config.origin ? route.config : logging),
                evidence: `${name} level DEBUG; handlers reached at DEBUG: ${route.handlers.join(", ")} (Django logs queries when DEBUG is True or a debug cursor is forced)`,
                fix: `set the level of 'django.db.backends' to "INFO" or higher in LOGGING["loggers"] (or drop the DEBUG level from ${name})`,
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww308-sql-logged.js.map