import { describe, expect, it } from "vitest";
import { describe as show } from "../../src/python/value.js";
import { modelOf, sslmodeByBranch, view } from "../helpers/model.js";

const PG = '"ENGINE": "django.db.backends.postgresql"';

async function modelOfSettings(source: string, env: Record<string, string> = {}) {
  const files = { "app/__init__.py": "", "app/settings.py": `${source}\nSECRET_KEY = "x"\n` };
  return (await modelOf(files, { env })).model;
}

/** Twenty unknown flags: more combinations than the evaluator keeps apart. */
function manyFlags(n = 20): string[] {
  const lines = ["import os"];
  for (let i = 0; i < n; i++) lines.push(`if os.environ.get("FLAG_${i}"):`, `    FEATURE_${i} = True`);
  return lines;
}

describe("branch joins", () => {
  it("merges branches that end in the same state: one view, no condition", async () => {
    const model = await modelOfSettings(
      [
        "import os",
        `DATABASES = {"default": {${PG}, "HOST": "db.example.com", "OPTIONS": {"sslmode": "verify-full"}}}`,
        'if os.environ.get("REPLICA"):',
        '    DATABASES["default"]["OPTIONS"]["sslmode"] = "verify-full"',
      ].join("\n"),
    );
    expect(model.views.map((v) => v.condition)).toEqual([null]);
    expect(view(model, "app.settings").databases[0]?.sslmode.value).toBe("verify-full");
  });

  it("does not merge branches whose values are equal but shared differently", async () => {
    // One branch makes DB a dict of its own, equal to DATABASES["default"]; in the other DB still is that dict. A
    // later write through DB reaches DATABASES in the second branch only: merged, the first branch's state would
    // claim verify-full for both (it did).
    const model = await modelOfSettings(
      [
        "import os",
        `DB = {${PG}, "HOST": "db.example.com", "OPTIONS": {"sslmode": "verify-full"}}`,
        'DATABASES = {"default": DB}',
        'if os.environ.get("OWN"):',
        `    DB = {${PG}, "HOST": "db.example.com", "OPTIONS": {"sslmode": "verify-full"}}`,
        'DB["OPTIONS"]["sslmode"] = "disable"',
      ].join("\n"),
    );
    expect(sslmodeByBranch(model)).toEqual([
      ['os.environ.get("OWN") is false', "disable"],
      ['os.environ.get("OWN") is true', "verify-full"],
    ]);
  });

  it("a join of branches that share DB differently leaves DATABASES unknown, never the other branch's value", async () => {
    // Inside pick(), the OWN branch makes DB a dict of its own; the other keeps DB as DATABASES["default"]. Joined,
    // the later write through DB reaches DATABASES in one branch only: it said verify-full (the real value without
    // OWN is disable).
    const model = await modelOfSettings(
      [
        "import os",
        `DB = {${PG}, "HOST": "db.example.com", "OPTIONS": {"sslmode": "verify-full"}}`,
        'DATABASES = {"default": DB}',
        "def pick():",
        "    global DB",
        '    if os.environ.get("OWN"):',
        `        DB = {${PG}, "HOST": "db.example.com", "OPTIONS": {"sslmode": "verify-full"}}`,
        "pick()",
        'DB["OPTIONS"]["sslmode"] = "disable"',
      ].join("\n"),
    );
    const db = view(model, "app.settings").databases[0];
    expect(db?.sslmode.value).toBeNull();
    expect(db?.sslmode.source).toBe("unknown");
  });

  it("a list joined to unknown that holds DATABASES' dict leaves DATABASES unknown once written through", async () => {
    // CONF[0] is DATABASES["default"]; tune() changes sslmode in one branch, so the lists differ and joined to
    // unknown; the write through CONF[0] was then lost and DATABASES said disable (the real value is verify-full).
    const model = await modelOfSettings(
      [
        "import os",
        `DB = {${PG}, "HOST": "db.example.com", "OPTIONS": {"sslmode": "verify-full"}}`,
        'DATABASES = {"default": DB}',
        "CONF = [DB]",
        "def tune():",
        '    if os.environ.get("LEGACY"):',
        '        DATABASES["default"]["OPTIONS"]["sslmode"] = "require"',
        "tune()",
        'DATABASES["default"]["OPTIONS"]["sslmode"] = "disable"',
        'CONF[0]["OPTIONS"]["sslmode"] = "verify-full"',
      ].join("\n"),
    );
    expect(view(model, "app.settings").databases[0]?.sslmode.value).not.toBe("disable");
  });

  it("a caller's local that holds a module dict still writes into it after a join in the function it calls", async () => {
    // relax() joins an unknown `if` while tune()'s `opts` holds DATABASES' OPTIONS: the fork in relax() froze the
    // module namespace, `opts` pointed into the frozen copy, and the write of disable never reached DATABASES
    // (it said verify-full).
    const model = await modelOfSettings(
      [
        "import os",
        `DATABASES = {"default": {${PG}, "HOST": "db.example.com", "OPTIONS": {"sslmode": "verify-full"}}}`,
        "DEBUG_SQL = False",
        "def relax():",
        "    global DEBUG_SQL",
        '    if os.environ.get("LOUD"):',
        "        DEBUG_SQL = True",
        "def tune():",
        '    opts = DATABASES["default"]["OPTIONS"]',
        '    if os.environ.get("RELAX"):',
        "        relax()",
        '    opts["sslmode"] = "disable"',
        "tune()",
      ].join("\n"),
    );
    expect(view(model, "app.settings").databases[0]?.sslmode.value).toBe("disable");
  });

  it("keeps the conditions where the states differ", async () => {
    const model = await modelOfSettings(
      [
        "import os",
        `DATABASES = {"default": {${PG}, "HOST": "db.example.com", "OPTIONS": {"sslmode": "verify-full"}}}`,
        'if os.environ.get("LEGACY"):',
        '    DATABASES["default"]["OPTIONS"]["sslmode"] = "disable"',
      ].join("\n"),
    );
    expect(sslmodeByBranch(model)).toEqual([
      ['os.environ.get("LEGACY") is false', "verify-full"],
      ['os.environ.get("LEGACY") is true', "disable"],
    ]);
  });

  const pastBound: [string, string[], string][] = [
    [
      "an if after the bound",
      ['if os.environ.get("LATE"):', '    DATABASES["default"]["OPTIONS"]["sslmode"] = "disable"'],
      'os.environ.get("LATE")',
    ],
    [
      "an if/elif/else after the bound",
      [
        'if os.environ.get("MODE") == "a":',
        '    DATABASES["default"]["OPTIONS"] = {"sslmode": "require"}',
        'elif os.environ.get("MODE") == "b":',
        '    DATABASES["default"]["OPTIONS"] = {"sslmode": "verify-ca"}',
        "else:",
        '    DATABASES["default"]["OPTIONS"] = {"sslmode": "verify-full"}',
      ],
      'os.environ.get("MODE")',
    ],
  ];
  it.each(pastBound)(
    "past the bound, %s makes the differing sslmode unknown, never one branch",
    async (_n, tail, cond) => {
      const model = await modelOfSettings(
        [
          ...manyFlags(),
          `DATABASES = {"default": {${PG}, "HOST": "db.example.com", "OPTIONS": {"sslmode": "verify-full"}}}`,
          ...tail,
        ].join("\n"),
      );
      expect(model.views.length).toBeLessThanOrEqual(16);
      for (const v of model.views) {
        const alias = v.databases[0];
        expect(alias?.host).toMatchObject({ value: "db.example.com" });
        expect(alias?.sslmode.value).toBeNull();
        expect(alias?.sslmode.source).toBe("unknown");
        expect(alias?.sslmode.unknownReason).toContain(cond);
        expect(alias?.sslmode.unknownReason).toContain("more than 16 combinations of unknown conditions");
      }
      expect(model.diagnostics.some((d) => d.reason.includes("combinations of unknown conditions"))).toBe(
        true,
      );
    },
  );

  it("past the bound, a value equal in every branch stays known", async () => {
    const model = await modelOfSettings(
      [
        ...manyFlags(),
        `DATABASES = {"default": {${PG}, "HOST": "db.example.com", "OPTIONS": {"sslmode": "verify-full"}}}`,
        'if os.environ.get("LATE"):',
        '    DATABASES["default"]["HOST"] = "other.example.com"',
      ].join("\n"),
    );
    for (const v of model.views) {
      expect(v.databases[0]?.sslmode.value).toBe("verify-full");
      expect(v.databases[0]?.host).toMatchObject({ kind: "unknown" });
    }
  });

  it("counts live outcomes: merged branches free room for later forks", async () => {
    // Twenty ifs that change nothing merge away, so the condition that matters still forks.
    const lines = ["import os", "DEBUG = False"];
    for (let i = 0; i < 20; i++) lines.push(`if os.environ.get("NOOP_${i}"):`, "    DEBUG = False");
    lines.push('if os.environ.get("LOUD"):', "    DEBUG = True");
    const model = await modelOfSettings(lines.join("\n"));
    expect(model.views.map((v) => [v.condition, show(v.settings.get("DEBUG"))])).toEqual([
      ['os.environ.get("LOUD") is true', "True"],
      ['os.environ.get("LOUD") is false', "False"],
    ]);
    expect(model.diagnostics.some((d) => d.reason.includes("combinations"))).toBe(false);
  });

  it("sixty unknown ifs: every view bounded, the value they disagree on unknown", async () => {
    const lines = ["import os", "X = 0"];
    for (let i = 0; i < 60; i++) lines.push(`if os.environ.get("H${i}"):`, `    X = ${i}`);
    const model = await modelOfSettings(lines.join("\n"));
    expect(model.views.length).toBeLessThanOrEqual(16);
    for (const v of model.views) expect(v.settings.get("X")).toMatchObject({ kind: "unknown" });
  });

  it("a hostile run of 3,000 unknown ifs ends in time with a WW000", async () => {
    const lines = ["import os"];
    for (let i = 0; i < 3000; i++) lines.push(`if os.environ.get("H${i}"):`, `    Y${i} = {"k": [${i}]}`);
    const started = Date.now();
    const model = await modelOfSettings(lines.join("\n"));
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(model.views.length).toBeLessThanOrEqual(16);
    expect(model.diagnostics.some((d) => /combinations|steps/.test(d.reason))).toBe(true);
  });

  it("a conditional expression on something unknown keeps what both sides agree on", async () => {
    const model = await modelOfSettings(
      [
        "import vault",
        `DATABASES = {"default": {${PG}, "HOST": "db.example.com", "OPTIONS": {"sslmode": "verify-full", "connect_timeout": 3} if vault.slow() else {"sslmode": "verify-full", "connect_timeout": 30}}}`,
      ].join("\n"),
    );
    const alias = view(model, "app.settings").databases[0];
    expect(alias?.sslmode.value).toBe("verify-full");
    expect(alias?.options.get("connect_timeout")).toMatchObject({ kind: "unknown" });
  });

  it('"X" in os.environ forks on the deployment; supplied, it decides', async () => {
    const src = [
      "import os",
      `DATABASES = {"default": {${PG}, "HOST": "db.example.com", "OPTIONS": {"sslmode": "verify-full"}}}`,
      'if "LEGACY_DB" in os.environ:',
      '    DATABASES["default"]["OPTIONS"]["sslmode"] = "disable"',
    ].join("\n");
    const open = await modelOfSettings(src);
    expect(open.views.map((v) => v.databases[0]?.sslmode.value).sort()).toEqual(["disable", "verify-full"]);
    const decided = await modelOfSettings(src, { LEGACY_DB: "1" });
    expect(decided.views.map((v) => [v.condition, v.databases[0]?.sslmode.value])).toEqual([
      [null, "disable"],
    ]);
  });

  it("copy.deepcopy of a base dict does not share OPTIONS with it; copy.copy does", async () => {
    const model = await modelOfSettings(
      [
        "import copy",
        `BASE = {"default": {${PG}, "HOST": "db.example.com", "OPTIONS": {"sslmode": "verify-full"}}}`,
        "DATABASES = copy.deepcopy(BASE)",
        "SHALLOW = copy.copy(BASE)",
        'DATABASES["default"]["OPTIONS"]["sslmode"] = "require"',
        'SHALLOW["default"]["OPTIONS"]["sslmode"] = "disable"',
      ].join("\n"),
    );
    const v = view(model, "app.settings");
    expect(v.databases[0]?.sslmode.value).toBe("require");
    const base = v.settings.get("BASE");
    const dflt = base?.kind === "dict" ? base.entries.get("default") : undefined;
    const options = dflt?.kind === "dict" ? dflt.entries.get("OPTIONS") : undefined;
    expect(options?.kind === "dict" ? options.entries.get("sslmode") : undefined).toMatchObject({
      value: "disable",
    });
  });

  it("g = globals() still writes the scenario's own namespace after a fork", async () => {
    const model = await modelOfSettings(
      ["import os", "g = globals()", 'if os.environ.get("A"):', "    X = 1", 'g["DEBUG"] = False'].join("\n"),
    );
    expect(model.views).toHaveLength(2);
    for (const v of model.views)
      expect(v.settings.get("DEBUG")).toMatchObject({ kind: "bool", value: false });
  });
});
