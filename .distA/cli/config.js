import { withOutputOptions } from "./common.js";
import { configFor, describeEffective } from "./effective-config.js";
/**
 * `wirewarden config [PATH]`: the configuration a scan of PATH would run with, each value with where it came from
 * (a flag, the file and line, or the default), in TOML that can be pasted into `[tool.wirewarden]`.
 */
export function registerConfig(program, io) {
    const cmd = program
        .command("config")
        .summary("print the configuration a scan of PATH would use, and where each value comes from")
        .description("Finds the configuration as `scan` does (.wirewarden.toml, or [tool.wirewarden] in pyproject.toml, from PATH " +
        "upwards, or --config FILE) and prints every key with its value and its source; keys not set are listed as " +
        "comments with what they do. The top level is scan's (and the keys every command shares); probe, prove " +
        "and fix each have their own table. A few flags have no key at all: a file in the repository being judged " +
        "must not be able to make wirewarden run code or write files.")
        .argument("[path]", "project directory", ".")
        .option("--config <file>", "the configuration file to read instead of the one found");
    withOutputOptions(cmd).action((path, flags) => {
        io.stdout(describeEffective(program, configFor(path, flags.config)));
    });
}
//# sourceMappingURL=config.js.map