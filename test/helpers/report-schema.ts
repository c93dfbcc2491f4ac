/**
 * schema/report.schema.json, held to every JSON report the test suite produces through the CLI helpers (cli() and
 * spawnCli() validate each `--format json` report they see on stdout): a key the schema does not describe, or a
 * value of another shape, fails the test that produced it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";

const SCHEMA = JSON.parse(
  readFileSync(join(import.meta.dirname, "..", "..", "schema", "report.schema.json"), "utf8"),
);
const validate = new Ajv({ allErrors: true, strict: true }).compile(SCHEMA);

/** Throws, naming every violation, when `text` is not a report the schema allows. */
export function assertReportSchema(text: string): void {
  const report = JSON.parse(text) as unknown;
  if (validate(report)) return;
  const errors = (validate.errors ?? [])
    .map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`)
    .slice(0, 10);
  throw new Error(`the JSON report does not match schema/report.schema.json:\n  ${errors.join("\n  ")}`);
}

/** The argv asks for a JSON report on stdout (not into --output). */
export function jsonOnStdout(argv: readonly string[]): boolean {
  const format = argv.findIndex((a) => a === "--format" || a === "-f");
  const json = (format >= 0 && argv[format + 1] === "json") || argv.includes("--format=json");
  return json && !argv.includes("-o") && !argv.includes("--output");
}
