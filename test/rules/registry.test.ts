/**
 * Which command runs a rule is declared once, in its catalog entry (issue 17): the registry builds each command's
 * rule list from the catalog and the files named after the ids. These hold it to that: every entry's commands are
 * implemented, each exactly once, and nothing runs that its entry does not name.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CATALOG, RULE_COMMANDS, type RuleMeta } from "../../src/core/catalog.js";
import { loadRules, rulesOf } from "../../src/rules/registry.js";
import { ruleFilesIn } from "../../src/rules/rule-files.js";

const PROBE_RULES = await rulesOf("probe");
const PROVE_RULES = await rulesOf("prove");
const SCAN_RULES = await rulesOf("scan");

const LISTS = { scan: SCAN_RULES, probe: PROBE_RULES, prove: PROVE_RULES } as const;

describe("the rule registry", () => {
  it.each(RULE_COMMANDS)("%s runs exactly the catalog entries that name it, in catalog order", (command) => {
    const ids = LISTS[command].map((r) => r.meta.id);
    expect(ids).toEqual(CATALOG.filter((r) => r.commands.includes(command)).map((r) => r.id));
    expect(LISTS[command].every((r) => r.model === command)).toBe(true);
  });

  it("every rule file is named after a catalog id and every implemented entry has a file", () => {
    const files = readdirSync(new URL("../../src/rules/", import.meta.url)).filter((f) =>
      /^ww\d{3}-/.test(f),
    );
    const ids = new Set(files.map((f) => f.slice(0, 5).toUpperCase()));
    expect([...ids].filter((id) => !CATALOG.some((r) => r.id === id))).toEqual([]);
    expect(CATALOG.filter((r) => r.commands.length > 0 && !ids.has(r.id)).map((r) => r.id)).toEqual([]);
  });

  it("the rules with a file half and a live half are the ones the catalog gives two commands", () => {
    expect(
      CATALOG.filter((r) => r.commands.length > 1).map((r) => `${r.id}:${r.commands.join("+")}`),
    ).toEqual(["WW000:scan+probe", "WW205:scan+probe"]);
    expect(SCAN_RULES.find((r) => r.meta.id === "WW205")).not.toBe(
      PROBE_RULES.find((r) => r.meta.id === "WW205"),
    );
  });

  it("loading twice gives the same rule objects (modules are loaded once)", async () => {
    const again = await loadRules("prove");
    expect(again).toEqual(PROVE_RULES);
    expect(again.every((r, i) => r === PROVE_RULES[i])).toBe(true);
  });
});

describe("a registry mistake is refused with its reason", () => {
  const meta = (id: string, commands: string[]) => ({
    id,
    name: "test-rule",
    severity: "low",
    cwe: null,
    owasp: null,
    category: "db-config",
    commands,
    description: "a test rule",
  });
  const ruleSource = (id: string, model: string) =>
    `export const r = { meta: { id: "${id}" }, model: "${model}", check: () => [] };\n`;
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "ww-registry-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const load = (command: "scan" | "probe", catalog: ReturnType<typeof meta>[]) =>
    loadRules(command, { catalog: catalog as unknown as RuleMeta[], files: ruleFilesIn(dir, ".ts") });

  it("loads the one implementation an entry names", async () => {
    writeFileSync(join(dir, "ww901-test-rule.ts"), ruleSource("WW901", "scan"));
    const rules = await load("scan", [meta("WW901", ["scan"])]);
    expect(rules.map((r) => r.meta.id)).toEqual(["WW901"]);
    expect(await load("probe", [meta("WW901", ["scan"])])).toEqual([]);
  });

  it.each([
    ["an entry without its file", {}, ["scan"], /WW901's catalog entry says scan runs it, but no scan rule/],
    [
      "a file for an id the catalog does not have",
      { "ww902-stray.ts": ruleSource("WW902", "scan") },
      ["scan"],
      /ww902-stray\.ts is named for WW902, which is not in the catalog/,
    ],
    [
      "an implementation for a command the entry does not name",
      { "ww901-test-rule.ts": ruleSource("WW901", "probe") },
      ["scan"],
      /WW901 has a probe implementation, but its catalog entry names only scan/,
    ],
    [
      "two implementations for one command (a stale file after a rename)",
      { "ww901-test-rule.ts": ruleSource("WW901", "scan"), "ww901-old-name.ts": ruleSource("WW901", "scan") },
      ["scan"],
      /but 2 scan rules are exported/,
    ],
    [
      "a file whose rule carries another id",
      { "ww901-test-rule.ts": ruleSource("WW903", "scan") },
      ["scan"],
      /a file named for WW901 exports a rule with the catalog entry of WW903/,
    ],
  ] as const)("%s", async (_name, files, commands, error) => {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    await expect(load("scan", [meta("WW901", [...commands])])).rejects.toThrow(error);
  });
});
