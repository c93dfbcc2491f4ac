import { cli } from "./cli.js";
import { SYSTEM_PYTHON } from "./python.js";

export interface ProveJson {
  findings: { ruleId: string; evidence: string }[];
  attacks: { alias: string; attack: string; outcome: string; detail: string }[];
}

/**
 * `wirewarden prove DIR --settings shop.settings` with Debian's Python, JSON out, never failing on findings; a
 * non-zero exit throws with its stderr. Only PATH (and `env`) reach the client.
 */
export async function proveJson(
  dir: string,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<{ json: ProveJson; raw: string }> {
  const r = await cli(
    [
      ...["prove", dir, "--settings", "shop.settings", "--python", SYSTEM_PYTHON],
      ...["--format", "json", "--fail-on", "none", ...args],
    ],
    { PATH: process.env.PATH ?? "", ...env },
  );
  if (r.code !== 0) throw new Error(`prove exited ${r.code}: ${r.stderr}`);
  return { json: JSON.parse(r.stdout) as ProveJson, raw: r.stdout + r.stderr };
}
