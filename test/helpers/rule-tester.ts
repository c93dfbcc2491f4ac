import { describe, expect, it } from "vitest";
import type { RuleHit } from "../../src/core/finding.js";
import type { Rule } from "../../src/core/rule.js";
import type { Severity } from "../../src/core/severity.js";

/**
 * The rule kit (issue 17, item 5), after typescript-eslint's RuleTester: a rule's fast test is a table of models
 * it must stay silent on (`valid`) and models it must report (`invalid`, with what each hit says). Models are
 * built in memory, so a rule that otherwise needs a live server is tested in milliseconds.
 */

/**
 * A case's model, or a function that builds it. Scan models are parsed from Python source, which is
 * asynchronous: a builder defers that work into the case's own `it`, so one table's source that fails to build
 * fails its case, not the whole file at collection. Models themselves are plain data, never functions.
 */
export type ModelSource<M> = M | (() => Promise<M>);

export interface ValidCase<M> {
  name: string;
  model: ModelSource<M>;
}

export interface InvalidCase<M> {
  name: string;
  model: ModelSource<M>;
  /** One entry per expected hit, in the rule's order: severity (the catalog's when the hit sets none) and text. */
  hits: {
    severity: Severity;
    message?: RegExp;
    evidence?: RegExp;
    endpoint?: string;
    /** `file:line` the hit points at: where the value is set. */
    at?: string;
  }[];
}

export interface RuleTable<M> {
  rule: Rule<M>;
  valid: readonly ValidCase<M>[];
  invalid: readonly InvalidCase<M>[];
}

async function built<M>(source: ModelSource<M>): Promise<M> {
  return typeof source === "function" ? (source as () => Promise<M>)() : source;
}

export function testRule<M>(table: RuleTable<M>): void {
  const { rule } = table;
  const run = async (source: ModelSource<M>) =>
    rule
      .check(await built(source))
      .map((h: RuleHit) => ({ ...h, severity: h.severity ?? rule.meta.severity }));
  describe(`${rule.meta.id} ${rule.meta.name}`, () => {
    it.each(table.valid.map((c) => [c.name, c] as const))("silent: %s", async (_n, c) => {
      expect(await run(c.model)).toEqual([]);
    });
    it.each(table.invalid.map((c) => [c.name, c] as const))("reports: %s", async (_n, c) => {
      const hits = await run(c.model);
      expect(hits.map((h) => h.severity)).toEqual(c.hits.map((h) => h.severity));
      c.hits.forEach((want, i) => {
        const got = hits[i];
        if (want.message) expect(got?.message).toMatch(want.message);
        if (want.evidence) expect(got?.evidence).toMatch(want.evidence);
        if (want.endpoint) expect(got?.endpoint).toBe(want.endpoint);
        if (want.at)
          expect(got?.location ? `${got.location.file}:${got.location.line}` : undefined).toBe(want.at);
      });
    });
  });
}
