import { suppliedWords } from "../python/env.js";
import { asString, describe } from "../python/value.js";
import { loc } from "./helpers.js";
/**
 * HTTPS settings are meant to be lax in local/dev/test modules: findings there are information, so a team sees
 * them without a CI gate tripping on its development settings.
 */
export function httpsSeverity(view, severity) {
    // A template is what a deployment renders from, never what runs: like development settings, info only.
    return view.development || view.template ? "info" : severity;
}
/** Module and branch every HTTPS finding carries. */
export function viewContext(view) {
    return { settingsModule: view.module, condition: view.condition };
}
/** Where the setting was written; for an unset setting, the top of the module (that is where the line goes). */
export function settingLocation(view, value) {
    return loc(value?.origin) ?? { file: view.file, line: 1, column: 1 };
}
/** `NAME = value`, with where an env-sourced value came from; or that Django's default applies. */
export function settingEvidence(name, value, djangoDefault) {
    if (!value)
        return `${name} is not set: Django's default ${djangoDefault} applies`;
    const env = value.env
        ? value.env.supplied
            ? ` (from env ${value.env.variable}, ${suppliedWords(value.env)})`
            : ` (from env ${value.env.variable}: not supplied, the default in the code is used)`
        : "";
    return `${name} = ${describe(value)}${env}`;
}
/** The items of a list/tuple setting, or undefined when it is not a known sequence. */
export function itemsOf(value) {
    return value && (value.kind === "list" || value.kind === "tuple") ? value.items : undefined;
}
/**
 * Whether a list setting (INSTALLED_APPS, MIDDLEWARE) names an entry: true/false when every item is a known
 * string, undefined when the list or any item is unknown (e.g. `MIDDLEWARE += env.list(...)`).
 */
export function listNames(value, wanted) {
    const items = itemsOf(value);
    if (!items)
        return undefined;
    let unknownItem = false;
    for (const item of items) {
        const s = asString(item);
        if (s === undefined)
            unknownItem = true;
        else if (s === wanted)
            return true;
    }
    return unknownItem ? undefined : false;
}
/** A line of the fix that names the module file, so the user knows where to put it. */
export function inModule(view, line) {
    return `${line} in ${view.file}`;
}
/**
 * A list setting's membership, with Django's default (an empty list) when the module does not set it. Before
 * Django 1.10 the middleware list was MIDDLEWARE_CLASSES, read when MIDDLEWARE is absent or None.
 */
function settingNames(view, name, wanted) {
    let value = view.settings.get(name);
    if (name === "MIDDLEWARE" && (value === undefined || value.kind === "none"))
        value = view.settings.get("MIDDLEWARE_CLASSES") ?? value;
    return value === undefined || value.kind === "none" ? false : listNames(value, wanted);
}
/**
 * Whether the site issues a session cookie: Django's own checks (W010–W015) only speak when the sessions app or
 * middleware is installed. Unknown counts as yes, so an unreadable MIDDLEWARE never hides a finding.
 */
export function sessionsInUse(view) {
    const app = settingNames(view, "INSTALLED_APPS", "django.contrib.sessions");
    const mw = settingNames(view, "MIDDLEWARE", "django.contrib.sessions.middleware.SessionMiddleware");
    return !(app === false && mw === false);
}
/** Whether a middleware is installed: false only when MIDDLEWARE is known and lacks it. */
export function middlewareInstalled(view, dotted) {
    return settingNames(view, "MIDDLEWARE", dotted) !== false;
}
export const SECURITY_MIDDLEWARE = "django.middleware.security.SecurityMiddleware";
//# sourceMappingURL=https-helpers.js.map