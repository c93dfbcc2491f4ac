/**
 * libpq service files (issue 18, WW118): the reader's facts, as libpq 15 and 18 read the file, and what an alias
 * that names a service gets from them: the section's sslmode, sslrootcert and host (the connection string wins over
 * the section, the section over PG* env), or an unknown channel that WW000 reports when the tree does not resolve it.
 */
import { describe, expect, it } from "vitest";
import { runRules } from "../../src/core/run-rules.js";
import { MAX_SERVICE_LINES, parseServiceFile, treePathOf } from "../../src/django/service-file.js";
import { judgeAliases } from "../../src/rules/alias-verdicts.js";
import { rulesOf } from "../../src/rules/registry.js";
import { modelOf } from "../helpers/model.js";

const SCAN_RULES = await rulesOf("scan");

const settings = (options: string, host = `""`) =>
  `import os\nSECRET_KEY = "x"\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "app", "HOST": ${host}, "OPTIONS": ${options}}}\n`;

async function scan(files: Record<string, string>) {
  const { model } = await modelOf({ "app/__init__.py": "", ...files });
  const counts = new Map<string, number>();
  for (const v of model.views) counts.set(v.module, (counts.get(v.module) ?? 0) + 1);
  const hits = runRules(SCAN_RULES, model, counts);
  const judged = hits.map((f) => ({ ruleId: f.ruleId, severity: f.severity, hit: f }));
  const alias = model.views[0]?.databases[0];
  const verdict = judgeAliases(model, judged as never).find((a) => a.alias === "default");
  return {
    model,
    alias,
    ids: hits.map((f) => f.ruleId).filter((id) => !id.startsWith("WW30")),
    hits,
    verdict,
  };
}

describe("the reader", () => {
  it("reads the first section of a name and the first value of a key; comments and whitespace as libpq does", () => {
    const f = parseServiceFile(
      "# top\n[app]\n  sslmode=verify-ca  \n# x\nsslmode=disable\nhost=h # not a comment\n[other]\nsslmode=allow\n[app]\nsslmode=disable\n",
      "pg_service.conf",
    );
    const app = f.sections.get("app");
    expect(app?.line).toBe(2);
    expect(app?.entries.get("sslmode")).toEqual({ value: "verify-ca", line: 3 });
    expect(app?.entries.get("host")?.value).toBe("h # not a comment");
    expect(f.sections.get("other")?.entries.get("sslmode")?.value).toBe("allow");
    expect([...f.sections.keys()]).toEqual(["app", "other"]);
    expect(f.truncated).toBeUndefined();
  });

  it("marks lines libpq rejects: spaces around '=', no '=', a nested service", () => {
    expect(parseServiceFile("[a]\nsslmode = require\n", "s").sections.get("a")?.rejected?.line).toBe(2);
    expect(parseServiceFile("[a]\nsslmode\n", "s").sections.get("a")?.rejected?.reason).toMatch(
      /without '='/,
    );
    expect(parseServiceFile("[a]\nservice=b\n", "s").sections.get("a")?.rejected?.reason).toMatch(/nested/);
    // Lines of other sections are never checked by libpq.
    expect(
      parseServiceFile("[a]\nx y\n[b]\nsslmode=require\n", "s").sections.get("b")?.rejected,
    ).toBeUndefined();
  });

  it("is bounded, and says so as a WW000 diagnostic", async () => {
    const long = `[app]\nsslmode=require\n${"# filler\n".repeat(MAX_SERVICE_LINES)}[late]\nsslmode=disable\n`;
    expect(parseServiceFile(long, "s").truncated).toMatch(/more than 5000 lines/);
    const { ids, hits } = await scan({
      "app/settings.py": settings(`{"service": "late"}`),
      "pg_service.conf": long,
      ".env": "PGSERVICEFILE=pg_service.conf\n",
    });
    expect(
      hits.some((h) => h.ruleId === "WW000" && /pg_service\.conf has more than 5000 lines/.test(h.message)),
    ).toBe(true);
    expect(ids).toContain("WW000");
  });

  it("maps PGSERVICEFILE into the tree: relative, under the root, under a Dockerfile WORKDIR; never by name alone", () => {
    const exists = (p: string) => p === "deploy/pg_service.conf";
    const ctx = { root: "/home/u/shop", workdirs: ["/srv/shop"], exists };
    expect(treePathOf("deploy/pg_service.conf", ctx)).toBe("deploy/pg_service.conf");
    expect(treePathOf("/home/u/shop/deploy/pg_service.conf", ctx)).toBe("deploy/pg_service.conf");
    expect(treePathOf("/srv/shop/deploy/pg_service.conf", ctx)).toBe("deploy/pg_service.conf");
    expect(treePathOf("/etc/deploy/pg_service.conf", ctx)).toBeUndefined();
    expect(treePathOf("$HOME/deploy/pg_service.conf", ctx)).toBeUndefined();
    expect(treePathOf("../deploy/pg_service.conf", ctx)).toBeUndefined();
  });
});

describe("an alias that names a service", () => {
  const strong = "[app]\nhost=db.example.com\nsslmode=verify-full\nsslrootcert=/etc/ca.crt\n";

  it("verify-full + sslrootcert in the resolved section: verified, not 'prefer by default' (the old reading)", async () => {
    const { alias, ids, verdict } = await scan({
      "app/settings.py": settings(`{"service": "app"}`, `"db.example.com"`),
      "pg_service.conf": strong,
      ".env": "PGSERVICEFILE=pg_service.conf\n",
    });
    expect(alias?.sslmode).toMatchObject({
      value: "verify-full",
      source: "service",
      origin: { file: "pg_service.conf", line: 3 },
    });
    expect(alias?.sslrootcert).toMatchObject({ value: "/etc/ca.crt", source: "service" });
    expect(ids).not.toContain("WW101");
    expect(verdict).toMatchObject({
      verdict: "verified",
      sslmode: { source: "service file", at: "pg_service.conf:3" },
    });
  });

  it("HOST empty (Django's documented shape): the host is the section's, not a local socket", async () => {
    const { alias, verdict } = await scan({
      "app/settings.py": settings(`{"service": "app"}`),
      "pg_service.conf": strong,
      ".env": "PGSERVICEFILE=pg_service.conf\n",
    });
    expect(alias).toMatchObject({ network: true, hostClass: "network" });
    expect(alias?.hostLabel).toBe("db.example.com (from service 'app', pg_service.conf:2)");
    expect(verdict?.verdict).toBe("verified");
  });

  it("the connection string wins over the section, the section over PGSSLMODE", async () => {
    const weak = "[app]\nhost=db.example.com\nsslmode=require\n";
    const own = await scan({
      "app/settings.py": settings(
        `{"service": "app", "sslmode": "verify-full", "sslrootcert": "/etc/ca.crt"}`,
      ),
      "pg_service.conf": weak,
      ".env": "PGSERVICEFILE=pg_service.conf\n",
    });
    expect(own.alias?.sslmode).toMatchObject({ value: "verify-full", source: "OPTIONS" });
    const overEnv = await scan({
      "app/settings.py": settings(`{"service": "app"}`),
      "pg_service.conf": weak,
      ".env": "PGSERVICEFILE=pg_service.conf\nPGSSLMODE=verify-full\n",
    });
    expect(overEnv.alias?.sslmode).toMatchObject({ value: "require", source: "service" });
  });

  it("a weak section is WW118's alone (WW101–WW104 stay silent) and makes the alias exposed", async () => {
    for (const [mode, other] of [
      ["prefer", "WW101"],
      ["require", "WW103"],
      ["disable", "WW102"],
      ["verify-ca", "WW104"],
    ] as const) {
      const { ids, verdict } = await scan({
        "app/settings.py": settings(`{"service": "app"}`),
        "pg_service.conf": `[app]\nhost=db.example.com\nsslmode=${mode}\n`,
        ".env": "PGSERVICEFILE=pg_service.conf\n",
      });
      expect(ids).toContain("WW118");
      expect(ids).not.toContain(other);
      expect(verdict).toMatchObject({ verdict: "exposed", rules: expect.arrayContaining(["WW118"]) });
    }
  });

  it("unresolved (section missing, no file, computed name): WW000 with file:line, the alias unknown, never prefer", async () => {
    const cases = [
      {
        "app/settings.py": settings(`{"service": "reports"}`),
        "pg_service.conf": strong,
        ".env": "PGSERVICEFILE=pg_service.conf\n",
      },
      { "app/settings.py": settings(`{"service": "app"}`, `"db.example.com"`) },
      { "app/settings.py": settings(`{"service": os.environ["DB_SERVICE"]}`), "pg_service.conf": strong },
    ];
    for (const files of cases) {
      const { alias, hits, verdict } = await scan(files);
      expect(alias?.sslmode.source).toBe("unknown");
      const lost = hits.find((h) => h.ruleId === "WW000" && h.alias === "default");
      expect(lost?.message).toMatch(/uses (libpq service|a libpq service whose name is computed)/);
      expect(lost?.location).toMatchObject({ file: "app/settings.py", line: 3 });
      expect(lost?.severity).toBe("medium");
      expect(verdict?.verdict).toBe("unknown");
    }
  });

  it("predictedAttacks follow the section's sslmode", async () => {
    const { verdict } = await scan({
      "app/settings.py": settings(`{"service": "app"}`),
      "pg_service.conf": "[app]\nhost=db.example.com\nsslmode=require\n",
      ".env": "PGSERVICEFILE=pg_service.conf\n",
    });
    const weakest = (
      verdict as unknown as { predictedAttacks?: { weakest?: Record<string, { outcome: string }> } }
    ).predictedAttacks?.weakest;
    expect(weakest?.forge?.outcome).toBe("through");
    expect(weakest?.strip?.outcome).toBe("refused");
  });
});
