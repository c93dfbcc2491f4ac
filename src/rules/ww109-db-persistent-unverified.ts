import { ruleMeta } from "../core/catalog.js";
import type { Location, RuleHit } from "../core/finding.js";
import { isSslmode, verifiesServer } from "../libpq/sslmode.js";
import type { PyValue } from "../python/value.js";
import { aliasContext, loc, networkPgAliases, sslmodeEvidence, sslmodeFix } from "./helpers.js";
import { scanRule } from "./kinds.js";

/** The modes WW101 (prefer), WW102 (disable, allow) and WW103 (require) report. */

/** How long Django keeps a connection open, in words; undefined when CONN_MAX_AGE does not persist connections. */
function persistence(v: PyValue | undefined): string | undefined {
  if (!v) return undefined;
  if (v.kind === "none") return "CONN_MAX_AGE = None keeps each connection open for the life of the worker";
  if ((v.kind === "int" || v.kind === "float") && v.value > 0)
    return `CONN_MAX_AGE = ${v.value} keeps each connection open for up to ${v.value} seconds`;
  return undefined;
}

export const ww109 = scanRule({
  meta: ruleMeta("WW109"),
  check(model) {
    const hits: RuleHit[] = [];
    for (const { view, alias } of networkPgAliases(model)) {
      const mode = alias.sslmode.value;
      if (!isSslmode(mode) || verifiesServer(mode)) continue;
      const kept = persistence(alias.connMaxAge);
      if (!kept) continue;
      const lifetime =
        alias.connMaxAge?.kind === "none" ? "for the life of the worker" : "for the whole CONN_MAX_AGE";
      hits.push({
        ...aliasContext(view, alias),
        message: `database alias '${alias.alias}' keeps persistent connections with sslmode '${mode}': a man-in-the-middle who intercepts one connection keeps reading and altering every request's queries on it ${lifetime}`,
        location: (loc(alias.connMaxAge?.origin) ?? loc(alias.origin)) as Location,
        evidence: `${kept}; ${sslmodeEvidence(alias)}`,
        fix: `${sslmodeFix(alias)}; until then set DATABASES['${alias.alias}']['CONN_MAX_AGE'] = 0 so an intercepted connection is not reused`,
      });
    }
    return hits;
  },
});
