/**
 * wirewarden-django (issue 19): the system checks inside Django, run as a team runs them — `python manage.py check
 * --deploy --tag wirewarden` — on the real stacks: Debian's Django 3.2 + psycopg2 + libpq 15 and Django 5.2 with
 * psycopg 3 (libpq 18) and psycopg2-binary (libpq 17). Each alias of one project stands for one case; the ids each
 * gets are read from Django's own output. Nothing connects.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, initTemplate, startCluster } from "../../src/lab/pg-cluster.js";
import { REPO } from "../helpers/cli.js";
import { STACKS, type Stack, stackVersions } from "../helpers/stacks.js";
import { startTlsLab, type TlsLab } from "../helpers/tls-lab.js";
import { writeTree } from "../helpers/tree.js";

const APP = join(REPO, "python", "wirewarden-django");
const PASSWORD = "wirewarden-django-not-real";

let work = "";
let home = "";
let caFile = "";
let keyFile = "";

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "wirewarden-django-app-"));
  home = join(work, "home");
  mkdirSync(home);
  caFile = join(work, "ca.pem");
  writeFileSync(
    caFile,
    "-----BEGIN CERTIFICATE-----\n(a file that exists is all libpq's choice depends on here)\n",
  );
  // A client key others may read: libpq refuses it (more than 0600, or 0640 when root owns it).
  keyFile = join(work, "client.key");
  writeFileSync(keyFile, "-----BEGIN PRIVATE KEY-----\n(not a key)\n", { mode: 0o644 });
  chmodSync(keyFile, 0o644);
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** One alias per case: what Django hands libpq decides, nothing else. */
function project(extra = ""): string {
  const settings = `SECRET_KEY = "x"
INSTALLED_APPS = ["wirewarden_django"]
def db(options, host="db.example.com", **kw):
    return {"ENGINE": "django.db.backends.postgresql", "NAME": "app", "USER": "app", "PASSWORD": ${JSON.stringify(PASSWORD)}, "HOST": host, "PORT": 5432, "OPTIONS": options, **kw}
DATABASES = {
    "default": db({}),
    "disabled": db({"sslmode": "disable"}),
    "required": db({"sslmode": "require"}, CONN_MAX_AGE=600),
    "required_with_root": db({"sslmode": "require", "sslrootcert": ${JSON.stringify(caFile)}}),
    "verify_ca": db({"sslmode": "verify-ca", "sslrootcert": ${JSON.stringify(caFile)}}),
    "verify_full": db({"sslmode": "verify-full", "sslrootcert": ${JSON.stringify(caFile)}}),
    "root_missing": db({"sslmode": "verify-full", "sslrootcert": "/nonexistent/wirewarden/ca.crt"}),
    "system": db({"sslrootcert": "system"}),
    "home_literal": db({"sslmode": "verify-full", "sslrootcert": "$HOME/.postgresql/ca.crt"}),
    "weak_floor": db({"sslmode": "verify-full", "sslrootcert": ${JSON.stringify(caFile)}, "ssl_min_protocol_version": "TLSv1"}),
    "key_open": db({"sslmode": "verify-full", "sslrootcert": ${JSON.stringify(caFile)}, "sslkey": ${JSON.stringify(keyFile)}}),
    "loopback": db({"sslmode": "disable"}, host="127.0.0.1"),
    "socket": db({}, host=""),
}
${extra}`;
  return writeTree(work, {
    "manage.py":
      'import os, sys\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\nfrom django.core.management import execute_from_command_line\nexecute_from_command_line(sys.argv)\n',
    "shop/__init__.py": "",
    "shop/settings.py": settings,
  });
}

interface Checked {
  code: number | null;
  output: string;
  /** alias → the wirewarden ids Django reported for it, sorted. */
  ids: Map<string, string[]>;
}

function check(python: string, dir: string, env: Record<string, string> = {}): Checked {
  const r = spawnSync(python, ["manage.py", "check", "--deploy", "--tag", "wirewarden"], {
    cwd: dir,
    encoding: "utf8",
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? "", HOME: home, PYTHONDONTWRITEBYTECODE: "1", ...env },
  });
  const output = `${r.stdout}${r.stderr}`;
  const ids = new Map<string, string[]>();
  for (const m of output.matchAll(/^DATABASES\['([^']+)'\]: \((wirewarden\.[WI]\d+)\)/gm)) {
    const [, alias, id] = m as unknown as [string, string, string];
    ids.set(alias, [...(ids.get(alias) ?? []), id].sort());
  }
  return { code: r.status, output, ids };
}

const onPath = { PYTHONPATH: APP };

describe.each(STACKS.map((s) => [`${s.name} (libpq ${s.libpq})`, s] as const))(
  "check --deploy --tag wirewarden on %s",
  (_name, s: Stack) => {
    it("one id per weakness, from the values Django hands libpq; local aliases and verify-full untouched", () => {
      expect(stackVersions(s).libpq).toBeGreaterThan(0);
      const r = check(s.python, project(), onPath);
      expect(r.output).toContain("System check identified");
      const system = s.libpq >= 16 ? undefined : ["wirewarden.W101", "wirewarden.W114"];
      expect(Object.fromEntries(r.ids)).toEqual({
        default: ["wirewarden.W101"],
        disabled: ["wirewarden.W102"],
        required: ["wirewarden.W103", "wirewarden.W109"],
        required_with_root: ["wirewarden.W103"],
        verify_ca: ["wirewarden.W104"],
        root_missing: ["wirewarden.W105"],
        home_literal: ["wirewarden.W115"],
        weak_floor: ["wirewarden.W116"],
        key_open: ["wirewarden.W111"],
        ...(system ? { system } : {}),
      });
      // libpq with a root file under require checks the chain, not the host name; without one, nothing.
      expect(r.output).toMatch(/'required_with_root'.*checks the chain but not the host name/);
      expect(r.output).toMatch(/'required'.*not checked at all/);
      expect(r.output).not.toContain(PASSWORD);
    });

    it("PGSSLMODE counts for the aliases that set none, a service file's section before it; SILENCED_SYSTEM_CHECKS is obeyed", () => {
      const services = join(work, "pg_service.conf");
      writeFileSync(services, `[shopdb]\nsslmode=verify-ca\nsslrootcert=${caFile}\n`);
      const r = check(
        s.python,
        project(
          'SILENCED_SYSTEM_CHECKS = ["wirewarden.W109"]\nDATABASES["via_service"] = db({"service": "shopdb"})\n',
        ),
        { ...onPath, PGSSLMODE: "require", PGSERVICEFILE: services },
      );
      // The service's section wins over PGSSLMODE, as libpq reads them.
      expect(r.ids.get("via_service")).toEqual(["wirewarden.W104"]);
      expect(r.output).toMatch(/'via_service'.*sslmode verify-ca \(service shopdb\)/);
      expect(r.ids.get("default")).toEqual(["wirewarden.W103"]);
      expect(r.output).toMatch(/'default'.*sslmode require \(PGSSLMODE\)/);
      expect(r.ids.get("required")).toEqual(["wirewarden.W103"]);
      expect(r.output).toMatch(/\(\d+ silenced\)/);
    });
  },
);

describe("installing the app", () => {
  it("`pip install` of the package (a copy of python/wirewarden-django) gives a Python whose check finds it", () => {
    const debian = STACKS.find((s) => s.name === "debian") as Stack;
    stackVersions(debian);
    const venv = join(work, "venv");
    const made = spawnSync(debian.python, ["-m", "venv", "--system-site-packages", venv], {
      encoding: "utf8",
    });
    expect(made.status, made.stderr).toBe(0);
    // A copy: setuptools writes build/ and *.egg-info next to the sources it builds.
    const source = join(work, "wirewarden-django");
    cpSync(APP, source, { recursive: true });
    const pip = spawnSync(
      join(venv, "bin", "python"),
      ["-m", "pip", "install", "--isolated", "--no-index", "--no-deps", "--no-build-isolation", "-q", source],
      { encoding: "utf8", timeout: 120_000 },
    );
    expect(pip.status, pip.stderr).toBe(0);
    const r = check(join(venv, "bin", "python"), project());
    expect(r.ids.get("disabled")).toEqual(["wirewarden.W102"]);
  });
});

describe("WIREWARDEN_CHECK_CONNECT=1: one real connection per alias, and what the server negotiated", () => {
  const LAB_HOST = "db.lab.test"; // never looked up: libpq dials hostaddr and checks the certificate against it
  let lab: TlsLab;
  let plain: Cluster;

  beforeAll(async () => {
    lab = await startTlsLab("django-app-live", LAB_HOST);
    await initTemplate();
    plain = await startCluster({ ssl: false, hba: ["host all all 127.0.0.1/32 scram-sha-256"] });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([lab?.stop(), plain?.stop()]);
  });

  /** A project whose `live` alias reaches `server` through hostaddr while HOST stays a name. */
  function liveProject(server: Cluster, options: string, password = server.password): string {
    return writeTree(work, {
      "manage.py":
        'import os, sys\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\nfrom django.core.management import execute_from_command_line\nexecute_from_command_line(sys.argv)\n',
      "shop/__init__.py": "",
      "shop/settings.py": `SECRET_KEY = "x"
INSTALLED_APPS = ["wirewarden_django"]
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "postgres", "USER": ${JSON.stringify(server.user)}, "PASSWORD": ${JSON.stringify(password)}, "HOST": ${JSON.stringify(LAB_HOST)}, "PORT": ${server.port}, "OPTIONS": {"hostaddr": "127.0.0.1", **${options}}}}
`,
    });
  }

  it.each(STACKS.map((s) => [`${s.name} (libpq ${s.libpq})`, s] as const))(
    "%s: verify-full to the TLS lab gives I001 with the TLS version; prefer to a plaintext server gives W401",
    (_name, s) => {
      stackVersions(s);
      const tls = check(
        s.python,
        liveProject(lab.server, `{"sslmode": "verify-full", "sslrootcert": ${JSON.stringify(lab.caFile)}}`),
        {
          ...onPath,
          WIREWARDEN_CHECK_CONNECT: "1",
        },
      );
      expect(tls.output).toMatch(
        /\(wirewarden\.I001\) database alias 'default' \(db\.lab\.test\): the live session is TLS \(TLSv1\.[23], /,
      );
      expect(tls.ids.get("default")).toEqual(["wirewarden.I001"]);
      const cleartext = check(s.python, liveProject(plain, `{"sslmode": "prefer"}`), {
        ...onPath,
        WIREWARDEN_CHECK_CONNECT: "1",
      });
      expect(cleartext.ids.get("default")).toEqual(["wirewarden.W101", "wirewarden.W401"]);
      expect(cleartext.output).toContain("the live session is NOT encrypted");
      expect(tls.output + cleartext.output).not.toContain(lab.server.password);
      expect(cleartext.output).not.toContain(plain.password);
      // A login the server refuses: W000 with libpq's words, the password nowhere.
      const wrong = "wirewarden-live-wrong-password";
      const refused = check(s.python, liveProject(plain, `{"sslmode": "prefer"}`, wrong), {
        ...onPath,
        WIREWARDEN_CHECK_CONNECT: "1",
      });
      expect(refused.ids.get("default")).toEqual(["wirewarden.W000", "wirewarden.W101"]);
      expect(refused.output).toMatch(/could not connect or ask: .*password authentication failed/);
      expect(refused.output).not.toContain(wrong);
      // Offline (no WIREWARDEN_CHECK_CONNECT): nothing connects, so no live id.
      const offline = check(s.python, liveProject(plain, `{"sslmode": "prefer"}`), onPath);
      expect(offline.ids.get("default")).toEqual(["wirewarden.W101"]);
    },
  );
});
