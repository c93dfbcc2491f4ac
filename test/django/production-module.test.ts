import { describe, expect, it } from "vitest";
import { modelOf, view } from "../helpers/model.js";

const SETTINGS = {
  "shop/__init__.py": "",
  "shop/settings/__init__.py": "",
  "shop/settings/base.py": `DEBUG = False\nALLOWED_HOSTS = ["shop.example.com"]\n`,
  "shop/settings/local.py": `from .base import *\nDEBUG = True\n`,
  "shop/settings/production.py": `from .base import *\nSECURE_SSL_REDIRECT = True\n`,
};
const manageLocal = `import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.local")\n`;

describe("which settings module is production", () => {
  it.each([
    ["manage.py", { "manage.py": manageLocal.replace("local", "production") }, "manage.py:2"],
    ["wsgi.py", { "shop/wsgi.py": manageLocal.replace("local", "production") }, "shop/wsgi.py:2"],
    ["asgi.py", { "shop/asgi.py": manageLocal.replace("local", "production") }, "shop/asgi.py:2"],
    [
      "a Dockerfile ENV",
      { Dockerfile: "FROM python:3.12\nENV DJANGO_SETTINGS_MODULE=shop.settings.production\n" },
      "Dockerfile:2",
    ],
    [
      "a compose environment entry",
      {
        "docker-compose.yml":
          "services:\n  web:\n    environment:\n      DJANGO_SETTINGS_MODULE: shop.settings.production\n",
      },
      "docker-compose.yml:4",
    ],
    [
      "a Procfile --settings flag",
      {
        Procfile:
          "web: gunicorn shop.wsgi\nrelease: python manage.py migrate --settings=shop.settings.production\n",
      },
      "Procfile:2",
    ],
    [".env", { ".env": "DJANGO_SETTINGS_MODULE=shop.settings.production\n" }, ".env:1"],
  ])("is found in %s", async (_name, extra, source) => {
    const built = await modelOf({ ...SETTINGS, ...extra });
    expect(built.production).toEqual({
      module: "shop.settings.production",
      source: expect.stringContaining(source),
    });
    expect(view(built.model, "shop.settings.production").production).toBe(true);
  });

  it("prefers a deployment file over manage.py's development default", async () => {
    const built = await modelOf({
      ...SETTINGS,
      "manage.py": manageLocal,
      Dockerfile: "ENV DJANGO_SETTINGS_MODULE=shop.settings.production\n",
    });
    expect(built.production?.module).toBe("shop.settings.production");
    expect(view(built.model, "shop.settings.local").development).toBe(true);
  });

  it("a development compose file never outranks manage.py naming production", async () => {
    const built = await modelOf({
      ...SETTINGS,
      "manage.py": manageLocal.replace("local", "production"),
      "docker-compose-local.yml":
        "services:\n  api:\n    command: python manage.py runserver\n    environment:\n      DJANGO_SETTINGS_MODULE: shop.settings.local\n",
    });
    expect(built.production).toMatchObject({ module: "shop.settings.production", source: "manage.py:2" });
    expect(view(built.model, "shop.settings.local").development).toBe(true);
  });

  it("a shell script that exports DJANGO_SETTINGS_MODULE is the deployment too", async () => {
    const built = await modelOf({
      ...SETTINGS,
      "manage.py": manageLocal,
      "deploy/start.sh":
        "#!/bin/sh\nexport DJANGO_SETTINGS_MODULE='shop.settings.production'\nexec gunicorn shop.wsgi\n",
    });
    expect(built.production).toMatchObject({
      module: "shop.settings.production",
      source: "deploy/start.sh:2",
    });
    // A test script names the settings its tests run with: not the deployment.
    const tests = await modelOf({
      ...SETTINGS,
      "manage.py": manageLocal,
      "scripts/test_migrations.sh": "export DJANGO_SETTINGS_MODULE=shop.settings.production\n",
    });
    expect(tests.production).toMatchObject({ module: "shop.settings.local", source: "manage.py:2" });
  });

  it("a module that star-imports settings and only changes a dict it shares is a settings module (hyphen in its name)", async () => {
    const built = await modelOf({
      ...SETTINGS,
      "shop/settings/base.py": `import os\ncfg = {"ENGINE": "django.db.backends.postgresql", "HOST": "localhost"}\nDATABASES = {"default": cfg}\nDEBUG = False\nSECRET_KEY = "x"\n`,
      "shop/settings/paas-addon.py": `import os\nfrom .base import *\ncfg["HOST"] = "pg.addon.example"\n`,
    });
    const addon = view(built.model, "shop.settings.paas-addon");
    expect(addon.databases[0]).toMatchObject({ hostClass: "network", sslmode: { value: "prefer" } });
  });

  it("a production module the deployment names but the tree lacks is a gating WW000 where it is named", async () => {
    const built = await modelOf({
      ...SETTINGS,
      "docker-compose.yml":
        "services:\n  web:\n    command: gunicorn shop.wsgi\n    environment:\n      DJANGO_SETTINGS_MODULE: shop.settings.cloud\n",
    });
    const d = built.model.diagnostics.find((x) => x.gating);
    expect(d).toMatchObject({
      origin: { file: "docker-compose.yml", line: 5 },
      module: "shop.settings.cloud",
    });
    expect(d?.reason).toContain("is not in the scanned tree");
  });

  it("a settings module that raises in every branch the scan followed: its DATABASES is unknown, not absent", async () => {
    const built = await modelOf({
      "app/__init__.py": "",
      "app/settings.py": 'SECRET_KEY = "x"\nraise RuntimeError("configure me")\nDATABASES = {}\n',
    });
    const v = view(built.model, "app.settings");
    expect(v.databases.map((a) => [a.alias, a.sslmode.source])).toEqual([["default", "unknown"]]);
  });

  it("--settings and DJANGO_SETTINGS_MODULE in the environment win over files", async () => {
    const files = { ...SETTINGS, Dockerfile: "ENV DJANGO_SETTINGS_MODULE=shop.settings.local\n" };
    expect((await modelOf(files, { settingsModule: "shop.settings.production" })).production).toEqual({
      module: "shop.settings.production",
      source: "--settings",
    });
    const fromEnv = await modelOf(files, { env: { DJANGO_SETTINGS_MODULE: "shop.settings.production" } });
    expect(fromEnv.production?.source).toBe("DJANGO_SETTINGS_MODULE in the environment");
  });

  it("a module named local is development unless it is the one named as production", async () => {
    const dev = await modelOf({ ...SETTINGS, "manage.py": manageLocal.replace("local", "production") });
    expect(view(dev.model, "shop.settings.local").development).toBe(true);
    const named = await modelOf({ ...SETTINGS }, { settingsModule: "shop.settings.local" });
    expect(view(named.model, "shop.settings.local").development).toBe(false);
  });

  it("every settings module found is evaluated and reported; a base only imported by others is not", async () => {
    const built = await modelOf({ ...SETTINGS, "manage.py": manageLocal.replace("local", "production") });
    expect(built.model.views.map((v) => v.module).sort()).toEqual([
      "shop.settings.local",
      "shop.settings.production",
    ]);
  });
});
