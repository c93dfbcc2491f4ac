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

/**
 * `app.settings` with this source (and SECRET_KEY, which makes a module a settings module, as in any real project),
 * evaluated with `env`, beside the `extra` files: the model and that module's view.
 */
export async function settingsOf(
  source: string,
  env: Record<string, string> = {},
  extra: Record<string, string> = {},
) {
  const files = { "app/__init__.py": "", "app/settings.py": `${source}\nSECRET_KEY = "x"\n`, ...extra };
  const { model } = await modelOf(files, { env });
  return { model, v: view(model, "app.settings") };
}

/** Each branch of the model's views with the first alias's effective sslmode, sorted by branch. */
export function sslmodeByBranch(model: ScanModel): (string | null | undefined)[][] {
  return model.views
    .map((v) => [v.condition, v.databases[0]?.sslmode.value])
    .sort((a, b) => `${a}`.localeCompare(`${b}`));
}
