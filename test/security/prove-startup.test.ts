/**
 * `prove` runs the project's own Django, and Django runs the project's own start-up code: the settings module and
 * every `AppConfig.ready()` that `django.setup()` calls. None of it may reach the database host of the settings
 * (issue 16, item 17). Here that "real host" is a loopback listener of this test that counts the connections it
 * accepts; every case asserts it accepted none, and that the outcome is honest: a start-up connection on the
 * proven alias goes to the proxy and is judged, anything else fails with a message that says what was blocked.
 * Real Django 3.2 + psycopg2 (Debian) and a real TLS PostgreSQL 15; only loopback addresses appear.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClientRun, runDjangoClient } from "../../src/mitm/django-client.js";
import { describeDjango } from "../../src/mitm/django-describe.js";
import { cli, REPO } from "../helpers/cli.js";
import { proveJson } from "../helpers/prove.js";
import { requireDjango, SYSTEM_PYTHON } from "../helpers/python.js";
import { startTlsLab, type TlsLab } from "../helpers/tls-lab.js";

/** HOST in the settings: the sentinel's address. The lab server's certificate carries it as an IP address. */
const HOST = "127.0.0.1";
const ENV = { PATH: process.env.PATH ?? "/usr/bin:/bin", LC_ALL: "C" };

let lab: TlsLab;
let sentinel: Server;
let sentinelPort: number;
let accepted = 0;

beforeAll(async () => {
  requireDjango();
  lab = await startTlsLab("prove-startup", "db.lab.test");
  sentinel = createServer((socket) => {
    accepted++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => sentinel.listen(0, HOST, resolve));
  sentinelPort = (sentinel.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => (sentinel ? sentinel.close(() => resolve()) : resolve()));
  await lab?.stop();
});

/**
 * Runs `fn` and asserts the sentinel (the database host of the settings) accepted no connection meanwhile. The
 * child has exited when `fn` returns; a connection it made is seen by this process a tick later at most.
 */
async function sentinelUntouched<T>(fn: () => Promise<T>): Promise<T> {
  const before = accepted;
  const result = await fn();
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(accepted - before, "connections that reached the database host of the settings").toBe(0);
  return result;
}

type Startup = "none" | "proven" | "other" | "socket" | "import" | "reroute";

/**
 * A Django project whose settings point both aliases at the sentinel, with an app whose ready() does `startup`:
 * proven: opens the proven alias (default); other: opens the other PostgreSQL alias; socket: a Python-level
 * socket.create_connection to the sentinel; reroute: puts the sentinel's port back into default's settings;
 * import: the settings module itself connects to the sentinel.
 */
function project(startup: Startup, options = "{}"): string {
  const dir = mkdtempSync(join(lab.work, `project-${startup}-`));
  mkdirSync(join(dir, "shop"));
  mkdirSync(join(dir, "startup"));
  writeFileSync(join(dir, "shop", "__init__.py"), "");
  writeFileSync(join(dir, "startup", "__init__.py"), "");
  writeFileSync(
    join(dir, "shop", "settings.py"),
    `import socket

SECRET_KEY = "prove-startup"
INSTALLED_APPS = ["startup"]
USE_TZ = True
STARTUP = ${JSON.stringify(startup)}
SENTINEL = (${JSON.stringify(HOST)}, ${sentinelPort})
if STARTUP == "import":
    socket.create_connection(SENTINEL, timeout=5).close()
_DB = {
    "ENGINE": "django.db.backends.postgresql",
    "NAME": "postgres",
    "USER": ${JSON.stringify(lab.server.user)},
    "PASSWORD": ${JSON.stringify(lab.server.password)},
    "HOST": ${JSON.stringify(HOST)},
    "PORT": "${sentinelPort}",
    "OPTIONS": ${options},
}
# One dict object for both aliases, as DATABASES["replica"] = DATABASES["default"] makes: routing one alias must
# not route or dead-end the other.
DATABASES = {"default": _DB, "other": _DB}
`,
  );
  writeFileSync(
    join(dir, "startup", "apps.py"),
    `import socket

from django.apps import AppConfig
from django.conf import settings
from django.db import connections


class StartupConfig(AppConfig):
    name = "startup"

    def ready(self):
        if settings.STARTUP == "proven":
            connections["default"].ensure_connection()
        elif settings.STARTUP == "other":
            connections["other"].ensure_connection()
        elif settings.STARTUP == "socket":
            socket.create_connection(settings.SENTINEL, timeout=5).close()
        elif settings.STARTUP == "reroute":
            connections["default"].settings_dict["PORT"] = str(settings.SENTINEL[1])
`,
  );
  return dir;
}

const VERIFY_FULL = () => `{"sslmode": "verify-full", "sslrootcert": ${JSON.stringify(lab.caFile)}}`;

/** The real client, with the lab's real server standing in for the proxy (hostaddr 127.0.0.1, its port). */
function client(dir: string, env: Record<string, string> = {}): Promise<ClientRun> {
  return runDjangoClient({
    python: SYSTEM_PYTHON,
    project: dir,
    settings: "shop.settings",
    alias: "default",
    hostaddr: HOST,
    port: lab.server.port,
    env: { ...ENV, ...env },
    timeoutMs: 30_000,
  });
}

function expectNoSecretOrTraceback(r: unknown): void {
  const text = JSON.stringify(r);
  expect(text).not.toContain(lab.server.password);
  expect(text).not.toContain("Traceback");
}

describe("the Django client: start-up code runs with the proven alias already routed to the proxy", () => {
  it("control: no start-up connection; the client connects through hostaddr/port with verify-full", async () => {
    const r = await sentinelUntouched(() => client(project("none", VERIFY_FULL())));
    expect(r).toMatchObject({ ok: true, host: HOST, sslmode: "verify-full" });
  });

  it("ready() opening the proven alias reaches the proxy: the result is the control's", async () => {
    const r = await sentinelUntouched(() => client(project("proven", VERIFY_FULL())));
    expect(r).toMatchObject({ ok: true, host: HOST, sslmode: "verify-full" });
    expect(r.engine).toBe("django.db.backends.postgresql");
    expect(r.stage).toBeUndefined();
    expectNoSecretOrTraceback(r);
  });

  it("ready() opening another PostgreSQL alias hits a dead end, even with PGHOST/PGHOSTADDR set: stage settings", async () => {
    const r = await sentinelUntouched(() =>
      client(project("other", VERIFY_FULL()), {
        PGHOST: HOST,
        PGHOSTADDR: HOST,
        PGPORT: String(sentinelPort),
      }),
    );
    expect(r).toMatchObject({ ok: false, stage: "settings", host: HOST, sslmode: "verify-full" });
    expect(r.error).toContain("database alias 'other'");
    expect(r.error).toContain("dead end");
    expect(r.error).toContain("only alias 'default' is routed to the proxy");
    // libpq's own words: it tried the dead end, a Unix socket that cannot exist, and nothing else.
    expect(r.libpq).toMatch(/connection to server on socket ".*" failed: No such file or directory/);
    expectNoSecretOrTraceback(r);
  });

  it("ready() opening a Python socket to the database host is blocked: stage settings, naming the address", async () => {
    const r = await sentinelUntouched(() => client(project("socket", VERIFY_FULL())));
    expect(r).toMatchObject({ ok: false, stage: "settings" });
    expect(r.error).toMatch(/^ConnectionRefusedError: /);
    expect(r.error).toContain(`wirewarden blocked a connection to ${HOST}:${sentinelPort} during prove`);
    expect(r.error).toContain(`only the proxy at ${HOST}:${lab.server.port}`);
    expectNoSecretOrTraceback(r);
  });

  it("the settings module itself connecting is blocked too (the guard is in place before it is imported)", async () => {
    const r = await sentinelUntouched(() => client(project("import", VERIFY_FULL())));
    expect(r).toMatchObject({ ok: false, stage: "settings" });
    expect(r.error).toContain(`wirewarden blocked a connection to ${HOST}:${sentinelPort} during prove`);
    expectNoSecretOrTraceback(r);
  });

  it("ready() undoing the routing: the client refuses to connect with settings it did not route", async () => {
    const r = await sentinelUntouched(() => client(project("reroute", VERIFY_FULL())));
    expect(r).toMatchObject({ ok: false, stage: "settings" });
    expect(r.error).toContain("start-up code changed DATABASES['default']");
    expect(r.error).toContain("not connecting");
    expectNoSecretOrTraceback(r);
  });

  it("PGSERVICE in the client's environment still applies to the proven alias (its service sets sslmode)", async () => {
    const serviceFile = join(lab.work, "pg_service.conf");
    writeFileSync(serviceFile, "[wwtest]\nsslmode=verify-full\nsslrootcert=/nonexistent/wirewarden-ca.crt\n");
    const r = await sentinelUntouched(() =>
      client(project("none"), { PGSERVICE: "wwtest", PGSERVICEFILE: serviceFile }),
    );
    // verify-full from the service: libpq looks for the service's root certificate. Without the service, libpq's
    // default (prefer) would have connected.
    expect(r).toMatchObject({ ok: false, stage: "connect" });
    expect(r.libpq).toContain("/nonexistent/wirewarden-ca.crt");
  });
});

/**
 * The guard's policy, one call at a time, in the real Python. The resolver functions under the guard are replaced
 * by recorders first, so that no name lookup can leave the machine even if the guard let one through.
 */
const GUARD_POLICY = `import json, socket, sys
sys.path.insert(0, sys.argv[1])
calls = []
def recorder(name):
    def record(host, *args, **kwargs):
        calls.append(name + " " + str(host))
        return []
    return record
for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
    setattr(socket, name, recorder(name))
import wirewarden_django_client as client

listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen()
port = listener.getsockname()[1]
client.install_network_guard(("127.0.0.1", port))
out = {"port": port}
def attempt(key, fn):
    try:
        fn()
        out[key] = "allowed"
    except OSError as e:
        out[key] = "%s: %s" % (type(e).__name__, e)
def connect(address, family=socket.AF_INET, kind=socket.SOCK_STREAM, ex=False):
    s = socket.socket(family, kind)
    try:
        (s.connect_ex if ex else s.connect)(address)
    finally:
        s.close()
def sendto(address):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.sendto(b"x", address)
    finally:
        s.close()
attempt("lookup localhost", lambda: socket.getaddrinfo("localhost", 5432))
attempt("lookup 127.0.0.2", lambda: socket.getaddrinfo("127.0.0.2", 5432))
attempt("lookup ::1", lambda: socket.getaddrinfo("::1", 5432))
attempt("lookup name", lambda: socket.getaddrinfo("db.lab.test", 5432))
attempt("gethostbyname", lambda: socket.gethostbyname("db.lab.test"))
attempt("gethostbyname_ex", lambda: socket.gethostbyname_ex("db.lab.test"))
attempt("gethostbyaddr", lambda: socket.gethostbyaddr("db.lab.test"))
attempt("connect proxy", lambda: connect(("127.0.0.1", port)))
attempt("connect other port", lambda: connect(("127.0.0.1", 9)))
attempt("connect_ex other port", lambda: connect(("127.0.0.1", 9), ex=True))
attempt("connect ::1", lambda: connect(("::1", port), socket.AF_INET6))
attempt("connect by name", lambda: connect(("localhost", port)))
attempt("create_connection", lambda: socket.create_connection(("127.0.0.1", 9)).close())
attempt("sendto proxy", lambda: sendto(("127.0.0.1", port)))
attempt("sendto other port", lambda: sendto(("127.0.0.1", 9)))
attempt("unix socket", lambda: connect("/nonexistent/wirewarden.sock", socket.AF_UNIX))
out["resolver calls"] = calls
print(json.dumps(out))
`;

describe("the network guard", () => {
  it("lets through the proxy, loopback lookups and Unix sockets only; says what it blocked", () => {
    const script = join(lab.work, "guard_policy.py");
    writeFileSync(script, GUARD_POLICY);
    const r = spawnSync(SYSTEM_PYTHON, ["-B", script, join(REPO, "python")], {
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    const only = `during prove: only the proxy at 127.0.0.1:${out.port} may be reached`;
    const lookup = "gaierror: [Errno -2] wirewarden blocked a name lookup of 'db.lab.test' during prove";
    expect(out).toEqual({
      port: out.port,
      "lookup localhost": "allowed",
      "lookup 127.0.0.2": "allowed",
      "lookup ::1": "allowed",
      "lookup name": `${lookup}: only localhost and loopback addresses may be looked up`,
      gethostbyname: `${lookup}: only localhost and loopback addresses may be looked up`,
      gethostbyname_ex: `${lookup}: only localhost and loopback addresses may be looked up`,
      gethostbyaddr: `${lookup}: only localhost and loopback addresses may be looked up`,
      "connect proxy": "allowed",
      "connect other port": `ConnectionRefusedError: [Errno 111] wirewarden blocked a connection to 127.0.0.1:9 ${only}`,
      "connect_ex other port": `ConnectionRefusedError: [Errno 111] wirewarden blocked a connection to 127.0.0.1:9 ${only}`,
      "connect ::1": `ConnectionRefusedError: [Errno 111] wirewarden blocked a connection to [::1]:${out.port} ${only}`,
      // A name in connect() would be looked up inside C, past the guard: only addresses are let through.
      "connect by name": `ConnectionRefusedError: [Errno 111] wirewarden blocked a connection to localhost:${out.port} ${only}`,
      create_connection: `ConnectionRefusedError: [Errno 111] wirewarden blocked a connection to 127.0.0.1:9 ${only}`,
      "sendto proxy": "allowed",
      "sendto other port": `ConnectionRefusedError: [Errno 111] wirewarden blocked a datagram to 127.0.0.1:9 ${only}`,
      "unix socket": "FileNotFoundError: [Errno 2] No such file or directory",
      "resolver calls": ["getaddrinfo localhost", "getaddrinfo 127.0.0.2", "getaddrinfo ::1"],
    });
  });
});

describe("describe (before any attack) runs no start-up code and connects nowhere", () => {
  const describeProject = (dir: string) =>
    describeDjango({
      python: SYSTEM_PYTHON,
      project: dir,
      settings: "shop.settings",
      env: ENV,
      timeoutMs: 30_000,
    });

  it("a ready() that connects does not run: the aliases are listed", async () => {
    const r = await sentinelUntouched(() => describeProject(project("proven")));
    expect(r).toEqual({
      aliases: [
        {
          alias: "default",
          engine: "django.db.backends.postgresql",
          host: HOST,
          port: sentinelPort,
          channel_binding: null,
        },
        {
          alias: "other",
          engine: "django.db.backends.postgresql",
          host: HOST,
          port: sentinelPort,
          channel_binding: null,
        },
      ],
    });
  });

  it("a settings module that connects while it is imported is blocked, and says so", async () => {
    const r = await sentinelUntouched(() => describeProject(project("import")));
    expect("error" in r ? r.error : "").toContain(
      `wirewarden blocked a connection to ${HOST}:${sentinelPort} during prove`,
    );
  });
});

describe("prove end to end: start-up connections on the proven alias are judged, the rest fail clearly", () => {
  it("prefer, ready() opens the proven alias: strip and forge are still judged (let through)", async () => {
    const { json, raw } = await sentinelUntouched(() =>
      proveJson(project("proven"), ["--alias", "default", "--attacks", "strip,forge"], ENV),
    );
    expect(json.attacks.map((a) => `${a.attack}:${a.outcome}`)).toEqual([
      "strip:let-through",
      "forge:let-through",
    ]);
    expect(json.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(["WW601", "WW602"]));
    expect(raw).not.toContain(lab.server.password);
  });

  it("verify-full, ready() opens the proven alias: every attack refused by the client, WW600 only", async () => {
    const { json } = await sentinelUntouched(() =>
      proveJson(
        project("proven", VERIFY_FULL()),
        ["--alias", "default", "--ca", lab.caFile, "--ca-key", lab.caKeyFile],
        ENV,
      ),
    );
    expect(json.attacks.map((a) => `${a.attack}:${a.outcome}`)).toEqual([
      "strip:refused",
      "forge:refused",
      "wrong-host:refused",
      "direct-forge:not-run",
      "error-reflect:refused",
      "binding-downgrade:not-run",
      "downgrade:not-run",
    ]);
    expect(json.findings.map((f) => f.ruleId)).toEqual(["WW600"]);
    const forge = json.attacks.find((a) => a.attack === "forge");
    expect(forge?.detail).toContain("certificate verify failed");
  });

  // Proving `other` while ready() opens `default`: that start-up connection is not the proven alias's, so it
  // meets a dead end and prove stops (every alias is proven by default, so this is prove without --alias).
  it.each([
    [
      "other",
      "default",
      "start-up code connected to database alias 'other', which wirewarden sends to a dead end",
    ],
    [
      "proven",
      "other",
      "start-up code connected to database alias 'default', which wirewarden sends to a dead end",
    ],
    ["socket", "default", `wirewarden blocked a connection to ${HOST}:`],
  ] as const)(
    "ready() %s, proving %s: exit 2, one line saying what was blocked",
    async (startup, alias, says) => {
      const r = await sentinelUntouched(() =>
        cli(
          [
            "prove",
            project(startup),
            "--settings",
            "shop.settings",
            "--python",
            SYSTEM_PYTHON,
            "--alias",
            alias,
          ],
          ENV,
        ),
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("the client could not run (the settings module did not load)");
      expect(r.stderr).toContain(says);
      expect(r.stderr).not.toContain("Traceback");
      expect(r.stdout + r.stderr).not.toContain(lab.server.password);
    },
  );
});
