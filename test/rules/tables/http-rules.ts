/** Rule tables for the HTTP origin rules (WW501–WW507) and the live DB Console check (WW205): no site needed. */
import type { ConsoleResult, HttpOriginResult, SeenResponse } from "../../../src/probe/http/model.js";
import type { ProbeModel } from "../../../src/probe/model.js";
import { ww205Live } from "../../../src/rules/ww205-crdb-console-plain-http.js";
import { ww501 } from "../../../src/rules/ww501-http-not-redirected.js";
import { ww502 } from "../../../src/rules/ww502-hsts-header-weak.js";
import { ww503 } from "../../../src/rules/ww503-cookie-flags.js";
import { ww504 } from "../../../src/rules/ww504-django-debug-page.js";
import { ww505 } from "../../../src/rules/ww505-forwarded-proto-trusted.js";
import { ww506 } from "../../../src/rules/ww506-https-cert.js";
import { ww507 } from "../../../src/rules/ww507-admin-over-http.js";
import { cert, DAY, NOW } from "../../helpers/probe-model.js";
import type { RuleTable } from "../../helpers/rule-tester.js";

const SITE = "https://shop.example.com";
const HSTS = "max-age=31536000; includeSubDomains; preload";

function seen(url: string, status: number, over: Partial<SeenResponse> = {}): SeenResponse {
  return { url, status, cookies: [], debugPage: false, loginForm: false, ...over };
}

/** A hardened origin: plain HTTP redirects to HTTPS, HSTS for a year, Secure cookies, a trusted certificate. */
function origin(over: Partial<HttpOriginResult> = {}): HttpOriginResult {
  return {
    target: {
      host: "shop.example.com",
      httpUrl: "http://shop.example.com/",
      httpsUrl: `${SITE}/`,
      endpoint: SITE,
    },
    httpChain: [seen("http://shop.example.com/", 301, { location: `${SITE}/` })],
    httpsRoot: seen(`${SITE}/`, 200, { hsts: HSTS }),
    httpsAdmin: seen(`${SITE}/admin/login/`, 200, {
      hsts: HSTS,
      loginForm: true,
      cookies: ["csrftoken=****; Secure; SameSite=Lax; Path=/"],
    }),
    notFound: seen(`${SITE}/missing/`, 404),
    httpAdmin: seen("http://shop.example.com/admin/login/", 301, { location: `${SITE}/admin/login/` }),
    forwardedProto: [
      {
        header: "X-Forwarded-Proto: https",
        response: seen("http://shop.example.com/", 301, { location: `${SITE}/` }),
      },
    ],
    tls: {
      authorized: true,
      certificate: cert({ subject: "CN=shop.example.com" }),
      caSource: "system store",
    },
    durationMs: 1,
    ...over,
  };
}

const model = (o: Partial<ProbeModel>): ProbeModel => ({
  endpoints: [],
  origins: [],
  consoles: [],
  now: NOW,
  ...o,
});
const site = (over: Partial<HttpOriginResult> = {}) => model({ origins: [origin(over)] });
const good = site();

function console(over: Partial<ConsoleResult> = {}): ProbeModel {
  return model({
    consoles: [
      {
        endpoint: "postgresql://db.internal:26257",
        httpUrl: "http://db.internal:8080/",
        httpsUrl: "https://db.internal:8080/",
        httpsServed: true,
        ...over,
      },
    ],
  });
}

export const HTTP_TABLES: readonly RuleTable<ProbeModel>[] = [
  {
    rule: ww205Live,
    valid: [
      { name: "no console over plain HTTP", model: console() },
      { name: "plain HTTP redirects", model: console({ http: seen("http://db.internal:8080/", 307) }) },
    ],
    invalid: [
      {
        name: "the console served over plain HTTP",
        model: console({ http: seen("http://db.internal:8080/", 200) }),
        hits: [{ severity: "medium", message: /served over plain HTTP/ }],
      },
    ],
  },
  {
    rule: ww501,
    valid: [{ name: "301 to https://", model: good }],
    invalid: [
      {
        name: "the site served over plain HTTP",
        model: site({ httpChain: [seen("http://shop.example.com/", 200)] }),
        hits: [{ severity: "high", message: /serves the site instead of redirecting/, endpoint: SITE }],
      },
      {
        name: "a redirect to another http:// URL first",
        model: site({
          httpChain: [seen("http://shop.example.com/", 302, { location: "http://www.shop.example.com/" })],
        }),
        hits: [{ severity: "high", message: /another http:\/\/ URL first/ }],
      },
    ],
  },
  {
    rule: ww502,
    valid: [{ name: "a year, subdomains, preload", model: good }],
    invalid: [
      {
        name: "no header",
        model: site({ httpsRoot: seen(`${SITE}/`, 200) }),
        hits: [{ severity: "medium", evidence: /Strict-Transport-Security: absent/ }],
      },
      {
        name: "a short max-age without subdomains",
        model: site({ httpsRoot: seen(`${SITE}/`, 200, { hsts: "max-age=3600" }) }),
        hits: [{ severity: "low", message: /max-age 3600 < 31536000, no includeSubDomains/ }],
      },
    ],
  },
  {
    rule: ww503,
    valid: [{ name: "csrftoken Secure, SameSite=Lax", model: good }],
    invalid: [
      {
        name: "a session cookie without Secure or HttpOnly",
        model: site({
          httpsRoot: seen(`${SITE}/`, 200, { hsts: HSTS, cookies: ["sessionid=****; SameSite=Lax"] }),
        }),
        hits: [
          { severity: "high", message: /'sessionid' set over HTTPS lacks Secure/ },
          { severity: "medium", message: /lacks HttpOnly/ },
        ],
      },
      {
        name: "an ordinary cookie without SameSite",
        model: site({ httpsRoot: seen(`${SITE}/`, 200, { hsts: HSTS, cookies: ["theme=****; Secure"] }) }),
        hits: [{ severity: "low", message: /has no SameSite attribute/ }],
      },
    ],
  },
  {
    rule: ww504,
    valid: [{ name: "a plain 404", model: good }],
    invalid: [
      {
        name: "the technical 404 page",
        model: site({ notFound: seen(`${SITE}/missing/`, 404, { debugPage: true }) }),
        hits: [{ severity: "high", evidence: /missing\/ → 404/ }],
      },
    ],
  },
  {
    rule: ww505,
    valid: [
      { name: "the header changes nothing", model: good },
      { name: "no plain-HTTP answer to compare with", model: site({ httpChain: [] }) },
    ],
    invalid: [
      {
        name: "the redirect disappears with X-Forwarded-Proto",
        model: site({
          forwardedProto: [
            {
              header: "X-Forwarded-Proto: https",
              response: seen("http://shop.example.com/", 200, { hsts: HSTS }),
            },
          ],
        }),
        hits: [{ severity: "high", evidence: /X-Forwarded-Proto: https: no redirect \(200\), HSTS appears/ }],
      },
    ],
  },
  {
    rule: ww506,
    valid: [{ name: "a trusted certificate for the name, 80 days left", model: good }],
    invalid: [
      {
        name: "an untrusted chain",
        model: site({
          tls: {
            authorized: false,
            authorizationError: "SELF_SIGNED_CERT_IN_CHAIN",
            certificate: cert(),
            caSource: "system store",
          },
        }),
        hits: [{ severity: "high", message: /untrusted chain \(SELF_SIGNED_CERT_IN_CHAIN/ }],
      },
      {
        name: "expiring within 30 days",
        model: site({
          tls: {
            authorized: true,
            certificate: cert({ notAfter: new Date(NOW.getTime() + 10 * DAY).toISOString() }),
            caSource: "system store",
          },
        }),
        hits: [{ severity: "low", message: /expires in 10 day/ }],
      },
    ],
  },
  {
    rule: ww507,
    valid: [{ name: "the admin over HTTP redirects", model: good }],
    invalid: [
      {
        name: "the admin login form over plain HTTP",
        model: site({ httpAdmin: seen("http://shop.example.com/admin/login/", 200, { loginForm: true }) }),
        hits: [{ severity: "high", evidence: /admin\/login\/ → 200 with a login form/ }],
      },
    ],
  },
];
