import { describe, expect, it } from "vitest";
import { judgeAttack } from "../../src/mitm/judge.js";
import type { ConnectionFacts } from "../../src/mitm/model.js";

const conn = (over: Partial<ConnectionFacts>): ConnectionFacts => ({
  steps: ["step"],
  askedTls: true,
  tlsEstablished: false,
  answeredAuth: false,
  ...over,
});
const judge = (attack: "strip" | "forge" | "downgrade", connections: ConnectionFacts[], error?: string) =>
  judgeAttack({
    attack,
    alias: "default",
    endpoint: "db:5432",
    connections,
    client: { ok: false, ...(error ? { error } : {}) },
  });

describe("judging an attack from what the client did", () => {
  it("strip: plaintext startup and an answered SASL request is let through", () => {
    const c = conn({ startup: { user: "u", database: "d", inTls: false }, answeredAuth: true });
    expect(judge("strip", [c]).outcome).toBe("let-through");
  });

  it("a StartupMessage followed by a refusal at authentication is refused (channel binding)", () => {
    const c = conn({ tlsEstablished: true, startup: { user: "u", database: "d", inTls: true } });
    expect(judge("forge", [c], "channel binding is required, but server did not offer it").outcome).toBe(
      "refused",
    );
  });

  it("relayed: the real server has the last word when it refuses the attack itself (channel binding)", () => {
    const c = conn({
      tlsEstablished: true,
      startup: { user: "u", database: "d", inTls: true },
      answeredAuth: true,
      relayed: true,
    });
    const binding = { ...c, upstreamRefusal: "28000 SCRAM channel binding check failed" };
    expect(judge("forge", [binding]).outcome).toBe("refused");
    expect(judge("forge", [{ ...c, upstreamAuthenticated: true }]).outcome).toBe("let-through");
  });

  it.each([
    ["a wrong or stale password", { upstreamRefusal: '28P01 password authentication failed for user "u"' }],
    ["a server that stopped answering", {}],
  ])(
    "relayed, but the relay failed (%s): the client's own acts decide, and the query step says it could not run",
    (_name, extra) => {
      const strip = conn({
        askedTls: true,
        startup: { user: "u", database: "d", inTls: false },
        answeredAuth: true,
        relayed: true,
        ...extra,
      });
      const run = judge("strip", [strip], "password authentication failed");
      expect(run.outcome).toBe("let-through");
      expect(run.evidence.join("\n")).toContain(
        "the relay to the real server failed: the query step could not run",
      );
      const forge = conn({
        tlsEstablished: true,
        startup: { user: "u", database: "d", inTls: true },
        answeredAuth: true,
        relayed: true,
        ...extra,
      });
      expect(judge("forge", [forge]).outcome).toBe("let-through");
    },
  );

  it("a client without a password that accepted the channel is let through; downgrade is then not run", () => {
    const c = conn({ tlsEstablished: true, startup: { user: "u", database: "d", inTls: true } });
    const forge = judge("forge", [c], "fe_sendauth: no password supplied");
    expect(forge.outcome).toBe("let-through");
    expect(forge.evidence.join("\n")).toContain("no password configured");
    expect(judge("downgrade", [c], "fe_sendauth: no password supplied").outcome).toBe("not-run");
  });

  it("forge against a client that never asks for TLS is not run (strip covers it); libpq's repeated lines become one", () => {
    const c = conn({
      askedTls: false,
      startup: { user: "u", database: "d", inTls: false },
      answeredAuth: true,
    });
    expect(judge("forge", [c]).outcome).toBe("not-run");
    const r = judge("strip", [conn({})], "failed: X\nfailed: X\n");
    expect(r.clientError).toBe("failed: X");
  });
});
