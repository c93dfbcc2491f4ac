import { type Command, Option } from "commander";
import { CATALOG } from "../core/catalog.js";
import { formatRulesJson, formatRulesMarkdown, formatRulesText } from "../report/rules-list.js";
import { EXIT_OK, type Io } from "./common.js";

export function registerRules(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("rules")
    .summary("list the rule catalog (id, name, severity, CWE, OWASP)")
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices(["text", "json", "markdown"])
        .default("text"),
    )
    .action((flags: { format: string }) => {
      const out =
        flags.format === "json"
          ? formatRulesJson(CATALOG)
          : flags.format === "markdown"
            ? formatRulesMarkdown(CATALOG)
            : formatRulesText(CATALOG);
      io.stdout(out);
      setExit(EXIT_OK);
    });
}
