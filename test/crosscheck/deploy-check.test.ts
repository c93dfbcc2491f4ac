/**
 * wirewarden's HTTPS rules against Django's own `check --deploy`, run by the real Django from Debian on the same
 * settings: where a rule has a Django counterpart, each must fire exactly when the other does.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { scanProject } from "../../src/engine/scan.js";
import { tempDir } from "../helpers/cli.js";
import { requireDjango, runHarness } from "../helpers/python.js";

const HEAD = `import os
import environ
env = environ.Env()
SECRET_KEY = "Zq8!vR2#pL9@xW4$mN7%bT1^cY6&hJ3*kD5(fG0)sA-qE=uI+oP~lK;nB,vC.xZ"
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
]
`;
const HARDENED = `DEBUG = False
ALLOWED_HOSTS = ["shop.example.com"]
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
`;

interface Case {
  name: string;
  /** path → source; the settings module is `app.settings` unless `module` says otherwise. */
  files?: Record<string, string>;
  /** An existing project (the bundled examples) instead of files. */
  dir?: string;
  module?: string;
  env?: Record<string, string>;
}

const single = (name: string, source: string, env?: Record<string, string>): Case => ({
  name,
  files: { "app/settings.py": source },
  ...(env ? { env } : {}),
});

const EXAMPLES = join(import.meta.dirname, "..", "..", "examples");

const CASES: Case[] = [
  {
    name: "examples/vulnerable-shop",
    dir: join(EXAMPLES, "vulnerable-shop"),
    module: "shop.settings.production",
  },
  {
    name: "examples/hardened-shop",
    dir: join(EXAMPLES, "hardened-shop"),
    module: "shop.settings.production",
    env: {
      DJANGO_SECRET_KEY: "pQ8#vL2@xR7!mZ4$kT9%bN1^cW6&hY3*jD5(fG0)sA-qE=uI+o",
      DB_PASSWORD: "x",
      DB_REPLICA_PASSWORD: "y",
    },
  },
  single(
    "startproject defaults with DEBUG and a wildcard host",
    `${HEAD}DEBUG = True\nALLOWED_HOSTS = ["*"]\n`,
  ),
  single("hardened", `${HEAD}${HARDENED}`),
  single(
    'DEBUG "False" string from env, not supplied',
    `${HEAD}${HARDENED}DEBUG = os.environ.get("DJANGO_DEBUG", "False")\n`,
  ),
  single(
    "DEBUG string from env, supplied empty",
    `${HEAD}${HARDENED}DEBUG = os.environ.get("DJANGO_DEBUG", "False")\n`,
    { DJANGO_DEBUG: "" },
  ),
  single(
    "django-environ bools with weak defaults",
    `${HEAD}${HARDENED}DEBUG = env.bool("DJANGO_DEBUG", default=True)\nSESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)\n`,
  ),
  single(
    "django-environ bools supplied by production",
    `${HEAD}${HARDENED}DEBUG = env.bool("DJANGO_DEBUG", default=True)\nSESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)\n`,
    { DJANGO_DEBUG: "off", SECURE_COOKIES: "on" },
  ),
  single(
    "no SecurityMiddleware",
    `${HEAD}${HARDENED}MIDDLEWARE = ["django.contrib.sessions.middleware.SessionMiddleware", "django.middleware.csrf.CsrfViewMiddleware"]\n`,
  ),
  single(
    "no sessions at all, cookies left insecure",
    `${HEAD}${HARDENED}INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes"]\nMIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\nSESSION_COOKIE_SECURE = False\nSESSION_COOKIE_HTTPONLY = False\nCSRF_COOKIE_SECURE = False\n`,
  ),
  single(
    "sessions app without its middleware",
    `${HEAD}${HARDENED}MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\nSESSION_COOKIE_SECURE = False\n`,
  ),
  single(
    "CSRF token in the session",
    `${HEAD}${HARDENED}CSRF_COOKIE_SECURE = False\nCSRF_USE_SESSIONS = True\n`,
  ),
  single(
    "short HSTS without subdomains or preload",
    `${HEAD}${HARDENED}SECURE_HSTS_SECONDS = 3600\nSECURE_HSTS_INCLUDE_SUBDOMAINS = False\nSECURE_HSTS_PRELOAD = False\n`,
  ),
  single(
    "HSTS from env, not supplied",
    `${HEAD}${HARDENED}SECURE_HSTS_SECONDS = int(os.environ.get("HSTS", "0"))\n`,
  ),
  single("session cookie readable by scripts", `${HEAD}${HARDENED}SESSION_COOKIE_HTTPONLY = False\n`),
  single(
    "plain-HTTP trusted origin",
    `${HEAD}${HARDENED}CSRF_TRUSTED_ORIGINS = ["https://shop.example.com", "http://admin.example.com"]\n`,
  ),
  {
    name: "split settings: production overrides part of an insecure base",
    module: "app.settings.production",
    files: {
      "app/settings/__init__.py": "",
      "app/settings/base.py": `${HEAD}DEBUG = True\nALLOWED_HOSTS = ["shop.example.com"]\nSESSION_COOKIE_SECURE = False\n`,
      "app/settings/production.py": `from .base import *\nDEBUG = False\nSESSION_COOKIE_SECURE = True\nALLOWED_HOSTS = ALLOWED_HOSTS + ["*"]\nMIDDLEWARE.append("django.middleware.clickjacking.XFrameOptionsMiddleware")\n`,
    },
  },
];

/** Django's check ids (or, where Django has none, its evaluated settings) that mean each rule should fire. */
type DjangoView = { checks: string[]; settings: Record<string, unknown> };
const ORACLE: Record<string, (d: DjangoView) => boolean> = {
  WW301: (d) => d.checks.includes("security.W018"),
  WW302: (d) => ["security.W008", "security.W001"].some((c) => d.checks.includes(c)),
  WW303: (d) =>
    ["security.W004", "security.W005", "security.W021", "security.W001"].some((c) => d.checks.includes(c)) ||
    (Number(d.settings.SECURE_HSTS_SECONDS) > 0 && Number(d.settings.SECURE_HSTS_SECONDS) < 31_536_000),
  WW304: (d) => ["security.W010", "security.W011", "security.W012"].some((c) => d.checks.includes(c)),
  WW305: (d) => d.checks.includes("security.W016"),
  WW307: (d) => (d.settings.ALLOWED_HOSTS as string[]).includes("*"),
  WW309: (d) => ["security.W013", "security.W014", "security.W015"].some((c) => d.checks.includes(c)),
  WW310: (d) =>
    (d.settings.CSRF_TRUSTED_ORIGINS as string[]).some(
      (o) => o.startsWith("http://") && !/^http:\/\/(localhost|127\.|\[::1\])/.test(o),
    ),
};

interface Outcome {
  name: string;
  django: Record<string, boolean>;
  wirewarden: Record<string, boolean>;
}

const outcomes: Outcome[] = [];

beforeAll(async () => {
  requireDjango();
  for (const c of CASES) {
    const dir = c.dir ?? tempDir();
    if (c.files)
      for (const [path, text] of Object.entries({ "app/__init__.py": "", ...c.files })) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
    const module = c.module ?? "app.settings";
    const django = runHarness<DjangoView>("deploy_check.py", [dir, module], c.env);
    const { report } = await scanProject(dir, {
      env: new Map(Object.entries(c.env ?? {})),
      settingsModule: module,
    });
    const mine = report.findings.filter((f) => f.settingsModule === module);
    const row: Outcome = { name: c.name, django: {}, wirewarden: {} };
    for (const [rule, oracle] of Object.entries(ORACLE)) {
      row.django[rule] = oracle(django);
      row.wirewarden[rule] = mine.some((f) => f.ruleId === rule);
    }
    outcomes.push(row);
  }
}, 120_000);

describe("HTTPS rules agree with Django's check --deploy", () => {
  it.each(CASES.map((c) => c.name))("%s", (name) => {
    const row = outcomes.find((o) => o.name === name);
    expect(row, "harness produced no outcome").toBeDefined();
    expect(row?.wirewarden).toEqual(row?.django);
  });

  it("is not vacuous: every mapped rule both fires and stays silent somewhere", () => {
    for (const rule of Object.keys(ORACLE)) {
      const fired = outcomes.filter((o) => o.django[rule]).length;
      expect(fired, `${rule} never expected by Django`).toBeGreaterThan(0);
      expect(outcomes.length - fired, `${rule} expected everywhere`).toBeGreaterThan(0);
    }
  });
});
