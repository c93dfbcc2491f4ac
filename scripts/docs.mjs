#!/usr/bin/env node
// Writes the generated reference pages from the built code (run `npm run build` first; `npm run docs` does):
// docs/rules.md from the rule catalog and docs/configuration.md from the configuration's key tables.
// test/docs/generated.test.ts fails when a page differs from what this would write.
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const { CATALOG } = await import(join(root, "dist/core/catalog.js"));
const { formatRulesReference } = await import(join(root, "dist/report/rules-list.js"));
const { configReference } = await import(join(root, "dist/cli/config-reference.js"));

const pages = {
  "docs/rules.md": formatRulesReference(CATALOG),
  "docs/configuration.md": configReference(),
};
for (const [path, text] of Object.entries(pages)) {
  writeFileSync(join(root, path), text);
  console.log(`wrote ${path} (${text.length} bytes)`);
}
