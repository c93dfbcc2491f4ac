/**
 * `--env-file` through every way of starting wirewarden (issue 20), each a real child process: Node.js 20 takes
 * `--env-file` anywhere on its own command line (nodejs/node#54232), reading the file before the program runs —
 * exit 9 when it is missing, and a NODE_OPTIONS line in it obeyed, which lets a scanned repository's env file load
 * code. bin/wirewarden hands the flag to wirewarden under another name; `node dist/cli/main.js` is refused; npx
 * is itself a Node program, so its path is safe only with `--` before the command (what the docs say).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { BUILT_CLI, LAUNCHER, REPO, tempDir } from "../helpers/cli.js";

const SHOP = join(REPO, "examples", "vulnerable-shop");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], cwd: string, home: string): Run {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: "utf8",
    timeout: 120_000,
    env: { PATH: process.env.PATH, HOME: home, npm_config_update_notifier: "false" },
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("--env-file, however wirewarden is started", () => {
  let dir: string;
  let planted: string;
  let evil: string;
  beforeEach(() => {
    if (!existsSync(BUILT_CLI))
      throw new Error("dist/cli/main.js is missing: run `npm run build` (npm test does)");
    dir = tempDir("ww-envlaunch-");
    planted = join(dir, "planted-code-ran");
    writeFileSync(
      join(dir, "planted.cjs"),
      `require("node:fs").appendFileSync(${JSON.stringify(planted)}, process.argv[1] + "\\n");\n`,
    );
    // What a pull request can put in the repository's env file.
    evil = join(dir, "prod.env");
    writeFileSync(evil, `DJANGO_DEBUG=0\nNODE_OPTIONS="--require ${join(dir, "planted.cjs")}"\n`);
    // A project that installed wirewarden: npm links the package's bin into node_modules/.bin.
    writeFileSync(join(dir, "package.json"), '{"name":"app","version":"1.0.0","private":true}\n');
    mkdirSync(join(dir, "node_modules", ".bin"), { recursive: true });
    symlinkSync(LAUNCHER, join(dir, "node_modules", ".bin", "wirewarden"));
    mkdirSync(join(dir, "home"));
  });

  it.each([
    ["the command (bin/wirewarden)", () => [LAUNCHER, []] as const],
    ["npx -- wirewarden", () => ["npx", ["--no-install", "--", "wirewarden"]] as const],
  ])(
    "%s: a missing file is wirewarden's usage error, and NODE_OPTIONS in the file runs nothing",
    (_name, how) => {
      const [cmd, pre] = how();
      for (const flag of [["--env-file", "missing.env"], ["--env-file=missing.env"]]) {
        const missing = run(cmd, [...pre, "scan", SHOP, ...flag], dir, join(dir, "home"));
        expect(missing.code).toBe(2);
        expect(missing.stderr).toMatch(/^wirewarden: cannot read --env-file missing\.env: ENOENT/m);
      }
      const scanned = run(
        cmd,
        [...pre, "scan", SHOP, "--env-file", evil, "--format", "json"],
        dir,
        join(dir, "home"),
      );
      expect(scanned.code).toBe(1);
      // The file was read as data: its DJANGO_DEBUG is the value the report judges.
      expect(scanned.stdout).toContain("read from env DJANGO_DEBUG");
      expect(existsSync(planted), "code named by NODE_OPTIONS in the scanned env file ran").toBe(false);
    },
  );

  it("node dist/cli/main.js with --env-file is refused (Node has read the file by then)", () => {
    const r = run(process.execPath, [BUILT_CLI, "scan", SHOP, "--env-file", join(dir, "prod.env")], dir, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("run wirewarden through its command");
    rmSync(planted, { force: true });
  });

  it("npx without `--` is Node's own limit, documented: npx's Node reads the file before wirewarden exists", () => {
    const missing = run(
      "npx",
      ["--no-install", "wirewarden", "scan", SHOP, "--env-file", "missing.env"],
      dir,
      join(dir, "home"),
    );
    expect(missing.code).toBe(9); // Node's exit code, not wirewarden's: wirewarden never started
    expect(missing.stderr).toContain("missing.env: not found");
    run("npx", ["--no-install", "wirewarden", "scan", SHOP, "--env-file", evil], dir, join(dir, "home"));
    // The planted code ran in npx's process (its argv[1] is npx), and not in wirewarden's.
    const ran = existsSync(planted) ? readFileSync(planted, "utf8") : "";
    expect(ran).toMatch(/npx/);
    expect(ran).not.toMatch(/main\.js/);
  });
});
