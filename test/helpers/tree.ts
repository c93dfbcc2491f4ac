import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** A new directory under `parent` holding these files (path → text), parents created as needed. */
export function writeTree(parent: string, files: Record<string, string>): string {
  const dir = mkdtempSync(join(parent, "t-"));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

/** `manage.py` naming `shop.settings`, and the `shop` package with this settings module: a project `scan` finds. */
export function shopTree(parent: string, settings: string, extra: Record<string, string> = {}): string {
  return writeTree(parent, {
    "manage.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n',
    "shop/__init__.py": "",
    "shop/settings.py": settings,
    ...extra,
  });
}
