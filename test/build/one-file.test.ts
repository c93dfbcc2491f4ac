import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { CATALOG } from "../../src/core/catalog.js";
import { ruleIdOf } from "../../src/rules/rule-files.js";
import { BUILT_CLI, REPO, spawnCli } from "../helpers/cli.js";

// What `npm run build` ships (scripts/bundle.mjs): dist/cli/main.js runs one CommonJS build through V8's code
// cache. These tests hold the build to what the sources say, since every other CLI test runs it.
const BUILD = join(REPO, "dist", "cli", "wirewarden.cjs");

function node(args: string[]) {
  const r = spawnSync(process.execPath, args, { encoding: "utf8", timeout: 60_000, cwd: REPO });
  if (r.error) throw r.error;
  return r;
}

describe("the one-file build", () => {
  it("is what dist/cli/main.js runs, with a code cache beside it", () => {
    expect(existsSync(BUILD), "dist/cli/wirewarden.cjs is missing: run `npm run build` (npm test does)").toBe(
      true,
    );
    expect(readFileSync(BUILT_CLI, "utf8")).toContain("./wirewarden.cjs");
    expect(existsSync(`${BUILD}.cache`)).toBe(true);
  });

  it("has a code cache this Node accepts", () => {
    const probe = [
      'import { readFileSync } from "node:fs";',
      'import { compileOneFile, codeCacheOf } from "./dist/cli/one-file.js";',
      `const build = ${JSON.stringify(BUILD)};`,
      "const script = compileOneFile(build, readFileSync(codeCacheOf(build)));",
      "process.stdout.write(String(script.cachedDataRejected));",
    ].join("\n");
    const r = node(["--input-type=module", "-e", probe]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("false");
  });

  it("runs every rule the catalog gives scan, probe and prove: the rule files bundled are the directory's", () => {
    const names = readdirSync(join(REPO, "src", "rules")).filter(
      (n) => n.endsWith(".ts") && ruleIdOf(n) !== undefined,
    );
    const build = readFileSync(BUILD, "utf8");
    for (const n of names) expect(build, n).toContain(`name: "${n.replace(/\.ts$/, ".js")}"`);
    // The registry refuses to run a command whose catalog entries lack their implementation; each command
    // starting its rules through the build is the proof that none is missing.
    const scan = spawnCli(["scan", "examples/vulnerable-shop", "--format", "json", "--fail-on", "none"]);
    expect(scan.stderr).not.toContain("internal error");
    const ids = new Set(
      (JSON.parse(scan.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId),
    );
    expect([...ids].every((id) => CATALOG.some((r) => r.id === id && r.commands.includes("scan")))).toBe(
      true,
    );
    expect(ids.size).toBeGreaterThan(3);
  });

  it("does not load Node's TLS or HTTP modules for a scan, and does for a probe", () => {
    // Bundlers hoist every require of Node's own modules to the top; the build defers them to where their
    // importer is first evaluated, so a scan pays for none of the probe's networking.
    const dir = mkdtempSync(join(tmpdir(), "wirewarden-modules-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const preload = join(dir, "loaded.cjs");
    writeFileSync(
      preload,
      'process.on("exit", () => process.stderr.write("\\nLOADED " + JSON.stringify(process.moduleLoadList.filter((m) => /^NativeModule (tls|https?|_http_client)$/.test(m))) + "\\n"));\n',
    );
    const loaded = (args: string[]) => {
      const r = node(["--require", preload, BUILT_CLI, ...args]);
      const line = r.stderr.split("\n").find((l) => l.startsWith("LOADED "));
      expect(line, r.stderr).toBeDefined();
      return JSON.parse((line as string).slice("LOADED ".length)) as string[];
    };
    expect(loaded(["scan", "examples/vulnerable-shop", "--quiet", "--fail-on", "none"])).toEqual([]);
    // A closed loopback port: the probe fails fast, after loading what it connects with.
    expect(
      loaded(["probe", "postgresql://127.0.0.1:1", "--timeout", "2000", "--quiet", "--fail-on", "none"]),
    ).toContain("NativeModule tls");
  });
});
