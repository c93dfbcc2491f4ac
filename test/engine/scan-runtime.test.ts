/**
 * `scan --runtime` (issue 19): the settings imported by the project's own Python (the real stacks), compared with
 * static evaluation. A settings module whose DATABASES a class builds is where static evaluation gives up: runtime
 * gives the value libpq receives and WW001 says where the two differ. The child may reach no network address (a
 * loopback sentinel stands for one), and without --runtime no Python runs at all.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { STACKS, type Stack, stackVersions } from "../helpers/stacks.js";
import { shopTree } from "../helpers/tree.js";

let work = "";
let sentinel: Server;
let sentinelPort = 0;
let sentinelHits = 0;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "wirewarden-runtime-"));
  sentinel = createServer((s) => {
    sentinelHits++;
    s.destroy();
  });
  await new Promise<void>((resolve) => sentinel.listen(0, "127.0.0.1", resolve));
  sentinelPort = (sentinel.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => sentinel.close(() => resolve()));
  if (work) rmSync(work, { recursive: true, force: true });
});

/** DATABASES from a class keyed by an environment name: static evaluation cannot follow it. */
const CLASS_BUILT = {
  "shop/dbconf.py": `class DatabaseConfig:
    MODES = {"staging": "prefer", "production": "require"}

    def __init__(self, environment):
        self.environment = environment

    def databases(self):
        return {
            name: {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": name,
                "HOST": "db.%s.example.com" % self.environment,
                "OPTIONS": {"sslmode": self.MODES[self.environment]},
            }
            for name in ("default",)
        }
`,
};
const CLASS_SETTINGS = `import os
from shop.dbconf import DatabaseConfig
SECRET_KEY = "x"
DATABASES = DatabaseConfig(os.environ.get("APP_ENV", "production")).databases()
`;

interface Scanned {
  code: number;
  stderr: string;
  json: {
    findings: { ruleId: string; message: string; evidence?: string }[];
    aliases: { alias: string; verdict: string }[];
    runtime?: {
      module: string;
      error?: string;
      aliases: { alias: string; sslmode?: string; hosts?: string[]; checks?: { id: string }[] }[];
    }[];
  };
}

async function scan(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Scanned> {
  const r = await cli(["scan", dir, "--format", "json", "--fail-on", "none", ...args], {
    PATH: process.env.PATH ?? "",
    HOME: work,
    ...env,
  });
  if (r.code !== 0) throw new Error(`scan exited ${r.code}: ${r.stderr}`);
  return { code: r.code, stderr: r.stderr, json: JSON.parse(r.stdout) };
}

const stacks = STACKS.filter((s) => s.name === "debian" || s.name === "django52-psycopg3");

describe.each(stacks.map((s) => [`${s.name} (libpq ${s.libpq})`, s] as const))(
  "scan --runtime on %s",
  (_n, s: Stack) => {
    it("DATABASES built by a class: static 'unknown', runtime 'require' with its checks, and WW001 with both", async () => {
      stackVersions(s);
      const dir = shopTree(work, CLASS_SETTINGS, CLASS_BUILT);
      const plain = await scan(dir, []);
      expect(plain.json.aliases.find((a) => a.alias === "default")?.verdict).toBe("unknown");
      expect(plain.json.runtime).toBeUndefined();
      const r = await scan(dir, ["--runtime", "--python", s.python]);
      const ww001 = r.json.findings.filter((f) => f.ruleId === "WW001");
      expect(ww001).toHaveLength(1);
      expect(ww001[0]?.message).toMatch(
        /static evaluation says sslmode not known .*; imported by .*, it is sslmode require \(parameter\) to db\.production\.example\.com/,
      );
      expect(ww001[0]?.evidence).toMatch(/runtime checks: WW103$/);
      const alias = r.json.runtime?.[0]?.aliases.find((a) => a.alias === "default");
      expect(alias).toMatchObject({ sslmode: "require", hosts: ["db.production.example.com"] });
      expect(alias?.checks?.map((c) => c.id)).toEqual(["wirewarden.W103"]);
      // The text report puts the runtime view under the static one.
      const text = await cli(["scan", dir, "--runtime", "--python", s.python, "--fail-on", "none"], {
        PATH: process.env.PATH ?? "",
        HOME: work,
      });
      expect(text.stdout).toMatch(
        /at runtime \(--runtime\)\n {2}shop\.settings imported by .*\n {4}default → db\.production\.example\.com · require \(parameter\) · WW103\n/,
      );
    });

    it("--env-file values reach the import: APP_ENV=staging gives prefer", async () => {
      const dir = shopTree(work, CLASS_SETTINGS, {
        ...CLASS_BUILT,
        "deploy/staging.env": "APP_ENV=staging\n",
      });
      const r = await scan(dir, [
        "--runtime",
        "--python",
        s.python,
        "--env-file",
        join(dir, "deploy/staging.env"),
      ]);
      const ww001 = r.json.findings.find((f) => f.ruleId === "WW001");
      expect(ww001?.message).toMatch(/it is sslmode prefer \(parameter\) to db\.staging\.example\.com/);
    });

    it("DATABASES from a function of an installed helper package outside the tree: static cannot read it, runtime can", async () => {
      const site = join(work, `site-${s.name}`);
      const pkg = join(site, "companyconf");
      mkdirSync(pkg, { recursive: true });
      writeFileSync(join(pkg, "__init__.py"), "");
      writeFileSync(
        join(pkg, "db.py"),
        `def databases(service):\n    return {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": service, "HOST": service + ".db.example.com", "OPTIONS": {"sslmode": "disable"}}}\n`,
      );
      const dir = shopTree(
        work,
        `from companyconf.db import databases\nSECRET_KEY = "x"\nDATABASES = databases("shop")\n`,
      );
      const r = await scan(dir, ["--runtime", "--python", s.python], { PYTHONPATH: site });
      const ww001 = r.json.findings.find((f) => f.ruleId === "WW001");
      expect(ww001?.message).toMatch(/it is sslmode disable \(parameter\) to shop\.db\.example\.com/);
      expect(ww001?.evidence).toMatch(/runtime checks: WW102$/);
    });

    it("runtime and static agree on literal settings: no WW001", async () => {
      const dir = shopTree(
        work,
        `SECRET_KEY = "x"\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "app", "HOST": "db.example.com", "OPTIONS": {"sslmode": "require"}}}\n`,
      );
      const r = await scan(dir, ["--runtime", "--python", s.python]);
      expect(r.json.findings.filter((f) => f.ruleId === "WW001")).toEqual([]);
      expect(r.json.runtime?.[0]?.aliases[0]).toMatchObject({ sslmode: "require" });
    });
  },
);

describe("scan --runtime runs only what it must", () => {
  const debian = () => STACKS.find((s) => s.name === "debian") as Stack;

  it("a settings module that connects while it is imported is blocked, reached nothing, and is reported", async () => {
    const dir = shopTree(
      work,
      `import socket\nsocket.create_connection(("127.0.0.1", ${sentinelPort}), timeout=2)\nSECRET_KEY = "x"\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "app", "HOST": "db.example.com"}}\n`,
    );
    const before = sentinelHits;
    const r = await scan(dir, ["--runtime", "--python", debian().python]);
    expect(sentinelHits).toBe(before);
    expect(r.stderr).toContain("--runtime could not import shop.settings");
    expect(r.stderr).toContain("wirewarden blocked a connection to 127.0.0.1:");
    // The static findings stand: the alias sets no sslmode.
    expect(r.json.findings.map((f) => f.ruleId)).toContain("WW101");
  });

  it("a compose service's PYTHONPATH (a sitecustomize.py in the tree) does not reach the child's start-up", async () => {
    const dir = shopTree(
      work,
      `SECRET_KEY = "x"\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "app", "HOST": "db.example.com"}}\n`,
    );
    const marker = join(dir, "planted-code-ran");
    mkdirSync(join(dir, "planted"));
    writeFileSync(
      join(dir, "planted", "sitecustomize.py"),
      `open(${JSON.stringify(marker)}, "w").write("yes")\n`,
    );
    writeFileSync(
      join(dir, "docker-compose.yml"),
      `services:\n  web:\n    build: .\n    environment:\n      DJANGO_SETTINGS_MODULE: shop.settings\n      PYTHONPATH: ${join(dir, "planted")}\n`,
    );
    const r = await scan(dir, ["--runtime", "--python", debian().python]);
    expect(r.json.runtime?.[0]?.error).toBeUndefined();
    expect(existsSync(marker), "a sitecustomize.py named by the tree's compose file ran").toBe(false);
  });

  it("--python without --runtime is a usage error (scan runs no Python without it)", async () => {
    const dir = shopTree(work, `SECRET_KEY = "x"\n`);
    const r = await cli(["scan", dir, "--python", "/usr/bin/python3"], { PATH: process.env.PATH ?? "" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--python is for --runtime");
  });
});
