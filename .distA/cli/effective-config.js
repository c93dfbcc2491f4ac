/**
 * The values a command runs with: each from the command line when it was given there, else from the configuration
 * file (the command's table, else the top level), else the flag's default; and where each came from, for
 * `wirewarden config`. The file's values are set on commander's options with the source "config", so every command
 * reads its flags one way whether they were typed or configured.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { anyGlob } from "../core/glob.js";
import { UsageError } from "../engine/usage.js";
import { COMMAND_LINE_ONLY, COMMANDS, configValue, findConfigFile, keysFor, loadConfig, SCAN_KEYS, SHARED_KEYS, } from "./config-file.js";
/** `--exclude-tests`: what test code looks like in Django repositories (pytest, unittest, e2e suites, fixtures). */
export const TEST_GLOBS = [
    "tests/",
    "test/",
    "test_*.py",
    "*_test.py",
    "*_tests.py",
    "tests.py",
    "unittests.py",
    "conftest.py",
    "e2e/",
    "fixtures/",
    "testing/",
];
/** Commander's attribute for a key's flag (`min-severity` → `minSeverity`, `color` for `--no-color`). */
const attribute = (key) => key.replace(/-([a-z])/g, (_m, c) => c.toUpperCase());
/** The configuration for a run on `path`: `--config FILE`, else the file found from `path` upwards, else none. */
export function configFor(path, explicit) {
    if (explicit !== undefined) {
        const file = resolve(explicit);
        if (!existsSync(file))
            throw new UsageError(`--config ${explicit}: no such file`);
        return loadConfig(file);
    }
    const found = findConfigFile(path);
    return found ? loadConfig(found.file, found.text) : undefined;
}
/** The value a flag takes from a configuration value (numbers as the text the flag would have been typed as). */
function asOptionValue(spec, value) {
    if (spec.kind === "integer")
        return String(value);
    if (spec.commaJoined && Array.isArray(value))
        return value.join(",");
    return value;
}
/**
 * Sets each of `cmd`'s options the command line left alone from the configuration for `path`, and returns the
 * configuration (for the keys no flag carries, such as per-file-ignores).
 */
export function applyConfig(cmd, command, path, explicit) {
    const config = configFor(path, explicit);
    if (!config)
        return undefined;
    for (const [key, spec] of Object.entries(keysFor(command))) {
        const attr = attribute(key);
        if (!cmd.options.some((o) => o.attributeName() === attr))
            continue;
        if (cmd.getOptionValueSource(attr) === "cli")
            continue;
        const found = configValue(config, command, key);
        if (found)
            cmd.setOptionValueWithSource(attr, asOptionValue(spec, found.value), "config");
    }
    return config;
}
/** `--exclude` and `--exclude-tests` as the walk's one matcher, or undefined when neither leaves anything out. */
export function excludeOf(flags) {
    const globs = [...flags.exclude, ...(flags.excludeTests ? TEST_GLOBS : [])];
    return globs.length > 0 ? anyGlob(globs) : undefined;
}
/** `--select`, `--ignore`, `--min-severity` (and a configuration's per-file-ignores) as applySelection reads them. */
export function selectionOf(flags, perFileIgnores) {
    return {
        select: ruleList(flags.select),
        ignore: ruleList(flags.ignore),
        ...(perFileIgnores ? { perFileIgnores } : {}),
        ...(flags.minSeverity ? { minSeverity: flags.minSeverity } : {}),
    };
}
/** `--select WW1,WW3 --select WW401`: ids and prefixes, however they were split. */
export function ruleList(values) {
    return (values ?? [])
        .flatMap((v) => v.split(","))
        .map((v) => v.trim())
        .filter(Boolean);
}
/**
 * `wirewarden config`: per table, one line per key, `key = value  # source` (the file and line, or "default"), in
 * TOML a user can paste; keys not set are comments saying what they do.
 */
export function describeEffective(program, config) {
    const out = [
        config
            ? `# configuration file: ${config.file}`
            : "# no configuration file found (.wirewarden.toml, or [tool.wirewarden] in pyproject.toml)",
    ];
    const option = (command, key) => program.commands
        .find((c) => c.name() === command)
        ?.options.find((o) => o.attributeName() === attribute(key));
    const line = (command, key, spec) => {
        const found = config ? configValue(config, command, key) : undefined;
        if (found)
            return `${key} = ${toml(found.value)}  # ${found.where}`;
        const flag = option(command, key);
        // A --no-x flag's x is true until it is given.
        const fallback = flag?.negate ? true : flag?.defaultValue;
        if (fallback !== undefined && !(Array.isArray(fallback) && fallback.length === 0))
            return `${key} = ${toml(configForm(spec, fallback))}  # default`;
        return `# ${key} (not set): ${spec.description}`;
    };
    out.push("", "# [tool.wirewarden]: scan's keys, and the shared ones every command with the flag reads");
    for (const [key, spec] of Object.entries({ ...SHARED_KEYS, ...SCAN_KEYS }))
        out.push(line("scan", key, spec));
    for (const command of COMMANDS.filter((c) => c !== "scan")) {
        out.push("", `# [tool.wirewarden.${command}]`);
        const keys = keysFor(command);
        for (const [key, spec] of Object.entries(keys)) {
            // A shared key shows under a command only when its table sets it: the top level already said the rest.
            if (key in SHARED_KEYS && config?.sections[command]?.[key] === undefined)
                continue;
            out.push(line(command, key, spec));
        }
    }
    out.push("", `# command line only (a file in the scanned repository must not decide these): ${Object.keys(COMMAND_LINE_ONLY)
        .map((k) => `--${k}`)
        .join(", ")}`);
    return `${out.join("\n")}\n`;
}
/** A flag's default as the configuration writes it: integers as numbers, comma lists as lists. */
function configForm(spec, value) {
    if (spec.kind === "integer")
        return Number(value);
    if (spec.commaJoined && typeof value === "string")
        return value.split(",");
    return value;
}
function toml(v) {
    if (Array.isArray(v))
        return `[${v.map((x) => JSON.stringify(x)).join(", ")}]`;
    if (typeof v === "object" && v !== null)
        return `{ ${Object.entries(v)
            .map(([k, x]) => `${JSON.stringify(k)} = ${toml(x)}`)
            .join(", ")} }`;
    return JSON.stringify(v);
}
//# sourceMappingURL=effective-config.js.map