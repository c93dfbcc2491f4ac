import { describe, expect, it } from "vitest";
import { ww102 } from "../../src/rules/ww102-db-tls-disabled.js";
import { findingsOf, settingsProject } from "../helpers/scan.js";

const pg = (sslmode: string, host = "db.example.com") =>
  settingsProject(
    `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "${host}", "OPTIONS": {"sslmode": "${sslmode}"}}}\n`,
  );

describe("WW102 db-tls-disabled", () => {
  it.each(["disable", "allow"])("fires on sslmode %s, critical", async (mode) => {
    const [f, ...rest] = await findingsOf(ww102, pg(mode));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: "WW102", severity: "critical", alias: "default", cwe: "CWE-319" });
    expect(f?.message).toContain(mode);
  });

  it("fires on ?sslmode=disable in a dj_database_url URL, pointing at the URL", async () => {
    const files = settingsProject(
      `import dj_database_url\nDATABASES = {"default": dj_database_url.parse("postgresql://app@db.example.com:26257/app?sslmode=disable")}\n`,
    );
    const [f] = await findingsOf(ww102, files);
    expect(f?.location).toMatchObject({ file: "app/settings.py", line: 2 });
    expect(f?.fix).toContain("?sslmode=verify-full");
  });

  it("fires on PGSSLMODE=disable supplied in the environment", async () => {
    const files = settingsProject(
      `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com"}}\n`,
    );
    expect(await findingsOf(ww102, files, { env: { PGSSLMODE: "disable" } })).toHaveLength(1);
  });

  it.each(["prefer", "require", "verify-ca", "verify-full"])("does not fire on %s", async (mode) => {
    expect(await findingsOf(ww102, pg(mode))).toEqual([]);
  });

  it("does not fire for a loopback host", async () => {
    expect(await findingsOf(ww102, pg("disable", "127.0.0.1"))).toEqual([]);
  });
});
