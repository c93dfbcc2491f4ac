import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../src/core/redact.js";

const SECRET = "Zq7";

describe("redactSecrets: the one masking function, on the shapes a hostile tester found printed", () => {
  it.each([
    ["a URL password with a single quote", `postgres://app:${SECRET}'x@db.internal:5432/shop`],
    ["a URL password with a double quote", `postgres://app:${SECRET}"x@db.internal/shop`],
    ["a URL password with a backtick", `postgres://app:${SECRET}\`x@db.internal/shop`],
    ["a URL password with a space", `postgres://app:${SECRET} x@db.internal/shop`],
    ["user:password@host:port without a scheme", `not a URL or host:port: app:${SECRET}x@db.internal:5432`],
    ["a keyword DSN", `not a URL or host:port: host=db.internal password=${SECRET}x dbname=shop`],
    ["a .env URL with a quote in the password", `DATABASE_URL=postgres://app:${SECRET}'x@db.internal/shop`],
    ["a password built by concatenation", `    "PASSWORD": "${SECRET}" + "tail",`],
    ["a password built by concatenation, second part", `    "PASSWORD": "head" + "${SECRET}",`],
  ])("%s", (_name, text) => {
    const out = redactSecrets(text);
    expect(out).not.toContain(SECRET);
    expect(out).toContain("****");
    // Idempotent: masking twice gives what masking once gave.
    expect(redactSecrets(out)).toBe(out);
  });

  it("leaves text without secrets alone", () => {
    for (const text of [
      "postgres://app@db.internal:5432/shop?sslmode=verify-full",
      "db.internal:5432",
      'HOST = os.environ["DB_HOST"]',
      "see https://docs.example.com/a@b for details",
    ])
      expect(redactSecrets(text)).toBe(text);
  });
});

describe("stderr passes the same masking on its way out", () => {
  it.each([
    ["user:password@host:port", "app:Zq7x@127.0.0.1:1"],
    ["a keyword DSN", "host=127.0.0.1 port=1 password=Zq7x"],
  ])("probe with %s in a target: the error names it masked", async (_name, target) => {
    const { cli } = await import("../helpers/cli.js");
    const r = await cli(["probe", target, "--timeout", "500"]);
    expect(r.code).toBe(2);
    expect(r.stderr + r.stdout).not.toContain("Zq7x");
  });
});
