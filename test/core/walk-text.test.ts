/**
 * The walk's texts (issue 22): ASCII files are read into one arena and become slices of one string; the others are
 * decoded one by one. Whichever way a file went, its text must be what decoding it alone gives.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AsciiArena, walkTree } from "../../src/core/files.js";

describe("AsciiArena", () => {
  it("keeps ASCII reads, refuses others, and gives each kept file its own text across segments", () => {
    const arena = new AsciiArena(16);
    const files = ["first", "", "second one", "x".repeat(40), "third"].map((t) => ({
      t,
      f: {} as { text?: string },
    }));
    for (const { t, f } of files) {
      const b = arena.alloc(t.length + 1);
      const n = b.write(t, "latin1");
      expect(arena.keep(b.subarray(0, n), f)).toBe(true);
    }
    const other = { text: "unchanged" };
    const b = arena.alloc(8);
    const n = b.write("café", "utf8");
    expect(arena.keep(b.subarray(0, n), other), "not ASCII").toBe(false);
    expect(arena.keep(Buffer.from("abc"), other), "not the arena's").toBe(false);
    arena.finish();
    for (const { t, f } of files) expect(f.text).toBe(t);
    expect(other.text).toBe("unchanged");
  });
});

describe("walkTree texts", () => {
  let dir: string;
  beforeEach(() => {
    dir = join(tmpdir(), `ww-walk-text-${process.pid}-${Date.now()}`);
    mkdirSync(join(dir, "pkg"), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("are each file's decoded content, ASCII or not, over several arena segments", async () => {
    const big = (c: string) => `# ${c}\n${`X = "${c.repeat(60)}"\n`.repeat(45_000)}`; // ~3 MB each
    const cases: [string, Buffer, string | undefined][] = [
      ["a.py", Buffer.from("DEBUG = True\n"), "DEBUG = True\n"],
      ["empty.py", Buffer.alloc(0), ""],
      ["utf8.py", Buffer.from('NAME = "café"\n'), 'NAME = "café"\n'],
      ["bom.py", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("A = 1\n")]), "A = 1\n"],
      [
        "latin.py",
        Buffer.concat([
          Buffer.from("# -*- coding: latin-1 -*-\nN = '"),
          Buffer.from([0xe9]),
          Buffer.from("'\n"),
        ]),
        "# -*- coding: latin-1 -*-\nN = 'é'\n",
      ],
      ["bad.py", Buffer.from([0x41, 0xff, 0x42]), undefined],
      ["pkg/big1.py", Buffer.from(big("a")), big("a")],
      ["pkg/big2.py", Buffer.from(big("b")), big("b")],
      ["pkg/big3.py", Buffer.from(big("c")), big("c")],
      ["pkg/z.py", Buffer.from("Z = 'last'\n"), "Z = 'last'\n"],
    ];
    for (const [path, bytes] of cases) writeFileSync(join(dir, path), bytes);
    const walked = await walkTree(dir, { maxFileBytes: 4 * 1024 * 1024, maxFiles: 100 });
    const byPath = new Map(walked.files.map((f) => [f.path, f]));
    for (const [path, bytes, text] of cases) {
      const f = byPath.get(path);
      expect(f, path).toBeDefined();
      expect(f?.size, path).toBe(bytes.length);
      if (text === undefined) {
        expect(f?.problem, path).toBe("file is not valid UTF-8");
        expect(f?.text, path).toBeUndefined();
      } else {
        expect(f?.problem, path).toBeUndefined();
        expect(f?.text === text, path).toBe(true);
      }
    }
    expect(readFileSync(join(dir, "pkg/big2.py"), "latin1") === byPath.get("pkg/big2.py")?.text).toBe(true);
  });
});
