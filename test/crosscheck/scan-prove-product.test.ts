/**
 * The matrix (scan-prove-matrix.test.ts) runs its clients in one process per stack for speed. This holds a sample
 * of its configurations to the product end to end: `wirewarden scan` on a project on disk predicts, and
 * `wirewarden prove` on the same project, with the stack's own Python and its client (one process per attack, as
 * users run it), observes. Loopback only; the proxies play the server (no --upstream), the client CA is made here.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCa } from "../../src/tls/certs.js";
import { cli } from "../helpers/cli.js";
import {
  caseOnThisMachine,
  type PredictedAliasJson,
  proveOutcomeOf,
  proveOutcomes,
} from "../helpers/predictions.js";
import { STACKS, stackVersions } from "../helpers/stacks.js";

const HOST = "db.product.test";
let dir = "";
let caFile = "";
let caKeyFile = "";
let home = "";

/** Aliases named for what they hold; OPTIONS as Python source. */
const CONFIGS: Record<string, (ca: string) => string> = {
  require_ca_file: (ca) => `{"sslmode": "require", "sslrootcert": ${JSON.stringify(ca)}}`,
  require_no_root: () => `{"sslmode": "require"}`,
  system_no_mode: () => `{"sslrootcert": "system"}`,
  prefer_home_path: () => `{"sslrootcert": "$HOME/.postgresql/root.crt"}`,
  verify_full_ca_file: (ca) => `{"sslmode": "verify-full", "sslrootcert": ${JSON.stringify(ca)}}`,
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "wirewarden-product-"));
  const ca = await createCa({ commonName: "wirewarden product-check CA" });
  caFile = join(dir, "ca.pem");
  caKeyFile = join(dir, "ca.key");
  writeFileSync(caFile, ca.certPem);
  writeFileSync(caKeyFile, ca.keyPem);
  home = join(dir, "home");
  mkdirSync(home);
  mkdirSync(join(dir, "project", "app"), { recursive: true });
  writeFileSync(join(dir, "project", "app", "__init__.py"), "");
  const aliases = Object.entries(CONFIGS)
    .map(
      ([name, options]) =>
        `    "${name}": {"ENGINE": "django.db.backends.postgresql", "HOST": "${HOST}", "NAME": "app", "USER": "app", "PASSWORD": "product-check-not-real", "OPTIONS": ${options(caFile)}},`,
    )
    .join("\n");
  writeFileSync(
    join(dir, "project", "app", "settings.py"),
    `SECRET_KEY = "product-check"\nINSTALLED_APPS = []\n# Django needs a default alias; prove skips this one (no network hop).\nDATABASES = {\n    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"},\n${aliases}\n}\n`,
  );
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.each(STACKS.filter((s) => s.name !== "django52-psycopg2").map((s) => [s.name, s] as const))(
  "wirewarden scan predicts what wirewarden prove observes, on %s",
  (_name, stack) => {
    it(`${Object.keys(CONFIGS).length} aliases × strip, forge, wrong-host, downgrade`, async () => {
      stackVersions(stack);
      const project = join(dir, "project");
      const scan = await cli([
        "scan",
        project,
        "--settings",
        "app.settings",
        "--format",
        "json",
        "--fail-on",
        "none",
      ]);
      expect(scan.code).toBe(0);
      const aliases = (JSON.parse(scan.stdout) as { aliases: PredictedAliasJson[] }).aliases;
      const env = { PATH: process.env.PATH ?? "", HOME: home };
      const attacks = await proveOutcomes(
        project,
        stack.python,
        ["--ca", caFile, "--ca-key", caKeyFile, "--attacks", "strip,forge,wrong-host,downgrade"],
        env,
      );
      const disagreements: string[] = [];
      for (const name of Object.keys(CONFIGS)) {
        const chosen = caseOnThisMachine(
          aliases.find((x) => x.alias === name),
          stack.libpq,
        );
        for (const attack of ["strip", "forge", "wrong-host", "downgrade"]) {
          const want = proveOutcomeOf(attack, chosen?.attacks[attack]);
          const got = attacks.find((a) => a.alias === name && a.attack === attack)?.outcome ?? "missing";
          if (want !== got)
            disagreements.push(`${name} ${attack}: scan ${chosen?.attacks[attack]} (${want}), prove ${got}`);
        }
      }
      expect(disagreements).toEqual([]);
    }, 240_000);
  },
);
