/** Rule tables for the prove rules (WW600–WW605): attack runs as the judge records them, no client needed. */
import type { Attack, AttackRun, Outcome, ProveModel } from "../../../src/mitm/model.js";
import { ww600 } from "../../../src/rules/ww600-mitm-resisted.js";
import { ww601 } from "../../../src/rules/ww601-mitm-tls-stripped.js";
import { ww602 } from "../../../src/rules/ww602-mitm-forged-cert-accepted.js";
import { ww603 } from "../../../src/rules/ww603-mitm-wrong-host-accepted.js";
import { ww604 } from "../../../src/rules/ww604-mitm-auth-downgraded.js";
import { ww605 } from "../../../src/rules/ww605-mitm-credentials-exposed.js";
import type { RuleTable } from "../../helpers/rule-tester.js";

const ENDPOINT = "postgresql://db.internal:26257";

function run(attack: Attack, outcome: Outcome, over: Partial<AttackRun> = {}): AttackRun {
  return {
    attack,
    alias: "default",
    settingsModule: "shop.settings",
    endpoint: "db.internal:26257",
    outcome,
    evidence: [`${attack}: ${outcome}`],
    passwordCaptured: false,
    ...over,
  };
}

const model = (...runs: AttackRun[]): ProveModel => ({ runs });
const allRefused = model(run("strip", "refused"), run("forge", "refused"), run("wrong-host", "refused"));

/** The four attacks that each have their own rule: let through, each is that rule's finding; refused, none is. */
const letThroughTable = (
  rule: RuleTable<ProveModel>["rule"],
  attack: Attack,
  severity: "critical" | "high",
) => ({
  rule,
  valid: [
    { name: `${attack} refused`, model: model(run(attack, "refused")) },
    { name: `${attack} not run`, model: model(run(attack, "not-run", { notRunReason: "no channel" })) },
    {
      name: "another attack let through",
      model: model(run(attack === "strip" ? "forge" : "strip", "let-through")),
    },
  ],
  invalid: [
    {
      name: `${attack} let through`,
      model: model(run(attack, "let-through")),
      hits: [{ severity, message: /the real client of 'default'/, endpoint: ENDPOINT }],
    },
  ],
});

export const PROVE_TABLES: readonly RuleTable<ProveModel>[] = [
  {
    rule: ww600,
    valid: [
      { name: "one attack let through", model: model(run("strip", "refused"), run("forge", "let-through")) },
      { name: "nothing run", model: model(run("strip", "not-run")) },
    ],
    invalid: [
      {
        name: "every attack refused",
        model: allRefused,
        hits: [{ severity: "info", message: /refused every attack \(strip, forge, wrong-host\)/ }],
      },
    ],
  },
  letThroughTable(ww601, "strip", "critical"),
  letThroughTable(ww602, "forge", "critical"),
  letThroughTable(ww603, "wrong-host", "high"),
  letThroughTable(ww604, "downgrade", "high"),
  {
    rule: ww605,
    valid: [
      { name: "let through, but no password and no query", model: model(run("strip", "let-through")) },
      { name: "refused", model: allRefused },
    ],
    invalid: [
      {
        name: "a cleartext password captured",
        model: model(run("downgrade", "let-through", { passwordCaptured: true })),
        hits: [
          {
            severity: "critical",
            message: /obtained the real password/,
            evidence: /password captured \(redacted/,
          },
        ],
      },
      {
        name: "a query run through the hijacked session",
        model: model(run("forge", "let-through", { query: { sql: "SELECT current_user", result: "app" } })),
        hits: [{ severity: "critical", message: /ran its own query/, evidence: /SELECT current_user → app/ }],
      },
    ],
  },
];
