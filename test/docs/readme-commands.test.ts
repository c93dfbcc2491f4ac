/**
 * The README's commands run as written (issue 20), so its tour cannot rot.
 *
 * Convention, in README.md:
 * - a line of a ```sh block that starts with `wirewarden ` (after an optional `$ ` and optional `NAME=value`
 *   assignments) is a command, and it must end with `# exit N`: the exit code it has when run from the repository
 *   root;
 * - a ```text block right after that ```sh block (blank lines only between) is its output: every line of it must be
 *   a line of the command's stdout or stderr (ANSI stripped, trailing spaces ignored), except a line that is just
 *   `…` (output left out); a line ending in `…` must begin a line of the output;
 * - commands run through `sh -c` with `bin/` first on PATH, so `wirewarden` is the launcher users run
 *   (bin/wirewarden, as after `npm link`); a probe of `${PGPORT:-5432}` meets a throwaway PostgreSQL this test
 *   starts (plaintext `host` + `password` entries, a certificate from a throwaway CA), as `npm run demo` does;
 * - nothing may write: no `--write`, `-o`/`--output` or `--write-baseline` in the README's commands.
 * The two commands at the top (`npm install && npm run demo`, `npm test`) are checked to be there, not run.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, initTemplate, startCluster } from "../../src/lab/pg-cluster.js";
import { createCa } from "../../src/tls/certs.js";
import { BUILT_CLI, LAUNCHER, REPO } from "../helpers/cli.js";
import { requireDjango } from "../helpers/python.js";
import { fences } from "./markdown.js";

interface ReadmeCommand {
  /** The line as written, without a leading `$ `. */
  line: string;
  /** The wirewarden subcommand (scan, probe, …). */
  command: string;
  exit: number | undefined;
  /** The lines of the ```text block right after its ```sh block, if any. */
  output: string[] | undefined;
  /** 1-based line of its ```sh block in the README. */
  at: number;
}

const COMMAND = /^(?:\$ )?((?:[A-Z_][A-Z0-9_]*=\S+ )*wirewarden (\S+).*)$/;
const EXIT = /#\s*exit (\d+)\s*$/;

/** The README's wirewarden commands, each with its expected exit code and output. */
function readmeCommands(readme: string): ReadmeCommand[] {
  const blocks = fences(readme);
  const out: ReadmeCommand[] = [];
  blocks.forEach((block, i) => {
    if (block.lang !== "sh") return;
    const next = blocks[i + 1];
    const followedByOutput = next?.lang === "text" && next.proseBefore.length === 0;
    const commands = block.lines.map((l) => COMMAND.exec(l.trim())).filter((m) => m !== null);
    if (followedByOutput && commands.length !== 1)
      throw new Error(
        `README line ${block.line}: an output block follows ${commands.length} commands, not one`,
      );
    for (const m of commands) {
      const exit = EXIT.exec(m[1]);
      out.push({
        line: m[1],
        command: m[2],
        exit: exit ? Number(exit[1]) : undefined,
        output: followedByOutput ? next.lines : undefined,
        at: block.line,
      });
    }
  });
  return out;
}

/** The expected lines not found in the output: full lines must equal an output line, `x …` must start one. */
function missingLines(expected: readonly string[], output: string): string[] {
  const got = stripVTControlCharacters(output)
    .split("\n")
    .map((l) => l.trimEnd());
  return expected
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== "…" && l.trim() !== "")
    .filter((l) =>
      l.endsWith("…") ? !got.some((g) => g.startsWith(l.slice(0, -1).trimEnd())) : !got.includes(l),
    );
}

const README = readFileSync(join(REPO, "README.md"), "utf8");
const commands = readmeCommands(README);
const TOUR = ["scan", "probe", "prove", "fix", "rules", "config", "doctor"];

describe("reading the README's commands", () => {
  it("finds a command, its exit code and its output; refuses an output block after two commands", () => {
    const md = [
      "```sh",
      "$ wirewarden scan x   # exit 1",
      "```",
      "",
      "```text",
      "a",
      "…",
      "```",
      "```sh",
      "FOO=1 wirewarden rules",
      "npm test",
      "```",
      "prose",
      "```text",
      "b",
      "```",
    ].join("\n");
    expect(readmeCommands(md)).toEqual([
      { line: "wirewarden scan x   # exit 1", command: "scan", exit: 1, output: ["a", "…"], at: 1 },
      { line: "FOO=1 wirewarden rules", command: "rules", exit: undefined, output: undefined, at: 9 },
    ]);
    expect(() => readmeCommands("```sh\nwirewarden a\nwirewarden b\n```\n```text\nx\n```\n")).toThrow(
      /follows 2 commands/,
    );
  });

  it("matches output lines exactly, and a line ending in … as a prefix", () => {
    const out = "\u001b[1mscore 0/100, grade F\u001b[22m\n  HIGH  WW101 x  y.py:1:1   \nend\n";
    expect(missingLines(["score 0/100, grade F", "  HIGH  WW101 x …", "…", "end"], out)).toEqual([]);
    expect(missingLines(["score 0/100", "HIGH  WW101 x …", "  HIGH  WW102 …", "nope"], out)).toEqual([
      "score 0/100",
      "HIGH  WW101 x …",
      "  HIGH  WW102 …",
      "nope",
    ]);
  });
});

describe("the README", () => {
  it("starts with the two commands: the demo and the tests", () => {
    const first = fences(README).find((f) => f.lang === "sh");
    expect(first?.lines.map((l) => l.trim()).filter((l) => l !== "")).toEqual([
      "npm install && npm run demo",
      "npm test",
    ]);
  });

  it("tours every command, each line saying the exit code it has", () => {
    expect([...new Set(commands.map((c) => c.command))].sort()).toEqual([...TOUR].sort());
    for (const c of commands) expect(c.exit, `README line ${c.at}: ${c.line}`).toBeTypeOf("number");
    for (const c of commands)
      expect(c.output, `README line ${c.at}: ${c.line} has no output block`).toBeDefined();
  });

  it("has no output block that belongs to no command", () => {
    const blocks = fences(README);
    const orphans = blocks.filter(
      (b, i) => b.lang === "text" && !(blocks[i - 1]?.lang === "sh" && b.proseBefore.length === 0),
    );
    expect(orphans.map((b) => b.line)).toEqual([]);
  });

  it("runs nothing that writes files", () => {
    for (const c of commands)
      expect(c.line, `README line ${c.at}`).not.toMatch(
        /(^|\s)(--write|--write-baseline|-o|--output)(\s|=|$)/,
      );
  });
});

describe("the README's commands, run as written from the repository root", () => {
  let cluster: Cluster | undefined;
  let work: string | undefined;

  beforeAll(async () => {
    if (!existsSync(BUILT_CLI))
      throw new Error("dist/cli/main.js is missing: run `npm run build` (npm test does)");
    if (commands.some((c) => c.command === "prove")) requireDjango();
    if (!commands.some((c) => c.line.includes("PGPORT"))) return;
    await initTemplate();
    const ca = await createCa({ commonName: "wirewarden readme CA" });
    work = mkdtempSync(join(tmpdir(), "wirewarden-readme-"));
    writeFileSync(join(work, "ca.pem"), ca.certPem);
    cluster = await startCluster({
      ssl: true,
      server: await ca.issue({
        commonName: "127.0.0.1",
        ipAddresses: ["127.0.0.1"],
        dnsNames: ["localhost"],
      }),
      hba: ["host all all 127.0.0.1/32 password"],
    });
  });

  afterAll(async () => {
    await cluster?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const env = () => ({
    PATH: `${join(REPO, "bin")}:${process.env.PATH}`,
    HOME: process.env.HOME ?? tmpdir(),
    ...(cluster ? { PGPORT: String(cluster.port) } : {}),
  });

  it("`wirewarden` on that PATH is the launcher", () => {
    const r = spawnSync("sh", ["-c", "command -v wirewarden"], { cwd: REPO, env: env(), encoding: "utf8" });
    expect(r.stdout.trim()).toBe(LAUNCHER);
  });

  it.each(commands.map((c) => [c.line, c] as const))("%s", (_line, c) => {
    const r = spawnSync("sh", ["-c", c.line], {
      cwd: REPO,
      env: env(),
      encoding: "utf8",
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    if (r.error) throw r.error;
    const all = `${r.stdout}\n${r.stderr}`;
    expect(r.status, `README line ${c.at}: ${c.line}\n${all}`).toBe(c.exit);
    expect(missingLines(c.output ?? [], all), `README line ${c.at}: ${c.line}\n${all}`).toEqual([]);
  });
});
