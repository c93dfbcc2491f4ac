/**
 * Issue 16, item 13 and its neighbours: every file wirewarden reads goes through one opening (readRegularFile):
 * O_NONBLOCK so a FIFO cannot hang the run, O_NOFOLLOW for files of the scanned tree, fstat on the descriptor (a
 * regular file, the one lstat'ed before, within the size limit), and never more than the limit read. The files
 * named by flags (--env-file, --baseline, --targets, --ca) get the same opening, links followed.
 */
import { execFileSync } from "node:child_process";
import { lstatSync, mkdirSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readRegularFile } from "../../src/core/files.js";
import { REPO, tempDir } from "../helpers/cli.js";
import { runCliProcess } from "../helpers/cli-process.js";

const problem = (r: ReturnType<typeof readRegularFile>) => ("problem" in r ? r.problem : undefined);

describe("readRegularFile: the one way a file is opened", () => {
  it("reads a regular file; refuses a link unless asked to follow it; never blocks on a FIFO or reads a device", () => {
    const dir = tempDir("wirewarden-open-");
    const file = join(dir, "settings.py");
    writeFileSync(file, "A = 1\n");
    symlinkSync(file, join(dir, "link.py"));
    execFileSync("mkfifo", [join(dir, "fifo.py")]);
    mkdirSync(join(dir, "pkg.py"));

    const read = readRegularFile(file, 1024);
    expect("bytes" in read && read.bytes.toString()).toBe("A = 1\n");
    expect(problem(readRegularFile(join(dir, "link.py"), 1024))).toBe("symbolic link, not followed");
    const followed = readRegularFile(join(dir, "link.py"), 1024, { follow: true });
    expect("bytes" in followed && followed.bytes.toString()).toBe("A = 1\n");
    // A writer-less FIFO would block a plain open or read for ever: this returns at once.
    expect(problem(readRegularFile(join(dir, "fifo.py"), 1024))).toBe(
      "a FIFO (named pipe), not a regular file: not read",
    );
    expect(problem(readRegularFile("/dev/zero", 1024, { follow: true }))).toBe(
      "a device node, not a regular file: not read",
    );
    expect(problem(readRegularFile(join(dir, "pkg.py"), 1024))).toBe(
      "a directory, not a regular file: not read",
    );
    expect(problem(readRegularFile(file, 3))).toBe("file is 1 KiB, over the 1 KiB limit");
  });

  it("a file replaced between the lstat and the open is refused, not read", () => {
    const dir = tempDir("wirewarden-open-");
    const file = join(dir, "settings.py");
    writeFileSync(file, "SSLMODE = 'verify-full'\n");
    const looked = lstatSync(file);
    // Another writer renames a different file into place after the walk looked.
    writeFileSync(join(dir, "other.py"), "SSLMODE = 'disable'\n");
    renameSync(join(dir, "other.py"), file);
    expect(problem(readRegularFile(file, 1024, { expected: looked }))).toBe(
      "it was replaced while being read: not read",
    );
    expect("bytes" in readRegularFile(file, 1024, { expected: lstatSync(file) })).toBe(true);
  });
});

describe("files named by flags: a FIFO or a device ends the run with one line, never a hang", () => {
  const example = join(REPO, "examples", "vulnerable-shop");
  it.each([
    ["--env-file", "fifo", ["scan", example, "--env-file"]],
    ["--env-file", "/dev/zero", ["scan", example, "--env-file"]],
    ["--baseline", "fifo", ["scan", example, "--baseline"]],
    ["--targets", "fifo", ["probe", "--targets"]],
    ["--ca", "fifo", ["probe", "127.0.0.1:1", "--ca"]],
  ])("%s %s", async (flag, what, argv) => {
    const dir = tempDir("wirewarden-flagfile-");
    let file = what;
    if (what === "fifo") {
      file = join(dir, "named.pipe");
      execFileSync("mkfifo", [file]);
    }
    // Bounded: a run that blocked on the FIFO would be killed here and the test would fail.
    const r = await runCliProcess([...argv, file], { timeoutMs: 20_000 });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const kind = what === "fifo" ? "a FIFO \\(named pipe\\)" : "a device node";
    expect(r.stderr.trimEnd()).toMatch(
      new RegExp(`^wirewarden: cannot read ${flag} \\S+: ${kind}, not a regular file: not read$`),
    );
  });
});
