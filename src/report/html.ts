import type { Finding } from "../core/finding.js";
import { redactFindingText, redactSecrets } from "../core/redact.js";
import type {
  AttackSummary,
  EndpointSummary,
  Report,
  TopologyAlias,
  TopologyModule,
} from "../core/report.js";
import { SEVERITIES, type Severity, severityRank } from "../core/severity.js";
import { sortFindings, where } from "./order.js";

// One self-contained page: inline CSS, JS and SVG only, so it can be attached to a CI run or mailed and opened
// offline. The CSP forbids every fetch, so even a string that slipped past escaping could not load anything.
const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; " +
  "base-uri 'none'; form-action 'none'";

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text safe in element content and in quoted attribute values (every attribute here is double-quoted). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/** Untrusted report text on its way into the page: redacted once more, then escaped. */
function t(text: string): string {
  return escapeHtml(redactSecrets(text));
}

// ---------------------------------------------------------------------------------------------------------------
// Findings → hops of the attack path

/** The hops of one settings module's attack path and the findings that concern each. */
export interface ModuleHops {
  /** Browser → proxy (behind a proxy) or browser → Django: the WW3xx findings of the module with no alias. */
  browser: Finding[];
  /** Proxy → Django: WW306 (SECURE_PROXY_SSL_HEADER); empty and unused when there is no proxy. */
  proxy: Finding[];
  /** Django → alias → its nodes: the module's findings that name the alias. */
  aliases: Map<string, Finding[]>;
}

/** A finding holds in every outcome of its module unless it names the branches it holds in (`conditions`). */
function appliesToOutcome(f: Finding, condition: string | null): boolean {
  return condition === null || f.conditions === undefined || f.conditions.includes(condition);
}

const BROWSER_RULE = /^WW3\d\d$/;
const PROXY_RULE = "WW306";

export function hopsOf(module: TopologyModule, findings: readonly Finding[]): ModuleHops {
  const own = findings.filter(
    (f) => f.settingsModule === module.module && appliesToOutcome(f, module.condition),
  );
  const web = own.filter((f) => f.alias === undefined && BROWSER_RULE.test(f.ruleId));
  const onProxy = (f: Finding) => module.behindProxy && f.ruleId === PROXY_RULE;
  return {
    browser: web.filter((f) => !onProxy(f)),
    proxy: web.filter(onProxy),
    aliases: new Map(module.aliases.map((a) => [a.alias, own.filter((f) => f.alias === a.alias)])),
  };
}

/** The worst severity among `findings`; null when there is none (the hop is drawn green). */
export function worstSeverity(findings: readonly Finding[]): Severity | null {
  let worst: Severity | null = null;
  for (const f of findings)
    if (worst === null || severityRank(f.severity) > severityRank(worst)) worst = f.severity;
  return worst;
}

// ---------------------------------------------------------------------------------------------------------------
// Attack-path diagram (SVG laid out here, so the page needs no layout engine and the output is deterministic)

/** SVG cannot measure text before it is drawn: widths are estimated from character counts, generously. */
const CHAR_W = { title: 8, mono: 7.4, label: 6.3 } as const;
const BOX_PAD = 24;
const BOX_H = 48;
const NODE_H = 34;
const NODE_PITCH = 44;
const ALIAS_SLOT = 80;
const MARGIN = 14;
const GAP_WEB = 140;
const GAP_ALIAS = 230;
/** Where the curve of a fanned-out edge ends and its straight, labelled part begins. */
const CURVE = 76;
const GAP_NODE = 54;
const LABEL_LINE = 14;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));
const cy = (b: Box) => b.y + b.h / 2;
const right = (b: Box) => b.x + b.w;

/** Shortens from the middle, so a host keeps both its first label and its port. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = Math.ceil((max - 1) / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (max - 1 - head))}`;
}

/** Greedy word wrap into at most two lines; what does not fit is cut (the tooltip has it all). */
function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line === "") line = word;
    else if (line.length + 1 + word.length <= max) line = `${line} ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== "") lines.push(line);
  if (lines.length > 2) lines.splice(1, lines.length - 1, lines.slice(1).join(" "));
  return lines.map((l) => (l.length > max ? `${l.slice(0, max - 1)}…` : l));
}

function sevClass(sev: Severity | null): string {
  return `sev-${sev ?? "none"}`;
}

function n(x: number): string {
  return String(Math.round(x * 10) / 10);
}

interface BoxText {
  title: string;
  sub?: string;
  /** Monospace subtitle (module names, hosts) or title (nodes). */
  mono?: "title" | "sub";
  tooltip: string;
  cls: string;
  attrs?: string;
}

function boxSvg(b: Box, text: BoxText): string {
  const maxTitle = Math.floor((b.w - 16) / (text.mono === "title" ? CHAR_W.mono : CHAR_W.title));
  const maxSub = Math.floor((b.w - 16) / CHAR_W.mono);
  const x = n(b.x + b.w / 2);
  const titleY = text.sub === undefined ? cy(b) + 4.5 : b.y + 20;
  const parts = [
    `<g class="box ${text.cls}"${text.attrs ? ` ${text.attrs}` : ""}>`,
    `<title>${t(text.tooltip)}</title>`,
    `<rect x="${n(b.x)}" y="${n(b.y)}" width="${n(b.w)}" height="${n(b.h)}" rx="8"/>`,
    `<text class="${text.mono === "title" ? "mono" : "box-title"}" x="${x}" y="${n(titleY)}">${t(shorten(text.title, maxTitle))}</text>`,
  ];
  if (text.sub !== undefined)
    parts.push(
      `<text class="box-sub${text.mono === "sub" ? " mono" : ""}" x="${x}" y="${n(b.y + 37)}">${t(shorten(text.sub, maxSub))}</text>`,
    );
  parts.push("</g>");
  return parts.join("");
}

interface EdgeSpec {
  from: Box;
  to: Box;
  severity: Severity | null;
  /** The protection in words; no label when absent. */
  label?: string;
  dashed: boolean;
  hop: string;
  tooltip: string;
  /** Where on the source box's right side the edge leaves, relative to its middle. */
  fromOffset?: number;
}

/** A curve from `from` to the height of `to`, then a straight run into it carrying the label and an arrowhead. */
function edgeSvg(e: EdgeSpec): string {
  const x1 = right(e.from);
  const y1 = cy(e.from) + (e.fromOffset ?? 0);
  const x2 = e.to.x;
  const y2 = cy(e.to);
  const bend = Math.min(CURVE, (x2 - x1) / 2);
  const xm = x1 + bend;
  const tip = x2 - 1;
  const path =
    y1 === y2
      ? `M${n(x1)} ${n(y1)} H${n(tip - 8)}`
      : `M${n(x1)} ${n(y1)} C${n(x1 + bend / 2)} ${n(y1)} ${n(x1 + bend / 2)} ${n(y2)} ${n(xm)} ${n(y2)} H${n(tip - 8)}`;
  const straightFrom = y1 === y2 ? x1 : xm;
  const parts = [
    `<g class="hop ${sevClass(e.severity)}${e.dashed ? " plaintext" : ""}" data-hop="${escapeHtml(e.hop)}" data-severity="${e.severity ?? "none"}">`,
    `<title>${t(e.tooltip)}</title>`,
    `<path d="${path}"/>`,
    `<polygon points="${n(tip - 9)},${n(y2 - 5)} ${n(tip)},${n(y2)} ${n(tip - 9)},${n(y2 + 5)}"/>`,
  ];
  if (e.label) {
    const room = x2 - straightFrom - 22;
    const lines = wrap(e.label, Math.max(6, Math.floor((room - 12) / CHAR_W.label)));
    const w = Math.min(room, Math.max(...lines.map((l) => l.length)) * CHAR_W.label + 14);
    const h = lines.length * LABEL_LINE + 6;
    const lx = (straightFrom + x2 - 10) / 2;
    parts.push(
      `<rect class="label-bg" x="${n(lx - w / 2)}" y="${n(y2 - h / 2)}" width="${n(w)}" height="${n(h)}" rx="${n(Math.min(9, h / 2))}"/>`,
    );
    lines.forEach((line, i) => {
      const ly = y2 - h / 2 + 3 + LABEL_LINE * (i + 1) - 3.5;
      parts.push(`<text class="label" x="${n(lx)}" y="${n(ly)}">${t(line)}</text>`);
    });
  }
  parts.push("</g>");
  return parts.join("");
}

function hopTooltip(what: string, protection: string, findings: readonly Finding[]): string {
  const list = findings.map((f) => `${f.severity} ${f.ruleId} ${f.name}`);
  return [`${what}: ${protection}`, ...(list.length > 0 ? list : ["no finding"])].join("\n");
}

function widthFor(texts: readonly string[], charW: number, lo: number, hi: number): number {
  return clamp(Math.max(0, ...texts.map((s) => s.length)) * charW + BOX_PAD, lo, hi);
}

function aliasSub(a: TopologyAlias): string {
  if (a.sslmode) return `sslmode=${a.sslmode}`;
  return a.engine ? (a.engine.split(".").pop() ?? a.engine) : "engine unknown";
}

function isPlaintext(protection: string): boolean {
  return protection.startsWith("plaintext") || protection === "plain HTTP served";
}

/** The proxy → Django hop in words: Django believes the request was HTTPS because of a header the proxy sets. */
function proxyProtection(findings: readonly Finding[]): string {
  return findings.some((f) => f.severity !== "info")
    ? "proxy header misconfigured"
    : "HTTPS via proxy header";
}

export function diagramSvg(module: TopologyModule, hops: ModuleHops, index: number): string {
  const slots = module.aliases.map((a) => Math.max(ALIAS_SLOT, a.nodes.length * NODE_PITCH + 24));
  const height =
    MARGIN * 2 +
    Math.max(
      ALIAS_SLOT,
      slots.reduce((s, h) => s + h, 0),
    );
  const mid = height / 2;

  const browser: Box = { x: MARGIN, y: mid - BOX_H / 2, w: 96, h: BOX_H };
  const proxy: Box | null = module.behindProxy
    ? { x: right(browser) + GAP_WEB, y: mid - BOX_H / 2, w: 126, h: BOX_H }
    : null;
  const djangoW = widthFor([module.module], CHAR_W.mono, 150, 270);
  const django: Box = { x: right(proxy ?? browser) + GAP_WEB, y: mid - BOX_H / 2, w: djangoW, h: BOX_H };
  const aliasW = widthFor(
    module.aliases.flatMap((a) => [a.alias, aliasSub(a)]),
    CHAR_W.mono,
    120,
    220,
  );
  const aliasX = right(django) + GAP_ALIAS;
  const nodeX = aliasX + aliasW + GAP_NODE;
  const nodeW = widthFor(
    module.aliases.flatMap((a) => a.nodes),
    CHAR_W.mono,
    150,
    300,
  );
  const width = nodeX + nodeW + MARGIN;

  const edges: string[] = [];
  const boxes: string[] = [];
  const browserProtection = module.browserProtection;
  const webTarget = proxy ?? django;
  edges.push(
    edgeSvg({
      from: browser,
      to: webTarget,
      severity: worstSeverity(hops.browser),
      label: browserProtection,
      dashed: isPlaintext(browserProtection),
      hop: proxy ? "browser-proxy" : "browser-django",
      tooltip: hopTooltip(
        proxy ? "browser → TLS proxy" : "browser → Django",
        browserProtection,
        hops.browser,
      ),
    }),
  );
  boxes.push(
    boxSvg(browser, { title: "Browser", sub: "client", tooltip: "the user's browser", cls: "actor" }),
  );
  if (proxy) {
    const words = proxyProtection(hops.proxy);
    edges.push(
      edgeSvg({
        from: proxy,
        to: django,
        severity: worstSeverity(hops.proxy),
        label: words,
        dashed: false,
        hop: "proxy-django",
        tooltip: hopTooltip("TLS proxy → Django", words, hops.proxy),
      }),
    );
    boxes.push(
      boxSvg(proxy, {
        title: "TLS proxy",
        sub: "terminates TLS",
        tooltip: "a TLS-terminating proxy in front of Django (SECURE_PROXY_SSL_HEADER is set)",
        cls: "actor",
      }),
    );
  }
  boxes.push(
    boxSvg(django, {
      title: "Django",
      sub: module.module,
      mono: "sub",
      tooltip: `Django with settings ${module.module} (${module.file})`,
      cls: "django",
    }),
  );

  let y = mid - slots.reduce((s, h) => s + h, 0) / 2;
  const fanStep = Math.min(8, (BOX_H - 16) / Math.max(1, module.aliases.length - 1));
  module.aliases.forEach((a, i) => {
    const slot = slots[i] ?? ALIAS_SLOT;
    const found = hops.aliases.get(a.alias) ?? [];
    const sev = worstSeverity(found);
    const aliasBox: Box = { x: aliasX, y: y + slot / 2 - BOX_H / 2, w: aliasW, h: BOX_H };
    const dashed = isPlaintext(a.protection);
    edges.push(
      edgeSvg({
        from: django,
        // Fanned-out edges leave from spread points, so that their curves do not pile up at Django's side.
        fromOffset: (i - (module.aliases.length - 1) / 2) * fanStep,
        to: aliasBox,
        severity: sev,
        label: a.protection,
        dashed,
        hop: `django-alias:${a.alias}`,
        tooltip: hopTooltip(`Django → alias ${a.alias}`, a.protection, found),
      }),
    );
    boxes.push(
      boxSvg(aliasBox, {
        title: a.alias,
        sub: aliasSub(a),
        mono: "sub",
        tooltip: `database alias ${a.alias} (${a.engine ?? "engine unknown"}): ${a.protection}`,
        cls: `alias ${sevClass(sev)}`,
        attrs: `data-alias="${t(a.alias)}"`,
      }),
    );
    const top = y + slot / 2 - (a.nodes.length * NODE_PITCH - (NODE_PITCH - NODE_H)) / 2;
    a.nodes.forEach((node, j) => {
      const nodeBox: Box = { x: nodeX, y: top + j * NODE_PITCH, w: nodeW, h: NODE_H };
      edges.push(
        edgeSvg({
          from: aliasBox,
          to: nodeBox,
          severity: sev,
          dashed,
          hop: `alias-node:${a.alias}`,
          tooltip: hopTooltip(`alias ${a.alias} → ${node}`, a.protection, found),
        }),
      );
      boxes.push(
        boxSvg(nodeBox, {
          title: node,
          mono: "title",
          tooltip: `${a.network ? "database node" : "no network hop"} ${node}`,
          cls: `node${a.network ? "" : " local"}`,
          attrs: `data-node="${t(node)}"`,
        }),
      );
    });
    y += slot;
  });

  const titleId = `diagram-${index}-title`;
  return [
    `<svg class="diagram" viewBox="0 0 ${n(width)} ${n(height)}" width="${n(width)}" height="${n(height)}" role="img" aria-labelledby="${titleId}">`,
    `<title id="${titleId}">Attack path of ${t(module.module)}</title>`,
    // Edges first: boxes are drawn over the ends of the curves.
    ...edges,
    ...boxes,
    "</svg>",
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------------------------
// Page sections

type Ids = ReadonlyMap<Finding, string>;

function ruleLinks(findings: readonly Finding[], ids: Ids): string {
  if (findings.length === 0) return `<span class="none">no finding</span>`;
  return findings
    .map(
      (f) =>
        `<a class="rule-link ${sevClass(f.severity)}" href="#${ids.get(f) ?? ""}" title="${t(`${f.severity}: ${f.name}`)}">${t(f.ruleId)}</a>`,
    )
    .join(" ");
}

function hopItem(
  what: string,
  protection: string,
  findings: readonly Finding[],
  ids: Ids,
  attrs = "",
): string {
  const sev = worstSeverity(findings);
  return `<li class="${sevClass(sev)}"${attrs}><span class="dot"></span><span class="hop-name">${what}</span> <span class="protection">${t(protection)}</span> ${ruleLinks(findings, ids)}</li>`;
}

/** The diagram's hops as a list: readable without the picture, and each rule id jumps to its finding. */
function hopList(module: TopologyModule, hops: ModuleHops, ids: Ids): string {
  const items: string[] = [];
  items.push(
    hopItem(
      module.behindProxy ? "Browser → TLS proxy" : "Browser → Django",
      module.browserProtection,
      hops.browser,
      ids,
    ),
  );
  if (module.behindProxy)
    items.push(hopItem("TLS proxy → Django", proxyProtection(hops.proxy), hops.proxy, ids));
  for (const a of module.aliases) {
    items.push(
      hopItem(
        `Django → <code>${t(a.alias)}</code> → ${a.nodes.map((x) => `<code>${t(x)}</code>`).join(", ")}`,
        a.protection,
        hops.aliases.get(a.alias) ?? [],
        ids,
        ` data-hop-alias="${t(a.alias)}"`,
      ),
    );
  }
  return `<ul class="hops">${items.join("")}</ul>`;
}

function moduleSection(
  module: TopologyModule,
  index: number,
  findings: readonly Finding[],
  ids: Ids,
): string {
  const hops = hopsOf(module, findings);
  const tags = [
    module.production ? `<span class="tag prod">production</span>` : "",
    module.development ? `<span class="tag dev">development</span>` : "",
    module.condition ? `<span class="tag cond">when ${t(module.condition)}</span>` : "",
  ].join("");
  return [
    `<section class="module" data-module="${t(module.module)}"${module.condition ? ` data-condition="${t(module.condition)}"` : ""}>`,
    `<h3><code>${t(module.module)}</code> ${tags}<span class="file">${t(module.file)}</span></h3>`,
    `<div class="diagram-wrap">${diagramSvg(module, hops, index)}</div>`,
    hopList(module, hops, ids),
    "</section>",
  ].join("\n");
}

function legend(): string {
  const items = [
    `<li class="sev-none"><span class="swatch"></span>no finding</li>`,
    ...SEVERITIES.slice()
      .reverse()
      .map((s) => `<li class="sev-${s}"><span class="swatch"></span>${s}</li>`),
    `<li class="sev-none plaintext"><span class="swatch dashed"></span>plaintext possible</li>`,
  ];
  return `<ul class="legend" aria-label="Edge colours">${items.join("")}</ul>`;
}

function topologySection(
  topology: readonly TopologyModule[],
  findings: readonly Finding[],
  ids: Ids,
): string {
  const body =
    topology.length === 0
      ? `<p class="empty">No Django settings module was found, so there is no attack path to draw.</p>`
      : topology.map((m, i) => moduleSection(m, i, findings, ids)).join("\n");
  return [
    `<section id="attack-paths"><h2>Attack paths</h2>`,
    `<p class="hint">Each hop is coloured by the worst finding that concerns it and labelled with the protection it has. Hover a hop for its findings.</p>`,
    legend(),
    body,
    "</section>",
  ].join("\n");
}

function table(head: readonly string[], rows: readonly string[]): string {
  return `<div class="table-wrap"><table><thead><tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr></thead><tbody>${rows.join("")}</tbody></table></div>`;
}

function endpointsSection(endpoints: readonly EndpointSummary[]): string {
  const rows = endpoints.map((e) => {
    const cells = [
      `<code>${t(e.endpoint)}</code>`,
      t(e.server),
      e.tls ? t(e.tls) : `<span class="bad">no TLS</span>`,
      e.certificate ? t(e.certificate) : "—",
      e.clientCertificateRequired ? `<span class="good">required</span>` : "not required",
      e.error ? `<span class="bad">${t(e.error)}</span>` : "—",
      `${e.durationMs}&nbsp;ms`,
    ];
    return `<tr>${cells.map((c) => `<td>${c}</td>`).join("")}</tr>`;
  });
  return [
    `<section id="endpoints"><h2>Endpoints</h2>`,
    table(["endpoint", "server", "TLS", "certificate", "client certificate", "error", "time"], rows),
    "</section>",
  ].join("\n");
}

const OUTCOME_WORDS: Record<AttackSummary["outcome"], string> = {
  "let-through": "LET THROUGH",
  refused: "refused",
  "not-run": "not run",
};

function attacksSection(attacks: readonly AttackSummary[]): string {
  const rows = attacks.map(
    (a) =>
      `<tr class="outcome-${a.outcome}"><td><code>${t(a.alias)}</code></td><td>${t(a.attack)}</td><td><span class="outcome">${OUTCOME_WORDS[a.outcome]}</span></td><td>${t(a.detail)}</td></tr>`,
  );
  const proven = attacks.some((a) => a.outcome === "let-through");
  const verdict = proven
    ? `<p class="verdict bad">Verdict: the exposure is proven.</p>`
    : `<p class="verdict good">Verdict: every attack was refused.</p>`;
  return [
    `<section id="attacks"><h2>Attacks</h2>`,
    verdict,
    table(["alias", "attack", "outcome", "detail"], rows),
    "</section>",
  ].join("\n");
}

function findingArticle(f: Finding, id: string): string {
  const place = where(f);
  const facts: string[] = [];
  const scope = [
    f.settingsModule ? `<code>${t(f.settingsModule)}</code>` : "",
    f.alias ? `alias <code>${t(f.alias)}</code>` : "",
  ].filter(Boolean);
  if (scope.length > 0) facts.push(`<dt>settings</dt><dd>${scope.join(" · ")}</dd>`);
  if (f.location && f.endpoint) facts.push(`<dt>endpoint</dt><dd><code>${t(f.endpoint)}</code></dd>`);
  if (f.evidence) facts.push(`<dt>evidence</dt><dd><code class="pre">${t(f.evidence)}</code></dd>`);
  if (f.fix) facts.push(`<dt>fix</dt><dd class="fix mono pre">${t(f.fix)}</dd>`);
  const refs = [f.cwe, f.owasp].filter((r): r is string => Boolean(r));
  if (refs.length > 0) facts.push(`<dt>refs</dt><dd>${refs.map(t).join(" · ")}</dd>`);
  return [
    `<article class="finding ${sevClass(f.severity)}" id="${id}" data-severity="${f.severity}" data-rule="${t(f.ruleId)}">`,
    `<header><span class="badge">${f.severity}</span> <span class="rule">${t(f.ruleId)}</span> <span class="name">${t(f.name)}</span>${place ? ` <code class="where">${t(place)}</code>` : ""}</header>`,
    `<p class="message pre">${t(f.message)}</p>`,
    facts.length > 0 ? `<dl>${facts.join("")}</dl>` : "",
    "</article>",
  ].join("\n");
}

function filterControls(findings: readonly Finding[]): string {
  const boxes = SEVERITIES.map((s) => {
    const count = findings.filter((f) => f.severity === s).length;
    return `<label class="chip sev-${s}${count === 0 ? " empty" : ""}"><input type="checkbox" data-filter="${s}" checked${count === 0 ? " disabled" : ""}> ${s} <span class="chip-count">${count}</span></label>`;
  });
  return `<div class="filters" role="group" aria-label="Show findings of severity">${boxes.join("")}<output id="visible-count" data-visible="${findings.length}" aria-live="polite">Showing ${findings.length} of ${findings.length} findings</output></div>`;
}

function findingsSection(findings: readonly Finding[], ids: Ids): string {
  if (findings.length === 0)
    return `<section id="findings"><h2>Findings</h2><p class="empty good">No findings.</p></section>`;
  const groups = SEVERITIES.flatMap((s) => {
    const group = findings.filter((f) => f.severity === s);
    if (group.length === 0) return [];
    return [
      `<section class="sev-group ${sevClass(s)}" data-severity="${s}"><h3>${s} <span class="group-count">${group.length}</span></h3>`,
      ...group.map((f) => findingArticle(f, ids.get(f) ?? "")),
      "</section>",
    ];
  });
  return [`<section id="findings"><h2>Findings</h2>`, filterControls(findings), ...groups, "</section>"].join(
    "\n",
  );
}

function headerSection(report: Report): string {
  const s = report.summary;
  const counts = SEVERITIES.map(
    (sev) =>
      `<li class="sev-${sev}${s.counts[sev] === 0 ? " zero" : ""}"><b>${s.counts[sev]}</b> ${sev}</li>`,
  ).join("");
  return [
    `<header class="top">`,
    `<div class="grade grade-${s.grade}" aria-label="grade ${s.grade}">${s.grade}</div>`,
    `<div class="head-text">`,
    `<h1>wirewarden ${t(report.command)} report</h1>`,
    `<p class="meta">${t(report.tool.name)} ${t(report.tool.version)} · <code>${t(report.command)}</code> · target <code>${t(report.target)}</code></p>`,
    `<p class="score">Score <b>${s.score}</b>/100 · grade <b>${s.grade}</b></p>`,
    `<ul class="counts">${counts}</ul>`,
    `</div>`,
    `</header>`,
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------------------------
// Style and behaviour

const STYLE = `
:root{--critical:#9f1239;--high:#dc2626;--medium:#ea580c;--low:#ca8a04;--info:#64748b;--none:#15803d;
--ink:#0f172a;--muted:#475569;--line:#e2e8f0;--bg:#f8fafc;--card:#fff;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
*{box-sizing:border-box}
body{margin:0;padding:24px;line-height:1.45}
main{max-width:1400px;margin:0 auto}
[hidden]{display:none!important}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace}
code{font-size:.92em;background:#f1f5f9;border-radius:4px;padding:0 4px}
.pre{white-space:pre-wrap;overflow-wrap:anywhere}
dd code.pre{display:block;padding:2px 6px}
h2{font-size:1.3rem;margin:32px 0 8px}
h3{font-size:1.05rem;margin:0 0 8px}
.sev-critical{--c:var(--critical)}.sev-high{--c:var(--high)}.sev-medium{--c:var(--medium)}
.sev-low{--c:var(--low)}.sev-info{--c:var(--info)}.sev-none{--c:var(--none)}
header.top{display:flex;gap:24px;align-items:center;background:var(--card);border:1px solid var(--line);border-radius:12px;padding:20px 24px}
.grade{flex:none;width:112px;height:112px;border-radius:16px;display:flex;align-items:center;justify-content:center;font-size:72px;font-weight:800;color:#fff}
.grade-A{background:#15803d}.grade-B{background:#4d7c0f}.grade-C{background:#ca8a04}.grade-D{background:#ea580c}.grade-F{background:#b91c1c}
h1{margin:0;font-size:1.6rem}
.meta,.score{margin:4px 0;color:var(--muted)}.score b{color:var(--ink)}
.counts{list-style:none;display:flex;flex-wrap:wrap;gap:8px;padding:0;margin:10px 0 0}
.counts li{border:1px solid var(--c);color:var(--c);border-radius:999px;padding:2px 12px;font-weight:600}
.counts li b{font-size:1.1em}.counts li.zero{opacity:.45}
.hint{color:var(--muted);margin:0 0 8px}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:16px;padding:0;margin:0 0 12px;color:var(--muted);font-size:.9rem}
.legend li{display:flex;align-items:center;gap:6px}
.swatch{display:inline-block;width:28px;height:0;border-top:4px solid var(--c)}.swatch.dashed{border-top-style:dashed;border-top-color:var(--muted)}
section.module{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:16px 20px;margin:0 0 16px}
section.module h3 code{font-size:1rem}
.tag{display:inline-block;font-size:.75rem;font-weight:600;border-radius:999px;padding:1px 8px;margin-right:6px;vertical-align:middle}
.tag.prod{background:#fee2e2;color:#991b1b}.tag.dev{background:#e0f2fe;color:#075985}.tag.cond{background:#f1f5f9;color:var(--muted)}
.file{color:var(--muted);font-weight:400;font-size:.85rem}
.diagram-wrap{overflow-x:auto}
svg.diagram{display:block;max-width:100%;height:auto}
svg .box rect{fill:#fff;stroke:#94a3b8;stroke-width:1.5}
svg .box.actor rect{fill:#f1f5f9}
svg .box.django rect{fill:#ecfdf5;stroke:#047857}
svg .box.alias rect{fill:#fff;stroke:var(--c);stroke-width:2.5}
svg .box.node rect{fill:#f8fafc}
svg .box.node.local rect{stroke-dasharray:4 3}
svg text{text-anchor:middle;fill:var(--ink)}
svg .box-title{font-size:13px;font-weight:700}
svg .box-sub{font-size:11.5px;fill:var(--muted)}
svg text.mono{font-size:12px}
svg .box-sub.mono{font-size:11.5px}
svg .hop path{fill:none;stroke:var(--c);stroke-width:3}
svg .hop.sev-critical path{stroke-width:4.5}svg .hop.sev-high path{stroke-width:4}
svg .hop.plaintext path{stroke-dasharray:9 6}
svg .hop polygon{fill:var(--c)}
svg .label-bg{fill:#fff;stroke:var(--c);stroke-width:1.5}
svg .label{font-size:11px;font-weight:600;fill:var(--c)}
svg .hop.sev-none .label,svg .hop.sev-info .label{fill:var(--ink)}
.hops{list-style:none;padding:0;margin:12px 0 0;display:grid;gap:4px;font-size:.9rem}
.hops li{padding-left:18px;text-indent:-18px}
.hops li>*{text-indent:0}
.hops .dot{display:inline-block;width:10px;height:10px;border-radius:50%;background:var(--c);margin-right:8px}
.hops .rule-link{margin-left:4px}
.hops .hop-name{font-weight:600}.hops .protection{color:var(--muted)}
.rule-link{color:var(--c);font-weight:600;text-decoration:none;border:1px solid var(--c);border-radius:4px;padding:0 4px;font-size:.8rem}
.rule-link:hover{background:var(--c);color:#fff}
.none{color:var(--muted);font-style:italic}
.filters{display:flex;flex-wrap:wrap;align-items:center;gap:8px;position:sticky;top:0;background:var(--bg);padding:8px 0;z-index:1}
.chip{display:inline-flex;align-items:center;gap:6px;border:1.5px solid var(--c);border-radius:999px;padding:3px 12px;cursor:pointer;user-select:none;background:var(--card)}
.chip input{accent-color:var(--c);margin:0}
.chip.empty{opacity:.45;cursor:default}
.chip-count{font-weight:700;color:var(--c)}
#visible-count{margin-left:auto;color:var(--muted);font-weight:600}
.sev-group{margin:12px 0 0}
.sev-group>h3{text-transform:capitalize;color:var(--c);border-bottom:2px solid var(--c);padding-bottom:4px}
.group-count{font-weight:400;color:var(--muted)}
article.finding{background:var(--card);border:1px solid var(--line);border-left:5px solid var(--c);border-radius:8px;padding:12px 16px;margin:0 0 10px}
article.finding:target{box-shadow:0 0 0 3px var(--c)}
article.finding header{display:flex;flex-wrap:wrap;align-items:baseline;gap:8px}
.badge{background:var(--c);color:#fff;border-radius:4px;padding:1px 8px;font-size:.75rem;font-weight:700;text-transform:uppercase;letter-spacing:.03em}
.rule{font-weight:700}.name{color:var(--muted)}.where{margin-left:auto}
.message{margin:8px 0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;margin:0;font-size:.92rem}
dt{color:var(--muted);font-weight:600}dd{margin:0}
dd.fix{color:#065f46}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;background:var(--card);font-size:.92rem}
th,td{border:1px solid var(--line);padding:6px 10px;text-align:left;vertical-align:top}
th{background:#f1f5f9}
.bad{color:var(--high);font-weight:600}.good{color:var(--none);font-weight:600}
.outcome-let-through .outcome{color:#fff;background:var(--critical);border-radius:4px;padding:1px 6px;font-weight:700}
.outcome-refused .outcome{color:var(--none);font-weight:700}
.outcome-not-run .outcome{color:var(--muted)}
.verdict{font-size:1.1rem}
.empty{color:var(--muted)}
@media print{.filters{display:none}body{background:#fff;padding:0}}
`;

// Filtering only toggles `hidden`; with scripts off every finding stays visible and the static count is right.
const SCRIPT = `
(function () {
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-filter]"));
  var findings = Array.prototype.slice.call(document.querySelectorAll("article.finding"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("section.sev-group"));
  var out = document.getElementById("visible-count");
  function apply() {
    var on = {};
    boxes.forEach(function (b) { on[b.getAttribute("data-filter")] = b.checked; });
    var visible = 0;
    findings.forEach(function (f) {
      var show = on[f.getAttribute("data-severity")] === true;
      f.hidden = !show;
      if (show) visible += 1;
    });
    groups.forEach(function (g) { g.hidden = on[g.getAttribute("data-severity")] !== true; });
    if (out) {
      out.textContent = "Showing " + visible + " of " + findings.length + " findings";
      out.setAttribute("data-visible", String(visible));
    }
  }
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  apply();
})();
`;

/**
 * A self-contained HTML page: grade and counts, an attack-path diagram per settings module (scan) or the
 * endpoints and attacks tables (probe, prove), then every finding, worst first, with severity filters. Every
 * string from the report is redacted and escaped; no timestamp, so equal reports give equal pages.
 */
export function formatHtml(report: Report): string {
  const findings = sortFindings(report.findings.map(redactFindingText));
  const ids: Ids = new Map(findings.map((f, i) => [f, `f-${i + 1}`]));
  const title = `wirewarden ${report.command}: grade ${report.summary.grade} — ${report.target}`;
  const sections = [headerSection(report)];
  if (report.topology) sections.push(topologySection(report.topology, findings, ids));
  if (report.endpoints && report.endpoints.length > 0) sections.push(endpointsSection(report.endpoints));
  if (report.attacks && report.attacks.length > 0) sections.push(attacksSection(report.attacks));
  sections.push(findingsSection(findings, ids));
  return [
    "<!DOCTYPE html>",
    `<html lang="en">`,
    "<head>",
    `<meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta name="referrer" content="no-referrer">`,
    // An empty data: icon, so the browser does not go looking for /favicon.ico.
    `<link rel="icon" href="data:,">`,
    `<title>${t(title)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    "<main>",
    ...sections,
    "</main>",
    `<script>${SCRIPT}</script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
