/**
 * predictedAttacks when the tree does not give a value (unknown is not safe): an unknown sslrootcert is assumed in
 * turn to be none, a file (present or missing) and `system`, and a database URL the tree does not give may carry
 * sslnegotiation=direct; the worst case is taken over all of them. Only an unknown sslmode leaves every attack
 * unknown. Each expectation is what the libpq model says for the worst assumption, as the matrix holds it to the
 * real clients.
 */
import { describe, expect, it } from "vitest";
import { predictAlias } from "../../src/rules/alias-predictions.js";
import { modelOf } from "../helpers/model.js";

async function predictionsOf(settings: string) {
  const { model } = await modelOf({ "app/__init__.py": "", "app/settings.py": settings });
  const alias = model.views[0]?.databases[0];
  if (!alias) throw new Error("no alias");
  const p = predictAlias(alias);
  if (!p) throw new Error("no prediction");
  return {
    weakest: Object.fromEntries(Object.entries(p.weakest).map(([a, w]) => [a, w.outcome])),
    why: (attack: string) => p.weakest[attack]?.why ?? "",
    cases: p.cases,
  };
}

const options = (o: string) =>
  `import os\nSECRET_KEY = "x"\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "app", "HOST": "db.internal", "OPTIONS": ${o}}}\n`;

describe("predictedAttacks with values the tree does not give", () => {
  it("require with an sslrootcert from the environment: strip refused whatever it is; forge through when it is unset", async () => {
    const p = await predictionsOf(options(`{"sslmode": "require", "sslrootcert": os.environ["DB_CA"]}`));
    expect(p.weakest).toEqual({
      strip: "refused",
      forge: "through",
      "wrong-host": "through",
      downgrade: "through",
      // Not a direct client; with sslrootcert=system, libpq 16+ refuses require before connecting (ranked above).
      "direct-forge": "no-connection",
    });
    expect(p.why("forge")).toMatch(/if the sslrootcert, which the tree does not give .*, is not set\)$/);
    const assumed = new Set(p.cases.map((c) => c.assumed?.sslrootcert));
    expect(assumed).toEqual(new Set(["none", "a file", "system"]));
  });

  it("verify-full with an sslrootcert from the environment: no assumption lets forge or wrong-host through", async () => {
    const p = await predictionsOf(options(`{"sslmode": "verify-full", "sslrootcert": os.environ["DB_CA"]}`));
    expect(p.weakest.forge).not.toBe("through");
    expect(p.weakest["wrong-host"]).not.toBe("through");
    expect(p.weakest.strip).not.toBe("through");
  });

  it("a database URL the tree does not give, with ssl_require: direct-forge through if the URL sets sslnegotiation=direct", async () => {
    const p = await predictionsOf(
      `import dj_database_url\nSECRET_KEY = "x"\nDATABASES = {"default": dj_database_url.config(ssl_require=True)}\n`,
    );
    expect(p.weakest).toMatchObject({ strip: "refused", forge: "through", "direct-forge": "through" });
    expect(p.why("direct-forge")).toContain("sets sslnegotiation=direct");
    expect(p.cases.some((c) => c.assumed?.sslnegotiation === "direct")).toBe(true);
  });

  it("an sslmode the tree does not give: every attack unknown, and why", async () => {
    const p = await predictionsOf(options(`{"sslmode": os.environ["DB_SSLMODE"]}`));
    expect(new Set(Object.values(p.weakest))).toEqual(new Set(["unknown"]));
    expect(p.why("forge")).toMatch(/^the sslmode is not known/);
  });
});
