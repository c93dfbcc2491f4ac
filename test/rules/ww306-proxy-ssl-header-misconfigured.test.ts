import { describe, expect, it } from "vitest";
import { ww306 } from "../../src/rules/ww306-proxy-ssl-header-misconfigured.js";
import { devSettingsProject, findingsOf, settingsProject } from "../helpers/scan.js";

const header = (value: string) => settingsProject(`X = 1\nSECURE_PROXY_SSL_HEADER = ${value}\n`);

describe("WW306 proxy-ssl-header-misconfigured", () => {
  it.each([
    ["a value other than https", `("HTTP_X_FORWARDED_PROTO", "http")`, `"http"`],
    ["a header that is not a META key", `("X-Forwarded-Proto", "https")`, "HTTP_"],
    ["not a pair", `"HTTP_X_FORWARDED_PROTO"`, "not a (header, value) pair"],
    ["a 3-tuple", `("HTTP_X_FORWARDED_PROTO", "https", "x")`, "not a (header, value) pair"],
  ])("is high for %s", async (_name, value, words) => {
    const [f] = await findingsOf(ww306, header(value));
    expect(f).toMatchObject({ ruleId: "WW306", severity: "high", cwe: "CWE-346" });
    expect(f?.message).toContain(words);
    expect(f?.location?.line).toBe(2);
  });

  it("is info when set correctly: the proxy must strip the header", async () => {
    const [f] = await findingsOf(ww306, header(`("HTTP_X_FORWARDED_PROTO", "https")`));
    expect(f?.severity).toBe("info");
    expect(f?.message).toContain("strip");
  });

  it("is silent when unset, None or unknown", async () => {
    expect(await findingsOf(ww306, settingsProject("X = 1\nY = 2\n"))).toEqual([]);
    expect(await findingsOf(ww306, header("None"))).toEqual([]);
    expect(
      await findingsOf(
        ww306,
        settingsProject(`import os\nX = 1\nSECURE_PROXY_SSL_HEADER = os.environ["H"]\n`),
      ),
    ).toEqual([]);
  });

  it("is information only in a development module", async () => {
    const [f] = await findingsOf(
      ww306,
      devSettingsProject(`X = 1\nSECURE_PROXY_SSL_HEADER = ("X", "https")\n`),
    );
    expect(f?.severity).toBe("info");
  });
});
