/**
 * The configuration file: `[tool.wirewarden]` in `pyproject.toml` or the top level of `.wirewarden.toml`, found by
 * walking up from the scanned path (the first directory that has one decides; `.wirewarden.toml` before
 * `pyproject.toml`), or named with `--config FILE`. The top level holds scan's keys and the ones every command
 * shares; `[tool.wirewarden.probe]`, `.prove` and `.fix` hold those commands' own. Every key has a flag, and a flag
 * given on the command line wins; the flags that would let the scanned repository run code or write files have no
 * key (COMMAND_LINE_ONLY). The file is read as hostile input: bounded in size, parsed by a TOML parser, every key
 * and type checked, and an unknown key is an error that names the closest known one.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { parse } from "smol-toml";
import { UsageError } from "../engine/usage.js";
import { ATTACKS } from "../mitm/model.js";
/** A configuration file is a few hundred bytes; a megabyte is not one. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
const SEVERITY_WORDS = ["critical", "high", "medium", "low", "info"];
/** The commands that read the configuration, each with its own table besides the top level. */
export const COMMANDS = ["scan", "probe", "prove", "fix"];
const FORMAT_CHOICES = ["text", "json", "sarif", "html", "markdown", "junit"];
/** The ranges of the integer flags, which the commands check with the same numbers. */
export const RANGES = {
    timeout: [100, 600_000],
    concurrency: [1, 1024],
    perHost: [0, 1024],
    rate: [0, 100_000],
    port: [1, 65535],
    proxyPort: [0, 65535],
};
/**
 * Keys that mean the same for every command with the flag: set at the top level they apply to each of them, set in
 * a command's table to that command only.
 */
export const SHARED_KEYS = {
    settings: { kind: "string", flag: "--settings", description: "the settings module to treat as production" },
    "env-file": {
        kind: "paths",
        flag: "--env-file",
        description: "env files with the values production supplies (relative to the configuration file)",
    },
    "fail-on": {
        kind: "fail-on",
        flag: "--fail-on",
        description: "exit 1 when a finding is at or above it (scan, probe, prove)",
    },
    quiet: { kind: "boolean", flag: "--quiet", description: "no progress and no summary on stderr" },
    verbose: {
        kind: "boolean",
        flag: "--verbose",
        description: "more detail; stack traces on internal errors",
    },
    color: { kind: "boolean", flag: "--no-color", description: "false: no colours in text output" },
};
const format = (command) => ({
    kind: "choice",
    flag: "--format",
    choices: FORMAT_CHOICES,
    description: `${command}'s report format`,
});
const baseline = (command) => ({
    kind: "path",
    flag: "--baseline",
    description: `a baseline file of ${command}'s: its findings are not reported (relative to the configuration file)`,
});
/** scan's keys: at the top level (the scan is the main job). */
export const SCAN_KEYS = {
    format: format("scan"),
    baseline: baseline("scan"),
    targets: {
        kind: "path",
        flag: "--targets",
        description: "a fleet run: a file of project paths, one per line (relative to the configuration file; docs/fleet.md)",
    },
    "sarif-per-module": {
        kind: "boolean",
        flag: "--sarif-per-module",
        description: "SARIF with one run per settings module, each its own code-scanning category",
    },
    exclude: {
        kind: "strings",
        flag: "--exclude",
        description: "globs of paths to leave out of the scan (.gitignore style, relative to the scanned directory)",
    },
    "exclude-tests": {
        kind: "boolean",
        flag: "--exclude-tests",
        description: "leave out test code: tests/, test_*.py, *_tests.py, conftest.py, e2e/, fixtures/",
    },
    select: {
        kind: "strings",
        flag: "--select",
        description: "report only these rule ids or prefixes (WW1, WW301)",
    },
    ignore: { kind: "strings", flag: "--ignore", description: "never report these rule ids or prefixes" },
    "per-file-ignores": {
        kind: "table-of-strings",
        flag: "(configuration only)",
        description: "glob → rule ids or prefixes not reported for findings in matching files",
    },
    "diff-base": {
        kind: "string",
        flag: "--diff-base",
        description: "report only findings on lines changed since this git ref (pull-request mode)",
    },
    "min-severity": {
        kind: "severity",
        flag: "--min-severity",
        description: "leave findings below this severity out of the report (--fail-on still counts them)",
    },
    "report-unused-ignores": {
        kind: "boolean",
        flag: "--report-unused-ignores",
        description: "say which `# wirewarden: ignore[…]` comments suppress nothing",
    },
};
/** `[tool.wirewarden.probe]`. */
export const PROBE_KEYS = {
    format: format("probe"),
    baseline: baseline("probe"),
    ca: {
        kind: "path",
        flag: "--ca",
        description: "CA bundle (PEM) the clients trust (relative to the configuration file); default: the system store",
    },
    timeout: {
        kind: "integer",
        flag: "--timeout",
        range: RANGES.timeout,
        description: "each endpoint's deadline in milliseconds",
    },
    concurrency: {
        kind: "integer",
        flag: "--concurrency",
        range: RANGES.concurrency,
        description: "endpoints probed in parallel",
    },
    targets: {
        kind: "path",
        flag: "--targets",
        description: "a file of targets, one per line (relative to the configuration file)",
    },
    "per-host": {
        kind: "integer",
        flag: "--per-host",
        range: RANGES.perHost,
        description: "at most this many connections open to one host at a time (0: no cap)",
    },
    rate: {
        kind: "integer",
        flag: "--rate",
        range: RANGES.rate,
        description: "at most this many new connections a second, all hosts together (0: no limit)",
    },
    "from-scan": {
        kind: "path",
        flag: "--from-scan",
        description: "probe every database host:port scan finds in this project (relative to the configuration file)",
    },
    legacy: {
        kind: "boolean",
        flag: "--no-legacy",
        description: "false: skip the SSLv3/TLS 1.0/1.1 and weak cipher suite attempts",
    },
    "http-port": {
        kind: "integer",
        flag: "--http-port",
        range: RANGES.port,
        description: "plain-HTTP port of an https:// origin given alone",
    },
    "https-port": {
        kind: "integer",
        flag: "--https-port",
        range: RANGES.port,
        description: "HTTPS port of an http:// origin given alone",
    },
    "console-port": {
        kind: "integer",
        flag: "--console-port",
        range: RANGES.port,
        description: "CockroachDB DB Console port checked beside each database target",
    },
    console: {
        kind: "boolean",
        flag: "--no-console",
        description: "false: do not check the DB Console beside database targets",
    },
    "follow-other-hosts": {
        kind: "boolean",
        flag: "--follow-other-hosts",
        description: "follow HTTP redirects to other hosts",
    },
};
/** `[tool.wirewarden.prove]`. */
export const PROVE_KEYS = {
    format: format("prove"),
    baseline: baseline("prove"),
    alias: { kind: "strings", flag: "--alias", description: "database aliases to attack (default: every one)" },
    dsn: {
        kind: "string",
        flag: "--dsn",
        description: "attack a libpq connection string instead of the project",
    },
    client: { kind: "choice", flag: "--client", choices: ["psql"], description: "client for dsn" },
    upstream: {
        kind: "string",
        flag: "--upstream",
        description: "host:port of the real server to relay to over verified TLS",
    },
    ca: {
        kind: "path",
        flag: "--ca",
        description: "the CA the client trusts (relative to the configuration file)",
    },
    "ca-key": {
        kind: "path",
        flag: "--ca-key",
        description: "private key of ca (a lab CA): enables wrong-host (relative to the configuration file)",
    },
    attacks: {
        kind: "strings",
        flag: "--attacks",
        commaJoined: true,
        choices: ATTACKS,
        description: "the attacks to run",
    },
    "proxy-port": {
        kind: "integer",
        flag: "--proxy-port",
        range: RANGES.proxyPort,
        description: "first proxy port; 0 for any free one",
    },
    timeout: {
        kind: "integer",
        flag: "--timeout",
        range: RANGES.timeout,
        description: "per-connection timeout in milliseconds",
    },
};
/** `[tool.wirewarden.fix]`. */
export const FIX_KEYS = {
    "root-cert": {
        kind: "string",
        flag: "--root-cert",
        description: "root certificate path written as the fallback of DB_SSLROOTCERT (a path on the server, as written)",
    },
    "client-cert": { kind: "string", flag: "--client-cert", description: "also set sslcert to this path" },
    "client-key": { kind: "string", flag: "--client-key", description: "also set sslkey to this path" },
};
export const COMMAND_KEYS = {
    scan: SCAN_KEYS,
    probe: PROBE_KEYS,
    prove: PROVE_KEYS,
    fix: FIX_KEYS,
};
/** The shared keys each command has a flag for. */
const SHARED_FOR = {
    scan: ["settings", "env-file", "fail-on", "quiet", "verbose", "color"],
    probe: ["settings", "env-file", "fail-on", "quiet", "verbose", "color"],
    prove: ["settings", "env-file", "fail-on", "quiet", "verbose", "color"],
    fix: ["settings", "env-file", "quiet", "verbose", "color"],
};
/** Every key a command reads, shared ones first. */
export function keysFor(command) {
    const shared = Object.fromEntries(SHARED_FOR[command].map((k) => [k, SHARED_KEYS[k]]));
    return { ...shared, ...COMMAND_KEYS[command] };
}
/**
 * Flags no configuration file may set. The file lives in the repository being judged, and a repository must not be
 * able to make wirewarden run its code, write files, or open its attacker proxy beyond loopback: those stay a
 * decision of whoever types the command.
 */
export const COMMAND_LINE_ONLY = {
    config: "it names the configuration file itself",
    runtime: "it runs the project's settings code",
    python: "it names a program wirewarden runs",
    output: "it writes a file wherever it points",
    "write-baseline": "it writes a file wherever it points",
    write: "it rewrites the project's files",
    listen: "it can bind the attacker proxy beyond loopback",
    shard: "it names one worker's share of a fleet run, not a property of the project",
};
/** The value a command runs with for `key` from the file (its table, else the top level), and where it was set. */
export function configValue(config, command, key) {
    const own = config.sections[command]?.[key];
    const inTable = own !== undefined;
    const topLevel = command === "scan" || key in SHARED_KEYS;
    const value = inTable ? own : topLevel ? config.values[key] : undefined;
    if (value === undefined)
        return undefined;
    const line = config.lines[inTable ? `${command}.${key}` : key];
    return { value, where: `${config.file}${line ? `:${line}` : ""}` };
}
/**
 * The configuration file that applies to `start` (a file or directory; undefined when none), and its text when
 * finding it already meant reading it (a pyproject.toml is read to see whether it has the table; loadConfig then
 * parses that text instead of reading it again).
 */
export function findConfigFile(start) {
    let dir = resolve(start);
    try {
        if (!statSync(dir).isDirectory())
            dir = dirname(dir);
    }
    catch {
        return undefined;
    }
    for (;;) {
        const own = join(dir, ".wirewarden.toml");
        if (existsSync(own))
            return { file: own };
        const pyproject = join(dir, "pyproject.toml");
        const text = existsSync(pyproject) ? withToolTable(pyproject) : undefined;
        if (text !== undefined)
            return { file: pyproject, text };
        const up = dirname(dir);
        if (up === dir)
            return undefined;
        dir = up;
    }
}
/**
 * A cheap look before parsing: a pyproject.toml without the table is not wirewarden's configuration. Its text when it
 * has the table; undefined when it has not, or is too large or unreadable (then not taken as configuration).
 */
function withToolTable(file) {
    try {
        if (statSync(file).size > MAX_CONFIG_BYTES)
            return undefined;
        const text = readFileSync(file, "utf8");
        return /^\s*\[\s*tool\s*\.\s*wirewarden\s*[\].]/m.test(text) ? text : undefined;
    }
    catch {
        return undefined;
    }
}
/** Reads and checks a configuration file; `known` is its text when the caller already read it (bounded). */
export function loadConfig(file, known) {
    let text;
    try {
        const size = known === undefined ? statSync(file).size : Buffer.byteLength(known);
        if (size > MAX_CONFIG_BYTES)
            throw new UsageError(`${file}: ${size} bytes is too large for a configuration file`);
        text = known ?? readFileSync(file, "utf8");
    }
    catch (e) {
        if (e instanceof UsageError)
            throw e;
        throw new UsageError(`cannot read the configuration file ${file}: ${e.message}`);
    }
    let doc;
    try {
        doc = parse(text);
    }
    catch (e) {
        throw new UsageError(`${file} is not valid TOML: ${e.message.split("\n")[0]}`);
    }
    const isPyproject = basename(file) === "pyproject.toml";
    const tool = doc.tool?.wirewarden;
    const table = isPyproject || tool !== undefined ? tool : doc;
    if (table === undefined)
        return { file, values: {}, sections: {}, lines: {} };
    if (!isPlainObject(table))
        throw new UsageError(`${file}: [tool.wirewarden] must be a table`);
    const base = dirname(file);
    const lines = keyLines(text, isPyproject);
    const top = { ...SHARED_KEYS, ...SCAN_KEYS };
    const values = {};
    const sections = {};
    for (const [key, value] of Object.entries(table)) {
        if (COMMANDS.includes(key) && key !== "scan") {
            const command = key;
            if (!isPlainObject(value))
                throw new UsageError(`${file}: '${key}' must be a table ([tool.wirewarden.${key}])`);
            const known = keysFor(command);
            const section = {};
            for (const [k, v] of Object.entries(value)) {
                const spec = known[k];
                if (!spec)
                    throw unknownKey(file, `${command}.${k}`, k, known, command);
                section[k] = checked(file, `${command}.${k}`, spec, v, base);
            }
            sections[command] = section;
            continue;
        }
        const spec = top[key];
        if (!spec)
            throw unknownKey(file, key, key, top, undefined);
        values[key] = checked(file, key, spec, value, base);
    }
    return { file, values, sections, lines };
}
/** A key the table does not have: a command-line-only flag, another table's key, or a typo (with a suggestion). */
function unknownKey(file, where, key, known, command) {
    const table = command ? `[tool.wirewarden.${command}]` : "the top level";
    if (key === "scan" && !command)
        return new UsageError(`${file}: scan's keys go at the top level of [tool.wirewarden], not in a 'scan' table`);
    const reason = COMMAND_LINE_ONLY[key];
    if (reason)
        return new UsageError(`${file}: '${where}' can only be given on the command line (--${key}): ${reason}, and a file in the scanned repository must not decide that`);
    const owners = COMMANDS.filter((c) => c !== command && key in COMMAND_KEYS[c] && !(key in known));
    if (owners.length > 0)
        return new UsageError(`${file}: '${key}' is not a key of ${table}; it belongs in ${owners.map((c) => (c === "scan" ? "the top level" : `[tool.wirewarden.${c}]`)).join(" or ")}`);
    const near = closest(key, Object.keys(known));
    return new UsageError(`${file}: unknown key '${where}'${near ? ` (did you mean '${near}'?)` : ""}; the keys of ${table} are ${Object.keys(known).join(", ")}`);
}
function checked(file, key, spec, value, base) {
    const fail = (want) => new UsageError(`${file}: '${key}' must be ${want}, not ${JSON.stringify(value)?.slice(0, 80)}`);
    const strings = (v) => Array.isArray(v) && v.every((x) => typeof x === "string");
    switch (spec.kind) {
        case "string":
            if (typeof value !== "string")
                throw fail("a string");
            return value;
        case "path":
            if (typeof value !== "string")
                throw fail("a string (a path)");
            return resolve(base, value);
        case "boolean":
            if (typeof value !== "boolean")
                throw fail("true or false");
            return value;
        case "integer": {
            const [min, max] = spec.range ?? [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
            if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max)
                throw fail(`an integer from ${min} to ${max}`);
            return value;
        }
        case "choice":
            if (typeof value !== "string" || !spec.choices?.includes(value))
                throw fail(`one of ${(spec.choices ?? []).join("|")}`);
            return value;
        case "strings":
            if (!strings(value))
                throw fail("a list of strings");
            if (spec.choices && !value.every((v) => spec.choices?.includes(v)))
                throw fail(`a list of ${spec.choices.join("|")}`);
            return [...value];
        case "paths":
            if (typeof value === "string")
                return [resolve(base, value)];
            if (!strings(value))
                throw fail("a path or a list of paths");
            return value.map((p) => resolve(base, p));
        case "severity":
            if (typeof value !== "string" || !SEVERITY_WORDS.includes(value))
                throw fail(SEVERITY_WORDS.join("|"));
            return value;
        case "fail-on":
            if (typeof value !== "string" || ![...SEVERITY_WORDS, "none"].includes(value))
                throw fail(`${SEVERITY_WORDS.join("|")}|none`);
            return value;
        case "table-of-strings": {
            if (!isPlainObject(value))
                throw fail('a table of glob = ["WW101", …]');
            const out = {};
            for (const [glob, ids] of Object.entries(value)) {
                if (!strings(ids))
                    throw fail(`a table whose values are lists of rule ids ('${glob}')`);
                out[glob] = [...ids];
            }
            return out;
        }
    }
}
function isPlainObject(v) {
    return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}
/**
 * The line each key is set on (1-based), as `key` or `probe.key`, read from the text (TOML parsers keep no
 * positions): the table a line belongs to is the last header above it; a table key's own line is its header.
 */
function keyLines(text, pyproject) {
    const out = {};
    // In pyproject.toml only [tool.wirewarden…] is ours; in .wirewarden.toml everything is.
    let table = pyproject ? undefined : [];
    const header = /^\s*\[\s*([^\]]+?)\s*\]\s*(#.*)?$/;
    const assignment = /^\s*("([^"]+)"|[A-Za-z0-9_-]+)\s*=/;
    text.split("\n").forEach((line, i) => {
        const h = header.exec(line);
        if (h) {
            const parts = h[1].split(".").map((p) => p.trim().replace(/^"|"$/g, ""));
            const ours = parts[0] === "tool" && parts[1] === "wirewarden";
            table = ours ? parts.slice(2) : pyproject ? undefined : parts;
            if (table && table.length > 0)
                out[table.join(".")] ??= i + 1;
            return;
        }
        const a = assignment.exec(line);
        if (!a || !table || table.length > 1)
            return;
        const key = (a[2] ?? a[1]);
        out[[...table, key].join(".")] ??= i + 1;
    });
    return out;
}
/** The known word nearest to `word` (edit distance ≤ 3), for "did you mean". */
export function closest(word, known) {
    let best;
    for (const w of known) {
        const d = distance(word.toLowerCase().replace(/_/g, "-"), w);
        if (d <= 3 && (!best || d < best.d))
            best = { w, d };
    }
    return best?.w;
}
function distance(a, b) {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let prev = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const cur = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
            prev = cur;
        }
    }
    return row[b.length];
}
//# sourceMappingURL=config-file.js.map