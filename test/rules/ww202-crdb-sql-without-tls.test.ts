import { describe, expect, it } from "vitest";
import { ww202 } from "../../src/rules/ww202-crdb-sql-without-tls.js";
import { findingsOf } from "../helpers/scan.js";

describe("WW202 crdb-sql-without-tls", () => {
  it("fires for --accept-sql-without-tls in a compose command", async () => {
    const [f] = await findingsOf(ww202, {
      "compose.yaml":
        "services:\n  db:\n    command: start --certs-dir=/certs --accept-sql-without-tls --join=db\n",
    });
    expect(f).toMatchObject({ severity: "high", location: { file: "compose.yaml", line: 3 } });
  });

  it("is silent without the flag, and for --accept-sql-without-tls=false", async () => {
    expect(
      await findingsOf(ww202, {
        "compose.yaml":
          "services:\n  db:\n    command: start --certs-dir=/certs --accept-sql-without-tls=false\n",
      }),
    ).toEqual([]);
  });
});
