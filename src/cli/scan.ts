import { type Command, Option } from "commander";
import { baseOf, dirOf, isInteresting } from "../core/files.js";
import type { Finding } from "../core/finding.js";
import { summarize } from "../core/grade.js";
import type { Report } from "../core/report.js";
import { applySelection } from "../core/selection.js";
import { meetsThreshold } from "../core/severity.js";
import { UsageError } from "../engine/usage.js";
import { baselineNote, openBaseline, settleReport } from "./baseline.js";
import {
  collect,
  EXIT_FINDINGS,
  EXIT_OK,
  type Io,
  parseFailOn,
  progress,
  type ReportFlags,
  suppliedEnv,
  withConfigOption,
  withOutputOptions,
  withReportOptions,
  writeReport,
} from "./common.js";
import { type ChangedLines, changedLines, onChangedLines, pythonWithoutNeedles } from "./diff-base.js";
import { takeEarlyGit } from "./early-git.js";
import { applyConfig, excludeOf, selectionOf } from "./effective-config.js";

interface ScanFlags extends ReportFlags {
  envFile: string[];
  settings?: string;
  runtime?: boolean;
  python?: string;
  config?: string;
  exclude: string[];
  excludeTests?: boolean;
  select: string[];
  ignore: string[];
  minSeverity?: string;
  reportUnusedIgnores?: boolean;
  diffBase?: string;
  targets?: string;
  shard?: string;
}

/** How long one settings module may take to import in the --runtime child (Django, a driver, the module). */
const RUNTIME_TIMEOUT_MS = 60_000;

export function registerScan(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command("scan")
    .summary("audit a Django project's settings for man-in-the-middle exposure")
    .description(
      "Reads a Django repository without running any of its code: evaluates every settings module (split settings, " +
        "env reads with defaults, dj-database-url, django-environ) and reports, per settings module and database alias, " +
        "whether the Django → database channel is verified TLS and whether the HTTPS settings protect the browser hop.",
    )
    .argument("[path]", "project directory", ".");
  withReportOptions(cmd)
    .option(
      "--env-file <file>",
      "values for env vars the settings read (repeatable; later files win)",
      collect,
      [],
    )
    .option(
      "--settings <module>",
      "the settings module to treat as production (default: DJANGO_SETTINGS_MODULE found in the repo)",
    );
  withConfigOption(cmd)
    .option("--exclude <glob>", "leave paths out of the scan, .gitignore style (repeatable)", collect, [])
    .option("--exclude-tests", "leave test code out (tests/, test_*.py, conftest.py, e2e/, fixtures/, …)")
    .option(
      "--select <ids>",
      "report only these rule ids or prefixes, e.g. WW1,WW301 (repeatable)",
      collect,
      [],
    )
    .option("--ignore <ids>", "never report these rule ids or prefixes (repeatable)", collect, [])
    .addOption(
      new Option(
        "--min-severity <severity>",
        "leave findings below it out of the report (--fail-on still counts them)",
      ).choices(["critical", "high", "medium", "low", "info"]),
    )
    .option(
      "--diff-base <ref>",
      "report only findings on lines changed since this git ref (pull-request mode)",
    )
    .option(
      "--sarif-per-module",
      "with --format sarif: one run per settings module, each its own code-scanning category",
    )
    .option(
      "--targets <file>",
      "scan every project listed in FILE, one path per line (# comments): a fleet run",
    )
    .option(
      "--shard <i/n>",
      "with --targets: scan only this worker's share (0-based, stable hash of each path), or `auto` in a Kubernetes Indexed Job",
    )
    .option(
      "--report-unused-ignores",
      "say which `# wirewarden: ignore[…]` comments suppress nothing (they may hide a future finding)",
    )
    .option(
      "--runtime",
      "ALSO import each settings module with the project's Python and compare (runs the project's settings code; " +
        "no network, no django.setup(); WW001 where static evaluation disagrees)",
    )
    .option(
      "--python <path>",
      "with --runtime: the project's Python (default: the project's .venv, venv or env, else python3)",
    );
  withOutputOptions(cmd)
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  wirewarden scan .                                  # text report, exit 1 on high or critical findings\n" +
        "  wirewarden scan . --env-file deploy/prod.env       # judge the values production supplies\n" +
        "  wirewarden scan . --format sarif -o wirewarden.sarif --fail-on none\n" +
        "  wirewarden scan . --settings shop.settings.production\n" +
        "  wirewarden scan . --runtime --python .venv/bin/python   # also import the settings and compare\n" +
        "  wirewarden scan . --write-baseline .wirewarden-baseline.json   # accept what is there today\n" +
        "  wirewarden scan . --baseline .wirewarden-baseline.json         # then fail only on new findings\n\n" +
        "Suppress one finding inline with `# wirewarden: ignore[WW101] reason` on its line or the line above.\n" +
        "Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage error or nothing scannable,\n" +
        "3 internal error (a bug in wirewarden).",
    )
    .action(async (path: string, given: ScanFlags, cmd: Command) => {
      const config = applyConfig(cmd, "scan", path, given.config);
      const flags = cmd.opts<ScanFlags>();
      if (flags.targets || flags.shard) {
        const { scanFleet } = await import("./fleet-scan.js");
        await scanFleet(path, cmd, io, setExit);
        return;
      }
      const perFileIgnores = config?.values["per-file-ignores"] as Record<string, string[]> | undefined;
      const failOn = parseFailOn(flags.failOn);
      const baseline = openBaseline(flags);
      const exclude = excludeOf(flags);
      const bar = progress(io, Boolean(flags.quiet));
      if (flags.python && !flags.runtime)
        throw new UsageError("--python is for --runtime (scan runs no Python without it)");
      // Pull-request mode: git diff lists the changed lines while the scan runs (a refusal is reported after it),
      // and git grep the Python files that can matter only if imported (the walk waits for it, and reads those only
      // on demand). The loader may have started both already (early-git.ts).
      const ref = flags.diffBase;
      const early = ref ? takeEarlyGit(path, ref) : undefined;
      const unneeded = ref ? (early?.unneeded ?? pythonWithoutNeedles(path)) : undefined;
      // A refusal is asked again here: the loader's copy of the code throws its own copy of UsageError.
      const changing = ref
        ? early
          ? early.changed.catch(() => changedLines(path, ref))
          : changedLines(path, ref)
        : undefined;
      changing?.catch(() => undefined);
      const deferred =
        unneeded && changing
          ? {
              files: unneeded,
              // The changed lines' files: a refusal reads them all (it is reported after the scan).
              readAnyway: changing.catch(() => undefined),
            }
          : undefined;
      // Loaded when scan runs, not when another command starts (issue 22: start-up).
      const { scanProject } = await import("../engine/scan.js");
      const result = await scanProject(path, {
        env: suppliedEnv(flags.envFile, io.env),
        ...(flags.settings ? { settingsModule: flags.settings } : {}),
        ...(exclude ? { exclude } : {}),
        ...(flags.runtime
          ? { runtime: { ...(flags.python ? { python: flags.python } : {}), timeoutMs: RUNTIME_TIMEOUT_MS } }
          : {}),
        onProgress: bar.update,
        ...(deferred ? { deferred } : {}),
      });
      bar.done();
      // Selection first (what the user asked to see), then the baseline drops what it knows before grading.
      const chosen = applySelection(result.report.findings, selectionOf(flags, perFileIgnores));
      // Pull-request mode: only what the change touched (findings with no location stay).
      const changed = await withFindingFiles(changing, [...chosen.kept, ...chosen.belowFloor], path, ref);
      const diff = changed ? onChangedLines(chosen.kept, changed) : undefined;
      const kept = diff ? diff.kept : chosen.kept;
      const left = { ...chosen.left, ...(diff ? { byDiff: diff.dropped } : {}) };
      const selected: Report =
        left.byRule + left.byFile + left.bySeverity + (left.byDiff ?? 0) === 0 && !diff
          ? result.report
          : { ...result.report, findings: kept, summary: summarize(kept), leftOut: left };
      // Fingerprints hash the offending lines of the scanned tree; --baseline drops what it knows before grading.
      const report = settleReport(io, selected, flags, baseline, result.sourceLine);
      writeReport(io, report, flags);
      if (!flags.quiet && (flags.output || flags.format !== "text")) {
        const s = report.summary;
        const verdicts = (["verified", "exposed", "unknown"] as const)
          .map((v) => `${(report.aliases ?? []).filter((a) => a.verdict === v).length} ${v}`)
          .join(", ");
        io.stderr(
          `wirewarden scan ${path}: ${result.modules.length} settings module(s), database aliases ${verdicts}; ${report.findings.length} finding(s) ` +
            `(critical ${s.counts.critical}, high ${s.counts.high}, medium ${s.counts.medium}, low ${s.counts.low}, info ${s.counts.info}); ` +
            `score ${s.score}/100, grade ${s.grade}${baselineNote(report)}${inlineNote(report)}${leftOutNote(report)}${runtimeNote(report)}${flags.output ? `; report written to ${flags.output}` : ""}\n`,
        );
      }
      for (const { name, variables, others } of flags.quiet ? [] : result.services) {
        if (variables.length === 0) continue;
        io.stderr(
          `wirewarden: settings evaluated with the environment of ${name}: ${variables.join(", ")}` +
            " (--env-file and the process environment win over it)" +
            `${others.length > 0 ? `; also runs Django, not used: ${others.join(", ")}` : ""}\n`,
        );
      }
      const inline = report.inlineSuppressions;
      for (const p of flags.quiet ? [] : (inline?.problems ?? []))
        io.stderr(`wirewarden: ${p.file}:${p.line}: ${p.message}\n`);
      for (const u of flags.reportUnusedIgnores ? (inline?.unused ?? []) : [])
        io.stderr(
          `wirewarden: ${u.file}:${u.line}: # wirewarden: ignore[${u.ids.join(",")}] suppresses nothing (no such finding on this line or the next)\n`,
        );
      for (const m of flags.quiet ? [] : (report.runtime ?? [])) {
        if (m.error)
          io.stderr(`wirewarden: --runtime could not import ${m.module} with ${m.python}: ${m.error}\n`);
        for (const a of m.aliases.filter((x) => x.error))
          io.stderr(
            `wirewarden: --runtime could not judge alias '${a.alias}' of ${m.module} with ${m.python}: ${a.error?.split("\n")[0]}\n`,
          );
      }
      if (!flags.quiet && result.modules.length === 0) {
        io.stderr(
          `wirewarden: no Django settings module found under ${path} (${result.filesRead} files read)\n`,
        );
      }
      const belowFloor = changed ? onChangedLines(chosen.belowFloor, changed).kept : chosen.belowFloor;
      const counted = [...report.findings, ...belowFloor];
      setExit(counted.some((f) => meetsThreshold(f.severity, failOn)) ? EXIT_FINDINGS : EXIT_OK);
    });
}

/**
 * The changed lines, with those of every file a finding is on that DIFF_PATHSPEC does not compare (an env_file of any
 * name, read on request) asked of git on its own.
 */
async function withFindingFiles(
  changing: Promise<ChangedLines> | undefined,
  findings: readonly Finding[],
  path: string,
  ref: string | undefined,
): Promise<ChangedLines | undefined> {
  const changed = await changing;
  if (!changed || ref === undefined) return changed;
  const outside = new Set<string>();
  for (const f of findings) {
    const file = f.location?.file;
    if (file !== undefined && !isInteresting(baseOf(file), baseOf(dirOf(file)))) outside.add(file);
  }
  if (outside.size === 0) return changed;
  return new Map([...changed, ...(await changedLines(path, ref, [...outside].sort()))]);
}

/** "; --runtime imported 2 of 2 settings module(s), 1 disagreement (WW001)" when --runtime ran. */
function runtimeNote(report: Report): string {
  if (!report.runtime) return "";
  const imported = report.runtime.filter((m) => !m.error).length;
  const mismatches = report.findings.filter((f) => f.ruleId === "WW001").length;
  return `; --runtime imported ${imported} of ${report.runtime.length} settings module(s), ${mismatches} disagreement(s) with static evaluation (WW001)`;
}

/** "; 3 left out by --select/--ignore, 2 by per-file-ignores, 4 below --min-severity" when any were. */
function leftOutNote(report: Report): string {
  const l = report.leftOut;
  if (!l) return "";
  const parts = [
    l.byRule > 0 ? `${l.byRule} left out by --select/--ignore` : "",
    l.byFile > 0 ? `${l.byFile} by per-file-ignores` : "",
    l.bySeverity > 0 ? `${l.bySeverity} below --min-severity (still counted by --fail-on)` : "",
    l.byDiff !== undefined ? `${l.byDiff} on lines --diff-base did not change` : "",
  ].filter(Boolean);
  return parts.length > 0 ? `; ${parts.join(", ")}` : "";
}

/** "; 2 suppressed inline" when `# wirewarden: ignore[…]` comments suppressed any. */
function inlineNote(report: Report): string {
  const n = report.inlineSuppressions?.suppressed ?? 0;
  return n > 0 ? `; ${n} suppressed inline` : "";
}
