import { describe, expect, it } from "vitest";
import { joinNamespaces, joinValues, sameValue } from "../../src/python/join.js";
import { type PyValue, str } from "../../src/python/value.js";

const at = (line: number) => ({ file: "s.py", line, column: 1 });
const reason = { why: "when X is true (test)", origin: at(9) };
const dict = (o: Record<string, PyValue>): PyValue => ({ kind: "dict", entries: new Map(Object.entries(o)) });
const int = (value: number): PyValue => ({ kind: "int", value });

describe("sameValue", () => {
  const cases: [string, PyValue, PyValue, boolean][] = [
    [
      "equal strings written on different lines",
      str("a", { origin: at(1) }),
      str("a", { origin: at(2) }),
      true,
    ],
    ["different strings", str("a"), str("b"), false],
    ["str vs path of the same text", str("a"), { kind: "path", value: "a" }, false],
    [
      "nested dicts, equal",
      dict({ O: dict({ sslmode: str("require") }) }),
      dict({ O: dict({ sslmode: str("require") }) }),
      true,
    ],
    [
      "nested dicts, one key differs",
      dict({ O: dict({ sslmode: str("require") }) }),
      dict({ O: dict({ sslmode: str("disable") }) }),
      false,
    ],
    ["dict with an extra key", dict({ a: int(1) }), dict({ a: int(1), b: int(2) }), false],
    [
      "same text, one read from env",
      str("x", {
        env: { variable: "V", reader: "os.getenv", supplied: false, hasDefault: true, origin: at(1) },
      }),
      str("x"),
      false,
    ],
    [
      "same text, one via ssl_require",
      str("require", { via: "dj_database_url.config(ssl_require=True)" }),
      str("require"),
      false,
    ],
    [
      "lists by item",
      { kind: "list", items: [int(1), int(2)] },
      { kind: "list", items: [int(1), int(2)] },
      true,
    ],
    ["list vs tuple", { kind: "list", items: [] }, { kind: "tuple", items: [] }, false],
  ];
  it.each(cases)("%s", (_name, a, b, expected) => {
    expect(sameValue(a, b)).toBe(expected);
  });

  it("ends on values that contain themselves", () => {
    const a = dict({});
    const b = dict({});
    if (a.kind === "dict" && b.kind === "dict") {
      a.entries.set("self", a);
      b.entries.set("self", b);
    }
    expect(sameValue(a, b)).toBe(true);
  });
});

describe("joinValues", () => {
  it("keeps equal values as they are (the first one's origin)", () => {
    const first = str("verify-full", { origin: at(3) });
    expect(joinValues([first, str("verify-full", { origin: at(5) })], reason)).toBe(first);
  });

  const cases: [string, (PyValue | undefined)[], string | undefined][] = [
    ["scalars that differ", [str("require"), str("disable")], "differs when X is true (test)"],
    ["set in one branch only", [str("require"), undefined], "set or unset when X is true (test)"],
    ["a dict and a string", [dict({}), str("x")], "differs when X is true (test)"],
  ];
  it.each(cases)("%s become unknown, naming the condition", (_name, values, expected) => {
    const joined = joinValues(values, reason);
    expect(joined).toMatchObject({ kind: "unknown", reason: expected, origin: at(9) });
  });

  it("joins dicts key by key: only the differing sslmode is unknown", () => {
    const a = dict({
      default: dict({
        HOST: str("db.example.com"),
        OPTIONS: dict({ sslmode: str("verify-full"), x: int(1) }),
      }),
    });
    const b = dict({
      default: dict({ HOST: str("db.example.com"), OPTIONS: dict({ sslmode: str("disable"), x: int(1) }) }),
    });
    const joined = joinValues([a, b], reason);
    const d = joined?.kind === "dict" ? joined.entries.get("default") : undefined;
    const options = d?.kind === "dict" ? d.entries.get("OPTIONS") : undefined;
    expect(d?.kind === "dict" ? d.entries.get("HOST") : undefined).toMatchObject({ value: "db.example.com" });
    expect(options?.kind === "dict" ? options.entries.get("x") : undefined).toMatchObject({ value: 1 });
    expect(options?.kind === "dict" ? options.entries.get("sslmode") : undefined).toMatchObject({
      kind: "unknown",
      reason: "differs when X is true (test)",
    });
  });

  it("a branch without OPTIONS makes each option 'set or unset'", () => {
    const joined = joinValues([dict({ OPTIONS: dict({ sslmode: str("require") }) }), dict({})], reason);
    const options = joined?.kind === "dict" ? joined.entries.get("OPTIONS") : undefined;
    expect(options?.kind === "dict" ? options.entries.get("sslmode") : undefined).toMatchObject({
      kind: "unknown",
      reason: "set or unset when X is true (test)",
    });
  });
});

describe("joinNamespaces", () => {
  it("keeps names equal in every branch and two names for one dict stay one dict", () => {
    const shared1 = dict({ sslmode: str("require") });
    const shared2 = dict({ sslmode: str("disable") });
    const joined = joinNamespaces(
      [
        new Map<string, PyValue>([
          ["DEBUG", { kind: "bool", value: false }],
          ["A", shared1],
          ["B", shared1],
        ]),
        new Map<string, PyValue>([
          ["DEBUG", { kind: "bool", value: false }],
          ["A", shared2],
          ["B", shared2],
        ]),
      ],
      reason,
    );
    expect(joined.get("DEBUG")).toMatchObject({ kind: "bool", value: false });
    expect(joined.get("A")).toBe(joined.get("B"));
    expect(joined.get("A")).toMatchObject({ kind: "dict" });
  });
});
