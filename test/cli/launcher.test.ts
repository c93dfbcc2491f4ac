/**
 * bin/wirewarden finds dist/ from where it is (issue 22: without a readlink or dirname process unless it is itself a
 * link): run by its path, through a link as npm's `.bin/wirewarden` is, and as `sh wirewarden` from its directory.
 */
import { spawnSync } from "node:child_process";
import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LAUNCHER, REPO, tempDir } from "../helpers/cli.js";

const version = (cmd: string, args: string[], cwd?: string) =>
  spawnSync(cmd, args, { encoding: "utf8", timeout: 60_000, ...(cwd ? { cwd } : {}) });

describe("bin/wirewarden", () => {
  it("runs by its path, through a link (npm's .bin), and by its bare name from its directory", () => {
    const link = join(tempDir("ww-launcher-"), "wirewarden");
    symlinkSync(LAUNCHER, link);
    for (const r of [
      version(LAUNCHER, ["--version"]),
      version(link, ["--version"]),
      version("sh", ["wirewarden", "--version"], join(REPO, "bin")),
    ]) {
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^wirewarden \d+\.\d+\.\d+/);
    }
  });
});
