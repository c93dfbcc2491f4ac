import { statSync } from "node:fs";
import { resolve } from "node:path";
import {
  DEFAULT_LIMITS,
  errorText,
  isDeferred,
  isReadable,
  problemOf,
  readTreeFile,
  undefer,
  type WalkResult,
  walkTree,
} from "../core/files.js";
import { isYaml } from "../deploy/read-deploy.js";
import { buildScanModel } from "../django/scan-model.js";
import { pythonParser } from "../python/parser.js";
import { UsageError } from "./usage.js";

/**
 * The one project loader: `scan`, `fix` and `probe --from-scan` read the tree and model it here, deployment
 * readers included, so that what one command says about an alias (its host from a compose file, say) is what the
 * others act on.
 */
export interface LoadOptions {
  /** Values for env vars the settings read: --env-file merged over the process environment. */
  env: ReadonlyMap<string, string>;
  settingsModule?: string;
  maxFileBytes?: number;
  /** Most files the walk reads (tests lower it; the default is the walker's). */
  maxFiles?: number;
  /** Paths the user left out of the scan (`--exclude`, `exclude` in the configuration). */
  exclude?: (path: string, isDir: boolean) => boolean;
  onProgress?: (message: string) => void;
  /**
   * `--diff-base`: the Python files that hold none of PYTHON_NEEDLES (git grep), read only if imported (undefined:
   * read every file), and those of them to read anyway, the files the change touched (undefined: all of them).
   */
  deferred?: {
    files: Promise<ReadonlySet<string> | undefined>;
    readAnyway: Promise<{ has(path: string): boolean } | undefined>;
  };
}

/** A project tree read and modelled: what `scan` judges and `fix` rewrites. */
export interface LoadedProject {
  root: string;
  walk: WalkResult;
  built: ReturnType<typeof buildScanModel>;
  parser: Awaited<ReturnType<typeof pythonParser>>;
}

export async function loadProject(path: string, opts: LoadOptions): Promise<LoadedProject> {
  const root = resolve(path);
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch (e) {
    throw new UsageError(`cannot scan ${path}: ${errorText(e)}`);
  }
  if (!isDir) throw new UsageError(`cannot scan ${path}: not a directory`);
  opts.onProgress?.(`reading ${path}`);
  // The grammar's WebAssembly is read and compiled off the main thread while the walk reads the tree; the walk
  // yields now and then so that each of its steps can start.
  const parserReady = pythonParser();
  parserReady.catch(() => undefined);
  const walk = await walkTree(root, {
    ...DEFAULT_LIMITS,
    maxFileBytes: opts.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes,
    maxFiles: opts.maxFiles ?? DEFAULT_LIMITS.maxFiles,
    ...(opts.exclude ? { exclude: opts.exclude } : {}),
    ...(opts.deferred ? { deferred: opts.deferred.files } : {}),
  });
  const readable = walk.files.filter(isReadable);
  if (readable.length === 0 && (walk.problems.length > 0 || walk.files.length > 0)) {
    const first = walk.problems[0] ?? walk.files.find((f) => f.problem);
    const why = first ? `${first.path}: ${"problem" in first ? first.problem : ""}` : "nothing readable";
    throw new UsageError(`nothing could be scanned in ${path} (${why})`);
  }
  opts.onProgress?.(`evaluating settings in ${readable.length} files`);
  const parser = await parserReady;
  const readYaml = walk.files.some((f) => isYaml(f.path))
    ? (await import("../deploy/read-yaml.js")).readYaml
    : undefined;
  const limits = { ...DEFAULT_LIMITS, maxFileBytes: opts.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes };
  const built = buildScanModel(parser, walk.files, {
    env: opts.env,
    readFile: (p) => readTreeFile(root, p, limits),
    ...(readYaml ? { readYaml } : {}),
    treePaths: walk.allPaths,
    root,
    ...(opts.settingsModule ? { settingsModule: opts.settingsModule } : {}),
  });
  if (opts.deferred) {
    // A deferred file the change touched is read now: no reader acts on it (it holds none of their literals), but
    // a read problem of its own is a finding on its first line, as in a full scan.
    const anyway = await opts.deferred.readAnyway;
    const touched = walk.files.filter((f) => isDeferred(f) && (!anyway || anyway.has(f.path)));
    for (const f of touched) {
      // An import read it already: its problem is among the model's.
      const counted = problemOf(f) !== undefined;
      undefer(f);
      if (f.problem && !counted)
        built.model.diagnostics.unshift({ origin: { file: f.path, line: 1, column: 1 }, reason: f.problem });
    }
  }
  for (const p of walk.problems) {
    built.model.diagnostics.push({
      origin: { file: p.path, line: 1, column: 1 },
      reason: p.problem,
      ...(p.gating ? { gating: true } : {}),
    });
  }
  return { root, walk, built, parser };
}

/**
 * The lines of every file the walk read, from the text it read: inline suppressions and baseline fingerprints
 * use these, so the tree is read once per run and nothing is read that the walk would not (links, key files,
 * files over the limit).
 */
export function walkedLines(walk: LoadedProject["walk"]): (file: string) => string[] | undefined {
  // The files, not their texts: a deferred file is read only if a finding is on it.
  const files = new Map(walk.files.map((f) => [f.path, f]));
  const cache = new Map<string, string[]>();
  return (file) => {
    const cached = cache.get(file);
    if (cached) return cached;
    const text = files.get(file)?.text;
    if (text === undefined) return undefined;
    const lines = text.split("\n");
    cache.set(file, lines);
    return lines;
  };
}
