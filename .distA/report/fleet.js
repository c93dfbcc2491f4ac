import { SEVERITIES } from "../core/severity.js";
import { escapeHtml } from "./html/escape.js";
import { SCHEMA_VERSION } from "./json.js";
import { jsonlRun } from "./jsonl.js";
import { openMetrics } from "./openmetrics.js";
import { formatSarif } from "./sarif.js";
/** The formats a fleet (several targets, or shards merged) is written in. */
export const FLEET_FORMATS = ["text", "json", "jsonl", "sarif", "html", "markdown", "openmetrics"];
export function isFleetFormat(f) {
    return FLEET_FORMATS.includes(f);
}
const GRADE_ORDER = ["F", "D", "C", "B", "A"];
/** A target's grade for the overview: `—` when it could not be analysed (no verdict, and unknown is not safe). */
function gradeOf(t) {
    return t.error ? "—" : t.summary.grade;
}
/**
 * Worst first: targets that could not be analysed, then by grade, score and name (so the order is the same however
 * the fleet was split).
 */
export function worstFirst(targets) {
    const s = (t) => t.summary;
    const rank = (t) => (t.error ? -1 : GRADE_ORDER.indexOf(s(t).grade));
    return [...targets].sort((a, b) => rank(a) - rank(b) ||
        s(a).score - s(b).score ||
        (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
}
/** Renders a fleet. Every text in it was masked when its report was written (the JSON report's masking). */
export function formatFleet(fleet, format) {
    switch (format) {
        case "jsonl":
            return jsonlRun({ tool: fleet.tool, command: fleet.command }, null, fleet.targets);
        case "json":
            return `${JSON.stringify(fleetJson(fleet), null, 2)}\n`;
        case "sarif":
            return fleetSarif(fleet);
        case "openmetrics":
            return openMetrics(fleet.targets);
        case "html":
            return fleetHtml(fleet);
        case "markdown":
            return fleetMarkdown(fleet);
        case "text":
            return fleetText(fleet);
    }
}
function totals(fleet) {
    const grades = { A: 0, B: 0, C: 0, D: 0, F: 0 };
    const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
    let notAnalysed = 0;
    for (const t of fleet.targets) {
        const s = t.summary;
        if (t.error) {
            notAnalysed++;
            continue;
        }
        grades[s.grade] = (grades[s.grade] ?? 0) + 1;
        for (const k of SEVERITIES)
            counts[k] += s.counts[k] ?? 0;
    }
    return { targets: fleet.targets.length, notAnalysed, grades, counts };
}
/** The fleet JSON document (docs/fleet.md): every target's JSON report, and the fleet's totals. */
function fleetJson(fleet) {
    return {
        tool: fleet.tool,
        command: fleet.command,
        // How the fleet was split is not part of it: the same targets give the same report.
        fleet: { ...totals(fleet), missingShards: fleet.missingShards },
        schemaVersion: SCHEMA_VERSION,
        targets: fleet.targets,
    };
}
/** One SARIF run per target, each with its own category so code scanning keeps them apart. */
function fleetSarif(fleet) {
    let head;
    const runs = [];
    for (const t of fleet.targets) {
        const log = JSON.parse(formatSarif(t));
        head ??= { ...log, runs: [] };
        for (const run of log.runs)
            runs.push({ ...run, automationDetails: { id: `wirewarden/${fleet.command}/${t.target}/` } });
    }
    const base = head ??
        JSON.parse(formatSarif({
            tool: fleet.tool,
            command: fleet.command,
            target: "",
            findings: [],
            summary: { score: 100, grade: "A", counts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 } },
        }));
    return `${JSON.stringify({ ...base, runs }, null, 2)}\n`;
}
function findingPlace(f) {
    const loc = f.location;
    if (loc)
        return `${loc.file}:${loc.line}`;
    return typeof f.endpoint === "string" ? f.endpoint : "";
}
function missingNote(fleet) {
    if (fleet.missingShards.length === 0)
        return "";
    const count = fleet.runs[0]?.shard?.count ?? 0;
    return `Incomplete: shard${fleet.missingShards.length > 1 ? "s" : ""} ${fleet.missingShards.join(", ")} of ${count} missing; their targets are not in this report.`;
}
function fleetText(fleet) {
    const t = totals(fleet);
    const lines = [
        `wirewarden ${fleet.command}: ${t.targets} target(s), ${t.notAnalysed} not analysed; grades ${GRADE_ORDER.map((g) => `${g} ${t.grades[g]}`).join(", ")}; findings ${SEVERITIES.map((s) => `${s} ${t.counts[s]}`).join(", ")}`,
    ];
    const note = missingNote(fleet);
    if (note)
        lines.push(note);
    for (const target of worstFirst(fleet.targets)) {
        const s = target.summary;
        lines.push(target.error
            ? `  —   —  ${target.target}  (not analysed: ${String(target.error)})`
            : `  ${s.grade} ${String(s.score).padStart(3)}  ${target.target}  (${SEVERITIES.map((k) => s.counts[k]).join("/")})`);
    }
    return `${lines.join("\n")}\n`;
}
function fleetMarkdown(fleet) {
    const t = totals(fleet);
    const out = [
        `## wirewarden ${fleet.command}: ${t.targets} target(s)`,
        "",
        `Grades: ${GRADE_ORDER.map((g) => `${g} ${t.grades[g]}`).join(" · ")}; not analysed ${t.notAnalysed}. Findings: ${SEVERITIES.map((s) => `${s} ${t.counts[s]}`).join(" · ")}.`,
    ];
    const note = missingNote(fleet);
    if (note)
        out.push("", `> **${note}**`);
    out.push("", "| Grade | Score | Target | Critical | High | Medium | Low | Info |", "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |");
    for (const target of worstFirst(fleet.targets)) {
        const s = target.summary;
        out.push(target.error
            ? `| — | — | ${mdCell(target.target)} (not analysed: ${mdCell(String(target.error))}) | | | | | |`
            : `| ${s.grade} | ${s.score} | ${mdCell(target.target)} | ${SEVERITIES.map((k) => s.counts[k]).join(" | ")} |`);
    }
    return `${out.join("\n")}\n`;
}
function mdCell(text) {
    return text.replace(/[|\\`*_[\]<>]/g, (c) => `\\${c}`).replace(/\n/g, " ");
}
/** One page: the targets by grade, worst first, each linking to its findings further down. */
function fleetHtml(fleet) {
    const t = totals(fleet);
    const ordered = worstFirst(fleet.targets);
    const rows = ordered
        .map((target, i) => {
        const s = target.summary;
        if (target.error)
            return `<tr class="gF"><td>—</td><td>—</td><td><a href="#t${i}">${escapeHtml(target.target)}</a> (not analysed)</td>${SEVERITIES.map(() => "<td></td>").join("")}</tr>`;
        return `<tr class="g${gradeOf(target)}"><td>${s.grade}</td><td>${s.score}</td><td><a href="#t${i}">${escapeHtml(target.target)}</a></td>${SEVERITIES.map((k) => `<td>${s.counts[k]}</td>`).join("")}</tr>`;
    })
        .join("\n");
    const details = ordered
        .map((target, i) => {
        const items = target.findings
            .map((f) => `<li><b>${escapeHtml(String(f.severity))}</b> ${escapeHtml(String(f.ruleId))} ${escapeHtml(String(f.message))} <code>${escapeHtml(findingPlace(f))}</code></li>`)
            .join("\n");
        const body = target.error
            ? `<p>Not analysed: ${escapeHtml(String(target.error))}</p>`
            : items
                ? `<ul>${items}</ul>`
                : "<p>No findings.</p>";
        return `<section id="t${i}"><h2>${escapeHtml(target.target)}</h2>${body}</section>`;
    })
        .join("\n");
    const note = missingNote(fleet);
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>wirewarden ${escapeHtml(fleet.command)}: ${t.targets} targets</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em}tr.gF td:first-child{background:#f8d0d0}tr.gD td:first-child,tr.gC td:first-child{background:#fbe7c6}tr.gA td:first-child{background:#d4f2d4}code{font-size:90%}</style>
</head><body>
<h1>wirewarden ${escapeHtml(fleet.command)}: ${t.targets} target(s)</h1>
<p>Grades: ${GRADE_ORDER.map((g) => `${g} ${t.grades[g]}`).join(" · ")}. Findings: ${SEVERITIES.map((s) => `${s} ${t.counts[s]}`).join(" · ")}.</p>
${note ? `<p><strong>${escapeHtml(note)}</strong></p>` : ""}
<table><thead><tr><th>Grade</th><th>Score</th><th>Target</th>${SEVERITIES.map((s) => `<th>${s}</th>`).join("")}</tr></thead>
<tbody>
${rows}
</tbody></table>
${details}
</body></html>
`;
}
//# sourceMappingURL=fleet.js.map