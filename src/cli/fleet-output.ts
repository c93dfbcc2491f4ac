import type { Report } from "../core/report.js";
import { UsageError } from "../engine/usage.js";
import { VERSION } from "../engine/version.js";
import { parseShard, type Shard } from "../fleet/shard.js";
import { jsonlRun, targetReports } from "../report/jsonl.js";
import { type Io, type ReportFlags, writeOutput, writeReport } from "./common.js";

/** `--shard I/N` or `auto` (the Kubernetes Indexed Job's environment), or a usage error saying what is wrong. */
export function parseShardFlag(text: string, io: Io): Shard {
  const env = new Map(Object.entries(io.env).filter((e): e is [string, string] => e[1] !== undefined));
  const shard = parseShard(text, env);
  if ("error" in shard) throw new UsageError(shard.error);
  return shard;
}

/**
 * Writes one shard's reports. In JSON Lines the run line names the shard, so `wirewarden merge` can tell a missing
 * or repeated shard; any other format is the shard's report(s) as the command writes them. An empty share writes a
 * run line with no targets (in JSON Lines), else nothing.
 */
export function writeShard(
  io: Io,
  flags: ReportFlags,
  shard: Shard,
  reports: readonly Report[],
  command: Report["command"] = reports[0]?.command ?? "probe",
): void {
  if (flags.format === "jsonl") {
    const run = { tool: { name: "wirewarden" as const, version: VERSION }, command };
    const at = { index: shard.index, count: shard.count, source: shard.source };
    writeOutput(io, flags.output, jsonlRun(run, at, reports.flatMap(targetReports)));
    return;
  }
  for (const r of reports) writeReport(io, r, flags);
}
