import { describe, expect, it } from "vitest";
import { canonicalIp, libpqHostMatches, nameMatches } from "../../src/probe/hostname-match.js";

const names = (dnsNames: string[], ipAddresses: string[] = [], commonName?: string) => ({
  dnsNames,
  ipAddresses,
  ...(commonName ? { commonName } : {}),
});

describe("libpq verify-full host name rules", () => {
  it("DNS SAN, case-insensitive", () => {
    expect(libpqHostMatches("DB.internal", names(["db.INTERNAL"]))).toBe(true);
    expect(libpqHostMatches("other.internal", names(["db.internal"]))).toBe(false);
  });

  it("a wildcard covers exactly one label", () => {
    expect(nameMatches("*.db.internal", "n1.db.internal")).toBe(true);
    expect(nameMatches("*.db.internal", "a.n1.db.internal")).toBe(false);
    expect(nameMatches("*.db.internal", "db.internal")).toBe(false);
  });

  it("the CN counts only without a SAN of the host's kind", () => {
    expect(libpqHostMatches("db", names([], [], "db"))).toBe(true);
    expect(libpqHostMatches("db", names(["other"], [], "db"))).toBe(false);
    // An IP host with only DNS SANs may still match the CN (libpq's documented deviation from RFC 6125).
    expect(libpqHostMatches("10.0.0.1", names(["db"], [], "10.0.0.1"))).toBe(true);
    expect(libpqHostMatches("10.0.0.1", names([], ["10.0.0.2"], "10.0.0.1"))).toBe(false);
  });

  it("IP SANs compare addresses, in any spelling", () => {
    expect(libpqHostMatches("::1", names([], ["0:0:0:0:0:0:0:1"]))).toBe(true);
    expect(libpqHostMatches("127.0.0.1", names([], ["127.0.0.1"]))).toBe(true);
    expect(libpqHostMatches("127.0.0.2", names([], ["127.0.0.1"]))).toBe(false);
    // A host name never matches an IP SAN.
    expect(libpqHostMatches("localhost", names([], ["127.0.0.1"]))).toBe(false);
  });

  it("a DNS SAN spelled as an IP matches that IP as a string (libpq compares text)", () => {
    expect(libpqHostMatches("127.0.0.1", names(["127.0.0.1"]))).toBe(true);
  });

  it("canonical IPv6", () => {
    expect(canonicalIp("::ffff:127.0.0.1")).toBe(canonicalIp("0:0:0:0:0:ffff:7f00:1"));
    expect(canonicalIp("not-an-ip")).toBeUndefined();
  });
});
