/**
 * Fuzz: database URLs — the parser (src/django/database-url.ts parseDatabaseUrl), the one masking function
 * (src/core/redact.ts redactSecrets) as the rules use it on a URL value (`{ url: true }`) and as the last-line redaction of every output
 * (src/core/redact.ts redactSecrets).
 *
 * Inputs: URLs built from parts (schemes, userinfo with `@ : %` and percent-encoded bytes, host names, IPv4,
 * bracketed IPv6, multi-host lists, Unix socket paths, ports, query strings with repeated and blank keys,
 * fragments), the same URLs mutated at the character level, random strings, and pathological inputs of 100k
 * characters (`a://` + 50,000 colons and friends, which would make a backtracking regex explode).
 *
 * Properties checked:
 * - nothing throws; parseDatabaseUrl returns undefined or a complete record, and reads back exactly the parts a
 *   URL was built from (user, password, host, port, database name; repeated query keys last-wins or first-wins);
 * - every redaction is idempotent (redacting twice changes nothing more);
 * - a password in the userinfo, or in `password=` / `sslpassword=` of the query, never survives redaction, for
 *   random passwords without the characters that end that part of the URL (and, for free text, without
 *   whitespace and quotes, which end a URL there); the rest of the URL is kept as it was;
 * - each call on a 100k-character pathological input takes well under a second.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../src/core/redact.js";
import { parseDatabaseUrl } from "../../src/django/database-url.js";
import { plan, timed } from "./fuzz.js";

const SEED = 0x75726c31;

const scheme = fc.oneof(
  fc.constantFrom(
    "postgres",
    "postgresql",
    "pgsql",
    "postgis",
    "cockroach",
    "cockroachdb",
    "mysql",
    "sqlite",
  ),
  fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9+.-]{0,10}$/),
);
/** Percent-encoded, as a URL carries any byte: the decoded text is what the parts were. */
const encoded = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
const userText = fc.string({ maxLength: 12 });
const hostName = fc.oneof(
  fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?(\.[a-z0-9]{1,6}){0,3}$/),
  fc.ipV4(),
  fc.constantFrom("localhost", "db.example.com", "crdb-0.crdb.svc.cluster.local"),
);
const host = fc.oneof(
  hostName.map((h) => ({ text: h, host: h })),
  fc.ipV6().map((h) => ({ text: `[${h}]`, host: h.toLowerCase() })),
  fc.constant({ text: "%2Fvar%2Frun%2Fpostgresql", host: "/var/run/postgresql" }),
  fc.constant({ text: "", host: "" }),
);
const port = fc.option(fc.integer({ min: 0, max: 65535 }).map(String), { nil: "" });
const queryKey = fc.constantFrom(
  "sslmode",
  "sslrootcert",
  "application_name",
  "conn_max_age",
  "options",
  "x",
);
const queryValue = fc.oneof(
  fc.constantFrom("verify-full", "require", "disable", "", "/certs/ca.crt"),
  fc.string({ maxLength: 8 }),
);

interface Built {
  url: string;
  scheme: string;
  user: string;
  password: string | undefined;
  host: string;
  port: string;
  name: string;
  query: [string, string][];
}

/** A URL and the parts it was built from. */
const builtUrl: fc.Arbitrary<Built> = fc
  .record({
    scheme,
    user: userText,
    password: fc.option(fc.string({ maxLength: 16 }), { nil: undefined }),
    host,
    port,
    name: fc.string({ maxLength: 10 }),
    query: fc.array(fc.tuple(queryKey, queryValue), { maxLength: 5 }),
  })
  .map((p) => {
    const userinfo =
      p.user === "" && p.password === undefined
        ? ""
        : `${encoded(p.user)}${p.password === undefined ? "" : `:${encoded(p.password)}`}@`;
    const hostport = p.port === "" ? p.host.text : `${p.host.text}:${p.port}`;
    const query = p.query.length > 0 ? `?${p.query.map(([k, v]) => `${k}=${encoded(v)}`).join("&")}` : "";
    return {
      url: `${p.scheme}://${userinfo}${hostport}/${encoded(p.name)}${query}`,
      scheme: p.scheme.toLowerCase(),
      user: p.user,
      password: p.password,
      host: p.host.host,
      port: p.port,
      name: p.name,
      query: p.query,
    };
  });

/** A few character edits, so that the parsers also see almost-URLs. */
const mutatedUrl = fc
  .tuple(
    builtUrl,
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.constantFrom("", "@", ":", "/", "?", "#", "%", "[", "]", "&", "=", " ", "\n", "%zz"),
      ),
      {
        minLength: 1,
        maxLength: 4,
      },
    ),
  )
  .map(([b, edits]) => {
    let s = b.url;
    for (const [at, chunk] of edits) {
      const i = at % (s.length + 1);
      s = chunk === "" ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i) + chunk + s.slice(i);
    }
    return s;
  });

const anyUrlish = fc.oneof(
  builtUrl.map((b) => b.url),
  mutatedUrl,
  fc.string({ maxLength: 120 }),
  fc.string({ unit: "binary", maxLength: 60 }),
);

const redactDatabaseUrl = (s: string) => redactSecrets(s, { url: true });

const REDACTORS: [string, (s: string) => string][] = [
  ["redactSecrets (a URL value)", redactDatabaseUrl],
  ["redactSecrets", (s) => redactSecrets(s)],
];

/** A password of at least 8 characters from `alphabet`, with letters in it (so it is not found by chance). */
const password = (alphabet: string) =>
  fc
    .string({ unit: fc.constantFrom(...alphabet), minLength: 8, maxLength: 24 })
    .filter((p) => /[A-Za-z0-9]{3}/.test(p));
/** Characters a userinfo password may hold; `@` and `:` included (the userinfo runs to the last `@`). */
const USERINFO_CHARS = "abcdefXYZ0189!$&'()*+,;=-._~%@:";

describe("fuzz: database URL parsing and redaction", () => {
  const total = plan(SEED, 1500, 2);
  it(
    "never throws; a parsed URL is a complete record; redaction is idempotent",
    () => {
      fc.assert(
        fc.property(anyUrlish, (s) => {
          const parsed = parseDatabaseUrl(s);
          const first = parseDatabaseUrl(s, "first");
          if (parsed) {
            for (const k of ["scheme", "name", "user", "password", "host", "port"] as const)
              expect(typeof parsed[k]).toBe("string");
            expect(parsed.scheme).toMatch(/^[a-z][a-z0-9+.-]*$/);
            expect(parsed.options).toBeInstanceOf(Map);
            for (const v of parsed.options.values()) expect(v).not.toBe("");
            expect(first?.options.size).toBe(parsed.options.size);
          } else expect(first).toBeUndefined();
          for (const [name, redact] of REDACTORS) {
            const once = redact(s);
            expect(redact(once), name).toBe(once);
          }
        }),
        total.params,
      );
    },
    total.timeout,
  );

  const readBack = plan(SEED + 1, 1000, 2);
  it(
    "reads back the parts a URL was built from",
    () => {
      fc.assert(
        fc.property(builtUrl, (b) => {
          const p = parseDatabaseUrl(b.url);
          expect(p).toBeDefined();
          if (!p) return;
          expect(p.scheme).toBe(b.scheme);
          expect(p.user).toBe(b.user);
          expect(p.password).toBe(b.password ?? "");
          expect(p.host).toBe(b.host);
          expect(p.port).toBe(b.port);
          expect(p.name).toBe(b.name);
          // Blank values are dropped; a repeated key keeps its last value (dj-database-url) or first (environ).
          const last = new Map<string, string>();
          const firstWins = new Map<string, string>();
          for (const [k, v] of b.query) {
            if (v === "") continue;
            last.set(k, v);
            if (!firstWins.has(k)) firstWins.set(k, v);
          }
          expect(p.options).toEqual(last);
          expect(parseDatabaseUrl(b.url, "first")?.options).toEqual(firstWins);
        }),
        readBack.params,
      );
    },
    readBack.timeout,
  );

  const secrets = plan(SEED + 2, 1000, 3);
  it(
    "a password in the userinfo never survives redaction, and the rest of the URL stays as written",
    () => {
      fc.assert(
        fc.property(
          scheme,
          fc.stringMatching(/^[a-z_.-]{0,8}$/),
          password(USERINFO_CHARS),
          host,
          port,
          fc.constantFrom("", "/db", "/db?sslmode=require", "/db?sslmode=disable&application_name=x#frag"),
          (s, user, pw, h, p, rest) => {
            const authority = `${h.text}${p === "" ? "" : `:${p}`}`;
            fc.pre(!`${s}://${user}@${authority}${rest}`.includes(pw));
            const url = `${s}://${user}:${pw}@${authority}${rest}`;
            // The rules' redaction: the password runs to the last `@` of the authority.
            expect(redactDatabaseUrl(url)).toBe(`${s}://${user}:****@${authority}${rest}`);
            // Free text: whitespace and quotes end a URL there; a leading `$` reads as a variable, not a secret.
            if (!/['"`]/.test(pw) && !pw.startsWith("$")) {
              const line = `DATABASE_URL=${url} # the production database`;
              const out = redactSecrets(line);
              expect(out).not.toContain(pw);
              expect(out).toContain(`${authority}${rest}`);
            }
          },
        ),
        secrets.params,
      );
    },
    secrets.timeout,
  );

  const query = plan(SEED + 3, 1000, 3);
  it(
    "a password= / sslpassword= in the query string never survives redaction, repeated or not",
    () => {
      fc.assert(
        fc.property(
          scheme,
          host,
          fc.constantFrom("password", "PASSWORD", "sslpassword", "Password"),
          password("abcdefXYZ0189!$'()*+,;-._~%@:/?="),
          fc.constantFrom("", "&sslmode=require", "&password=again123", "#frag"),
          (s, h, key, pw, tail) => {
            const url = `${s}://app@${h.text}/db?sslmode=disable&${key}=${pw}${tail}`;
            fc.pre(!url.replace(`=${pw}`, "=").includes(pw));
            const out = redactDatabaseUrl(url);
            expect(out).not.toContain(pw);
            expect(out).not.toContain("again123");
            expect(out).toContain(`${key}=****`);
            // Free text: a bare value ends at quotes and at `& ; , ( )`, as in the code and shells it is found in.
            if (!pw.startsWith("$") && !/['"`&;,()]/.test(pw)) expect(redactSecrets(url)).not.toContain(pw);
          },
        ),
        query.params,
      );
    },
    query.timeout,
  );

  const dsn = plan(SEED + 4, 1000, 2);
  it(
    "a password= in a libpq DSN never survives redactSecrets",
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom("password", "PGPASSWORD", "sslpassword", "db_password"),
          password("abcdefXYZ0189!*+-._~%@:/?").filter((p) => !p.startsWith("$")),
          fc.constantFrom("", "'", '"'),
          (key, pw, quote) => {
            const text = `host=db.example.com ${key}=${quote}${pw}${quote} sslmode=verify-full`;
            const out = redactSecrets(text);
            expect(out).not.toContain(pw);
            expect(out).toContain("sslmode=verify-full");
          },
        ),
        dsn.params,
      );
    },
    dsn.timeout,
  );

  const N = 100_000;
  const PATHOLOGICAL: [string, string][] = [
    ["a:// and 50,000 colons", `a://${":".repeat(50_000)}`],
    ["a:// and 100k colons, no @", `a://${":".repeat(N)}x`],
    ["a:// and 100k @", `a://${"@".repeat(N)}`],
    ["alternating @:", `a://${"@:".repeat(N / 2)}`],
    ["a:// repeated", "a://".repeat(N / 4)],
    ["a:// : repeated", "a:// :".repeat(N / 6)],
    ["a 100k-letter scheme", `${"a".repeat(N)}://x:y@z`],
    ["a 100k-letter scheme, no //", `${"a".repeat(N)}:`],
    ["password= repeated", "password=".repeat(N / 9)],
    ["password. repeated", "password.".repeat(N / 9)],
    ["'password': repeated", "'password': ".repeat(N / 12)],
    ["dashes then password", `${"-".repeat(N)}password`],
    ["a query of 9,000 password=x", `postgres://h/db?${"password=x&".repeat(N / 11)}`],
    ["a query of 100k &", `postgres://h/db?${"&".repeat(N)}`],
    ["100k %", `postgres://${"%".repeat(N)}@h/%`],
    ["an unclosed IPv6 bracket", `postgres://[${":".repeat(N)}`],
    ["100k spaces in the userinfo", `postgres://u:${" ".repeat(N)}@`],
    ["6,000 URLs in a line", "postgres://x:y@h ".repeat(N / 17)],
    ["100k slashes", `postgres:${"/".repeat(N)}`],
    ["password and 100k spaces", `password${" ".repeat(N)}x`],
    ["pwd_ repeated, then =", `${"pwd_".repeat(N / 4)}= x`],
  ];

  it.each(PATHOLOGICAL)("bounded time on %s", (_name, input) => {
    const calls: [string, (s: string) => unknown][] = [
      ["parseDatabaseUrl", (s) => parseDatabaseUrl(s)],
      ...REDACTORS,
    ];
    for (const [name, call] of calls) {
      const { value, ms } = timed(() => call(input));
      expect(ms, name).toBeLessThan(1_000);
      if (typeof value === "string") expect(call(value)).toBe(value);
    }
  });
});
