import { UsageError } from "../engine/usage.js";
import { collect, EXIT_FINDINGS, EXIT_OK, progress, suppliedEnv, withConfigOption, withOutputOptions, writeOutput, } from "./common.js";
import { applyConfig } from "./effective-config.js";
/** Where the root certificate is looked for when DB_SSLROOTCERT is not set and --root-cert is not given. */
export const DEFAULT_ROOT_CERT = "/etc/ssl/certs/db-root-ca.crt";
export function registerFix(program, io, setExit) {
    const cmd = program
        .command("fix")
        .summary("rewrite the settings so every database alias uses verify-full with an explicit root certificate")
        .description("Rewrites the settings modules that define each network database alias so that it connects with " +
        "sslmode=verify-full and an explicit sslrootcert (read from the DB_SSLROOTCERT env var, falling back to " +
        "--root-cert), changing nothing else: comments, quotes, layout and order stay as they are. The module that " +
        "defines a value is edited (base.py of a split settings package), not the one that imports it. Without " +
        "--write it prints a unified diff; with --write it applies it (each file replaced atomically, and only if " +
        "it did not change since it was read).")
        .argument("[path]", "project directory", ".")
        .option("--settings <module>", "the settings module to treat as production")
        .option("--env-file <file>", "values for env vars the settings read (repeatable)", collect, [])
        .option("--root-cert <path>", "root certificate path written as the fallback of DB_SSLROOTCERT", DEFAULT_ROOT_CERT)
        .option("--client-cert <path>", "also set sslcert (DB_SSLCERT, falling back to this path)")
        .option("--client-key <path>", "also set sslkey (DB_SSLKEY, falling back to this path)")
        .option("--write", "apply the changes instead of printing the diff")
        .option("-o, --output <file>", "write the diff to FILE instead of stdout");
    withConfigOption(cmd);
    withOutputOptions(cmd)
        .addHelpText("after", "\nExamples:\n" +
        "  wirewarden fix .                                     # show the diff; exit 1 if anything needs fixing\n" +
        "  wirewarden fix . --root-cert /etc/ssl/certs/crdb-ca.crt --write\n" +
        "  wirewarden fix . --client-cert certs/client.app.crt --client-key certs/client.app.key\n\n" +
        "What it handles: a literal OPTIONS dict (keys changed or added), an alias without OPTIONS (added), sslmode\n" +
        "from an env read with a weak default (the default changed), dj_database_url.config/parse(...,\n" +
        "ssl_require=True) and environ.Env.db (ssl_require dropped, OPTIONS set after the call), a URL literal\n" +
        "with ?sslmode=require (made verify-full), replicas, split settings. Anything else is left alone with\n" +
        "the reason on stderr.\n" +
        "Exit codes: 0 nothing to fix (or all fixed with --write), 1 something to fix (or left unfixed), 2 usage error,\n" +
        "3 internal error (a bug in wirewarden).")
        .action(async (path, given, cmd) => {
        applyConfig(cmd, "fix", path, given.config);
        const flags = cmd.opts();
        if (Boolean(flags.clientCert) !== Boolean(flags.clientKey))
            throw new UsageError("--client-cert and --client-key go together");
        const bar = progress(io, Boolean(flags.quiet));
        const { fixProject } = await import("../engine/fix.js");
        const result = await fixProject(path, {
            env: suppliedEnv(flags.envFile, io.env),
            ...(flags.settings ? { settingsModule: flags.settings } : {}),
            rootCert: flags.rootCert,
            ...(flags.clientCert ? { clientCert: flags.clientCert } : {}),
            ...(flags.clientKey ? { clientKey: flags.clientKey } : {}),
            write: Boolean(flags.write),
            onProgress: bar.update,
        });
        bar.done();
        const diff = result.changes.map((c) => c.diff).join("");
        if (!flags.write && (diff || flags.output))
            writeOutput(io, flags.output, diff);
        const refused = result.aliases.filter((a) => !a.fixed);
        const unwritten = result.changes.filter((c) => c.notWritten);
        if (!flags.quiet) {
            for (const a of result.aliases)
                io.stderr(`${a.fixed ? (flags.write ? "fixed" : "to fix") : "not fixed"}: ${a.module} '${a.alias}' (${a.file}:${a.line}): ${a.summary}\n`);
            for (const c of unwritten)
                io.stderr(`not written: ${c.file}: ${c.notWritten}\n`);
            const fixable = result.aliases.length - refused.length;
            io.stderr(result.aliases.length === 0
                ? `wirewarden fix ${path}: nothing to fix (${result.modules.length} settings module(s))\n`
                : `wirewarden fix ${path}: ${fixable} alias(es) ${flags.write ? "fixed" : "to fix"} in ${result.changes.length} file(s)` +
                    `${refused.length > 0 ? `, ${refused.length} left alone (reasons above)` : ""}` +
                    `${!flags.write && fixable > 0 ? "; run again with --write to apply" : ""}` +
                    `${flags.rootCert === DEFAULT_ROOT_CERT && fixable > 0 ? `; the root certificate falls back to ${DEFAULT_ROOT_CERT} (set DB_SSLROOTCERT or pass --root-cert)` : ""}\n`);
        }
        const pending = flags.write ? refused.length > 0 || unwritten.length > 0 : result.aliases.length > 0;
        setExit(pending ? EXIT_FINDINGS : EXIT_OK);
    });
}
//# sourceMappingURL=fix.js.map