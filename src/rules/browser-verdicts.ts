import type { JudgedHit } from "../core/run-rules.js";
import type { SettingsView } from "../django/model.js";

/**
 * What the diagram says of the browser → Django hop of a settings module (and branch), drawn from the HTTPS rules'
 * hits: a protection a hit finds missing is missing, one WW000 cannot judge is unknown, and the picture says
 * "enforced" only when no rule found anything to say. Suppressed hits count: accepting a finding does not make
 * the hop safe.
 */
export function browserProtectionOf(hits: readonly JudgedHit[]): (view: SettingsView) => string {
  return (view) => {
    const mine = hits
      .map((h) => h.hit)
      .filter(
        (h) => h.browserHop && h.settingsModule === view.module && (h.condition ?? null) === view.condition,
      );
    const state = (protection: string) =>
      mine.some((h) => h.browserHop?.protection === protection && h.browserHop.state === "unknown")
        ? "unknown"
        : mine.some((h) => h.browserHop?.protection === protection)
          ? "missing"
          : "present";
    const redirect = state("https-redirect");
    const hsts = state("hsts");
    if (redirect === "unknown" || hsts === "unknown") return "HTTPS settings not known";
    if (redirect === "missing") return "plain HTTP served";
    if (hsts === "missing") return "HTTPS redirect, no HSTS";
    return "HTTPS enforced, HSTS";
  };
}
