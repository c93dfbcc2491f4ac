import { describe, expect, it } from "vitest";
import { ww310 } from "../../src/rules/ww310-csrf-trusted-origin-http.js";
import { devSettingsProject, findingsOf, settingsProject } from "../helpers/scan.js";

describe("WW310 csrf-trusted-origin-http", () => {
  it("fires once per plain-HTTP origin, with the https fix", async () => {
    const hits = await findingsOf(
      ww310,
      settingsProject(
        `X = 1\nCSRF_TRUSTED_ORIGINS = ["https://shop.example.com", "http://admin.example.com", "http://pay.example.com:8080"]\n`,
      ),
    );
    expect(hits).toHaveLength(2);
    expect(hits[0]).toMatchObject({ ruleId: "WW310", severity: "medium", cwe: "CWE-319" });
    expect(hits[0]?.fix).toContain("https://admin.example.com");
    expect(hits[1]?.message).toContain("http://pay.example.com:8080");
  });

  it("does not fire for https, loopback origins, or bare host names", async () => {
    expect(
      await findingsOf(
        ww310,
        settingsProject(
          `X = 1\nCSRF_TRUSTED_ORIGINS = ["https://a.example.com", "http://localhost:8000", "http://127.0.0.1", "http://[::1]:8000", "b.example.com"]\n`,
        ),
      ),
    ).toEqual([]);
  });

  it("is information only in a development module", async () => {
    const [f] = await findingsOf(
      ww310,
      devSettingsProject(`X = 1\nCSRF_TRUSTED_ORIGINS = ["http://a.example.com"]\n`),
    );
    expect(f?.severity).toBe("info");
  });
});
