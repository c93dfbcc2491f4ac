import { describe, expect, it } from "vitest";
import { modelOf, view } from "../helpers/model.js";

describe("evaluator smoke", () => {
  it("follows split settings, env defaults, dj_database_url and mutation", async () => {
    const { model } = await modelOf({
      "manage.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.production")\n',
      "shop/__init__.py": "",
      "shop/settings/__init__.py": "",
      "shop/settings/base.py": [
        "import os",
        "from pathlib import Path",
        "import dj_database_url",
        "BASE_DIR = Path(__file__).resolve().parent.parent",
        'DEBUG = os.environ.get("DJANGO_DEBUG", "False")',
        "DATABASES = {",
        "    'default': {",
        "        'ENGINE': 'django_cockroachdb',",
        "        'HOST': os.environ.get('DB_HOST', 'crdb.internal'),",
        "        'PORT': 26257,",
        "        'PASSWORD': 'hunter2',",
        "    },",
        "    'replica': dj_database_url.config(env='REPLICA_URL', default='postgresql://u:p@replica.internal:26257/shop?sslmode=verify-full', ssl_require=True),",
        "}",
      ].join("\n"),
      "shop/settings/production.py": [
        "from .base import *",
        "DATABASES['default']['CONN_MAX_AGE'] = 600",
        "DATABASES['default'].setdefault('OPTIONS', {})['sslrootcert'] = str(BASE_DIR / 'certs' / 'ca.crt')",
        "if os.environ.get('USE_LOCAL'):",
        "    DATABASES['default']['HOST'] = 'localhost'",
      ].join("\n"),
    });
    expect(model.diagnostics).toEqual([]);
    const prodViews = model.views.filter((v) => v.module === "shop.settings.production");
    expect(prodViews.map((v) => v.condition).sort()).toEqual([
      "os.environ.get('USE_LOCAL') is false",
      "os.environ.get('USE_LOCAL') is true",
    ]);
    expect(model.views.some((v) => v.module === "shop.settings.base")).toBe(false);
    const v = view(model, "shop.settings.production", "os.environ.get('USE_LOCAL') is false");
    expect(v.production).toBe(true);
    const def = v.databases.find((d) => d.alias === "default");
    expect(def?.sslmode).toMatchObject({ value: "prefer", source: "default" });
    expect(def?.network).toBe(true);
    expect(def?.sslrootcert.value).toBe("<project>/shop/certs/ca.crt");
    expect(def?.connMaxAge).toMatchObject({ kind: "int", value: 600 });
    const rep = v.databases.find((d) => d.alias === "replica");
    expect(rep?.sslmode).toMatchObject({ value: "require", source: "ssl_require" });
    expect(rep?.url?.url).toContain("replica.internal");
    expect(v.settings.get("DEBUG")).toMatchObject({ kind: "str", value: "False" });
    const local = view(model, "shop.settings.production", "os.environ.get('USE_LOCAL') is true");
    expect(local.databases.find((d) => d.alias === "default")?.network).toBe(false);
  });
});
