import { describe, expect, it } from "vitest";
import { ww103 } from "../../src/rules/ww103-db-cert-not-verified.js";
import { findingsOf, settingsProject } from "../helpers/scan.js";

describe("WW103 db-cert-not-verified", () => {
  it("fires on OPTIONS sslmode require", async () => {
    const files = settingsProject(
      `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "OPTIONS": {"sslmode": "require"}}}\n`,
    );
    const [f] = await findingsOf(ww103, files);
    expect(f).toMatchObject({ ruleId: "WW103", severity: "high", cwe: "CWE-295" });
    expect(f?.message).not.toContain("ssl_require");
  });

  it("names dj_database_url ssl_require=True when it overwrote ?sslmode=verify-full", async () => {
    const files = settingsProject(
      [
        "import dj_database_url",
        "DATABASES = {",
        '    "replica": dj_database_url.config(',
        '        default="postgres://app@replica.example.com/app?sslmode=verify-full&sslrootcert=/etc/ca.pem",',
        "        ssl_require=True,",
        "    ),",
        "}",
      ].join("\n"),
    );
    const [f] = await findingsOf(ww103, files);
    expect(f?.alias).toBe("replica");
    expect(f?.message).toContain("ssl_require=True");
    expect(f?.location).toMatchObject({ line: 5 });
    expect(f?.fix).toContain("remove ssl_require=True");
  });

  it("ssl_require=True decides even when the URL comes from an unsupplied env var", async () => {
    const files = settingsProject(
      `import dj_database_url\nDATABASES = {"default": dj_database_url.config(ssl_require=True)}\n`,
    );
    const findings = await findingsOf(ww103, files, {
      env: { DATABASE_URL: "postgres://u@db.example.com/app" },
    });
    expect(findings).toHaveLength(1);
  });

  it("names django_heroku.settings(locals()) as the cause, and the fix is databases=False", async () => {
    const files = settingsProject(
      `import django_heroku\nDATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "x"}}\ndjango_heroku.settings(locals())\n`,
    );
    const [f] = await findingsOf(ww103, files);
    expect(f?.message).toContain("django_heroku.settings(locals())");
    expect(f?.fix).toContain("django_heroku.settings(locals(), databases=False)");
  });

  it("does not fire on verify-full, nor with ssl_require=False", async () => {
    const strong = settingsProject(
      `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "OPTIONS": {"sslmode": "verify-full"}}}\n`,
    );
    expect(await findingsOf(ww103, strong)).toEqual([]);
    const off = settingsProject(
      `import dj_database_url\nDATABASES = {"default": dj_database_url.parse("postgres://u@db.example.com/app?sslmode=verify-full", ssl_require=False)}\n`,
    );
    expect(await findingsOf(ww103, off)).toEqual([]);
  });
});
