import { Option } from "commander";
import { CATALOG } from "../core/catalog.js";
import { formatRulesJson, formatRulesMarkdown, formatRulesText } from "../report/rules-list.js";
import { EXIT_OK } from "./common.js";
export function registerRules(program, io, setExit) {
    program
        .command("rules")
        .summary("list the rule catalog (id, name, severity, CWE, OWASP)")
        .addOption(new Option("-f, --format <format>", "output format")
        .choices(["text", "json", "markdown"])
        .default("text"))
        .option("--implemented", "only the rules this version checks (the catalog also lists rules of later commands)")
        .addHelpText("after", "\nExamples:\n  wirewarden rules --implemented\n  wirewarden rules --format markdown > RULES.md")
        .action((flags) => {
        // The catalog says which commands run each rule; the registry refuses an entry without its implementation.
        const rules = flags.implemented ? CATALOG.filter((r) => r.commands.length > 0) : CATALOG;
        const out = flags.format === "json"
            ? formatRulesJson(rules)
            : flags.format === "markdown"
                ? formatRulesMarkdown(rules)
                : formatRulesText(rules);
        io.stdout(out);
        setExit(EXIT_OK);
    });
}
//# sourceMappingURL=rules.js.map