import type { LineReader } from "../core/baseline.js";
import { CATALOG } from "../core/catalog.js";
import { isReadable, problemOf } from "../core/files.js";
import type { AliasReport, FileError, Report } from "../core/report.js";
import type { Rule } from "../core/rule.js";
import { collectHits, findingsOf, type JudgedHit } from "../core/run-rules.js";
import { settleInlineSuppressions } from "../core/suppression.js";
import type { ScanModel } from "../django/model.js";
import { buildTopology } from "../django/topology.js";
import { judgeAliases, verdictFor } from "../rules/alias-verdicts.js";
import { browserProtectionOf } from "../rules/browser-verdicts.js";
import { poolerHop } from "../rules/deploy-helpers.js";
import { rulesOf } from "../rules/registry.js";
import { type LoadedProject, type LoadOptions, loadProject, walkedLines } from "./pipeline.js";
import { assembleReport } from "./report-assembly.js";
import { defaultPython, importSettings } from "./runtime.js";
import { UsageError } from "./usage.js";

export interface ScanOptions extends LoadOptions {
  /**
   * Import the settings with the project's own Python and compare (`--runtime`): it runs project code, so only when
   * asked. `python`: the interpreter (default: the project's virtualenv, else python3).
   */
  runtime?: { python?: string; timeoutMs: number };
}

export interface ScanResult {
  report: Report;
  /** Settings modules evaluated, and the one treated as production. */
  modules: string[];
  production?: { module: string; source: string };
  /** The deployment services whose env the settings were evaluated with (names only, never values). */
  services: { name: string; variables: string[]; others: string[] }[];
  filesRead: number;
  /** A line of a file the scan read, for baseline fingerprints: no second read of the tree. */
  sourceLine: LineReader;
}

/** Files of the tree that could not be read (the walk's own problems and each unreadable file). */
function fileErrors(walk: LoadedProject["walk"]): FileError[] {
  const errors: FileError[] = walk.problems.map((p) => ({ file: p.path, reason: p.problem }));
  for (const f of walk.files) {
    const problem = problemOf(f);
    if (problem && !f.path.endsWith(".key")) errors.push({ file: f.path, reason: problem });
  }
  return errors;
}

/**
 * A scan that analysed nothing has earned no grade: no settings module could be evaluated and no deployment file
 * said anything. Says what was looked for.
 */
function refuseEmptyScan(path: string, project: LoadedProject, settingsModule: string | undefined): void {
  const { built, walk } = project;
  const readable = walk.files.filter(isReadable).length;
  if (settingsModule && !built.modules.includes(settingsModule)) {
    const found = built.modules.slice(0, 8).join(", ");
    throw new UsageError(
      `--settings ${settingsModule}: no such settings module under ${path}` +
        (found ? ` (found: ${found}${built.modules.length > 8 ? ", …" : ""})` : ""),
    );
  }
  if (built.model.views.length > 0) return;
  const errors = fileErrors(walk);
  const unread =
    errors.length === 0
      ? ""
      : `; could not read ${errors
          .slice(0, 4)
          .map((e) => `${e.file} (${e.reason})`)
          .join(", ")}${errors.length > 4 ? `, and ${errors.length - 4} more` : ""}`;
  if (built.candidates.length > 0) {
    const why = built.model.diagnostics.find((d) => built.candidates.includes(d.origin.file));
    throw new UsageError(
      `nothing analysed under ${path}: ${built.candidates.length} settings module(s) found, none could be evaluated` +
        (why ? ` (${why.origin.file}:${why.origin.line}: ${why.reason})` : "") +
        (why?.reason && errors.some((e) => e.reason === why.reason) && errors.length === 1 ? "" : unread),
    );
  }
  const d = built.model.deploy;
  const deployment =
    d.units.length +
    d.env.length +
    d.cockroachFlags.length +
    d.tlsOff.length +
    d.hba.length +
    d.problems.length;
  if (deployment > 0 || built.model.envFiles.length > 0 || built.model.urlLiterals.length > 0) return;
  throw new UsageError(
    `nothing analysed under ${path} (${readable} files read${unread}): no Django settings module (looked for ` +
      "DJANGO_SETTINGS_MODULE in manage.py, wsgi.py, asgi.py, Dockerfiles, compose files, Procfiles and .env files, " +
      "and for .py files that set DATABASES, INSTALLED_APPS, MIDDLEWARE or other settings) and no deployment file " +
      "(compose, Kubernetes, Helm, Dockerfile, .env) that names a database; pass --settings MODULE if the settings " +
      "live elsewhere",
  );
}

/**
 * The scan rules' hits and the alias verdicts drawn from them: scan reports both, fix and the diagram read the
 * verdicts. Verdicts come from every hit, suppressed or not: accepting a finding does not make a channel safe.
 */
export function judgeModel(
  model: ScanModel,
  rules: readonly Rule<ScanModel>[],
): { hits: JudgedHit[]; aliases: AliasReport[] } {
  const hits = collectHits(rules, model);
  return { hits, aliases: judgeAliases(model, hits) };
}

export async function scanProject(path: string, opts: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const project = await loadProject(path, opts);
  const { walk, built } = project;
  refuseEmptyScan(path, project, opts.settingsModule);
  if (opts.runtime)
    built.model.runtime = await importSettings({
      root: project.root,
      views: built.model.views,
      python: opts.runtime.python ?? defaultPython(project.root),
      env: built.evaluationEnv,
      timeoutMs: opts.runtime.timeoutMs,
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    });
  const readable = walk.files.filter(isReadable);
  const counts = new Map<string, number>();
  for (const v of built.model.views) counts.set(v.module, (counts.get(v.module) ?? 0) + 1);
  const lines = walkedLines(walk);
  const { hits, aliases } = judgeModel(built.model, await rulesOf("scan"));
  const inline = settleInlineSuppressions(
    findingsOf(hits, counts),
    walk.files,
    lines,
    new Set(CATALOG.map((m) => m.id)),
  );
  const findings = inline.kept;
  const unused = inline.marks
    .map((m) => ({ file: m.file, line: m.line, ids: m.ids.filter((id) => !m.used.includes(id)) }))
    .filter((m) => m.ids.length > 0);
  return {
    report: assembleReport("scan", path, findings, {
      topology: buildTopology(
        built.model,
        (view, alias) => verdictFor(aliases, view, alias)?.verdict,
        browserProtectionOf(hits),
        (alias) => poolerHop(alias, built.model.deploy.poolers),
      ),
      aliases,
      production: built.production ?? null,
      errors: fileErrors(walk),
      stats: {
        filesRead: readable.length,
        filesExcluded: walk.excluded,
        settingsModules: built.modules.length,
        durationMs: Math.round(performance.now() - started),
      },
      ...(inline.marks.length > 0
        ? { inlineSuppressions: { suppressed: inline.suppressed, problems: inline.problems, unused } }
        : {}),
      ...(built.model.runtime ? { runtime: built.model.runtime } : {}),
    }),
    modules: built.modules,
    ...(built.production ? { production: built.production } : {}),
    services: built.services,
    filesRead: readable.length,
    sourceLine: (file, line) => lines(file)?.[line - 1],
  };
}
