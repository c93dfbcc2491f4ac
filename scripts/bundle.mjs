// Makes the one-file build that dist/cli/main.js runs, and its V8 code cache. Node 20 has no module compile cache,
// and resolving, reading and compiling the ~240 modules tsc emits (and yaml's CommonJS files) cost about 200 ms of
// every run, half of a small scan. Run after tsc by `npm run build`; the other files tsc wrote stay for the scripts
// and tests that import them.
//
//   dist/cli/wirewarden.cjs        everything but Node's own modules and web-tree-sitter, as one CommonJS script
//   dist/cli/wirewarden.cjs.cache  V8's code cache for it, made by running one scan of examples/vulnerable-shop
//   dist/cli/main.js               the entry: runs the build through the cache (src/cli/one-file.ts)
//   dist/cli/early-git.bundle.js   what the entry starts before it, for `scan --diff-base` (src/cli/early-git.ts)
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist", "cli");
const build = join(cli, "wirewarden.cjs");
const LOADER_MARK = "Written by scripts/bundle.mjs";

if (process.argv[2] === "--warm") await warm();
else await bundle();

async function bundle() {
  const entry = join(cli, "main.js");
  if (readFileSync(entry, "utf8").includes(LOADER_MARK))
    throw new Error("dist/cli/main.js is already the loader: run `npm run build`, which runs tsc first");
  const { build: rolldown } = await import("rolldown");
  const rulesDir = join(root, "dist", "rules");
  const { ruleIdOf } = await import(join(rulesDir, "rule-files.js"));

  // The registry finds rule files by listing its directory, which a one-file build does not have at run time: the
  // module that lists it is replaced by the same listing made now, each file imported statically.
  const shipped = join(rulesDir, "shipped-rule-files.js");
  const shippedRuleFiles = {
    name: "wirewarden-shipped-rule-files",
    load(id) {
      if (id !== shipped) return null;
      const names = readdirSync(rulesDir)
        .filter((n) => n.endsWith(".js") && ruleIdOf(n) !== undefined)
        .sort();
      if (names.length === 0) throw new Error(`no rule files in ${rulesDir}`);
      return [
        ...names.map((n, i) => `import * as rule${i} from ${JSON.stringify(`./${n}`)};`),
        "export function shippedRuleFiles() {",
        "  return [",
        ...names.map(
          (n, i) =>
            `    { name: ${JSON.stringify(n)}, id: ${JSON.stringify(ruleIdOf(n))}, load: async () => rule${i} },`,
        ),
        "  ];",
        "}",
      ].join("\n");
    },
  };

  // A bundler puts every require of Node's own modules at the top of the build, so a scan would load tls, http and
  // https (~10 ms) for the probe code it never runs. Each is wrapped in a module of its own, required where its
  // importer is first evaluated: the probe's modules are imported lazily, and so are these with them.
  const lazyBuiltins = {
    name: "wirewarden-lazy-builtins",
    resolveId(id, importer) {
      if (!id.startsWith("node:")) return null;
      // The wrapper's own require is the real one.
      if (importer?.startsWith("\0lazy-builtin:")) return { id, external: true };
      return `\0lazy-builtin:${id}`;
    },
    load(id) {
      if (!id.startsWith("\0lazy-builtin:")) return null;
      return `module.exports = require(${JSON.stringify(id.slice("\0lazy-builtin:".length))});`;
    },
  };

  await rolldown({
    input: entry,
    platform: "node",
    // web-tree-sitter finds its WebAssembly beside its own file; @peculiar/x509 and the grammar are found at run
    // time by createRequire. Node's own modules are left to the lazy-builtins plugin.
    external: ["web-tree-sitter"],
    plugins: [shippedRuleFiles, lazyBuiltins],
    output: { file: build, format: "cjs", codeSplitting: false },
    logLevel: "warn",
  });
  // The loader's own early start of `scan --diff-base`'s git commands (src/cli/early-git.ts), one file too: importing
  // the four modules tsc wrote for it took ~12 ms before the build could even be read.
  await rolldown({
    input: join(cli, "early-git.js"),
    platform: "node",
    output: { file: join(cli, "early-git.bundle.js"), format: "esm", codeSplitting: false },
    logLevel: "warn",
  });
  // ASCII only (scripts/ascii-only.mjs): Node then reads the build as Latin-1, and V8 keeps it one byte a character.
  // On the written file: rolldown prints string literals again after its chunk hooks.
  const { parseAst } = await import("rolldown/parseAst");
  const { asciiOnly } = await import("./ascii-only.mjs");
  writeFileSync(
    build,
    asciiOnly(readFileSync(build, "utf8"), (text) => parseAst(text)),
  );
  // tsc's source map is of the module this file replaces.
  rmSync(`${entry}.map`, { force: true });
  writeFileSync(
    entry,
    [
      "#!/usr/bin/env node",
      `// ${LOADER_MARK} (npm run build): wirewarden is the one-file build beside this file.`,
      'import { fileURLToPath } from "node:url";',
      'import { runOneFile } from "./one-file.js";',
      "// `scan --diff-base` runs git: started before the build is compiled (src/cli/early-git.ts).",
      'if (process.argv.some((a) => a.startsWith("--diff-base")))',
      '  (await import("./early-git.bundle.js")).startEarlyGit(process.argv.slice(2));',
      'runOneFile(fileURLToPath(new URL("./wirewarden.cjs", import.meta.url)));',
      "",
    ].join("\n"),
  );

  // The cache is made in a child, so that it is the only build the process ran.
  rmSync(`${build}.cache`, { force: true });
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--warm"], {
    stdio: ["ignore", "ignore", "inherit"],
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`making the code cache failed (exit ${r.status ?? r.signal})`);
}

/** Runs one scan of the bundled example in this process, then writes V8's cache of everything it compiled. */
async function warm() {
  const { compileOneFile, runCompiled, codeCacheOf } = await import(join(cli, "one-file.js"));
  const { restoreWasmTiering } = await import(join(cli, "..", "python", "wasm-tiering.js"));
  const scratch = mkdtempSync(join(tmpdir(), "wirewarden-cache-"));
  const script = compileOneFile(build);
  process.argv = [
    process.argv[0],
    join(cli, "main.js"),
    "scan",
    join(root, "examples", "vulnerable-shop"),
    "--format",
    "json",
    "--fail-on",
    "none",
    "--quiet",
    "--output",
    join(scratch, "report.json"),
  ];
  let written = false;
  const finish = (code) => {
    if (written) return;
    written = true;
    rmSync(scratch, { recursive: true, force: true });
    if (code) throw new Error(`the warm-up scan failed (exit ${code})`);
    restoreWasmTiering();
    writeFileSync(codeCacheOf(build), script.createCachedData());
  };
  process.on("beforeExit", () => finish(process.exitCode));
  // A scan exits as soon as its report is written (src/cli/main.ts): the cache is written first.
  const exit = process.exit.bind(process);
  process.exit = (code) => {
    finish(code ?? process.exitCode);
    exit(code);
  };
  runCompiled(script, build);
}
