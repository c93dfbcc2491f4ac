import { severityRank } from "../core/severity.js";
import { isSslmode } from "../libpq/sslmode.js";
import { suppliedWords } from "../python/env.js";
import { predictAlias } from "./alias-predictions.js";
import { loc, paramLocation } from "./helpers.js";
import { channelEnvironment } from "./libpq-helpers.js";
/**
 * The rules whose finding on an alias means its channel can be read or changed by someone on the path. WW109 only
 * adds to one of them; WW110/WW111 (secrets at rest) and WW113 (info) say nothing about the channel.
 */
export const EXPOSING_RULES = new Set([
    "WW101",
    "WW102",
    "WW103",
    "WW104",
    "WW105",
    "WW106",
    "WW107",
    "WW109",
    "WW114",
    "WW115",
    "WW116",
    "WW117",
    "WW118",
    "WW119",
]);
function supplyHint(alias, param) {
    const variable = param.env?.variable ?? alias.url?.env?.variable ?? alias.hostVariable;
    return variable
        ? `supply ${variable} with --env-file (the value production uses), or set OPTIONS 'sslmode': 'verify-full' with an explicit 'sslrootcert' in the settings`
        : "set OPTIONS 'sslmode': 'verify-full' with an explicit 'sslrootcert' as literals the scan can read";
}
/**
 * The one place that says an alias cannot be judged. WW000 reports exactly these; the alias verdicts call them
 * `unknown`. A local alias (socket, loopback, SQLite) needs no TLS and is never unknown for lack of it.
 */
export function unknownAlias(alias, view) {
    const lost = unknownValueOf(alias);
    if (lost)
        return lost;
    // Code the scan could not follow ran after DATABASES was written: what it holds may not be what Django gets.
    const after = view?.databasesMayChange;
    if (after)
        return {
            reason: `DATABASES['${alias.alias}'] may be changed after it is written: ${after.reason}`,
            location: loc(after.origin),
            fix: "set DATABASES last, or in a form the scan can follow (literals, env reads, dj_database_url/environ)",
            inScope: alias.family !== "mysql" && alias.family !== "oracle" && alias.family !== "other",
        };
    return unknownChannel(alias);
}
function unknownValueOf(alias) {
    if (alias.unknownValue)
        return {
            reason: alias.unknownValue.reason,
            location: loc(alias.unknownValue.origin),
            fix: "write DATABASES as a dict the scan can follow (literals, env reads, dj_database_url/environ), or pass --env-file with the values it reads",
            inScope: true,
        };
    return undefined;
}
function unknownChannel(alias) {
    if (!alias.network)
        return undefined;
    if (alias.family === "mysql" || alias.family === "oracle" || alias.family === "other")
        return {
            reason: `alias '${alias.alias}' uses ${alias.engine ?? "another engine"}, not a PostgreSQL-wire database: its channel is not judged`,
            location: loc(alias.origin),
            fix: "check this channel with a tool for that database",
            inScope: false,
        };
    if (alias.sslmode.source === "unknown")
        return {
            reason: `the effective sslmode of alias '${alias.alias}' cannot be determined: ${alias.sslmode.unknownReason}`,
            location: paramLocation(alias, alias.sslmode),
            fix: supplyHint(alias, alias.sslmode),
            inScope: true,
        };
    if (alias.sslmode.value !== null && !isSslmode(alias.sslmode.value))
        return {
            reason: `alias '${alias.alias}' has sslmode '${alias.sslmode.value}', which libpq does not know (it refuses to connect)`,
            location: paramLocation(alias, alias.sslmode),
            fix: "set sslmode to 'verify-full'",
            inScope: true,
        };
    if (alias.sslmode.value === "verify-full" && alias.sslrootcert.source === "unknown")
        return {
            reason: `the sslrootcert of alias '${alias.alias}' cannot be determined: ${alias.sslrootcert.unknownReason}`,
            location: paramLocation(alias, alias.sslrootcert),
            fix: supplyHint(alias, alias.sslrootcert),
            inScope: true,
        };
    return undefined;
}
/** WW000's severity for an alias it cannot judge: it gates on a production alias, as the issue's verdict model asks. */
export function unknownAliasSeverity(view, u) {
    return u.inScope && !view.development && !view.template ? "medium" : "info";
}
/** Where a part of an alias came from, in the report's words. */
function partOf(p) {
    const at = p.origin ? `${p.origin.file}:${p.origin.line}` : undefined;
    let source;
    if (p.source === "unknown")
        source = "unknown";
    else if (p.env)
        source = p.env.supplied ? "env supplied" : "env default";
    else
        source = {
            OPTIONS: "OPTIONS",
            url: "URL",
            ssl_require: "ssl_require",
            service: "service file",
            PGSSLMODE: "PGSSLMODE",
            PGSSLROOTCERT: "PGSSLROOTCERT",
            default: "libpq default",
            unknown: "unknown",
        }[p.source];
    const via = p.env ? `${p.env.variable}${p.env.supplied ? `, ${suppliedWords(p.env)}` : ""}` : undefined;
    return { value: p.value, source, ...(at ? { at } : {}), ...(via ? { via } : {}) };
}
const ORDER = { exposed: 2, unknown: 1, verified: 0 };
function optional(key, value) {
    return value === undefined ? {} : { [key]: value };
}
/** One key per alias branch: a hit belongs to the branch of its alias, settings module and condition. */
const branchKey = (alias, module, condition) => `${alias ?? ""}\u0000${module ?? ""}\u0000${condition ?? "\u0001"}`;
function branchOf(view, alias, hitsByBranch, libpq, channelEnv) {
    const mine = hitsByBranch.get(branchKey(alias.alias, view.module, view.condition)) ?? [];
    const exposing = mine
        // An information finding, or one where libpq cannot connect at all (fails closed), exposes nothing.
        .filter((h) => EXPOSING_RULES.has(h.ruleId) && h.severity !== "info" && h.hit.failsClosed !== true)
        .sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
    const lost = mine.find((h) => h.ruleId === "WW000");
    const base = {
        condition: view.condition,
        engine: alias.engine,
        engineFamily: alias.family,
        host: alias.hostLabel,
        hostClass: alias.hostClass,
        ...(alias.hostVariable ? { hostVariable: alias.hostVariable } : {}),
        port: alias.portText,
        sslmode: partOf(alias.sslmode),
        sslrootcert: partOf(alias.sslrootcert),
        ...optional("predictedAttacks", predictAlias(alias, libpq, channelEnv)),
    };
    const worst = exposing[0];
    if (worst)
        return {
            ...base,
            verdict: "exposed",
            reason: worst.hit.message,
            rules: [...new Set(exposing.map((h) => h.ruleId))].sort(),
            severity: worst.severity,
            ...(worst.hit.location ? { location: worst.hit.location } : {}),
        };
    if (lost)
        return {
            ...base,
            verdict: "unknown",
            reason: lost.hit.message,
            rules: ["WW000"],
            severity: lost.severity,
            ...(lost.hit.location ? { location: lost.hit.location } : {}),
        };
    if (!alias.network)
        return {
            ...base,
            verdict: "verified",
            reason: alias.family === "sqlite"
                ? "SQLite file: no network hop"
                : "local socket or loopback: no network hop",
            rules: [],
        };
    if ((alias.family === "postgres" || alias.family === "unknown") &&
        alias.sslmode.value === "verify-full" &&
        alias.sslrootcert.value)
        return {
            ...base,
            verdict: "verified",
            reason: `verify-full with sslrootcert ${alias.sslrootcert.value}: the server's certificate and host name are checked`,
            rules: [],
        };
    // No rule spoke and the alias is not provably safe: say so rather than pass it (the property test guards this).
    return {
        ...base,
        verdict: "unknown",
        reason: `no rule reached a verdict on alias '${alias.alias}' (sslmode ${alias.sslmode.value ?? "unknown"}, host ${alias.hostLabel})`,
        rules: [],
        location: loc(alias.origin),
    };
}
/** Branches equal in everything but their condition are one branch: name the conditions, keep what differs. */
function mergeBranches(branches) {
    const merged = new Map();
    for (const b of branches) {
        const { condition, ...rest } = b;
        const key = JSON.stringify(rest);
        const seen = merged.get(key);
        if (!seen)
            merged.set(key, b);
        else if (seen.condition !== null)
            seen.condition = condition === null ? null : `${seen.condition}; or ${condition}`;
    }
    return [...merged.values()];
}
/**
 * One verdict for every (settings module, alias) the scan knows of, from the model and the hits the rules gave it
 * (so the verdicts never disagree with the findings). Across the outcomes of a module the worst verdict stands:
 * exposed in one branch is exposed, unknown in one is unknown.
 */
export function judgeAliases(model, hits) {
    const channelEnv = channelEnvironment(model);
    const byKey = new Map();
    // Indexed once: a large tree has thousands of alias branches and of hits (issue 22).
    const hitsByBranch = new Map();
    for (const h of hits) {
        if (h.hit.alias === undefined)
            continue;
        const k = branchKey(h.hit.alias, h.hit.settingsModule, h.hit.condition);
        const list = hitsByBranch.get(k);
        if (list)
            list.push(h);
        else
            hitsByBranch.set(k, [h]);
    }
    for (const view of model.views) {
        for (const alias of view.databases) {
            const key = `${view.module}\u0000${alias.alias}`;
            const entry = byKey.get(key) ?? { view, branches: [] };
            entry.branches.push(branchOf(view, alias, hitsByBranch, model.libpq, channelEnv));
            byKey.set(key, entry);
        }
    }
    const out = [];
    for (const [key, { view, branches }] of byKey) {
        const alias = key.split("\u0000")[1];
        const distinct = mergeBranches(branches);
        const deciding = [...distinct].sort((a, b) => ORDER[b.verdict] - ORDER[a.verdict])[0];
        const single = distinct.length === 1;
        out.push({
            module: view.module,
            alias,
            file: view.file,
            production: view.production,
            development: view.development,
            ...deciding,
            condition: single ? null : deciding.condition,
            ...(single ? {} : { branches: distinct }),
        });
    }
    return out;
}
/** The verdict for one outcome of a module (its branch when the outcomes differ), for the diagram and `fix`. */
export function verdictFor(verdicts, view, alias) {
    const report = verdicts.find((v) => v.module === view.module && v.alias === alias.alias);
    if (!report?.branches)
        return report;
    const mine = view.condition;
    return (report.branches.find((b) => b.condition === mine) ??
        report.branches.find((b) => mine !== null && (b.condition ?? "").split("; or ").includes(mine)) ??
        report);
}
//# sourceMappingURL=alias-verdicts.js.map