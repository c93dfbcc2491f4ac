/**
 * What the walk never descends (issue 20's "sane defaults"): a virtualenv by any name (found by its pyvenv.cfg),
 * package metadata and build caches — while a directory merely named like one of them, without the marker, is read.
 */
import { describe, expect, it } from "vitest";
import { walkTree } from "../../src/core/files.js";
import { tempDir } from "../helpers/cli.js";
import { writeTree } from "../helpers/tree.js";

const SETTINGS = 'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db"}}\n';

describe("walkTree's default skips", () => {
  it.each([
    ["env/pyvenv.cfg", "env/lib/python3.11/site/settings.py", false],
    [".direnv/python-3.11/pyvenv.cfg", ".direnv/python-3.11/lib/settings.py", false],
    ["shop.egg-info/PKG-INFO", "shop.egg-info/settings.py", false],
    [".eggs/README.txt", ".eggs/x/settings.py", false],
    ["htmlcov/index.html", "htmlcov/settings.py", false],
    // Named like a virtualenv but without pyvenv.cfg: deployment env files live in such folders.
    ["env/README", "env/settings.py", true],
  ])("%s beside %s: read = %s", async (marker, settings, read) => {
    const dir = writeTree(tempDir("ww-walk-"), {
      [marker]: "x\n",
      [settings]: SETTINGS,
      "shop/settings.py": SETTINGS,
    });
    const paths = (await walkTree(dir)).files.map((f) => f.path);
    expect(paths).toContain("shop/settings.py");
    expect(paths.includes(settings)).toBe(read);
  });

  it("a scanned root that is itself a virtualenv is still read (the user pointed at it)", async () => {
    const dir = writeTree(tempDir("ww-walk-"), { "pyvenv.cfg": "home = /usr\n", "settings.py": SETTINGS });
    expect((await walkTree(dir)).files.map((f) => f.path)).toContain("settings.py");
  });
});
