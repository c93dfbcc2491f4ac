/**
 * Throwaway PgBouncer poolers for tests and the bench: Debian's `pgbouncer` (1.18 on Debian 12) in front of an
 * upstream the caller names, with its own pgbouncer.ini and userlist.txt in a temp dir, on a free loopback port,
 * in the foreground (no -d, no pidfile) so that stop() or process exit ends it. Debian's package installs a system
 * service with /etc/pgbouncer/pgbouncer.ini: nothing here reads, starts or stops it.
 *
 * Option names, values and defaults below were read in the 1.18 man page (pgbouncer(5), installed with the
 * package) and measured by test/lab/pgbouncer.test.ts:
 * - server_tls_sslmode: disable | allow | prefer | require | verify-ca | verify-full; in 1.18 the default is
 *   `disable` ("TCP is not even requested from the server"). PgBouncer PR #866 (merged July 2023, after 1.18)
 *   made it `prefer`. prefer and require never validate the certificate; verify-ca and verify-full check it
 *   against server_tls_ca_file, verify-full also the host name of the [databases] entry.
 * - client_tls_sslmode: disable (default) | allow | prefer | require | verify-ca | verify-full, with
 *   client_tls_key_file and client_tls_cert_file; client_tls_protocols and server_tls_protocols default to
 *   `secure` (TLS 1.2 and 1.3).
 * - auth_type: cert, md5 (the default), scram-sha-256, plain, trust, any, hba, pam. auth_file lines are
 *   `"user" "password"`; a plain-text password there is also what PgBouncer logs in to the server with.
 * - SIGTERM is an immediate shutdown (pgbouncer(1)); SIGINT waits for clients.
 * - Measured: while its server login fails (no TLS where required, a certificate that does not verify), 1.18 tells
 *   the waiting client nothing until query_wait_timeout (default 120 s), then "FATAL 08P01 query_wait_timeout".
 * PgBouncer exits with "FATAL PgBouncer should not run as root", so as root it runs as `postgres`, as the lab's
 * PostgreSQL does.
 */
import { spawn, spawnSync } from "node:child_process";
import { chownSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { stopEntry, track } from "./children.js";
import { freePort, serverOwner, writeOwned } from "./pg-cluster.js";
const HOST = "127.0.0.1";
const DEFAULT_BIN = "/usr/sbin/pgbouncer";
const INSTALL_HINT = "install Debian package pgbouncer (apt-get install -y pgbouncer)";
/** PgBouncer 1.18 is listening in ~20 ms; 10 s is far beyond any healthy start. */
const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
const PORT_ATTEMPTS = 5;
const POLL_MS = 20;
const CHILD_ENV = { PATH: process.env.PATH ?? "/usr/bin:/bin", LC_ALL: "C" };
/** `$PGBOUNCER_BIN` if set, else Debian's /usr/sbin/pgbouncer, else the first `pgbouncer` on PATH. */
export function findPgBouncer() {
    const fromEnv = process.env.PGBOUNCER_BIN;
    if (fromEnv)
        return existsSync(fromEnv) ? fromEnv : undefined;
    if (existsSync(DEFAULT_BIN))
        return DEFAULT_BIN;
    return (process.env.PATH ?? "")
        .split(delimiter)
        .filter(Boolean)
        .map((d) => join(d, "pgbouncer"))
        .find((p) => existsSync(p));
}
/** The pgbouncer binary; throws saying what to install when it is missing. Never a silent fallback. */
export function requirePgBouncer() {
    const bin = findPgBouncer();
    if (!bin)
        throw new Error(`PgBouncer not found (${process.env.PGBOUNCER_BIN ? `PGBOUNCER_BIN=${process.env.PGBOUNCER_BIN}` : `${DEFAULT_BIN} or PATH`}): ${INSTALL_HINT}`);
    return bin;
}
/** "1.18.0", from the first line of `pgbouncer --version` ("PgBouncer 1.18.0"). */
export function pgBouncerVersion(bin = requirePgBouncer()) {
    const r = spawnSync(bin, ["--version"], { encoding: "utf8", timeout: 10_000, env: CHILD_ENV });
    const m = /PgBouncer (\S+)/.exec(r.stdout ?? "");
    if (!m?.[1])
        throw new Error(`${bin} --version said nothing recognisable: ${(r.stderr ?? "").trim()}`);
    return m[1];
}
/**
 * A path as a pgbouncer.ini value. The ini reader takes a value verbatim to the end of the line (measured: quotes
 * stay part of the file name), so a path with a character it could misread is refused instead of quoted.
 */
function iniPath(path) {
    if (/[\s;#'"]/.test(path))
        throw new Error(`startPgBouncer: cannot write the path ${JSON.stringify(path)} into pgbouncer.ini (set TMPDIR to a plain path)`);
    return path;
}
/** A field of auth_file: double-quoted, a double quote written twice (pgbouncer(5)). */
const authField = (s) => `"${s.replaceAll('"', '""')}"`;
/** The login part of a [databases] entry; values PgBouncer's connstring parser could split are refused. */
function login(l) {
    if (!l)
        return "";
    for (const v of [l.user, l.password, l.dbname])
        if (!/^[A-Za-z0-9_.-]+$/.test(v))
            throw new Error(`startPgBouncer: upstream login values must be plain words (got ${JSON.stringify(v)})`);
    return ` user=${l.user} password=${l.password} dbname=${l.dbname}`;
}
function configure(o, dir, port, own) {
    if (o.users.some((u) => /[\n\r]/.test(u.name + u.password)))
        throw new Error("startPgBouncer: a user name or password contains a line break");
    writeOwned(own, join(dir, "userlist.txt"), o.users.map((u) => `${authField(u.name)} ${authField(u.password)}\n`).join(""));
    const lines = [
        "[databases]",
        `* = host=${o.upstream.host} port=${o.upstream.port}${login(o.upstream.login)}`,
        "",
        "[pgbouncer]",
        `listen_addr = ${HOST}`,
        `listen_port = ${port}`,
        // No Unix socket: the default /tmp could clash with the system service's and another lab's .s.PGSQL.<port>.
        "unix_socket_dir =",
        `auth_type = ${o.authType}`,
        `auth_file = ${iniPath(join(dir, "userlist.txt"))}`,
    ];
    if (o.serverTlsSslmode)
        lines.push(`server_tls_sslmode = ${o.serverTlsSslmode}`);
    if (o.serverTlsCaFile !== undefined) {
        writeOwned(own, join(dir, "server-ca.pem"), o.serverTlsCaFile);
        lines.push(`server_tls_ca_file = ${iniPath(join(dir, "server-ca.pem"))}`);
    }
    if (o.clientTls) {
        writeOwned(own, join(dir, "client-tls.crt"), o.clientTls.certPem);
        writeOwned(own, join(dir, "client-tls.key"), o.clientTls.keyPem);
        lines.push(`client_tls_sslmode = ${o.clientTlsSslmode ?? "require"}`, `client_tls_cert_file = ${iniPath(join(dir, "client-tls.crt"))}`, `client_tls_key_file = ${iniPath(join(dir, "client-tls.key"))}`);
    }
    else if (o.clientTlsSslmode)
        lines.push(`client_tls_sslmode = ${o.clientTlsSslmode}`);
    // Caller settings last: a later line for the same key wins in PgBouncer's ini parser.
    for (const [k, v] of Object.entries(o.settings ?? {}))
        lines.push(`${k} = ${v}`);
    const ini = `${lines.join("\n")}\n`;
    writeOwned(own, join(dir, "pgbouncer.ini"), ini);
    return ini;
}
/** True once a TCP connect to host:port is accepted (the listener is up); false on refusal. */
function accepts(host, port) {
    return new Promise((resolve) => {
        const s = connect({ host, port });
        const done = (ok) => {
            s.destroy();
            resolve(ok);
        };
        s.setTimeout(1_000, () => done(false));
        s.once("connect", () => done(true));
        s.once("error", () => done(false));
    });
}
async function waitListening(child, port, log) {
    const deadline = Date.now() + START_TIMEOUT_MS;
    let spawnError;
    child.once("error", (e) => {
        spawnError = e;
    });
    for (;;) {
        if (spawnError)
            return { kind: "failed", why: spawnError.message };
        if (child.exitCode !== null || child.signalCode !== null) {
            if (/Address already in use/i.test(log()))
                return { kind: "port-in-use" };
            return { kind: "failed", why: `exited with ${child.exitCode ?? child.signalCode}` };
        }
        if (await accepts(HOST, port))
            return { kind: "ready" };
        if (Date.now() > deadline)
            return { kind: "failed", why: `not listening within ${START_TIMEOUT_MS / 1000} s` };
        await new Promise((r) => setTimeout(r, POLL_MS));
    }
}
/** Starts PgBouncer on a free port of 127.0.0.1, configured by `o`, and waits until it accepts connections. */
export async function startPgBouncer(o) {
    const bin = requirePgBouncer();
    const own = serverOwner();
    const dir = mkdtempSync(join(tmpdir(), "wirewarden-pgbouncer-"));
    if (own)
        chownSync(dir, own.uid, own.gid);
    const entry = { dir, stopSignal: "SIGTERM" };
    track(entry);
    const logPath = join(dir, "pgbouncer.log");
    let lastLog = "";
    const log = () => {
        if (existsSync(logPath))
            lastLog = readFileSync(logPath, "utf8");
        return lastLog;
    };
    let stopping;
    const stop = () => (stopping ??= stopEntry(entry, STOP_TIMEOUT_MS, log));
    try {
        for (let attempt = 1;; attempt++) {
            const port = await freePort(HOST);
            const ini = configure(o, dir, port, own);
            const fd = openSync(logPath, "w");
            const child = spawn(bin, [join(dir, "pgbouncer.ini")], {
                cwd: dir,
                env: CHILD_ENV,
                stdio: ["ignore", fd, fd],
                ...(own ? { uid: own.uid, gid: own.gid } : {}),
            });
            closeSync(fd);
            // A forgotten stop() must not keep the test process alive; the exit hook in children.ts still ends it.
            child.unref();
            entry.child = child;
            const outcome = await waitListening(child, port, log);
            if (outcome.kind === "ready")
                return { host: HOST, port, dir, ini, stop, log };
            if (outcome.kind === "port-in-use" && attempt < PORT_ATTEMPTS)
                continue;
            const why = outcome.kind === "failed" ? outcome.why : `port still in use after ${PORT_ATTEMPTS} attempts`;
            throw new Error(`PgBouncer (${bin}) did not start: ${why}. Last lines of its log:\n${log().trimEnd().split("\n").slice(-20).join("\n")}`);
        }
    }
    catch (e) {
        await stop();
        throw e;
    }
}
//# sourceMappingURL=pgbouncer.js.map