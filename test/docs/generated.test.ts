/**
 * The generated reference pages match what generates them: docs/rules.md the catalog, docs/configuration.md the
 * configuration's key tables. A change to either without `npm run docs` fails here, naming the page.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMAND_KEYS, COMMAND_LINE_ONLY, SHARED_KEYS } from "../../src/cli/config-file.js";
import { configReference } from "../../src/cli/config-reference.js";
import { CATALOG } from "../../src/core/catalog.js";
import { formatRulesReference } from "../../src/report/rules-list.js";
import { REPO } from "../helpers/cli.js";

describe("generated pages", () => {
  it.each([
    ["docs/rules.md", () => formatRulesReference(CATALOG)],
    ["docs/configuration.md", () => configReference()],
  ])("%s is what `npm run docs` writes", (page, generate) => {
    const text = readFileSync(join(REPO, page), "utf8");
    expect(text, `${page} is stale: run \`npm run docs\``).toBe(generate());
  });

  it("the rules page lists every rule id once, and the configuration page every key and every command-line-only flag", () => {
    const rules = readFileSync(join(REPO, "docs/rules.md"), "utf8");
    for (const r of CATALOG) expect(rules.match(new RegExp(`^\\| ${r.id} \\|`, "gm"))?.length, r.id).toBe(1);
    const config = readFileSync(join(REPO, "docs/configuration.md"), "utf8");
    const keys = [...Object.keys(SHARED_KEYS), ...Object.values(COMMAND_KEYS).flatMap((k) => Object.keys(k))];
    for (const key of keys) expect(config, key).toContain(`| \`${key}\` |`);
    for (const flag of Object.keys(COMMAND_LINE_ONLY)) expect(config, flag).toContain(`| \`--${flag}\` |`);
  });
});

describe("the release the docs pin", () => {
  const version = (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string })
    .version;

  it("CHANGELOG.md has the package version's section, and ci.md pins its tag for the Action and pre-commit", () => {
    const changelog = readFileSync(join(REPO, "CHANGELOG.md"), "utf8");
    expect(changelog).toMatch(
      new RegExp(
        `^## ${version.replace(/\./g, "\\.")} — \\d{4}-\\d{2}-\\d{2} \\(tag \`v${version}\`\\)`,
        "m",
      ),
    );
    const ci = readFileSync(join(REPO, "docs", "ci.md"), "utf8");
    expect(ci).toContain(`wirewarden/wirewarden@v${version}`);
    expect(ci).toContain(`rev: v${version}`);
  });
});
