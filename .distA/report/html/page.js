import { redactFindingText } from "../../core/redact.js";
import { attackLabel, attacksVerdict, clusterChecked, clusterNodeState, } from "../../core/report.js";
import { SEVERITIES } from "../../core/severity.js";
import { sortFindings, where } from "../order.js";
import { diagramSvg, proxyProtection, sevClass } from "./diagram.js";
import { safe } from "./escape.js";
import { hopsOf, worstSeverity } from "./hops.js";
// One self-contained page: inline CSS, JS and SVG only, so it can be attached to a CI run or mailed and opened
// offline. The CSP forbids every fetch, so even a string that slipped past escaping could not load anything.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; " +
    "base-uri 'none'; form-action 'none'";
function ruleLinks(findings, ids) {
    if (findings.length === 0)
        return `<span class="none">no finding</span>`;
    return findings
        .map((f) => `<a class="rule-link ${sevClass(f.severity)}" href="#${ids.get(f) ?? ""}" title="${safe(`${f.severity}: ${f.name}`)}">${safe(f.ruleId)}</a>`)
        .join(" ");
}
function hopItem(what, protection, findings, ids, attrs = "") {
    const sev = worstSeverity(findings);
    return `<li class="${sevClass(sev)}"${attrs}><span class="dot"></span><span class="hop-name">${what}</span> <span class="protection">${safe(protection)}</span> ${ruleLinks(findings, ids)}</li>`;
}
/** The diagram's hops as a list: readable without the picture, and each rule id jumps to its finding. */
function hopList(module, hops, ids) {
    const items = [];
    items.push(hopItem(module.behindProxy ? "Browser → TLS proxy" : "Browser → Django", module.browserProtection, hops.browser, ids));
    if (module.behindProxy)
        items.push(hopItem("TLS proxy → Django", proxyProtection(hops.proxy), hops.proxy, ids));
    for (const a of module.aliases) {
        items.push(hopItem(`Django → <code>${safe(a.alias)}</code> → ${a.nodes.map((x) => `<code>${safe(x)}</code>`).join(", ")}`, a.protection, hops.aliases.get(a.alias) ?? [], ids, ` data-hop-alias="${safe(a.alias)}"`));
        if (a.pooler)
            items.push(hopItem(`PgBouncer (${safe(a.pooler.name)}) → database`, a.pooler.upstream, hops.poolers.get(a.alias) ?? [], ids, ` data-hop-pooler="${safe(a.alias)}"`));
    }
    return `<ul class="hops">${items.join("")}</ul>`;
}
function moduleSection(module, index, findings, ids) {
    const hops = hopsOf(module, findings);
    const tags = [
        module.production ? `<span class="tag prod">production</span>` : "",
        module.development ? `<span class="tag dev">development</span>` : "",
        module.condition ? `<span class="tag cond">when ${safe(module.condition)}</span>` : "",
    ].join("");
    return [
        `<section class="module" data-module="${safe(module.module)}"${module.condition ? ` data-condition="${safe(module.condition)}"` : ""}>`,
        `<h3><code>${safe(module.module)}</code> ${tags}<span class="file">${safe(module.file)}</span></h3>`,
        `<div class="diagram-wrap">${diagramSvg(module, hops, index)}</div>`,
        hopList(module, hops, ids),
        "</section>",
    ].join("\n");
}
function legend() {
    const items = [
        `<li class="sev-none"><span class="swatch"></span>no finding</li>`,
        ...SEVERITIES.slice()
            .reverse()
            .map((s) => `<li class="sev-${s}"><span class="swatch"></span>${s}</li>`),
        `<li class="sev-none plaintext"><span class="swatch dashed"></span>plaintext possible</li>`,
    ];
    return `<ul class="legend" aria-label="Edge colours">${items.join("")}</ul>`;
}
function topologySection(topology, findings, ids) {
    // One diagram per production module in view; every other module (development, tests, alternatives) folded
    // below it, so that a project with dozens of settings modules still opens on the one that matters.
    const production = topology.filter((m) => m.production);
    const primary = production.length > 0 ? production : topology.filter((m) => !m.development);
    const shown = primary.length > 0 ? primary : topology;
    const folded = topology.filter((m) => !shown.includes(m));
    const section = (m) => moduleSection(m, topology.indexOf(m), findings, ids);
    const others = folded.length === 0
        ? ""
        : `<details class="other-modules"><summary>${folded.length} other settings module${folded.length === 1 ? "" : "s"}: ${safe([...new Set(folded.map((m) => m.module))].join(", "))}</summary>\n${folded.map(section).join("\n")}\n</details>`;
    const body = topology.length === 0
        ? `<p class="empty">No Django settings module was found, so there is no attack path to draw.</p>`
        : [shown.map(section).join("\n"), others].filter(Boolean).join("\n");
    return [
        `<section id="attack-paths"><h2>Attack paths</h2>`,
        `<p class="hint">Each hop is coloured by the worst finding that concerns it and labelled with the protection it has. Hover a hop for its findings.</p>`,
        legend(),
        body,
        "</section>",
    ].join("\n");
}
function table(head, rows) {
    return `<div class="table-wrap"><table><thead><tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr></thead><tbody>${rows.join("")}</tbody></table></div>`;
}
/** One table per cluster: its nodes, and the weakest one as the cluster's verdict (an attacker picks that node). */
function clustersSection(clusters) {
    const blocks = clusters.map((cl) => {
        const rows = cl.nodes.map((n) => {
            const s = clusterNodeState(n);
            const tone = s.kind === "finding" ? "bad" : s.kind === "clean" ? "good" : "unknown";
            const cells = [
                `<code>${safe(n.endpoint)}</code>${n.role === "public" ? " (public address)" : ""}`,
                `<span class="${tone}">${safe(s.words)}</span>`,
                safe(n.source),
            ];
            return `<tr>${cells.map((c) => `<td>${c}</td>`).join("")}</tr>`;
        });
        const tone = cl.weakest ? "bad" : clusterChecked(cl) ? "good" : "unknown";
        return [
            `<h3>${safe(cl.name)}</h3>`,
            `<p class="hint">${safe(cl.link)}</p>`,
            `<p class="verdict ${tone}">${safe(cl.verdict)}</p>`,
            table(["node", "state", "where the tree names it"], rows),
        ].join("\n");
    });
    return [`<section id="clusters"><h2>Clusters</h2>`, ...blocks, "</section>"].join("\n");
}
function endpointsSection(endpoints) {
    const rows = endpoints.map((e) => {
        const cells = [
            `<code>${safe(e.endpoint)}</code>`,
            safe(e.server),
            e.tls ? safe(e.tls) : `<span class="bad">no TLS</span>`,
            e.certificate ? safe(e.certificate) : "—",
            e.clientCertificateRequired ? `<span class="good">required</span>` : "not required",
            e.error ? `<span class="bad">${safe(e.error)}</span>` : "—",
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
const OUTCOME_WORDS = {
    "let-through": "LET THROUGH",
    refused: "refused",
    "not-run": "not run",
};
function attacksSection(attacks) {
    const rows = attacks.map((a) => `<tr class="outcome-${a.outcome}"><td><code>${safe(a.alias)}</code></td><td>${safe(attackLabel(a))}</td><td><span class="outcome">${OUTCOME_WORDS[a.outcome]}</span></td><td>${safe(a.detail)}</td></tr>`);
    const v = attacksVerdict(attacks);
    const tone = { proven: "bad", "nothing-ran": "unknown", refused: "good" }[v.kind];
    const verdict = `<p class="verdict ${tone}">Verdict: ${safe(v.words)}.</p>`;
    return [
        `<section id="attacks"><h2>Attacks</h2>`,
        verdict,
        table(["alias", "attack", "outcome", "detail"], rows),
        "</section>",
    ].join("\n");
}
function findingArticle(f, id) {
    const place = where(f);
    const facts = [];
    const scope = [
        f.settingsModule ? `<code>${safe(f.settingsModule)}</code>` : "",
        f.alias ? `alias <code>${safe(f.alias)}</code>` : "",
    ].filter(Boolean);
    if (scope.length > 0)
        facts.push(`<dt>settings</dt><dd>${scope.join(" · ")}</dd>`);
    if (f.location && f.endpoint)
        facts.push(`<dt>endpoint</dt><dd><code>${safe(f.endpoint)}</code></dd>`);
    if (f.evidence)
        facts.push(`<dt>evidence</dt><dd><code class="pre">${safe(f.evidence)}</code></dd>`);
    if (f.fix)
        facts.push(`<dt>fix</dt><dd class="fix mono pre">${safe(f.fix)}</dd>`);
    const refs = [f.cwe, f.owasp].filter((r) => Boolean(r));
    if (refs.length > 0)
        facts.push(`<dt>refs</dt><dd>${refs.map(safe).join(" · ")}</dd>`);
    return [
        `<article class="finding ${sevClass(f.severity)}" id="${id}" data-severity="${f.severity}" data-rule="${safe(f.ruleId)}">`,
        `<header><span class="badge">${f.severity}</span> <span class="rule">${safe(f.ruleId)}</span> <span class="name">${safe(f.name)}</span>${place ? ` <code class="where">${safe(place)}</code>` : ""}</header>`,
        `<p class="message pre">${safe(f.message)}</p>`,
        facts.length > 0 ? `<dl>${facts.join("")}</dl>` : "",
        "</article>",
    ].join("\n");
}
function filterControls(findings) {
    const boxes = SEVERITIES.map((s) => {
        const count = findings.filter((f) => f.severity === s).length;
        return `<label class="chip sev-${s}${count === 0 ? " empty" : ""}"><input type="checkbox" data-filter="${s}" checked${count === 0 ? " disabled" : ""}> ${s} <span class="chip-count">${count}</span></label>`;
    });
    return `<div class="filters" role="group" aria-label="Show findings of severity">${boxes.join("")}<output id="visible-count" data-visible="${findings.length}" aria-live="polite">Showing ${findings.length} of ${findings.length} findings</output></div>`;
}
function findingsSection(findings, ids) {
    if (findings.length === 0)
        return `<section id="findings"><h2>Findings</h2><p class="empty good">No findings.</p></section>`;
    const groups = SEVERITIES.flatMap((s) => {
        const group = findings.filter((f) => f.severity === s);
        if (group.length === 0)
            return [];
        return [
            `<section class="sev-group ${sevClass(s)}" data-severity="${s}"><h3>${s} <span class="group-count">${group.length}</span></h3>`,
            ...group.map((f) => findingArticle(f, ids.get(f) ?? "")),
            "</section>",
        ];
    });
    return [`<section id="findings"><h2>Findings</h2>`, filterControls(findings), ...groups, "</section>"].join("\n");
}
function headerSection(report) {
    const s = report.summary;
    const counts = SEVERITIES.map((sev) => `<li class="sev-${sev}${s.counts[sev] === 0 ? " zero" : ""}"><b>${s.counts[sev]}</b> ${sev}</li>`).join("");
    return [
        `<header class="top">`,
        `<div class="grade grade-${s.grade}" aria-label="grade ${s.grade}">${s.grade}</div>`,
        `<div class="head-text">`,
        `<h1>wirewarden ${safe(report.command)} report</h1>`,
        `<p class="meta">${safe(report.tool.name)} ${safe(report.tool.version)} · <code>${safe(report.command)}</code> · target <code>${safe(report.target)}</code></p>`,
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
.bad{color:var(--high);font-weight:600}.good{color:var(--none);font-weight:600}.unknown{color:var(--medium);font-weight:600}
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
export function formatHtml(report) {
    const findings = sortFindings(report.findings.map(redactFindingText));
    const ids = new Map(findings.map((f, i) => [f, `f-${i + 1}`]));
    const title = `wirewarden ${report.command}: grade ${report.summary.grade} — ${report.target}`;
    const sections = [headerSection(report)];
    if (report.topology)
        sections.push(topologySection(report.topology, findings, ids));
    if (report.endpoints && report.endpoints.length > 0)
        sections.push(endpointsSection(report.endpoints));
    if (report.clusters && report.clusters.length > 0)
        sections.push(clustersSection(report.clusters));
    if (report.attacks && report.attacks.length > 0)
        sections.push(attacksSection(report.attacks));
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
        `<title>${safe(title)}</title>`,
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
//# sourceMappingURL=page.js.map