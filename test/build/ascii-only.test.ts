/**
 * The one-file build is written as ASCII (scripts/ascii-only.mjs): each escape must mean what the character did,
 * wherever it stands, and a tagged template, where it would not, must stop the build.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { parseAst } from "rolldown/parseAst";
import { describe, expect, it } from "vitest";
// @ts-expect-error a build script, plain JavaScript
import { asciiOnly } from "../../scripts/ascii-only.mjs";
import { REPO } from "../helpers/cli.js";

const toAscii = (code: string): string => asciiOnly(code, (text: string) => parseAst(text));

describe("asciiOnly", () => {
  it.each([
    ["a string", '"é → …"'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal
    ["a template with a substitution", "`${1 + 1} → ok…`"],
    ["a regular expression", '/^a→b$/.test("a→b") && !/^a→b$/.test("ab")'],
    ["a regular expression with the u flag and an astral character", '/^😀+$/u.test("😀😀")'],
    ["an astral character in a string", '"😀".length'],
    ["a comment beside code", '/* → */ "x" // …'],
    ["an identifier", "(() => { const café = 2; return café * 3; })()"],
    ["a character class", '"x→y".replace(/[→…]/g, "-")'],
  ])("%s means the same escaped", (_what, code) => {
    const escaped = toAscii(code);
    expect(escaped).toMatch(/^[\x20-\x7e]*$/);
    expect(runInNewContext(escaped)).toEqual(runInNewContext(code));
  });

  it("leaves an ASCII build as it is", () => {
    const code = 'const a = "plain";\n';
    expect(toAscii(code)).toBe(code);
  });

  it("refuses a tagged template holding a non-ASCII character, naming its line", () => {
    expect(() => toAscii("const a = 1;\nconst b = String.raw`→`;\n")).toThrow(/line 2 .*tagged template/);
  });
});

describe("the built file", () => {
  it("is ASCII", () => {
    const build = readFileSync(join(REPO, "dist", "cli", "wirewarden.cjs"));
    expect(build.findIndex((b) => b > 0x7f)).toBe(-1);
  });
});
