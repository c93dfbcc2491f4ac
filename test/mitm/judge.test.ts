import { describe, expect, it } from "vitest";
import { judgeAttack } from "../../src/mitm/judge.js";
import type { Attack, ConnectionFacts } from "../../src/mitm/model.js";

const conn = (over: Partial<ConnectionFacts>): ConnectionFacts => ({
  steps: ["step"],
  askedTls: true,
  tlsEstablished: false,
  answeredAuth: false,
  ...over,
});
const judge = (attack: Attack, connections: ConnectionFacts[], error?: string) =>
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

  describe("direct-forge", () => {
    const direct = (over: Partial<ConnectionFacts> = {}) =>
      conn({ askedTls: true, directTls: true, tlsEstablished: true, ...over });
    const inTls = { user: "u", database: "d", inTls: true };

    it("a direct client that completed TLS and answered SCRAM is let through", () => {
      const r = judge("direct-forge", [direct({ startup: inTls, answeredAuth: true })]);
      expect(r.outcome).toBe("let-through");
      expect(r.neverConnected).toBeUndefined();
    });

    it("a direct client that refused the handshake, or stopped before it (sent nothing), refused", () => {
      const refused = direct({ tlsEstablished: false, tlsRefused: "TLS alert: bad certificate" });
      expect(judge("direct-forge", [refused], "certificate verify failed").outcome).toBe("refused");
      const silent = conn({ askedTls: false });
      expect(judge("direct-forge", [silent], "root certificate file does not exist").outcome).toBe("refused");
    });

    it.each([
      ["an SSLRequest", conn({ askedTls: true })],
      [
        "a plaintext StartupMessage",
        conn({ askedTls: false, startup: { user: "u", database: "d", inTls: false } }),
      ],
    ])("a client that opens with %s is not run: it does not use direct TLS", (_name, c) => {
      const r = judge("direct-forge", [c, c], "server closed the connection unexpectedly");
      expect(r.outcome).toBe("not-run");
      expect(r.notRunReason).toBe("the client does not use direct TLS (sslnegotiation=direct)");
    });

    it("a client that never connected (libpq 15 does not know sslnegotiation) is refused, and said so", () => {
      const r = judge("direct-forge", [], 'invalid dsn: invalid connection option "sslnegotiation"');
      expect(r.outcome).toBe("refused");
      expect(r.neverConnected).toBe(true);
      expect(r.evidence.join("\n")).toContain(
        "the client never connected to the proxy: libpq rejected its settings",
      );
      expect(judge("strip", [], "invalid connection option").neverConnected).toBe(true);
    });

    it("downgrade in the direct channel: the cleartext password is the finding", () => {
      const r = judge("downgrade", [direct({ startup: inTls, answeredAuth: true, passwordLength: 12 })]);
      expect(r.outcome).toBe("let-through");
      expect(r.passwordCaptured).toBe(true);
    });
  });
});
