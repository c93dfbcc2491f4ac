#!/usr/bin/env node
// `npm run demo`: scans the bundled vulnerable example, then its hardened twin, with the built CLI.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist", "cli", "main.js");

const bold = (s) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[1m${s}\x1b[0m` : s);

function run(title, args) {
  process.stdout.write(`\n${bold(`$ wirewarden ${args.join(" ")}`)}   # ${title}\n\n`);
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: "inherit", timeout: 60_000 });
  if (r.error) {
    process.stderr.write(`demo: could not run wirewarden: ${r.error.message}\n`);
    process.exit(2);
  }
  return r.status;
}

const vulnerable = run("the mistakes Django teams make with CockroachDB", [
  "scan",
  "examples/vulnerable-shop",
  "--fail-on",
  "none",
]);
const hardened = run("the same shop, fixed", ["scan", "examples/hardened-shop"]);
process.stdout.write(
  `\nvulnerable-shop: exit ${vulnerable} (--fail-on none); hardened-shop: exit ${hardened} (0 means nothing at or above high).\n` +
    "Try `node dist/cli/main.js scan examples/vulnerable-shop --format sarif` or `--format json`.\n",
);
process.exit(vulnerable === 0 && hardened === 0 ? 0 : 1);
