/**
 * Each directory of test/fixtures/modules is a small project in one of the settings shapes met in public Django
 * projects (written from scratch), scanned from disk as `wirewarden scan` reads it: which modules are found, how
 * they are classed, and what each alias evaluates to.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ScanModel } from "../../src/django/model.js";
import { loadProject } from "../../src/engine/pipeline.js";
import { tempDir } from "../helpers/cli.js";

const FIXTURES = "test/fixtures/modules";

/** One line per view: module [condition] flags → alias host (network) sslmode. */
function summary(model: ScanModel): string[] {
  return model.views.map((v) => {
    const flags = [v.production && "production", v.development && "development", v.template && "template"]
      .filter(Boolean)
      .join(",");
    const aliases = v.databases
      .map((a) => `${a.alias} ${a.hostLabel}${a.network ? "" : " (local)"} ${a.sslmode.value}`)
      .join("; ");
    return `${v.module}${v.condition ? ` [${v.condition}]` : ""} {${flags}} → ${aliases}`;
  });
}

async function scan(dir: string, env: Record<string, string> = {}) {
  const { built } = await loadProject(dir, { env: new Map(Object.entries(env)) });
  return { built, lines: summary(built.model), reasons: built.model.diagnostics.map((d) => d.reason) };
}

describe("module shapes, scanned from disk", () => {
  it.each<[string, Record<string, string>, string[]]>([
    [
      // The Dockerfile sets DJANGO_ENV=production: the stage file it names is run; the others are parts.
      "split-settings-env",
      {},
      [
        "orders.settings {production} → default orders-db.internal.example:5432 (default of ORDERS_DB_HOST, not supplied) verify-full",
      ],
    ],
    [
      "split-settings-env",
      { DJANGO_ENV: "development" },
      ["orders.settings {production} → default localhost:5432 (local) prefer"],
    ],
    ["exec-overrides", {}, ["portal.settings {} → default portal-db.example.net require"]],
    [
      "importlib-loader",
      {},
      [
        "ledger.settings [env var LEDGER_PROFILE names ledger.settings.cloud] {production} → default $LEDGER_DB_HOST (env, not supplied: a network host when set) prefer",
        "ledger.settings [env var LEDGER_PROFILE names ledger.settings.local] {production} → default 127.0.0.1 (local) prefer",
      ],
    ],
    ["package-defaults", {}, ["tracker.settings {} → default tracker-db.example.org disable"]],
    ["src-layout", {}, ["kiosk.settings {production} → default kiosk-db.example.com verify-ca"]],
    [
      "dotted-names",
      {},
      [
        "relay.conf.example {development} → default relay-db.example.com prefer",
        "settings.live {} → default live-db.example.com require",
      ],
    ],
    // OPTIONS replaced by the update: the verify-full of common.py is gone.
    ["mutate-only", {}, ["shop.conf.live {} → default shop-db.example.com prefer"]],
    ["middleware-classes", {}, ["legacy.prod_config {} → default legacy-db.example.com prefer"]],
    [
      "ansible-template",
      {},
      [
        "local_settings.py.j2 {template} → default unknown host (template placeholder {{ web_db_host }}) require",
      ],
    ],
    [
      "tests-path",
      {},
      [
        "app.settings {} → default app-db.example.com verify-full",
        "settings {development} → default postgres prefer",
      ],
    ],
  ])("%s %o", async (name, env, expected) => {
    const { lines } = await scan(join(FIXTURES, name), env);
    expect(lines).toEqual(expected);
  });

  it("says what it could not follow", async () => {
    expect((await scan(join(FIXTURES, "package-defaults"))).reasons).toContainEqual(
      expect.stringContaining("star import from external module issuebase.conf.defaults"),
    );
    expect((await scan(join(FIXTURES, "ansible-template"))).reasons).toContainEqual(
      expect.stringContaining("template control tags"),
    );
  });

  const roots: string[] = [];
  afterAll(() => {
    for (const r of roots) rmSync(r, { recursive: true, force: true });
  });

  it("CR-only and mixed line endings, as an old editor leaves them", async () => {
    const root = tempDir();
    roots.push(root);
    mkdirSync(join(root, "mac"));
    writeFileSync(join(root, "mac", "__init__.py"), "");
    const lines = [
      "import os",
      "DEBUG = False",
      'SECRET_KEY = "s"',
      'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql",',
      '    "HOST": "mac-db.example.com", "OPTIONS": {"sslmode": "require"}}}',
      "DATABASES['default']['OPTIONS'][os.environ['K']] = 1",
    ];
    writeFileSync(join(root, "mac", "settings.py"), `${lines.join("\r")}\r`);
    writeFileSync(
      join(root, "mac", "mixed_settings.py"),
      lines.map((l, i) => l + ["\r\n", "\r", "\n"][i % 3]).join(""),
    );
    const { lines: views, built } = await scan(root);
    // The computed key on the last line may name sslmode: whichever key it is now holds 1 (sslmode unknown).
    expect(views).toEqual([
      "mac.mixed_settings {} → default mac-db.example.com null",
      "mac.settings {} → default mac-db.example.com null",
    ]);
    const where = built.model.diagnostics.map((d) => `${d.origin.file}:${d.origin.line}`);
    expect(where).toEqual(expect.arrayContaining(["mac/settings.py:6", "mac/mixed_settings.py:6"]));
  });
});
