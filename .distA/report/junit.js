import { CATALOG } from "../core/catalog.js";
import { rulesCheckedBy } from "../core/command-rules.js";
import { redactFindingText, redactSecrets } from "../core/redact.js";
import { meetsThreshold, SEVERITIES, severityRank } from "../core/severity.js";
import { compareFindings, where } from "./order.js";
/**
 * XML 1.0 allows only these characters (the Char production), even as character references: anything else
 * (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF) is written as a visible `\uXXXX` instead.
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
function xmlChars(text) {
    return text.replace(NOT_XML_CHAR, (ch) => `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`);
}
/** Element text: `<` and `&` must be escaped, `>` too so that `]]>` cannot appear. */
export function xmlText(text) {
    return xmlChars(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
/** An attribute value in double quotes; tab, LF and CR as references, or parsers would turn them into spaces. */
export function xmlAttr(text) {
    return xmlText(text)
        .replace(/"/g, "&quot;")
        .replace(/\t/g, "&#9;")
        .replace(/\n/g, "&#10;")
        .replace(/\r/g, "&#13;");
}
function element(name, attrs, body) {
    const a = Object.entries(attrs)
        .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
        .join("");
    return body === undefined ? `<${name}${a}/>` : `<${name}${a}>${body}</${name}>`;
}
/** What a test case is about: the file of a file finding, else the endpoint of a live one. */
function target(f) {
    return f.location?.file ?? f.endpoint ?? "-";
}
/** One finding as plain text for a failure body or system-out: what, where, evidence, fix. */
function describe(f) {
    const scope = [
        f.settingsModule ? `settings ${f.settingsModule}` : "",
        f.alias ? `alias ${f.alias}` : "",
    ].filter(Boolean);
    return [
        `${f.severity.toUpperCase()} ${f.ruleId} ${f.name}: ${f.message}`,
        `location: ${where(f) || "-"}${scope.length > 0 ? ` (${scope.join(", ")})` : ""}`,
        ...(f.location && f.endpoint ? [`endpoint: ${f.endpoint}`] : []),
        ...(f.evidence ? [`evidence: ${f.evidence}`] : []),
        ...(f.fix ? [`fix: ${f.fix}`] : []),
    ].join("\n");
}
function testCase(c, failOn) {
    const attrs = { classname: `${c.ruleId} ${c.name}`, name: c.target };
    if (c.file !== undefined)
        attrs.file = c.file;
    attrs.time = "0";
    const children = [];
    const [first] = c.failing;
    if (first) {
        const worst = c.failing.reduce((w, f) => (severityRank(f.severity) > severityRank(w) ? f.severity : w), first.severity);
        const more = c.failing.length > 1 ? ` (and ${c.failing.length - 1} more finding(s) of this rule here)` : "";
        children.push(element("failure", { message: `${first.message}${more}`, type: worst }, xmlText(c.failing.map(describe).join("\n\n"))));
    }
    if (c.passing.length > 0) {
        const head = failOn === "none"
            ? "reported, not failing (--fail-on none):"
            : `below --fail-on ${failOn}, reported, not failing:`;
        children.push(element("system-out", {}, xmlText([head, ...c.passing.map(describe)].join("\n\n"))));
    }
    return children.length === 0
        ? `    ${element("testcase", attrs)}`
        : `    ${element("testcase", attrs, `\n      ${children.join("\n      ")}\n    `)}`;
}
/** One test case per rule × target, in catalog order then by target; then the checked rules that found nothing. */
function cases(report, failOn) {
    const order = new Map(CATALOG.map((r, i) => [r.id, i]));
    const byKey = new Map();
    for (const f of [...report.findings].map(redactFindingText).sort(compareFindings)) {
        const t = target(f);
        const key = `${f.ruleId}\u0000${t}`;
        let c = byKey.get(key);
        if (!c) {
            c = { ruleId: f.ruleId, name: f.name, target: t, failing: [], passing: [] };
            if (f.location)
                c.file = f.location.file;
            byKey.set(key, c);
        }
        (meetsThreshold(f.severity, failOn) ? c.failing : c.passing).push(f);
    }
    const rank = (id) => order.get(id) ?? CATALOG.length;
    const found = [...byKey.values()].sort((a, b) => rank(a.ruleId) - rank(b.ruleId) ||
        (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
        (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
    const withFindings = new Set(found.map((c) => c.ruleId));
    const clean = rulesCheckedBy(report.command)
        .filter((r) => !withFindings.has(r.id))
        .map((r) => ({ ruleId: r.id, name: r.name, target: "all", failing: [], passing: [] }));
    return [...found, ...clean];
}
/** JUnit XML: one <testsuite> for this run of the command (see the notes at the top of this file). */
export function formatJunit(report, opts = {}) {
    const failOn = opts.failOn ?? "high";
    const all = cases(report, failOn);
    const failures = all.filter((c) => c.failing.length > 0).length;
    const s = report.summary;
    const properties = [
        ["wirewarden.version", report.tool.version],
        ["target", redactSecrets(report.target)],
        ["fail-on", failOn],
        ["score", s.score],
        ["grade", s.grade],
        ["findings", report.findings.length],
        ...SEVERITIES.map((sev) => [`findings.${sev}`, s.counts[sev]]),
        ...(report.baseline
            ? [
                ["baseline", report.baseline.file],
                ["baseline.suppressed", report.baseline.suppressed],
            ]
            : []),
    ];
    const counts = { tests: all.length, failures, errors: 0, skipped: 0, time: "0" };
    const suiteName = `wirewarden ${report.command}`;
    const lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuites ${Object.entries({ name: "wirewarden", ...counts })
            .map(([k, v]) => `${k}="${xmlAttr(String(v))}"`)
            .join(" ")}>`,
        `  <testsuite ${Object.entries({ name: suiteName, ...counts })
            .map(([k, v]) => `${k}="${xmlAttr(String(v))}"`)
            .join(" ")}>`,
        "    <properties>",
        ...properties.map(([name, value]) => `      ${element("property", { name, value })}`),
        "    </properties>",
        ...all.map((c) => testCase(c, failOn)),
        "  </testsuite>",
        "</testsuites>",
    ];
    return `${lines.join("\n")}\n`;
}
//# sourceMappingURL=junit.js.map