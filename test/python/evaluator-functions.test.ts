import { describe, expect, it } from "vitest";
import { asString, describe as show } from "../../src/python/value.js";
import { modelOf, settingsOf } from "../helpers/model.js";

const sslmodes = (v: Awaited<ReturnType<typeof settingsOf>>["v"]) =>
  v.databases.map((d) => [d.alias, d.sslmode.value, d.sslmode.source]);

describe("functions defined in the project are inlined", () => {
  const cases: [string, string[], [string, string | null, string][]][] = [
    [
      "a builder with defaults and keyword arguments",
      [
        "def database(host, mode='verify-full', port=5432, **extra):",
        "    options = {'sslmode': mode}",
        "    options.update(extra)",
        "    return {'ENGINE': 'django.db.backends.postgresql', 'HOST': host, 'PORT': port, 'OPTIONS': options}",
        "DATABASES = {",
        "    'default': database('db.example.com', sslrootcert='/etc/ca.pem'),",
        "    'replica': database(host='replica.example.com', mode='require'),",
        "}",
      ],
      [
        ["default", "verify-full", "OPTIONS"],
        ["replica", "require", "OPTIONS"],
      ],
    ],
    [
      "return inside if/else on a known argument",
      [
        "def tls(strict):",
        "    if strict:",
        "        return {'sslmode': 'verify-full', 'sslrootcert': '/ca.pem'}",
        "    else:",
        "        return {'sslmode': 'prefer'}",
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com', 'OPTIONS': tls(False)}}",
      ],
      [["default", "prefer", "OPTIONS"]],
    ],
    [
      "a function that builds a URL and parses it",
      [
        "import dj_database_url",
        "def url_for(host, *, mode):",
        "    return f'postgres://app@{host}:5432/shop?sslmode={mode}'",
        "DATABASES = {'default': dj_database_url.parse(url_for('db.example.com', mode='verify-ca'))}",
      ],
      [["default", "verify-ca", "url"]],
    ],
    [
      "a function that mutates DATABASES (dicts are shared)",
      [
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com'}}",
        "def harden(dbs, mode):",
        "    for name in dbs:",
        "        dbs[name].setdefault('OPTIONS', {})['sslmode'] = mode",
        "harden(DATABASES, 'verify-full')",
      ],
      [["default", "verify-full", "OPTIONS"]],
    ],
    [
      "a lambda",
      [
        "opts = lambda mode: {'sslmode': mode}",
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com', 'OPTIONS': opts('disable')}}",
      ],
      [["default", "disable", "OPTIONS"]],
    ],
    [
      "a global declaration",
      [
        "DATABASES = {}",
        "def configure():",
        "    global DATABASES",
        "    DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com', 'OPTIONS': {'sslmode': 'require'}}}",
        "configure()",
      ],
      [["default", "require", "OPTIONS"]],
    ],
  ];
  it.each(cases)("%s", async (_name, lines, expected) => {
    const { v } = await settingsOf(lines.join("\n"));
    expect(sslmodes(v)).toEqual(expected);
  });

  it("values stay plain data: a view with functions, classes and globals() serializes", async () => {
    const { v } = await settingsOf(
      ["def f(x=1): return x", "class C:", "    X = f", "G = globals()", "L = lambda: G"].join("\n"),
    );
    expect(() => JSON.stringify([...v.settings])).not.toThrow();
    expect(JSON.stringify(v.settings.get("F") ?? v.settings.get("f"))).not.toContain("tree");
  });

  it("a function in an imported project module", async () => {
    const { v } = await settingsOf(
      ["from app.dbconf import build", "DATABASES = {'default': build('db.example.com')}"].join("\n"),
      {},
      {
        "app/dbconf.py": [
          "MODE = 'verify-full'",
          "def build(host):",
          "    cfg = {'ENGINE': 'django.db.backends.postgresql', 'HOST': host}",
          "    cfg['OPTIONS'] = {'sslmode': MODE}",
          "    return cfg",
        ].join("\n"),
      },
    );
    expect(sslmodes(v)).toEqual([["default", "verify-full", "OPTIONS"]]);
    expect(v.databases[0]?.sslmode.origin?.file).toBe("app/dbconf.py");
  });

  it("an imported function reads what its module ended with, also after an if forked there", async () => {
    const { model } = await modelOf(
      {
        "app/__init__.py": "",
        "app/settings.py":
          "from app.dbconf import build\nDATABASES = {'default': build()}\nSECRET_KEY = 'x'\n",
        "app/dbconf.py": [
          "import os",
          "MODE = 'disable'",
          "def build():",
          "    return {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com', 'OPTIONS': {'sslmode': MODE}}",
          "if os.environ.get('VERBOSE'):",
          "    LOG_LEVEL = 'debug'",
          "MODE = 'verify-full'",
        ].join("\n"),
      },
      {},
    );
    const views = model.views.filter((v) => v.module === "app.settings");
    expect(views).toHaveLength(2);
    for (const v of views) expect(v.databases[0]?.sslmode.value).toBe("verify-full");
  });

  it("forks under a function whose locals hold a dict keep each branch's writes apart", async () => {
    // The first fork in tune() copies its locals and the module namespace at once (the locals hold a dict); the
    // forks in relax() under it (no local dict) read that copy lazily. A branch's write leaking into its sibling
    // would show as a count other than 2 (verify-full), or as LEVEL known.
    const { v, model } = await settingsOf(
      [
        "import os",
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com', 'OPTIONS': {'sslmode': 'prefer'}}}",
        "LEVEL = 'on'",
        "def relax():",
        "    global LEVEL",
        "    if os.environ.get('OFF'):",
        "        LEVEL = 'off'",
        "def tune(names):",
        "    counts = {'n': 0}",
        "    for name in names:",
        "        counts['n'] += 1",
        "        if os.environ.get('PROBE'):",
        "            relax()",
        "            if os.environ.get('DEEP'):",
        "                relax()",
        "    DATABASES['default']['OPTIONS']['sslmode'] = 'verify-full' if counts['n'] == 2 else 'disable'",
        "    return counts",
        "tune(['a', 'b'])",
        "DATABASES['default']['OPTIONS']['sslrootcert'] = {'on': '/etc/ca.pem'}.get(LEVEL, '/other.pem')",
      ].join("\n"),
    );
    expect(model.views).toHaveLength(1);
    expect(sslmodes(v)).toEqual([["default", "verify-full", "OPTIONS"]]);
    expect(v.databases[0]?.sslrootcert).toMatchObject({ value: null, source: "unknown" });
  });

  it("a loop inside a function whose iterations may `continue` joins each iteration's ways: 40 of them are followed", async () => {
    // Kept apart until the call returned, the two ways of each iteration doubled: 2^40 outcomes, past any budget.
    const { v, model } = await settingsOf(
      [
        "import os",
        "def schedule():",
        "    out = {}",
        `    for name in [${Array.from({ length: 40 }, (_, i) => `'T${i}'`).join(", ")}]:`,
        "        value = os.getenv('CRON_' + name, '* * * * *')",
        "        if value == 'disable':",
        "            continue",
        "        out[name] = {'cron': value}",
        "    return out",
        "SCHEDULE = schedule()",
        "def database():",
        "    return {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com', 'OPTIONS': {'sslmode': 'verify-full'}}",
        "DATABASES = {'default': database()}",
      ].join("\n"),
    );
    expect(model.views).toHaveLength(1);
    expect(sslmodes(v)).toEqual([["default", "verify-full", "OPTIONS"]]);
    expect(model.diagnostics.map((d) => d.reason)).toEqual([]);
  });

  const leftWithOwnState: [string, string[]][] = [
    [
      "a return after two ways that continue, in a loop",
      [
        "def pick(items):",
        "    global MODE",
        "    for t in items:",
        "        if os.environ.get('SKIP'):",
        "            continue",
        "        if os.environ.get('ALSO'):",
        "            continue",
        "        MODE = 'disable'",
        "        return t",
        "pick(['a'])",
      ],
    ],
    [
      "a return in the last of three ways of an if",
      [
        "def choose():",
        "    global MODE",
        "    if os.environ.get('A'):",
        "        MODE = 'verify-full'",
        "    elif os.environ.get('B'):",
        "        MODE = 'verify-full'",
        "    else:",
        "        MODE = 'disable'",
        "        return",
        "choose()",
      ],
    ],
  ];
  it.each(leftWithOwnState)(
    "%s keeps the module state it left with: MODE may be disable",
    async (_what, body) => {
      // The ways that go on are joined (verify-full in each); the way that left set MODE to disable. Joining its state
      // away would make MODE known verify-full: a channel said to be verified that may not be.
      const { v } = await settingsOf(
        [
          "import os",
          "MODE = 'verify-full'",
          ...body,
          "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com', 'OPTIONS': {'sslmode': MODE}}}",
        ].join("\n"),
      );
      expect(v.databases[0]?.sslmode).toMatchObject({ value: null, source: "unknown" });
    },
  );

  it("an unknown branch inside a function joins: the differing sslmode is unknown, naming the function", async () => {
    const { v, model } = await settingsOf(
      [
        "import os",
        "def options():",
        "    if os.environ.get('STRICT'):",
        "        return {'sslmode': 'verify-full'}",
        "    return {'sslmode': 'disable'}",
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com', 'OPTIONS': options()}}",
      ].join("\n"),
    );
    expect(model.views).toHaveLength(1);
    expect(v.databases[0]?.sslmode).toMatchObject({ value: null, source: "unknown" });
    expect(v.databases[0]?.sslmode.unknownReason).toContain("options()");
  });

  const unfollowed: [string, string[], string][] = [
    [
      "recursion",
      [
        "def mode(n):",
        "    return mode(n)",
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com', 'OPTIONS': {'sslmode': mode(1)}}}",
      ],
      "recursion",
    ],
    [
      "a generator function",
      [
        "def mode():",
        "    yield 'verify-full'",
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com', 'OPTIONS': {'sslmode': mode()}}}",
      ],
      "generator",
    ],
    [
      "an async function",
      [
        "async def mode():",
        "    return 'verify-full'",
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com', 'OPTIONS': {'sslmode': mode()}}}",
      ],
      "async",
    ],
    [
      "a missing argument",
      [
        "def mode(a, b):",
        "    return a",
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com', 'OPTIONS': {'sslmode': mode('x')}}}",
      ],
      "no value for its parameter b",
    ],
    [
      "calls nested past the depth bound",
      [
        "def f0(): return 'verify-full'",
        ...Array.from({ length: 10 }, (_, i) => `def f${i + 1}(): return f${i}()`),
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com', 'OPTIONS': {'sslmode': f10()}}}",
      ],
      "deeper than 8",
    ],
  ];
  it.each(unfollowed)("%s: unknown with the reason, never a guess", async (_n, lines, reason) => {
    const { v } = await settingsOf(lines.join("\n"));
    expect(v.databases[0]?.sslmode).toMatchObject({ value: null, source: "unknown" });
    expect(v.databases[0]?.sslmode.unknownReason).toContain(reason);
    expect(v.databases[0]?.sslmode.unknownReason).toContain("defined in the project");
  });
});

describe("loops over DATABASES reach the real dicts", () => {
  const base =
    "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com'}, 'replica': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'replica.example.com', 'OPTIONS': {'connect_timeout': 5}}}";
  const cases: [string, string[], [string, string | null][]][] = [
    [
      "for alias in DATABASES",
      ["for alias in DATABASES:", "    DATABASES[alias]['OPTIONS'] = {'sslmode': 'verify-full'}"],
      [
        ["default", "verify-full"],
        ["replica", "verify-full"],
      ],
    ],
    [
      "for name, db in DATABASES.items() with setdefault",
      ["for name, db in DATABASES.items():", "    db.setdefault('OPTIONS', {})['sslmode'] = 'require'"],
      [
        ["default", "require"],
        ["replica", "require"],
      ],
    ],
    [
      "for db in DATABASES.values() with update",
      [
        "for db in DATABASES.values():",
        "    db.setdefault('OPTIONS', {})",
        "    db['OPTIONS'].update({'sslmode': 'verify-ca'})",
      ],
      [
        ["default", "verify-ca"],
        ["replica", "verify-ca"],
      ],
    ],
    [
      "keys() and get() with a known filter",
      [
        "for alias in DATABASES.keys():",
        "    if DATABASES[alias].get('OPTIONS') is None:",
        "        DATABASES[alias]['OPTIONS'] = {'sslmode': 'disable'}",
      ],
      [
        ["default", "disable"],
        ["replica", "prefer"],
      ],
    ],
  ];
  it.each(cases)("%s", async (_n, loop, expected) => {
    const { v } = await settingsOf([base, ...loop].join("\n"));
    expect(v.databases.map((d) => [d.alias, d.sslmode.value])).toEqual(expected);
  });

  it("a loop over something unknown that writes OPTIONS makes sslmode unknown and says so", async () => {
    const { v, model } = await settingsOf(
      [
        "import vault",
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com', 'OPTIONS': {'sslmode': 'verify-full'}}}",
        "for name, db in vault.databases():",
        "    db['OPTIONS'] = {'sslmode': 'disable'}",
      ].join("\n"),
    );
    expect(v.databases[0]?.sslmode).toMatchObject({ value: null, source: "unknown" });
    expect(v.databases[0]?.sslmode.unknownReason).toContain("for loop at line 3");
    expect(model.diagnostics.some((d) => d.reason.includes("for loop") && d.origin.line === 3)).toBe(true);
  });

  it("break, continue and for-else", async () => {
    const { v } = await settingsOf(
      [
        base,
        "for alias in DATABASES:",
        "    if alias == 'replica':",
        "        continue",
        "    DATABASES[alias]['OPTIONS'] = {'sslmode': 'verify-full'}",
        "for alias in ['default', 'replica']:",
        "    if alias == 'default':",
        "        break",
        "    DATABASES[alias]['OPTIONS'] = {'sslmode': 'disable'}",
        "else:",
        "    DATABASES['default']['OPTIONS'] = {'sslmode': 'allow'}",
      ].join("\n"),
    );
    expect(v.databases.map((d) => [d.alias, d.sslmode.value])).toEqual([
      ["default", "verify-full"],
      ["replica", "prefer"],
    ]);
  });

  it("return or break outside a function or loop is a WW000, and the rest of the module is still read", async () => {
    const { v, model } = await settingsOf(
      [
        "return",
        "break",
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com'}}",
      ].join("\n"),
    );
    expect(v.databases.map((d) => d.alias)).toEqual(["default"]);
    expect(model.diagnostics.filter((d) => /outside a (function|loop)/.test(d.reason))).toHaveLength(2);
  });

  it("a while loop that writes OPTIONS makes sslmode unknown", async () => {
    const { v } = await settingsOf(
      [
        "import vault",
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com', 'OPTIONS': {'sslmode': 'verify-full'}}}",
        "while vault.more():",
        "    DATABASES['default']['OPTIONS']['sslmode'] = vault.next()",
      ].join("\n"),
    );
    expect(v.databases[0]?.sslmode).toMatchObject({ value: null, source: "unknown" });
    expect(v.databases[0]?.sslmode.unknownReason).toContain("while loop at line 3");
  });

  it("a loop over something unknown that assigns an upper-case name makes it unknown", async () => {
    const { v } = await settingsOf(
      ["import vault", "DEBUG = False", "for k in vault.flags():", "    DEBUG = True"].join("\n"),
    );
    expect(v.settings.get("DEBUG")).toMatchObject({ kind: "unknown" });
  });
});

describe("comprehensions over known items", () => {
  it("a dict comprehension of dj_database_url.parse over literal pairs", async () => {
    const { v } = await settingsOf(
      [
        "import dj_database_url",
        "DATABASES = {name: dj_database_url.parse(url) for name, url in [",
        "    ('default', 'postgres://app@db.example.com/shop?sslmode=verify-full&sslrootcert=/ca.pem'),",
        "    ('replica', 'postgres://app@replica.example.com/shop?sslmode=require'),",
        "]}",
      ].join("\n"),
    );
    expect(sslmodes(v)).toEqual([
      ["default", "verify-full", "url"],
      ["replica", "require", "url"],
    ]);
  });

  it("a copy of BASE with a decidable filter, list and set comprehensions, a generator", async () => {
    const { v } = await settingsOf(
      [
        "BASE = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com'}, 'legacy': {'ENGINE': 'django.db.backends.sqlite3'}}",
        "DATABASES = {k: v for k, v in BASE.items() if k != 'legacy'}",
        "NAMES = [k.upper() for k in BASE]",
        "HOSTS = {d['HOST'] for d in BASE.values() if 'HOST' in d}",
        "JOINED = ','.join(k for k in BASE)",
      ].join("\n"),
    );
    expect(v.databases.map((d) => d.alias)).toEqual(["default"]);
    expect(show(v.settings.get("NAMES"))).toBe('["DEFAULT", "LEGACY"]');
    expect(show(v.settings.get("HOSTS"))).toBe('["db.example.com"]');
    expect(asString(v.settings.get("JOINED"))).toBe("default,legacy");
  });

  it("zip, enumerate, range, sorted and reversed over known items", async () => {
    const { v } = await settingsOf(
      [
        "import dj_database_url",
        "NAMES = ['default', 'replica']",
        "URLS = ['postgres://app@db.example.com/shop?sslmode=verify-full', 'postgres://app@replica.example.com/shop?sslmode=allow']",
        "DATABASES = {n: dj_database_url.parse(u) for n, u in zip(NAMES, URLS)}",
        "INDEXED = [f'{i}:{n}' for i, n in enumerate(sorted(['b', 'a']))]",
        "PORTS = [5432 + i for i in range(3)]",
        "BACKWARDS = list(reversed(NAMES))",
      ].join("\n"),
    );
    expect(sslmodes(v)).toEqual([
      ["default", "verify-full", "url"],
      ["replica", "allow", "url"],
    ]);
    expect(show(v.settings.get("INDEXED"))).toBe('["0:a", "1:b"]');
    expect(show(v.settings.get("PORTS"))).toBe("[5432, 5433, 5434]");
    expect(show(v.settings.get("BACKWARDS"))).toBe('["replica", "default"]');
  });

  it("dict() and dict.update() of key/value pairs", async () => {
    const { v } = await settingsOf(
      [
        "PAIRS = [('sslmode', 'verify-ca'), ('sslrootcert', '/ca.pem')]",
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db.example.com', 'OPTIONS': dict(PAIRS)}}",
        "DATABASES['default']['OPTIONS'].update([('sslmode', 'verify-full')])",
      ].join("\n"),
    );
    expect(v.databases[0]?.sslmode.value).toBe("verify-full");
    expect(v.databases[0]?.sslrootcert.value).toBe("/ca.pem");
  });

  it("over something unknown, or with a filter it cannot decide: unknown, saying why", async () => {
    const { v } = await settingsOf(
      [
        "import os, vault",
        "A = [x for x in vault.items()]",
        "B = [x for x in ['a', 'b'] if os.environ.get(x)]",
      ].join("\n"),
    );
    expect(v.settings.get("A")).toMatchObject({ kind: "unknown" });
    expect((v.settings.get("A") as { reason: string }).reason).toContain("comprehension");
    expect((v.settings.get("B") as { reason: string }).reason).toContain("filter");
  });
});

describe("dj_database_url in loops and OPTIONS replaced after being built", () => {
  it("OPTIONS replaced after the URL set sslmode: the URL's sslmode is gone", async () => {
    const { v } = await settingsOf(
      [
        "import dj_database_url",
        "DATABASES = {'default': dj_database_url.config(default='postgres://app@db.example.com/shop?sslmode=verify-full')}",
        "DATABASES['default']['OPTIONS'] = {'connect_timeout': 5}",
      ].join("\n"),
    );
    expect(v.databases[0]?.sslmode).toMatchObject({ value: "prefer", source: "default" });
    expect(v.databases[0]?.network).toBe(true);
  });

  it("dj_database_url.config() with no default and DATABASE_URL not supplied: the deployment's URL, never {}", async () => {
    const { v } = await settingsOf(
      [
        "import dj_database_url",
        "DATABASES = {'default': dj_database_url.config(), 'forced': dj_database_url.config(ssl_require=True)}",
      ].join("\n"),
    );
    expect(v.databases.map((d) => [d.alias, d.network, d.sslmode.value, d.sslmode.source])).toEqual([
      ["default", true, null, "unknown"],
      ["forced", true, "require", "ssl_require"],
    ]);
    expect(v.databases[0]?.hostLabel).toContain("DATABASE_URL");
    expect(v.databases[0]?.sslmode.unknownReason).toContain("DATABASE_URL");
  });

  it("for k in a tuple: DATABASES[k] = dj_database_url.parse(os.environ[k.upper() + '_URL'])", async () => {
    const src = [
      "import os, dj_database_url",
      "DATABASES = {}",
      "for k in ('default', 'replica'):",
      "    DATABASES[k] = dj_database_url.parse(os.environ[k.upper() + '_URL'])",
    ].join("\n");
    const unset = (await settingsOf(src)).v;
    // The URLs are the deployment's: network hosts, and sslmode unknown (the query string may set it).
    expect(unset.databases.map((d) => [d.alias, d.network, d.sslmode.source])).toEqual([
      ["default", true, "unknown"],
      ["replica", true, "unknown"],
    ]);
    expect(unset.databases[0]?.hostLabel).toContain("DEFAULT_URL");
    const set = (
      await settingsOf(src, {
        DEFAULT_URL: "postgres://app@db.example.com/shop?sslmode=verify-full",
        REPLICA_URL: "postgres://app@replica.example.com/shop?sslmode=disable",
      })
    ).v;
    expect(sslmodes(set)).toEqual([
      ["default", "verify-full", "url"],
      ["replica", "disable", "url"],
    ]);
  });
});
