/**
 * Property: for random settings programs made of unknown `if`s that set sslmode (more of them than the scenario
 * bound), every real outcome is covered by a view whose condition holds, and no view whose condition holds claims
 * a concrete sslmode other than the real one. Unknown is allowed; a wrong known value never is.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectViewsRight } from "../helpers/conditions.js";
import { modelOf } from "../helpers/model.js";

const MODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"] as const;
type Mode = (typeof MODES)[number];
const FLAGS = 24;

type Stmt =
  | { kind: "set"; mode: Mode }
  | { kind: "if"; flag: number; whenSet: Mode | null; otherwise?: Mode | null }
  /** `if Fa: … elif Fb: … else: …` */
  | { kind: "elif"; a: number; b: number; modes: [Mode, Mode, Mode] }
  /** The same `if`, inside a function called at once (joined there, not forked). */
  | { kind: "fn"; flag: number; whenSet: Mode };

const mode = fc.constantFrom(...MODES);
const stmt: fc.Arbitrary<Stmt> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("set" as const), mode }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("elif" as const),
      a: fc.integer({ min: 0, max: FLAGS - 1 }),
      b: fc.integer({ min: 0, max: FLAGS - 1 }),
      modes: fc.tuple(mode, mode, mode),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("fn" as const),
      flag: fc.integer({ min: 0, max: FLAGS - 1 }),
      whenSet: mode,
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record(
      {
        kind: fc.constant("if" as const),
        flag: fc.integer({ min: 0, max: FLAGS - 1 }),
        whenSet: fc.option(mode, { nil: null }),
        otherwise: fc.option(fc.option(mode, { nil: null }), { nil: undefined }),
      },
      { requiredKeys: ["kind", "flag", "whenSet"] },
    ),
  },
);

const SET = (m: Mode | null) => (m ? `DATABASES["default"]["OPTIONS"]["sslmode"] = "${m}"` : "pass");

function source(program: Stmt[]): string {
  const lines = [
    "import os",
    'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "OPTIONS": {"sslmode": "verify-full"}}}',
  ];
  program.forEach((s, i) => {
    if (s.kind === "set") lines.push(SET(s.mode));
    else if (s.kind === "elif")
      lines.push(
        `if os.environ.get("F${s.a}"):`,
        `    ${SET(s.modes[0])}`,
        `elif os.environ.get("F${s.b}"):`,
        `    ${SET(s.modes[1])}`,
        "else:",
        `    ${SET(s.modes[2])}`,
      );
    else if (s.kind === "fn")
      lines.push(
        `def f${i}():`,
        `    if os.environ.get("F${s.flag}"):`,
        `        ${SET(s.whenSet)}`,
        `f${i}()`,
      );
    else {
      lines.push(`if os.environ.get("F${s.flag}"):`, `    ${SET(s.whenSet)}`);
      if (s.otherwise !== undefined) lines.push("else:", `    ${SET(s.otherwise)}`);
    }
  });
  return `${lines.join("\n")}\nSECRET_KEY = "x"\n`;
}

function run(program: Stmt[], flags: boolean[]): Mode {
  let m: Mode = "verify-full";
  for (const s of program) {
    if (s.kind === "set") m = s.mode;
    else if (s.kind === "elif") m = flags[s.a] ? s.modes[0] : flags[s.b] ? s.modes[1] : s.modes[2];
    else if (s.kind === "fn") m = flags[s.flag] ? s.whenSet : m;
    else {
      const next = flags[s.flag] ? s.whenSet : s.otherwise;
      if (next) m = next;
    }
  }
  return m;
}

describe("joins never claim a wrong sslmode", () => {
  it("every real outcome has a view that holds, and views that hold are right or unknown", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(stmt, { minLength: 1, maxLength: 30 }),
        fc.array(fc.array(fc.boolean(), { minLength: FLAGS, maxLength: FLAGS }), {
          minLength: 12,
          maxLength: 12,
        }),
        async (program, samples) => {
          const { model } = await modelOf({ "app/__init__.py": "", "app/settings.py": source(program) });
          const views = model.views.filter((v) => v.module === "app.settings");
          expect(views.length).toBeLessThanOrEqual(16);
          expectViewsRight(views, [...samples, Array(FLAGS).fill(false), Array(FLAGS).fill(true)], (flags) =>
            run(program, flags),
          );
        },
      ),
      { numRuns: 40, seed: 15 },
    );
  }, 120_000);
});
