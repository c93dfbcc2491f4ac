import { describe, expect, it } from "vitest";
import { envAssignments } from "../../src/rules/env-helpers.js";
import { weakPgSslmodeHits, ww112 } from "../../src/rules/ww112-db-env-sslmode-weak.js";
import { modelOf } from "../helpers/model.js";
import { findingsOf, settingsProject } from "../helpers/scan.js";

const noOptions = `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com"}}\n`;
const withEnv = (env: string, file = ".env", settings = noOptions) =>
  settingsProject(settings, { [file]: env });

describe("WW112 db-env-sslmode-weak", () => {
  describe("invalid: fires", () => {
    it.each([
      ["disable", "plaintext"],
      ["allow", "tries plaintext first"],
      ["prefer", "answers 'N'"],
      ["require", "any certificate"],
      ["verify-ca", "host name"],
    ])("PGSSLMODE=%s", async (mode, attack) => {
      const findings = await findingsOf(ww112, withEnv(`# db\nPGSSLMODE=${mode}\n`));
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        ruleId: "WW112",
        name: "db-env-sslmode-weak",
        severity: "high",
        cwe: "CWE-319",
        location: { file: ".env", line: 2, column: 1 },
      });
      expect(findings[0]?.message).toContain(`PGSSLMODE=${mode}`);
      expect(findings[0]?.message).toContain(attack);
      expect(findings[0]?.fix).toBe("set PGSSLMODE=verify-full and PGSSLROOTCERT=/path/to/ca.crt in .env");
    });

    it("names the aliases whose effective sslmode it is", async () => {
      const [f] = await findingsOf(ww112, withEnv("PGSSLMODE=require\n"));
      expect(f?.evidence).toContain("effective sslmode of alias 'default' of app.settings");
    });

    it("fires even when every alias sets sslmode itself: other libpq clients still use it", async () => {
      const settings = `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "OPTIONS": {"sslmode": "verify-full"}}}\n`;
      const [f] = await findingsOf(ww112, withEnv("PGSSLMODE=prefer\n", ".env", settings));
      expect(f?.evidence).toContain("no scanned alias takes its sslmode from it");
    });

    it("quoted and exported values, other env file names", async () => {
      expect(
        await findingsOf(ww112, withEnv(`export PGSSLMODE="require"\n`, ".env.production")),
      ).toHaveLength(1);
      expect(await findingsOf(ww112, withEnv(`PGSSLMODE='disable' # dev\n`, "deploy/prod.env"))).toHaveLength(
        1,
      );
    });

    it("the check takes assignments from any source (Dockerfile, compose, k8s readers feed the same list)", () => {
      const hits = weakPgSslmodeHits([
        {
          variable: "PGSSLMODE",
          value: "require",
          origin: { file: "Dockerfile", line: 7, column: 5 },
          context: "Dockerfile ENV",
        },
        {
          variable: "PGHOST",
          value: "db",
          origin: { file: "Dockerfile", line: 8, column: 5 },
          context: "Dockerfile ENV",
        },
      ]);
      expect(hits).toHaveLength(1);
      expect(hits[0]?.message).toContain("in Dockerfile ENV Dockerfile");
      expect(hits[0]?.location).toEqual({ file: "Dockerfile", line: 7, column: 5 });
    });

    it("envAssignments lists every env file variable with its origin", async () => {
      const { model } = await modelOf(withEnv("PGSSLMODE=require\nPGHOST=db\n"));
      expect(envAssignments(model)).toEqual([
        {
          variable: "PGSSLMODE",
          value: "require",
          origin: { file: ".env", line: 1, column: 1 },
          context: "env file",
        },
        {
          variable: "PGHOST",
          value: "db",
          origin: { file: ".env", line: 2, column: 1 },
          context: "env file",
        },
      ]);
    });
  });

  describe("valid: does not fire", () => {
    it.each([
      ["verify-full", "PGSSLMODE=verify-full\n"],
      ["a value libpq rejects", "PGSSLMODE=REQUIRE\n"],
      ["a reference, not a value", `PGSSLMODE=\${SSLMODE}\n`],
      ["commented out", "# PGSSLMODE=disable\n"],
      ["another variable", "DB_SSLMODE=disable\n"],
    ])("%s", async (_name, env) => {
      expect(await findingsOf(ww112, withEnv(env))).toEqual([]);
    });
  });
});

describe("WW112 in deployment files", () => {
  it("Dockerfile ENV (both forms), compose environment (map and list), Kubernetes env and a ConfigMap", async () => {
    const { ww112: rule } = await import("../../src/rules/ww112-db-env-sslmode-weak.js");
    const { findingsOf: run } = await import("../helpers/scan.js");
    const f = await run(rule, {
      Dockerfile: "FROM python:3.11\nENV PGSSLMODE=prefer\n",
      "worker/Dockerfile": "FROM python:3.11\nENV PGSSLMODE require\n",
      "docker-compose.yml":
        "services:\n  web:\n    environment:\n      PGSSLMODE: disable\n  job:\n    environment:\n      - PGSSLMODE=allow\n",
      "k8s/web.yaml":
        "kind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          env:\n            - name: PGSSLMODE\n              value: verify-ca\n",
      "k8s/env.yaml": "kind: ConfigMap\nmetadata:\n  name: shop-env\ndata:\n  PGSSLMODE: prefer\n",
    });
    expect(f.map((x) => `${x.location?.file}:${x.location?.line}`).sort()).toEqual([
      "Dockerfile:2",
      "docker-compose.yml:4",
      "docker-compose.yml:7",
      "k8s/env.yaml:5",
      "k8s/web.yaml:11",
      "worker/Dockerfile:2",
    ]);
    expect(f.find((x) => x.location?.file === "docker-compose.yml")?.message).toContain("compose service");
  });

  it("is silent for verify-full everywhere", async () => {
    const { ww112: rule } = await import("../../src/rules/ww112-db-env-sslmode-weak.js");
    const { findingsOf: run } = await import("../helpers/scan.js");
    expect(
      await run(rule, {
        Dockerfile: "ENV PGSSLMODE=verify-full PGSSLROOTCERT=/certs/ca.crt\n",
        "compose.yaml": "services:\n  web:\n    environment:\n      PGSSLMODE: verify-full\n",
      }),
    ).toEqual([]);
  });
});
