import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pythonText, pythonTextSameOffsets, textLines, walkTree } from "../../src/core/files.js";
import { readYaml } from "../../src/deploy/read-yaml.js";
import { buildScanModel } from "../../src/django/scan-model.js";
import { pythonParser } from "../../src/python/parser.js";
import { tempDir } from "../helpers/cli.js";

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

describe("Python source text as Python reads it", () => {
  it("line ends: \\r, \\r\\n and \\n all end a line; the offset-keeping form only turns a lone \\r", () => {
    expect(pythonText("a\rb\r\nc\n")).toBe("a\nb\nc\n");
    expect(pythonTextSameOffsets("a\rb\r\nc\n")).toBe("a\nb\r\nc\n");
    expect(textLines("a\rb\r\nc\nd")).toEqual(["a", "b", "c", "d"]);
  });

  it("a module with a PEP 263 coding line is read in that encoding, and evaluated", async () => {
    const root = tempDir();
    roots.push(root);
    mkdirSync(join(root, "legacy"));
    writeFileSync(join(root, "legacy", "__init__.py"), "");
    const text =
      '# -*- coding: latin-1 -*-\nNAME = "caf\xe9"\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "pg.legacy.example"}}\nSECRET_KEY = "s"\n';
    writeFileSync(join(root, "legacy", "settings.py"), Buffer.from(text, "latin1"));
    writeFileSync(join(root, "legacy", "notes.py"), Buffer.from("x = '\xe9'\n", "latin1"));
    const walked = await walkTree(root);
    expect(walked.files.find((f) => f.path === "legacy/settings.py")?.text).toContain("café");
    // No coding line: Python refuses it too.
    expect(walked.files.find((f) => f.path === "legacy/notes.py")?.problem).toBe("file is not valid UTF-8");
    const built = buildScanModel(await pythonParser(), walked.files, { env: new Map(), readYaml });
    const v = built.model.views.find((x) => x.module === "legacy.settings");
    expect(v?.databases.map((a) => a.hostLabel)).toEqual(["pg.legacy.example"]);
  });

  it("settings templates are walked; other files with odd suffixes are not", async () => {
    const root = tempDir();
    roots.push(root);
    for (const name of ["settings.py.j2", "local_settings.py.example", "notes.txt", "settings.py.bak"])
      writeFileSync(join(root, name), "DEBUG = False\n");
    expect((await walkTree(root)).files.map((f) => f.path).sort()).toEqual([
      "local_settings.py.example",
      "settings.py.j2",
    ]);
  });
});
