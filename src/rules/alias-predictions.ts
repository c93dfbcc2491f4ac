import type { PredictedAttacks, PredictionCase } from "../core/report.js";
import type { LibpqFacts } from "../django/libpq-version.js";
import type { DatabaseAlias } from "../django/model.js";
import {
  LIBPQ_MAJORS,
  type LibpqClient,
  type LibpqMajor,
  PREDICTED_ATTACKS,
  type Prediction,
  predictAttacks,
} from "../libpq/behaviour.js";
import { aliasLibpqInputs } from "./libpq-helpers.js";

/** Worst first: what a man in the middle can count on. */
const RANK: Record<Prediction, number> = {
  through: 4,
  unknown: 3,
  refused: 2,
  "no-connection": 1,
  "not-applicable": 0,
};

/**
 * What `prove` would show for this alias, from the libpq model alone (`scan --format json`'s `predictedAttacks`):
 * every case of the libpq majors the project may run, whether `~/.postgresql/root.crt` exists where it runs, and
 * (for an explicit sslrootcert path) whether that file exists there, none of which the tree tells; and per attack
 * the worst of them. Undefined for an alias that is not a network PostgreSQL-wire one.
 */
export function predictAlias(
  alias: DatabaseAlias,
  libpq?: LibpqFacts,
  channelEnv: Readonly<Record<string, string>> = {},
): PredictedAttacks | undefined {
  const majors: readonly LibpqMajor[] = libpq?.majors ?? LIBPQ_MAJORS;
  const evidence = (libpq?.evidence ?? []).map((e) => `${e.location.file}:${e.location.line}: ${e.text}`);
  const because = evidence.length > 0 ? { libpqEvidence: evidence } : {};
  if (!alias.network || !(alias.family === "postgres" || alias.family === "unknown")) return undefined;
  const unknownWhy =
    alias.sslmode.source === "unknown"
      ? `the sslmode is not known (${alias.sslmode.unknownReason ?? "computed at run time"})`
      : alias.sslrootcert.source === "unknown"
        ? `the sslrootcert is not known (${alias.sslrootcert.unknownReason ?? "computed at run time"})`
        : undefined;
  if (unknownWhy) {
    const unknown = { outcome: "unknown" as const, why: unknownWhy };
    return {
      libpq: [...majors],
      ...because,
      weakest: Object.fromEntries(PREDICTED_ATTACKS.map((a) => [a, unknown])),
      cases: [],
    };
  }
  const inputs = aliasLibpqInputs(alias);
  const params = inputs.params;
  const env = { ...channelEnv, ...inputs.env };
  const root = params.sslrootcert ?? env.PGSSLROOTCERT;
  // libpq expands neither $VAR nor ~: such a path never exists. "system" is a store, not a file, from libpq 16.
  const literalMissing = root !== undefined && (/[$%]/.test(root) || root.startsWith("~"));
  const rootCases: (boolean | undefined)[] =
    root === undefined || root === "system" || literalMissing ? [undefined] : [true, false];
  const cases: PredictionCase[] = [];
  const worst = new Map<string, { outcome: Prediction; why: string }>();
  for (const libpq of majors)
    for (const homeRootCert of [false, true])
      for (const rootFileExists of rootCases) {
        const client: LibpqClient = {
          params,
          env,
          homeRootCert,
          fileExists: (p) => (p === root ? (literalMissing ? false : (rootFileExists ?? false)) : undefined),
        };
        const predicted = predictAttacks(libpq, client);
        cases.push({
          libpq,
          homeRootCert,
          ...(rootFileExists !== undefined ? { rootFileExists } : {}),
          attacks: Object.fromEntries(PREDICTED_ATTACKS.map((a) => [a, predicted[a].outcome])),
        });
        for (const a of PREDICTED_ATTACKS) {
          const p = predicted[a];
          const seen = worst.get(a);
          if (!seen || RANK[p.outcome] > RANK[seen.outcome])
            worst.set(a, {
              outcome: p.outcome,
              why: `${p.why} (libpq ${libpq}${caseWords(homeRootCert, rootFileExists, root)})`,
            });
        }
      }
  return { libpq: [...majors], ...because, weakest: Object.fromEntries(worst), cases };
}

function caseWords(home: boolean, rootFile: boolean | undefined, root: string | undefined): string {
  const parts = [home ? "with ~/.postgresql/root.crt" : "without ~/.postgresql/root.crt"];
  if (rootFile !== undefined) parts.push(`${root} ${rootFile ? "present" : "missing"}`);
  return `, ${parts.join(", ")}`;
}
