import { parseDatabaseUrl } from "../django/database-url.js";
import { isLocalHost } from "../django/databases.js";
import { CHANNEL_PARAMETERS, LIBPQ_MAJORS, predictAttacks, resolveLibpq, } from "../libpq/behaviour.js";
import { envAssignments } from "./env-helpers.js";
import { PG_SCHEMES } from "./helpers.js";
/**
 * An alias's channel parameters as libpq receives them (OPTIONS and URL query as parameters, PG* from the
 * environment), for the libpq model. Only the parameters that decide the channel: the rest of OPTIONS (Django pops
 * `pool`, and anything else is not about verification) would only add "invalid option" noise per major.
 */
export function aliasLibpqInputs(alias) {
    const params = {};
    const env = {};
    for (const name of Object.keys(CHANNEL_PARAMETERS)) {
        const v = alias.options.get(name);
        if (v?.kind === "str")
            params[name] = v.value;
    }
    delete params.sslmode;
    delete params.sslrootcert;
    const put = (p, name, variable) => {
        if (p.value === null || p.source === "default" || p.source === "unknown")
            return;
        if (p.source === variable)
            env[variable] = p.value;
        else
            params[name] = p.value;
    };
    put(alias.sslmode, "sslmode", "PGSSLMODE");
    put(alias.sslrootcert, "sslrootcert", "PGSSLROOTCERT");
    return { params, env };
}
/** `libpq ≤ 15`, `libpq 16–18`, `libpq 17`: 15 stands for every older major (13 and 14 are modelled as 15). */
export function majorsText(majors) {
    const first = majors[0];
    const last = majors[majors.length - 1];
    if (first === undefined || last === undefined)
        return "no libpq";
    const low = first === 15 ? "≤ 15" : String(first);
    const contiguous = LIBPQ_MAJORS.indexOf(last) - LIBPQ_MAJORS.indexOf(first) === majors.length - 1;
    if (!contiguous)
        return `libpq ${[low, ...majors.slice(1)].join(", ")}`;
    if (first === last)
        return `libpq ${low}`;
    if (first === 15 && last === LIBPQ_MAJORS[LIBPQ_MAJORS.length - 1])
        return "every libpq";
    return first === 15 ? `libpq ≤ ${last}` : `libpq ${first}–${last}`;
}
/** A predicted outcome of a forged certificate, in a report's words. */
export function forgedWords(outcome) {
    switch (outcome) {
        case "through":
            return "accepted";
        case "refused":
            return "refused";
        case "no-connection":
            return "never reached: libpq cannot connect at all";
        case "not-applicable":
            return "not asked for";
        default:
            return "accepted or refused depending on a file the scan cannot see";
    }
}
/** What one libpq major does with these settings under attack, in a few words, and whether it lets an attacker in. */
function majorOutcome(major, client) {
    const error = resolveLibpq(major, client).error;
    if (error)
        return { words: `refuses to connect (${error})`, through: false };
    const p = predictAttacks(major, client);
    const strip = p.strip.outcome === "through";
    const forge = p.forge.outcome === "through";
    if (strip || forge) {
        const how = [
            strip ? "an attacker who answers 'N' gets the password in plaintext" : "",
            forge ? "an attacker with any certificate receives the password" : "",
        ].filter(Boolean);
        return { words: `checks no certificate (${how.join(", and ")})`, through: true };
    }
    if (p.forge.outcome === "unknown" || p.strip.outcome === "unknown")
        return { words: `may check nothing (${p.forge.why})`, through: false };
    return { words: `verifies the server (${p["wrong-host"].why})`, through: false };
}
/**
 * Every libpq major's outcome, majors with the same words grouped: `libpq ≤ 15 checks no certificate: …; libpq
 * 16–18 refuse to connect (…)`, and the majors that let an attacker in.
 */
export function outcomesByMajor(client) {
    const groups = [];
    const through = [];
    for (const major of LIBPQ_MAJORS) {
        const o = majorOutcome(major, client);
        if (o.through)
            through.push(major);
        const last = groups[groups.length - 1];
        if (last && last.words === o.words)
            last.majors.push(major);
        else
            groups.push({ majors: [major], words: o.words });
    }
    const text = groups.map((g) => `${majorsText(g.majors)} ${g.words}`).join("; ");
    return { text, through };
}
/**
 * PostgreSQL-family URLs with a network host that no alias was built from (an alias's own URL is judged on the
 * alias, once). The CockroachDB Cloud string pasted into a .env that the settings load at run time
 * (`environ.Env.read_env()`, python-dotenv) is the usual one: the alias then only says "from DATABASE_URL".
 */
export function looseDatabaseUrls(model) {
    const aliasUrls = model.views.flatMap((v) => v.databases.flatMap((a) => (a.url ? [a.url] : [])));
    const fromAlias = (text, origin) => aliasUrls.some((u) => u.url?.trim() === text.trim() || (u.origin.file === origin.file && u.origin.line === origin.line));
    const out = [];
    const seen = new Set();
    const add = (text, origin, where, assignment) => {
        const key = `${origin.file}:${origin.line}`;
        if (seen.has(key))
            return;
        seen.add(key);
        const parsed = parseDatabaseUrl(text);
        if (!parsed || !PG_SCHEMES.has(parsed.scheme))
            return;
        // libpq takes ?host=… when the authority has none (a socket directory).
        if (isLocalHost(parsed.host !== "" ? parsed.host : (parsed.options.get("host") ?? "")))
            return;
        if (fromAlias(text, origin))
            return;
        out.push({ text, parsed, origin, where, ...(assignment ? { assignment } : {}) });
    };
    for (const a of envAssignments(model))
        add(a.value, a.origin, `${a.context} ${a.origin.file} (${a.variable})`, a);
    for (const lit of model.urlLiterals)
        add(lit.url, lit.origin, `${lit.context} ${lit.origin.file}`);
    return out;
}
/** The URL's channel parameters as libpq receives them. */
export function urlLibpqParams(parsed) {
    const params = {};
    for (const name of Object.keys(CHANNEL_PARAMETERS)) {
        const v = parsed.options.get(name);
        if (v !== undefined)
            params[name] = v;
    }
    return params;
}
/**
 * The other assignments of the environment an assignment belongs to: the same env file, or the same compose
 * service / container / image (PGSSLMODE beside PGSSLROOTCERT). A ConfigMap's keys count as one environment.
 */
export function envSiblings(model, a) {
    const mine = unitOf(model, a);
    return envAssignments(model).filter((x) => x.context === "env file"
        ? a.context === "env file" && x.origin.file === a.origin.file
        : a.context !== "env file" && x.origin.file === a.origin.file && unitOf(model, x) === mine);
}
/** The compose service, container, image or ConfigMap a deployment-file assignment belongs to (none for .env). */
export function unitOf(model, a) {
    if (a.context === "env file")
        return undefined;
    return model.deploy.env.find((e) => e.variable === a.variable && e.location.file === a.origin.file && e.location.line === a.origin.line)?.unit;
}
/** The part of a path libpq will take literally although someone meant it expanded; undefined when there is none. */
export function unexpandedForm(value, loader) {
    const v = value.trim();
    // No shell stands between any of these and libpq: `~` stays a directory named "~".
    if (v.startsWith("~"))
        return "a leading ~";
    const powershell = /\$env:[A-Za-z_][A-Za-z0-9_]*/i.exec(v);
    if (powershell)
        return `PowerShell's ${powershell[0]}`;
    const cmd = /%[A-Za-z_][A-Za-z0-9_()]*%/.exec(v);
    if (cmd)
        return `cmd's ${cmd[0]}`;
    if (loader === "interpolating")
        return undefined;
    const rest = loader === "kubernetes" ? v.replace(/\$\([A-Za-z_][A-Za-z0-9_]*\)/g, "") : v;
    const dollar = /\$\{[^}]*\}?|\$[A-Za-z_][A-Za-z0-9_]*|\$\S?/.exec(rest);
    return dollar ? dollar[0] : undefined;
}
/**
 * The PG* variables for the channel parameters other than sslmode and sslrootcert (which the settings reader puts
 * on each alias) as the tree's environments set them (env files, Dockerfile ENV, compose, Kubernetes): libpq reads
 * PGSSLNEGOTIATION, PGCHANNELBINDING and PGREQUIREAUTH as it reads PGSSLMODE. The first assignment of each wins.
 */
export function channelEnvironment(model) {
    const wanted = new Set(Object.values(CHANNEL_PARAMETERS).filter((v) => v !== "PGSSLMODE" && v !== "PGSSLROOTCERT"));
    const out = {};
    for (const a of envAssignments(model))
        if (wanted.has(a.variable) && !(a.variable in out))
            out[a.variable] = a.value;
    return out;
}
/**
 * The grade of an sslmode (a service section's, a pooler's upstream leg's), as WW101–WW104 grade it:
 * undefined for verify-full (WW105 judges its root file) and for a value libpq does not know (it refuses to
 * connect; WW000 says the channel is unknown).
 */
export function sslmodeGrade(mode) {
    switch (mode) {
        case "disable":
            return {
                severity: "critical",
                risk: "libpq never uses TLS: credentials and queries cross the network readable and alterable",
            };
        case "allow":
            return {
                severity: "critical",
                risk: "libpq tries plaintext first and uses TLS only if the server insists: credentials and queries cross the network readable and alterable",
            };
        case "prefer":
            return {
                severity: "high",
                risk: "an attacker who answers 'N' to the TLS request gets the password and every query in plaintext",
            };
        case "require":
            return {
                severity: "high",
                risk: "traffic is encrypted, but libpq checks the chain only against a root file that exists where the app runs and never the host name; without one an attacker with any certificate receives the password",
            };
        case "verify-ca":
            return {
                severity: "medium",
                risk: "the chain is checked but not the host name, so any certificate the same CA issued (another node, another service) can impersonate the database",
            };
        default:
            return undefined;
    }
}
//# sourceMappingURL=libpq-helpers.js.map