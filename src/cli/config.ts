import type { Command } from "commander";
import { type Io, withOutputOptions } from "./common.js";
import { describeEffective, effective } from "./effective-config.js";

/**
 * `wirewarden config [PATH]`: the configuration a scan of PATH would run with, each value with where it came from
 * (a flag, the file and line, or the default), in TOML that can be pasted into `[tool.wirewarden]`.
 */
export function registerConfig(program: Command, io: Io): void {
  const cmd = program
    .command("config")
    .summary("print the configuration a scan of PATH would use, and where each value comes from")
    .description(
      "Finds the configuration as `scan` does (.wirewarden.toml, or [tool.wirewarden] in pyproject.toml, from PATH " +
        "upwards, or --config FILE) and prints every key with its value and its source; keys not set are listed as " +
        "comments with what they do. Flags given here override the file, as they would for `scan`.",
    )
    .argument("[path]", "project directory", ".")
    .option("--config <file>", "the configuration file to read instead of the one found");
  withOutputOptions(cmd).action((path: string, flags: { config?: string }, c: Command) => {
    io.stdout(describeEffective(effective(c, path, flags.config)));
  });
}
