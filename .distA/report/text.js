import { createColors } from "picocolors";
import { redactFindingText, redactSecrets } from "../core/redact.js";
import { attackLabel, attacksVerdict, clusterChecked, clusterNodeState, } from "../core/report.js";
import { SEVERITIES } from "../core/severity.js";
import { compareFindings, where } from "./order.js";
/** Width of the severity column: the longest name ("CRITICAL") and two spaces. */
const SEVERITY_WIDTH = Math.max(...SEVERITIES.map((s) => s.length)) + 2;
function aliasOrder(a, b) {
    if (a === b)
        return 0;
    if (a === "default")
        return -1;
    if (b === "default")
        return 1;
    return a < b ? -1 : 1;
}
/**
 * Settings modules first (alphabetical), then live endpoints that belong to no module, then "other files".
 * Inside a module: findings with no alias, then one sub-group per alias ('default' first).
 */
function group(findings) {
    const modules = new Map();
    const endpoints = new Map();
    const other = [];
    for (const f of findings) {
        if (f.settingsModule)
            modules.set(f.settingsModule, [...(modules.get(f.settingsModule) ?? []), f]);
        else if (f.endpoint && !f.location)
            endpoints.set(f.endpoint, [...(endpoints.get(f.endpoint) ?? []), f]);
        else
            other.push(f);
    }
    const byKey = (m) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const groups = [];
    for (const [mod, fs] of byKey(modules)) {
        const aliases = new Map();
        const direct = [];
        for (const f of fs) {
            if (f.alias)
                aliases.set(f.alias, [...(aliases.get(f.alias) ?? []), f]);
            else
                direct.push(f);
        }
        groups.push({
            heading: `settings ${mod}`,
            findings: direct.sort(compareFindings),
            aliases: [...aliases.entries()]
                .sort(([a], [b]) => aliasOrder(a, b))
                .map(([alias, list]) => [alias, list.sort(compareFindings)]),
        });
    }
    for (const [endpoint, fs] of byKey(endpoints)) {
        groups.push({ heading: `endpoint ${endpoint}`, findings: fs.sort(compareFindings), aliases: [] });
    }
    if (other.length > 0)
        groups.push({ heading: "other files", findings: other.sort(compareFindings), aliases: [] });
    return groups;
}
/** Indents every line after the first of a multi-line value to `indent`. */
function continued(text, indent) {
    return text.replace(/\r?\n/g, `\n${indent}`);
}
/** A human report for a terminal or a CI log. */
export function formatText(report, opts) {
    const c = createColors(opts.color);
    const paint = {
        critical: (s) => c.bold(c.red(s)),
        high: c.red,
        medium: c.yellow,
        low: c.cyan,
        info: c.dim,
    };
    const out = [];
    const finding = (f, indent) => {
        const label = paint[f.severity](f.severity.toUpperCase().padEnd(SEVERITY_WIDTH));
        const place = where(f);
        out.push(`${indent}${label}${c.bold(f.ruleId)} ${f.name}${place ? `  ${c.dim(place)}` : ""}`);
        const body = `${indent}  `;
        out.push(`${body}${continued(f.message, body)}`);
        if (f.location && f.endpoint)
            out.push(`${body}${c.dim("endpoint:")} ${f.endpoint}`);
        if (f.evidence)
            out.push(`${body}${c.dim("evidence:")} ${continued(f.evidence, body)}`);
        if (f.fix)
            out.push(`${body}${c.green("fix:")} ${continued(f.fix, body)}`);
        if (opts.verbose) {
            const refs = [f.cwe, f.owasp].filter((r) => Boolean(r));
            if (refs.length > 0)
                out.push(`${body}${c.dim(refs.join(", "))}`);
        }
    };
    out.push(c.bold(`wirewarden ${report.tool.version}: ${report.command} ${redactSecrets(report.target)}`));
    out.push("");
    if (report.endpoints && report.endpoints.length > 0) {
        out.push(c.bold("endpoints"));
        for (const e of report.endpoints) {
            const facts = e.error
                ? [c.red(e.error)]
                : [
                    e.server,
                    e.tls ?? "no TLS",
                    ...(e.certificate ? [`certificate ${e.certificate}`] : []),
                    ...(e.clientCertificateRequired ? [c.green("client certificate required")] : []),
                ];
            out.push(`  ${redactSecrets(e.endpoint)}  ${facts.join(" · ")}  ${c.dim(`${e.durationMs} ms`)}`);
        }
        out.push("");
    }
    if (report.clusters && report.clusters.length > 0) {
        // One block per cluster: its nodes, and the weakest one as the cluster's verdict (an attacker picks that node).
        out.push(c.bold("clusters"));
        for (const cl of report.clusters) {
            out.push(`  ${redactSecrets(cl.name)}`);
            out.push(`    ${c.dim(redactSecrets(cl.link))}`);
            const width = Math.max(...cl.nodes.map((n) => redactSecrets(n.endpoint).length));
            for (const n of cl.nodes) {
                const s = clusterNodeState(n);
                const state = s.kind === "finding" && n.worst
                    ? paint[n.worst](s.words)
                    : s.kind === "clean"
                        ? c.green(s.words)
                        : c.yellow(s.words);
                const role = n.role === "public" ? " (public address)" : "";
                out.push(`    ${redactSecrets(n.endpoint).padEnd(width)}  ${state}${role}  ${c.dim(redactSecrets(n.source))}`);
            }
            const mark = cl.weakest ? paint[cl.weakest.severity] : clusterChecked(cl) ? c.green : c.yellow;
            out.push(`    ${mark(c.bold(redactSecrets(cl.verdict)))}`);
        }
        out.push("");
    }
    if (report.attacks && report.attacks.length > 0) {
        out.push(c.bold("attacks"));
        const outcomeWords = { "let-through": "LET THROUGH", refused: "refused", "not-run": "not run" };
        const mark = {
            "let-through": c.red(outcomeWords["let-through"]),
            refused: c.green(outcomeWords.refused),
            "not-run": c.dim(outcomeWords["not-run"]),
        };
        // Columns as wide as their longest entry (binding-downgrade is 17), so that the outcomes line up.
        const aliasWidth = Math.max(12, ...report.attacks.map((a) => a.alias.length));
        const attackWidth = Math.max(12, ...report.attacks.map((a) => attackLabel(a).length));
        const outcomeWidth = Math.max(...Object.keys(mark).map((k) => outcomeWords[k].length));
        for (const a of report.attacks) {
            const pad = " ".repeat(outcomeWidth - outcomeWords[a.outcome].length);
            out.push(`  ${a.alias.padEnd(aliasWidth)} ${attackLabel(a).padEnd(attackWidth)} ${mark[a.outcome]}${a.detail ? `${pad}  ${c.dim(redactSecrets(a.detail))}` : ""}`);
        }
        const verdict = attacksVerdict(report.attacks);
        const paint = { proven: c.red, "nothing-ran": c.yellow, refused: c.green }[verdict.kind];
        out.push(paint(c.bold(`verdict: ${verdict.words}`)));
        out.push("");
    }
    if (report.findings.length === 0) {
        out.push(c.green("No findings."));
        out.push("");
    }
    // Redacted before grouping: an endpoint URL is also a group heading.
    for (const g of group(report.findings.map(redactFindingText))) {
        out.push(c.bold(g.heading));
        for (const f of g.findings)
            finding(f, "  ");
        for (const [alias, list] of g.aliases) {
            out.push(`  ${c.bold(`database alias '${alias}'`)}`);
            for (const f of list)
                finding(f, "    ");
        }
        out.push("");
    }
    const s = report.summary;
    const n = report.findings.length;
    const counts = SEVERITIES.map((sev) => {
        const text = `${sev} ${s.counts[sev]}`;
        return s.counts[sev] > 0 ? paint[sev](text) : text;
    }).join(", ");
    const gradeColor = s.grade === "A" || s.grade === "B" ? c.green : s.grade === "C" ? c.yellow : c.red;
    out.push(`${n} finding${n === 1 ? "" : "s"}: ${counts}`);
    if (report.baseline) {
        const k = report.baseline.suppressed;
        out.push(c.dim(`${k} known finding${k === 1 ? "" : "s"} suppressed by the baseline ${report.baseline.file}`));
    }
    out.push(`score ${s.score}/100, grade ${gradeColor(c.bold(s.grade))}`);
    if (report.aliases && report.aliases.length > 0) {
        out.push("");
        out.push(...aliasTable(report.aliases, c));
    }
    if (report.runtime && report.runtime.length > 0) {
        out.push("");
        out.push(...runtimeTable(report.runtime, c));
    }
    return `${out.join("\n")}\n`;
}
/**
 * `scan --runtime`: each module as the project's Python imported it, one line per alias with the sslmode libpq
 * gets and the ids wirewarden_django's checks gave (W101 → WW101), so that the two views sit side by side.
 */
function runtimeTable(modules, c) {
    const lines = [c.bold("at runtime (--runtime)")];
    for (const m of modules) {
        const libpq = typeof m.libpq === "number" ? `, libpq ${m.libpq}` : "";
        lines.push(`  ${m.module} ${c.dim(`imported by ${m.python}${libpq}`)}`);
        if (m.error) {
            lines.push(`    ${c.yellow(`not imported: ${redactSecrets(m.error.split("\n")[0] ?? "")}`)}`);
            continue;
        }
        for (const a of m.aliases) {
            if (!a.postgres)
                continue;
            if (a.error) {
                lines.push(`    ${a.alias} → ${c.yellow(`not judged: ${redactSecrets(a.error.split("\n")[0] ?? "")}`)}`);
                continue;
            }
            const hosts = (a.hosts ?? []).length === 0 ? "local" : (a.hosts ?? []).map((h) => redactSecrets(h)).join(", ");
            const checks = (a.checks ?? []).map((x) => x.id.replace("wirewarden.W", "WW"));
            lines.push(`    ${a.alias} → ${hosts} · ${a.sslmode ?? "?"} (${a.sslmodeSource ?? "?"}) · ${checks.length > 0 ? checks.join(", ") : c.green("no findings")}`);
        }
    }
    return lines;
}
/** `default → crdb.example:26257 · verify-full · /etc/ca.crt · verified`, one line per alias, under its module. */
function aliasTable(aliases, c) {
    const mark = {
        verified: c.green,
        exposed: (s) => c.bold(c.red(s)),
        unknown: (s) => c.bold(c.yellow(s)),
    };
    const lines = [c.bold("database aliases")];
    let module = "";
    for (const a of aliases) {
        if (a.module !== module) {
            module = a.module;
            const role = a.production ? " (production)" : a.development ? " (development)" : "";
            lines.push(`  ${a.module}${role}`);
        }
        const mode = a.sslmode.value ? `${a.sslmode.value} (${a.sslmode.source})` : `sslmode ${a.sslmode.source}`;
        const root = a.sslrootcert.value ?? (a.sslrootcert.source === "unknown" ? "sslrootcert unknown" : "no sslrootcert");
        const rules = a.rules.length > 0 ? ` (${a.rules.join(", ")})` : "";
        const when = a.condition ? c.dim(` when ${a.condition}`) : "";
        lines.push(`    ${a.alias} → ${redactSecrets(a.host)} · ${mode} · ${redactSecrets(root)} · ${mark[a.verdict](a.verdict)}${rules}${when}`);
    }
    return lines;
}
//# sourceMappingURL=text.js.map