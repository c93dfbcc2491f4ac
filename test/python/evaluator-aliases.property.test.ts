/**
 * Property: module names that share one dict (`DB` is `DATABASES["default"]`, `OPTS` its OPTIONS, `CONF[0]` is `DB`)
 * stay one dict through forks, merges and joins, whichever name a branch reads or writes. Every real outcome has a
 * view whose condition holds, and no view that holds claims a known sslmode other than the real one; the real outcome
 * is computed with JavaScript objects that alias as Python's do.
 *
 * Two program families: up to four unknown `if`s (every scenario kept apart, branches that end alike merged), and
 * many `if`s and functions (past the scenario bound and inside functions, branches join), both with any statement:
 * writes through any of the names, reads, and rebinding a name in one branch only (the branches then share objects
 * differently: joined, those names are unknown, never a wrong known value).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectViewsRight } from "../helpers/conditions.js";
import { modelOf } from "../helpers/model.js";

const MODES = ["disable", "prefer", "require", "verify-full"] as const;
type Mode = (typeof MODES)[number];
const FLAGS = 24;
/** The ways the program reaches the OPTIONS dict; all alias it until a rebind breaks one. */
const PATHS = ['DATABASES["default"]["OPTIONS"]', 'DB["OPTIONS"]', "OPTS", 'CONF[0]["OPTIONS"]'] as const;

type Action =
  | { kind: "set"; path: number; mode: Mode }
  | { kind: "rebindOpts"; mode: Mode }
  | { kind: "replaceOptions"; mode: Mode }
  | { kind: "rebindDb"; mode: Mode }
  | { kind: "relink" }
  | { kind: "read" };

type Stmt =
  | { kind: "plain"; action: Action }
  | { kind: "if"; flag: number; action: Action; otherwise?: Action }
  | { kind: "fn"; flag: number; action: Action }
  /**
   * A function that holds DATABASES' OPTIONS in a local, may call one whose unknown `if` is joined, then writes
   * through the local: `opts = DATABASES["default"]["OPTIONS"]; if …: g(); opts["sslmode"] = mode`.
   */
  | { kind: "caller"; flag: number; mode: Mode };

const mode = fc.constantFrom(...MODES);
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant("set" as const), path: fc.integer({ min: 0, max: 3 }), mode }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("rebindOpts" as const), mode }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("replaceOptions" as const), mode }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("rebindDb" as const), mode }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("relink" as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("read" as const) }) },
);
const flag = fc.integer({ min: 0, max: FLAGS - 1 });
const fewFlags = fc.integer({ min: 0, max: 3 });

/** Up to four unknown `if`s, any statement: no scenario bound is reached, so nothing is joined. */
const forksAndMerges: fc.Arbitrary<Stmt[]> = fc
  .array(
    fc.oneof(
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("plain" as const), action }) },
      {
        weight: 3,
        arbitrary: fc.record(
          { kind: fc.constant("if" as const), flag: fewFlags, action, otherwise: action },
          { requiredKeys: ["kind", "flag", "action"] },
        ),
      },
    ),
    { minLength: 1, maxLength: 10 },
  )
  .filter((p) => p.filter((s) => s.kind === "if").length <= 4);

/** Many unknown `if`s and functions, any statement: past the scenario bound, and inside functions, branches join. */
const joins: fc.Arbitrary<Stmt[]> = fc.array(
  fc.oneof(
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("plain" as const), action }) },
    {
      weight: 5,
      arbitrary: fc.record(
        { kind: fc.constant("if" as const), flag, action, otherwise: action },
        { requiredKeys: ["kind", "flag", "action"] },
      ),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("fn" as const), flag, action }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("caller" as const), flag, mode }) },
  ),
  { minLength: 1, maxLength: 30 },
);

const DB_DICT = (options: string) =>
  `{"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "OPTIONS": ${options}}`;

function python(a: Action): string {
  switch (a.kind) {
    case "set":
      return `${PATHS[a.path]}["sslmode"] = "${a.mode}"`;
    case "rebindOpts":
      return `OPTS = {"sslmode": "${a.mode}"}`;
    case "replaceOptions":
      return `DB["OPTIONS"] = {"sslmode": "${a.mode}"}`;
    case "rebindDb":
      return `DB = ${DB_DICT(`{"sslmode": "${a.mode}"}`)}`;
    case "relink":
      return 'DATABASES = {"default": DB}';
    case "read":
      return 'HOST_SEEN = DB["HOST"]';
  }
}

function source(program: Stmt[]): string {
  const lines = [
    "import os",
    'OPTS = {"sslmode": "verify-full"}',
    `DB = ${DB_DICT("OPTS")}`,
    'DATABASES = {"default": DB}',
    "CONF = [DB]",
  ];
  program.forEach((s, i) => {
    if (s.kind === "plain") lines.push(python(s.action));
    else if (s.kind === "caller")
      lines.push(
        `def g${i}():`,
        "    global HOST_SEEN",
        `    if os.environ.get("F${s.flag}"):`,
        "        HOST_SEEN = 1",
        `def c${i}():`,
        '    opts = DATABASES["default"]["OPTIONS"]',
        `    if os.environ.get("F${(s.flag + 1) % FLAGS}"):`,
        `        g${i}()`,
        `    opts["sslmode"] = "${s.mode}"`,
        `c${i}()`,
      );
    else if (s.kind === "fn")
      lines.push(
        `def f${i}():`,
        "    global OPTS, DB, DATABASES, HOST_SEEN",
        `    if os.environ.get("F${s.flag}"):`,
        `        ${python(s.action)}`,
        `f${i}()`,
      );
    else {
      lines.push(`if os.environ.get("F${s.flag}"):`, `    ${python(s.action)}`);
      if (s.otherwise) lines.push("else:", `    ${python(s.otherwise)}`);
    }
  });
  return `${lines.join("\n")}\nSECRET_KEY = "x"\n`;
}

type Dict = Record<string, unknown>;

/** The program run with JavaScript objects, which alias as Python's dicts and lists do. */
function run(program: Stmt[], flags: boolean[]): Mode {
  let OPTS: Dict = { sslmode: "verify-full" };
  let DB: Dict = { OPTIONS: OPTS };
  let DATABASES: Dict = { default: DB };
  const CONF: Dict[] = [DB];
  const options = (path: number): Dict =>
    [
      () => (DATABASES.default as Dict).OPTIONS as Dict,
      () => DB.OPTIONS as Dict,
      () => OPTS,
      () => CONF[0]?.OPTIONS as Dict,
    ][path]?.() as Dict;
  const act = (a: Action) => {
    if (a.kind === "set") options(a.path).sslmode = a.mode;
    else if (a.kind === "rebindOpts") OPTS = { sslmode: a.mode };
    else if (a.kind === "replaceOptions") DB.OPTIONS = { sslmode: a.mode };
    else if (a.kind === "rebindDb") DB = { OPTIONS: { sslmode: a.mode } };
    else if (a.kind === "relink") DATABASES = { default: DB };
  };
  for (const s of program) {
    if (s.kind === "caller") ((DATABASES.default as Dict).OPTIONS as Dict).sslmode = s.mode;
    else if (s.kind === "plain") act(s.action);
    else if (flags[s.flag]) act(s.action);
    else if (s.kind === "if" && s.otherwise) act(s.otherwise);
  }
  return ((DATABASES.default as Dict).OPTIONS as Dict).sslmode as Mode;
}

async function check(program: Stmt[], samples: boolean[][]): Promise<number> {
  const { model } = await modelOf({ "app/__init__.py": "", "app/settings.py": source(program) });
  const views = model.views.filter((v) => v.module === "app.settings");
  expect(views.length).toBeGreaterThan(0);
  const flagSets = [...samples, Array(FLAGS).fill(false), Array(FLAGS).fill(true)];
  return expectViewsRight(views, flagSets, (flags) => run(program, flags), ` of\n${source(program)}`);
}

const samples = fc.array(fc.array(fc.boolean(), { minLength: FLAGS, maxLength: FLAGS }), {
  minLength: 12,
  maxLength: 12,
});

describe("names that share a dict stay one dict", () => {
  it("through forks and merges, rebinding included: a known sslmode is the real one", async () => {
    let known = 0;
    await fc.assert(
      fc.asyncProperty(forksAndMerges, samples, async (program, flags) => {
        known += await check(program, flags);
      }),
      { numRuns: 300, seed: 22 },
    );
    // A property that only ever met unknowns would prove nothing.
    expect(known).toBeGreaterThan(400);
  }, 180_000);

  it("through joins (past the scenario bound and inside functions): a known sslmode is the real one", async () => {
    let known = 0;
    await fc.assert(
      fc.asyncProperty(joins, samples, async (program, flags) => {
        known += await check(program, flags);
      }),
      { numRuns: 300, seed: 22 },
    );
    expect(known).toBeGreaterThan(200);
  }, 180_000);
});
