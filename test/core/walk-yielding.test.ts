/**
 * The scan's walk gives the event loop turns (so the grammar's WebAssembly, started before it, gets on), and
 * finds exactly what the synchronous walk finds, limits included.
 */
import { describe, expect, it } from "vitest";
import { walkTree, walkTreeYielding } from "../../src/core/files.js";
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

describe("walkTreeYielding", () => {
  it.each([
    ["default limits", {}],
    ["a file limit reached mid-walk", { maxFiles: 30 }],
    ["a size limit", { maxFileBytes: 3 }],
    ["an exclusion", { exclude: (p: string) => p.startsWith("app1") }],
  ])("finds what walkTree finds: %s", async (_, extra) => {
    const dir = tree();
    const limits = { maxFileBytes: 1024 * 1024, maxFiles: 100_000, ...extra };
    expect(await walkTreeYielding(dir, limits, 0)).toEqual(walkTree(dir, limits));
  });

  it("lets what waits on the event loop run during the walk", async () => {
    const dir = tree();
    let ranDuringWalk = false;
    let walking = true;
    setImmediate(() => {
      ranDuringWalk = walking;
    });
    await walkTreeYielding(dir, undefined, 0);
    walking = false;
    expect(ranDuringWalk).toBe(true);
  });
});
