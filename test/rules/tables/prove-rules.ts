/** Rule tables for the prove rules (WW600–WW608): attack runs as the judge records them, no client needed. */
import type { Attack, AttackRun, Outcome, ProveModel } from "../../../src/mitm/model.js";
import { ww600 } from "../../../src/rules/ww600-mitm-resisted.js";
import { ww601 } from "../../../src/rules/ww601-mitm-tls-stripped.js";
import { ww602 } from "../../../src/rules/ww602-mitm-forged-cert-accepted.js";
import { ww603 } from "../../../src/rules/ww603-mitm-wrong-host-accepted.js";
import { ww604 } from "../../../src/rules/ww604-mitm-auth-downgraded.js";
import { ww605 } from "../../../src/rules/ww605-mitm-credentials-exposed.js";
import { ww606 } from "../../../src/rules/ww606-mitm-direct-tls-accepted.js";
import { ww607 } from "../../../src/rules/ww607-mitm-error-text-reflected.js";
import { ww608 } from "../../../src/rules/ww608-mitm-channel-binding-downgraded.js";
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
const POOLER = "compose service pgbouncer (image edoburu/pgbouncer)";
const allRefused = model(run("strip", "refused"), run("forge", "refused"), run("wrong-host", "refused"));

/** The attacks that each have their own rule: let through, each is that rule's finding; refused, none is. */
const letThroughTable = (
  rule: RuleTable<ProveModel>["rule"],
  attack: Attack,
  severity: "critical" | "high" | "low",
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
      {
        name: "the client refused everything, the pooler's leg let forge through",
        model: model(...allRefused.runs, run("forge", "let-through", { via: POOLER })),
      },
      { name: "nothing run", model: model(run("strip", "not-run")) },
      {
        name: "a direct-TLS client refused the rest but let direct-forge through",
        model: model(
          run("strip", "refused"),
          run("forge", "refused"),
          run("direct-forge", "let-through"),
          run("downgrade", "let-through", { passwordCaptured: true }),
        ),
      },
    ],
    invalid: [
      {
        name: "every attack refused",
        model: allRefused,
        hits: [{ severity: "info", message: /refused every attack \(strip, forge, wrong-host\)/ }],
      },
      {
        name: "every attack refused; direct-forge not run (the client does not use direct TLS) is not listed",
        model: model(
          ...allRefused.runs,
          run("direct-forge", "not-run", {
            notRunReason: "the client does not use direct TLS (sslnegotiation=direct)",
          }),
        ),
        hits: [{ severity: "info", message: /refused every attack \(strip, forge, wrong-host\)$/ }],
      },
      {
        name: "the client refused every attack, and so did the pooler's leg: named as such",
        model: model(
          ...allRefused.runs,
          run("strip", "refused", {
            via: POOLER,
            evidence: ["…", "PgBouncer: closing because: server refused SSL"],
          }),
        ),
        hits: [
          {
            severity: "info",
            message: /refused every attack \(strip, forge, wrong-host, strip \(pooler leg\)\)$/,
            evidence: /^strip \(pooler leg\): PgBouncer: closing because: server refused SSL$/m,
          },
        ],
      },
      {
        name: "a direct-TLS client that refused direct-forge too",
        model: model(run("strip", "refused"), run("forge", "refused"), run("direct-forge", "refused")),
        hits: [{ severity: "info", message: /refused every attack \(strip, forge, direct-forge\)/ }],
      },
      {
        name: "a client that never connected (libpq refused its settings): said so, not called resistance",
        model: model(
          ...(["strip", "forge", "direct-forge"] as const).map((a) =>
            run(a, "refused", {
              neverConnected: true,
              clientError: 'invalid dsn: invalid connection option "sslnegotiation"',
            }),
          ),
        ),
        hits: [
          {
            severity: "info",
            message:
              /never connected to the attacker \(strip, forge, direct-forge\): libpq rejects its settings/,
            evidence: /direct-forge: invalid dsn: invalid connection option "sslnegotiation"/,
          },
        ],
      },
    ],
  },
  letThroughTable(ww601, "strip", "critical"),
  letThroughTable(ww602, "forge", "critical"),
  letThroughTable(ww603, "wrong-host", "high"),
  letThroughTable(ww604, "downgrade", "high"),
  letThroughTable(ww606, "direct-forge", "critical"),
  {
    rule: ww602,
    valid: [{ name: "forge refused", model: model(run("forge", "refused")) }],
    invalid: [
      {
        name: "a client with no password here: it went on to log in, it did not authenticate",
        model: model(run("forge", "let-through", { stoppedForNoPassword: true })),
        hits: [
          { severity: "critical", message: /went on to log in through it \(it stopped only at the password/ },
        ],
      },
      {
        name: "a client that answered SCRAM: authenticated through it",
        model: model(run("forge", "let-through")),
        hits: [{ severity: "critical", message: /and authenticated through it/ }],
      },
    ],
  },
  ...(["strip", "forge"] as const).map((attack) => ({
    rule: attack === "strip" ? ww601 : ww602,
    valid: [
      {
        name: `${attack} refused on the leg behind the pooler`,
        model: model(run(attack, "refused", { via: POOLER })),
      },
      {
        name: `${attack} not run on the leg behind the pooler (no PgBouncer here)`,
        model: model(run(attack, "not-run", { via: POOLER, notRunReason: "this machine lacks PgBouncer" })),
      },
    ],
    invalid: [
      {
        name: `${attack} let through on the leg behind the pooler: the pooler's leg, the pooler's fix`,
        model: model(run(attack, "let-through", { via: POOLER })),
        hits: [
          {
            severity: "critical" as const,
            message: new RegExp(
              `^compose service pgbouncer \\(image edoburu/pgbouncer\\), run with the project's settings for its upstream leg, ${attack === "strip" ? "connected to the database in plaintext" : "completed TLS with a certificate from a CA the attacker made up"}.*the query stream of 'default'`,
            ),
            fix: /server_tls_sslmode = verify-full and server_tls_ca_file/,
            endpoint: ENDPOINT,
          },
        ],
      },
    ],
  })),
  letThroughTable(ww607, "error-reflect", "low"),
  letThroughTable(ww608, "binding-downgrade", "high"),
  {
    rule: ww604,
    valid: [{ name: "both variants refused", model: model(run("downgrade", "refused")) }],
    invalid: [
      {
        name: "cleartext refused, the MD5 request answered: said so",
        model: model(run("downgrade", "let-through", { md5Captured: true, variant: "MD5 password request" })),
        hits: [{ severity: "high", message: /answered the attacker's MD5 request .* crackable offline/ }],
      },
      {
        name: "the cleartext password",
        model: model(run("downgrade", "let-through", { passwordCaptured: true })),
        hits: [{ severity: "high", message: /sent its password in cleartext/ }],
      },
    ],
  },
  {
    rule: ww608,
    valid: [
      {
        name: "not run: the client does not require channel binding",
        model: model(run("binding-downgrade", "not-run"), run("forge", "let-through")),
      },
    ],
    invalid: [
      {
        name: "the variant that let it through is named",
        model: model(
          run("binding-downgrade", "let-through", { variant: "AuthenticationOk without authentication" }),
        ),
        hits: [
          {
            severity: "high",
            message:
              /channel_binding=require, yet went on without channel binding \(AuthenticationOk without/,
          },
        ],
      },
    ],
  },
  {
    rule: ww605,
    valid: [
      { name: "let through, but no password and no query", model: model(run("strip", "let-through")) },
      {
        name: "the pooler's leg let through: the attacker read the stream, it holds no session of its own",
        model: model(run("forge", "let-through", { via: POOLER })),
      },
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
        name: "a password captured in the channel direct-forge gave",
        model: model(
          run("direct-forge", "let-through"),
          run("downgrade", "let-through", { passwordCaptured: true }),
        ),
        hits: [
          {
            severity: "critical",
            message: /through the downgrade attack the proxy obtained the real password/,
          },
        ],
      },
      {
        name: "a query run through a hijacked direct-TLS session (--upstream)",
        model: model(
          run("direct-forge", "let-through", { query: { sql: "SELECT current_user", result: "app" } }),
        ),
        hits: [{ severity: "critical", message: /through the direct-forge attack .* ran its own query/ }],
      },
      {
        name: "a query run through the hijacked session",
        model: model(run("forge", "let-through", { query: { sql: "SELECT current_user", result: "app" } })),
        hits: [{ severity: "critical", message: /ran its own query/, evidence: /SELECT current_user → app/ }],
      },
    ],
  },
];
