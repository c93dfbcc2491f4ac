/**
 * The scan's walk gives the event loop turns (so the grammar's WebAssembly, started before it, gets on), and
 * finds exactly what a walk that never yields finds, limits included.
 */
import { describe, expect, it } from "vitest";
import { walkTree } from "../../src/core/files.js";
import { tempDir } from "../helpers/cli.js";
import { writeTree } from "../helpers/tree.js";

const tree = () => {
  const files: Record<string, string> = {
    "manage.py": "import os\n",
    ".env": "DATABASE_URL=postgres://db/x\n",
  };
  for (let i = 0; i < 40; i++) {
    files[`app${i}/__init__.py`] = "";
    files[`app${i}/models.py`] = `X = ${i}\n`;
    files[`app${i}/static/a${i}.js`] = "x\n";
  }
  files["node_modules/p/settings.py"] = "DATABASES = {}\n";
  return writeTree(tempDir("ww-walk-yield-"), files);
};

describe("the walk's turns of the event loop", () => {
  it.each([
    ["default limits", {}],
    ["a file limit reached mid-walk", { maxFiles: 30 }],
    ["a size limit", { maxFileBytes: 3 }],
    ["an exclusion", { exclude: (p: string) => p.startsWith("app1") }],
  ])("change nothing it finds: %s", async (_, extra) => {
    const dir = tree();
    const limits = { maxFileBytes: 1024 * 1024, maxFiles: 100_000, ...extra };
    expect(await walkTree(dir, limits, 0)).toEqual(await walkTree(dir, limits, Number.POSITIVE_INFINITY));
  });

  it("lets what waits on the event loop run during the walk", async () => {
    const dir = tree();
    let ranDuringWalk = false;
    let walking = true;
    setImmediate(() => {
      ranDuringWalk = walking;
    });
    await walkTree(dir, undefined, 0);
    walking = false;
    expect(ranDuringWalk).toBe(true);
  });
});
