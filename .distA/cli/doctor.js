/**
 * `wirewarden doctor`: the facts a bug report needs and what `prove` and `scan --runtime` will find on this machine
 * — wirewarden's and Node's versions, the Python given (its Django, driver and the libpq that driver loads), psql for
 * `prove --dsn`, git for `--diff-base` — each with how to install it when it is missing. Runs nothing of a project.
 */
import { spawnSync } from "node:child_process";
import { VERSION } from "../engine/version.js";
import { findPsql } from "../mitm/psql-client.js";
/** The driver Django's postgresql backend imports (its `Database`), as the checks and prove read it. */
const PYTHON_FACTS = `
import json, sys
out = {"python": sys.version.split()[0]}
try:
    import django
    out["django"] = django.get_version()
except Exception as e:
    out["django_error"] = type(e).__name__
try:
    from django.db.backends.postgresql import base
    driver = base.Database
    if driver.__name__ == "psycopg":
        out["driver"] = "psycopg " + driver.__version__
        out["libpq"] = driver.pq.version()
    else:
        import psycopg2.extensions
        out["driver"] = "psycopg2 " + driver.__version__.split()[0]
        out["libpq"] = psycopg2.extensions.libpq_version()
except Exception as e:
    out["driver_error"] = type(e).__name__
print(json.dumps(out))
`;
/** 180006 → 18.6, 150018 → 15.18 (PQlibVersion). */
export function libpqVersionText(n) {
    return `${Math.floor(n / 10000)}.${n % 10000}`;
}
function run(cmd, args) {
    const r = spawnSync(cmd, args, {
        encoding: "utf8",
        timeout: 30_000,
        env: { PATH: process.env.PATH ?? "" },
    });
    return { ok: !r.error && r.status === 0, out: (r.stdout || "").trim() };
}
export function registerDoctor(program, io) {
    program
        .command("doctor")
        .summary("print the versions and peers a bug report needs, and what prove and scan --runtime will find here")
        .option("--python <path>", "the project's Python to look at", "python3")
        .action((flags) => {
        const lines = [
            `wirewarden ${VERSION}`,
            `node ${process.version} (${process.platform} ${process.arch})`,
        ];
        const py = run(flags.python, ["-I", "-c", PYTHON_FACTS]);
        let facts = {};
        try {
            facts = py.ok ? JSON.parse(py.out) : {};
        }
        catch {
            facts = {};
        }
        if (!py.ok || !facts.python)
            lines.push(`python: ${flags.python} not found or not runnable (prove and scan --runtime need the project's Python: --python)`);
        else {
            lines.push(`python: ${flags.python} ${facts.python}`);
            lines.push(facts.django
                ? `  django ${facts.django}`
                : "  django: not importable (pip install Django, or Debian's python3-django)");
            lines.push(facts.driver
                ? `  ${facts.driver}, libpq ${typeof facts.libpq === "number" ? libpqVersionText(facts.libpq) : "?"}`
                : "  no PostgreSQL driver (pip install 'psycopg[binary]' or psycopg2-binary, or Debian's python3-psycopg2)");
        }
        const psql = findPsql(process.env.PATH);
        lines.push(psql
            ? `psql: ${psql} (${run(psql, ["--version"]).out || "version unknown"})`
            : "psql: not found (prove --dsn needs it: apt-get install -y postgresql-client)");
        const git = run("git", ["--version"]);
        lines.push(git.ok ? `git: ${git.out}` : "git: not found (scan --diff-base needs it)");
        io.stdout(`${lines.join("\n")}\n`);
    });
}
//# sourceMappingURL=doctor.js.map