import { escapeHtml, safe } from "./escape.js";
import { worstSeverity } from "./hops.js";
// ---------------------------------------------------------------------------------------------------------------
// Attack-path diagram (SVG laid out here, so the page needs no layout engine and the output is deterministic)
/** SVG cannot measure text before it is drawn: widths are estimated from character counts, generously. */
const CHAR_W = { title: 8, mono: 7.4, label: 6.3 };
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
const clamp = (n, lo, hi) => Math.min(hi, Math.max(lo, n));
const cy = (b) => b.y + b.h / 2;
const right = (b) => b.x + b.w;
/** Shortens from the middle, so a host keeps both its first label and its port. */
function shorten(text, max) {
    if (text.length <= max)
        return text;
    const head = Math.ceil((max - 1) / 2);
    return `${text.slice(0, head)}…${text.slice(text.length - (max - 1 - head))}`;
}
/** Greedy word wrap into at most two lines; what does not fit is cut (the tooltip has it all). */
function wrap(text, max) {
    const lines = [];
    let line = "";
    for (const word of text.split(/\s+/).filter(Boolean)) {
        if (line === "")
            line = word;
        else if (line.length + 1 + word.length <= max)
            line = `${line} ${word}`;
        else {
            lines.push(line);
            line = word;
        }
    }
    if (line !== "")
        lines.push(line);
    if (lines.length > 2)
        lines.splice(1, lines.length - 1, lines.slice(1).join(" "));
    return lines.map((l) => (l.length > max ? `${l.slice(0, max - 1)}…` : l));
}
export function sevClass(sev) {
    return `sev-${sev ?? "none"}`;
}
function n(x) {
    return String(Math.round(x * 10) / 10);
}
function boxSvg(b, text) {
    const maxTitle = Math.floor((b.w - 16) / (text.mono === "title" ? CHAR_W.mono : CHAR_W.title));
    const maxSub = Math.floor((b.w - 16) / CHAR_W.mono);
    const x = n(b.x + b.w / 2);
    const titleY = text.sub === undefined ? cy(b) + 4.5 : b.y + 20;
    const parts = [
        `<g class="box ${text.cls}"${text.attrs ? ` ${text.attrs}` : ""}>`,
        `<title>${safe(text.tooltip)}</title>`,
        `<rect x="${n(b.x)}" y="${n(b.y)}" width="${n(b.w)}" height="${n(b.h)}" rx="8"/>`,
        `<text class="${text.mono === "title" ? "mono" : "box-title"}" x="${x}" y="${n(titleY)}">${safe(shorten(text.title, maxTitle))}</text>`,
    ];
    if (text.sub !== undefined)
        parts.push(`<text class="box-sub${text.mono === "sub" ? " mono" : ""}" x="${x}" y="${n(b.y + 37)}">${safe(shorten(text.sub, maxSub))}</text>`);
    parts.push("</g>");
    return parts.join("");
}
/** A curve from `from` to the height of `to`, then a straight run into it carrying the label and an arrowhead. */
function edgeSvg(e) {
    const x1 = right(e.from);
    const y1 = cy(e.from) + (e.fromOffset ?? 0);
    const x2 = e.to.x;
    const y2 = cy(e.to);
    const bend = Math.min(CURVE, (x2 - x1) / 2);
    const xm = x1 + bend;
    const tip = x2 - 1;
    const path = y1 === y2
        ? `M${n(x1)} ${n(y1)} H${n(tip - 8)}`
        : `M${n(x1)} ${n(y1)} C${n(x1 + bend / 2)} ${n(y1)} ${n(x1 + bend / 2)} ${n(y2)} ${n(xm)} ${n(y2)} H${n(tip - 8)}`;
    const straightFrom = y1 === y2 ? x1 : xm;
    const parts = [
        `<g class="hop ${sevClass(e.severity)}${e.dashed ? " plaintext" : ""}" data-hop="${escapeHtml(e.hop)}" data-severity="${e.severity ?? "none"}">`,
        `<title>${safe(e.tooltip)}</title>`,
        `<path d="${path}"/>`,
        `<polygon points="${n(tip - 9)},${n(y2 - 5)} ${n(tip)},${n(y2)} ${n(tip - 9)},${n(y2 + 5)}"/>`,
    ];
    if (e.label) {
        const room = x2 - straightFrom - 22;
        const lines = wrap(e.label, Math.max(6, Math.floor((room - 12) / CHAR_W.label)));
        const w = Math.min(room, Math.max(...lines.map((l) => l.length)) * CHAR_W.label + 14);
        const h = lines.length * LABEL_LINE + 6;
        const lx = (straightFrom + x2 - 10) / 2;
        parts.push(`<rect class="label-bg" x="${n(lx - w / 2)}" y="${n(y2 - h / 2)}" width="${n(w)}" height="${n(h)}" rx="${n(Math.min(9, h / 2))}"/>`);
        lines.forEach((line, i) => {
            const ly = y2 - h / 2 + 3 + LABEL_LINE * (i + 1) - 3.5;
            parts.push(`<text class="label" x="${n(lx)}" y="${n(ly)}">${safe(line)}</text>`);
        });
    }
    parts.push("</g>");
    return parts.join("");
}
function hopTooltip(what, protection, findings) {
    const list = findings.map((f) => `${f.severity} ${f.ruleId} ${f.name}`);
    return [`${what}: ${protection}`, ...(list.length > 0 ? list : ["no finding"])].join("\n");
}
function widthFor(texts, charW, lo, hi) {
    return clamp(Math.max(0, ...texts.map((s) => s.length)) * charW + BOX_PAD, lo, hi);
}
function aliasSub(a) {
    if (a.sslmode)
        return `sslmode=${a.sslmode}`;
    return a.engine ? (a.engine.split(".").pop() ?? a.engine) : "engine unknown";
}
function isPlaintext(protection) {
    return protection.startsWith("plaintext") || protection === "plain HTTP served";
}
/** The proxy → Django hop in words: Django believes the request was HTTPS because of a header the proxy sets. */
export function proxyProtection(findings) {
    return findings.some((f) => f.severity !== "info")
        ? "proxy header misconfigured"
        : "HTTPS via proxy header";
}
export function diagramSvg(module, hops, index) {
    const slots = module.aliases.map((a) => Math.max(ALIAS_SLOT, a.nodes.length * NODE_PITCH + 24));
    const height = MARGIN * 2 +
        Math.max(ALIAS_SLOT, slots.reduce((s, h) => s + h, 0));
    const mid = height / 2;
    const browser = { x: MARGIN, y: mid - BOX_H / 2, w: 96, h: BOX_H };
    const proxy = module.behindProxy
        ? { x: right(browser) + GAP_WEB, y: mid - BOX_H / 2, w: 126, h: BOX_H }
        : null;
    const djangoW = widthFor([module.module], CHAR_W.mono, 150, 270);
    const django = { x: right(proxy ?? browser) + GAP_WEB, y: mid - BOX_H / 2, w: djangoW, h: BOX_H };
    const aliasW = widthFor(module.aliases.flatMap((a) => [a.alias, aliasSub(a)]), CHAR_W.mono, 120, 220);
    const aliasX = right(django) + GAP_ALIAS;
    const nodeX = aliasX + aliasW + GAP_NODE;
    const nodeW = widthFor(module.aliases.flatMap((a) => a.nodes.map((n) => (a.pooler ? `PgBouncer ${n}` : n))), CHAR_W.mono, 150, 300);
    // A pooler between an alias and the database: the node column holds the pooler, and one more column the database
    // behind it, so that the pooler's upstream leg is a hop of its own.
    const pooled = module.aliases.some((a) => a.pooler);
    const dbX = nodeX + nodeW + GAP_NODE + 110;
    const dbW = 150;
    const width = (pooled ? dbX + dbW : nodeX + nodeW) + MARGIN;
    const edges = [];
    const boxes = [];
    const browserProtection = module.browserProtection;
    const webTarget = proxy ?? django;
    edges.push(edgeSvg({
        from: browser,
        to: webTarget,
        severity: worstSeverity(hops.browser),
        label: browserProtection,
        dashed: isPlaintext(browserProtection),
        hop: proxy ? "browser-proxy" : "browser-django",
        tooltip: hopTooltip(proxy ? "browser → TLS proxy" : "browser → Django", browserProtection, hops.browser),
    }));
    boxes.push(boxSvg(browser, { title: "Browser", sub: "client", tooltip: "the user's browser", cls: "actor" }));
    if (proxy) {
        const words = proxyProtection(hops.proxy);
        edges.push(edgeSvg({
            from: proxy,
            to: django,
            severity: worstSeverity(hops.proxy),
            label: words,
            dashed: false,
            hop: "proxy-django",
            tooltip: hopTooltip("TLS proxy → Django", words, hops.proxy),
        }));
        boxes.push(boxSvg(proxy, {
            title: "TLS proxy",
            sub: "terminates TLS",
            tooltip: "a TLS-terminating proxy in front of Django (SECURE_PROXY_SSL_HEADER is set)",
            cls: "actor",
        }));
    }
    boxes.push(boxSvg(django, {
        title: "Django",
        sub: module.module,
        mono: "sub",
        tooltip: `Django with settings ${module.module} (${module.file})`,
        cls: "django",
    }));
    let y = mid - slots.reduce((s, h) => s + h, 0) / 2;
    const fanStep = Math.min(8, (BOX_H - 16) / Math.max(1, module.aliases.length - 1));
    module.aliases.forEach((a, i) => {
        const slot = slots[i] ?? ALIAS_SLOT;
        const found = hops.aliases.get(a.alias) ?? [];
        const sev = worstSeverity(found);
        const aliasBox = { x: aliasX, y: y + slot / 2 - BOX_H / 2, w: aliasW, h: BOX_H };
        const dashed = isPlaintext(a.protection);
        edges.push(edgeSvg({
            from: django,
            // Fanned-out edges leave from spread points, so that their curves do not pile up at Django's side.
            fromOffset: (i - (module.aliases.length - 1) / 2) * fanStep,
            to: aliasBox,
            severity: sev,
            label: a.protection,
            dashed,
            hop: `django-alias:${a.alias}`,
            tooltip: hopTooltip(`Django → alias ${a.alias}`, a.protection, found),
        }));
        boxes.push(boxSvg(aliasBox, {
            title: a.alias,
            sub: aliasSub(a),
            mono: "sub",
            tooltip: `database alias ${a.alias} (${a.engine ?? "engine unknown"}): ${a.protection}`,
            cls: `alias ${sevClass(sev)}`,
            attrs: `data-alias="${safe(a.alias)}"`,
        }));
        const top = y + slot / 2 - (a.nodes.length * NODE_PITCH - (NODE_PITCH - NODE_H)) / 2;
        a.nodes.forEach((node, j) => {
            const nodeBox = { x: nodeX, y: top + j * NODE_PITCH, w: nodeW, h: NODE_H };
            edges.push(edgeSvg({
                from: aliasBox,
                to: nodeBox,
                severity: sev,
                dashed,
                hop: `alias-node:${a.alias}`,
                tooltip: hopTooltip(`alias ${a.alias} → ${node}`, a.protection, found),
            }));
            boxes.push(boxSvg(nodeBox, {
                title: a.pooler ? `PgBouncer ${node}` : node,
                mono: "title",
                tooltip: a.pooler
                    ? `connection pooler ${a.pooler.name} at ${node}`
                    : `${a.network ? "database node" : "no network hop"} ${node}`,
                cls: `node${a.network || a.pooler ? "" : " local"}${a.pooler ? " pooler" : ""}`,
                attrs: `data-node="${safe(node)}"`,
            }));
            if (a.pooler) {
                const upstream = hops.poolers.get(a.alias) ?? [];
                const dbBox = { x: dbX, y: nodeBox.y, w: dbW, h: NODE_H };
                edges.push(edgeSvg({
                    from: nodeBox,
                    to: dbBox,
                    severity: worstSeverity(upstream),
                    label: a.pooler.upstream,
                    dashed: isPlaintext(a.pooler.upstream),
                    hop: `pooler-upstream:${a.alias}`,
                    tooltip: hopTooltip(`PgBouncer → database (${a.pooler.name})`, a.pooler.upstream, upstream),
                }));
                boxes.push(boxSvg(dbBox, {
                    title: "database",
                    mono: "title",
                    tooltip: `the database behind ${a.pooler.name}`,
                    cls: "node",
                }));
            }
        });
        y += slot;
    });
    const titleId = `diagram-${index}-title`;
    return [
        `<svg class="diagram" viewBox="0 0 ${n(width)} ${n(height)}" width="${n(width)}" height="${n(height)}" role="img" aria-labelledby="${titleId}">`,
        `<title id="${titleId}">Attack path of ${safe(module.module)}</title>`,
        // Edges first: boxes are drawn over the ends of the curves.
        ...edges,
        ...boxes,
        "</svg>",
    ].join("\n");
}
//# sourceMappingURL=diagram.js.map