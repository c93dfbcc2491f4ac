/**
 * Runs the application's real Django database client once, pointed at the intercepting proxy: the project's own
 * Python loads its settings, and libpq dials `hostaddr:port` while HOST, sslmode, sslrootcert and the rest stay as
 * configured (python/wirewarden_django_client.py). The result is what the client said, verbatim.
 */
import { fileURLToPath } from "node:url";
import { redactSecrets } from "../core/redact.js";
import { type ChildOutcome, rawOutput, runBounded, spawnFailure } from "./bounded-run.js";

/** One run of a real database client through the proxy. */
export interface ClientRun {
  ok: boolean;
  /**
   * Where it failed. Django: import, settings, alias, connect, query; psql: connect, query. Either: timeout,
   * request (the driver rejected the request), python / psql (the program could not be run), dsn.
   */
  stage?: string;
  /** `<exception class>: <message>` (Django) or a one-line summary. */
  error?: string;
  /** The libpq (psycopg2, psql) message text, verbatim but for secrets and the final newline. */
  libpq?: string;
  /** HOST as configured: the name certificates are verified against. */
  host?: string;
  engine?: string;
  sslmode?: string | null;
  libpqVersion?: number;
  durationMs: number;
  /** The client's output, redacted and capped, when it did not answer as expected. */
  raw?: string;
}

export interface DjangoClientOptions {
  /** The project's Python interpreter (its virtualenv's, so that its settings import). */
  python: string;
  /** Absolute path of the directory that holds the settings package (where manage.py is). */
  project: string;
  /** Dotted settings module, e.g. shop.settings.production. */
  settings: string;
  alias: string;
  hostaddr: string;
  port: number;
  /** The client's whole environment (plus PYTHONDONTWRITEBYTECODE=1): nothing is inherited from this process. */
  env: Record<string, string>;
  timeoutMs: number;
  /**
   * Replaces the alias's root certificate (absolute path): the pooler-leg proof, where the client leg is not under
   * attack, has the client's own sslmode check a lab pooler's certificate.
   */
  sslrootcert?: string;
  /** `wirewarden-marker-<hex>`: the client runs `SELECT '<marker>'` instead of `SELECT 1`. */
  marker?: string;
}

export const DJANGO_CLIENT_SCRIPT = fileURLToPath(
  new URL("../../python/wirewarden_django_client.py", import.meta.url),
);

/** The result of a client run killed at its deadline. */
export function timedOutRun(c: ChildOutcome, timeoutMs: number) {
  return {
    ok: false,
    stage: "timeout",
    error: `no answer within ${timeoutMs} ms: the process group was killed`,
    durationMs: c.durationMs,
    raw: rawOutput(c),
  } satisfies ClientRun;
}

function exitText(c: ChildOutcome): string {
  return c.signal ? `killed by ${c.signal}` : `exit code ${c.code}`;
}

/** libpq's connect_timeout (whole seconds; libpq treats 1 as 2) well inside our own bound. */
function connectTimeoutSeconds(timeoutMs: number): number {
  return Math.max(2, Math.floor(timeoutMs / 2000));
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
/** libpq ends every message with a newline; the text is kept verbatim otherwise. */
const message = (v: unknown): string | undefined => str(v)?.replace(/\n+$/, "");

/** The reply line of the driver script: the last stdout line that is a JSON object with a boolean `ok`. */
function parseReply(stdout: string): Record<string, unknown> | undefined {
  const lines = stdout.split("\n").filter((l) => l.trim() !== "");
  for (let i = lines.length - 1; i >= 0; i--) {
    try {
      const v = JSON.parse(lines[i] as string) as unknown;
      if (v && typeof v === "object" && typeof (v as { ok?: unknown }).ok === "boolean")
        return v as Record<string, unknown>;
    } catch {
      // not the reply line
    }
  }
  return undefined;
}

export async function runDjangoClient(o: DjangoClientOptions): Promise<ClientRun> {
  const request = {
    project: o.project,
    settings: o.settings,
    alias: o.alias,
    hostaddr: o.hostaddr,
    port: o.port,
    connect_timeout: connectTimeoutSeconds(o.timeoutMs),
    ...(o.sslrootcert ? { sslrootcert: o.sslrootcert } : {}),
    ...(o.marker ? { marker: o.marker } : {}),
  };
  const c = await runBounded(o.python, ["-B", DJANGO_CLIENT_SCRIPT], {
    env: { ...o.env, PYTHONDONTWRITEBYTECODE: "1" },
    timeoutMs: o.timeoutMs,
    input: JSON.stringify(request),
  });
  const durationMs = c.durationMs;
  if (c.spawnError)
    return { ok: false, stage: "python", error: spawnFailure(o.python, c.spawnError), durationMs };
  const reply = c.timedOut ? undefined : parseReply(c.stdout);
  if (!reply) {
    const raw = rawOutput(c);
    if (c.timedOut) return timedOutRun(c, o.timeoutMs);
    if (c.code === 3) {
      const why = c.stderr.trim().split("\n").at(-1) ?? "";
      return { ok: false, stage: "request", error: redactSecrets(why), durationMs, raw };
    }
    return {
      ok: false,
      stage: "python",
      error: `${o.python} ran the client script but gave no reply (${exitText(c)})`,
      durationMs,
      raw,
    };
  }
  const run: ClientRun = { ok: reply.ok === true, durationMs, sslmode: str(reply.sslmode) ?? null };
  const stage = str(reply.stage);
  if (stage !== undefined) run.stage = stage;
  const error = message(reply.error);
  if (error !== undefined) run.error = error;
  const libpq = message(reply.libpq);
  if (libpq !== undefined) run.libpq = libpq;
  const host = str(reply.host);
  if (host !== undefined) run.host = host;
  const engine = str(reply.engine);
  if (engine !== undefined) run.engine = engine;
  if (typeof reply.libpq_version === "number") run.libpqVersion = reply.libpq_version;
  return run;
}
