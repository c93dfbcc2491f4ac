import { describe, expect, it } from "vitest";
import { combineVariants, judgeAttack } from "../../src/mitm/judge.js";
import type { Attack, AttackRun, ConnectionFacts } from "../../src/mitm/model.js";

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

  describe("error-reflect, binding-downgrade and the MD5 downgrade (issue 18)", () => {
    const MARKER = "wirewarden-marker-0123456789ab";
    const reflect = (connections: ConnectionFacts[], error?: string) =>
      judgeAttack({
        attack: "error-reflect",
        alias: "default",
        endpoint: "db:5432",
        connections,
        marker: MARKER,
        client: { ok: false, ...(error ? { error } : {}) },
      });

    it("error-reflect: let through only when the client's own error repeats the marker", () => {
      const asked = conn({ askedTls: true });
      expect(reflect([asked], `connection failed: FATAL:  ${MARKER}`).outcome).toBe("let-through");
      const patched = reflect([asked], "server sent an error response during SSL exchange");
      expect(patched.outcome).toBe("refused");
      expect(patched.evidence.join("\n")).not.toContain("repeats the attacker's marker");
    });

    it("error-reflect: not run for a client that sends no SSLRequest (plaintext, or direct TLS)", () => {
      const plaintext = conn({ askedTls: false, startup: { user: "u", database: "d", inTls: false } });
      expect(reflect([plaintext], "no session in this attack").notRunReason).toMatch(/never asks for TLS/);
      const direct = conn({ askedTls: true, directTls: true });
      expect(reflect([direct]).notRunReason).toMatch(/starts TLS directly/);
    });

    it("binding-downgrade: an unbound SCRAM choice, a password, or a used unauthenticated session is let through", () => {
      const inTls = { tlsEstablished: true, startup: { user: "u", database: "d", inTls: true } };
      const judgeOne = (over: Partial<ConnectionFacts>, error?: string) =>
        judge("binding-downgrade", [conn({ ...inTls, ...over })], error).outcome;
      expect(judgeOne({ answeredAuth: true, saslMechanism: "SCRAM-SHA-256" })).toBe("let-through");
      expect(
        judgeOne({ answeredAuth: true, saslMechanism: "SCRAM-SHA-256-PLUS" }, "could not find digest"),
      ).toBe("refused");
      expect(judgeOne({ answeredAuth: true, usedUnauthenticatedSession: true })).toBe("let-through");
      expect(
        judgeOne({}, "channel binding required, but server authenticated client without channel binding"),
      ).toBe("refused");
    });

    it("downgrade: an MD5 answer is let through without a password captured; channelAccepted marks a channel taken", () => {
      const md5 = judge("downgrade", [conn({ answeredAuth: true, md5Answered: true })]);
      expect(md5).toMatchObject({ outcome: "let-through", md5Captured: true, passwordCaptured: false });
      const accepted = judge(
        "forge",
        [conn({ tlsEstablished: true, startup: { user: "u", database: "d", inTls: true } })],
        'authentication method requirement "md5" failed: server requested SASL authentication',
      );
      expect(accepted).toMatchObject({ outcome: "refused", channelAccepted: true });
      expect(judge("forge", [conn({ tlsRefused: "TLS alert: unknown ca" })]).channelAccepted).toBeUndefined();
    });

    it("combineVariants: the first let through decides and is named; every variant's evidence is kept", () => {
      const r = (outcome: AttackRun["outcome"], evidence: string, clientError?: string): AttackRun => ({
        attack: "downgrade",
        alias: "default",
        endpoint: "db:5432",
        outcome,
        evidence: [evidence],
        passwordCaptured: false,
        ...(clientError ? { clientError } : {}),
      });
      const through = combineVariants([
        { variant: "cleartext", run: r("refused", "asked cleartext", "refused cleartext") },
        { variant: "md5", run: { ...r("let-through", "asked md5"), md5Captured: true } },
      ]);
      expect(through).toMatchObject({ outcome: "let-through", variant: "md5", md5Captured: true });
      expect(through.evidence).toEqual(["cleartext: asked cleartext", "md5: asked md5"]);
      const refused = combineVariants([
        { variant: "a", run: r("refused", "x", "error a") },
        { variant: "b", run: r("refused", "y", "error b") },
      ]);
      expect(refused.clientError).toBe("a: error a / b: error b");
      expect(combineVariants([{ variant: "only", run: r("not-run", "z") }]).outcome).toBe("not-run");
    });
  });
});
