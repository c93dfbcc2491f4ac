import { redactFindingText, redactSecrets } from "../core/redact.js";
import { clusterNodeState } from "../core/report.js";
import { meetsThreshold, SEVERITIES } from "../core/severity.js";
import { sortFindings, where } from "./order.js";
/**
 * GitHub caps a pull-request comment at 65,536 characters; rows stop being added past this budget and a line
 * says how many were left out (the JSON and SARIF reports always have them all).
 */
export const MARKDOWN_BUDGET = 60_000;
/**
 * Text for a GFM table cell: every Markdown-significant character is backslash-escaped (so scanned content
 * cannot open a link, emphasis, an HTML tag or a new column) and line breaks become `<br>`.
 */
export function cell(text) {
    return text
        .replace(/[\\`*_[\]<>|~&#!]/g, (ch) => `\\${ch}`)
        .replace(/\r\n|\r|\n/g, "<br>")
        .trim();
}
/** A code span for a table cell: a fence longer than any backtick run inside; `|` escaped for the table parser. */
export function code(text) {
    const flat = text.replace(/\r\n|\r|\n/g, " ").replace(/\|/g, "\\|");
    const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
    const fence = "`".repeat(longest + 1);
    const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
    return `${fence}${pad}${flat}${pad}${fence}`;
}
function location(f) {
    const parts = [];
    const place = where(f);
    if (place)
        parts.push(code(place));
    if (f.location && f.endpoint)
        parts.push(code(f.endpoint));
    const scope = [
        f.settingsModule ? cell(f.settingsModule) : "",
        f.alias ? `alias ${code(f.alias)}` : "",
    ].filter(Boolean);
    if (scope.length > 0)
        parts.push(`(${scope.join(", ")})`);
    return parts.join(" ");
}
function row(raw) {
    const f = redactFindingText(raw);
    const message = [cell(f.message), f.fix ? `**Fix:** ${cell(f.fix)}` : ""].filter(Boolean).join("<br>");
    return `| ${f.severity} | ${f.ruleId} ${cell(f.name)} | ${location(f)} | ${message} |`;
}
/** A severity group with more rows than this is collapsed even when it is one CI fails on. */
export const OPEN_ROWS = 20;
function verdict(report, failOn) {
    if (failOn === "none")
        return "`--fail-on none`: this run never fails.";
    const n = report.findings.filter((f) => meetsThreshold(f.severity, failOn)).length;
    return n > 0
        ? `**Fails** \`--fail-on ${failOn}\`: ${n} finding(s) at or above ${failOn}.`
        : `**Passes** \`--fail-on ${failOn}\`: no finding at or above ${failOn}.`;
}
/** Open: the severities CI fails on (critical and high under --fail-on none), unless the list is long. */
function isOpen(severity, rows, failOn) {
    const gating = failOn === "none" ? meetsThreshold(severity, "high") : meetsThreshold(severity, failOn);
    return gating && rows <= OPEN_ROWS;
}
/** One row per database alias with its verdict, first thing a reviewer reads after the grade (bounded). */
function aliasRows(report) {
    const list = report.aliases ?? [];
    if (list.length === 0)
        return [];
    const shown = list.slice(0, 50);
    const rows = shown.map((a) => `| ${code(a.module)} | ${code(a.alias)} | ${cell(redactSecrets(a.host))} | ${cell(a.sslmode.value ?? "unknown")} (${cell(a.sslmode.source)}) | **${a.verdict}**${a.rules.length > 0 ? ` ${cell(a.rules.join(", "))}` : ""} |`);
    return [
        "| settings | alias | host | sslmode | verdict |",
        "|---|---|---|---|---|",
        ...rows,
        ...(list.length > shown.length
            ? [`… and ${list.length - shown.length} more alias(es); see the JSON report.`]
            : []),
    ];
}
/** Clusters a probe found: the weakest node is each one's verdict, then its nodes (bounded). */
function clusterRows(report) {
    const clusters = (report.clusters ?? []).slice(0, 10);
    const out = [];
    for (const cl of clusters) {
        out.push(`**${cell(redactSecrets(cl.name))}**: ${cell(redactSecrets(cl.verdict))}`, "");
        const nodes = cl.nodes.slice(0, 20);
        out.push("| node | state | where the tree names it |", "|---|---|---|");
        for (const n of nodes)
            out.push(`| ${code(redactSecrets(n.endpoint))}${n.role === "public" ? " (public address)" : ""} | ${cell(clusterNodeState(n).words)} | ${cell(redactSecrets(n.source))} |`);
        if (cl.nodes.length > nodes.length)
            out.push(`… and ${cl.nodes.length - nodes.length} more node(s); see the JSON report.`);
        out.push("");
    }
    if ((report.clusters ?? []).length > clusters.length)
        out.push(`… and ${(report.clusters ?? []).length - clusters.length} more cluster(s); see the JSON report.`, "");
    return out;
}
/**
 * For a pull-request comment or `$GITHUB_STEP_SUMMARY`: grade, counts per severity and the verdict first, then one
 * table per severity (worst first); severities below --fail-on, and long lists, are collapsed in `<details>`.
 * Finding text never reaches the page as Markdown or HTML (`cell`, `code`); the only HTML is this file's own.
 */
export function formatMarkdown(report, opts = {}) {
    const failOn = opts.failOn ?? "high";
    const s = report.summary;
    const out = [];
    out.push(`## wirewarden ${report.command}: grade ${s.grade} (${s.score}/100)`);
    out.push("");
    out.push(`Target: ${code(redactSecrets(report.target))} · wirewarden ${cell(report.tool.version)}`);
    out.push("");
    out.push(`| ${SEVERITIES.join(" | ")} |`);
    out.push(`|${SEVERITIES.map(() => "---:").join("|")}|`);
    out.push(`| ${SEVERITIES.map((sev) => s.counts[sev]).join(" | ")} |`);
    out.push("");
    out.push(verdict(report, failOn));
    if (report.baseline) {
        out.push("");
        out.push(`Baseline ${code(report.baseline.file)}: ${report.baseline.suppressed} known finding(s) suppressed.`);
    }
    out.push("");
    const aliases = aliasRows(report);
    if (aliases.length > 0)
        out.push(...aliases, "");
    out.push(...clusterRows(report));
    if (report.findings.length === 0) {
        out.push("No findings.");
        return `${out.join("\n")}\n`;
    }
    let size = out.reduce((n, line) => n + line.length + 1, 0);
    const sorted = sortFindings(report.findings);
    let shown = 0;
    for (const severity of SEVERITIES) {
        const group = sorted.filter((f) => f.severity === severity);
        if (group.length === 0)
            continue;
        const open = isOpen(severity, group.length, failOn);
        const below = failOn !== "none" && !meetsThreshold(severity, failOn) ? `, below --fail-on ${failOn}` : "";
        const head = open
            ? [`### ${severity} (${group.length})`, ""]
            : [`<details><summary>${severity}: ${group.length} finding(s)${below}</summary>`, ""];
        const tableHead = ["| severity | rule | location | message |", "|---|---|---|---|"];
        const tail = open ? [""] : ["", "</details>", ""];
        const fixed = [...head, ...tableHead, ...tail].reduce((n, line) => n + line.length + 1, 0);
        if (size + fixed > MARKDOWN_BUDGET)
            break;
        const rows = [];
        for (const f of group) {
            const line = row(f);
            if (size + fixed + line.length + 1 > MARKDOWN_BUDGET)
                break;
            rows.push(line);
            size += line.length + 1;
        }
        if (rows.length === 0)
            break;
        size += fixed;
        shown += rows.length;
        out.push(...head, ...tableHead, ...rows, ...tail);
        if (rows.length < group.length)
            break;
    }
    if (shown < sorted.length) {
        out.push(`… and ${sorted.length - shown} more finding(s) not shown here; see the JSON or SARIF report.`);
    }
    else if (out[out.length - 1] === "")
        out.pop();
    return `${out.join("\n")}\n`;
}
//# sourceMappingURL=markdown.js.map