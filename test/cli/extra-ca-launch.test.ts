/**
 * NODE_EXTRA_CA_CERTS through the command (issue 22): Node 20 parses the certificates it names before any script
 * runs, and a scan makes no TLS connection, so bin/wirewarden starts a scan without it and dist/cli/main.js puts it
 * back into the environment at once (what the settings evaluation, --runtime's Python and git see). Every other
 * command starts with it where Node reads it. A preload script, run by Node before wirewarden, says what Node was
 * started with; the same script says at exit what the environment held by then.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BUILT_CLI, LAUNCHER, REPO, tempDir } from "../helpers/cli.js";

const SHOP = join(REPO, "examples", "vulnerable-shop");

describe("NODE_EXTRA_CA_CERTS and the command", () => {
  let dir: string;
  let log: string;
  let pem: string;
  let preload: string;
  beforeEach(() => {
    if (!existsSync(BUILT_CLI))
      throw new Error("dist/cli/main.js is missing: run `npm run build` (npm test does)");
    dir = tempDir("ww-extraca-");
    log = join(dir, "seen.txt");
    // An empty bundle: Node loads it without a word, so stderr stays wirewarden's.
    pem = join(dir, "extra.pem");
    writeFileSync(pem, "");
    preload = join(dir, "seen.cjs");
    const say = (when: string) =>
      `require("node:fs").appendFileSync(${JSON.stringify(log)}, ${JSON.stringify(when)} + "=" + JSON.stringify([process.env.NODE_EXTRA_CA_CERTS ?? null, process.env.WIREWARDEN_NODE_EXTRA_CA_CERTS ?? null]) + "\\n");`;
    writeFileSync(preload, `${say("start")}\nprocess.on("exit", () => { ${say("end")} });\n`);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function run(args: string[]): { code: number | null; stderr: string; seen: Record<string, unknown> } {
    const r = spawnSync(LAUNCHER, args, {
      encoding: "utf8",
      timeout: 120_000,
      env: { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: pem, NODE_OPTIONS: `--require ${preload}` },
    });
    if (r.error) throw r.error;
    const seen = Object.fromEntries(
      readFileSync(log, "utf8")
        .trim()
        .split("\n")
        .map((l) => [l.slice(0, l.indexOf("=")), JSON.parse(l.slice(l.indexOf("=") + 1))]),
    );
    return { code: r.status, stderr: r.stderr, seen };
  }

  it("a scan starts Node without it and has it back in its environment", () => {
    const r = run(["scan", SHOP, "--quiet", "--fail-on", "none"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.seen.start).toEqual([null, pem]);
    expect(r.seen.end).toEqual([pem, null]);
  });

  it("any other command starts Node with it, untouched", () => {
    // A closed loopback port: the probe ends at once, having started as any TLS client must.
    const r = run(["probe", "postgresql://127.0.0.1:1", "--timeout", "2000", "--quiet", "--fail-on", "none"]);
    expect(r.stderr).not.toContain("internal error");
    expect(r.seen.start).toEqual([pem, null]);
    expect(r.seen.end).toEqual([pem, null]);
  });
});
