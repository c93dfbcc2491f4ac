import { describe, expect, it } from "vitest";
import { ww108 } from "../../src/rules/ww108-db-url-weak-sslmode.js";
import { findingsOf, settingsProject } from "../helpers/scan.js";

const noDatabases = (extra: Record<string, string>) => settingsProject("DEBUG = False\n", extra);
const dotenv = (url: string) => noDatabases({ ".env": `DATABASE_URL=${url}\n` });

describe("WW108 db-url-weak-sslmode", () => {
  describe("invalid: fires, graded by mode", () => {
    it.each([
      ["sslmode=disable", "postgres://u@db.example.com/app?sslmode=disable", "critical"],
      ["sslmode=allow", "postgresql://u@db.example.com/app?sslmode=allow", "critical"],
      ["sslmode=prefer", "pgsql://u@db.example.com/app?sslmode=prefer", "high"],
      ["no sslmode (libpq default prefer)", "postgis://u@db.example.com/app", "high"],
      ["sslmode=require", "cockroachdb://root@crdb.internal:26257/defaultdb?sslmode=require", "high"],
      ["empty sslmode is the default", "postgres://u@db.example.com/app?sslmode=", "high"],
      ["IPv6 host", "postgres://u@[2001:db8::5]:5432/app?sslmode=require", "high"],
      ["host from the query string", "postgres:///app?host=db.example.com&sslmode=disable", "critical"],
    ])("%s in .env", async (_name, url, severity) => {
      const findings = await findingsOf(ww108, dotenv(url));
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        ruleId: "WW108",
        name: "db-url-weak-sslmode",
        severity,
        cwe: "CWE-319",
        location: { file: ".env", line: 1, column: 14 },
      });
      expect(findings[0]?.fix).toContain("sslmode=verify-full");
      expect(findings[0]?.alias).toBeUndefined();
    });

    it("a .env DATABASE_URL with sslmode=require is high and names the attack", async () => {
      const [f] = await findingsOf(ww108, dotenv("postgres://app@db.example.com:5432/shop?sslmode=require"));
      expect(f?.severity).toBe("high");
      expect(f?.message).toContain("any certificate receives the password");
      expect(f?.evidence).toContain("env file .env");
      expect(f?.fix).toBe(
        "change the URL to postgres://app@db.example.com:5432/shop?sslmode=verify-full&sslrootcert=/path/to/ca.crt",
      );
    });

    it("says that the mode is absent when the URL has none", async () => {
      const [f] = await findingsOf(ww108, dotenv("postgres://u@db.example.com/app"));
      expect(f?.message).toContain("no sslmode (libpq default 'prefer')");
      expect(f?.evidence).toContain("sslmode absent");
    });

    it("notes that require with a root certificate still never checks the host name", async () => {
      const [f] = await findingsOf(
        ww108,
        dotenv("postgres://u@db.example.com/app?sslmode=require&sslrootcert=/etc/ca.crt"),
      );
      expect(f?.evidence).toContain("never the host name");
      expect(f?.fix).toContain("?sslrootcert=/etc/ca.crt&sslmode=verify-full");
      expect(f?.fix).not.toContain("/path/to/ca.crt");
    });

    it("fires for a Python literal that no alias uses, and for deployment files", async () => {
      const files = settingsProject(
        `REPORTING_URL = "postgresql://ro@reports.example.com/bi?sslmode=disable"\n`,
        {
          "docker-compose.yml": `services:\n  web:\n    environment:\n      DATABASE_URL: cockroach://root@crdb:26257/defaultdb?sslmode=disable\n`,
        },
      );
      const findings = await findingsOf(ww108, files);
      expect(findings.map((f) => [f.severity, f.location?.file, f.location?.line])).toEqual([
        ["critical", "app/settings.py", 1],
        ["critical", "docker-compose.yml", 4],
      ]);
      expect(findings[0]?.evidence).toContain("Python source");
      expect(findings[1]?.evidence).toContain("deployment file");
    });

    it("reports the literal default when a supplied env var replaced it for the alias", async () => {
      const files = settingsProject(
        `import dj_database_url\nDATABASES = {"default": dj_database_url.config(default="postgres://u@db.example.com/app?sslmode=require")}\n`,
      );
      const findings = await findingsOf(ww108, files, {
        env: { DATABASE_URL: "postgres://u@db.example.com/app?sslmode=verify-full&sslrootcert=/ca.crt" },
      });
      expect(findings).toHaveLength(1);
      expect(findings[0]?.location?.line).toBe(2);
    });

    it("never shows the password, also not one with @ or one in the query string", async () => {
      const files = noDatabases({
        ".env": [
          "A=postgres://app:Sup3rS3cret@db.example.com/app?sslmode=require",
          "B=postgres://app:p@ss@w0rd@db.example.com/app",
          "C=postgres://app@db.example.com/app?password=QueryS3cret&sslmode=prefer",
        ].join("\n"),
      });
      const findings = await findingsOf(ww108, files);
      expect(findings).toHaveLength(3);
      const text = JSON.stringify(findings);
      for (const secret of ["Sup3rS3cret", "p@ss@w0rd", "ss@w0rd", "w0rd", "QueryS3cret"])
        expect(text).not.toContain(secret);
      expect(text).toContain("postgres://app:****@db.example.com/app");
      expect(text).toContain("password=****");
    });
  });

  describe("valid: does not fire", () => {
    it.each([
      ["verify-full", "postgres://u@db.example.com/app?sslmode=verify-full&sslrootcert=/etc/ca.crt"],
      [
        "verify-ca (WW104's concern, not a weak mode here)",
        "postgres://u@db.example.com/app?sslmode=verify-ca",
      ],
      ["localhost with a password", "postgres://u:p@localhost/db"],
      ["127.0.0.1", "postgres://u@127.0.0.1:5432/db?sslmode=disable"],
      ["::1", "postgres://u@[::1]/db"],
      ["empty host is a local socket", "postgres:///db"],
      ["socket directory in the host", "postgres://%2Fvar%2Frun%2Fpostgresql/db"],
      ["socket directory in the query", "postgres:///db?host=/var/run/postgresql"],
      ["an sslmode libpq rejects", "postgres://u@db.example.com/app?sslmode=REQUIRE"],
      ["not a postgres scheme", "mysql://u@db.example.com/app"],
    ])("%s", async (_name, url) => {
      expect(await findingsOf(ww108, dotenv(url))).toEqual([]);
    });

    it("dj_database_url.config(default=URL): the alias rules report it, WW108 does not double-report", async () => {
      const files = settingsProject(
        `import dj_database_url\nDATABASES = {"default": dj_database_url.config(\n    default="postgres://u:pw1234@db.example.com/app?sslmode=require",\n    conn_max_age=600,\n)}\n`,
      );
      expect(await findingsOf(ww108, files)).toEqual([]);
    });

    it("dj_database_url.parse of a variable and environ.Env.db default are alias sources too", async () => {
      const parse = settingsProject(
        `import dj_database_url\nURL = "postgres://u@db.example.com/app?sslmode=disable"\nDATABASES = {"default": dj_database_url.parse(URL)}\n`,
      );
      expect(await findingsOf(ww108, parse)).toEqual([]);
      const environ = settingsProject(
        `import environ\nenv = environ.Env()\nDATABASES = {"default": env.db("DATABASE_URL", default="postgres://u@db.example.com/app?sslmode=prefer")}\n`,
      );
      expect(await findingsOf(ww108, environ)).toEqual([]);
    });

    it("a .env URL that is also the supplied DATABASE_URL of an alias is reported once, on the alias", async () => {
      const url = "postgres://u@db.example.com/app?sslmode=require";
      const files = settingsProject(
        `import dj_database_url\nDATABASES = {"default": dj_database_url.config()}\n`,
        { ".env": `DATABASE_URL=${url}\n` },
      );
      expect(await findingsOf(ww108, files, { env: { DATABASE_URL: url } })).toEqual([]);
      expect(await findingsOf(ww108, files)).toHaveLength(1);
    });

    it("a compose service on verify-full is clean beside one on require (high), also when the Django service reads it", async () => {
      const compose = `services:
  web:
    command: gunicorn app.wsgi
    environment:
      DATABASE_URL: cockroachdb://app@crdb.internal:26257/shop?sslmode=verify-full&sslrootcert=/certs/ca.crt
  reports:
    command: gunicorn reports.wsgi
    environment:
      - DATABASE_URL=cockroachdb://app@crdb.internal:26257/shop?sslmode=require
`;
      const plain = settingsProject("DEBUG = False\n", { "docker-compose.yml": compose });
      const findings = await findingsOf(ww108, plain);
      expect(findings.map((f) => [f.severity, f.location?.file, f.location?.line])).toEqual([
        ["high", "docker-compose.yml", 9],
      ]);
      // The same URL is what the settings read for the Django service: the alias rules judge it on the alias, and
      // WW108 still points at the compose line, where the fix goes.
      const reading = settingsProject(
        `import dj_database_url\nDATABASES = {"default": dj_database_url.config()}\n`,
        { "docker-compose.yml": compose.replace("verify-full&sslrootcert=/certs/ca.crt", "require") },
      );
      const both = await findingsOf(ww108, reading);
      expect(both.map((f) => [f.severity, f.location?.file, f.location?.line])).toEqual([
        ["high", "docker-compose.yml", 5],
        ["high", "docker-compose.yml", 9],
      ]);
    });
  });
});
