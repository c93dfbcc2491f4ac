import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  MAX_SCRAM_ITERATIONS,
  parseServerFirst,
  ScramError,
  saslPrep,
  scramClientFinal,
  scramClientFirst,
  serverFinalError,
  verifyServerFinal,
} from "../../src/mitm/scram.js";

// RFC 7677 section 3, user "user", password "pencil".
const RFC = {
  clientNonce: "rOprNGfwEbeRWgbNEkqO",
  clientFirst: "n,,n=user,r=rOprNGfwEbeRWgbNEkqO",
  serverFirst: "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
  clientFinal:
    "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
  serverFinal: "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
};

const final = (serverFirst: string, clientNonce = RFC.clientNonce) =>
  scramClientFinal({
    password: "pencil",
    clientFirstBare: "n=user,r=rOprNGfwEbeRWgbNEkqO",
    serverFirst,
    clientNonce,
  });

describe("SCRAM-SHA-256, RFC 7677 test vector", () => {
  it("client-final-message and server signature match the RFC byte for byte", () => {
    // The RFC's client-first-message carries n=user; the bare message is passed as given.
    expect(RFC.clientFirst.slice(3)).toBe("n=user,r=rOprNGfwEbeRWgbNEkqO");
    const r = final(RFC.serverFirst);
    expect(r.message).toBe(RFC.clientFinal);
    expect(r.expectedServerSignature).toBe(RFC.serverFinal.slice(2));
    expect(verifyServerFinal(RFC.serverFinal, r.expectedServerSignature)).toBe(true);
  });

  it("a different password gives a different proof and signature", () => {
    const r = scramClientFinal({
      password: "pencil2",
      clientFirstBare: "n=user,r=rOprNGfwEbeRWgbNEkqO",
      serverFirst: RFC.serverFirst,
      clientNonce: RFC.clientNonce,
    });
    expect(r.message).not.toBe(RFC.clientFinal);
    expect(verifyServerFinal(RFC.serverFinal, r.expectedServerSignature)).toBe(false);
  });
});

describe("scramClientFirst: PostgreSQL's form", () => {
  it("n,, gs2 header, empty user name, the given nonce", () => {
    expect(scramClientFirst("abc")).toEqual({ message: "n,,n=,r=abc", bare: "n=,r=abc", nonce: "abc" });
  });

  it("a generated nonce is 24 printable characters (18 random bytes) and differs every time", () => {
    const a = scramClientFirst();
    const b = scramClientFirst();
    expect(a.nonce).toMatch(/^[A-Za-z0-9+/]{24}$/);
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.message).toBe(`n,,n=,r=${a.nonce}`);
  });

  it("a nonce with ',' or non-printable characters is refused", () => {
    expect(() => scramClientFirst("a,b")).toThrow(ScramError);
    expect(() => scramClientFirst("a b")).toThrow(ScramError);
    expect(() => scramClientFirst("")).toThrow(ScramError);
  });
});

describe("hostile server-first-messages are ScramErrors, never crashes", () => {
  const salt = "W22ZaJ0SNY7soEsUEjb6gQ==";
  const nonce = `${RFC.clientNonce}XYZ`;
  const cases: [string, string, RegExp][] = [
    ["nonce not extending the client's", `r=somethingElse123,s=${salt},i=4096`, /does not extend/],
    ["nonce equal to the client's", `r=${RFC.clientNonce},s=${salt},i=4096`, /does not extend/],
    ["i=0", `r=${nonce},s=${salt},i=0`, /outside 1\.\.100000/],
    ["i=10^9", `r=${nonce},s=${salt},i=1000000000`, /outside 1\.\.100000/],
    ["i beyond 10 digits", `r=${nonce},s=${salt},i=99999999999999999999`, /not a decimal/],
    ["i negative", `r=${nonce},s=${salt},i=-1`, /not a decimal/],
    ["i not a number", `r=${nonce},s=${salt},i=4096x`, /not a decimal/],
    ["i empty", `r=${nonce},s=${salt},i=`, /not a decimal/],
    ["missing i", `r=${nonce},s=${salt}`, /expected exactly/],
    ["missing s", `r=${nonce},i=4096`, /expected exactly/],
    ["missing r", `s=${salt},i=4096`, /expected exactly/],
    ["attributes out of order", `s=${salt},r=${nonce},i=4096`, /expected exactly/],
    ["trailing extension", `r=${nonce},s=${salt},i=4096,x=1`, /expected exactly/],
    ["mandatory extension", `m=ext,r=${nonce},s=${salt},i=4096`, /mandatory extension/],
    ["server error", "e=other-error", /server error/],
    ["salt not base64", `r=${nonce},s=not*base64,i=4096`, /salt/],
    ["salt empty", `r=${nonce},s=,i=4096`, /salt/],
    ["empty message", "", /empty/],
    ["garbage", "\u0000\u0001\u00ff", /expected exactly/],
    ["huge", `r=${nonce}${"A".repeat(10_000)},s=${salt},i=4096`, /longer than/],
  ];
  for (const [what, serverFirst, reason] of cases)
    it(what, () => {
      let thrown: unknown;
      try {
        final(serverFirst);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(ScramError);
      expect((thrown as Error).message).toMatch(reason);
      expect((thrown as Error).message).not.toContain("pencil");
    });

  it("the bounds themselves are accepted", () => {
    expect(parseServerFirst(`r=${nonce},s=${salt},i=1`, RFC.clientNonce).iterations).toBe(1);
    expect(
      parseServerFirst(`r=${nonce},s=${salt},i=${MAX_SCRAM_ITERATIONS}`, RFC.clientNonce).iterations,
    ).toBe(MAX_SCRAM_ITERATIONS);
  });

  it("any string: a result or a ScramError, nothing else", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        try {
          parseServerFirst(s, RFC.clientNonce);
        } catch (e) {
          return e instanceof ScramError;
        }
        return true;
      }),
    );
  });
});

describe("verifyServerFinal", () => {
  const expected = RFC.serverFinal.slice(2);
  it("accepts exactly v=<expected>", () => {
    expect(verifyServerFinal(`v=${expected}`, expected)).toBe(true);
  });
  it.each([
    ["a wrong signature", "v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="],
    ["a truncated signature", `v=${expected.slice(0, 20)}`],
    ["an error", "e=invalid-proof"],
    ["trailing data", `v=${expected},x=1`],
    ["no v=", expected],
    ["empty", ""],
    ["v= only", "v="],
  ])("refuses %s", (_what, serverFinal) => {
    expect(verifyServerFinal(serverFinal, expected)).toBe(false);
  });
  it("names the server's e= reason", () => {
    expect(serverFinalError("e=invalid-proof")).toBe("invalid-proof");
    expect(serverFinalError(`v=${expected}`)).toBeUndefined();
  });
});

describe("saslPrep (pg_saslprep's behaviour, approximated)", () => {
  it("pure ASCII is unchanged, control characters included", () => {
    expect(saslPrep("pencil")).toBe("pencil");
    expect(saslPrep("a\u0007b")).toBe("a\u0007b");
    expect(saslPrep("")).toBe("");
  });
  it("RFC 4013 examples: soft hyphen removed, NFKC applied, non-ASCII space to space", () => {
    expect(saslPrep("I\u00adX")).toBe("IX");
    expect(saslPrep("\u00aa")).toBe("a");
    expect(saslPrep("\u2168")).toBe("IX");
    expect(saslPrep("a\u00a0b")).toBe("a b");
  });
  it("prohibited output or an empty result: the raw password is used, as PostgreSQL does", () => {
    expect(saslPrep("\u00e9\u0007")).toBe("\u00e9\u0007");
    expect(saslPrep("\u00ad")).toBe("\u00ad");
  });
});
