/** Reading `scan --format json`'s predictedAttacks the way `prove` reports outcomes (the crosscheck tests). */
import { cli } from "./cli.js";

export interface PredictionCaseJson {
  libpq: number;
  homeRootCert: boolean;
  rootFileExists?: boolean;
  attacks: Record<string, string>;
}

export interface PredictedAliasJson {
  alias: string;
  verdict?: string;
  sslmode?: { value: string | null; source: string; at?: string };
  predictedAttacks?: { cases: PredictionCaseJson[] };
}

/** prove's outcome for a predicted one: through is let-through; not-applicable (and downgrade with no connection) not-run. */
export function proveOutcomeOf(attack: string, predicted: string | undefined): string {
  if (predicted === "through") return "let-through";
  if (predicted === "not-applicable" || (predicted === "no-connection" && attack === "downgrade"))
    return "not-run";
  return "refused";
}

/** The case of this machine: its libpq major, no ~/.postgresql/root.crt, and the sslrootcert file present. */
export function caseOnThisMachine(
  alias: PredictedAliasJson | undefined,
  libpq: number,
): PredictionCaseJson | undefined {
  return alias?.predictedAttacks?.cases.find(
    (k) => k.libpq === libpq && !k.homeRootCert && (k.rootFileExists === undefined || k.rootFileExists),
  );
}

/** `wirewarden prove PROJECT --settings app.settings` with `python` and `args`, JSON: its attack outcomes. */
export async function proveOutcomes(
  project: string,
  python: string,
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ alias: string; attack: string; outcome: string }[]> {
  const prove = await cli(
    [
      ...["prove", project, "--settings", "app.settings", "--python", python],
      ...args,
      ...["--format", "json", "--fail-on", "none"],
    ],
    env,
  );
  if (prove.code !== 0) throw new Error(`prove exited ${prove.code}: ${prove.stderr}`);
  return (JSON.parse(prove.stdout) as { attacks: { alias: string; attack: string; outcome: string }[] })
    .attacks;
}
