import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/program.js";
import { assertReportSchema, jsonOnStdout } from "./report-schema.js";

export const REPO = join(import.meta.dirname, "..", "..");
export const BUILT_CLI = join(REPO, "dist", "cli", "main.js");
/** The command users run (package.json `bin`): it starts node on BUILT_CLI. */
export const LAUNCHER = join(REPO, "bin", "wirewarden");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured streams (not a TTY). */
export async function cli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    stdoutIsTty: false,
    stderrIsTty: false,
    env,
  });
  checkReport(argv, code, stdout);
  return { code, stdout, stderr };
}

/** Every JSON report a test produces is held to schema/report.schema.json. */
function checkReport(argv: readonly string[], code: number, stdout: string): void {
  if ((code === 0 || code === 1) && jsonOnStdout(argv) && stdout.trimStart().startsWith("{"))
    assertReportSchema(stdout);
}

/** Runs the built CLI as a separate process, as a user would; `npm test` builds it first. */
export function spawnCli(argv: string[], opts: { user?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  if (!existsSync(BUILT_CLI))
    throw new Error("dist/cli/main.js is missing: run `npm run build` (npm test does)");
  const cmd = opts.user ? "runuser" : LAUNCHER;
  const args = opts.user ? ["-u", opts.user, "--", LAUNCHER, ...argv] : argv;
  const r = spawnSync(cmd, args, {
    encoding: "utf8",
    timeout: 60_000,
    env: { PATH: process.env.PATH, ...opts.env },
  });
  if (r.error) throw r.error;
  checkReport(argv, r.status ?? -1, r.stdout);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A command in a child process without blocking this one (servers the test runs here stay responsive). */
export function spawnAsync(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = { PATH: process.env.PATH },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export function tempDir(prefix = "ww-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
