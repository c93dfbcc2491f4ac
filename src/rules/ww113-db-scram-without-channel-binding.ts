import { ruleMeta } from "../core/catalog.js";
import type { RuleHit } from "../core/finding.js";
import type { DatabaseAlias } from "../django/model.js";
import { aliasContext, networkPgAliases, paramLocation, sslmodeEvidence } from "./helpers.js";
import { scanRule } from "./kinds.js";

/** CockroachDB implements SCRAM without channel binding (cockroachdb/cockroach#74300): require would fail. */
function isCockroach(alias: DatabaseAlias): boolean {
  return /cockroach/i.test(alias.engine ?? "") || /^cockroach/i.test(alias.url?.url?.trim() ?? "");
}

export const ww113 = scanRule({
  meta: ruleMeta("WW113"),
  check(model) {
    const hits: RuleHit[] = [];
    for (const { view, alias } of networkPgAliases(model)) {
      const mode = alias.sslmode.value;
      if (mode === null || mode === "verify-full") continue;
      const binding = alias.options.get("channel_binding");
      if (binding?.kind === "unknown") continue; // computed at run time: it may well be "require"
      if (binding?.kind === "str" && binding.value === "require") continue;
      const current = binding?.kind === "str" ? `channel_binding=${binding.value}` : "no channel_binding";
      const crdb = isCockroach(alias);
      const noTls = mode === "disable" || mode === "allow";
      const fix = crdb
        ? `CockroachDB has no SCRAM channel binding, so set DATABASES['${alias.alias}']['OPTIONS'] = {'sslmode': 'verify-full', 'sslrootcert': '/path/to/ca.crt'}`
        : noTls
          ? `channel binding needs TLS: set DATABASES['${alias.alias}']['OPTIONS'] = {'sslmode': 'verify-full', 'sslrootcert': '/path/to/ca.crt'} (or at least 'sslmode': 'require', 'channel_binding': 'require')`
          : `add 'channel_binding': 'require' to DATABASES['${alias.alias}']['OPTIONS'] (libpq 13+, server password_encryption scram-sha-256), or better set 'sslmode': 'verify-full'`;
      hits.push({
        ...aliasContext(view, alias),
        message: `database alias '${alias.alias}' uses sslmode '${mode}' without channel_binding=require: if the server authenticates with SCRAM, channel_binding=require makes a relaying attacker fail, while without it a man-in-the-middle can relay the SCRAM exchange to the real server and take over the session`,
        location: paramLocation(alias, alias.sslmode),
        evidence: `${current}; ${sslmodeEvidence(alias)}${crdb ? "; CockroachDB does not support channel binding" : ""}`,
        fix,
      });
    }
    return hits;
  },
});
