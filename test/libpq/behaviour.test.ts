/**
 * The libpq model (src/libpq/behaviour.ts), case by case. These are the facts as the libpq sources and the field
 * notes state them; test/crosscheck/scan-prove-matrix.test.ts holds the same model to real libpq 15, 17 and 18.
 */
import { describe, expect, it } from "vitest";
import {
  type LibpqClient,
  type LibpqMajor,
  predictAttacks,
  resolveLibpq,
} from "../../src/libpq/behaviour.js";

const client = (
  params: Record<string, string>,
  o: { env?: Record<string, string>; files?: string[]; home?: boolean | undefined } = {},
): LibpqClient => ({
  params,
  env: o.env ?? {},
  fileExists: (p) => (o.files ? o.files.includes(p) : undefined),
  homeRootCert: "home" in o ? o.home : false,
});

const outcomes = (major: LibpqMajor, c: LibpqClient) =>
  Object.fromEntries(Object.entries(predictAttacks(major, c)).map(([k, v]) => [k, v.outcome]));

describe("resolveLibpq", () => {
  it.each([
    [
      "no sslmode: prefer",
      18,
      client({}),
      { sslmode: "prefer", sslmodeFrom: "default", verifiesChain: false },
    ],
    [
      "PGSSLMODE counts",
      15,
      client({}, { env: { PGSSLMODE: "require" } }),
      { sslmode: "require", sslmodeFrom: "environment" },
    ],
    [
      "the parameter wins over PGSSLMODE",
      15,
      client({ sslmode: "verify-full" }, { env: { PGSSLMODE: "disable" } }),
      { sslmode: "verify-full", sslmodeFrom: "parameter" },
    ],
    [
      "require with a root file that exists verifies the chain",
      15,
      client({ sslmode: "require", sslrootcert: "/ca.crt" }, { files: ["/ca.crt"] }),
      { verifiesChain: true, verifiesHost: false },
    ],
    [
      "require with ~/.postgresql/root.crt verifies the chain",
      18,
      client({ sslmode: "require" }, { home: true }),
      { verifiesChain: true },
    ],
    [
      "an explicit missing file turns the implicit one off",
      18,
      client({ sslmode: "require", sslrootcert: "$HOME/.postgresql/root.crt" }, { files: [], home: true }),
      { verifiesChain: false },
    ],
    [
      "system on 16+: verify-full by default",
      16,
      client({ sslrootcert: "system" }),
      { sslmode: "verify-full", verifiesHost: true, roots: { kind: "system-store" } },
    ],
    [
      "system on 15: a file named system",
      15,
      client({ sslrootcert: "system" }, { files: [] }),
      { sslmode: "prefer", verifiesChain: false },
    ],
    ["direct on 17+", 17, client({ sslmode: "require", sslnegotiation: "direct" }), { direct: true }],
    [
      "direct is not a word libpq 16 knows",
      16,
      client({ sslmode: "require", sslnegotiation: "direct" }),
      { error: 'invalid connection option "sslnegotiation"' },
    ],
    [
      "direct needs require or stronger",
      18,
      client({ sslmode: "prefer", sslnegotiation: "direct" }),
      { error: expect.stringMatching(/^weak sslmode "prefer" may not be used with sslnegotiation=direct/) },
    ],
    [
      "system forbids a weaker mode",
      18,
      client({ sslmode: "require", sslrootcert: "system" }),
      { error: expect.stringMatching(/^weak sslmode "require" may not be used with sslrootcert=system/) },
    ],
    [
      "verify-full with a missing root file fails",
      15,
      client({ sslmode: "verify-full", sslrootcert: "~/ca.crt" }, { files: [] }),
      { error: 'root certificate file "~/ca.crt" does not exist' },
    ],
    [
      "verify-ca with no root file at all fails",
      17,
      client({ sslmode: "verify-ca" }),
      { error: expect.stringMatching(/root\.crt" does not exist$/) },
    ],
    [
      "an unknown sslmode fails",
      15,
      client({ sslmode: "REQUIRE" }),
      { error: 'invalid sslmode value: "REQUIRE"' },
    ],
    [
      "require_auth on 15 fails",
      15,
      client({ require_auth: "scram-sha-256" }),
      { error: 'invalid connection option "require_auth"' },
    ],
    [
      "require_auth=scram-sha-256 refuses a password request",
      16,
      client({ require_auth: "scram-sha-256" }),
      { allowsPasswordRequest: false },
    ],
    ["require_auth=!md5 allows one", 16, client({ require_auth: "!md5" }), { allowsPasswordRequest: true }],
    [
      "channel_binding=require refuses one",
      15,
      client({ channel_binding: "require" }),
      { allowsPasswordRequest: false },
    ],
  ] as const)("%s", (_name, major, c, expected) => {
    expect(resolveLibpq(major as LibpqMajor, c)).toMatchObject(expected);
  });
});

describe("predictAttacks", () => {
  it.each([
    [
      "prefer, nothing else",
      15,
      client({}),
      {
        strip: "through",
        forge: "through",
        "wrong-host": "through",
        downgrade: "through",
        "direct-forge": "not-applicable",
      },
    ],
    [
      "disable",
      18,
      client({ sslmode: "disable" }),
      { strip: "through", forge: "not-applicable", "wrong-host": "not-applicable", downgrade: "through" },
    ],
    [
      "require without a root file",
      17,
      client({ sslmode: "require" }),
      { strip: "refused", forge: "through", "wrong-host": "through", downgrade: "through" },
    ],
    [
      "require with a root file: verify-ca in all but name",
      18,
      client({ sslmode: "require", sslrootcert: "/ca.crt" }, { files: ["/ca.crt"] }),
      { strip: "refused", forge: "refused", "wrong-host": "through" },
    ],
    [
      "require with a root file not known to exist",
      18,
      client({ sslmode: "require", sslrootcert: "/etc/ca.crt" }),
      { forge: "unknown", downgrade: "through" },
    ],
    [
      "verify-full with its root file",
      15,
      client({ sslmode: "verify-full", sslrootcert: "/ca.crt" }, { files: ["/ca.crt"] }),
      { strip: "refused", forge: "refused", "wrong-host": "refused", downgrade: "not-applicable" },
    ],
    [
      "require + system on 15: nothing verified (E6)",
      15,
      client({ sslmode: "require", sslrootcert: "system" }, { files: [] }),
      { forge: "through" },
    ],
    [
      "require + system on 16: refuses to connect",
      16,
      client({ sslmode: "require", sslrootcert: "system" }),
      { strip: "no-connection", forge: "no-connection" },
    ],
    [
      "system alone on 18: verify-full",
      18,
      client({ sslrootcert: "system" }),
      { strip: "refused", forge: "refused", "wrong-host": "refused" },
    ],
    [
      "direct with require on 17: only direct-forge gets in",
      17,
      client({ sslmode: "require", sslnegotiation: "direct" }),
      { strip: "refused", forge: "refused", "direct-forge": "through" },
    ],
    [
      "direct with verify-full: nothing",
      18,
      client(
        { sslmode: "verify-full", sslnegotiation: "direct", sslrootcert: "/ca.crt" },
        { files: ["/ca.crt"] },
      ),
      { "direct-forge": "refused" },
    ],
    [
      // As the matrix showed the real clients do: no SCRAM-SHA-256-PLUS on offer, no authentication at all.
      "prefer with channel_binding=require: no attack gets a login; downgrade, in the channel it accepted, refused",
      15,
      client({ channel_binding: "require" }),
      { strip: "refused", forge: "refused", "wrong-host": "refused", downgrade: "refused" },
    ],
    [
      "require_auth=md5: SCRAM refused in the forged channel, but downgrade's MD5 request answered there",
      16,
      client({ sslmode: "require", require_auth: "md5" }),
      { strip: "refused", forge: "refused", "wrong-host": "refused", downgrade: "through" },
    ],
    [
      "require_auth=scram-sha-256: forge through, downgrade refused (neither cleartext nor MD5)",
      16,
      client({ sslmode: "require", require_auth: "scram-sha-256" }),
      { forge: "through", downgrade: "refused" },
    ],
  ] as const)("%s", (_name, major, c, expected) => {
    expect(outcomes(major as LibpqMajor, c)).toMatchObject(expected);
  });

  it("every prediction says why", () => {
    for (const p of Object.values(predictAttacks(18, client({ sslmode: "require" }))))
      expect(p.why.length).toBeGreaterThan(10);
  });
});
