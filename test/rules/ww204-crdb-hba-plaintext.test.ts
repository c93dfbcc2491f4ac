import { describe, expect, it } from "vitest";
import { ww204 } from "../../src/rules/ww204-crdb-hba-plaintext.js";
import { findingsOf } from "../helpers/scan.js";

describe("WW204 crdb-hba-plaintext", () => {
  it("fires for `host all all 0.0.0.0/0 password` in pg_hba.conf and in the CockroachDB cluster setting", async () => {
    const f = await findingsOf(ww204, {
      "db/pg_hba.conf":
        "local all all peer\nhost all all 127.0.0.1/32 scram-sha-256\nhost all all 0.0.0.0/0 password\n",
      "db/init.sql":
        "SET CLUSTER SETTING server.host_based_authentication.configuration = 'host all all 10.0.0.0/8 password\nhostssl all all all cert-password';\n",
    });
    expect(f.map((x) => `${x.location?.file}:${x.location?.line}`).sort()).toEqual([
      "db/init.sql:1",
      "db/pg_hba.conf:3",
    ]);
  });

  it("is silent for hostssl, local-only host entries and reject", async () => {
    expect(
      await findingsOf(ww204, {
        "pg_hba.conf":
          "hostssl all all 0.0.0.0/0 scram-sha-256\nhost all all ::1/128 trust\nhostnossl all all 0.0.0.0/0 reject\n",
      }),
    ).toEqual([]);
  });
});
