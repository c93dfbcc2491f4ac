import { readFileSync, writeFileSync } from "node:fs";
import { errorText } from "../core/files.js";
import { isSeverity, type Severity } from "../core/severity.js";
import { parseEnvFile } from "../django/env-file.js";
import { UsageError } from "../engine/scan.js";

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdoutIsTty: boolean;
  stderrIsTty: boolean;
  env: NodeJS.ProcessEnv;
}

export function processIo(): Io {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stdoutIsTty: Boolean(process.stdout.isTTY),
    stderrIsTty: Boolean(process.stderr.isTTY),
    env: process.env,
  };
}

export function parseFailOn(value: string): Severity | "none" {
  const v = value.toLowerCase();
  if (v === "none" || isSeverity(v)) return v;
  throw new UsageError(`--fail-on must be one of critical, high, medium, low, info, none (got '${value}')`);
}

/** The process environment with --env-file values over it (the later file wins). */
export function suppliedEnv(envFiles: readonly string[], processEnv: NodeJS.ProcessEnv): Map<string, string> {
  const env = new Map<string, string>();
  for (const [k, v] of Object.entries(processEnv)) if (v !== undefined) env.set(k, v);
  for (const file of envFiles) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      throw new UsageError(`cannot read --env-file ${file}: ${errorText(e)}`);
    }
    for (const [k, entry] of parseEnvFile(text, file)) env.set(k, entry.value);
  }
  return env;
}

export function writeOutput(io: Io, output: string | undefined, text: string): void {
  if (!output) {
    io.stdout(text);
    return;
  }
  try {
    writeFileSync(output, text);
  } catch (e) {
    throw new UsageError(`cannot write --output ${output}: ${errorText(e)}`);
  }
}

/** A one-line progress indicator on stderr, only on a terminal and never with --quiet. */
export function progress(io: Io, quiet: boolean): { update: (m: string) => void; done: () => void } {
  if (quiet || !io.stderrIsTty) return { update: () => {}, done: () => {} };
  let shown = false;
  return {
    update(m) {
      io.stderr(`\r\x1b[2K${m}…`);
      shown = true;
    },
    done() {
      if (shown) io.stderr("\r\x1b[2K");
    },
  };
}

export function useColor(io: Io, noColor: boolean | undefined, tty: boolean): boolean {
  return !noColor && tty && io.env.NO_COLOR === undefined && io.env.TERM !== "dumb";
}
