/** What the scan rule tables share: a model built from in-memory files, as `scan` builds it from a tree. */
import type { ScanModel } from "../../../src/django/model.js";
import { modelOf } from "../../helpers/model.js";
import { settingsProject } from "../../helpers/scan.js";

export type Files = Record<string, string>;
export type ScanOptions = Parameters<typeof modelOf>[1];

/**
 * A case's model, built when its test runs: parsing Python is asynchronous, and a source the evaluator chokes on
 * then fails that one case instead of the whole file.
 */
export function scanModel(files: Files, opts?: ScanOptions): () => Promise<ScanModel> {
  return () => modelOf(files, opts).then((r) => r.model);
}

/**
 * `app.settings` with one PostgreSQL alias, `default`, on a network host. `options` is the OPTIONS dict as Python
 * source (none: libpq's defaults apply); `host` is Python source too, so it may be an env read.
 */
export function pgProject(
  options?: string,
  host = `"db.example.com"`,
  engine = "django.db.backends.postgresql",
): Files {
  const opts = options === undefined ? "" : `, "OPTIONS": ${options}`;
  return settingsProject(`DATABASES = {"default": {"ENGINE": "${engine}", "HOST": ${host}${opts}}}\n`);
}
