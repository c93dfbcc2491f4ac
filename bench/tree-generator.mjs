// The synthetic Django monorepo of the benchmark (bench/tree/): seeded, so the same seed always yields the same
// tree, byte for byte. bench/run.mjs times wirewarden on it; this file only writes it (and checks it compiles).
// Plain Node ESM, built-ins only.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { dier } from "./lib.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const TREE = join(ROOT, "bench", "tree");
const MARKER = join(TREE, ".wirewarden-bench");
/** Bump when the generator's output changes: a tree with another marker is deleted and regenerated. */
export const GENERATOR_VERSION = 3;
export const SEED = 0x5eed2024;
export const TOTAL_FILES = 5000;
export const PROJECT_COUNT = 50;
export const PYTHON = "/usr/bin/python3";
const die = dier("bench: ERROR");

// ---------------------------------------------------------------------------------------------------------
// Seeded randomness (mulberry32): the same seed always yields the same tree.
// ---------------------------------------------------------------------------------------------------------

function makeRng(seed) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng = {
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    shuffle: (arr) => {
      const a = [...arr];
      for (let i = a.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [a[i], a[j]] = [a[j], a[i]];
      }
      return a;
    },
    sample: (arr, k) => rng.shuffle(arr).slice(0, k),
    hex: (n) => Array.from({ length: n }, () => "0123456789abcdef"[Math.floor(next() * 16)]).join(""),
  };
  return rng;
}

// ---------------------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------------------

const list = (text) => text.trim().split(/\s+/);

const PROJECT_NAMES = list(`
  billing catalog checkout inventory payments shipping accounts analytics storefront warehouse loyalty support
  marketing pricing fulfilment identity ledger partners procurement returns reviews search subscriptions
  notifications onboarding payroll scheduling reporting compliance documents messaging media fleet bookings
  claims contracts crm donations events forecasting helpdesk invoicing kyc logistics memberships orders portal
  quotes rentals tickets`);

const APP_NAMES = list(`
  orders invoices customers products carts coupons alerts audit profiles teams webhooks plans suppliers rates
  schedules exports imports integrations feeds tags comments ratings addresses devices metrics jobs shipments
  refunds vouchers quotas batches assets regions channels templates workflows approvals attachments contacts
  settlements`);

const MODEL_NAMES = list(`
  Order OrderLine Invoice Customer Product Review Cart Coupon Notification Report AuditEntry Profile Team Ticket
  Webhook Subscription LedgerEntry Warehouse Supplier ReturnRequest PriceRule TaxRate Message Schedule Document
  Export Integration Feed Tag Comment Rating Address Device Alert Metric Job Shipment Payment Refund Voucher
  Quota Batch Asset Region Channel Template Workflow Approval Contact`);

const VERBS = list(`
  normalize parse build compute resolve render collect merge validate format group summarize sanitize export
  load flatten dedupe score rank reconcile`);

const OBJECTS = list(`
  payload record rows headers amounts tags events entries items filters params window batch totals labels
  metrics path slug token address quota ledger`);

const TIMEZONES = ["UTC", "Europe/Berlin", "America/New_York", "Europe/London", "Asia/Singapore"];

const camel = (s) => s.replace(/(^|_)([a-z])/g, (_m, _sep, c) => c.toUpperCase());
const snake = (name) => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
const words = (name) => snake(name).replace(/_/g, " ");

/** A module: docstring, import lines, then top-level blocks two blank lines apart (PEP 8). */
function pyModule(docstring, importLines, blocks, preamble = []) {
  const head = [`"""${docstring}"""`, importLines.join("\n"), ...preamble]
    .filter((s) => s !== "")
    .join("\n\n");
  return `${[head, ...blocks.map((b) => b.join("\n"))].join("\n\n\n")}\n`;
}

/** Sorts import lines into stdlib / third-party / local groups as isort would. */
function importBlock(imports) {
  const groups = [[], [], []];
  for (const line of new Set(imports)) {
    const mod = line.split(" ")[1] ?? "";
    const thirdParty = /^(django|rest_framework|celery|dj_database_url|environ)\b/.test(mod);
    groups[mod.startsWith(".") ? 2 : thirdParty ? 1 : 0].push(line);
  }
  const key = (l) => l.replace(/^(import|from) /, "");
  return groups
    .filter((g) => g.length > 0)
    .map((g) => g.sort((a, b) => key(a).localeCompare(key(b))))
    .flatMap((g, i) => (i === 0 ? g : ["", ...g]));
}

const modelImport = (app) => `from .models import ${app.models.map((m) => m.name).join(", ")}`;

// ---------------------------------------------------------------------------------------------------------
// Project plans. Database variants and HTTPS profiles are dealt round-robin after a seeded shuffle, so each
// appears in five (resp. ten) of the 50 projects.
// ---------------------------------------------------------------------------------------------------------

/** How the default database is written in settings. */
const DB_VARIANTS = [
  "dict-verify-full", // OPTIONS sslmode verify-full + sslrootcert
  "dict-require", // OPTIONS sslmode require
  "dict-missing", // no OPTIONS at all
  "dict-env-sslmode", // OPTIONS sslmode from os.environ.get with a default
  "url-ssl-require", // dj_database_url.config(..., ssl_require=True)
  "url-plain", // dj_database_url.config / parse without ssl_require
  "url-query-sslmode", // sslmode in the URL's query string
  "environ-db", // django-environ env.db(...)
  "prod-override", // base.py is local-ish, production.py overrides OPTIONS
  "conditional", // production.py turns TLS on under an `if` on an env var
];

const HTTPS_PROFILES = ["strict", "partial", "lax", "none", "env-driven"];

function planProjects(rng) {
  const names = rng.shuffle(PROJECT_NAMES).slice(0, PROJECT_COUNT);
  const dbOrder = rng.shuffle(DB_VARIANTS);
  const httpsOrder = rng.shuffle(HTTPS_PROFILES);
  const sizes = names.map(() => rng.int(70, 130));
  // Nudge sizes round-robin until they sum to exactly TOTAL_FILES, staying within [60, 140].
  let diff = TOTAL_FILES - sizes.reduce((a, b) => a + b, 0);
  for (let i = 0; diff !== 0; i = (i + 1) % sizes.length) {
    const step = Math.sign(diff);
    if (sizes[i] + step >= 60 && sizes[i] + step <= 140) {
      sizes[i] += step;
      diff -= step;
    }
  }
  return names.map((name, i) => {
    const cockroach = rng.chance(0.6);
    const hosts = [
      `${name}-db.internal`,
      `cockroach.${name}.svc.cluster.local`,
      `10.20.${rng.int(0, 255)}.${rng.int(2, 254)}`,
      `${name}.db.example.com`,
    ];
    return {
      name,
      size: sizes[i],
      db: dbOrder[i % dbOrder.length],
      https: httpsOrder[i % httpsOrder.length],
      replica: rng.chance(0.3),
      replicaSslmode: rng.pick(["verify-full", "require", "prefer", "verify-full"]),
      engine: cockroach ? "django_cockroachdb" : "django.db.backends.postgresql",
      port: cockroach ? "26257" : "5432",
      scheme: cockroach ? "cockroach" : rng.pick(["postgres", "postgresql"]),
      host: rng.pick(hosts),
      manageSettings: rng.chance(0.6) ? "production" : "local",
      localSqlite: rng.chance(0.5),
      timezone: rng.pick(TIMEZONES),
      secret: rng.hex(40),
      apps: [],
    };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Project-level files: manage.py, wsgi/asgi, urls, routers, the settings package
// ---------------------------------------------------------------------------------------------------------

function managePy(p) {
  return `#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""
import os
import sys


def main():
    """Run administrative tasks."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "${p.name}.settings.${p.manageSettings}")
    try:
        from django.core.management import execute_from_command_line
    except ImportError as exc:
        raise ImportError(
            "Couldn't import Django. Are you sure it's installed and "
            "available on your PYTHONPATH environment variable? Did you "
            "forget to activate a virtual environment?"
        ) from exc
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
`;
}

function gatewayPy(p, kind) {
  const fn = kind === "wsgi" ? "get_wsgi_application" : "get_asgi_application";
  return `"""
${kind.toUpperCase()} config for the ${p.name} project.

It exposes the ${kind.toUpperCase()} callable as a module-level variable named "application".
"""

import os

from django.core.${kind} import ${fn}

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "${p.name}.settings.production")

application = ${fn}()
`;
}

function projectUrlsPy(p) {
  const routes = p.apps.map((a) => `    path("${a.name}/", include("${a.name}.urls")),`);
  return `"""URL configuration for the ${p.name} project."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
${routes.join("\n")}
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.STATIC_URL, document_root=settings.STATIC_ROOT)
`;
}

function routersPy() {
  return `"""Send reads to the replica and everything else to the primary."""

import random


class PrimaryReplicaRouter:
    read_aliases = ("replica",)
    write_alias = "default"

    def db_for_read(self, model, **hints):
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return instance._state.db
        return random.choice(self.read_aliases)

    def db_for_write(self, model, **hints):
        return self.write_alias

    def allow_relation(self, obj1, obj2, **hints):
        aliases = {self.write_alias, *self.read_aliases}
        return obj1._state.db in aliases and obj2._state.db in aliases

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == self.write_alias
`;
}

const dbUrl = (p, host = p.host, query = "") =>
  `${p.scheme}://${p.name}:change-me@${host}:${p.port}/${p.name}${query}`;

function dbDict(p, optionsLines) {
  const lines = [
    "DATABASES = {",
    `    "default": {`,
    `        "ENGINE": "${p.engine}",`,
    `        "NAME": os.environ.get("DB_NAME", "${p.name}"),`,
    `        "USER": os.environ.get("DB_USER", "${p.name}"),`,
    `        "PASSWORD": os.environ.get("DB_PASSWORD", ""),`,
    `        "HOST": os.environ.get("DB_HOST", "${p.host}"),`,
    `        "PORT": os.environ.get("DB_PORT", "${p.port}"),`,
    `        "CONN_MAX_AGE": int(os.environ.get("DB_CONN_MAX_AGE", "600")),`,
  ];
  if (optionsLines)
    lines.push(`        "OPTIONS": {`, ...optionsLines.map((l) => `            ${l}`), "        },");
  return [...lines, "    }", "}"];
}

/** The DATABASES block of base.py and the imports it needs. */
function baseDatabases(p, rng) {
  switch (p.db) {
    case "dict-verify-full":
      return {
        imports: [],
        lines: dbDict(p, [
          `"sslmode": "verify-full",`,
          `"sslrootcert": os.environ.get("DB_SSLROOTCERT", "/etc/${p.name}/certs/ca.crt"),`,
        ]),
      };
    case "dict-require":
      return { imports: [], lines: dbDict(p, [`"sslmode": "require",`, `"connect_timeout": 5,`]) };
    case "dict-missing":
      return { imports: [], lines: dbDict(p, null) };
    case "dict-env-sslmode": {
      const fallback = rng.pick(["prefer", "require", "verify-full", "disable"]);
      return { imports: [], lines: dbDict(p, [`"sslmode": os.environ.get("DB_SSLMODE", "${fallback}"),`]) };
    }
    case "url-ssl-require":
      return {
        imports: ["import dj_database_url"],
        lines: [
          "DATABASES = {",
          `    "default": dj_database_url.config(`,
          `        default="${dbUrl(p)}",`,
          "        conn_max_age=600,",
          "        conn_health_checks=True,",
          "        ssl_require=True,",
          "    )",
          "}",
        ],
      };
    case "url-plain":
      return {
        imports: ["import dj_database_url"],
        lines: rng.chance(0.5)
          ? [
              "DATABASES = {",
              `    "default": dj_database_url.config(`,
              `        default=os.environ.get("PRIMARY_DATABASE_URL", "${dbUrl(p)}"),`,
              "        conn_max_age=60,",
              "    )",
              "}",
            ]
          : [
              `DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", "${dbUrl(p)}"))}`,
              `DATABASES["default"]["CONN_MAX_AGE"] = 300`,
            ],
      };
    case "url-query-sslmode":
      return {
        imports: ["import dj_database_url"],
        lines: [
          "DATABASES = {",
          `    "default": dj_database_url.config(`,
          `        default="${dbUrl(p, p.host, `?sslmode=verify-full&sslrootcert=/etc/ssl/${p.name}/ca.crt`)}",`,
          "        conn_max_age=600,",
          "    )",
          "}",
        ],
      };
    case "environ-db":
      return {
        imports: ["import environ"],
        lines: [
          "env = environ.Env(DB_CONN_MAX_AGE=(int, 600))",
          `environ.Env.read_env(BASE_DIR / ".env", overwrite=False)`,
          "",
          `DATABASES = {"default": env.db("DATABASE_URL", default="${dbUrl(p)}")}`,
          `DATABASES["default"]["CONN_MAX_AGE"] = env("DB_CONN_MAX_AGE")`,
        ],
      };
    case "prod-override":
    case "conditional":
      return {
        imports: [],
        lines: [
          "DATABASES = {",
          `    "default": {`,
          `        "ENGINE": "${p.engine}",`,
          `        "NAME": os.environ.get("DB_NAME", "${p.name}"),`,
          `        "USER": os.environ.get("DB_USER", "root"),`,
          `        "HOST": os.environ.get("DB_HOST", "localhost"),`,
          `        "PORT": os.environ.get("DB_PORT", "${p.port}"),`,
          `        "OPTIONS": {"sslmode": "disable"},`,
          "    }",
          "}",
        ],
      };
    default:
      throw new Error(`unknown db variant ${p.db}`);
  }
}

function baseSettingsPy(p, rng) {
  const db = baseDatabases(p, rng);
  const apps = p.apps.map((a) => `    "${a.name}.apps.${camel(a.name)}Config",`);
  const thirdParty = rng.sample(
    ["rest_framework", "django_filters", "corsheaders", "django_extensions"],
    rng.int(1, 3),
  );
  return `"""
Base settings for the ${p.name} service.

Shared by every environment; production.py and local.py override what differs.
"""

${importBlock(["import os", "from pathlib import Path", ...db.imports]).join("\n")}

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "django-insecure-${p.secret}")

DEBUG = os.environ.get("DJANGO_DEBUG", "false").lower() in {"1", "true", "yes"}

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "localhost").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
${thirdParty.map((t) => `    "${t}",`).join("\n")}
${apps.join("\n")}
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "${p.name}.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "${p.name}.wsgi.application"

${db.lines.join("\n")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": ${rng.pick([8, 10, 12])}}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "${p.timezone}"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = BASE_DIR / "media"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
`;
}

function httpsLines(p) {
  switch (p.https) {
    case "strict":
      return [
        "SECURE_SSL_REDIRECT = True",
        `SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")`,
        "SESSION_COOKIE_SECURE = True",
        "CSRF_COOKIE_SECURE = True",
        "SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS = True",
        "SECURE_HSTS_PRELOAD = True",
        `SECURE_REFERRER_POLICY = "same-origin"`,
      ];
    case "partial":
      return [
        `SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"`,
        "SESSION_COOKIE_SECURE = True",
        "SECURE_HSTS_SECONDS = 3600",
      ];
    case "lax":
      return [
        "# TLS is terminated at the load balancer; see ops/ingress.yaml.",
        "SECURE_SSL_REDIRECT = False",
        "SESSION_COOKIE_SECURE = False",
      ];
    case "none":
      return [];
    case "env-driven":
      return [
        `SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "0"))`,
        `SECURE_SSL_REDIRECT = bool(int(os.environ.get("FORCE_HTTPS", "1")))`,
        "CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE = SECURE_SSL_REDIRECT",
        `CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS]`,
      ];
    default:
      throw new Error(`unknown https profile ${p.https}`);
  }
}

function productionDbLines(p) {
  const lines = [];
  if (p.db === "prod-override") {
    lines.push(
      `DATABASES["default"].update(`,
      "    {",
      `        "USER": os.environ.get("DB_USER", "${p.name}"),`,
      `        "PASSWORD": os.environ["DB_PASSWORD"],`,
      `        "HOST": os.environ.get("DB_HOST", "${p.host}"),`,
      `        "OPTIONS": {"sslmode": "verify-full", "sslrootcert": "/run/secrets/db-ca.crt"},`,
      "    }",
      ")",
    );
  } else if (p.db === "conditional") {
    lines.push(
      `DATABASES["default"]["HOST"] = os.environ.get("DB_HOST", "${p.host}")`,
      `if os.environ.get("DB_REQUIRE_TLS", "1") == "1":`,
      `    DATABASES["default"]["OPTIONS"] = {"sslmode": "verify-full", "sslrootcert": "/etc/ssl/certs/db-ca.pem"}`,
      "else:",
      `    DATABASES["default"]["OPTIONS"] = {"sslmode": "prefer"}`,
    );
  }
  if (p.replica) {
    if (lines.length > 0) lines.push("");
    const replicaHost = `replica.${p.host}`;
    if (p.db.startsWith("url-")) {
      lines.push(
        `DATABASES["replica"] = dj_database_url.config(`,
        `    env="REPLICA_DATABASE_URL",`,
        `    default="${dbUrl(p, replicaHost)}",`,
        "    conn_max_age=600,",
        ...(p.replicaSslmode === "prefer" ? [] : ["    ssl_require=True,"]),
        ")",
      );
    } else if (p.db === "environ-db") {
      lines.push(`DATABASES["replica"] = env.db("REPLICA_DATABASE_URL", default="${dbUrl(p, replicaHost)}")`);
    } else {
      lines.push(
        `DATABASES["replica"] = {`,
        `    **DATABASES["default"],`,
        `    "HOST": os.environ.get("DB_REPLICA_HOST", "${replicaHost}"),`,
        `    "OPTIONS": {"sslmode": "${p.replicaSslmode}"},`,
        "}",
      );
    }
    lines.push(`DATABASE_ROUTERS = ["${p.name}.routers.PrimaryReplicaRouter"]`);
  }
  return lines;
}

function productionSettingsPy(p) {
  const imports = importBlock([
    "import os",
    ...(p.replica && p.db.startsWith("url-") ? ["import dj_database_url"] : []),
  ]);
  const sections = [
    ["DEBUG = False", `ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "${p.name}.example.com").split(",")`],
    httpsLines(p),
    productionDbLines(p),
    [
      "CACHES = {",
      `    "default": {`,
      `        "BACKEND": "django.core.cache.backends.redis.RedisCache",`,
      `        "LOCATION": os.environ.get("REDIS_URL", "redis://cache.${p.name}.internal:6379/0"),`,
      "    }",
      "}",
    ],
  ].filter((s) => s.length > 0);
  return `"""Production settings for ${p.name}."""

${imports.join("\n")}

from .base import *  # noqa: F401,F403

${sections.map((s) => s.join("\n")).join("\n\n")}
`;
}

function localSettingsPy(p) {
  const db = p.localSqlite
    ? [
        "DATABASES = {",
        `    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"},`,
        "}",
      ]
    : [
        "DATABASES = {",
        `    "default": {`,
        `        "ENGINE": "${p.engine}",`,
        `        "NAME": "${p.name}",`,
        `        "USER": "root",`,
        `        "HOST": "localhost",`,
        `        "PORT": "${p.port}",`,
        `        "OPTIONS": {"sslmode": "disable"},`,
        "    }",
        "}",
      ];
  return `"""Local development settings for ${p.name}. Never used in production."""

import os

from .base import *  # noqa: F401,F403

DEBUG = True
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
INTERNAL_IPS = ["127.0.0.1"]

${db.join("\n")}

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

if os.environ.get("USE_DEBUG_TOOLBAR"):
    INSTALLED_APPS += ["debug_toolbar"]
    MIDDLEWARE.insert(0, "debug_toolbar.middleware.DebugToolbarMiddleware")
`;
}

// ---------------------------------------------------------------------------------------------------------
// Apps: a plan of models per app, then one function per module kind.
// ---------------------------------------------------------------------------------------------------------

const STATUSES = ["draft", "active", "paused", "closed"];
const title = (s) => s[0].toUpperCase() + s.slice(1);

/** One field spec per optional field kind; `models` are the app's earlier models (for a ForeignKey). */
function fieldFor(kind, app, modelName, models) {
  switch (kind) {
    case "slug":
      return { name: "slug", expr: "models.SlugField(max_length=80, unique=True)" };
    case "reference":
      return { name: "reference", expr: "models.CharField(max_length=32, db_index=True, blank=True)" };
    case "amount":
      return {
        name: "amount",
        expr: `models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"))`,
      };
    case "quantity":
      return { name: "quantity", expr: "models.PositiveIntegerField(default=1)" };
    case "notes":
      return { name: "notes", expr: "models.TextField(blank=True)" };
    case "metadata":
      return { name: "metadata", expr: "models.JSONField(default=dict, blank=True)" };
    case "public_id":
      return { name: "public_id", expr: "models.UUIDField(default=uuid.uuid4, editable=False, unique=True)" };
    case "email":
      return { name: "email", expr: "models.EmailField(blank=True)" };
    case "owner":
      return {
        name: "owner",
        fk: "user",
        expr: `models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="${app}_${snake(modelName)}s")`,
      };
    case "parent": {
      const target = models.at(-1)?.name;
      if (!target) return null;
      return {
        name: snake(target),
        fk: target,
        expr: `models.ForeignKey("${target}", on_delete=models.CASCADE, related_name="${snake(modelName)}s")`,
      };
    }
    case "status":
      return {
        name: "status",
        status: true,
        expr: "models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)",
      };
    default:
      throw new Error(`unknown field kind ${kind}`);
  }
}

const FIELD_KINDS = list("slug reference amount quantity notes metadata public_id email owner parent status");

function planModels(rng, app) {
  const models = [];
  for (const name of rng.sample(MODEL_NAMES, rng.int(1, 3))) {
    const fields = [{ name: "name", expr: `models.CharField(max_length=${rng.pick([80, 120, 200, 255])})` }];
    for (const kind of rng.sample(FIELD_KINDS, rng.int(1, 5))) {
      const f = fieldFor(kind, app, name, models);
      if (f) fields.push(f);
    }
    fields.push(
      { name: "is_active", expr: "models.BooleanField(default=True)" },
      { name: "created_at", expr: "models.DateTimeField(auto_now_add=True)" },
      { name: "updated_at", expr: "models.DateTimeField(auto_now=True)" },
    );
    const has = (n) => fields.some((f) => f.name === n);
    models.push({
      name,
      snake: snake(name),
      fields,
      has,
      hasStatus: has("status"),
      queryset: rng.chance(0.6),
    });
  }
  return models;
}

function modelBlock(m) {
  const lines = [];
  if (m.queryset) {
    lines.push(
      `class ${m.name}QuerySet(models.QuerySet):`,
      "    def active(self):",
      "        return self.filter(is_active=True)",
      "",
      "    def created_since(self, days: int):",
      "        return self.filter(created_at__gte=timezone.now() - timedelta(days=days))",
      "",
      "",
    );
  }
  lines.push(
    `class ${m.name}(models.Model):`,
    `    """A ${words(m.name)} as the ${words(m.name)} pages show it."""`,
    "",
  );
  if (m.hasStatus) {
    lines.push("    class Status(models.TextChoices):");
    for (const s of STATUSES) lines.push(`        ${s.toUpperCase()} = "${s}", "${title(s)}"`);
    lines.push("");
  }
  for (const f of m.fields) lines.push(`    ${f.name} = ${f.expr}`);
  if (m.queryset) lines.push("", `    objects = ${m.name}QuerySet.as_manager()`);
  lines.push(
    "",
    "    class Meta:",
    `        ordering = ["-created_at"]`,
    `        indexes = [models.Index(fields=["is_active", "created_at"])]`,
    `        verbose_name_plural = "${words(m.name)}s"`,
    "",
    "    def __str__(self) -> str:",
    `        return f"{self.name} (#{self.pk})"`,
    "",
    "    @property",
    "    def is_recent(self) -> bool:",
    "        return timezone.now() - self.created_at < timedelta(days=7)",
  );
  if (m.has("amount")) {
    lines.push(
      "",
      "    @staticmethod",
      "    def total(items) -> Decimal:",
      `        return sum((item.amount for item in items if item.is_active), Decimal("0.00"))`,
    );
  }
  if (m.hasStatus) {
    lines.push(
      "",
      "    def close(self, *, save: bool = True) -> None:",
      "        if self.status == self.Status.CLOSED:",
      "            return",
      "        self.status = self.Status.CLOSED",
      "        if save:",
      `            self.save(update_fields=["status", "updated_at"])`,
    );
  }
  return lines;
}

function modelsPy(app) {
  const imports = [
    "from datetime import timedelta",
    "from django.db import models",
    "from django.utils import timezone",
  ];
  if (app.models.some((m) => m.has("amount"))) imports.push("from decimal import Decimal");
  if (app.models.some((m) => m.has("public_id"))) imports.push("import uuid");
  if (app.models.some((m) => m.has("owner"))) imports.push("from django.conf import settings");
  return pyModule(`Models for the ${app.name} app.`, importBlock(imports), app.models.map(modelBlock));
}

/** The app's views; also records app.routes so urls.py and the view tests point at views that exist. */
function viewsPy(app, rng) {
  const blocks = [];
  const imports = ["import logging", modelImport(app)];
  const prefixed = app.models.length > 1;
  for (const m of app.models) {
    const prefix = prefixed ? `${m.snake}s/` : "";
    const chosen = rng.sample(
      ["list", "detail", "summary", "toggle"],
      rng.int(2, app.models.length > 2 ? 3 : 4),
    );
    if (chosen.includes("list")) {
      imports.push("from django.views.generic import ListView");
      blocks.push([
        `class ${m.name}ListView(ListView):`,
        `    model = ${m.name}`,
        `    paginate_by = ${rng.pick([20, 25, 50])}`,
        `    template_name = "${app.name}/${m.snake}_list.html"`,
        "",
        "    def get_queryset(self):",
        "        queryset = super().get_queryset().filter(is_active=True)",
        `        query = self.request.GET.get("q", "").strip()`,
        "        if query:",
        "            queryset = queryset.filter(name__icontains=query)",
        `        return queryset.order_by("-created_at")`,
        "",
        "    def get_context_data(self, **kwargs):",
        "        context = super().get_context_data(**kwargs)",
        `        context["query"] = self.request.GET.get("q", "")`,
        "        return context",
      ]);
      app.routes.push([prefix, `views.${m.name}ListView.as_view()`, `${m.snake}-list`]);
    }
    if (chosen.includes("detail")) {
      imports.push(
        "from django.contrib.auth.mixins import LoginRequiredMixin",
        "from django.views.generic import DetailView",
      );
      blocks.push([
        `class ${m.name}DetailView(LoginRequiredMixin, DetailView):`,
        `    model = ${m.name}`,
        `    context_object_name = "${m.snake}"`,
        "",
        "    def get_context_data(self, **kwargs):",
        "        context = super().get_context_data(**kwargs)",
        `        context["related"] = ${m.name}.objects.exclude(pk=self.object.pk).filter(is_active=True)[:5]`,
        "        return context",
      ]);
      app.routes.push([`${prefix}<int:pk>/`, `views.${m.name}DetailView.as_view()`, `${m.snake}-detail`]);
    }
    if (chosen.includes("summary")) {
      imports.push(
        "from django.contrib.auth.decorators import login_required",
        "from django.http import HttpRequest, JsonResponse",
        "from django.views.decorators.http import require_GET",
      );
      blocks.push([
        "@login_required",
        "@require_GET",
        `def ${m.snake}_summary(request: HttpRequest) -> JsonResponse:`,
        `    limit = min(int(request.GET.get("limit", "50")), 200)`,
        `    rows = list(${m.name}.objects.filter(is_active=True).values("id", "name", "created_at")[:limit])`,
        "    payload = {",
        `        "count": len(rows),`,
        `        "items": [{**row, "created_at": row["created_at"].isoformat()} for row in rows],`,
        "    }",
        `    logger.debug(f"${m.snake} summary: {len(rows)} rows for {request.user}")`,
        "    return JsonResponse(payload)",
      ]);
      app.routes.push([`${prefix}summary/`, `views.${m.snake}_summary`, `${m.snake}-summary`]);
    }
    if (chosen.includes("toggle")) {
      imports.push(
        "from django.contrib.auth.decorators import login_required",
        "from django.shortcuts import get_object_or_404, redirect",
        "from django.views.decorators.http import require_POST",
      );
      blocks.push([
        "@login_required",
        "@require_POST",
        `def ${m.snake}_toggle(request, pk: int):`,
        `    obj = get_object_or_404(${m.name}, pk=pk)`,
        "    obj.is_active = not obj.is_active",
        `    obj.save(update_fields=["is_active", "updated_at"])`,
        `    logger.info(f"{request.user} set ${m.snake} {obj.pk} active={obj.is_active}")`,
        `    return redirect(request.META.get("HTTP_REFERER") or "/")`,
      ]);
      app.routes.push([`${prefix}<int:pk>/toggle/`, `views.${m.snake}_toggle`, `${m.snake}-toggle`]);
    }
  }
  return pyModule(`Views for the ${app.name} app.`, importBlock(imports), blocks, [
    "logger = logging.getLogger(__name__)",
  ]);
}

function appUrlsPy(app) {
  const lines = app.routes.map(([route, view, name]) => `    path("${route}", ${view}, name="${name}"),`);
  return `"""URL routes for the ${app.name} app."""

from django.urls import path

from . import views

app_name = "${app.name}"

urlpatterns = [
${lines.join("\n")}
]
`;
}

function appsPy(app) {
  return `from django.apps import AppConfig


class ${camel(app.name)}Config(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "${app.name}"
    verbose_name = "${camel(app.name)}"
`;
}

function adminPy(app, rng) {
  const blocks = app.models.map((m) => {
    const shown = m.fields
      .map((f) => f.name)
      .filter((n) => ["status", "amount", "quantity", "email"].includes(n));
    const display = ["name", ...shown, "is_active", "created_at"].map((d) => `"${d}"`).join(", ");
    return [
      `@admin.register(${m.name})`,
      `class ${m.name}Admin(admin.ModelAdmin):`,
      `    list_display = (${display})`,
      `    list_filter = ("is_active",${m.hasStatus ? ` "status"` : ""})`,
      `    search_fields = ("name",${m.has("reference") ? ` "reference"` : ""})`,
      `    readonly_fields = ("created_at", "updated_at")`,
      `    list_per_page = ${rng.pick([50, 100])}`,
      `    actions = ["deactivate"]`,
      "",
      `    @admin.action(description="Deactivate selected ${words(m.name)}s")`,
      "    def deactivate(self, request, queryset):",
      "        updated = queryset.update(is_active=False)",
      `        self.message_user(request, f"{updated} ${words(m.name)}(s) deactivated.")`,
    ];
  });
  return pyModule(
    `Admin for the ${app.name} app.`,
    importBlock(["from django.contrib import admin", modelImport(app)]),
    blocks,
  );
}

function formsPy(app) {
  const blocks = app.models.map((m) => {
    const hidden = ["created_at", "updated_at", "public_id", "owner"];
    const fields = m.fields.filter((f) => !hidden.includes(f.name)).map((f) => `"${f.name}"`);
    return [
      `class ${m.name}Form(forms.ModelForm):`,
      "    class Meta:",
      `        model = ${m.name}`,
      `        fields = [${fields.join(", ")}]`,
      `        widgets = {"name": forms.TextInput(attrs={"autocomplete": "off"})}`,
      "",
      "    def clean_name(self):",
      `        name = " ".join(self.cleaned_data["name"].split())`,
      "        if len(name) < 3:",
      `            raise ValidationError("Use at least three characters.")`,
      `        clash = ${m.name}.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)`,
      "        if clash.exists():",
      `            raise ValidationError(f"A ${words(m.name)} called {name!r} already exists.")`,
      "        return name",
    ];
  });
  const imports = [
    "from django import forms",
    "from django.core.exceptions import ValidationError",
    modelImport(app),
  ];
  return pyModule(`Forms for the ${app.name} app.`, importBlock(imports), blocks);
}

function serializersPy(app) {
  const blocks = app.models.map((m) => {
    const fields = ["id", ...m.fields.map((f) => f.name).filter((n) => n !== "owner"), "age_days"];
    return [
      `class ${m.name}Serializer(serializers.ModelSerializer):`,
      "    age_days = serializers.SerializerMethodField()",
      "",
      "    class Meta:",
      `        model = ${m.name}`,
      `        fields = [${fields.map((n) => `"${n}"`).join(", ")}]`,
      `        read_only_fields = ["id", "created_at", "updated_at"]`,
      "",
      "    def get_age_days(self, obj) -> int:",
      "        return (timezone.now() - obj.created_at).days",
      "",
      "    def validate(self, attrs):",
      `        if attrs.get("name", "").lower() in {"test", "todo"}:`,
      `            raise serializers.ValidationError({"name": "Pick a real name."})`,
      "        return attrs",
    ];
  });
  const imports = [
    "from django.utils import timezone",
    "from rest_framework import serializers",
    modelImport(app),
  ];
  return pyModule(`REST serializers for the ${app.name} app.`, importBlock(imports), blocks);
}

function tasksPy(app, rng) {
  const blocks = app.models.flatMap((m) => [
    [
      `@shared_task(bind=True, max_retries=${rng.int(2, 5)}, default_retry_delay=${rng.pick([15, 30, 60])})`,
      `def refresh_${m.snake}(self, ${m.snake}_id: int) -> None:`,
      "    try:",
      "        with transaction.atomic():",
      `            obj = ${m.name}.objects.select_for_update().get(pk=${m.snake}_id)`,
      `            obj.save(update_fields=["updated_at"])`,
      `    except ${m.name}.DoesNotExist:`,
      `        logger.info(f"${m.snake} {${m.snake}_id} vanished before refresh")`,
      "    except Exception as exc:",
      "        raise self.retry(exc=exc)",
    ],
    [
      "@shared_task",
      `def purge_stale_${m.snake}s(days: int = ${rng.pick([30, 60, 90])}) -> int:`,
      "    cutoff = timezone.now() - timedelta(days=days)",
      `    deleted, _ = ${m.name}.objects.filter(is_active=False, updated_at__lt=cutoff).delete()`,
      `    logger.info(f"purged {deleted} stale ${words(m.name)}s older than {days} days")`,
      "    return deleted",
    ],
  ]);
  const imports = [
    "import logging",
    "from datetime import timedelta",
    "from celery import shared_task",
    "from django.db import transaction",
    "from django.utils import timezone",
    modelImport(app),
  ];
  return pyModule(`Background tasks for the ${app.name} app.`, importBlock(imports), blocks, [
    "logger = logging.getLogger(__name__)",
  ]);
}

function signalsPy(app) {
  const blocks = app.models.map((m) => [
    `@receiver(post_save, sender=${m.name})`,
    `def ${m.snake}_saved(sender, instance, created, **kwargs):`,
    "    if not created:",
    "        return",
    `    cache.delete_many([f"${app.name}:${m.snake}:{instance.pk}", "${app.name}:${m.snake}:count"])`,
    `    logger.debug(f"new ${words(m.name)} {instance.pk}: {instance}")`,
  ]);
  const imports = [
    "import logging",
    "from django.core.cache import cache",
    "from django.db.models.signals import post_save",
    "from django.dispatch import receiver",
    modelImport(app),
  ];
  return pyModule(`Signal handlers for the ${app.name} app.`, importBlock(imports), blocks, [
    "logger = logging.getLogger(__name__)",
  ]);
}

function migrationPy(app) {
  const migField = (f) => {
    if (f.fk === "user")
      return "models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to=settings.AUTH_USER_MODEL)";
    if (f.fk)
      return `models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="${app.name}.${f.fk.toLowerCase()}")`;
    if (f.status) {
      const choices = STATUSES.map((s) => `("${s}", "${title(s)}")`).join(", ");
      return `models.CharField(choices=[${choices}], default="draft", max_length=20)`;
    }
    return f.expr;
  };
  const ops = app.models.flatMap((m) => [
    "        migrations.CreateModel(",
    `            name="${m.name}",`,
    "            fields=[",
    `                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),`,
    ...m.fields.map((f) => `                ("${f.name}", ${migField(f)}),`),
    "            ],",
    `            options={"ordering": ["-created_at"], "verbose_name_plural": "${words(m.name)}s"},`,
    "        ),",
  ]);
  const imports = [
    "import django.db.models.deletion",
    "from django.conf import settings",
    "from django.db import migrations, models",
  ];
  if (app.models.some((m) => m.has("amount"))) imports.push("from decimal import Decimal");
  if (app.models.some((m) => m.has("public_id"))) imports.push("import uuid");
  return `# Generated by Django 4.2.11 on 2024-03-0${(app.name.length % 9) + 1} 10:${String(app.name.length * 3).padStart(2, "0")}

${importBlock(imports).join("\n")}


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
${ops.join("\n")}
    ]
`;
}

function testModelsPy(app) {
  const blocks = app.models.map((m) => {
    const slug = m.has("slug") ? `, slug=f"${m.snake}-{i}"` : "";
    const simple = !m.fields.some((f) => f.fk);
    return [
      `class ${m.name}ModelTests(TestCase):`,
      "    @classmethod",
      "    def setUpTestData(cls):",
      simple
        ? `        cls.items = [${m.name}.objects.create(name=f"${words(m.name)} {i}"${slug}) for i in range(3)]`
        : `        cls.items = []  # needs related objects; see fixtures/${app.name}.json`,
      "",
      "    def test_str_includes_name(self):",
      "        for item in self.items:",
      "            with self.subTest(item=item.pk):",
      "                self.assertIn(item.name, str(item))",
      "",
      "    def test_new_items_are_active_and_recent(self):",
      "        self.assertTrue(all(item.is_active and item.is_recent for item in self.items))",
      "",
      "    def test_ordering_is_newest_first(self):",
      `        self.assertEqual(${m.name}._meta.ordering, ["-created_at"])`,
    ];
  });
  const imports = [
    "from django.test import TestCase",
    modelImport(app).replace("from .models", "from ..models"),
  ];
  return pyModule(`Model tests for the ${app.name} app.`, importBlock(imports), blocks);
}

function testViewsPy(app) {
  const gets = app.routes.filter(([, , name]) => name.endsWith("-list") || name.endsWith("-summary"));
  const body = gets.length
    ? gets.flatMap(([, , name]) => [
        "",
        `    def test_${name.replace(/-/g, "_")}_responds(self):`,
        `        response = self.client.get(reverse("${app.name}:${name}"))`,
        "        self.assertIn(response.status_code, {200, 302})",
      ])
    : ["", "    def test_admin_is_reachable(self):", `        self.assertTrue(reverse("admin:index"))`];
  const imports = [
    "from django.contrib.auth import get_user_model",
    "from django.test import TestCase",
    "from django.urls import reverse",
  ];
  return pyModule(`View tests for the ${app.name} app.`, importBlock(imports), [
    [
      `class ${camel(app.name)}ViewTests(TestCase):`,
      "    @classmethod",
      "    def setUpTestData(cls):",
      `        cls.user = get_user_model().objects.create_user("viewer", password="not-a-secret")`,
      "",
      "    def setUp(self):",
      "        self.client.force_login(self.user)",
      ...body,
    ],
  ]);
}

function commandPy(m) {
  return `"""Report ${words(m.name)} counts for the last N days."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils import timezone

from ...models import ${m.name}


class Command(BaseCommand):
    help = "Report ${words(m.name)} counts per state for the last N days."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)
        parser.add_argument("--json", action="store_true", help="print JSON instead of text")

    def handle(self, *args, **options):
        days = options["days"]
        if days < 0:
            raise CommandError(f"--days must be >= 0, got {days}")
        since = timezone.now() - timedelta(days=days)
        rows = ${m.name}.objects.filter(created_at__gte=since).values("is_active").annotate(total=Count("id"))
        counts = {row["is_active"]: row["total"] for row in rows}
        if options["json"]:
            import json

            self.stdout.write(json.dumps({str(k).lower(): v for k, v in counts.items()}))
            return
        for key, total in sorted(counts.items()):
            self.stdout.write(f"{'active' if key else 'inactive'}: {total}")
`;
}

// Utility modules: generic, self-contained blocks, each with the imports it needs.

const UTILITY_BLOCKS = [
  (name, verb, obj) => ({
    imports: ["from collections import defaultdict", "from typing import Iterable"],
    lines: [
      `def ${name}(items: Iterable[dict], *, key: str = "id") -> dict[str, list[dict]]:`,
      `    """${title(verb)} ${obj} grouped by key, dropping entries without one."""`,
      "    grouped: dict[str, list[dict]] = defaultdict(list)",
      "    for item in items:",
      "        value = item.get(key)",
      "        if value is None:",
      "            continue",
      "        grouped[str(value)].append(item)",
      `    return {k: sorted(v, key=lambda r: r.get("position", 0)) for k, v in grouped.items()}`,
    ],
  }),
  (_name, _verb, obj, n) => ({
    imports: [
      "from dataclasses import dataclass, field",
      "from datetime import datetime, timedelta, timezone",
    ],
    lines: [
      "@dataclass(frozen=True)",
      `class ${camel(obj)}Window${n}:`,
      "    start: datetime",
      "    end: datetime",
      `    label: str = ""`,
      "    tags: tuple[str, ...] = field(default_factory=tuple)",
      "",
      "    @property",
      "    def duration(self) -> timedelta:",
      "        return self.end - self.start",
      "",
      "    def contains(self, moment: datetime) -> bool:",
      "        return self.start <= moment < self.end",
      "",
      "    @classmethod",
      `    def trailing(cls, days: int, *, label: str = "") -> "${camel(obj)}Window${n}":`,
      "        end = datetime.now(tz=timezone.utc)",
      `        return cls(start=end - timedelta(days=days), end=end, label=label or f"last {days} days")`,
    ],
  }),
  (name) => ({
    imports: ["import functools", "import logging", "import time"],
    logger: true,
    lines: [
      `def retry_${name}(attempts: int = 3, delay: float = 0.5):`,
      `    """Retry the wrapped call on transient errors."""`,
      "",
      "    def decorator(func):",
      "        @functools.wraps(func)",
      "        def wrapper(*args, **kwargs):",
      "            last_error = None",
      "            for attempt in range(1, attempts + 1):",
      "                try:",
      "                    return func(*args, **kwargs)",
      "                except (ConnectionError, TimeoutError) as exc:",
      "                    last_error = exc",
      `                    logger.warning(f"{func.__name__} failed ({attempt}/{attempts}): {exc}")`,
      "                    time.sleep(delay * attempt)",
      `            raise RuntimeError(f"{func.__name__} gave up after {attempts} attempts") from last_error`,
      "",
      "        return wrapper",
      "",
      "    return decorator",
    ],
  }),
  (name) => ({
    imports: [
      "import logging",
      "import time",
      "from contextlib import contextmanager",
      "from typing import Iterator",
    ],
    logger: true,
    lines: [
      "@contextmanager",
      `def timed_${name}(label: str, *, warn_after_ms: float = 250.0) -> Iterator[dict]:`,
      `    stats = {"label": label}`,
      "    started = time.perf_counter()",
      "    try:",
      "        yield stats",
      "    finally:",
      `        stats["elapsed_ms"] = elapsed = (time.perf_counter() - started) * 1000`,
      "        log = logger.warning if elapsed > warn_after_ms else logger.debug",
      `        log(f"{label} took {elapsed:.1f} ms")`,
    ],
  }),
  (name, _verb, obj) => ({
    imports: ["from typing import Any, Iterator, Sequence"],
    lines: [
      `def chunked_${name}(values: Sequence[Any], size: int = 100) -> Iterator[Sequence[Any]]:`,
      `    """Yield ${obj} in slices of at most size."""`,
      "    if size <= 0:",
      `        raise ValueError(f"size must be positive, got {size}")`,
      "    for start in range(0, len(values), size):",
      "        yield values[start : start + size]",
    ],
  }),
  (name) => ({
    imports: ["import re"],
    lines: [
      `_${name.toUpperCase()}_RE = re.compile(r"^(?P<key>[a-z_][a-z0-9_]*)\\s*=\\s*(?P<value>.*)$", re.IGNORECASE)`,
      "",
      "",
      `def ${name}(text: str) -> dict[str, str]:`,
      "    result = {}",
      "    for raw in text.splitlines():",
      "        line = raw.strip()",
      `        if not line or line.startswith("#"):`,
      "            continue",
      `        match = _${name.toUpperCase()}_RE.match(line)`,
      "        if match:",
      `            result[match["key"].lower()] = match["value"].strip().strip('"')`,
      "    return result",
    ],
  }),
  (_name, _verb, obj, n) => ({
    imports: ["from enum import Enum"],
    lines: [
      `class ${camel(obj)}State${n}(str, Enum):`,
      `    PENDING = "pending"`,
      `    RUNNING = "running"`,
      `    DONE = "done"`,
      `    FAILED = "failed"`,
      "",
      "    @classmethod",
      `    def terminal(cls) -> frozenset["${camel(obj)}State${n}"]:`,
      "        return frozenset({cls.DONE, cls.FAILED})",
      "",
      "    @property",
      "    def label(self) -> str:",
      `        return self.value.replace("_", " ").title()`,
    ],
  }),
  (_name, _verb, obj, n) => ({
    imports: ["import time", "from typing import Any"],
    lines: [
      `class ${camel(obj)}Cache${n}:`,
      `    """Small in-process cache of ${obj} with a time-to-live."""`,
      "",
      "    def __init__(self, ttl: float = 60.0) -> None:",
      "        self.ttl = ttl",
      "        self._entries: dict[str, tuple[float, Any]] = {}",
      "",
      "    def get(self, key: str, default: Any = None) -> Any:",
      "        entry = self._entries.get(key)",
      "        if entry is None or time.monotonic() - entry[0] > self.ttl:",
      "            return default",
      "        return entry[1]",
      "",
      "    def set(self, key: str, value: Any) -> None:",
      "        self._entries[key] = (time.monotonic(), value)",
      "",
      "    def purge(self) -> int:",
      "        now = time.monotonic()",
      "        stale = [k for k, (stamp, _) in self._entries.items() if now - stamp > self.ttl]",
      "        for key in stale:",
      "            del self._entries[key]",
      "        return len(stale)",
    ],
  }),
  (name) => ({
    imports: ["from decimal import ROUND_HALF_UP, Decimal", "from typing import Iterable"],
    lines: [
      `def ${name}(amounts: Iterable[object]) -> dict[str, Decimal]:`,
      `    values = [Decimal(str(a)) for a in amounts if a not in (None, "")]`,
      "    if not values:",
      `        return {"count": Decimal(0), "total": Decimal(0), "mean": Decimal(0)}`,
      "    total = sum(values, Decimal(0))",
      `    cents = Decimal("0.01")`,
      "    return {",
      `        "count": Decimal(len(values)),`,
      `        "total": total.quantize(cents, rounding=ROUND_HALF_UP),`,
      `        "mean": (total / len(values)).quantize(cents, rounding=ROUND_HALF_UP),`,
      `        "max": max(values),`,
      "    }",
    ],
  }),
  (name) => ({
    imports: ["import asyncio"],
    lines: [
      `async def fetch_${name}(client, urls: list[str], *, limit: int = 8) -> list[dict]:`,
      "    semaphore = asyncio.Semaphore(limit)",
      "",
      "    async def fetch(url: str) -> dict:",
      "        async with semaphore:",
      "            response = await client.get(url, timeout=10)",
      "            response.raise_for_status()",
      "            return response.json()",
      "",
      "    results = await asyncio.gather(*(fetch(u) for u in urls), return_exceptions=True)",
      "    return [r for r in results if not isinstance(r, BaseException)]",
    ],
  }),
];

/** A helper module of 30-150 lines: random utility blocks until a random target length is reached. */
function utilityPy(rng, docstring) {
  const target = rng.int(30, 150);
  const used = new Set();
  const imports = [];
  const blocks = [];
  let logger = false;
  let lines = 8; // docstring, imports, spacing
  while (lines < target && blocks.length < 20) {
    let name;
    do name = `${rng.pick(VERBS)}_${rng.pick(OBJECTS)}`;
    while (used.has(name));
    used.add(name);
    const [verb, obj] = name.split("_");
    const b = rng.pick(UTILITY_BLOCKS)(name, verb, obj, used.size);
    if (blocks.length > 0 && lines + b.lines.length + 2 > 150) break;
    blocks.push(b.lines);
    imports.push(...b.imports);
    logger ||= Boolean(b.logger);
    lines += b.lines.length + 3;
  }
  return pyModule(
    docstring,
    importBlock(imports),
    blocks,
    logger ? ["logger = logging.getLogger(__name__)"] : [],
  );
}

/**
 * The files of one app, exactly `count` of them (count >= 5): the five every app has, then optional groups in a
 * seeded order, then extra helper modules until the count is reached. Views come before urls.py and the tests
 * because they fill app.routes.
 */
function appFiles(app, rng, count) {
  const core = [
    ["__init__.py", () => (rng.chance(0.5) ? "" : `"""The ${app.name} app."""\n`)],
    ["apps.py", () => appsPy(app)],
    ["models.py", () => modelsPy(app)],
    ["views.py", () => viewsPy(app, rng)],
    ["urls.py", () => appUrlsPy(app)],
  ];
  const optional = rng.shuffle([
    [["admin.py", () => adminPy(app, rng)]],
    [["forms.py", () => formsPy(app)]],
    [["serializers.py", () => serializersPy(app)]],
    [["tasks.py", () => tasksPy(app, rng)]],
    [["signals.py", () => signalsPy(app)]],
    [["services.py", () => utilityPy(rng, `Business logic for the ${app.name} app.`)]],
    [
      ["migrations/__init__.py", () => ""],
      ["migrations/0001_initial.py", () => migrationPy(app)],
    ],
    [
      ["tests/__init__.py", () => ""],
      ["tests/test_models.py", () => testModelsPy(app)],
      ["tests/test_views.py", () => testViewsPy(app)],
    ],
    [
      ["management/__init__.py", () => ""],
      ["management/commands/__init__.py", () => ""],
      [`management/commands/${app.models[0].snake}_report.py`, () => commandPy(app.models[0])],
    ],
    [
      ["utils/__init__.py", () => `"""Helpers for the ${app.name} app."""\n`],
      [`utils/${rng.pick(OBJECTS)}.py`, () => utilityPy(rng, `Helpers for the ${app.name} app.`)],
    ],
  ]);
  const files = [...core, ...optional.flat()].slice(0, count);
  const names = new Set(files.map(([n]) => n));
  if (files.length < count && !names.has("utils/__init__.py")) {
    files.push(["utils/__init__.py", () => `"""Helpers for the ${app.name} app."""\n`]);
  }
  while (files.length < count) {
    const name = `utils/${rng.pick(VERBS)}_${rng.pick(OBJECTS)}.py`;
    if (names.has(name)) continue;
    names.add(name);
    files.push([name, () => utilityPy(rng, `Helpers for the ${app.name} app.`)]);
  }
  return files;
}

// ---------------------------------------------------------------------------------------------------------
// Tree generation
// ---------------------------------------------------------------------------------------------------------

const markerKey = () => JSON.stringify([GENERATOR_VERSION, SEED, TOTAL_FILES, PROJECT_COUNT]);

function readMarker() {
  try {
    const m = JSON.parse(readFileSync(MARKER, "utf8"));
    return m.key === markerKey() ? m : null;
  } catch {
    return null;
  }
}

/**
 * The files that start the database and configure the app, as teams write them: a few projects start CockroachDB
 * --insecure or pass sslmode=require, most are clean, so the deployment rules have real work either way.
 */
function deployFiles(p, rng) {
  const insecure = rng.chance(0.2);
  const mode = rng.pick(["verify-full", "verify-full", "verify-full", "require", "prefer"]);
  const url = `cockroachdb://${p.name}@crdb.${p.name}.internal:26257/${p.name}?sslmode=${mode}&sslrootcert=/certs/ca.crt`;
  const start = insecure
    ? "start --insecure --join=roach1,roach2,roach3"
    : "start --certs-dir=/certs --join=roach1,roach2,roach3";
  return [
    [
      "docker-compose.yml",
      `services:\n  web:\n    build: .\n    command: gunicorn ${p.name}.wsgi\n    environment:\n      DJANGO_SETTINGS_MODULE: ${p.name}.settings.production\n      DATABASE_URL: "${url}"\n  roach1:\n    image: cockroachdb/cockroach:v23.2.4\n    command: ${start}\n`,
    ],
    [
      "Dockerfile",
      `FROM python:3.11-slim\nENV PYTHONUNBUFFERED=1 PGSSLMODE=${mode}\nCOPY . /app\nCMD ["gunicorn", "${p.name}.wsgi"]\n`,
    ],
    [
      "deploy/k8s/web.yaml",
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${p.name}-web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ${p.name}:latest\n          env:\n            - name: DATABASE_URL\n              value: "${url}"\n`,
    ],
    [
      "deploy/k8s/cockroachdb.yaml",
      `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: cockroachdb\nspec:\n  template:\n    spec:\n      containers:\n        - name: cockroachdb\n          command: ["/cockroach/cockroach"]\n          args: [${start
        .split(" ")
        .map((a) => `"${a}"`)
        .join(", ")}]\n`,
    ],
    [
      "deploy/k8s/config.yaml",
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${p.name}-env\ndata:\n  PGSSLMODE: ${mode}\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: ${p.name}-db\nstringData:\n  DB_USER: ${p.name}\n`,
    ],
    [
      "deploy/helm/cockroachdb/values.yaml",
      `# CockroachDB chart values\nstatefulset:\n  replicas: 3\ntls:\n  enabled: ${insecure ? "false" : "true"}\n`,
    ],
    [
      "scripts/start-db.sh",
      `#!/bin/sh\nset -e\ncockroach start-single-node ${insecure ? "--insecure" : "--certs-dir=certs"} --listen-addr=localhost\n`,
    ],
    ["Procfile", `web: gunicorn ${p.name}.wsgi\nrelease: python manage.py migrate\n`],
    [
      ".github/workflows/ci.yml",
      `name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cockroach start-single-node --insecure --background\n      - run: python manage.py test\n`,
    ],
    [
      "deploy/db/init.sql",
      `SET CLUSTER SETTING server.host_based_authentication.configuration = 'hostssl all all all cert-password';\n`,
    ],
  ];
}

function generateTree() {
  const started = process.hrtime.bigint();
  rmSync(TREE, { recursive: true, force: true });
  const rng = makeRng(SEED);
  const stats = { files: 0, lines: 0, bytes: 0, projects: 0, deployFiles: 0 };
  const dirs = new Set();
  const write = (path, text) => {
    const dir = dirname(path);
    if (!dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      dirs.add(dir);
    }
    writeFileSync(path, text);
    stats.files += 1;
    stats.bytes += Buffer.byteLength(text);
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) stats.lines += 1;
  };

  for (const p of planProjects(rng)) {
    const base = join(TREE, "services", p.name);
    const projectFiles = [
      ["manage.py", () => managePy(p)],
      [`${p.name}/__init__.py`, () => ""],
      [`${p.name}/settings/__init__.py`, () => ""],
      [`${p.name}/settings/base.py`, () => baseSettingsPy(p, rng)],
      [`${p.name}/settings/production.py`, () => productionSettingsPy(p)],
      [`${p.name}/settings/local.py`, () => localSettingsPy(p)],
      [`${p.name}/urls.py`, () => projectUrlsPy(p)],
      [`${p.name}/wsgi.py`, () => gatewayPy(p, "wsgi")],
      [`${p.name}/asgi.py`, () => gatewayPy(p, "asgi")],
      ...(p.replica ? [[`${p.name}/routers.py`, routersPy]] : []),
    ];
    // Apps take what the project files leave: 10-26 files each, a remainder under 6 goes to the last one.
    const appNames = rng.shuffle(APP_NAMES);
    const plans = [];
    for (let left = p.size - projectFiles.length; left > 0; ) {
      let n = Math.min(left, rng.int(10, 26));
      if (left - n < 6) n = left;
      const app = { name: appNames[plans.length], models: [], routes: [] };
      app.models = planModels(rng, app.name);
      plans.push({ app, n });
      left -= n;
    }
    p.apps = plans.map((a) => a.app);
    for (const { app, n } of plans) {
      for (const [rel, make] of appFiles(app, rng, n)) write(join(base, app.name, rel), make());
    }
    for (const [rel, make] of projectFiles) write(join(base, rel), make());
    for (const [rel, text] of deployFiles(p, rng)) {
      write(join(base, rel), text);
      stats.deployFiles += 1;
    }
    stats.projects += 1;
  }
  if (stats.files - stats.deployFiles !== TOTAL_FILES)
    throw new Error(
      `generator wrote ${stats.files - stats.deployFiles} Python files, expected ${TOTAL_FILES}`,
    );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  writeFileSync(MARKER, `${JSON.stringify({ key: markerKey(), stats, generatedIn: seconds })}\n`);
  return { stats, seconds, generated: true };
}

export function ensureTree(force) {
  const marker = force ? null : readMarker();
  if (marker) return { stats: marker.stats, seconds: marker.generatedIn, generated: false };
  return generateTree();
}

/** Compiles every generated file with Python (compile() only: no bytecode is written into the tree). */
export function verifyTree() {
  const script = `
import pathlib, sys
bad = 0
files = sorted(pathlib.Path(sys.argv[1]).rglob("*.py"))
for p in files:
    try:
        compile(p.read_bytes(), str(p), "exec")
    except SyntaxError as e:
        bad += 1
        print(f"{p}:{e.lineno}: {e.msg}")
print(f"bench: compiled {len(files)} files, {bad} with syntax errors")
sys.exit(1 if bad else 0)
`;
  const py = existsSync(PYTHON) ? PYTHON : "python3";
  const r = spawnSync(py, ["-c", script, TREE], { encoding: "utf8", timeout: 120_000 });
  process.stderr.write(r.stdout ?? "");
  if (r.status !== 0)
    die(`generated tree failed to compile with ${py}: ${r.stderr || r.error?.message || ""}`);
}
