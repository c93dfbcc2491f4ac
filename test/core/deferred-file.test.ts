/**
 * The walk's deferred files (issue 22, `--diff-base`): a Python file git grep saw none of PYTHON_NEEDLES in is listed
 * but read only when its text, problem or size is asked for, and then exactly as the walk would have read it.
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_LIMITS,
  deferredCounts,
  isDeferred,
  isReadable,
  problemOf,
  type SourceFile,
  undefer,
  walkTree,
} from "../../src/core/files.js";
import { tempDir } from "../helpers/cli.js";

function tree(): string {
  const root = tempDir("ww-deferred-walk-");
  mkdirSync(join(root, "app"));
  writeFileSync(join(root, "app", "models.py"), "class A: pass\n");
  writeFileSync(join(root, "app", "broken.py"), Buffer.from([0x41, 0xff, 0x0a]));
  writeFileSync(join(root, "app", "big.py"), `# ${"x".repeat(200)}\n`);
  writeFileSync(join(root, "app", "settings.py"), "DEBUG = False\n");
  writeFileSync(join(root, "app", "deploy.sh"), "echo hi\n");
  return root;
}

const byPath = (files: SourceFile[]) => new Map(files.map((f) => [f.path, f]));

describe("deferred files", () => {
  it("are listed, read only when asked, and read as the walk reads", async () => {
    const root = tree();
    const limits = { ...DEFAULT_LIMITS, maxFileBytes: 100 };
    const full = byPath((await walkTree(root, limits)).files);
    const deferredSet = new Set(["app/models.py", "app/broken.py", "app/big.py", "app/deploy.sh"]);
    const before = deferredCounts();
    const walked = byPath(
      (await walkTree(root, { ...limits, deferred: Promise.resolve(deferredSet) })).files,
    );
    // Only Python files are deferred; the rest of the set is read as usual.
    expect(
      [...walked.values()]
        .filter(isDeferred)
        .map((f) => f.path)
        .sort(),
    ).toEqual(["app/big.py", "app/broken.py", "app/models.py"]);
    expect(deferredCounts().made - before.made).toBe(3);
    expect(deferredCounts().read - before.read).toBe(0);
    const models = walked.get("app/models.py") as SourceFile;
    expect(isReadable(models)).toBe(true);
    expect(problemOf(models)).toBeUndefined();
    expect(models.text).toBe(full.get("app/models.py")?.text);
    // A copy reads the file rather than losing its text.
    expect({ ...models }.text).toBe("class A: pass\n");
    expect(deferredCounts().read - before.read).toBe(1);
    // Problems appear once read, worded as the walk's.
    const broken = walked.get("app/broken.py") as SourceFile;
    expect(problemOf(broken)).toBeUndefined();
    expect(broken.text).toBeUndefined();
    expect(problemOf(broken)).toBe(full.get("app/broken.py")?.problem);
    const big = walked.get("app/big.py") as SourceFile;
    expect(big.problem).toBe(full.get("app/big.py")?.problem);
    expect(big.problem).toMatch(/over the .* limit/);
    // Once undeferred, an ordinary file: every reader reads it.
    undefer(big);
    expect(isDeferred(big)).toBe(false);
    expect(problemOf(big)).toBe(full.get("app/big.py")?.problem);
    expect(Object.keys(big).sort()).toEqual(["mode", "path", "problem", "size", "uid"]);
    undefer(models);
    expect(isDeferred(models)).toBe(false);
    expect(models.text).toBe("class A: pass\n");
  });

  it("a file that became a link after the listing is not followed when read", async () => {
    const root = tree();
    const walked = byPath(
      (await walkTree(root, { ...DEFAULT_LIMITS, deferred: new Set(["app/models.py"]) })).files,
    );
    const outside = tempDir("ww-deferred-outside-");
    writeFileSync(join(outside, "secret.py"), "TOKEN = 1\n");
    rmSync(join(root, "app", "models.py"));
    symlinkSync(join(outside, "secret.py"), join(root, "app", "models.py"));
    const models = walked.get("app/models.py") as SourceFile;
    expect(models.text).toBeUndefined();
    expect(problemOf(models)).toMatch(/replaced|link/);
  });
});
