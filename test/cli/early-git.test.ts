/**
 * The loader starts `scan --diff-base`'s git commands before the build loads (src/cli/early-git.ts): it reads the
 * scanned directory and the ref off the command line, which must agree with what the scan command itself parses,
 * and the scan takes the answers only for that directory and ref.
 */
import { describe, expect, it } from "vitest";
import { changedLines, unquoted } from "../../src/cli/diff-base.js";
import { diffBaseScan, SCAN_VALUE_OPTIONS, startEarlyGit, takeEarlyGit } from "../../src/cli/early-git.js";
import { buildProgram } from "../../src/cli/program.js";
import { tempDir } from "../helpers/cli.js";

describe("early git for scan --diff-base", () => {
  it("knows every scan option that takes a value (so that it never takes a value for the directory)", () => {
    const program = buildProgram(
      { stdout: () => {}, stderr: () => {}, stdoutIsTty: false, stderrIsTty: false, env: {} },
      () => {},
    );
    const scan = program.commands.find((c) => c.name() === "scan");
    const valued = (scan?.options ?? [])
      .filter((o) => o.required || o.optional)
      .flatMap((o) => [o.long, o.short].filter((x): x is string => x !== undefined));
    expect(valued.length).toBeGreaterThan(10);
    // bin/wirewarden hands --env-file over as --wirewarden-env-file.
    expect(new Set([...valued, "--wirewarden-env-file"])).toEqual(SCAN_VALUE_OPTIONS);
  });

  it.each([
    [["scan", ".", "--diff-base", "main"], { dir: ".", ref: "main" }],
    [["scan", "--diff-base=origin/main", "repo"], { dir: "repo", ref: "origin/main" }],
    [
      ["scan", "--format", "json", "-o", "out.json", "--diff-base", "HEAD~1", "proj"],
      { dir: "proj", ref: "HEAD~1" },
    ],
    [
      ["scan", "--settings", "shop.settings", "--quiet", "proj", "--diff-base", "HEAD"],
      { dir: "proj", ref: "HEAD" },
    ],
    [["scan", "--format=json", "--", "-odd-dir", "--diff-base", "x"], { dir: "-odd-dir", ref: undefined }],
    [["scan", "proj"], undefined],
    [["scan", "--diff-base", "main"], undefined],
    [["probe", "db:26257", "--diff-base", "main"], undefined],
  ] as const)("%j -> %j", (argv, expected) => {
    const got = diffBaseScan(argv);
    if (expected === undefined || expected.ref === undefined) expect(got).toBeUndefined();
    else expect(got).toEqual(expected);
  });

  it("hands its answers over once, and only for the same directory and ref", async () => {
    const dir = tempDir("ww-early-");
    startEarlyGit(["scan", dir, "--diff-base", "HEAD"]);
    expect(takeEarlyGit(dir, "main")).toBeUndefined();
    startEarlyGit(["scan", dir, "--diff-base", "HEAD"]);
    const early = takeEarlyGit(`${dir}/.`, "HEAD");
    expect(early?.ref).toBe("HEAD");
    expect(takeEarlyGit(dir, "HEAD")).toBeUndefined();
    // Not a repository: git grep cannot say (every file is read), and git diff is refused as the scan would be.
    expect(await early?.unneeded).toBeUndefined();
    await expect(early?.changed).rejects.toThrow(/--diff-base/);
    await expect(changedLines(dir, "HEAD")).rejects.toThrow(/--diff-base/);
  });

  it.each([
    ["b/shop/settings.py", "b/shop/settings.py"],
    ['"b/caf\\303\\251/settings.py"', "b/café/settings.py"],
    ['"b/tab\\there.py"', "b/tab\there.py"],
    ['"b/quote\\"d.py"', 'b/quote"d.py'],
    ['"b/back\\\\slash.py"', "b/back\\slash.py"],
  ])("a path git quotes: %s", (given, expected) => {
    expect(unquoted(given)).toBe(expected);
  });
});
