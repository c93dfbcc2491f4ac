import { describe, expect, it } from "vitest";
import { inShard, parseShard, shardOf } from "../../src/fleet/shard.js";

const env = (o: Record<string, string>) => new Map(Object.entries(o));

describe("--shard", () => {
  it.each([
    ["0/8", {}, { index: 0, count: 8, source: "--shard 0/8" }],
    ["7/8", {}, { index: 7, count: 8, source: "--shard 7/8" }],
    [" 2 / 3 ", {}, { index: 2, count: 3, source: "--shard 2/3" }],
    [
      "auto",
      { JOB_COMPLETION_INDEX: "3", WIREWARDEN_SHARD_COUNT: "10" },
      { index: 3, count: 10, source: "JOB_COMPLETION_INDEX=3 of WIREWARDEN_SHARD_COUNT=10" },
    ],
    [
      "auto",
      { JOB_COMPLETION_INDEX: "3", JOB_COMPLETION_COUNT: "5" },
      { index: 3, count: 5, source: "JOB_COMPLETION_INDEX=3 of JOB_COMPLETION_COUNT=5" },
    ],
    [
      "auto",
      { JOB_COMPLETION_INDEX: "3", WIREWARDEN_SHARD_INDEX: "1", WIREWARDEN_SHARD_COUNT: "2" },
      { index: 1, count: 2, source: "WIREWARDEN_SHARD_INDEX=1 of WIREWARDEN_SHARD_COUNT=2" },
    ],
  ])("%s with %j", (text, vars, expected) => {
    expect(parseShard(text, env(vars))).toEqual(expected);
  });

  it.each([
    ["8/8", {}, /index must be below the count/],
    ["1/0", {}, /count must be 1 to/],
    ["-1/4", {}, /expected I\/N/],
    ["1", {}, /expected I\/N/],
    ["a/b", {}, /expected I\/N/],
    ["0/100001", {}, /count must be 1 to 100000/],
    ["auto", {}, /JOB_COMPLETION_INDEX/],
    ["auto", { JOB_COMPLETION_INDEX: "0" }, /WIREWARDEN_SHARD_COUNT/],
    ["auto", { JOB_COMPLETION_INDEX: "x", WIREWARDEN_SHARD_COUNT: "2" }, /whole numbers/],
    ["auto", { JOB_COMPLETION_INDEX: "2", WIREWARDEN_SHARD_COUNT: "2" }, /below the count/],
  ])("refuses %s with %j", (text, vars, message) => {
    const r = parseShard(text, env(vars));
    expect("error" in r && r.error).toMatch(message);
  });
});

describe("the stable hash", () => {
  const keys = Array.from({ length: 2000 }, (_, i) => `repos/org/project-${i}`);

  it("puts every target in exactly one shard, the union being every target", () => {
    const count = 8;
    const shards = Array.from({ length: count }, (_, index) =>
      keys.filter((k) => inShard(k, { index, count, source: "t" })),
    );
    expect(shards.flat().sort()).toEqual([...keys].sort());
    // Even enough that no shard carries twice its share (250 each on average).
    for (const s of shards) expect(s.length).toBeGreaterThan(180);
    for (const s of shards) expect(s.length).toBeLessThan(320);
  });

  it("never moves a target when others are added, and depends on the key alone", () => {
    const before = new Map(keys.map((k) => [k, shardOf(k, 8)]));
    const more = [...keys, ...Array.from({ length: 500 }, (_, i) => `repos/new/${i}`)];
    for (const k of more.slice(0, keys.length)) expect(shardOf(k, 8)).toBe(before.get(k));
    expect(shardOf("postgresql://db-1.internal:26257", 10)).toBe(
      shardOf("postgresql://db-1.internal:26257", 10),
    );
    expect(inShard("anything", undefined)).toBe(true);
  });
});
