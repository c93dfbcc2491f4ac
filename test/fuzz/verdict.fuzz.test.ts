/**
 * Property: the evaluator never calls an alias `verified` when it did not fully know the alias's value.
 *
 * Each case is a settings module built from the shapes of docs/real-world-shapes.md: one to three aliases that
 * start verified (verify-full, an explicit root certificate, a network host), then a random list of statements
 * that touch them: values the evaluator cannot know (a call to code it does not have, an update or `**` with an
 * unknown dict, an env read with no default, a loop over an unknown iterable, a URL from env), known values that
 * lower the channel (plain or in a branch on an env var nobody supplied), and known values that keep it.
 *
 * Beside the program, the test keeps a small abstract state per alias (is the alias dict known? OPTIONS known,
 * open to unknown keys, or unknown? sslmode and sslrootcert known, absent or unknown?) and updates it the way
 * Python would, statement by statement. From that state:
 * - anything unknown that decides the channel → the verdict must not be `verified`;
 * - a known weak channel → `exposed`;
 * - everything known and strong → `verified` (so the property cannot pass by calling everything unknown).
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Parser } from "web-tree-sitter";
import { buildScanModel } from "../../src/django/scan-model.js";
import { judgeModel } from "../../src/engine/scan.js";
import { pythonParser } from "../../src/python/parser.js";
import { rulesOf } from "../../src/rules/registry.js";
import { sourceFiles } from "../helpers/model.js";
import { plan } from "./fuzz.js";

const SCAN_RULES = await rulesOf("scan");

const SEED = 0x76657264;
const ALIASES = ["default", "replica", "analytics"] as const;

/** What the test knows of one alias, as Python would leave it. */
interface AliasState {
  alias: "known" | "unknown";
  options: "known" | "open" | "unknown";
  sslmode: "verify-full" | "weak" | "absent" | "unknown";
  rootcert: "present" | "absent" | "unknown";
}

type Effect = (s: AliasState) => void;

/** Sets a key of a known OPTIONS dict (an assignment into an unknown dict changes nothing anyone can see). */
const intoOptions =
  (f: Effect): Effect =>
  (s) => {
    if (s.alias === "known" && s.options !== "unknown") f(s);
  };
const sslmode = (v: AliasState["sslmode"]) =>
  intoOptions((s) => {
    s.sslmode = v;
  });
const opened: Effect = (s) => {
  if (s.alias !== "known") return;
  // `{**OPTIONS, **unknown}` makes a dict even from an unknown OPTIONS; `.update` needs a known one.
  s.options = "open";
  s.sslmode = "unknown";
  s.rootcert = "unknown";
};
const optionsUnknown: Effect = (s) => {
  if (s.alias === "known") s.options = "unknown";
};
const aliasUnknown: Effect = (s) => {
  s.alias = "unknown";
};
/** A branch on an env var nobody supplied: the weaker of both ways stands. */
const maybe =
  (v: AliasState["sslmode"]): Effect =>
  (s) =>
    intoOptions((t) => {
      if (t.sslmode === "unknown" || t.sslmode === "weak") return;
      t.sslmode = v === "weak" && t.sslmode === "absent" ? "absent" : v;
    })(s);

interface Step {
  /** Python statements (module level) that touch alias `a` (or every alias, `all`). */
  code: (a: string, i: number) => string;
  effect: Effect;
  all?: boolean;
}

const q = (a: string) => JSON.stringify(a);
const O = (a: string) => `DATABASES[${q(a)}]["OPTIONS"]`;

const STEPS: Step[] = [
  // values the evaluator cannot know
  { code: (a) => `${O(a)}["sslmode"] = tls_mode_for(${q(a)})`, effect: sslmode("unknown") },
  { code: (a) => `DATABASES[${q(a)}] = build_alias(${q(a)})`, effect: aliasUnknown },
  {
    code: (a) => `${O(a)}.update(extra_tls_options())`,
    effect: (s) => (s.options === "unknown" ? undefined : opened(s)),
  },
  { code: (a) => `${O(a)} = {**${O(a)}, **overrides()}`, effect: opened },
  { code: (a) => `${O(a)} = load_options()`, effect: optionsUnknown },
  { code: (a) => `${O(a)}["sslmode"] = os.environ["DB_SSLMODE"]`, effect: sslmode("unknown") },
  { code: (a) => `${O(a)}["sslmode"] = env("DB_SSLMODE_${a.toUpperCase()}")`, effect: sslmode("unknown") },
  {
    code: (a) => `DATABASES[${q(a)}] = dj_database_url.config(env="URL_${a.toUpperCase()}")`,
    effect: aliasUnknown,
  },
  { code: (a, i) => `def tls_${i}():\n    return mystery()\n${O(a)} = tls_${i}()`, effect: optionsUnknown },
  {
    code: (a) => `if feature_enabled():\n    ${O(a)}["sslmode"] = tls_mode_for(${q(a)})`,
    effect: sslmode("unknown"),
  },
  {
    // A loop the evaluator cannot run forgets every TLS key of OPTIONS it writes into (sslmode and sslrootcert).
    code: () => `for _name in extra_aliases():\n    DATABASES[_name]["OPTIONS"]["sslmode"] = "disable"`,
    effect: intoOptions((s) => {
      s.sslmode = "unknown";
      s.rootcert = "unknown";
    }),
    all: true,
  },
  // known values that lower the channel
  { code: (a) => `${O(a)}["sslmode"] = "require"`, effect: sslmode("weak") },
  { code: (a) => `${O(a)}["sslmode"] = "disable"`, effect: sslmode("weak") },
  {
    code: (a) => `${O(a)} = {"connect_timeout": 5}`,
    effect: (s) => {
      if (s.alias !== "known") return;
      Object.assign(s, { options: "known", sslmode: "absent", rootcert: "absent" });
    },
  },
  { code: (a) => `del ${O(a)}["sslmode"]`, effect: sslmode("absent") },
  {
    code: (a) => `if os.environ.get("LEGACY_TLS"):\n    ${O(a)}["sslmode"] = "prefer"`,
    effect: maybe("weak"),
  },
  { code: (a) => `${O(a)}["sslmode"] = os.environ.get("DB_SSLMODE", "require")`, effect: sslmode("weak") },
  {
    code: () => `for _name, _db in DATABASES.items():\n    _db["OPTIONS"]["sslmode"] = "allow"`,
    effect: sslmode("weak"),
    all: true,
  },
  // known values that keep the channel as it is
  { code: (a) => `${O(a)}["connect_timeout"] = 10`, effect: () => undefined },
  { code: (a) => `${O(a)}["sslmode"] = "verify-full"`, effect: sslmode("verify-full") },
  { code: (a) => `DATABASES[${q(a)}]["CONN_MAX_AGE"] = 60`, effect: () => undefined },
  {
    code: (a) => `DATABASES[${q(a)}]["HOST"] = os.getenv("DB_HOST_${a.toUpperCase()}")`,
    effect: () => undefined,
  },
  {
    code: (a) => `if os.environ.get("SLOW_NETWORK"):\n    ${O(a)}["connect_timeout"] = 30`,
    effect: () => undefined,
  },
  {
    code: () => `for _name, _db in DATABASES.items():\n    _db["ATOMIC_REQUESTS"] = True`,
    effect: () => undefined,
    all: true,
  },
];

type Expectation = "verified" | "exposed" | "not verified";

/** What a reader who knows exactly what the evaluator can know would conclude. */
function expected(s: AliasState): Expectation {
  if (s.alias === "unknown" || s.options === "unknown") return "not verified";
  if (s.sslmode === "weak") return "exposed";
  if (s.sslmode === "absent") return s.options === "open" ? "not verified" : "exposed";
  if (s.sslmode === "unknown") return "not verified";
  if (s.rootcert === "unknown") return "not verified";
  return s.rootcert === "absent" ? "exposed" : "verified";
}

const arbCase = fc.record({
  aliasCount: fc.integer({ min: 1, max: 3 }),
  steps: fc.array(
    fc.record({
      step: fc.integer({ min: 0, max: STEPS.length - 1 }),
      target: fc.integer({ min: 0, max: 2 }),
    }),
    { maxLength: 6 },
  ),
});

function programOf(c: { aliasCount: number; steps: { step: number; target: number }[] }) {
  const aliases = ALIASES.slice(0, c.aliasCount);
  const state = new Map<string, AliasState>(
    aliases.map((a) => [
      a,
      { alias: "known", options: "known", sslmode: "verify-full", rootcert: "present" },
    ]),
  );
  const lines = [
    "import os",
    "import dj_database_url",
    "import environ",
    "env = environ.Env()",
    'SECRET_KEY = "x"',
    "DATABASES = {",
    ...aliases.map(
      (a, i) =>
        `    ${q(a)}: {"ENGINE": "django.db.backends.postgresql", "HOST": "db${i}.internal", "OPTIONS": {"sslmode": "verify-full", "sslrootcert": "/etc/ssl/db-ca.pem"}},`,
    ),
    "}",
  ];
  c.steps.forEach(({ step, target }, i) => {
    const s = STEPS[step] as Step;
    const alias = aliases[target % aliases.length] as string;
    lines.push(s.code(alias, i));
    for (const [name, st] of state) if (s.all || name === alias) s.effect(st);
  });
  return { source: `${lines.join("\n")}\n`, state };
}

let parser: Parser;
beforeAll(async () => {
  parser = await pythonParser();
});

describe("verdicts are earned", () => {
  const p = plan(SEED, 300, 40);
  it(
    "never verified when a value was not fully known; exposed when only known weakenings touched it",
    () => {
      fc.assert(
        fc.property(arbCase, (c) => {
          const { source, state } = programOf(c);
          const files = {
            "manage.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "app.settings")\n',
            "app/__init__.py": "",
            "app/settings.py": source,
          };
          const { model } = buildScanModel(parser, sourceFiles(files), { env: new Map() });
          const { aliases } = judgeModel(model, SCAN_RULES);
          for (const [alias, st] of state) {
            const got = aliases.find((a) => a.module === "app.settings" && a.alias === alias);
            const want = expected(st);
            const label = `${alias}: ${JSON.stringify(st)} → want ${want}\n${source}\n→ got ${got?.verdict}: ${got?.reason}`;
            expect(got, label).toBeDefined();
            if (want === "not verified") expect(got?.verdict, label).not.toBe("verified");
            else expect(got?.verdict, label).toBe(want);
          }
        }),
        p.params,
      );
    },
    p.timeout,
  );
});
