/**
 * The deployment readers through the real tree walk (the rule tests build the model from memory): every kind of
 * deployment file issue 6 names is read from disk, and an env_file with any name is followed.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { writeTree } from "../helpers/tree.js";

const work = mkdtempSync(join(tmpdir(), "wirewarden-deploy-walk-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const tree = (files: Record<string, string>) => writeTree(work, files);

const INSECURE = "cockroach start --insecure --join=a,b,c";

describe("scan reads deployment files from disk", () => {
  it("k8s manifest, Helm values, shell script, Makefile, CI workflow, Containerfile, SQL and pg_hba.conf", async () => {
    const dir = tree({
      "k8s/crdb.yaml": `kind: StatefulSet\nmetadata:\n  name: crdb\nspec:\n  template:\n    spec:\n      containers:\n        - name: db\n          command: ["/cockroach/cockroach"]\n          args: ["start", "--insecure"]\n`,
      "charts/cockroachdb/values.yaml": "tls:\n  enabled: false\n",
      "scripts/start-db.sh": `#!/bin/sh\nexec ${INSECURE}\n`,
      Makefile: `db:\n\t${INSECURE}\n`,
      ".github/workflows/ci.yml": `jobs:\n  test:\n    steps:\n      - run: ${INSECURE} --background\n`,
      Containerfile: `FROM cockroachdb/cockroach\nCMD ["start-single-node", "--accept-sql-without-tls"]\n`,
      "db/init.sql":
        "SET CLUSTER SETTING server.host_based_authentication.configuration = 'host all all 0.0.0.0/0 password';\n",
      "db/pg_hba.conf": "host all all 0.0.0.0/0 password\n",
    });
    const r = await cli(["scan", dir, "--format", "json", "--fail-on", "none"]);
    expect(r.code, r.stderr).toBe(0);
    const got = (JSON.parse(r.stdout).findings as { ruleId: string; location?: { file: string } }[]).map(
      (f) => `${f.ruleId} ${f.location?.file}`,
    );
    expect(got.sort()).toEqual(
      [
        "WW201 .github/workflows/ci.yml",
        "WW201 Makefile",
        "WW201 k8s/crdb.yaml",
        "WW201 scripts/start-db.sh",
        "WW202 Containerfile",
        "WW203 charts/cockroachdb/values.yaml",
        "WW204 db/init.sql",
        "WW204 db/pg_hba.conf",
        // `password` on those network lines: the password itself crosses the connection.
        "WW207 db/init.sql",
        "WW207 db/pg_hba.conf",
      ].sort(),
    );
  });

  it("follows a compose env_file with any name into the Django service's environment; not through a symlink", async () => {
    const files = {
      "shop/__init__.py": "",
      "shop/settings.py": `import dj_database_url\nDATABASES = {"default": dj_database_url.config(default="postgres://a@localhost/s")}\n`,
      "manage.py": `import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n`,
      "docker-compose.yml":
        "services:\n  web:\n    command: gunicorn shop.wsgi\n    env_file: deploy/web-vars\n",
    };
    const dir = tree({
      ...files,
      "deploy/web-vars": "DATABASE_URL=postgres://a@db.prod.example/s?sslmode=require\n",
    });
    const r = await cli(["scan", dir, "--format", "json", "--fail-on", "none"]);
    const ids = (JSON.parse(r.stdout).findings as { ruleId: string; evidence: string }[]).filter(
      (f) => f.ruleId === "WW103",
    );
    expect(ids).toHaveLength(1);
    expect(ids[0]?.evidence).toContain("compose service web env_file deploy/web-vars");
    expect(r.stderr).toContain("settings evaluated with the environment of compose service web");

    const linked = tree({
      ...files,
      "outside-vars": "DATABASE_URL=postgres://a@db.prod.example/s?sslmode=require\n",
    });
    mkdirSync(join(linked, "deploy"));
    symlinkSync(join(linked, "outside-vars"), join(linked, "deploy", "web-vars"));
    const r2 = await cli(["scan", linked, "--format", "json", "--fail-on", "none"]);
    expect((JSON.parse(r2.stdout).findings as { ruleId: string }[]).some((f) => f.ruleId === "WW103")).toBe(
      false,
    );
  });
});
