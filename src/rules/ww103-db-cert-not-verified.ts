import { ruleMeta } from "../core/catalog.js";
import type { RuleHit } from "../core/finding.js";
import { aliasContext, networkPgAliases, paramLocation, sslmodeEvidence, sslmodeFix } from "./helpers.js";
import { scanRule } from "./kinds.js";

export const ww103 = scanRule({
  meta: ruleMeta("WW103"),
  check(model) {
    const hits: RuleHit[] = [];
    for (const { view, alias } of networkPgAliases(model)) {
      if (alias.sslmode.value !== "require") continue;
      const cause =
        alias.sslmode.source === "ssl_require"
          ? ` because ${alias.url?.parser ?? "dj_database_url"}(ssl_require=True) overwrites the URL's sslmode with 'require'`
          : "";
      hits.push({
        ...aliasContext(view, alias),
        message: `database alias '${alias.alias}' uses sslmode 'require'${cause}: traffic is encrypted but the server certificate is not checked, so an attacker with any certificate receives the password`,
        location: paramLocation(alias, alias.sslmode),
        evidence: sslmodeEvidence(alias),
        fix: sslmodeFix(alias),
      });
    }
    return hits;
  },
});
