import { statSync } from "node:fs";
import { resolve } from "node:path";
import { DEFAULT_LIMITS, errorText, readTreeFile, walkTree } from "../core/files.js";
import { isYaml } from "../deploy/read-deploy.js";
import { buildScanModel } from "../django/scan-model.js";
import { pythonParser } from "../python/parser.js";
import { UsageError } from "./usage.js";
export async function loadProject(path, opts) {
    const root = resolve(path);
    let isDir = false;
    try {
        isDir = statSync(root).isDirectory();
    }
    catch (e) {
        throw new UsageError(`cannot scan ${path}: ${errorText(e)}`);
    }
    if (!isDir)
        throw new UsageError(`cannot scan ${path}: not a directory`);
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
    });
    const readable = walk.files.filter((f) => f.text !== undefined);
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
export function walkedLines(walk) {
    const texts = new Map(walk.files.map((f) => [f.path, f.text]));
    const cache = new Map();
    return (file) => {
        const cached = cache.get(file);
        if (cached)
            return cached;
        const text = texts.get(file);
        if (text === undefined)
            return undefined;
        const lines = text.split("\n");
        cache.set(file, lines);
        return lines;
    };
}
//# sourceMappingURL=pipeline.js.map