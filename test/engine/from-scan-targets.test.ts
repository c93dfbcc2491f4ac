/**
 * Issue 17, bug A: `probe --from-scan` must target what `scan` reports. The alias's HOST and PORT come from env
 * vars whose values only a compose file gives; the probe side used to model the project again without the
 * deployment readers and targeted the defaults (localhost:5432) instead. Loopback addresses only: nothing here
 * probes, but the addresses stay on this machine all the same.
 */
import { expect, it } from "vitest";
import { targetsFromScan } from "../../src/engine/probe-from-scan.js";
import { cli, tempDir } from "../helpers/cli.js";
import { shopTree } from "../helpers/tree.js";

function composeProject(): string {
  return shopTree(
    tempDir("wirewarden-from-scan-"),
    [
      "import os",
      "DATABASES = {",
      '    "default": {',
      '        "ENGINE": "django.db.backends.postgresql",',
      '        "HOST": os.environ.get("DB_HOST", "localhost"),',
      '        "PORT": os.environ.get("DB_PORT", "5432"),',
      '        "NAME": "shop",',
      '        "OPTIONS": {"sslmode": "verify-full"},',
      "    }",
      "}",
      "",
    ].join("\n"),
    {
      "docker-compose.yml": [
        "services:",
        "  web:",
        "    build: .",
        "    command: gunicorn shop.wsgi",
        "    environment:",
        "      DJANGO_SETTINGS_MODULE: shop.settings",
        "      DB_HOST: 127.0.0.9",
        '      DB_PORT: "26257"',
        "",
      ].join("\n"),
    },
  );
}

it("targets the host and port scan reports for the alias, compose env included", async () => {
  const dir = composeProject();
  const scan = await cli(["scan", dir, "--format", "json", "--fail-on", "none"]);
  const alias = (JSON.parse(scan.stdout).aliases as { alias: string; host: string; port: string }[]).find(
    (a) => a.alias === "default",
  );
  expect(alias?.host).toMatch(/^127\.0\.0\.9:26257 /);
  const { targets } = await targetsFromScan(dir, { env: new Map() });
  expect(targets.map((t) => t.endpoint)).toEqual(["postgresql://127.0.0.9:26257"]);
});
