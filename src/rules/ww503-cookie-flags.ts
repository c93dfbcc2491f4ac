import { ruleMeta } from "../core/catalog.js";
import type { RuleHit } from "../core/finding.js";
import type { Rule } from "../core/rule.js";
import { cookieProblems, parseSetCookie } from "../probe/http/analysis.js";
import type { ProbeModel } from "../probe/model.js";

const FIX: Record<string, string> = {
  sessionid: "SESSION_COOKIE_SECURE = True (and keep SESSION_COOKIE_HTTPONLY = True)",
  csrftoken: "CSRF_COOKIE_SECURE = True",
};

export const ww503: Rule<ProbeModel> = {
  meta: ruleMeta("WW503"),
  check(model) {
    const hits: RuleHit[] = [];
    for (const o of model.origins) {
      const seen = new Set<string>();
      for (const r of [o.httpsRoot, o.httpsAdmin]) {
        for (const header of r?.cookies ?? []) {
          const c = parseSetCookie(header);
          if (!c || seen.has(c.name)) continue;
          seen.add(c.name);
          for (const p of cookieProblems(c)) {
            hits.push({
              endpoint: o.target.endpoint,
              severity: p.severity,
              message: `cookie '${p.cookie}' set over HTTPS ${p.problem}`,
              evidence: `${r?.url}: Set-Cookie: ${c.redacted}`,
              fix: FIX[c.name] ?? "set the cookie with Secure; HttpOnly for session cookies; SameSite=Lax",
            });
          }
        }
      }
    }
    return hits;
  },
};
