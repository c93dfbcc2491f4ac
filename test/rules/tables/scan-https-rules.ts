/**
 * Rule tables for the Django HTTPS settings rules (WW301–WW310), parsed from settings source in memory. Each rule
 * has a development-module case: there (`app.settings.local`) HTTPS findings are information, never a gate
 * (src/rules/https-helpers.ts).
 */
import type { ScanModel } from "../../../src/django/model.js";
import { ww301 } from "../../../src/rules/ww301-debug-enabled.js";
import { ww302 } from "../../../src/rules/ww302-ssl-redirect-off.js";
import { ww303 } from "../../../src/rules/ww303-hsts-missing.js";
import { ww304 } from "../../../src/rules/ww304-session-cookie-insecure.js";
import { ww305 } from "../../../src/rules/ww305-csrf-cookie-insecure.js";
import { ww306 } from "../../../src/rules/ww306-proxy-ssl-header-misconfigured.js";
import { ww307 } from "../../../src/rules/ww307-allowed-hosts-wildcard.js";
import { ww308 } from "../../../src/rules/ww308-sql-logged.js";
import { ww309 } from "../../../src/rules/ww309-session-cookie-httponly-off.js";
import { ww310 } from "../../../src/rules/ww310-csrf-trusted-origin-http.js";
import type { RuleTable } from "../../helpers/rule-tester.js";
import {
  devSettingsProject,
  loggingSettings,
  STOCK_APPS_AND_MIDDLEWARE,
  settingsProject,
} from "../../helpers/scan.js";
import { scanModel } from "./scan-model.js";

/** `app.settings`: a stock project's apps and middleware (so Django's own checks apply), then `lines`. */
const stock = (lines = "") => scanModel(settingsProject(`${STOCK_APPS_AND_MIDDLEWARE}${lines}`));
/** The same in a development module, `app.settings.local`. */
const stockDev = (lines = "") => scanModel(devSettingsProject(`${STOCK_APPS_AND_MIDDLEWARE}${lines}`));
/** `app.settings` with exactly `source`, no apps or middleware. */
const plain = (source: string) => scanModel(settingsProject(source));

const FULL_HSTS =
  "SECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True\n";

const logging = (loggers: string, extra = "") => plain(loggingSettings(loggers, extra));

export const SCAN_HTTPS_TABLES: readonly RuleTable<ScanModel>[] = [
  {
    rule: ww301,
    valid: [
      { name: "DEBUG = False", model: plain("DEBUG = False\n") },
      { name: "unset: Django's default False", model: plain("X = 1\n") },
      {
        name: "env.bool with a False default",
        model: plain(
          `import environ\nenv = environ.Env()\nDEBUG = env.bool("DJANGO_DEBUG", default=False)\n`,
        ),
      },
      // Unknown is not judged here: WW000 says it cannot be determined.
      {
        name: "an env read without default",
        model: plain(`import os\nDEBUG = os.environ["DJANGO_DEBUG"]\n`),
      },
      {
        name: "an env string supplied empty (falsy)",
        model: scanModel(settingsProject(`import os\nDEBUG = os.environ.get("DJANGO_DEBUG", "False")\n`), {
          env: { DJANGO_DEBUG: "" },
        }),
      },
    ],
    invalid: [
      {
        name: "DEBUG = True",
        model: plain("X = 1\nDEBUG = True\n"),
        hits: [{ severity: "high", message: /^DEBUG is on:/, evidence: /^DEBUG = True$/ }],
      },
      {
        // Any non-empty string is truthy, "False" included.
        name: `the string "False" read from env`,
        model: plain(`import os\nDEBUG = os.environ.get("DJANGO_DEBUG", "False")\n`),
        hits: [
          {
            severity: "high",
            message: /^DEBUG is the string "False" read from env DJANGO_DEBUG/,
            evidence: /not supplied/,
          },
        ],
      },
      {
        name: "DEBUG = True in a development module",
        model: scanModel(devSettingsProject("DEBUG = True\nX = 1\n")),
        hits: [{ severity: "info", message: /^DEBUG is on/ }],
      },
    ],
  },
  {
    rule: ww302,
    valid: [
      { name: "on, with SecurityMiddleware", model: stock("SECURE_SSL_REDIRECT = True\n") },
      {
        name: "unknown (WW000's)",
        model: stock(`import os\nSECURE_SSL_REDIRECT = os.environ["REDIRECT"]\n`),
      },
    ],
    invalid: [
      {
        name: "unset",
        model: stock(),
        hits: [
          {
            severity: "medium",
            message: /^plain-HTTP requests are served instead of redirected/,
            evidence: /^SECURE_SSL_REDIRECT is not set/,
          },
        ],
      },
      {
        name: "explicitly False",
        model: stock("SECURE_SSL_REDIRECT = False\n"),
        hits: [{ severity: "medium", evidence: /^SECURE_SSL_REDIRECT = False$/ }],
      },
      {
        name: "on, without SecurityMiddleware",
        model: plain(
          `MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]\nSECURE_SSL_REDIRECT = True\n`,
        ),
        hits: [
          {
            severity: "medium",
            message: /is on but SecurityMiddleware is not in MIDDLEWARE/,
            evidence: /SecurityMiddleware missing from MIDDLEWARE$/,
          },
        ],
      },
      { name: "unset in a development module", model: stockDev(), hits: [{ severity: "info" }] },
    ],
  },
  {
    rule: ww303,
    valid: [
      { name: "a year, subdomains and preload", model: stock(FULL_HSTS) },
      {
        // A digit string from env goes verbatim into max-age, as SecurityMiddleware sends it.
        name: "a digit string supplied from env",
        model: scanModel(
          settingsProject(
            `import os\n${STOCK_APPS_AND_MIDDLEWARE}SECURE_HSTS_SECONDS = os.environ.get("HSTS", "60")\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True\n`,
          ),
          { env: { HSTS: "63072000" } },
        ),
      },
      {
        name: "max-age unknown (WW000's)",
        model: stock(`import os\nSECURE_HSTS_SECONDS = os.environ["HSTS"]\n`),
      },
    ],
    invalid: [
      {
        name: "unset: no header",
        model: stock(),
        hits: [{ severity: "medium", message: /^no Strict-Transport-Security header is sent/ }],
      },
      {
        name: "set, but SecurityMiddleware missing: no header either",
        model: plain(`MIDDLEWARE = []\n${FULL_HSTS}`),
        hits: [
          {
            severity: "medium",
            message: /^SECURE_HSTS_SECONDS is set but SecurityMiddleware is not in MIDDLEWARE/,
          },
        ],
      },
      {
        name: "under a year",
        model: stock(
          "SECURE_HSTS_SECONDS = 3600\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True\n",
        ),
        hits: [{ severity: "low", message: /^HSTS max-age is 3600 s, under one year/ }],
      },
      {
        // The worst problem decides the severity; every problem is said.
        name: "a year, without subdomains or preload",
        model: stock("SECURE_HSTS_SECONDS = 31536000\n"),
        hits: [{ severity: "low", message: /^HSTS does not include subdomains.*; HSTS preload is off/ }],
      },
      {
        name: "only preload missing",
        model: stock("SECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\n"),
        hits: [{ severity: "info", message: /^HSTS preload is off/ }],
      },
      { name: "unset in a development module", model: stockDev(), hits: [{ severity: "info" }] },
    ],
  },
  {
    rule: ww304,
    valid: [
      { name: "SESSION_COOKIE_SECURE = True", model: stock("SESSION_COOKIE_SECURE = True\n") },
      // Django's own checks only speak with the sessions app or middleware: no session cookie, nothing to flag.
      {
        name: "no sessions app or middleware",
        model: plain(`INSTALLED_APPS = ["api"]\nMIDDLEWARE = []\nX = 1\n`),
      },
      {
        name: "an env bool, supplied true",
        model: scanModel(
          settingsProject(
            `import environ\nenv = environ.Env()\n${STOCK_APPS_AND_MIDDLEWARE}SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)\n`,
          ),
          { env: { SECURE_COOKIES: "true" } },
        ),
      },
    ],
    invalid: [
      {
        name: "unset",
        model: stock(),
        hits: [
          {
            severity: "high",
            message: /without the Secure flag/,
            evidence: /^SESSION_COOKIE_SECURE is not set/,
          },
        ],
      },
      {
        name: "an env bool with a False default, not supplied",
        model: stock(
          `import environ\nenv = environ.Env()\nSESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)\n`,
        ),
        hits: [{ severity: "high", evidence: /from env SECURE_COOKIES: not supplied/ }],
      },
      { name: "unset in a development module", model: stockDev(), hits: [{ severity: "info" }] },
    ],
  },
  {
    rule: ww305,
    valid: [
      { name: "CSRF_COOKIE_SECURE = True", model: stock("CSRF_COOKIE_SECURE = True\n") },
      // The token then lives in the session, not in a cookie.
      { name: "CSRF_USE_SESSIONS = True", model: stock("CSRF_USE_SESSIONS = True\n") },
      { name: "no CSRF middleware: no cookie", model: plain("MIDDLEWARE = []\nX = 1\n") },
    ],
    invalid: [
      {
        name: "unset",
        model: stock(),
        hits: [{ severity: "medium", message: /^the CSRF cookie is sent without the Secure flag/ }],
      },
      {
        name: "explicitly False",
        model: stock("CSRF_COOKIE_SECURE = False\n"),
        hits: [{ severity: "medium", evidence: /^CSRF_COOKIE_SECURE = False$/ }],
      },
      {
        name: "False in a development module",
        model: stockDev("CSRF_COOKIE_SECURE = False\n"),
        hits: [{ severity: "info" }],
      },
    ],
  },
  {
    rule: ww306,
    valid: [
      { name: "unset", model: plain("X = 1\n") },
      { name: "None", model: plain("SECURE_PROXY_SSL_HEADER = None\n") },
      { name: "unknown", model: plain(`import os\nSECURE_PROXY_SSL_HEADER = os.environ["H"]\n`) },
    ],
    invalid: [
      {
        name: "an expected value other than https",
        model: plain(`SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "http")\n`),
        hits: [{ severity: "high", message: /the expected value is "http", not "https"/ }],
      },
      {
        name: "a header name that is not a request.META key",
        model: plain(`SECURE_PROXY_SSL_HEADER = ("X-Forwarded-Proto", "https")\n`),
        hits: [{ severity: "high", message: /is not a request\.META key/ }],
      },
      {
        name: "a 3-tuple",
        model: plain(`SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https", "x")\n`),
        hits: [{ severity: "high", message: /not a \(header, value\) pair/ }],
      },
      {
        // Well formed: a reminder that the proxy must strip the header, never more than info.
        name: "set correctly",
        model: plain(`SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")\n`),
        hits: [{ severity: "info", message: /must strip or overwrite that header/ }],
      },
      {
        name: "misconfigured in a development module",
        model: scanModel(devSettingsProject(`X = 1\nSECURE_PROXY_SSL_HEADER = ("X", "https")\n`)),
        hits: [{ severity: "info", message: /^SECURE_PROXY_SSL_HEADER is misconfigured/ }],
      },
    ],
  },
  {
    rule: ww307,
    valid: [
      { name: "explicit hosts", model: plain(`ALLOWED_HOSTS = ["shop.example.com"]\n`) },
      { name: "a leading-dot domain", model: plain(`ALLOWED_HOSTS = [".example.com"]\n`) },
      { name: "an empty list", model: plain("ALLOWED_HOSTS = []\n") },
    ],
    invalid: [
      {
        name: "'*' beside a host",
        model: plain(`X = 1\nALLOWED_HOSTS = ["shop.example.com", "*"]\n`),
        hits: [{ severity: "medium", message: /accepts any Host header/, evidence: /^ALLOWED_HOSTS = / }],
      },
      {
        // Only the production module adds the wildcard: base stays silent.
        name: "'*' added to a base module's list",
        model: scanModel(
          {
            "app/__init__.py": "",
            "app/settings/__init__.py": "",
            "app/settings/base.py": `ALLOWED_HOSTS = ["shop.example.com"]\nX = 1\n`,
            "app/settings/production.py": `from .base import *\nALLOWED_HOSTS = ALLOWED_HOSTS + ["*"]\n`,
          },
          { settingsModule: "app.settings.production" },
        ),
        hits: [{ severity: "medium" }],
      },
      {
        name: "'*' in a development module",
        model: scanModel(devSettingsProject(`X = 1\nALLOWED_HOSTS = ["*"]\n`)),
        hits: [{ severity: "info" }],
      },
    ],
  },
  {
    rule: ww308,
    valid: [
      {
        // The nearest level on the way up decides: django.db.backends at INFO filters the DEBUG root.
        name: "a nearer logger at INFO under a DEBUG root",
        model: logging(
          `"django.db.backends": {"level": "INFO"}`,
          `"root": {"level": "DEBUG", "handlers": ["console"]},`,
        ),
      },
      {
        name: "DEBUG, but the only handler is at WARNING",
        model: logging(`"django.db.backends": {"level": "DEBUG", "handlers": ["quiet"]}`),
      },
      {
        name: "DEBUG, no handler, and no propagation",
        model: logging(
          `"django.db.backends": {"level": "DEBUG", "handlers": [], "propagate": False}`,
          `"root": {"level": "DEBUG", "handlers": ["console"]},`,
        ),
      },
      { name: "django at INFO", model: logging(`"django": {"level": "INFO", "handlers": ["console"]}`) },
    ],
    invalid: [
      {
        name: "django.db.backends at DEBUG with a handler",
        model: logging(`"django.db.backends": {"level": "DEBUG", "handlers": ["console"]}`),
        hits: [
          {
            severity: "medium",
            message: /logger 'django\.db\.backends' is at DEBUG.*lands in console$/,
            evidence: /^logger 'django\.db\.backends' level DEBUG; handlers reached at DEBUG: console/,
          },
        ],
      },
      {
        name: "django.db at DEBUG",
        model: logging(`"django.db": {"level": "DEBUG", "handlers": ["console"]}`),
        hits: [{ severity: "medium", message: /logger 'django\.db' is at DEBUG/ }],
      },
      {
        name: "a DEBUG root reached by propagation",
        model: logging("", `"root": {"level": "DEBUG", "handlers": ["console"]},`),
        hits: [{ severity: "medium", message: /the root logger is at DEBUG/ }],
      },
      {
        name: "at DEBUG in a development module",
        model: scanModel(
          devSettingsProject(
            `X = 1\nLOGGING = {"version": 1, "handlers": {"c": {"class": "logging.StreamHandler"}}, "loggers": {"django.db.backends": {"level": "DEBUG", "handlers": ["c"]}}}\n`,
          ),
        ),
        hits: [{ severity: "info" }],
      },
    ],
  },
  {
    rule: ww309,
    valid: [
      { name: "unset: Django's default True", model: stock() },
      { name: "True", model: stock("SESSION_COOKIE_HTTPONLY = True\n") },
      {
        name: "False, but no sessions",
        model: plain("INSTALLED_APPS = []\nMIDDLEWARE = []\nSESSION_COOKIE_HTTPONLY = False\n"),
      },
    ],
    invalid: [
      {
        name: "explicitly False",
        model: stock("SESSION_COOKIE_HTTPONLY = False\n"),
        hits: [
          {
            severity: "low",
            message: /^the session cookie is readable from JavaScript/,
            evidence: /^SESSION_COOKIE_HTTPONLY = False$/,
          },
        ],
      },
      {
        name: "False in a development module",
        model: stockDev("SESSION_COOKIE_HTTPONLY = False\n"),
        hits: [{ severity: "info" }],
      },
    ],
  },
  {
    rule: ww310,
    valid: [
      {
        // Loopback origins are reachable only from the machine itself; bare names are not origins.
        name: "https, loopback origins and a bare host name",
        model: plain(
          `CSRF_TRUSTED_ORIGINS = ["https://a.example.com", "http://localhost:8000", "http://127.0.0.1", "http://[::1]:8000", "b.example.com"]\n`,
        ),
      },
      { name: "unset", model: plain("X = 1\n") },
    ],
    invalid: [
      {
        name: "one hit per plain-HTTP origin",
        model: plain(
          `CSRF_TRUSTED_ORIGINS = ["https://shop.example.com", "http://admin.example.com", "http://pay.example.com:8080"]\n`,
        ),
        hits: [
          { severity: "medium", message: /trusts http:\/\/admin\.example\.com over plain HTTP/ },
          { severity: "medium", message: /trusts http:\/\/pay\.example\.com:8080 over plain HTTP/ },
        ],
      },
      {
        name: "a plain-HTTP origin in a development module",
        model: scanModel(devSettingsProject(`X = 1\nCSRF_TRUSTED_ORIGINS = ["http://a.example.com"]\n`)),
        hits: [{ severity: "info" }],
      },
    ],
  },
];
