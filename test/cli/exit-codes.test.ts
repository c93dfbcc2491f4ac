/**
 * The exit codes every command shares (issue 20), from real child processes: 0 clean, 1 findings at or above
 * --fail-on, 2 usage error or nothing analysed, 3 internal error. The internal error is a fault injected into the
 * child (a preloaded module makes JSON.stringify throw), since the product has no way to fail on purpose.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUILT_CLI, REPO, spawnCli, tempDir } from "../helpers/cli.js";
import { shopTree } from "../helpers/tree.js";

const SHOP = join(REPO, "examples", "vulnerable-shop");
const HARDENED = join(REPO, "examples", "hardened-shop");

describe("exit codes", () => {
  it("0 clean, 1 findings at or above --fail-on, 2 usage error or nothing analysed", () => {
    expect(spawnCli(["scan", HARDENED]).code).toBe(0);
    expect(spawnCli(["scan", SHOP]).code).toBe(1);
    expect(spawnCli(["scan", SHOP, "--fail-on", "none"]).code).toBe(0);
    expect(spawnCli(["scan", SHOP, "--fail-on", "urgent"]).code).toBe(2);
    expect(spawnCli(["scan", tempDir("ww-empty-")]).code).toBe(2);
    expect(spawnCli(["nonsense"]).code).toBe(2);
    expect(spawnCli(["probe"]).code).toBe(2);
  });

  it("3 for an internal error, with one line that says it is a bug and no stack trace unless --verbose", () => {
    const dir = tempDir("ww-fault-");
    const fault = join(dir, "fault.mjs");
    writeFileSync(fault, `JSON.stringify = () => { throw new Error("injected fault"); };\n`);
    const run = (extra: string[]) =>
      spawnSync(
        process.execPath,
        [
          "--import",
          fault,
          BUILT_CLI,
          "scan",
          shopTree(dir, `SECRET_KEY = "x"\n`),
          "--format",
          "json",
          ...extra,
        ],
        {
          encoding: "utf8",
          env: { PATH: process.env.PATH },
          timeout: 60_000,
        },
      );
    const r = run([]);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(
      "wirewarden: internal error: injected fault (run with --verbose for details); this is a bug in wirewarden, please report it",
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(run(["--verbose"]).stderr).toMatch(/\n\s+at /);
    // The same for commands that are not scan.
    for (const argv of [
      ["rules", "--format", "json"],
      ["config", dir],
    ]) {
      const other = spawnSync(process.execPath, ["--import", fault, BUILT_CLI, ...argv], {
        encoding: "utf8",
        env: { PATH: process.env.PATH },
        timeout: 60_000,
      });
      expect(other.status, argv.join(" ")).toBe(3);
      expect(other.stderr).toContain("wirewarden: internal error: injected fault");
    }
  });

  it.each(["scan", "probe", "prove", "fix", "rules", "config", "doctor"])(
    "%s: an unknown flag is a usage error (2) with a pointer to --help; its help states the exit codes",
    (command) => {
      const r = spawnCli([command, "--no-such-flag"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("unknown option '--no-such-flag'");
      expect(r.stderr).toContain("(run with --help for usage)");
      const help = spawnCli([command, "--help"]).stdout.replace(/\s+/g, " ");
      if (["scan", "probe", "prove", "fix"].includes(command))
        expect(help).toMatch(/Exit codes: 0 .*1 .*2 usage error.*3 internal error/);
    },
  );

  it("--help says what the exit codes are", () => {
    expect(spawnCli(["--help"]).stdout.replace(/\s+/g, " ")).toContain(
      "Exit codes, for every command: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage error or nothing analysed, 3 internal error",
    );
  });
});
