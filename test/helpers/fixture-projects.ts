import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "./cli.js";

const dirsUnder = (p: string) =>
  readdirSync(p)
    .map((n) => join(p, n))
    .filter((d) => statSync(d).isDirectory());

/** Every fixture project of the tests and both examples: what the pre-filter and deferral tests scan both ways. */
export const FIXTURE_PROJECTS: readonly string[] = [
  ...dirsUnder(join(REPO, "examples")),
  ...dirsUnder(join(REPO, "test", "fixtures", "real-world")),
  ...dirsUnder(join(REPO, "test", "fixtures", "evaluator")),
  ...dirsUnder(join(REPO, "test", "fixtures", "crosscheck")),
];
