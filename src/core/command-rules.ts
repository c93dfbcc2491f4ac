import { CATALOG, type RuleMeta } from "./catalog.js";
import type { Report } from "./report.js";

/**
 * The catalog rules each command checks, told by id rather than by importing the rule modules: a reporter that
 * lists what was checked (JUnit's passing test cases) must not load the probe and prove rules, which `scan` never
 * needs at start-up. test/core/command-rules.test.ts keeps this in step with SCAN_RULES, PROBE_RULES and
 * PROVE_RULES.
 */
const CHECKED_BY: Readonly<Record<Report["command"], (id: string) => boolean>> = {
  // Settings and env (WW1xx), deployment files (WW2xx), Django HTTPS settings (WW3xx); WW000 for what it could not read.
  scan: (id) => id === "WW000" || /^WW[123]\d\d$/.test(id),
  // Database endpoints (WW4xx), HTTP origins (WW5xx), the DB Console beside a database (WW205); WW000 unreachable.
  probe: (id) => id === "WW000" || id === "WW205" || /^WW[45]\d\d$/.test(id),
  prove: (id) => /^WW6\d\d$/.test(id),
  // `fix` rewrites what scan's database rules report.
  fix: (id) => /^WW1\d\d$/.test(id),
};

/** The catalog entries of the rules `command` runs, in catalog order. */
export function rulesCheckedBy(command: Report["command"]): RuleMeta[] {
  const checks = CHECKED_BY[command];
  return CATALOG.filter((r) => checks(r.id));
}
