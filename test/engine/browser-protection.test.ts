/**
 * Issue 17, bug B: the attack-path diagram takes the browser hop's words from the HTTPS rules' findings, never
 * from a reading of its own. HTTPS settings read from env strings ("True", "31536000") are judged by the rules
 * (no finding, grade A); the diagram used to call them "HTTPS settings not known".
 */
import { expect, it } from "vitest";
import { scanProject } from "../../src/engine/scan.js";
import { tempDir } from "../helpers/cli.js";
import { shopTree } from "../helpers/tree.js";

function project(settings: string[]): string {
  return shopTree(
    tempDir("wirewarden-browser-"),
    [
      "import os",
      "DEBUG = False",
      'ALLOWED_HOSTS = ["shop.example.com"]',
      'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]',
      "SESSION_COOKIE_SECURE = True",
      "CSRF_COOKIE_SECURE = True",
      "SECURE_HSTS_INCLUDE_SUBDOMAINS = True",
      "SECURE_HSTS_PRELOAD = True",
      ...settings,
      'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}',
      "",
    ].join("\n"),
  );
}

async function browserWords(settings: string[]) {
  const { report } = await scanProject(project(settings), { env: new Map() });
  const https = report.findings.filter((f) => /^WW3(02|03)$/.test(f.ruleId) || f.ruleId === "WW000");
  return { words: report.topology?.[0]?.browserProtection, https: https.map((f) => f.ruleId) };
}

it.each([
  [
    "env strings the rules read as on",
    [
      'SECURE_SSL_REDIRECT = os.environ.get("SSL_REDIRECT", "True")',
      'SECURE_HSTS_SECONDS = os.environ.get("HSTS", "31536000")',
    ],
    "HTTPS enforced, HSTS",
    [],
  ],
  [
    "literals, on",
    ["SECURE_SSL_REDIRECT = True", "SECURE_HSTS_SECONDS = 31536000"],
    "HTTPS enforced, HSTS",
    [],
  ],
  ["no HSTS", ["SECURE_SSL_REDIRECT = True"], "HTTPS redirect, no HSTS", ["WW303"]],
  ["no redirect", ["SECURE_HSTS_SECONDS = 31536000"], "plain HTTP served", ["WW302"]],
  [
    "a redirect the evaluator cannot read",
    ["SECURE_SSL_REDIRECT = compute()", "SECURE_HSTS_SECONDS = 31536000"],
    "HTTPS settings not known",
    ["WW000"],
  ],
])("%s", async (_name, settings, words, rules) => {
  const got = await browserWords(settings);
  expect(got.https).toEqual(rules);
  expect(got.words).toBe(words);
});
