/**
 * Issue 16, item 5: one masking function for the whole tool. Every secret that reaches an output is masked by
 * src/core/redact.ts `redactSecrets` (with `known` values, a URL value or a Set-Cookie header as options), so no
 * other module may write the mask itself or replace a secret on its own: a second masker is where the next leak
 * hides. Comments may mention the mask; code may not.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, it } from "vitest";
import { redactSecrets } from "../../src/core/redact.js";
import { REPO } from "../helpers/cli.js";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** The code of a TypeScript file without its comments (line and block), strings kept. */
function codeOf(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
}

it("no module but src/core/redact.ts writes the mask or swaps a secret for it", () => {
  const offenders: string[] = [];
  for (const file of sources(join(REPO, "src"))) {
    const rel = relative(REPO, file);
    if (rel === join("src", "core", "redact.ts")) continue;
    const code = codeOf(readFileSync(file, "utf8"));
    code.split("\n").forEach((line, i) => {
      if (/\*\*\*\*/.test(line) || /\.split\([^)]*\)\.join\(\s*["'`]\*/.test(line))
        offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
    });
  }
  expect(offenders).toEqual([]);
});

it("the one function covers what the separate maskers did: known values, URL values, Set-Cookie values", () => {
  // A known password anywhere (what fix, the upstream session and psql did on their own).
  expect(redactSecrets("FATAL: password s3cr3t-Pw rejected", { known: ["s3cr3t-Pw"] })).toBe(
    "FATAL: password **** rejected",
  );
  // Longest first: a secret that contains another is masked whole.
  expect(redactSecrets("abc abcdef", { known: ["abc", "abcdef"] })).toBe("**** ****");
  // A URL value: the password runs to the last `@`; query passwords to the next `&` or `#`, quotes and all.
  expect(redactSecrets("postgres://u:p@ss@db:5432/x?sslpassword=a'b c&sslmode=require", { url: true })).toBe(
    "postgres://u:****@db:5432/x?sslpassword=****&sslmode=require",
  );
  // A Set-Cookie header: the value goes, the attributes stay.
  expect(redactSecrets("sessionid=abc123; Path=/; HttpOnly", { cookie: true })).toBe(
    "sessionid=****; Path=/; HttpOnly",
  );
});
