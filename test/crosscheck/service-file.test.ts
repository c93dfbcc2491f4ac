/**
 * WW118 held to the real client (issue 18): a project whose aliases name libpq services (OPTIONS['service']) in a
 * pg_service.conf of the tree, handed to the client through PGSERVICEFILE. `wirewarden scan` reads the section
 * (WW118, the alias's effective sslmode and predictedAttacks); `wirewarden prove` runs the project's own Django
 * client, which reads the same file through libpq, one process per attack. A weak section (sslmode=require) lets a
 * forged certificate through; a strong one (verify-full + sslrootcert) refuses every attack. Loopback only; the
 * proxies play the server; the CA is made here.
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

const HOST = "db.service.test";
const ATTACKS = ["strip", "forge", "wrong-host", "downgrade"] as const;
let dir = "";
let project = "";
let serviceFile = "";
let caFile = "";
let caKeyFile = "";
let home = "";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "wirewarden-service-"));
  const ca = await createCa({ commonName: "wirewarden service-file CA" });
  caFile = join(dir, "ca.pem");
  caKeyFile = join(dir, "ca.key");
  writeFileSync(caFile, ca.certPem);
  writeFileSync(caKeyFile, ca.keyPem);
  home = join(dir, "home"); // no ~/.postgresql/root.crt: require then checks nothing
  mkdirSync(home);
  project = join(dir, "project");
  mkdirSync(join(project, "app"), { recursive: true });
  writeFileSync(join(project, "app", "__init__.py"), "");
  const alias = (name: string) =>
    `    "${name}": {"ENGINE": "django.db.backends.postgresql", "HOST": "${HOST}", "NAME": "app", "USER": "app", "PASSWORD": "service-check-not-real", "OPTIONS": {"service": "${name}"}},`;
  writeFileSync(
    join(project, "app", "settings.py"),
    `SECRET_KEY = "service-check"\nINSTALLED_APPS = []\nDATABASES = {\n    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"},\n${alias("weak")}\n${alias("strong")}\n}\n`,
  );
  // In the tree, so scan reads it; PGSERVICEFILE (absolute) names it for scan and for the client alike.
  serviceFile = join(project, "pg_service.conf");
  writeFileSync(
    serviceFile,
    `# libpq services of the service-file cross-check\n[weak]\nsslmode=require\n\n[strong]\nsslmode=verify-full\nsslrootcert=${caFile}\n`,
  );
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.each(STACKS.filter((s) => s.name !== "django52-psycopg2").map((s) => [s.name, s] as const))(
  "a pg_service.conf through PGSERVICEFILE: scan's WW118 and prove agree, on %s",
  (_name, stack) => {
    it("weak section: WW118 and forge let through; strong section: verified and every channel refused", async () => {
      stackVersions(stack);
      const env = { PATH: process.env.PATH ?? "", HOME: home, PGSERVICEFILE: serviceFile };
      const scan = await cli(
        ["scan", project, "--settings", "app.settings", "--format", "json", "--fail-on", "none"],
        env,
      );
      expect(scan.code).toBe(0);
      const report = JSON.parse(scan.stdout) as {
        findings: {
          ruleId: string;
          alias?: string;
          severity: string;
          location?: { file: string; line: number };
        }[];
        aliases: PredictedAliasJson[];
      };
      const ww118 = report.findings.filter((f) => f.ruleId === "WW118");
      expect(ww118.map((f) => [f.alias, f.severity, f.location?.file, f.location?.line])).toEqual([
        ["weak", "high", "pg_service.conf", 3],
      ]);
      // The section decides, not libpq's default: no WW101 "prefer", and no double report by WW103.
      expect(
        report.findings.filter((f) => ["WW101", "WW103"].includes(f.ruleId) && f.alias !== "default"),
      ).toEqual([]);
      const weak = report.aliases.find((a) => a.alias === "weak");
      const strong = report.aliases.find((a) => a.alias === "strong");
      expect(weak).toMatchObject({
        verdict: "exposed",
        sslmode: { value: "require", source: "service file", at: "pg_service.conf:3" },
      });
      expect(strong).toMatchObject({
        verdict: "verified",
        sslmode: { value: "verify-full", source: "service file", at: "pg_service.conf:6" },
      });

      const attacks = await proveOutcomes(
        project,
        stack.python,
        [
          "--alias",
          "weak",
          "--alias",
          "strong",
          "--ca",
          caFile,
          "--ca-key",
          caKeyFile,
          "--attacks",
          ATTACKS.join(","),
        ],
        env,
      );
      const outcome = (alias: string, attack: string) =>
        attacks.find((a) => a.alias === alias && a.attack === attack)?.outcome ?? "missing";
      // What the client does with the service file's settings. strip refused on the weak alias shows the client
      // read sslmode=require from the file (libpq's default prefer would let strip through); the strong alias
      // refuses every channel, so downgrade has none to run in.
      expect(["strip", "forge"].map((a) => outcome("weak", a))).toEqual(["refused", "let-through"]);
      expect(ATTACKS.map((a) => outcome("strong", a))).toEqual(["refused", "refused", "refused", "not-run"]);
      // And scan's predictions for the client's libpq, without ~/.postgresql/root.crt, agree cell by cell.
      const disagreements: string[] = [];
      for (const a of [weak, strong]) {
        const chosen = caseOnThisMachine(a, stack.libpq);
        for (const attack of ATTACKS) {
          const want = proveOutcomeOf(attack, chosen?.attacks[attack]);
          const got = outcome(a?.alias ?? "?", attack);
          if (want !== got)
            disagreements.push(
              `${a?.alias} ${attack}: scan ${chosen?.attacks[attack]} (${want}), prove ${got}`,
            );
        }
      }
      expect(disagreements).toEqual([]);
      // WW118 reports exactly the alias prove lets an attacker into.
      const breached = [...new Set(attacks.filter((a) => a.outcome === "let-through").map((a) => a.alias))];
      expect(breached).toEqual(ww118.map((f) => f.alias));
    }, 240_000);
  },
);
