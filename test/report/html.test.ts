import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../src/core/finding.js";
import type { Report, TopologyAlias, TopologyModule } from "../../src/core/report.js";
import { severityRank } from "../../src/core/severity.js";
import { scanProject } from "../../src/engine/scan.js";
import { escapeHtml } from "../../src/report/html/escape.js";
import { hopsOf, worstSeverity } from "../../src/report/html/hops.js";
import { formatHtml } from "../../src/report/html/page.js";
import { FORMATS, formatReport } from "../../src/report/index.js";
import { REPO, tempDir } from "../helpers/cli.js";
import { writeTree } from "../helpers/tree.js";
import { EMPTY, FINDINGS, makeReport, SECRET } from "./fixture.js";

/** The text of one `<section class="module" data-module="…">`, up to its closing tag. */
function moduleSection(html: string, module: string): string {
  const start = html.indexOf(`<section class="module" data-module="${module}"`);
  if (start < 0) throw new Error(`no diagram for ${module}`);
  return html.slice(start, html.indexOf("</section>", start));
}

function attrValues(html: string, attr: string): string[] {
  return [...html.matchAll(new RegExp(`\\s${attr}="([^"]*)"`, "g"))].map((m) => m[1] ?? "");
}

function alias(name: string, nodes: string[], protection: string, sslmode: string | null): TopologyAlias {
  return { alias: name, engine: "django_cockroachdb", nodes, network: true, sslmode, protection };
}

function topologyModule(overrides: Partial<TopologyModule> = {}): TopologyModule {
  return {
    module: "shop.settings.production",
    file: "shop/settings/production.py",
    condition: null,
    production: true,
    development: false,
    behindProxy: false,
    browserProtection: "plain HTTP served",
    aliases: [
      alias("default", ["db.example.com:26257"], "plaintext possible", "prefer"),
      alias("replica", ["r1.example.com:26257"], "plaintext", "disable"),
    ],
    ...overrides,
  };
}

const finding = (f: Partial<Finding> & Pick<Finding, "ruleId" | "severity">): Finding => ({
  name: "rule",
  message: "m",
  cwe: null,
  owasp: null,
  ...f,
});

describe("the attack paths of a project with many settings modules", () => {
  it("one diagram per production module in view; the other modules folded under one <details>", () => {
    const topology = [
      topologyModule({
        module: "shop.settings.dev",
        file: "shop/settings/dev.py",
        production: false,
        development: true,
      }),
      topologyModule(),
      ...Array.from({ length: 40 }, (_, i) =>
        topologyModule({
          module: `shop.settings.tenant${i}`,
          file: `shop/settings/tenant${i}.py`,
          production: false,
        }),
      ),
    ];
    const html = formatHtml(makeReport(FINDINGS, { topology }));
    const details = html.indexOf(`<details class="other-modules">`);
    expect(details).toBeGreaterThan(0);
    // The production diagram comes before the fold; all 41 others are inside it, none lost.
    expect(html.indexOf(`data-module="shop.settings.production"`)).toBeLessThan(details);
    expect(html.slice(details)).toContain(
      "41 other settings modules: shop.settings.dev, shop.settings.tenant0",
    );
    expect(html.slice(0, details).match(/<section class="module"/g)).toHaveLength(1);
    expect(html.slice(details).match(/<section class="module"/g)).toHaveLength(41);
  });

  it("with no production module, the non-development ones are shown and development ones folded", () => {
    const html = formatHtml(
      makeReport(FINDINGS, {
        topology: [
          topologyModule({ module: "a.settings", production: false }),
          topologyModule({ module: "a.settings.local", production: false, development: true }),
        ],
      }),
    );
    const details = html.indexOf(`<details class="other-modules">`);
    expect(html.indexOf(`data-module="a.settings"`)).toBeLessThan(details);
    expect(html.slice(details)).toContain(`data-module="a.settings.local"`);
  });
});

describe("escapeHtml", () => {
  it("escapes the five characters that can end text or an attribute", () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe(
      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;",
    );
    expect(escapeHtml("&amp;")).toBe("&amp;amp;");
    expect(escapeHtml("plain text: ok")).toBe("plain text: ok");
  });
});

describe("formatHtml on the report fixture", () => {
  const report = makeReport(FINDINGS, { topology: [topologyModule()] });
  const html = formatHtml(report);

  it("is one self-contained page: strict CSP, inline style and script, nothing fetched", () => {
    expect(html.startsWith("<!DOCTYPE html>\n")).toBe(true);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:;`,
    );
    // Every src/href is a fragment or data: URL; nothing names another origin.
    const refs = [...attrValues(html, "src"), ...attrValues(html, "href"), ...attrValues(html, "xlink:href")];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ref).toMatch(/^(#|data:)/);
    expect(html).not.toMatch(/\b(?:src|href|action|srcset)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(|<link rel="stylesheet"|<iframe|<object|<embed/i);
    // Our own script is the only one, and it is inline.
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain("<script>\n(function () {");
  });

  it("has the header: tool, version, command, target, grade, score and counts", () => {
    expect(html).toContain("<h1>wirewarden scan report</h1>");
    expect(html).toContain("wirewarden 1.2.3 · <code>scan</code> · target <code>examples/shop</code>");
    expect(html).toContain(`<div class="grade grade-F" aria-label="grade F">F</div>`);
    expect(html).toContain("Score <b>0</b>/100");
    for (const [sev, count] of Object.entries({ critical: 2, high: 2, medium: 1, low: 1, info: 1 }))
      expect(html).toContain(`<b>${count}</b> ${sev}</li>`);
  });

  it("lists every finding, worst first, with rule, location, scope, message, evidence, fix and CWE/OWASP", () => {
    const articles = html.match(/<article class="finding /g) ?? [];
    expect(articles).toHaveLength(FINDINGS.length);
    const order = [...html.matchAll(/<article [^>]*data-severity="(\w+)"/g)].map(
      (m) => m[1] as Finding["severity"],
    );
    expect(order).toHaveLength(FINDINGS.length);
    for (let i = 1; i < order.length; i++)
      expect(severityRank(order[i - 1] ?? "info")).toBeGreaterThanOrEqual(severityRank(order[i] ?? "info"));
    for (const f of FINDINGS) expect(html).toContain(`data-rule="${f.ruleId}"`);
    expect(html).toContain(
      `<span class="rule">WW101</span> <span class="name">db-tls-not-enforced</span> <code class="where">shop/settings/base.py:12:5</code>`,
    );
    expect(html).toContain(
      "<dt>settings</dt><dd><code>shop.settings.production</code> · alias <code>default</code></dd>",
    );
    expect(html).toContain(
      "database alias &#39;default&#39; sets no sslmode | so libpq uses &#39;prefer&#39;",
    );
    expect(html).toContain(
      '<dt>fix</dt><dd class="fix mono pre">set OPTIONS[&#39;sslmode&#39;] = &#39;verify-full&#39; and OPTIONS[&#39;sslrootcert&#39;]</dd>',
    );
    expect(html).toContain("<dt>refs</dt><dd>CWE-798 · API8:2023</dd>");
    // An endpoint finding is located by its endpoint (redacted).
    expect(html).toContain(`<code class="where">postgresql://probe:****@db.example.com:26257</code>`);
  });

  it("has a severity filter per severity and a count of visible findings", () => {
    for (const sev of ["critical", "high", "medium", "low", "info"])
      expect(html).toContain(`<input type="checkbox" data-filter="${sev}" checked>`);
    expect(html).toContain(
      `<output id="visible-count" data-visible="7" aria-live="polite">Showing 7 of 7 findings</output>`,
    );
  });

  it("never prints a secret, in findings or in the target", () => {
    expect(html).not.toContain(SECRET);
    expect(html).toContain("password=****");
    expect(html).toContain("postgresql://app:****@db.example.com:26257/shop");
    expect(html).toContain("&#39;PASSWORD&#39;: &#39;****&#39;");
    const probe = formatHtml(makeReport(FINDINGS, { target: `postgresql://u:${SECRET}@db:26257` }));
    expect(probe).not.toContain(SECRET);
  });

  it("escapes every string from the report: message, alias, module, node, evidence", () => {
    const evil = `<script>alert("pwned")</script> & "quoted" 'single'`;
    const hostile = makeReport(
      [
        finding({
          ruleId: "WW101",
          severity: "high",
          message: evil,
          evidence: `<img src=x onerror=alert(1)>`,
          fix: `</dd><script>x()</script>`,
          settingsModule: `mod"><b>`,
          alias: `<svg onload=alert(1)>`,
          location: { file: `a<b>.py`, line: 1, column: 1 },
        }),
      ],
      {
        target: `"><script>alert(2)</script>`,
        topology: [
          topologyModule({
            module: `mod"><b>`,
            aliases: [alias(`<svg onload=alert(1)>`, [`<i>node</i>:1`], `<u>tls</u>`, `"x"`)],
          }),
        ],
      },
    );
    const out = formatHtml(hostile);
    expect(out).toContain(
      "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; &quot;quoted&quot; &#39;single&#39;",
    );
    expect(out.match(/<script/g)).toHaveLength(1);
    for (const raw of ["<img", "<svg onload", "<i>node", "<u>tls", `mod"><b>`, "<b>.py", `"><script`]) {
      expect(out).not.toContain(raw);
    }
    expect(out).toContain(`data-alias="&lt;svg onload=alert(1)&gt;"`);
    expect(out).toContain(`data-module="mod&quot;&gt;&lt;b&gt;"`);
  });

  it("is deterministic and is what --format html renders", () => {
    expect(formatHtml(report)).toBe(html);
    expect(FORMATS).toContain("html");
    expect(formatReport(report, "html", { color: true, verbose: true })).toBe(html);
  });

  it("says so when there is nothing to report", () => {
    const empty = formatHtml(EMPTY);
    expect(empty).toContain(`<div class="grade grade-A" aria-label="grade A">A</div>`);
    expect(empty).toContain("No findings.");
    expect(empty).not.toContain("data-filter=");
    expect(empty).not.toContain(`id="attack-paths"`);
  });
});

describe("hops: which findings concern which hop", () => {
  const web = finding({ ruleId: "WW304", severity: "high", settingsModule: "shop.settings.production" });
  const proxyHeader = finding({
    ruleId: "WW306",
    severity: "high",
    settingsModule: "shop.settings.production",
  });
  const onDefault = finding({
    ruleId: "WW101",
    severity: "high",
    settingsModule: "shop.settings.production",
    alias: "default",
  });
  const onReplicaWhen = finding({
    ruleId: "WW102",
    severity: "critical",
    settingsModule: "shop.settings.production",
    alias: "replica",
    message: "sslmode is disable (when USE_REPLICA is set)",
    conditions: ["USE_REPLICA is set"],
  });
  const otherModule = finding({ ruleId: "WW301", severity: "high", settingsModule: "shop.settings.staging" });
  const noAliasDb = finding({
    ruleId: "WW106",
    severity: "high",
    settingsModule: "shop.settings.production",
  });
  const all = [web, proxyHeader, onDefault, onReplicaWhen, otherModule, noAliasDb];

  it("puts WW3xx without alias on the browser hop, WW306 on the proxy hop, alias findings on their alias", () => {
    const hops = hopsOf(topologyModule({ behindProxy: true }), all);
    expect(hops.browser).toEqual([web]);
    expect(hops.proxy).toEqual([proxyHeader]);
    expect(hops.aliases.get("default")).toEqual([onDefault]);
    expect(hops.aliases.get("replica")).toEqual([onReplicaWhen]);
  });

  it("without a proxy, WW306 concerns the browser hop", () => {
    const hops = hopsOf(topologyModule(), all);
    expect(hops.browser).toEqual([web, proxyHeader]);
    expect(hops.proxy).toEqual([]);
  });

  it("a finding that names the branches it holds in concerns only those outcomes of the module", () => {
    const other = hopsOf(topologyModule({ condition: "USE_REPLICA is not set" }), all);
    expect(other.aliases.get("replica")).toEqual([]);
    expect(other.aliases.get("default")).toEqual([onDefault]);
    const same = hopsOf(topologyModule({ condition: "USE_REPLICA is set" }), all);
    expect(same.aliases.get("replica")).toEqual([onReplicaWhen]);
  });

  it("colours each hop by its worst finding, green when it has none", () => {
    expect(worstSeverity([])).toBeNull();
    expect(worstSeverity([web, onReplicaWhen, noAliasDb])).toBe("critical");
    const html = formatHtml(makeReport(all, { topology: [topologyModule({ behindProxy: true })] }));
    const section = moduleSection(html, "shop.settings.production");
    expect(section).toContain(`data-hop="browser-proxy" data-severity="high"`);
    expect(section).toContain(`data-hop="proxy-django" data-severity="high"`);
    expect(section).toContain(`data-hop="django-alias:default" data-severity="high"`);
    expect(section).toContain(`data-hop="django-alias:replica" data-severity="critical"`);
    expect(section).toContain(`data-hop="alias-node:replica" data-severity="critical"`);
    const clean = formatHtml(makeReport([], { topology: [topologyModule()] }));
    expect(clean).toContain(`data-hop="browser-django" data-severity="none"`);
    expect(clean).toContain(`class="hop sev-none plaintext"`);
  });
});

describe("the attack-path diagram", () => {
  it("draws 1 to 6 aliases, one box per alias and per node, everything inside the picture", () => {
    for (let k = 1; k <= 6; k++) {
      const aliases = Array.from({ length: k }, (_, i) =>
        alias(
          `alias_${i}`,
          Array.from(
            { length: (i % 3) + 1 },
            (_, j) => `node-${i}-${j}.a-rather-long-internal-name.example:26257`,
          ),
          i % 2 === 0 ? "TLS, certificate not checked" : "TLS, host verified",
          i % 2 === 0 ? "require" : "verify-full",
        ),
      );
      const html = formatHtml(
        makeReport([], { topology: [topologyModule({ aliases, behindProxy: k % 2 === 0 })] }),
      );
      const section = moduleSection(html, "shop.settings.production");
      expect(attrValues(section, "data-alias")).toEqual(aliases.map((a) => a.alias));
      expect(attrValues(section, "data-node")).toEqual(aliases.flatMap((a) => a.nodes));
      const [, w, h] = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(section) ?? [];
      const width = Number(w);
      const height = Number(h);
      expect(width).toBeGreaterThan(0);
      expect(height).toBeGreaterThan(0);
      expect(section).not.toContain("NaN");
      for (const m of section.matchAll(
        /<rect x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)"/g,
      )) {
        const [x, y, rw, rh] = m.slice(1).map(Number) as [number, number, number, number];
        expect(x).toBeGreaterThanOrEqual(0);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(x + rw).toBeLessThanOrEqual(width);
        expect(y + rh).toBeLessThanOrEqual(height);
      }
    }
  });

  it("draws the proxy only when Django is behind one", () => {
    expect(formatHtml(makeReport([], { topology: [topologyModule()] }))).not.toContain("TLS proxy");
    expect(formatHtml(makeReport([], { topology: [topologyModule({ behindProxy: true })] }))).toContain(
      "TLS proxy",
    );
  });
});

describe("formatHtml on a real scan of examples/vulnerable-shop", () => {
  let report: Report;
  let html: string;
  beforeAll(async () => {
    report = (await scanProject(join(REPO, "examples", "vulnerable-shop"), { env: new Map() })).report;
    html = formatHtml(report);
  });

  it("has one diagram per settings module, with exactly that module's aliases and nodes", () => {
    const topology = report.topology ?? [];
    expect(topology.map((m) => m.module)).toEqual(["shop.settings.local", "shop.settings.production"]);
    expect(html.match(/<section class="module" /g)).toHaveLength(topology.length);
    for (const m of topology) {
      const section = moduleSection(html, m.module);
      expect(attrValues(section, "data-alias")).toEqual(m.aliases.map((a) => a.alias));
      expect(attrValues(section, "data-node")).toEqual(m.aliases.flatMap((a) => a.nodes));
    }
    const prod = moduleSection(html, "shop.settings.production");
    expect(attrValues(prod, "data-alias")).toEqual(["default", "replica"]);
    // SECURE_PROXY_SSL_HEADER is set (wrongly): a proxy hop, red because of WW306.
    expect(prod).toContain(`data-hop="proxy-django" data-severity="high"`);
    expect(prod).toContain(`data-hop="browser-proxy" data-severity="high"`);
    expect(prod).toContain(`data-hop="django-alias:default" data-severity="high"`);
    expect(prod).toContain(`data-hop="django-alias:replica" data-severity="high"`);
    expect(prod).toContain(">plaintext possible</");
    const local = moduleSection(html, "shop.settings.local");
    expect(local).toContain(`data-hop="browser-django" data-severity="info"`);
    expect(local).toContain(`data-hop="django-alias:default" data-severity="none"`);
  });

  it("lists every finding of the scan and never the committed password", () => {
    expect(html.match(/<article class="finding /g)).toHaveLength(report.findings.length);
    for (const f of report.findings) expect(html).toContain(escapeHtml(f.message));
    expect(html).not.toContain("Crdb-Shop-2024!");
  });
});

describe("probe and prove reports", () => {
  it("show the endpoints and attacks tables instead of diagrams, redacted", () => {
    const report = makeReport(FINDINGS, {
      command: "prove",
      target: "shop",
      endpoints: [
        {
          endpoint: `postgresql://u:${SECRET}@db.example.com:26257`,
          server: "PostgreSQL 15.18",
          tls: "TLSv1.3 TLS_AES_256_GCM_SHA384",
          certificate: "CN=db.example.com, expires 2030-01-01",
          clientCertificateRequired: true,
          durationMs: 12,
        },
        {
          endpoint: "db2.example.com:26257",
          server: "unknown",
          tls: null,
          certificate: null,
          clientCertificateRequired: false,
          error: "connection refused",
          durationMs: 3,
        },
      ],
      attacks: [
        { alias: "default", attack: "strip", outcome: "let-through", detail: `password=${SECRET} sent` },
        { alias: "replica", attack: "forge", outcome: "refused", detail: "certificate verify failed" },
      ],
    });
    const html = formatHtml(report);
    expect(html).not.toContain(`id="attack-paths"`);
    expect(html).toContain(`<section id="endpoints"><h2>Endpoints</h2>`);
    expect(html).toContain("<td>PostgreSQL 15.18</td><td>TLSv1.3 TLS_AES_256_GCM_SHA384</td>");
    expect(html).toContain(`<span class="bad">no TLS</span>`);
    expect(html).toContain(`<span class="bad">connection refused</span>`);
    expect(html).toContain(`<section id="attacks"><h2>Attacks</h2>`);
    expect(html).toContain("Verdict: the exposure is proven.");
    expect(html).toContain(`<tr class="outcome-let-through"><td><code>default</code></td><td>strip</td>`);
    expect(html).not.toContain(SECRET);
  });
});

describe("the pooler hop", () => {
  it("draws PgBouncer as its own hop, coloured by WW119, with Django's verified hop green before it", async () => {
    const dir = writeTree(tempDir("ww-pooler-html-"), {
      "manage.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n',
      "shop/__init__.py": "",
      "shop/settings.py":
        'SECRET_KEY = "x"\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "pgbouncer", "PORT": "6432", "OPTIONS": {"sslmode": "verify-full", "sslrootcert": "/etc/ssl/ca.crt"}}}\n',
      "docker-compose.yml":
        "services:\n  web:\n    build: .\n    command: gunicorn shop.wsgi\n  pgbouncer:\n    image: edoburu/pgbouncer:1.23.1\n    environment:\n      CLIENT_TLS_SSLMODE: require\n",
    });
    const { report } = await scanProject(dir, { env: new Map() });
    const alias = report.topology?.[0]?.aliases[0];
    expect(alias?.pooler).toEqual({
      name: "compose service pgbouncer (image edoburu/pgbouncer:1.23.1)",
      upstream: "plaintext possible",
    });
    const html = formatHtml(report);
    expect(html).toContain(`data-hop="django-alias:default" data-severity="none"`);
    expect(html).toContain(`data-hop="pooler-upstream:default" data-severity="high"`);
    expect(html).toMatch(
      /data-hop-pooler="default"><span class="dot"><\/span><span class="hop-name">PgBouncer \(compose service pgbouncer/,
    );
    expect(html).toContain(">WW119</a>");
  });
});
