import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";

export const SYSTEM_PYTHON = "/usr/bin/python3";
export const HARNESS = join(import.meta.dirname, "..", "harness");
export const INSTALL_HINT =
  "install Debian packages: apt-get install -y python3-django python3-psycopg2 python3-dj-database-url python3-django-environ";

/** Fails (never skips) when the Debian Django stack is missing, saying what to install. */
export function requireDjango(): void {
  const r = spawnSync(SYSTEM_PYTHON, ["-c", "import django, psycopg2, dj_database_url, environ"], {
    encoding: "utf8",
    timeout: 20_000,
  });
  if (r.status !== 0)
    throw new Error(
      `${SYSTEM_PYTHON} cannot import Django and friends (${(r.stderr ?? r.error?.message ?? "").trim()}): ${INSTALL_HINT}`,
    );
}

/** Runs a harness script with the real Django and parses its JSON output. */
export function runHarness<T>(script: string, args: string[], env: Record<string, string> = {}): T {
  const envArgs = Object.entries(env).flatMap(([k, v]) => ["--env", `${k}=${v}`]);
  const out = execFileSync(SYSTEM_PYTHON, ["-B", join(HARNESS, script), ...args, ...envArgs], {
    encoding: "utf8",
    timeout: 30_000,
    maxBuffer: 4 * 1024 * 1024,
  });
  return JSON.parse(out) as T;
}
