import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { BUILT_CLI, type CliResult, LAUNCHER } from "./cli.js";

/**
 * Runs the built CLI as its own process, as a user would, without blocking (so that several runs can go at once),
 * and with everything the process writes to stdout and stderr captured — including what a child it starts writes
 * there. The run is killed (by its pid) after `timeoutMs` and the promise rejects: no test waits forever.
 */
export function runCliProcess(
  argv: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  if (!existsSync(BUILT_CLI))
    throw new Error("dist/cli/main.js is missing: run `npm run build` (npm test does)");
  const timeoutMs = opts.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const child = spawn(LAUNCHER, [...argv], {
      env: { PATH: process.env.PATH, ...opts.env },
      ...(opts.cwd ? { cwd: opts.cwd } : {}),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (t: string) => {
      stdout += t;
    });
    child.stderr.setEncoding("utf8").on("data", (t: string) => {
      stderr += t;
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`wirewarden ${argv.join(" ")}: no exit within ${timeoutMs} ms (killed)\n${stderr}`));
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? -1 : 0), stdout, stderr });
    });
  });
}

/** Runs `jobs` with at most `limit` at once; results in the order of `jobs`. */
export async function pooled<T>(jobs: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await (jobs[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return out;
}
