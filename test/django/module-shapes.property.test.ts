/**
 * Property: over random settings programs built from the module shapes (split-settings include() chosen by env,
 * exec of an unseen file, star import of a package, importlib of a computed name, env reads without a default,
 * full and partial DATABASES writes), the evaluator never shows an alias as verify-full with DATABASES settled
 * (no `databasesMayChange`) unless the program, read by hand, really ends with verify-full for it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { modelOf } from "../helpers/model.js";

const PG = "django.db.backends.postgresql";
const MODES = ["disable", "prefer", "require", "verify-full"] as const;
type Mode = (typeof MODES)[number];

/** What a security engineer knows about default's sslmode after each step. */
type Truth = { kind: "none" } | { kind: "known"; mode: Mode } | { kind: "unsure" };

type Step =
  | { op: "assign"; mode: Mode }
  | { op: "options"; mode: Mode }
  | { op: "envMode" }
  | { op: "starPackage"; n: number }
  | { op: "execUnseen" }
  | { op: "includeMany" }
  | { op: "importlibComputed" };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant("assign" as const), mode: fc.constantFrom(...MODES) }),
  fc.record({ op: fc.constant("options" as const), mode: fc.constantFrom(...MODES) }),
  fc.record({ op: fc.constant("envMode" as const) }),
  fc.record({ op: fc.constant("starPackage" as const), n: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ op: fc.constant("execUnseen" as const) }),
  fc.record({ op: fc.constant("includeMany" as const) }),
  fc.record({ op: fc.constant("importlibComputed" as const) }),
);

function line(s: Step): string {
  switch (s.op) {
    case "assign":
      return `DATABASES = {"default": {"ENGINE": "${PG}", "HOST": "pg.example.net", "OPTIONS": {"sslmode": "${s.mode}", "sslrootcert": "/ca.pem"}}}`;
    case "options":
      return `DATABASES["default"]["OPTIONS"] = {"sslmode": "${s.mode}", "sslrootcert": "/ca.pem"}`;
    case "envMode":
      return 'DATABASES["default"]["OPTIONS"]["sslmode"] = os.environ["PG_MODE"]';
    case "starPackage":
      return `from vendor_pkg_${s.n}.settings import *`;
    case "execUnseen":
      return 'exec(open(os.environ["EXTRA_SETTINGS_FILE"]).read())';
    case "includeMany":
      return 'include("envs/%s.py" % os.environ["DJANGO_ENV"])';
    case "importlibComputed":
      return 'DATABASES = importlib.import_module(os.environ["DB_MOD"]).DATABASES';
  }
}

/** The hand reading. A partial write into a DATABASES the evaluator cannot see settles nothing. */
function next(t: Truth, s: Step): Truth {
  switch (s.op) {
    case "assign":
      return { kind: "known", mode: s.mode };
    case "options":
      return t.kind === "known" ? { kind: "known", mode: s.mode } : t;
    case "envMode":
      return t.kind === "none" ? t : { kind: "unsure" };
    case "importlibComputed":
      return { kind: "unsure" };
    case "starPackage":
    case "execUnseen":
    case "includeMany":
      return { kind: "unsure" };
  }
}

/** Five environment files: too many to follow one by one, each with its own sslmode. */
const ENV_FILES = Object.fromEntries(
  ["a", "b", "c", "d", "e"].map((n, i) => [
    `cfg/envs/${n}.py`,
    `DATABASES["default"]["OPTIONS"] = {"sslmode": "${MODES[i % 4]}"}\n`,
  ]),
);

describe("module shapes: no settled verify-full the program does not prove", () => {
  it("holds for random programs", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 7 }), async (steps) => {
        const source = [
          "import os, importlib",
          "from split_settings.tools import include",
          'SECRET_KEY = "s"',
          ...steps.map(line),
        ].join("\n");
        const { model } = await modelOf({ "cfg/__init__.py": "", "cfg/settings.py": source, ...ENV_FILES });
        const truth = steps.reduce(next, { kind: "none" } as Truth);
        for (const v of model.views.filter((x) => x.module === "cfg.settings")) {
          const settled = v.settings.get("DATABASES")?.kind === "dict" && !v.databasesMayChange;
          for (const a of v.databases) {
            if (a.alias !== "default" || a.sslmode.value !== "verify-full" || !settled) continue;
            expect(truth, `${source}\n→ shown verify-full, settled`).toEqual({
              kind: "known",
              mode: "verify-full",
            });
          }
        }
      }),
      { seed: 0x5eed15, numRuns: 150 },
    );
  });
});
