import { describe, expect, it } from "vitest";
import { runRules } from "../../src/core/run-rules.js";
import type { EndpointResult, ProbeModel } from "../../src/probe/model.js";
import { rulesOf } from "../../src/rules/registry.js";
import { cert, DAY, endpoint, NOW, tls } from "../helpers/probe-model.js";

const PROBE_RULES = await rulesOf("probe");

const ids = (e: EndpointResult) => {
  const model: ProbeModel = { endpoints: [e], origins: [], consoles: [], now: NOW };
  return runRules(PROBE_RULES, model, new Map()).map((f) => `${f.ruleId}:${f.severity}`);
};

describe("probe rules over a model", () => {
  it("a well-configured endpoint has no findings", () => {
    expect(ids(endpoint())).toEqual([]);
  });

  it("WW401 + WW408 critical for a plaintext cleartext-password login; WW408 low inside TLS", () => {
    const cleartext = {
      kind: "auth" as const,
      auth: { code: 3, name: "AuthenticationCleartextPassword", mechanisms: [] },
    };
    expect(ids(endpoint({ plaintext: cleartext }))).toEqual(["WW401:critical", "WW408:critical"]);
    expect(ids(endpoint({ tls: tls({ startup: cleartext }) }))).toEqual(["WW408:low"]);
  });

  it("WW403 ignores expiry errors, which WW405 reports with dates", () => {
    expect(
      ids(endpoint({ tls: tls({ authorized: false, authorizationError: "SELF_SIGNED_CERT_IN_CHAIN" }) })),
    ).toEqual(["WW403:high"]);
    const expired = tls({
      authorized: false,
      authorizationError: "CERT_HAS_EXPIRED",
      certificate: cert({ notAfter: new Date(NOW.getTime() - DAY).toISOString() }),
    });
    expect(ids(endpoint({ tls: expired }))).toEqual(["WW405:high"]);
  });

  it("WW405: expiring within 30 days is low; lifetime over 398 days is info", () => {
    expect(
      ids(
        endpoint({
          tls: tls({ certificate: cert({ notAfter: new Date(NOW.getTime() + 29 * DAY).toISOString() }) }),
        }),
      ),
    ).toEqual(["WW405:low"]);
    expect(
      ids(
        endpoint({
          tls: tls({ certificate: cert({ notAfter: new Date(NOW.getTime() + 31 * DAY).toISOString() }) }),
        }),
      ),
    ).toEqual([]);
    expect(
      ids(
        endpoint({
          tls: tls({ certificate: cert({ notAfter: new Date(NOW.getTime() + 400 * DAY).toISOString() }) }),
        }),
      ),
    ).toEqual(["WW405:info"]);
  });

  it("WW409: RSA 1024, EC 224 and SHA-1 are weak; RSA 2048 with SHA-256 is not", () => {
    expect(ids(endpoint({ tls: tls({ certificate: cert({ keyType: "rsa", keyBits: 1024 }) }) }))).toEqual([
      "WW409:medium",
    ]);
    expect(ids(endpoint({ tls: tls({ certificate: cert({ keyBits: 224, curve: "secp224r1" }) }) }))).toEqual([
      "WW409:medium",
    ]);
    expect(ids(endpoint({ tls: tls({ certificate: cert({ signatureHash: "SHA-1" }) }) }))).toEqual([
      "WW409:medium",
    ]);
    expect(ids(endpoint({ tls: tls({ certificate: cert({ keyType: "rsa", keyBits: 2048 }) }) }))).toEqual([]);
  });

  it("WW406/WW407 from the legacy attempts and from the negotiated session", () => {
    const legacy = {
      protocols: [{ version: "TLSv1", accepted: true, detail: "ServerHello TLSv1" }],
      weakSuites: [{ id: 10, name: "TLS_RSA_WITH_3DES_EDE_CBC_SHA", weakness: "3DES", version: "TLSv1.2" }],
      problems: [],
    };
    expect(ids(endpoint({ legacy }))).toEqual(["WW407:high", "WW406:medium"]);
    expect(ids(endpoint({ tls: tls({ cipher: "DES-CBC3-SHA" }) }))).toEqual(["WW407:high"]);
  });

  it("WW410 for bytes after S; WW402 for N; WW000 for an unreachable endpoint", () => {
    expect(ids(endpoint({ ssl: { kind: "S", extraBytes: 12 } }))).toEqual(["WW410:high"]);
    expect(ids(endpoint({ ssl: { kind: "N", extraBytes: 0 }, tls: undefined }))).toEqual(["WW402:critical"]);
    const down = {
      target: endpoint().target,
      unreachable: "connection refused",
      server: { product: "unknown" as const, evidence: "" },
      durationMs: 1,
    };
    expect(ids(down)).toEqual(["WW000:info"]);
  });
});
