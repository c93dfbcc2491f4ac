/**
 * Runs the real `psql` once with the user's DSN, pointed at the intercepting proxy through libpq's `hostaddr` and
 * `port` while `host`, `sslmode`, `sslrootcert`, `channel_binding` and the rest stay as the user wrote them.
 */
import { accessSync, constants, existsSync, readdirSync } from "node:fs";
import { delimiter, join } from "node:path";
import { redactSecrets } from "../core/redact.js";
import { ConninfoError, parseConninfo } from "../libpq/conninfo.js";
import { rawOutput, runBounded, spawnFailure } from "./bounded-run.js";
import { timedOutRun } from "./django-client.js";
const quoteValue = (v) => `'${v.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
/**
 * The user's DSN with only `hostaddr` (once per entry of a host list) and `port` replaced, as a key=value
 * conninfo without the password, which is returned apart for PGPASSWORD.
 */
export function withProxyAddress(dsn, hostaddr, port) {
    const options = parseConninfo(dsn);
    const password = options.get("password");
    options.delete("password");
    const host = options.get("host") ?? "";
    const hosts = host === "" ? 1 : host.split(",").length;
    options.set("hostaddr", Array(hosts).fill(hostaddr).join(","));
    options.set("port", String(port));
    const conninfo = [...options].map(([k, v]) => `${k}=${quoteValue(v)}`).join(" ");
    return password === undefined ? { conninfo, host } : { conninfo, password, host };
}
function isExecutable(path) {
    try {
        accessSync(path, constants.X_OK);
        return true;
    }
    catch {
        return false;
    }
}
/** `psql` on `pathEnv`, else the newest /usr/lib/postgresql/<version>/bin/psql. */
export function findPsql(pathEnv) {
    for (const dir of (pathEnv ?? "").split(delimiter)) {
        if (dir === "")
            continue;
        const candidate = join(dir, "psql");
        if (isExecutable(candidate))
            return candidate;
    }
    const root = "/usr/lib/postgresql";
    const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+(\.\d+)?$/.test(v)) : [];
    return versions
        .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
        .map((v) => join(root, v, "bin", "psql"))
        .find(isExecutable);
}
/** psql's stderr as libpq wrote it: without psql's own "psql: error: " prefix. */
function libpqText(stderr, password) {
    const text = stderr.trim().replace(/^psql: error: /, "");
    return password ? redactSecrets(text, { known: [password] }) : text;
}
export async function runPsqlClient(o) {
    let proxied;
    let sslmode;
    try {
        proxied = withProxyAddress(o.dsn, o.hostaddr, o.port);
        sslmode = parseConninfo(o.dsn).get("sslmode") ?? null;
    }
    catch (e) {
        if (!(e instanceof ConninfoError))
            throw e;
        return { ok: false, stage: "dsn", error: `the DSN cannot be parsed: ${e.message}`, durationMs: 0 };
    }
    const base = { host: proxied.host, sslmode };
    const psql = o.psql ?? findPsql(o.env.PATH ?? process.env.PATH);
    if (!psql)
        return {
            ok: false,
            stage: "psql",
            error: "psql not found on PATH or in /usr/lib/postgresql/*/bin: install postgresql-client (apt-get install -y postgresql-client)",
            durationMs: 0,
            ...base,
        };
    const env = {
        PGCONNECT_TIMEOUT: String(Math.max(2, Math.floor(o.timeoutMs / 2000))),
        ...o.env,
    };
    if (proxied.password !== undefined)
        env.PGPASSWORD = proxied.password;
    const c = await runBounded(psql, ["-X", "-A", "-t", "-w", "-c", "SELECT 1", "-d", proxied.conninfo], {
        env,
        timeoutMs: o.timeoutMs,
    });
    const durationMs = c.durationMs;
    if (c.spawnError)
        return { ok: false, stage: "psql", error: spawnFailure(psql, c.spawnError), durationMs, ...base };
    if (c.timedOut)
        return { ...timedOutRun(c, o.timeoutMs), ...base };
    if (c.code === 0 && c.stdout.trim() === "1")
        return { ok: true, durationMs, ...base };
    if (c.code === 0)
        return {
            ok: false,
            stage: "query",
            error: "psql printed no 1 for SELECT 1",
            durationMs,
            raw: rawOutput(c),
            ...base,
        };
    // psql exits 2 when the connection fails, 1 when the query fails.
    return {
        ok: false,
        stage: c.code === 2 ? "connect" : "query",
        error: `psql ${c.signal ? `killed by ${c.signal}` : `exited with code ${c.code}`}`,
        libpq: libpqText(c.stderr, proxied.password),
        durationMs,
        ...base,
    };
}
//# sourceMappingURL=psql-client.js.map