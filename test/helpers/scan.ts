import type { Finding } from "../../src/core/finding.js";
import type { Rule } from "../../src/core/rule.js";
import { runRules } from "../../src/core/run-rules.js";
import type { ScanModel } from "../../src/django/model.js";
import { modelOf } from "./model.js";

type Files = Record<string, string>;
type Options = Parameters<typeof modelOf>[1];

/** A settings project with one module, `app.settings`, for rule tests. */
export function settingsProject(source: string, extra: Files = {}): Files {
  return { "app/__init__.py": "", "app/settings.py": source, ...extra };
}

/** Runs one rule over an in-memory project, as `scan` would (scenario labels included). */
export async function findingsOf(
  rule: Rule<ScanModel>,
  files: Files,
  opts: Options = {},
): Promise<Finding[]> {
  const { model } = await modelOf(files, opts);
  const counts = new Map<string, number>();
  for (const v of model.views) counts.set(v.module, (counts.get(v.module) ?? 0) + 1);
  return runRules([rule], model, counts);
}

/** A development settings module, `app.settings.local`: HTTPS findings there are info. */
export function devSettingsProject(source: string): Files {
  return { "app/__init__.py": "", "app/settings/__init__.py": "", "app/settings/local.py": source };
}

/** The middleware and apps of a stock `startproject`, so Django's own checks would apply. */
export const STOCK_APPS_AND_MIDDLEWARE = `INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
]
`;

/** LOGGING with a DEBUG-capable `console` handler and a WARNING-only `quiet` one; `loggers` and `extra` are source. */
export const loggingSettings = (loggers: string, extra = "") => `X = 1
LOGGING = {
    "version": 1,
    "handlers": {"console": {"class": "logging.StreamHandler"}, "quiet": {"class": "logging.StreamHandler", "level": "WARNING"}},
    "loggers": {${loggers}},
    ${extra}
}
`;

/** The same CockroachDB node three times, in the three ways compose writes a command: string, flow list, block list. */
export const COMPOSE_INSECURE_CLUSTER = `services:
  roach1:
    image: cockroachdb/cockroach:v23.2.4
    command: start --insecure --join=roach1,roach2,roach3
  roach2:
    image: cockroachdb/cockroach:v23.2.4
    command: ["start", "--insecure", "--join=roach1,roach2,roach3"]
  roach3:
    image: cockroachdb/cockroach:v23.2.4
    entrypoint: ["/cockroach/cockroach"]
    command:
      - start
      - --insecure
      - --join=roach1,roach2,roach3
`;

/** A StatefulSet whose container starts CockroachDB with `flags` (quoted YAML list items) in its args. */
export const cockroachStatefulSet = (flags: string) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: cockroachdb
spec:
  template:
    spec:
      containers:
        - name: cockroachdb
          image: cockroachdb/cockroach:v23.2.4
          command: ["/cockroach/cockroach"]
          args: ["start", "--logtostderr", ${flags}]
`;
