import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, initTemplate, startCluster } from "../../src/lab/pg-cluster.js";
import { parseConninfo } from "../../src/libpq/conninfo.js";
import { type ClientRun, runDjangoClient } from "../../src/mitm/django-client.js";
import { findPsql, runPsqlClient, withProxyAddress } from "../../src/mitm/psql-client.js";
import { type CertificateAuthority, createCa } from "../../src/tls/certs.js";

const PYTHON = "/usr/bin/python3";
const INSTALL_HINT = "apt-get install -y postgresql python3-django python3-psycopg2";
/** The name in HOST: it does not resolve, so only hostaddr can route the connection. */
const DB_HOST = "db.lab.test";
const PASSWORD = "wirewarden-lab";
const MISMATCH = 'server certificate for "other.lab.test" does not match host name "db.lab.test"';
const ENV = { PATH: process.env.PATH ?? "/usr/bin:/bin", LC_ALL: "C" };

/** Alive and not a zombie (an orphan's zombie stays until PID 1 reaps it). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

const keyValues = (conninfo: string) => Object.fromEntries(parseConninfo(conninfo));

describe("withProxyAddress", () => {
  it("URL: percent-decodes user, password, dbname and query values; overrides only hostaddr and port", () => {
    const r = withProxyAddress(
      "postgresql://app%40corp:p%40ss%3Aw0rd@db.example.com:26257/shop%20db?sslmode=verify-full&sslrootcert=%2Fetc%2Fssl%2Fca.pem&channel_binding=require&application_name=a+b",
      "127.0.0.1",
      45678,
    );
    expect(r.password).toBe("p@ss:w0rd");
    expect(r.host).toBe("db.example.com");
    expect(r.conninfo).not.toContain("w0rd");
    expect(keyValues(r.conninfo)).toEqual({
      user: "app@corp",
      host: "db.example.com",
      port: "45678",
      dbname: "shop db",
      sslmode: "verify-full",
      sslrootcert: "/etc/ssl/ca.pem",
      channel_binding: "require",
      application_name: "a+b",
      hostaddr: "127.0.0.1",
    });
  });

  it("URL: a host list gets one hostaddr per host; ssl=true reads as sslmode=require, as in libpq", () => {
    const r = withProxyAddress("postgres://u@h1:5432,[::1]:5433/db?ssl=true", "127.0.0.1", 9);
    expect(r.password).toBeUndefined();
    expect(keyValues(r.conninfo)).toEqual({
      user: "u",
      host: "h1,::1",
      port: "9",
      dbname: "db",
      sslmode: "require",
      hostaddr: "127.0.0.1,127.0.0.1",
    });
  });

  it("key=value: quoted values with escapes and spaces around '='; an existing hostaddr is replaced", () => {
    const r = withProxyAddress(
      String.raw`host=db.example.com hostaddr=10.0.0.7 port = 5432 dbname='my db' password='it\'s a \\secret' sslrootcert='/etc/ssl/ca.pem' sslmode=verify-full`,
      "127.0.0.1",
      45678,
    );
    expect(r.password).toBe(String.raw`it's a \secret`);
    expect(r.host).toBe("db.example.com");
    expect(keyValues(r.conninfo)).toEqual({
      host: "db.example.com",
      hostaddr: "127.0.0.1",
      port: "45678",
      dbname: "my db",
      sslrootcert: "/etc/ssl/ca.pem",
      sslmode: "verify-full",
    });
  });

  it("rejects malformed DSNs as libpq does", () => {
    expect(() => withProxyAddress("host=db port", "127.0.0.1", 1)).toThrow('missing "=" after "port"');
    expect(() => withProxyAddress("host='db", "127.0.0.1", 1)).toThrow("unterminated quoted string");
    expect(() => withProxyAddress("postgresql://db/x?sslmode", "127.0.0.1", 1)).toThrow(
      "missing key/value separator",
    );
    expect(() => withProxyAddress("postgresql://u:%zz@db/x", "127.0.0.1", 1)).toThrow("percent-encoded");
  });
});

describe("real clients through hostaddr/port: verify-full against HOST, not the address dialled", () => {
  let ca: CertificateAuthority;
  let good: Cluster; // certificate for db.lab.test
  let wrongName: Cluster; // certificate for other.lab.test, from the same trusted CA
  let dir: string;
  let caFile: string;
  const runs: Record<string, ClientRun> = {};

  const django = async (
    name: string,
    over: { settings?: string; alias?: string; port?: number; python?: string },
  ) => {
    const r = await runDjangoClient({
      python: over.python ?? PYTHON,
      project: join(dir, "project"),
      settings: over.settings ?? "shop.settings",
      alias: over.alias ?? "default",
      hostaddr: "127.0.0.1",
      port: over.port ?? good.port,
      env: ENV,
      timeoutMs: 20_000,
    });
    runs[name] = r;
    // Whatever happened, the password is in no field of the result.
    expect(JSON.stringify(r)).not.toContain(PASSWORD);
    return r;
  };

  beforeAll(async () => {
    const py = spawnSync(PYTHON, ["-B", "-c", "import django, psycopg2"], {
      encoding: "utf8",
      timeout: 20_000,
    });
    if (py.status !== 0)
      throw new Error(`${PYTHON} cannot import django and psycopg2 (${py.stderr?.trim()}): ${INSTALL_HINT}`);
    if (!findPsql(process.env.PATH)) throw new Error(`psql not found: ${INSTALL_HINT}`);
    try {
      await initTemplate();
    } catch (e) {
      throw new Error(`${(e as Error).message} (${INSTALL_HINT})`);
    }
    ca = await createCa();
    const hba = ["hostssl all all 127.0.0.1/32 scram-sha-256"];
    [good, wrongName] = await Promise.all([
      startCluster({ ssl: true, hba, server: await ca.issue({ commonName: DB_HOST, dnsNames: [DB_HOST] }) }),
      startCluster({
        ssl: true,
        hba,
        server: await ca.issue({ commonName: "other.lab.test", dnsNames: ["other.lab.test"] }),
      }),
    ]);
    expect(good.password).toBe(PASSWORD);

    dir = mkdtempSync(join(tmpdir(), "wirewarden-clients-"));
    caFile = join(dir, "ca.crt");
    writeFileSync(caFile, ca.certPem);
    const shop = join(dir, "project", "shop");
    mkdirSync(shop, { recursive: true });
    writeFileSync(join(shop, "__init__.py"), "");
    // PORT is not the server's: the client must take the port it is given.
    writeFileSync(
      join(shop, "settings.py"),
      `SECRET_KEY = "test-only"
INSTALLED_APPS = []
USE_TZ = True
_DB = {
    "ENGINE": "django.db.backends.postgresql",
    "NAME": "postgres",
    "USER": "postgres",
    "PASSWORD": ${JSON.stringify(PASSWORD)},
    "HOST": ${JSON.stringify(DB_HOST)},
    "PORT": "26257",
    "OPTIONS": {"sslmode": "verify-full", "sslrootcert": ${JSON.stringify(caFile)}},
}
DATABASES = {
    "default": _DB,
    # a libpq message that carries the password value: it must come back scrubbed
    "leaky": {**_DB, "OPTIONS": {"sslmode": "verify-full", "sslrootcert": "/nonexistent/${PASSWORD}.crt"}},
}
`,
    );
    writeFileSync(
      join(shop, "broken.py"),
      'from .settings import *  # noqa\nraise RuntimeError("settings exploded: SHOP_DB_URL is not set")\n',
    );
    // -S hides dist-packages, where Debian's Django lives.
    writeFileSync(join(dir, "python-without-django"), `#!/bin/sh\nexec ${PYTHON} -S "$@"\n`);
    writeFileSync(join(dir, "hanging-python"), `#!/bin/sh\nsleep 30 &\necho $! > "${dir}/sleep.pid"\nwait\n`);
    chmodSync(join(dir, "python-without-django"), 0o755);
    chmodSync(join(dir, "hanging-python"), 0o755);
  });

  afterAll(async () => {
    await Promise.all([good?.stop(), wrongName?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
    // Timings for the record: python start-up + django.setup + connect, psql start-up + connect.
    console.log(
      Object.entries(runs)
        .map(([name, r]) => `${name}: ${r.durationMs} ms`)
        .join("\n"),
    );
  });

  it("Django: connects and runs SELECT 1 with HOST=db.lab.test (unresolvable) routed by hostaddr", async () => {
    const r = await django("django ok", {});
    expect(r).toMatchObject({ ok: true, host: DB_HOST, sslmode: "verify-full" });
    expect(r.engine).toBe("django.db.backends.postgresql");
    expect(r.libpqVersion).toBeGreaterThanOrEqual(100000);
    expect(r.stage).toBeUndefined();
    // No __pycache__ was written into the project.
    expect(existsSync(join(dir, "project", "shop", "__pycache__"))).toBe(false);
  });

  it("Django: a certificate for another name is refused with libpq's host-name message", async () => {
    const r = await django("django mismatch", { port: wrongName.port });
    expect(r).toMatchObject({ ok: false, stage: "connect", host: DB_HOST });
    expect(r.libpq).toContain(MISMATCH);
    expect(r.error).toMatch(/^django\.db\.utils\.OperationalError: /);
  });

  it("Django: a password inside a libpq message is replaced by ****", async () => {
    const r = await django("django leaky", { alias: "leaky" });
    expect(r).toMatchObject({ ok: false, stage: "connect" });
    expect(r.libpq).toContain('"/nonexistent/****.crt"');
  });

  it("Django: settings that fail to import → stage settings with the exception text", async () => {
    const r = await django("django settings", { settings: "shop.broken" });
    expect(r).toMatchObject({
      ok: false,
      stage: "settings",
      error: "RuntimeError: settings exploded: SHOP_DB_URL is not set",
    });
  });

  it("Django: an alias that does not exist → stage alias, listing the aliases there are", async () => {
    const r = await django("django alias", { alias: "analytics" });
    expect(r).toMatchObject({ ok: false, stage: "alias" });
    expect(r.error).toContain("'analytics'");
    expect(r.error).toContain("aliases: default, leaky");
  });

  it("Django: a Python without Django → stage import", async () => {
    const r = await django("django import", { python: join(dir, "python-without-django") });
    expect(r).toMatchObject({ ok: false, stage: "import" });
    expect(r.error).toMatch(/ModuleNotFoundError: No module named '(django|psycopg2)'/);
  });

  it("Django: a missing interpreter → stage python, not found", async () => {
    const r = await django("django no python", { python: join(dir, "no-such-python") });
    expect(r).toMatchObject({ ok: false, stage: "python" });
    expect(r.error).toContain("not found");
  });

  it("a client that does not answer is killed with its whole process group → stage timeout", async () => {
    const r = await runDjangoClient({
      python: join(dir, "hanging-python"),
      project: join(dir, "project"),
      settings: "shop.settings",
      alias: "default",
      hostaddr: "127.0.0.1",
      port: good.port,
      env: ENV,
      timeoutMs: 500,
    });
    expect(r).toMatchObject({ ok: false, stage: "timeout" });
    // It ends: 30× the timeout, as a busy CI machine needed 5.1 s once to reap the group.
    expect(r.durationMs).toBeLessThan(15_000);
    const sleeper = Number(readFileSync(join(dir, "sleep.pid"), "utf8"));
    // SIGKILL to the group is sent before the result returns; the grandchild's death is seen a scheduling tick
    // later on a busy machine, so wait for it, bounded (it would otherwise live 30 s).
    for (let i = 0; i < 40 && running(sleeper); i++) await new Promise((r) => setTimeout(r, 50));
    expect(running(sleeper)).toBe(false);
  });

  const psql = async (name: string, port: number) => {
    const dsn = `postgresql://postgres:${PASSWORD}@${DB_HOST}:26257/postgres?sslmode=verify-full&sslrootcert=${encodeURIComponent(caFile)}`;
    const r = await runPsqlClient({ dsn, hostaddr: "127.0.0.1", port, env: ENV, timeoutMs: 20_000 });
    runs[name] = r;
    expect(JSON.stringify(r)).not.toContain(PASSWORD);
    return r;
  };

  it("psql: connects with a URL DSN (password through PGPASSWORD, -w never prompts)", async () => {
    const r = await psql("psql ok", good.port);
    expect(r).toMatchObject({ ok: true, host: DB_HOST, sslmode: "verify-full" });
  });

  it("psql: a certificate for another name is refused with libpq's host-name message", async () => {
    const r = await psql("psql mismatch", wrongName.port);
    expect(r).toMatchObject({ ok: false, stage: "connect", host: DB_HOST });
    expect(r.libpq).toContain(MISMATCH);
    expect(r.libpq).not.toMatch(/^psql: error: /);
  });
});
