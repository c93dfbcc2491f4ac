/** `wirewarden prove --format json` on a one-alias Django project, read back as attack outcomes and findings. */
import { cli } from "./cli.js";
import { type Stack, stackVersions } from "./stacks.js";

export interface Proved {
  outcome: (attack: string) => string | undefined;
  detail: (attack: string) => string;
  ids: string[];
  findings: { ruleId: string; message: string; evidence: string }[];
  /** stdout and stderr together, to look for what must never be printed. */
  raw: string;
}

/** Runs prove with the stack's Python (failing, saying what to install, when the stack is missing). */
export async function proveJson(
  stack: Stack,
  dir: string,
  env: NodeJS.ProcessEnv,
  args: string[] = [],
): Promise<Proved> {
  stackVersions(stack, env);
  const r = await cli(
    [
      ...["prove", dir, "--settings", "shop.settings", "--python", stack.python],
      ...["--format", "json", "--fail-on", "none", ...args],
    ],
    { PATH: process.env.PATH ?? "", ...stack.env, ...env },
  );
  if (r.code !== 0) throw new Error(`prove exited ${r.code}: ${r.stderr}`);
  const json = JSON.parse(r.stdout) as {
    attacks: { attack: string; outcome: string; detail: string }[];
    findings: Proved["findings"];
  };
  return {
    outcome: (a) => json.attacks.find((x) => x.attack === a)?.outcome,
    detail: (a) => json.attacks.find((x) => x.attack === a)?.detail ?? "",
    ids: json.findings.map((f) => f.ruleId),
    findings: json.findings,
    raw: r.stdout + r.stderr,
  };
}
