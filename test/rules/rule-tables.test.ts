/**
 * The rule kit's tables, run, and the ratchet that keeps them coming (issue 17, item 5): every rule a command
 * runs has a table with silent and reporting cases, or is on the list of rules whose table is still to be
 * written. That list may only shrink: a new rule without a table, or a rule with a table still on the list,
 * fails here. (The rules on the list are tested by their own files in test/rules/ and end to end.)
 */
import { describe, expect, it } from "vitest";
import { rulesOf } from "../../src/rules/registry.js";
import { type RuleTable, testRule } from "../helpers/rule-tester.js";
import { ENDPOINT_TABLES } from "./tables/endpoint-rules.js";
import { HTTP_TABLES } from "./tables/http-rules.js";
import { PROVE_TABLES } from "./tables/prove-rules.js";
import { SCAN_CRDB_TABLES } from "./tables/scan-crdb-rules.js";
import { SCAN_DB_TABLES } from "./tables/scan-db-rules.js";
import { SCAN_HTTPS_TABLES } from "./tables/scan-https-rules.js";
import { SCAN_POOLER_TABLES } from "./tables/scan-pooler-rules.js";

const PROBE_RULES = await rulesOf("probe");
const PROVE_RULES = await rulesOf("prove");
const SCAN_RULES = await rulesOf("scan");

const TABLES = [
  ...ENDPOINT_TABLES,
  ...HTTP_TABLES,
  ...PROVE_TABLES,
  ...SCAN_DB_TABLES,
  ...SCAN_CRDB_TABLES,
  ...SCAN_HTTPS_TABLES,
  ...SCAN_POOLER_TABLES,
] as unknown as readonly RuleTable<never>[];

/** Rules whose table is still to be written, as `command:id`. Remove one when its table lands; never add one. */
const WITHOUT_TABLE = new Set<string>([]);

for (const table of TABLES) testRule(table);

describe("the kit covers every rule, or says which are still to do", () => {
  // By rule object, not id: WW000 and WW205 each have a scan and a probe variant.
  const registered = [
    ...SCAN_RULES.map((rule) => ({ key: `scan:${rule.meta.id}`, rule })),
    ...PROBE_RULES.map((rule) => ({ key: `probe:${rule.meta.id}`, rule })),
    ...PROVE_RULES.map((rule) => ({ key: `prove:${rule.meta.id}`, rule })),
  ] as { key: string; rule: unknown }[];
  const tabled = new Set<unknown>(TABLES.map((t) => t.rule));

  it("every table has both kinds of case", () => {
    const thin = TABLES.filter((t) => t.valid.length === 0 || t.invalid.length === 0).map(
      (t) => t.rule.meta.id,
    );
    expect(thin).toEqual([]);
  });

  it("every registered rule has a table or is on the to-do list, and no tabled rule is still listed", () => {
    expect(
      registered.filter((r) => !tabled.has(r.rule) && !WITHOUT_TABLE.has(r.key)).map((r) => r.key),
    ).toEqual([]);
    const keys = new Set(registered.map((r) => r.key));
    const stale = [...WITHOUT_TABLE].filter(
      (k) => !keys.has(k) || registered.some((r) => r.key === k && tabled.has(r.rule)),
    );
    expect(stale).toEqual([]);
  });
});
