import { fileURLToPath } from "node:url";
import { rawOutput, runBounded, spawnFailure } from "./bounded-run.js";
const DESCRIBE_SCRIPT = fileURLToPath(new URL("../../python/wirewarden_django_describe.py", import.meta.url));
/**
 * The aliases of a settings module as the application's own Python evaluates them (HOST is what the attacker's
 * certificate must name). An error here is the user's: a Python without Django, settings that fail to import.
 */
export async function describeDjango(o) {
    const c = await runBounded(o.python, ["-B", DESCRIBE_SCRIPT], {
        env: { ...o.env, PYTHONDONTWRITEBYTECODE: "1" },
        timeoutMs: o.timeoutMs,
        input: JSON.stringify({
            project: o.project,
            settings: o.settings,
            ...(o.runtime ? { runtime: true } : {}),
        }),
    });
    if (c.spawnError)
        return { error: `--python ${spawnFailure(o.python, c.spawnError)}` };
    if (c.timedOut)
        return { error: `loading ${o.settings} took more than ${o.timeoutMs} ms` };
    const line = c.stdout.trim().split("\n").at(-1) ?? "";
    let reply;
    try {
        reply = JSON.parse(line);
    }
    catch {
        return { error: `${o.python} could not load the settings: ${rawOutput(c) ?? `exit code ${c.code}`}` };
    }
    if (reply.ok && Array.isArray(reply.aliases))
        return {
            aliases: reply.aliases,
            ...(reply.runtime && Array.isArray(reply.runtime.aliases) ? { runtime: reply.runtime } : {}),
        };
    if (reply.stage === "import")
        return {
            error: `${o.python} cannot import Django and its PostgreSQL driver (${reply.error}); pass the project's Python with --python`,
        };
    return { error: `the settings module ${o.settings} failed to import: ${reply.error ?? "unknown error"}` };
}
//# sourceMappingURL=django-describe.js.map