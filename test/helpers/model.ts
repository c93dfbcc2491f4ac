import type { SourceFile } from "../../src/core/files.js";
import { readYaml } from "../../src/deploy/read-yaml.js";
import type { ScanModel, SettingsView } from "../../src/django/model.js";
import { type BuiltScanModel, buildScanModel } from "../../src/django/scan-model.js";
import { pythonParser } from "../../src/python/parser.js";

/** In-memory files (path → text) as the walker would return them. */
export function sourceFiles(files: Record<string, string>, modes: Record<string, number> = {}): SourceFile[] {
  return Object.entries(files).map(([path, text]) => ({
    path,
    text,
    size: text.length,
    mode: modes[path] ?? 0o644,
    uid: 1000,
  }));
}

export async function modelOf(
  files: Record<string, string>,
  opts: { env?: Record<string, string>; settingsModule?: string; modes?: Record<string, number> } = {},
): Promise<BuiltScanModel> {
  const parser = await pythonParser();
  return buildScanModel(parser, sourceFiles(files, opts.modes), {
    env: new Map(Object.entries(opts.env ?? {})),
    readYaml,
    ...(opts.settingsModule ? { settingsModule: opts.settingsModule } : {}),
  });
}

export function view(model: ScanModel, module: string, condition: string | null = null): SettingsView {
  const v = model.views.find((x) => x.module === module && (condition === null || x.condition === condition));
  if (!v)
    throw new Error(
      `no view ${module}; have ${model.views.map((x) => `${x.module}[${x.condition}]`).join(", ")}`,
    );
  return v;
}
