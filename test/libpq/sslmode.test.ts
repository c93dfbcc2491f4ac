import { expect, it } from "vitest";
import { isSslmode, sslmodeProtection, sslmodeStrength, verifiesServer } from "../../src/libpq/sslmode.js";

it.each([
  ["disable", 0, false, "plaintext"],
  ["allow", 1, false, "plaintext possible"],
  ["prefer", 2, false, "plaintext possible"],
  ["require", 3, false, "TLS, certificate not checked"],
  ["verify-ca", 4, true, "TLS, CA verified, host not checked"],
  ["verify-full", 5, true, "TLS, host verified"],
] as const)("%s: strength %d, verifies the server: %s, '%s'", (mode, strength, verifies, words) => {
  expect(isSslmode(mode)).toBe(true);
  expect(sslmodeStrength(mode)).toBe(strength);
  expect(verifiesServer(mode)).toBe(verifies);
  expect(sslmodeProtection(mode)).toBe(words);
});

it.each([null, "", "verify_full", "VERIFY-FULL", "true", "on"])("%j is not a mode libpq knows", (value) => {
  expect(isSslmode(value)).toBe(false);
  expect(sslmodeStrength(value)).toBeUndefined();
  expect(sslmodeProtection(value)).toBe("unknown");
});
