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

/**
 * A one-module Django project (`shop.settings`) in a new directory under `parent`, whose `default` alias is a
 * PostgreSQL database at `host` with these OPTIONS (a Python dict literal); `extra` is appended to the module.
 */
export function djangoProject(
  parent: string,
  o: { options: string; host: string; port: number; user: string; password: string; extra?: string },
): string {
  const dir = mkdtempSync(join(parent, "project-"));
  mkdirSync(join(dir, "shop"));
  writeFileSync(join(dir, "shop", "__init__.py"), "");
  writeFileSync(
    join(dir, "shop", "settings.py"),
    `SECRET_KEY = "wirewarden-test"
INSTALLED_APPS = []
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "postgres",
        "USER": ${JSON.stringify(o.user)},
        "PASSWORD": ${JSON.stringify(o.password)},
        "HOST": ${JSON.stringify(o.host)},
        "PORT": ${o.port},
        "OPTIONS": ${o.options},
    },
}
${o.extra ?? ""}`,
  );
  return dir;
}
