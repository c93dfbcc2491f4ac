import { writeFileSync } from "node:fs";
import { Option } from "commander";
import { DEFAULT_LIMITS, errorText } from "../core/files.js";
import { isSeverity } from "../core/severity.js";
import { parseEnvFile } from "../django/env-file.js";
import { readFlagFile, UsageError } from "../engine/usage.js";
import { FORMATS, formatReport } from "../report/index.js";
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;
/** A bug of wirewarden's own (not the user's input): the message asks for --verbose and a report. */
export const EXIT_INTERNAL = 3;
export function processIo() {
    return {
        stdout: (t) => process.stdout.write(t),
        stderr: (t) => process.stderr.write(t),
        stdoutIsTty: Boolean(process.stdout.isTTY),
        stderrIsTty: Boolean(process.stderr.isTTY),
        env: process.env,
    };
}
export function parseFailOn(value) {
    const v = value.toLowerCase();
    if (v === "none" || isSeverity(v))
        return v;
    throw new UsageError(`--fail-on must be one of critical, high, medium, low, info, none (got '${value}')`);
}
/** An env file is a few kilobytes; the scan's own limit for a file of the tree. */
const MAX_ENV_FILE_BYTES = DEFAULT_LIMITS.maxFileBytes;
/** The process environment with --env-file values over it (the later file wins). */
export function suppliedEnv(envFiles, processEnv) {
    const env = new Map();
    for (const [k, v] of Object.entries(processEnv))
        if (v !== undefined)
            env.set(k, v);
    for (const file of envFiles) {
        const text = readFlagFile(file, "--env-file", MAX_ENV_FILE_BYTES);
        for (const [k, entry] of parseEnvFile(text, file))
            env.set(k, entry.value);
    }
    return env;
}
export function writeOutput(io, output, text) {
    if (!output) {
        io.stdout(text);
        return;
    }
    try {
        writeFileSync(output, text);
    }
    catch (e) {
        throw new UsageError(`cannot write --output ${output}: ${errorText(e)}`);
    }
}
/** A one-line progress indicator on stderr, only on a terminal and never with --quiet. */
export function progress(io, quiet) {
    if (quiet || !io.stderrIsTty)
        return { update: () => { }, done: () => { } };
    let shown = false;
    return {
        update(m) {
            io.stderr(`\r\x1b[2K${m}…`);
            shown = true;
        },
        done() {
            if (shown)
                io.stderr("\r\x1b[2K");
        },
    };
}
export function useColor(io, noColor, tty) {
    return !noColor && tty && io.env.NO_COLOR === undefined && io.env.TERM !== "dumb";
}
/** `--format`, `--output`, `--fail-on`, `--baseline`, `--write-baseline`: first in each command's help. */
export function withReportOptions(cmd) {
    return cmd
        .addOption(new Option("-f, --format <format>", "report format").choices([...FORMATS]).default("text"))
        .option("-o, --output <file>", "write the report to FILE (a text summary still goes to stderr)")
        .option("--fail-on <severity>", "exit 1 when a finding is at or above it: critical|high|medium|low|info|none", "high")
        .option("--baseline <file>", "leave out the findings recorded in FILE (by --write-baseline): only new ones are reported and graded")
        .option("--write-baseline <file>", "record every finding of this run in FILE (JSON, no secrets)");
}
/** `--config FILE`, for every command that reads the configuration file (src/cli/config-file.ts). */
export function withConfigOption(cmd) {
    return cmd.option("--config <file>", "the configuration file (default: .wirewarden.toml, or [tool.wirewarden] in pyproject.toml, found from the project upwards)");
}
/** `--quiet`, `--verbose`, `--no-color`: last in each command's help. */
export function withOutputOptions(cmd) {
    return cmd
        .option("-q, --quiet", "no progress and no summary on stderr")
        .option("-v, --verbose", "more detail; stack traces on internal errors")
        .option("--no-color", "no colours in text output");
}
/** Formats the report as the flags ask and writes it to --output or stdout (colours only on a terminal). */
export function writeReport(io, report, flags) {
    const toTerminal = !flags.output && flags.format === "text";
    writeOutput(io, flags.output, formatReport(report, flags.format, {
        color: useColor(io, !flags.color, toTerminal ? io.stdoutIsTty : false),
        verbose: Boolean(flags.verbose),
        failOn: parseFailOn(flags.failOn),
        sarifPerModule: Boolean(flags.sarifPerModule),
    }));
}
/** An integer flag within bounds, or a usage error that names the flag. */
export function intFlag(text, flag, min, max) {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max)
        throw new UsageError(`${flag} must be an integer from ${min} to ${max} (got '${text}')`);
    return n;
}
/** commander's accumulator for repeatable flags (--env-file, --alias). */
export function collect(value, previous) {
    return [...previous, value];
}
//# sourceMappingURL=common.js.map