import type { Report } from "./report.js";

/**
 * The shapes a fleet run shares between its writers (report/jsonl.ts), its reader (fleet/merge.ts) and its
 * renderers (report/fleet.ts, report/openmetrics.ts): docs/fleet.md.
 */

/** What a run of one command over its targets says about itself: the first line of its JSON Lines report. */
export interface RunLine {
  type: "run";
  tool: { name: "wirewarden"; version: string };
  command: Report["command"];
  /** The shard this run was (`--shard`), or null for a whole run. */
  shard: { index: number; count: number; source: string } | null;
  /** How many targets follow (their `target` lines). */
  targets: number;
}

/** One target of a fleet: its JSON report (masked), findings included. */
export type TargetReport = Record<string, unknown> & {
  target: string;
  command: Report["command"];
  findings: Record<string, unknown>[];
};

/** What `merge` read: every run's header, every target once, and what did not add up. */
export interface Fleet {
  command: Report["command"];
  tool: RunLine["tool"];
  runs: RunLine[];
  /** Sorted by target, so that any split of a fleet into shards merges to the same report. */
  targets: TargetReport[];
  /** Shard indices 0..N-1 no input holds (empty when the runs were whole, or all shards are here). */
  missingShards: number[];
}
