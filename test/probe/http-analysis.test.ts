import { describe, expect, it } from "vitest";
import { isDjangoDebugPage, isLoginForm, parseHsts, parseSetCookie } from "../../src/probe/http/analysis.js";
import { httpOrigins } from "../../src/probe/http/targets.js";
import { cookieProblems } from "../../src/rules/ww503-cookie-flags.js";

describe("cookies", () => {
  it("parses attributes case-insensitively and never keeps the value", () => {
    const c = parseSetCookie(
      "sessionid=abc123secret; expires=Thu, 01 Jan 2099 00:00:00 GMT; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax; SECURE",
    );
    expect(c).toMatchObject({ name: "sessionid", secure: true, httpOnly: true, sameSite: "Lax" });
    expect(JSON.stringify(c)).not.toContain("abc123secret");
  });

  it.each([
    ["sessionid=x; Path=/; SameSite=Lax; HttpOnly", ["high"]],
    ["csrftoken=x; Path=/; SameSite=Lax", ["high"]],
    ["sessionid=x; Secure; SameSite=Lax", ["medium"]],
    ["theme=dark; Secure", ["low"]],
    ["theme=dark; Secure; SameSite=Sideways", ["low"]],
    ["theme=dark; SameSite=None", ["low", "low"]],
    ["__Host-sessionid=x; Secure; HttpOnly; SameSite=Strict; Path=/", []],
    ["__Secure-id=x; SameSite=Lax", ["low"]],
  ])("%s", (header, severities) => {
    const c = parseSetCookie(header);
    expect(c && cookieProblems(c).map((p) => p.severity)).toEqual(severities);
  });
});

describe("HSTS, debug page, login form", () => {
  it("reads max-age, includeSubDomains and preload", () => {
    expect(parseHsts("max-age=31536000; includeSubDomains; preload")).toEqual({
      maxAge: 31536000,
      includeSubDomains: true,
      preload: true,
    });
    expect(parseHsts('max-age="600"')).toEqual({ maxAge: 600, includeSubDomains: false, preload: false });
    expect(parseHsts(undefined)).toBeUndefined();
  });

  it("recognises Django's technical pages (typographic and straight apostrophes)", () => {
    expect(
      isDjangoDebugPage(
        "You’re seeing this error because you have <code>DEBUG = True</code> in your Django settings",
      ),
    ).toBe(true);
    expect(isDjangoDebugPage("You're seeing this error because you have DEBUG = True")).toBe(true);
    expect(isDjangoDebugPage("<h1>Not Found</h1>")).toBe(false);
  });

  it("recognises the admin login form", () => {
    expect(
      isLoginForm('<input type="hidden" name="csrfmiddlewaretoken" value="x"><input name="username">'),
    ).toBe(true);
    expect(isLoginForm("<p>hello</p>")).toBe(false);
  });
});

describe("HTTP origins", () => {
  it("pairs http:// and https:// of the same host; fills the missing half from the default ports", () => {
    const r = httpOrigins(["https://127.0.0.1:8443", "http://127.0.0.1:8080", "https://shop.example"], {
      http: 80,
      https: 443,
    });
    expect(r).toEqual({
      origins: [
        {
          host: "127.0.0.1",
          httpUrl: "http://127.0.0.1:8080",
          httpsUrl: "https://127.0.0.1:8443",
          endpoint: "https://127.0.0.1:8443",
        },
        {
          host: "shop.example",
          httpUrl: "http://shop.example",
          httpsUrl: "https://shop.example",
          endpoint: "https://shop.example",
        },
      ],
    });
  });

  it("refuses credentials in an HTTP target", () => {
    expect(httpOrigins(["https://u:p@h"], { http: 80, https: 443 })).toMatchObject({
      error: expect.stringContaining("credentials"),
    });
  });
});
