import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../src/core/redact.js";

describe("redactSecrets", () => {
  it.each([
    ["postgresql://app:hunter2@db:26257/shop", "postgresql://app:****@db:26257/shop"],
    ["cockroachdb://root:p@ss@db.example.com/defaultdb", "cockroachdb://root:****@db.example.com/defaultdb"],
    ["url postgres://:only-pass@db/x and more", "url postgres://:****@db/x and more"],
    ["host=db password=hunter2 sslmode=require", "host=db password=**** sslmode=require"],
    ["?sslmode=require&password=hunter2&x=1", "?sslmode=require&password=****&x=1"],
    ["PGPASSWORD=hunter2", "PGPASSWORD=****"],
    ["DB_PASSWORD = 'hunter 2'", "DB_PASSWORD = '****'"],
    [`'PASSWORD': 'hunter2'`, `'PASSWORD': '****'`],
    [`{"password": "hunter2"}`, `{"password": "****"}`],
    ["password: 'hunter2'", "password: '****'"],
    ["SECRET_KEY=abc123", "SECRET_KEY=****"],
  ])("masks %s", (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it.each([
    "postgresql://app@db.example.com:26257/shop",
    "postgresql://db.example.com:26257/shop?sslmode=verify-full",
    "'PASSWORD': os.environ['DB_PASSWORD']",
    "password=os.getenv('DB_PASSWORD')",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable reference, not a template
    "PGPASSWORD=${DB_PASSWORD}",
    "'PASSWORD': ''",
    "a literal non-empty PASSWORD in a scanned file",
    "AUTH_PASSWORD_VALIDATORS = [",
    "sslmode=require; CONN_MAX_AGE=600",
  ])("leaves %s alone", (input) => {
    expect(redactSecrets(input)).toBe(input);
  });

  it("stays linear on long identifier-like input", () => {
    const long = `${"a.b-c_d".repeat(20_000)} password=hunter2 ${"x".repeat(100_000)}`;
    const start = performance.now();
    expect(redactSecrets(long)).toContain(" password=**** ");
    expect(performance.now() - start).toBeLessThan(1_000);
  });

  it("is idempotent", () => {
    const once = redactSecrets("postgresql://a:b@h/x password=c 'PASSWORD': 'd'");
    expect(redactSecrets(once)).toBe(once);
    expect(once).toBe("postgresql://a:****@h/x password=**** 'PASSWORD': '****'");
  });
});
