/**
 * A fleet of projects (issue 23): `scan --targets` whole and in shards, `wirewarden merge` of the shards, every
 * fleet format identical to the whole run's, and every way the shards can fail to add up refused.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli, REPO, tempDir } from "../helpers/cli.js";

const SHARDS = 4;
let dir: string;
let targetsFile: string;
let projects: string[];

const jsonl = (name: string) => join(dir, `${name}.jsonl`);
const read = (f: string) => readFileSync(f, "utf8");

beforeAll(async () => {
  dir = tempDir("ww-fleet-");
  const fixtures = join(REPO, "test", "fixtures", "real-world");
  projects = readdirSync(fixtures).map((n) => join(fixtures, n));
  // A directory that is not a Django project: listed as not analysed, not dropped.
  const empty = join(dir, "not-django");
  mkdirSync(empty);
  writeFileSync(join(empty, "README.md"), "# not a Django project\n");
  projects.push(empty);
  targetsFile = join(dir, "targets.txt");
  writeFileSync(targetsFile, `# the fleet\n${projects.join("\n")}\n`);
  const whole = await cli([
    "scan",
    "--targets",
    targetsFile,
    "--format",
    "jsonl",
    "-o",
    jsonl("whole"),
    "--fail-on",
    "none",
  ]);
  expect(whole.code, whole.stderr).toBe(0);
  for (let i = 0; i < SHARDS; i++) {
    const r = await cli([
      "scan",
      "--targets",
      targetsFile,
      "--shard",
      `${i}/${SHARDS}`,
      "--format",
      "jsonl",
      "-o",
      jsonl(`shard-${i}`),
      "--fail-on",
      "none",
    ]);
    expect(r.code, r.stderr).toBe(0);
  }
}, 240_000);

const shardFiles = () => Array.from({ length: SHARDS }, (_, i) => jsonl(`shard-${i}`));

describe("scan --targets, sharded and merged", () => {
  it("each project is in exactly one shard, and the shards hold every project", () => {
    const targetsOf = (f: string) =>
      read(f)
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { type: string; target?: string })
        .filter((l) => l.type === "target")
        .map((l) => l.target as string);
    const fromShards = shardFiles().flatMap(targetsOf);
    expect(new Set(fromShards).size).toBe(fromShards.length);
    expect([...fromShards].sort()).toEqual([...projects].sort());
    expect(targetsOf(jsonl("whole")).sort()).toEqual([...projects].sort());
    // A shard's run line says which shard it is.
    const head = JSON.parse(read(jsonl("shard-2")).split("\n")[0] as string);
    expect(head).toMatchObject({ type: "run", command: "scan", shard: { index: 2, count: SHARDS } });
  });

  it.each(["json", "jsonl", "sarif", "html", "markdown", "text", "openmetrics"])(
    "merging the shards gives the whole run's report (%s)",
    async (format) => {
      const out = (n: string) => join(dir, `merged-${n}.${format}`);
      const a = await cli([
        "merge",
        ...shardFiles(),
        "--format",
        format,
        "-o",
        out("shards"),
        "--fail-on",
        "none",
      ]);
      const b = await cli([
        "merge",
        jsonl("whole"),
        "--format",
        format,
        "-o",
        out("whole"),
        "--fail-on",
        "none",
      ]);
      expect(a.code, a.stderr).toBe(0);
      expect(b.code, b.stderr).toBe(0);
      // Each scan's own duration differs run to run; everything else is the same.
      const stable = (f: string) => read(f).replace(/"durationMs": ?\d+/g, '"durationMs":0');
      expect(stable(out("shards"))).toBe(stable(out("whole")));
      expect(read(out("whole")).length).toBeGreaterThan(200);
    },
  );

  it("the merged report lists every project, the one that is not Django as not analysed", async () => {
    const out = join(dir, "fleet.json");
    await cli(["merge", ...shardFiles(), "--format", "json", "-o", out, "--fail-on", "none"]);
    const fleet = JSON.parse(read(out));
    expect(fleet.fleet.targets).toBe(projects.length);
    expect(fleet.fleet.notAnalysed).toBe(1);
    const notDjango = fleet.targets.find((t: { target: string }) => t.target.endsWith("not-django"));
    expect(notDjango.error).toMatch(/nothing analysed/);
    const sarif = join(dir, "fleet.sarif");
    await cli(["merge", ...shardFiles(), "--format", "sarif", "-o", sarif, "--fail-on", "none"]);
    const runs = JSON.parse(read(sarif)).runs as { automationDetails: { id: string } }[];
    expect(runs.length).toBe(projects.length);
    expect(new Set(runs.map((r) => r.automationDetails.id)).size).toBe(projects.length);
  });

  it("--fail-on over the fleet: exit 1 when any project has a finding at or above it", async () => {
    const r = await cli(["merge", ...shardFiles(), "--format", "text", "--fail-on", "high"]);
    expect(r.code).toBe(1);
    // Listed first, with why, and no grade it did not earn.
    expect(r.stdout.split("\n")[1]).toMatch(
      /^ {2}— {3}— {2}\S+not-django {2}\(not analysed: nothing analysed/,
    );
    const md = await cli(["merge", ...shardFiles(), "--format", "markdown", "--fail-on", "none"]);
    expect(md.stdout).toMatch(/\| — \| — \| \S+not-django \(not analysed: /);
    expect(md.stdout).not.toMatch(/\| A \| 100 \| \S+not-django/);
  });
});

describe("merge refuses shards that do not add up", () => {
  it.each([
    ["a missing shard", () => shardFiles().slice(1), /shard 0 of 4 missing/],
    [
      "a shard given twice",
      () => [...shardFiles(), jsonl("shard-1")],
      /shard 1\/4 is given twice|is also in/,
    ],
    [
      "a whole run beside shards",
      () => [jsonl("whole"), jsonl("shard-0")],
      /whole runs and shards|is also in/,
    ],
  ])("%s", async (_name, files, message) => {
    const r = await cli(["merge", ...files(), "--format", "json", "-o", join(dir, "refused.json")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it("a missing shard is merged with --allow-missing, and the report says so", async () => {
    const r = await cli([
      "merge",
      ...shardFiles().slice(1),
      "--allow-missing",
      "--format",
      "markdown",
      "--fail-on",
      "none",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Incomplete: shard 0 of 4 missing/);
  });

  it("a cut file, a foreign file and shards of different counts", async () => {
    const full = read(jsonl("shard-0")).split("\n").filter(Boolean);
    const cut = join(dir, "cut.jsonl");
    writeFileSync(cut, `${full.slice(0, -1).join("\n")}\n`);
    const r1 = await cli(["merge", cut, "--format", "text"]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/cut file/);
    const foreign = join(dir, "foreign.jsonl");
    writeFileSync(foreign, '{"hello": "world"}\n');
    const r2 = await cli(["merge", foreign]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/line before the run line|unknown line type/);
    const other = join(dir, "other-count.jsonl");
    writeFileSync(other, read(jsonl("shard-0")).replace('"count":4', '"count":5'));
    const r3 = await cli(["merge", other, jsonl("shard-1"), "--allow-missing"]);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toMatch(/shards of 5 and of 4|shards of 4 and of 5/);
  });
});

describe("scan --targets refuses what is for one project", () => {
  it.each([
    [["--baseline", "b.json"], /--baseline is for one project/],
    [["--diff-base", "HEAD"], /--diff-base is for one project/],
    [["--format", "junit"], /--format junit is for one project/],
    [["--shard", "9/4"], /below the count/],
  ])("%j", async (extra, message) => {
    const r = await cli(["scan", "--targets", targetsFile, ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it("--shard without --targets", async () => {
    const r = await cli(["scan", ".", "--shard", "0/2"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--targets/);
  });
});
