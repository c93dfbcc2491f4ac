/**
 * `fix` on the settings shapes the issue lists, each written to a temp tree and run through the real CLI code:
 * the exact diff, byte-for-byte preservation elsewhere, the fixed point, a clean scan, and `python3 -m py_compile`.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, spawnCli } from "../helpers/cli.js";
import { writeTree } from "../helpers/tree.js";

const work = mkdtempSync(join(tmpdir(), "wirewarden-fix-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const tree = (files: Record<string, string>) => writeTree(work, files);

const PKG = { "shop/__init__.py": "" };

/** fix --write, then the checks every case shares; returns the new text of `file`. */
async function fixAndCheck(dir: string, file: string, module = "shop.settings"): Promise<string> {
  const dry = await cli(["fix", dir, "--settings", module, "--root-cert", "/etc/db/ca.crt"]);
  expect(dry.code, dry.stderr).toBe(1);
  expect(dry.stdout).toContain(`--- a/${file}`);
  const before = readFileSync(join(dir, file), "utf8");
  const wrote = await cli(["fix", dir, "--settings", module, "--root-cert", "/etc/db/ca.crt", "--write"]);
  expect(wrote.code, wrote.stderr).toBe(0);
  const after = readFileSync(join(dir, file), "utf8");
  expect(after).not.toBe(before);
  // Fixed point: a second run has nothing to do.
  const again = await cli(["fix", dir, "--settings", module]);
  expect(again.code, again.stderr + again.stdout).toBe(0);
  expect(again.stdout).toBe("");
  // The scan agrees: no WW101-WW107 left anywhere.
  const scan = await cli(["scan", dir, "--settings", module, "--format", "json", "--fail-on", "none"]);
  const ids = (JSON.parse(scan.stdout).findings as { ruleId: string }[]).map((f) => f.ruleId);
  expect(ids.filter((id) => /^WW10[1-7]$/.test(id))).toEqual([]);
  const compiled = spawnSync("/usr/bin/python3", ["-m", "py_compile", join(dir, file)], { encoding: "utf8" });
  expect(compiled.status, compiled.stderr).toBe(0);
  return after;
}

describe("fix: what it rewrites", () => {
  it("a literal OPTIONS dict: changes sslmode, adds sslrootcert, keeps comments, quotes and order", async () => {
    const settings = `import os

DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.postgresql',  # CockroachDB speaks pgwire
        'HOST': 'db.example.com',
        'OPTIONS': {'sslmode': 'require', 'connect_timeout': 5},
    },
}
`;
    const dir = tree({ ...PKG, "shop/settings.py": settings });
    const after = await fixAndCheck(dir, "shop/settings.py");
    expect(after).toBe(
      settings.replace(
        "{'sslmode': 'require', 'connect_timeout': 5}",
        "{'sslmode': 'verify-full', 'connect_timeout': 5, 'sslrootcert': os.environ.get('DB_SSLROOTCERT', '/etc/db/ca.crt')}",
      ),
    );
  });

  it("an alias without OPTIONS: adds one in the dict's layout, after a trailing comment, and adds `import os`", async () => {
    const settings = `"""Settings."""
from pathlib import Path

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "db.example.com",
        "PORT": 26257  # no trailing comma here
    }
}
`;
    const dir = tree({ ...PKG, "shop/settings.py": settings });
    const after = await fixAndCheck(dir, "shop/settings.py");
    expect(after).toBe(`"""Settings."""
import os
from pathlib import Path

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "db.example.com",
        "PORT": 26257,  # no trailing comma here
        "OPTIONS": {
            "sslmode": "verify-full",
            "sslrootcert": os.environ.get("DB_SSLROOTCERT", "/etc/db/ca.crt"),
        }
    }
}
`);
  });

  it("sslmode from an env read with a weak default: the default becomes verify-full", async () => {
    const settings = `import os
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com",
    "OPTIONS": {"sslmode": os.environ.get("DB_SSLMODE", "prefer"), "sslrootcert": "/etc/ca.pem"}}}
`;
    const dir = tree({ ...PKG, "shop/settings.py": settings });
    const after = await fixAndCheck(dir, "shop/settings.py");
    expect(after).toBe(settings.replace('"DB_SSLMODE", "prefer"', '"DB_SSLMODE", "verify-full"'));
  });

  it("dj_database_url.config(ssl_require=True) and a URL literal with ?sslmode=require, on a replica", async () => {
    const settings = `import os
import dj_database_url

DATABASES = {
    "default": dj_database_url.config(default="postgres://app@db.example.com/shop", ssl_require=True),
}
DATABASES["replica"] = dj_database_url.parse("postgres://ro@replica.example.com:26257/shop?sslmode=require")
`;
    const dir = tree({ ...PKG, "shop/settings.py": settings });
    const after = await fixAndCheck(dir, "shop/settings.py");
    const opts = `"sslmode": "verify-full", "sslrootcert": os.environ.get("DB_SSLROOTCERT", "/etc/db/ca.crt")`;
    expect(after).toBe(`import os
import dj_database_url

DATABASES = {
    "default": dj_database_url.config(default="postgres://app@db.example.com/shop"),
}
DATABASES["default"]["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}), ${opts}}
DATABASES["replica"] = dj_database_url.parse("postgres://ro@replica.example.com:26257/shop?sslmode=verify-full")
DATABASES["replica"]["OPTIONS"] = {**DATABASES["replica"].get("OPTIONS", {}), ${opts}}
`);
  });

  it("a URL that names its sslrootcert keeps it as the fallback (the user's choice), not --root-cert", async () => {
    const settings = `import dj_database_url\nDATABASES = {"default": dj_database_url.config(default="postgres://a@db.example.com/s?sslrootcert=/certs/ca.crt", ssl_require=True)}\n`;
    const dir = tree({ ...PKG, "shop/settings.py": settings });
    const after = await fixAndCheck(dir, "shop/settings.py");
    expect(after).toContain(`"sslrootcert": os.environ.get("DB_SSLROOTCERT", "/certs/ca.crt")`);
    expect(after).not.toContain("/etc/db/ca.crt");
  });

  it("a $HOME root certificate path (the CockroachDB Cloud string) is expanded by Python, not left to libpq", async () => {
    // libpq expands neither $VAR nor ~: with verify-full the literal path would fail every connection (WW115).
    const settings = `import os

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "free-tier.gcp-us-central1.cockroachlabs.cloud",
        "OPTIONS": {"sslmode": "require", "sslrootcert": "$HOME/.postgresql/root.crt"},
    },
}
`;
    const dir = tree({ ...PKG, "shop/settings.py": settings });
    const after = await fixAndCheck(dir, "shop/settings.py");
    expect(after).toContain(
      `{"sslmode": "verify-full", "sslrootcert": os.path.expanduser(os.path.expandvars("$HOME/.postgresql/root.crt"))}`,
    );
    const scan = await cli([
      "scan",
      dir,
      "--settings",
      "shop.settings",
      "--format",
      "json",
      "--fail-on",
      "none",
    ]);
    const ids = (JSON.parse(scan.stdout).findings as { ruleId: string }[]).map((f) => f.ruleId);
    expect(ids).not.toContain("WW115");
  });

  it("a URL whose sslrootcert is a ~ path keeps it as the fallback, expanded", async () => {
    const dir = tree({
      ...PKG,
      "shop/settings.py": `import dj_database_url\nDATABASES = {"default": dj_database_url.parse("postgres://u@db.example.com/app?sslmode=require&sslrootcert=~/.postgresql/root.crt")}\n`,
    });
    const after = await fixAndCheck(dir, "shop/settings.py");
    expect(after).toContain(
      `os.path.expanduser(os.path.expandvars(os.environ.get("DB_SSLROOTCERT", "~/.postgresql/root.crt")))`,
    );
  });

  it("split settings: edits base.py, which defines the alias, not production.py, which imports it", async () => {
    const base = `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com"}}\n`;
    const production = "from .base import *  # noqa\nDEBUG = False\n";
    const dir = tree({
      ...PKG,
      "shop/settings/__init__.py": "",
      "shop/settings/base.py": base,
      "shop/settings/production.py": production,
    });
    const after = await fixAndCheck(dir, "shop/settings/base.py", "shop.settings.production");
    expect(after).toContain(
      `"OPTIONS": {"sslmode": "verify-full", "sslrootcert": os.environ.get("DB_SSLROOTCERT", "/etc/db/ca.crt")}}}`,
    );
    expect(after.startsWith("import os\n")).toBe(true);
    expect(readFileSync(join(dir, "shop/settings/production.py"), "utf8")).toBe(production);
  });

  it("--client-cert/--client-key add sslcert/sslkey as env reads", async () => {
    const dir = tree({
      ...PKG,
      "shop/settings.py": `import os\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com"}}\n`,
    });
    const r = await cli(["fix", dir, "--client-cert", "/c/app.crt", "--client-key", "/c/app.key"]);
    expect(r.stdout).toContain(`"sslcert": os.environ.get("DB_SSLCERT", "/c/app.crt")`);
    expect(r.stdout).toContain(`"sslkey": os.environ.get("DB_SSLKEY", "/c/app.key")`);
    expect((await cli(["fix", dir, "--client-cert", "/c/app.crt"])).code).toBe(2);
  });
});

describe("fix: what it leaves alone, and says why", () => {
  it.each([
    [
      "sslmode computed by a function",
      `def mode():\n    return "require"\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "OPTIONS": {"sslmode": mode()}}}\n`,
      "computed",
    ],
    [
      "sslmode from an env var without a default",
      `import os\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "OPTIONS": {"sslmode": os.environ["DB_SSLMODE"]}}}\n`,
      "without a default",
    ],
    [
      "OPTIONS that is a variable",
      `OPTS = {"sslmode": "require"}\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "OPTIONS": OPTS}}\n`,
      "not a dict literal",
    ],
  ])("%s", async (_name, settings, reason) => {
    const dir = tree({ ...PKG, "shop/settings.py": settings });
    const r = await cli(["fix", dir, "--write"], { DB_SSLMODE: "require" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("not fixed");
    expect(r.stderr).toContain(reason);
    expect(readFileSync(join(dir, "shop/settings.py"), "utf8")).toBe(settings);
  });

  it("nothing to fix: exit 0, no diff; local and SQLite aliases are not touched", async () => {
    const settings = `DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}, "local": {"ENGINE": "django.db.backends.postgresql", "HOST": "localhost"}}\n`;
    const dir = tree({ ...PKG, "shop/settings.py": settings });
    const r = await cli(["fix", dir]);
    expect(r).toMatchObject({ code: 0, stdout: "" });
    expect(r.stderr).toContain("nothing to fix");
  });

  it("the diff never shows a password from the settings", async () => {
    const dir = tree({
      ...PKG,
      "shop/settings.py": `DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "db.example.com",
        "PASSWORD": "s3cr3t-Pa55word",
    }
}
`,
    });
    const r = await cli(["fix", dir]);
    expect(r.stdout).toContain('+        "OPTIONS": {');
    expect(r.stdout + r.stderr).not.toContain("s3cr3t-Pa55word");
  });
});

describe("line endings of the file are kept", () => {
  it("CRLF: every inserted line ends in CRLF too (no lone LF added)", async () => {
    const source = [
      "import dj_database_url",
      'SECRET_KEY = "x"',
      "DATABASES = {",
      '    "default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com"},',
      "}",
      "",
    ].join("\r\n");
    const dir = tree({ ...PKG, "shop/settings.py": source });
    const after = await fixAndCheck(dir, "shop/settings.py");
    expect(after).toContain("verify-full");
    expect(after.replace(/\r\n/g, "")).not.toContain("\n");
  });
});

describe("fix --write checks what Django will get after writing", () => {
  it("a later module that overrides the edited one: not 'fixed', the winning statement named, exit 1", async () => {
    const dir = tree({
      ...PKG,
      "shop/settings/__init__.py": "",
      "shop/settings/base.py": `SECRET_KEY = "x"\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com"}}\n`,
      "shop/settings/production.py": `from .base import *\nDATABASES["default"]["OPTIONS"] = {"sslmode": "require"}\n`,
      "manage.py": `import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.production")\n`,
    });
    const wrote = await cli([
      "fix",
      dir,
      "--settings",
      "shop.settings.production",
      "--root-cert",
      "/etc/db/ca.crt",
      "--write",
    ]);
    expect(wrote.code, wrote.stderr).toBe(1);
    expect(wrote.stderr).not.toMatch(/^fixed: shop\.settings\.production 'default'/m);
    expect(wrote.stderr).toMatch(/still exposed after writing/);
    expect(wrote.stderr).toContain("shop/settings/production.py:2");
  });

  it("a file it cannot write: 'not fixed' with the reason, never 'fixed', exit 1", () => {
    const dir = tree({
      ...PKG,
      "shop/settings.py": `SECRET_KEY = "x"\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com"}}\n`,
    });
    // Readable but not writable for the user fix runs as (root would write anyway: run it as nobody).
    chmodSync(work, 0o755);
    chmodSync(dir, 0o755);
    chmodSync(join(dir, "shop"), 0o755);
    const wrote = spawnCli(["fix", dir, "--settings", "shop.settings", "--write"], { user: "nobody" });
    expect(wrote.code, wrote.stderr).toBe(1);
    expect(wrote.stderr).not.toMatch(/^fixed:/m);
    expect(wrote.stderr).toMatch(/^not fixed: shop\.settings 'default'.*not written: cannot write it/m);
  });
});
