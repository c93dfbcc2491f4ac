import { execFileSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { replaceFileAtomically } from "../../src/fix/atomic-write.js";
import { applyEdits } from "../../src/fix/text-edit.js";
import { unifiedDiff } from "../../src/fix/unified-diff.js";
import { cli } from "../helpers/cli.js";

/** Applies a unified diff the way `patch` does (exact context), to check the diff against the text it came from. */
function applyUnified(before: string, diff: string): string {
  const lines = before.split("\n").map((l, i, all) => (i < all.length - 1 ? `${l}\n` : l));
  if (lines[lines.length - 1] === "") lines.pop();
  const out: string[] = [];
  let at = 0;
  const body = diff.split("\n").slice(2);
  for (let i = 0; i < body.length; i++) {
    const h = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$/.exec(body[i] as string);
    if (!h) continue;
    const start = Number(h[1]) - (h[2] === "0" ? 0 : 1);
    while (at < start) out.push(lines[at++] as string);
    for (i++; i < body.length && !(body[i] as string).startsWith("@@"); i++) {
      const l = body[i] as string;
      const next = body[i + 1] === "\\ No newline at end of file";
      const text = next ? l.slice(1) : `${l.slice(1)}\n`;
      if (l.startsWith(" ") || l.startsWith("-")) {
        expect(lines[at]).toBe(text);
        at++;
      }
      if (l.startsWith(" ") || l.startsWith("+")) out.push(text);
      if (next) i++;
    }
    i--;
  }
  while (at < lines.length) out.push(lines[at++] as string);
  return out.join("");
}

describe("unified diff", () => {
  it("round-trips: applying the diff to the old text gives the new one (property, 300 runs)", () => {
    const line = fc.constantFrom("a\n", "b\n", "c\n", "DATABASES = {\n", "}\n", "\n");
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 40 }),
        fc.array(line, { maxLength: 40 }),
        fc.boolean(),
        (a, b, eol) => {
          const before = a.join("") + (eol ? "x" : "");
          const after = b.join("");
          const d = unifiedDiff("f.py", before, after);
          if (before === after) return d === "";
          return applyUnified(before, d) === after;
        },
      ),
      { numRuns: 300 },
    );
  });

  it("has the `diff -u` shape: headers, hunk ranges, 3 lines of context", () => {
    const before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
    const d = unifiedDiff("shop/settings.py", before, before.replace("5\n", "five\n"));
    expect(d).toBe(
      "--- a/shop/settings.py\n+++ b/shop/settings.py\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n",
    );
  });
});

describe("edits", () => {
  it("apply in order; insertions at one point keep their order; overlaps are refused", () => {
    expect(
      applyEdits("abcdef", [
        { start: 3, end: 3, text: "X" },
        { start: 3, end: 3, text: "Y" },
        { start: 0, end: 1, text: "" },
      ]),
    ).toBe("bcXYdef");
    expect(() =>
      applyEdits("abcdef", [
        { start: 1, end: 4, text: "" },
        { start: 2, end: 3, text: "z" },
      ]),
    ).toThrow(/overlapping/);
  });
});

describe("atomic write", () => {
  it("replaces the file keeping its mode, leaves no temp file, and refuses a file that changed since it was read", () => {
    const dir = mkdtempSync(join(tmpdir(), "wirewarden-atomic-"));
    try {
      const f = join(dir, "settings.py");
      writeFileSync(f, "A = 1\n");
      chmodSync(f, 0o640);
      expect(replaceFileAtomically(dir, "settings.py", "A = 1\n", "A = 2\n")).toBeUndefined();
      expect(readFileSync(f, "utf8")).toBe("A = 2\n");
      expect(statSync(f).mode & 0o777).toBe(0o640);
      expect(replaceFileAtomically(dir, "settings.py", "A = 1\n", "A = 3\n")).toMatch(
        /changed since it was read/,
      );
      expect(readFileSync(f, "utf8")).toBe("A = 2\n");
      expect(readdirSync(dir)).toEqual(["settings.py"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps the owner and group of the file it replaces (as root, writing for another user)", () => {
    const dir = mkdtempSync(join(tmpdir(), "wirewarden-atomic-"));
    try {
      const f = join(dir, "settings.py");
      writeFileSync(f, "A = 1\n");
      // As root (CI and this machine), the file belongs to someone else, as in a bind-mounted checkout.
      if (process.getuid?.() === 0) chownSync(f, 1234, 2345);
      const { uid, gid } = statSync(f);
      expect(replaceFileAtomically(dir, "settings.py", "A = 1\n", "A = 2\n")).toBeUndefined();
      expect(readFileSync(f, "utf8")).toBe("A = 2\n");
      expect([statSync(f).uid, statSync(f).gid]).toEqual([uid, gid]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a UTF-8 byte-order mark is kept, and does not make the file look changed since it was read", () => {
    const dir = mkdtempSync(join(tmpdir(), "wirewarden-atomic-"));
    try {
      const f = join(dir, "settings.py");
      writeFileSync(f, "\uFEFFA = 1\n");
      // The walker decodes without the BOM: that is the text the plan was made from.
      expect(replaceFileAtomically(dir, "settings.py", "A = 1\n", "A = 2\n")).toBeUndefined();
      expect(readFileSync(f, "utf8")).toBe("\uFEFFA = 2\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("never writes through a symbolic link swapped in after the read: a directory or the file itself", () => {
    const base = mkdtempSync(join(tmpdir(), "wirewarden-atomic-"));
    try {
      const root = join(base, "repo");
      const outside = join(base, "outside");
      mkdirSync(join(root, "conf"), { recursive: true });
      mkdirSync(outside);
      // What the scan read: repo/conf/settings.py. Then conf/ is swapped for a link to a directory outside the
      // root that holds a file with the very same text.
      writeFileSync(join(outside, "settings.py"), "A = 1\n");
      symlinkSync(outside, join(root, "conf-link"));
      rmSync(join(root, "conf"), { recursive: true });
      renameSync(join(root, "conf-link"), join(root, "conf"));
      expect(replaceFileAtomically(root, "conf/settings.py", "A = 1\n", "A = 2\n")).toMatch(
        /^conf is now a symbolic link: not written through$/,
      );
      expect(readFileSync(join(outside, "settings.py"), "utf8")).toBe("A = 1\n");
      expect(readdirSync(outside)).toEqual(["settings.py"]);

      // The file itself swapped for a link to the outside file.
      writeFileSync(join(root, "settings.py"), "A = 1\n");
      rmSync(join(root, "settings.py"));
      symlinkSync(join(outside, "settings.py"), join(root, "settings.py"));
      expect(replaceFileAtomically(root, "settings.py", "A = 1\n", "A = 2\n")).toMatch(/symbolic link/);
      expect(readFileSync(join(outside, "settings.py"), "utf8")).toBe("A = 1\n");
      expect(lstatSync(join(root, "settings.py")).isSymbolicLink()).toBe(true);

      // A FIFO in its place is refused at once, not waited on.
      rmSync(join(root, "settings.py"));
      execFileSync("mkfifo", [join(root, "settings.py")]);
      expect(replaceFileAtomically(root, "settings.py", "A = 1\n", "A = 2\n")).toMatch(
        /no longer a regular file/,
      );
      expect(lstatSync(join(root, "settings.py")).isFIFO()).toBe(true);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it("never deletes a temp-looking file it did not create", () => {
    const dir = mkdtempSync(join(tmpdir(), "wirewarden-atomic-"));
    try {
      const f = join(dir, "settings.py");
      writeFileSync(f, "A = 1\n");
      // Someone else's file with the name an earlier version would have used.
      const theirs = join(dir, `.settings.py.wirewarden-${process.pid}.tmp`);
      writeFileSync(theirs, "not ours\n");
      expect(replaceFileAtomically(dir, "settings.py", "A = 1\n", "A = 2\n")).toBeUndefined();
      expect(readFileSync(theirs, "utf8")).toBe("not ours\n");
      expect(readdirSync(dir).sort()).toEqual(
        [`.settings.py.wirewarden-${process.pid}.tmp`, "settings.py"].sort(),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("non-ASCII text before the edit point: offsets are right (tree-sitter indices vs JS strings)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wirewarden-utf8-"));
    try {
      writeFileSync(join(dir, "__init__.py"), "");
      const settings = `import os\n# Données de production — ☃ 🎉\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "bäse.example.com", "NAME": "naïve"}}\n`;
      writeFileSync(join(dir, "settings.py"), settings);
      const r = await cli(["fix", dir, "--write", "--root-cert", "/ca.pem"]);
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(join(dir, "settings.py"), "utf8")).toBe(
        settings.replace(
          `"naïve"}}`,
          `"naïve", "OPTIONS": {"sslmode": "verify-full", "sslrootcert": os.environ.get("DB_SSLROOTCERT", "/ca.pem")}}}`,
        ),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
