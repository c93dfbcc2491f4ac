/**
 * Runs the application's real Django database client once, pointed at the intercepting proxy: the project's own
 * Python loads its settings, and libpq dials `hostaddr:port` while HOST, sslmode, sslrootcert and the rest stay as
 * configured (python/wirewarden_django_client.py). The result is what the client said, verbatim.
 */
import { fileURLToPath } from "node:url";
import { redactSecrets } from "../core/redact.js";
import { rawOutput, runBounded, spawnFailure } from "./bounded-run.js";
export const DJANGO_CLIENT_SCRIPT = fileURLToPath(new URL("../../python/wirewarden_django_client.py", import.meta.url));
/** The result of a client run killed at its deadline. */
export function timedOutRun(c, timeoutMs) {
    return {
        ok: false,
        stage: "timeout",
        error: `no answer within ${timeoutMs} ms: the process group was killed`,
        durationMs: c.durationMs,
        raw: rawOutput(c),
    };
}
function exitText(c) {
    return c.signal ? `killed by ${c.signal}` : `exit code ${c.code}`;
}
/** libpq's connect_timeout (whole seconds; libpq treats 1 as 2) well inside our own bound. */
function connectTimeoutSeconds(timeoutMs) {
    return Math.max(2, Math.floor(timeoutMs / 2000));
}
const str = (v) => (typeof v === "string" ? v : undefined);
/** libpq ends every message with a newline; the text is kept verbatim otherwise. */
const message = (v) => str(v)?.replace(/\n+$/, "");
/** The reply line of the driver script: the last stdout line that is a JSON object with a boolean `ok`. */
function parseReply(stdout) {
    const lines = stdout.split("\n").filter((l) => l.trim() !== "");
    for (let i = lines.length - 1; i >= 0; i--) {
        try {
            const v = JSON.parse(lines[i]);
            if (v && typeof v === "object" && typeof v.ok === "boolean")
                return v;
        }
        catch {
            // not the reply line
        }
    }
    return undefined;
}
export async function runDjangoClient(o) {
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
        if (c.timedOut)
            return timedOutRun(c, o.timeoutMs);
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
    const run = { ok: reply.ok === true, durationMs, sslmode: str(reply.sslmode) ?? null };
    const stage = str(reply.stage);
    if (stage !== undefined)
        run.stage = stage;
    const error = message(reply.error);
    if (error !== undefined)
        run.error = error;
    const libpq = message(reply.libpq);
    if (libpq !== undefined)
        run.libpq = libpq;
    const host = str(reply.host);
    if (host !== undefined)
        run.host = host;
    const engine = str(reply.engine);
    if (engine !== undefined)
        run.engine = engine;
    if (typeof reply.libpq_version === "number")
        run.libpqVersion = reply.libpq_version;
    return run;
}
//# sourceMappingURL=django-client.js.map