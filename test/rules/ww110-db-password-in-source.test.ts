import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/core/finding.js";
import { isPasswordPlaceholder, ww110 } from "../../src/rules/ww110-db-password-in-source.js";
import { findingsOf, settingsProject } from "../helpers/scan.js";

const pg = (password: string, host = `"db.example.com"`) =>
  settingsProject(
    `import os\nimport environ\nfrom decouple import config\nenv = environ.Env()\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": ${host}, "PASSWORD": ${password}}}\n`,
  );

/** `${NAME}`, written without a template placeholder in a plain string. */
const ref = (name: string) => `\${${name}}`;

function expectNoSecret(findings: Finding[], ...secrets: string[]): void {
  const text = JSON.stringify(findings);
  for (const s of secrets) expect(text).not.toContain(s);
}

describe("WW110 db-password-in-source", () => {
  describe("invalid: fires", () => {
    it("a literal PASSWORD, shown only as **** and its length", async () => {
      const findings = await findingsOf(ww110, pg(`"Tr0ub4dor&3"`));
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        ruleId: "WW110",
        name: "db-password-in-source",
        severity: "medium",
        cwe: "CWE-798",
        alias: "default",
        settingsModule: "app.settings",
        location: { file: "app/settings.py", line: 5, column: 107 },
      });
      expect(findings[0]?.evidence).toBe("PASSWORD is a string literal: **** (11 characters)");
      expectNoSecret(findings, "Tr0ub4dor", "Tr0ub4dor&3");
    });

    it.each([
      ["os.environ.get", `os.environ.get("DB_PASSWORD", "hunter2")`],
      ["os.getenv", `os.getenv("DB_PASSWORD", "hunter2")`],
      ["environ.Env", `env("DB_PASSWORD", default="hunter2")`],
      ["decouple", `config("DB_PASSWORD", default="hunter2")`],
    ])("the default of an env read (%s) is in source", async (_name, read) => {
      const findings = await findingsOf(ww110, pg(read));
      expect(findings).toHaveLength(1);
      expect(findings[0]?.message).toContain("DB_PASSWORD is not set");
      expect(findings[0]?.evidence).toContain("**** (7 characters)");
      expect(findings[0]?.fix).toContain("remove the default");
      expectNoSecret(findings, "hunter2", "hunter");
    });

    it("any host and engine: a password in source is readable wherever the database is", async () => {
      expect(await findingsOf(ww110, pg(`"localpw"`, `"localhost"`))).toHaveLength(1);
      const mysql = settingsProject(
        `DATABASES = {"default": {"ENGINE": "django.db.backends.mysql", "HOST": "db", "PASSWORD": "mysqlpw"}}\n`,
      );
      expectNoSecret(await findingsOf(ww110, mysql), "mysqlpw");
      expect(await findingsOf(ww110, mysql)).toHaveLength(1);
    });

    it("a URL an alias is built from: one finding, on the URL, with the alias", async () => {
      const files = settingsProject(
        `import dj_database_url\nDATABASES = {"default": dj_database_url.config(\n    default="postgres://app:UrlS3cret@db.example.com/app?sslmode=verify-full",\n)}\n`,
      );
      const findings = await findingsOf(ww110, files);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ alias: "default", location: { file: "app/settings.py", line: 3 } });
      expect(findings[0]?.evidence).toContain("postgres://app:****@db.example.com/app");
      expect(findings[0]?.evidence).toContain("**** (9 characters)");
      expectNoSecret(findings, "UrlS3cret");
    });

    it("URL literals in every context: .env, deployment files, Python strings no alias uses", async () => {
      const files = settingsProject(`BI = "postgres://bi:PyS3cret@bi.example.com/bi"\n`, {
        ".env": "DATABASE_URL=postgres://app:EnvS3cret@db.example.com/app\n",
        "docker-compose.yml":
          "services:\n  web:\n    environment:\n      - DATABASE_URL=cockroachdb://root:CrS3cret@crdb:26257/db\n",
      });
      const findings = await findingsOf(ww110, files);
      expect(findings.map((f) => f.location?.file).sort()).toEqual([
        ".env",
        "app/settings.py",
        "docker-compose.yml",
      ]);
      expect(findings.find((f) => f.location?.file === ".env")?.fix).toContain(".gitignore");
      expect(findings.every((f) => f.alias === undefined)).toBe(true);
      expectNoSecret(findings, "PyS3cret", "EnvS3cret", "CrS3cret");
    });

    it("a password in the query string, and one holding @", async () => {
      const files = settingsProject("X = 1\n", {
        ".env":
          "A=postgres://u@db.example.com/app?password=QueryS3cret\nB=postgres://u:p@ss@w0rd@db.example.com/app\n",
      });
      const findings = await findingsOf(ww110, files);
      expect(findings).toHaveLength(2);
      expectNoSecret(findings, "QueryS3cret", "p@ss", "w0rd");
    });

    it("one finding per file:line: two aliases sharing a literal, and both branches of an unknown if", async () => {
      const files = settingsProject(
        `import os\nBASE = {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "PASSWORD": "Shar3d"}\nDATABASES = {"default": BASE, "replica": dict(BASE, HOST="replica.example.com")}\nif os.environ.get("USE_SSL"):\n    DATABASES["default"]["OPTIONS"] = {"sslmode": "verify-full"}\n`,
      );
      const findings = await findingsOf(ww110, files);
      expect(findings).toHaveLength(1);
      expect(findings[0]?.location?.line).toBe(2);
      expect(findings[0]?.message).not.toContain("(when");
      expectNoSecret(findings, "Shar3d");
    });

    it("labels a password written in one branch only", async () => {
      const files = settingsProject(
        `import os\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "PASSWORD": os.environ["DB_PASSWORD"]}}\nif os.environ.get("LEGACY"):\n    DATABASES["default"]["PASSWORD"] = "legacyPw"\n`,
      );
      const findings = await findingsOf(ww110, files);
      expect(findings).toHaveLength(1);
      expect(findings[0]?.message).toContain(`(when os.environ.get("LEGACY") is true)`);
      expectNoSecret(findings, "legacyPw");
    });
  });

  describe("valid: does not fire", () => {
    it.each([
      ["os.environ[...] without default", `os.environ["DB_PASSWORD"]`],
      ["env() without default", `env("DB_PASSWORD")`],
      ["empty", `""`],
      ["placeholder $-brace reference", `"${ref("DB_PASSWORD")}"`],
      ["placeholder <...>", `"<password>"`],
      ["unset", `None`],
    ])("%s", async (_name, password) => {
      expect(await findingsOf(ww110, pg(password))).toEqual([]);
    });

    it("a password supplied through the environment is not in a scanned file", async () => {
      for (const read of [`os.environ["DB_PASSWORD"]`, `os.environ.get("DB_PASSWORD", "hunter2")`]) {
        const findings = await findingsOf(ww110, pg(read), { env: { DB_PASSWORD: "SuppliedS3cret" } });
        expect(findings).toEqual([]);
      }
    });

    it("a URL without password, or with a placeholder", async () => {
      const files = settingsProject(
        `import dj_database_url\nDATABASES = {"default": dj_database_url.parse("postgres://app@db.example.com/app")}\n`,
        {
          ".env":
            "A=postgres://u:$db_password@db.example.com/app\nB=postgres://u:%3Cpassword%3E@db.example.com/app\nC=postgres://u:****@db.example.com/app\nD=postgres://u:" +
            ref("PW") +
            "@db/app\n",
        },
      );
      expect(await findingsOf(ww110, files)).toEqual([]);
    });

    it("recognises placeholders", () => {
      for (const p of [
        ref("DB_PASSWORD"),
        "$DB_PASSWORD",
        "<password>",
        "{password}",
        "%(password)s",
        "****",
      ])
        expect(isPasswordPlaceholder(p)).toBe(true);
      for (const p of ["hunter2", "$ecret!", "p<ss>", "{x}y"]) expect(isPasswordPlaceholder(p)).toBe(false);
    });
  });
});
