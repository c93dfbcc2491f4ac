/**
 * The walk's deferred files (issue 22): a Python file that holds none of PYTHON_NEEDLES — as git grep saw it
 * (`--diff-base`), or as the walk's own search of the bytes it read found it (any scan) — is listed but read only
 * when its text, problem or size is asked for, and then exactly as the walk would have read it.
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  AsciiArena,
  DEFAULT_LIMITS,
  deferredCounts,
  isDeferred,
  isReadable,
  problemOf,
  type SourceFile,
  undefer,
  walkTree,
} from "../../src/core/files.js";
import { needlesOf } from "../../src/core/needle-scan.js";
import { setPrefilters } from "../../src/core/prefilter.js";
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

afterEach(() => setPrefilters(true));

describe("deferred files", () => {
  it("are listed, read only when asked, and read as the walk reads", async () => {
    const root = tree();
    const limits = { ...DEFAULT_LIMITS, maxFileBytes: 100 };
    // The reference: every file read, none deferred (the pre-filters' switch turns the walk's own deferral off).
    setPrefilters(false);
    const full = byPath((await walkTree(root, limits)).files);
    setPrefilters(true);
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

describe("the walk's own deferral (any scan)", () => {
  const files: [string, string | Buffer, "deferred" | "text"][] = [
    ["app/models.py", "class A:\n    name = 'x'\n", "deferred"],
    ["app/settings.py", "DATABASES = {}\n", "text"],
    ["app/urls.py", "URL = 'postgres://db/x'\n", "text"], // ://, a literal of the URL search
    ["app/noqa.py", "x = 1  # wirewarden: ignore[WW101]\n", "text"],
    ["app/debug.py", "import logging\nlogging.debug('x')\n", "deferred"], // DEBUG as written only
    [
      "app/migrations/0002_hba.py",
      "SQL = \"set cluster setting Server.Host_Based_Authentication.Configuration = ''\"\n",
      "text",
    ],
    ["app/upper.py", "X = 'HOST_BASED_AUTHENTICATION'\n", "text"],
    ["app/latin.py", Buffer.from("# caf\xe9\nclass B: pass\n", "latin1"), "text"], // not ASCII: decoded as ever
    ["app/empty.py", "", "deferred"],
    ["deploy/app.yaml", "name: x\n", "text"], // only Python files are deferred
  ];

  function fixture(): string {
    const root = tempDir("ww-arena-deferral-");
    for (const [path, body] of files) {
      mkdirSync(join(root, path, ".."), { recursive: true });
      writeFileSync(join(root, path), body);
    }
    return root;
  }

  it.each(files)("%s: %s", async (path, _body, fate) => {
    const walked = byPath((await walkTree(fixture())).files).get(path) as SourceFile;
    setPrefilters(false);
    const reference = byPath((await walkTree(fixture())).files).get(path) as SourceFile;
    setPrefilters(true);
    expect(isDeferred(walked)).toBe(fate === "deferred");
    expect(isDeferred(reference)).toBe(false);
    // Deferred or not, its text is what the walk reads without the deferral (a deferred one reads it then).
    expect(walked.text).toBe(reference.text);
    expect(problemOf(walked)).toBe(problemOf(reference));
  });

  it("files moved together across arena segments keep their own text; deferred ones lose nothing", () => {
    const needles = needlesOf(["DATABASES", "://"], ["host_based_authentication"]);
    const arena = new AsciiArena(64, needles);
    const texts = [
      "a = 1\n", // deferred
      "DATABASES = {}\n",
      "b = 2\n".repeat(5), // deferred
      "u = 'http://x'\n",
      "X = 'Host_Based_Authentication'\n", // folded while looked at: read again
      "DATABA", // a needle running into the next file counts for the first: kept (a superset, never fewer)
      "SES = 1\n",
      "c = 3\n".repeat(12), // over the 64-byte segment: a buffer of its own
      "DATABASES = 2\n",
    ];
    const fates: string[] = texts.map(() => "pending");
    const kept = texts.map((text, i) => {
      const room = arena.alloc(text.length);
      room.write(text, "latin1");
      const file: { text?: string } = {};
      const later = {
        defer: () => {
          fates[i] = "deferred";
        },
        reread: () => {
          fates[i] = "reread";
        },
      };
      expect(arena.keep(room.subarray(0, text.length), file, later)).toBe(true);
      return file;
    });
    arena.finish();
    texts.forEach((text, i) => {
      if (fates[i] === "pending") {
        fates[i] = "text";
        expect(kept[i]?.text, `file ${i}`).toBe(text);
      } else expect(kept[i]?.text, `file ${i}`).toBeUndefined();
    });
    expect(fates).toEqual([
      "deferred",
      "text",
      "deferred",
      "text",
      "reread",
      "text",
      "deferred",
      "deferred",
      "text",
    ]);
  });

  it("with the pre-filters off, nothing is deferred", async () => {
    setPrefilters(false);
    const walked = (await walkTree(fixture())).files;
    expect(walked.filter(isDeferred)).toEqual([]);
  });
});
