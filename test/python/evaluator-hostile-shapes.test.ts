import { describe, expect, it } from "vitest";
import { modelOf } from "../helpers/model.js";

/** A settings module built to make the new evaluator paths (calls, comprehensions, joins) run long or deep. */
const HOSTILE: [string, string][] = [
  ["mutual recursion", "def a(): return b()\ndef b(): return a()\nX = a()"],
  ["a lambda calling itself", "f = lambda: f()\nX = f()"],
  [
    "exponential fan-out through nested calls",
    [
      "def f0(x): return [x, x]",
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `def f${i + 1}(x): return [f${i}(x) for _ in range(1000)] + [f${i}(x) for k in [1,2,3,4,5,6,7,8,9,10] for j in [1,2,3,4,5,6,7,8,9,10]]`,
      ),
      "X = f8(1)",
    ].join("\n"),
  ],
  [
    "a comprehension product past the item bound",
    `R = list(${JSON.stringify(Array.from({ length: 200 }, (_, i) => i))})\nX = [(a, b, c) for a in R for b in R for c in R]`,
  ],
  [
    "globals() inside itself, updated with itself",
    "g = globals()\nglobals().update(globals())\nglobals()['h'] = globals()\nX = g",
  ],
  [
    "a class hierarchy 500 deep",
    `from configurations import Configuration\nclass C0(Configuration):\n    DEBUG = True\n${Array.from({ length: 500 }, (_, i) => `class C${i + 1}(C${i}):\n    @property\n    def DATABASES(self):\n        return self.DATABASES\n`).join("")}`,
  ],
  [
    "a function with 5,000 unknown ifs",
    `import os\ndef f():\n    x = {}\n${Array.from({ length: 5000 }, (_, i) => `    if os.environ.get("V${i}"):\n        x["k${i % 7}"] = ${i}\n`).join("")}    return x\nX = f()`,
  ],
];

describe("hostile shapes end in time, as unknowns or WW000s, never a crash", () => {
  it.each(HOSTILE)(
    "%s",
    async (_name, source) => {
      const started = Date.now();
      const { model } = await modelOf({
        "app/__init__.py": "",
        "app/settings.py": `${source}\nSECRET_KEY = "x"\nDATABASES = {}\n`,
      });
      expect(Date.now() - started).toBeLessThan(20_000);
      const views = model.views.filter((v) => v.module === "app.settings");
      expect(views.length).toBeGreaterThan(0);
      expect(views.length).toBeLessThanOrEqual(16);
    },
    60_000,
  );

  it("past the step budget, what was set before is unknown too: the rest of the module may change it", async () => {
    const big = `[${"1,".repeat(90_000)}]`;
    const { model } = await modelOf({
      "app/__init__.py": "",
      "app/settings.py": [
        'SECRET_KEY = "x"',
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com', 'OPTIONS': {'sslmode': 'verify-full'}}}",
        ...Array.from({ length: 6 }, (_, i) => `FILLER_${i} = ${big}`),
        "DATABASES['default']['OPTIONS']['sslmode'] = 'disable'",
      ].join("\n"),
    });
    expect(model.diagnostics.some((d) => d.reason.includes("steps"))).toBe(true);
    const alias = model.views.find((v) => v.module === "app.settings")?.databases[0];
    expect(alias?.alias).toBe("default");
    expect(alias?.sslmode).toMatchObject({ value: null, source: "unknown" });
    expect(alias?.sslmode.unknownReason).toContain("evaluation stopped");
  }, 60_000);

  it("recursion is named in the unknown, not guessed", async () => {
    const { model } = await modelOf({
      "app/__init__.py": "",
      "app/settings.py":
        'def a(): return b()\ndef b(): return a()\nX = a()\nSECRET_KEY = "x"\nDATABASES = {}\n',
    });
    const x = model.views[0]?.settings.get("X");
    expect(x).toMatchObject({ kind: "unknown" });
    expect((x as { reason: string }).reason).toContain("recursion");
  });
});
