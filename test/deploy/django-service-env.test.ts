import { describe, expect, it } from "vitest";
import { ww101 } from "../../src/rules/ww101-db-tls-not-enforced.js";
import { ww102 } from "../../src/rules/ww102-db-tls-disabled.js";
import { ww103 } from "../../src/rules/ww103-db-cert-not-verified.js";
import { ww107 } from "../../src/rules/ww107-db-tls-env-default-weak.js";
import { ww110 } from "../../src/rules/ww110-db-password-in-source.js";
import { ww201 } from "../../src/rules/ww201-crdb-insecure-mode.js";
import { modelOf, view } from "../helpers/model.js";
import { findingsOf } from "../helpers/scan.js";

/** Settings that take everything from the environment, as twelve-factor Django projects do. */
const SETTINGS = {
  "shop/__init__.py": "",
  "shop/settings.py": `import os
import dj_database_url
DATABASES = {"default": dj_database_url.config(default="postgres://app@localhost/shop")}
DATABASES["default"]["PASSWORD"] = os.environ.get("DB_PASSWORD", "")
`,
  "manage.py": `import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n`,
};

const COMPOSE = `services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: db-side-only
      DATABASE_URL: postgres://other@db.internal/x?sslmode=verify-full
  worker:
    image: shop
    command: celery -A shop worker
    environment:
      DJANGO_SETTINGS_MODULE: shop.settings
      DATABASE_URL: postgres://app@db.prod.internal:5432/shop?sslmode=verify-full&sslrootcert=/ca.crt
  web:
    build: .
    command: gunicorn shop.wsgi:application --bind 0.0.0.0:8000
    environment:
      DATABASE_URL: postgres://app@db.prod.internal:5432/shop?sslmode=require
`;

const defaultAlias = async (files: Record<string, string>, env: Record<string, string> = {}) =>
  view((await modelOf({ ...SETTINGS, ...files }, { env })).model, "shop.settings").databases.find(
    (a) => a.alias === "default",
  );

describe("the Django service's deployment env feeds the settings", () => {
  it("a service whose command runs a script of the tree that starts daphne is the Django service", async () => {
    const compose = COMPOSE.replace(
      "    command: gunicorn shop.wsgi:application --bind 0.0.0.0:8000\n",
      "    command: sh /app/docker/entrypoint.sh\n",
    );
    const script =
      "#!/bin/sh\n# gunicorn is not used any more\npython manage.py migrate\nexec daphne shop.asgi:application\n";
    const built = await modelOf({
      ...SETTINGS,
      "docker-compose.yml": compose,
      "docker/entrypoint.sh": script,
    });
    expect(built.services[0]?.name).toBe("compose service web (docker-compose.yml)");
    expect(view(built.model, "shop.settings").databases[0]?.sslmode.value).toBe("require");
    // The script only in a comment, or not in the tree: the worker (DJANGO_SETTINGS_MODULE) is all there is.
    for (const files of [
      { "docker/entrypoint.sh": "#!/bin/sh\n# exec daphne shop.asgi:application\nexec nginx\n" },
      {},
    ]) {
      const other = await modelOf({ ...SETTINGS, "docker-compose.yml": compose, ...files });
      expect(other.services[0]?.name).toBe("compose service worker (docker-compose.yml)");
    }
  });

  it("takes DATABASE_URL from the compose service that runs gunicorn, and the finding names it", async () => {
    const built = await modelOf({ ...SETTINGS, "docker-compose.yml": COMPOSE });
    expect(built.services).toEqual([
      {
        name: "compose service web (docker-compose.yml)",
        variables: ["DATABASE_URL"],
        others: ["compose service worker (docker-compose.yml)"],
      },
    ]);
    const alias = view(built.model, "shop.settings").databases[0];
    expect(alias?.sslmode.value).toBe("require");
    expect(alias?.hostLabel).toContain("db.prod.internal");
    const f = await findingsOf(ww103, { ...SETTINGS, "docker-compose.yml": COMPOSE });
    expect(f).toHaveLength(1);
    expect(f[0]?.evidence).toContain("set by compose service web (docker-compose.yml:17)");
  });

  it("what the user supplies (--env-file, process env) wins over the deployment file", async () => {
    const alias = await defaultAlias(
      { "docker-compose.yml": COMPOSE },
      { DATABASE_URL: "postgres://app@db.prod.internal/shop?sslmode=verify-full&sslrootcert=/ca.crt" },
    );
    expect(alias?.sslmode.value).toBe("verify-full");
    expect(alias?.sslmode.env?.from).toBeUndefined();
  });

  it("without a Django service, the default in the code is judged (WW107), as before", async () => {
    const dbOnly =
      "services:\n  db:\n    image: postgres:16\n    environment:\n      DATABASE_URL: postgres://x@h/d?sslmode=verify-full\n";
    const built = await modelOf({ ...SETTINGS, "docker-compose.yml": dbOnly });
    expect(built.services).toEqual([]);
    expect(view(built.model, "shop.settings").databases[0]?.hostLabel).toContain("localhost");
  });

  it("env_file (any name), then environment; the image's ENV under both; interpolated values are not guessed", async () => {
    const compose = `services:
  web:
    build:
      context: .
    command: ["python", "manage.py", "runserver"]
    env_file:
      - config/web-env
    environment:
      PGSSLROOTCERT: \${CA_PATH}
`;
    const built = await modelOf({
      ...SETTINGS,
      "docker-compose.yml": compose,
      "config/web-env": "DATABASE_URL=postgres://app@db.prod.internal/shop\nPGSSLROOTCERT=/etc/ca.crt\n",
      Dockerfile: "FROM python:3.12\nENV PGSSLMODE=allow\n",
    });
    expect(built.services[0]?.variables).toEqual(["DATABASE_URL", "PGSSLMODE"]);
    const alias = view(built.model, "shop.settings").databases[0];
    expect(alias?.sslmode).toMatchObject({ value: "allow", source: "PGSSLMODE" });
    expect(alias?.sslmode.env?.from?.where).toBe("the image's Dockerfile ENV");
    // The interpolated value is not taken; what libpq sees is then the env file's line, as for a tree .env.
    expect(alias?.sslrootcert.value).toBe("/etc/ca.crt");
    expect(alias?.sslrootcert.env?.from).toBeUndefined();
    const f = await findingsOf(ww102, {
      ...SETTINGS,
      "docker-compose.yml": compose,
      "config/web-env": "DATABASE_URL=postgres://app@db.prod.internal/shop\n",
      Dockerfile: "FROM python:3.12\nENV PGSSLMODE=allow\n",
    });
    expect(f[0]?.evidence).toContain("set by the image's Dockerfile ENV (Dockerfile:2)");
  });

  it("Kubernetes: envFrom a ConfigMap, valueFrom a Secret key; WW110 points at the Secret", async () => {
    const manifests = `apiVersion: v1
kind: ConfigMap
metadata:
  name: shop-env
data:
  DATABASE_URL: postgres://app@db.prod.internal:26257/shop?sslmode=prefer
---
apiVersion: v1
kind: Secret
metadata:
  name: shop-secrets
stringData:
  password: hunter2-but-longer
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  template:
    spec:
      containers:
        - name: web
          image: shop:1
          args: ["uwsgi", "--ini", "uwsgi.ini"]
          envFrom:
            - configMapRef:
                name: shop-env
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: shop-secrets
                  key: password
`;
    const built = await modelOf({ ...SETTINGS, "k8s/shop.yaml": manifests });
    expect(built.services[0]?.name).toBe("Deployment shop container web (k8s/shop.yaml)");
    const alias = view(built.model, "shop.settings").databases[0];
    expect(alias?.sslmode.value).toBe("prefer");
    const f101 = await findingsOf(ww101, { ...SETTINGS, "k8s/shop.yaml": manifests });
    expect(f101[0]?.evidence).toContain(
      "set by Deployment shop container web envFrom ConfigMap shop-env (k8s/shop.yaml:6)",
    );
    const f110 = await findingsOf(ww110, { ...SETTINGS, "k8s/shop.yaml": manifests });
    expect(f110.map((x) => [x.location?.file, x.location?.line])).toContainEqual(["k8s/shop.yaml", 13]);
    const secret = f110.find((x) => x.location?.line === 13);
    expect(secret?.message).toContain(
      "DB_PASSWORD of Deployment shop container web valueFrom Secret shop-secrets",
    );
    expect(JSON.stringify(f110)).not.toContain("hunter2");
  });

  it("a Secret's base64 data is read too; stringData wins", async () => {
    const manifests = `kind: Secret
metadata:
  name: s
data:
  PGSSLMODE: ${Buffer.from("disable").toString("base64")}
---
kind: Deployment
metadata:
  name: shop
spec:
  template:
    spec:
      containers:
        - name: web
          command: ["gunicorn", "shop.wsgi"]
          envFrom:
            - secretRef:
                name: s
          env:
            - name: DATABASE_URL
              value: postgres://app@db.prod.internal/shop
`;
    const alias = await defaultAlias({ "deploy.yaml": manifests });
    expect(alias?.sslmode).toMatchObject({ value: "disable", source: "PGSSLMODE" });
  });

  it("a supplied deployment value silences WW107 as --env-file does (the default is not what runs)", async () => {
    const settings = {
      ...SETTINGS,
      "shop/settings.py": `import os\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.prod.internal", "OPTIONS": {"sslmode": os.environ.get("DB_SSLMODE", "prefer")}}}\n`,
    };
    expect(await findingsOf(ww107, settings)).toHaveLength(1);
    const compose =
      "services:\n  web:\n    command: gunicorn shop.wsgi\n    environment:\n      DB_SSLMODE: verify-full\n";
    expect(await findingsOf(ww107, { ...settings, "compose.yaml": compose })).toHaveLength(0);
    const weak = compose.replace("verify-full", "require");
    const f = await findingsOf(ww103, { ...settings, "compose.yaml": weak });
    expect(f[0]?.evidence).toContain("env DB_SSLMODE set by compose service web (compose.yaml:5)");
  });
});

describe("compose anchors and merge keys (`<<: *defaults`)", () => {
  const compose = `x-roach: &roach
  image: cockroachdb/cockroach:v23.2.4
  command: start --insecure --join=roach1,roach2
x-web-env: &web-env
  DATABASE_URL: postgres://app@db.prod.internal/shop?sslmode=require
services:
  roach1:
    <<: *roach
  roach2:
    <<: *roach
  web:
    command: gunicorn shop.wsgi
    environment: *web-env
`;
  it("each service that merges an insecure command is reported, at the anchor's text", async () => {
    const f = await findingsOf(ww201, { ...SETTINGS, "docker-compose.yml": compose });
    expect(f.map((x) => [x.location?.line, x.message.match(/compose service \w+/)?.[0]])).toEqual([
      [3, "compose service roach1"],
      [3, "compose service roach2"],
    ]);
  });
  it("an aliased environment reaches the settings", async () => {
    const alias = await defaultAlias({ "docker-compose.yml": compose });
    // The settings' own default URL says nothing of sslmode: this can only come from the anchored environment.
    expect(alias?.sslmode).toMatchObject({ value: "require", source: "url" });
    expect(alias?.hostLabel).toContain("db.prod.internal");
  });
});

describe("a monorepo: each project gets its own service's environment", () => {
  const project = (dir: string, url: string) => ({
    [`${dir}/shop/__init__.py`]: "",
    [`${dir}/shop/settings.py`]: SETTINGS["shop/settings.py"],
    [`${dir}/manage.py`]: SETTINGS["manage.py"],
    [`${dir}/compose.yaml`]: `services:\n  web:\n    command: gunicorn shop.wsgi\n    environment:\n      DATABASE_URL: ${url}\n`,
  });
  it("services/a's DATABASE_URL does not leak into services/b, and a manifest outside both is not guessed", async () => {
    const built = await modelOf({
      ...project("services/a", "postgres://app@a.internal/shop?sslmode=require"),
      ...project("services/b", "postgres://app@b.internal/shop?sslmode=verify-full&sslrootcert=/ca.crt"),
      "k8s/other.yaml":
        "kind: Deployment\nmetadata:\n  name: x\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          command: [gunicorn]\n          env:\n            - name: DATABASE_URL\n              value: postgres://x@k8s.internal/x?sslmode=disable\n",
    });
    const modes = built.model.views
      .filter((v) => v.module === "shop.settings")
      .map((v) => [v.file, v.databases[0]?.sslmode.value, v.databases[0]?.hostLabel.split(" ")[0]]);
    expect(modes.sort()).toEqual([
      ["services/a/shop/settings.py", "require", "a.internal"],
      ["services/b/shop/settings.py", "verify-full", "b.internal"],
    ]);
    expect(built.services.map((s) => s.name).sort()).toEqual([
      "compose service web (services/a/compose.yaml)",
      "compose service web (services/b/compose.yaml)",
    ]);
  });
  it("a single project takes its manifests from anywhere in the tree (k8s/ beside src/)", async () => {
    const built = await modelOf({
      "src/shop/__init__.py": "",
      "src/shop/settings.py": SETTINGS["shop/settings.py"],
      "src/manage.py": SETTINGS["manage.py"],
      "k8s/web.yaml":
        "kind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          command: [gunicorn, shop.wsgi]\n          env:\n            - name: DATABASE_URL\n              value: postgres://app@db.internal/shop?sslmode=disable\n",
    });
    expect(view(built.model, "shop.settings").databases[0]?.sslmode.value).toBe("disable");
  });
});

describe("an env_file outside the repository is not read from it", () => {
  it("an absolute env_file (/run/secrets/prod.env) is the host's, not a decoy file of that path in the repo", async () => {
    const compose =
      "services:\n  web:\n    command: gunicorn shop.wsgi\n    env_file:\n      - /run/secrets/prod.env\n";
    const decoy =
      "DATABASE_URL=postgres://app@db.prod.internal/shop?sslmode=verify-full&sslrootcert=/ca.crt\n";
    const built = await modelOf({
      ...SETTINGS,
      "docker-compose.yml": compose,
      "run/secrets/prod.env": decoy,
    });
    const alias = view(built.model, "shop.settings").databases.find((a) => a.alias === "default");
    // Not the decoy's verify-full: the deployment's DATABASE_URL is not known here.
    expect(alias?.sslmode.value).not.toBe("verify-full");
    expect(built.services.flatMap((s) => s.variables)).not.toContain("DATABASE_URL");
  });
});
