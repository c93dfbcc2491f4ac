import { describe, expect, it } from "vitest";
import { pathInTree, ww105 } from "../../src/rules/ww105-db-root-cert-implicit.js";
import { findingsOf, settingsProject } from "../helpers/scan.js";

const pg = (options: string) =>
  settingsProject(
    `from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "OPTIONS": {${options}}}}\n`,
  );

describe("WW105 db-root-cert-implicit", () => {
  it("fires when verify-full names no sslrootcert (low)", async () => {
    const [f] = await findingsOf(ww105, pg(`"sslmode": "verify-full"`));
    expect(f).toMatchObject({ ruleId: "WW105", severity: "low" });
    expect(f?.message).toContain("~/.postgresql/root.crt");
  });

  it("fires when sslrootcert names a missing file inside the tree", async () => {
    const [f] = await findingsOf(
      ww105,
      pg(`"sslmode": "verify-full", "sslrootcert": str(BASE_DIR / "certs" / "ca.crt")`),
    );
    expect(f?.message).toContain("does not exist");
    expect(f?.evidence).toContain("certs/ca.crt");
  });

  it("does not fire when the file is there, is outside the tree, or is PGSSLROOTCERT", async () => {
    const present = {
      ...pg(`"sslmode": "verify-full", "sslrootcert": str(BASE_DIR / "certs" / "ca.crt")`),
      "certs/ca.crt": "-----BEGIN CERTIFICATE-----\n",
    };
    expect(await findingsOf(ww105, present)).toEqual([]);
    expect(
      await findingsOf(ww105, pg(`"sslmode": "verify-full", "sslrootcert": "/etc/ssl/db-ca.crt"`)),
    ).toEqual([]);
    expect(
      await findingsOf(ww105, pg(`"sslmode": "verify-full"`), { env: { PGSSLROOTCERT: "/etc/ca.crt" } }),
    ).toEqual([]);
    expect(await findingsOf(ww105, pg(`"sslmode": "verify-full", "sslrootcert": "system"`))).toEqual([]);
  });

  it("does not fire on require (WW103 covers it)", async () => {
    expect(await findingsOf(ww105, pg(`"sslmode": "require"`))).toEqual([]);
  });

  it("maps project-relative paths into the tree", () => {
    expect(pathInTree("<project>/app/../certs/ca.crt", "app/settings.py")).toBe("certs/ca.crt");
    expect(pathInTree("/etc/ca.crt", "app/settings.py")).toBeUndefined();
    expect(pathInTree("certs/ca.crt", "app/settings.py")).toBe("certs/ca.crt");
  });
});
