import { describe, expect, it } from "vitest";
import { ww106 } from "../../src/rules/ww106-db-tls-inconsistent-aliases.js";
import { findingsOf, settingsProject } from "../helpers/scan.js";

const two = (a: string, b: string, extra = "") =>
  settingsProject(
    `DATABASES = {\n  "default": {"ENGINE": "django.db.backends.postgresql", "HOST": "primary.example.com", "OPTIONS": {"sslmode": "${a}"}},\n  "replica": {"ENGINE": "django.db.backends.postgresql", "HOST": "replica.example.com", "OPTIONS": {"sslmode": "${b}"}},\n}\n${extra}`,
  );

describe("WW106 db-tls-inconsistent-aliases", () => {
  it("names the weaker alias and the routers", async () => {
    const findings = await findingsOf(
      ww106,
      two("verify-full", "require", `DATABASE_ROUTERS = ["app.routers.PrimaryReplicaRouter"]\n`),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ alias: "replica", severity: "high" });
    expect(findings[0]?.message).toContain("PrimaryReplicaRouter");
    expect(findings[0]?.evidence).toBe("default: verify-full, replica: require");
  });

  it("does not fire when aliases agree, or when only one is on the network", async () => {
    expect(await findingsOf(ww106, two("verify-full", "verify-full"))).toEqual([]);
    const local = settingsProject(
      `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "OPTIONS": {"sslmode": "verify-full"}}, "cache": {"ENGINE": "django.db.backends.postgresql", "HOST": "localhost"}}\n`,
    );
    expect(await findingsOf(ww106, local)).toEqual([]);
  });
});
