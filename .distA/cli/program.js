import { Command, CommanderError } from "commander";
import { redactSecrets } from "../core/redact.js";
import { UsageError } from "../engine/usage.js";
import { VERSION } from "../engine/version.js";
import { EXIT_ERROR, EXIT_INTERNAL } from "./common.js";
import { registerConfig } from "./config.js";
import { registerDoctor } from "./doctor.js";
import { registerFix } from "./fix.js";
import { registerMerge } from "./merge.js";
import { registerProbe } from "./probe.js";
import { registerProve } from "./prove.js";
import { registerRules } from "./rules.js";
import { registerScan } from "./scan.js";
import { registerTargets } from "./targets.js";
/** Runs the CLI with `argv` (without node and script); returns the exit code. Never throws. */
export async function runCli(argv, given) {
    // Everything said on stderr (progress, notes, errors quoting what the user typed) passes the one masking
    // function on its way out, as every report format does.
    const io = { ...given, stderr: (text) => given.stderr(redactSecrets(text)) };
    let exitCode = 0;
    const program = buildProgram(io, (code) => {
        exitCode = code;
    });
    const verbose = argv.includes("--verbose") || argv.includes("-v");
    try {
        await program.parseAsync([...argv], { from: "user" });
        return exitCode;
    }
    catch (e) {
        if (e instanceof CommanderError) {
            // --help and --version end here with exit code 0.
            return e.exitCode === 0 ? 0 : EXIT_ERROR;
        }
        if (e instanceof UsageError) {
            io.stderr(`wirewarden: ${e.message}\n`);
            return EXIT_ERROR;
        }
        const message = e instanceof Error ? e.message : String(e);
        io.stderr(`wirewarden: internal error: ${message}${verbose ? "" : " (run with --verbose for details)"}; this is a bug in wirewarden, please report it\n`);
        if (verbose && e instanceof Error && e.stack)
            io.stderr(`${e.stack}\n`);
        return EXIT_INTERNAL;
    }
}
/** Every command and its flags; `setExit` receives the exit code a command decides. */
export function buildProgram(io, setExit) {
    const program = new Command()
        .name("wirewarden")
        .description("Finds, proves and fixes man-in-the-middle exposure between Django and CockroachDB / PostgreSQL.\n" +
        "Start with `wirewarden scan .` in a Django repository.\n\n" +
        "Exit codes, for every command: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage error or " +
        "nothing analysed, 3 internal error (a bug: please report it).")
        // What a bug report needs first: the version, and the Node.js it runs on; the Python side takes a child process,
        // so it is doctor's.
        .version(`wirewarden ${VERSION}\nnode ${process.version} (${process.platform} ${process.arch})\n` +
        "Python, Django, driver and libpq for prove and --runtime: run `wirewarden doctor`", "-V, --version")
        .showHelpAfterError("(run with --help for usage)")
        .exitOverride()
        .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
    registerScan(program, io, setExit);
    registerProbe(program, io, setExit);
    registerProve(program, io, setExit);
    registerFix(program, io, setExit);
    registerRules(program, io, setExit);
    registerMerge(program, io, setExit);
    registerTargets(program, io, setExit);
    registerConfig(program, io);
    registerDoctor(program, io);
    return program;
}
//# sourceMappingURL=program.js.map