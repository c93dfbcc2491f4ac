import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { BUILT_CLI, LAUNCHER, REPO, tempDir } from "../helpers/cli.js";

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  "working-directory"?: string;
}

const action = parse(readFileSync(join(REPO, "action.yml"), "utf8")) as {
  name: string;
  description: string;
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
};
const steps = action.runs.steps;

/** `${{ inner }}`, a GitHub Actions expression, written without a `${` string literal. */
const gh = (inner: string) => ["$", "{{ ", inner, " }}"].join("");
const step = (pred: (s: Step) => boolean) => {
  const s = steps.find(pred);
  if (!s) throw new Error("step not found");
  return s;
};
const scanStep = step((s) => s.id === "scan");

function bashSyntax(script: string): { status: number | null; stderr: string } {
  const file = join(tempDir(), "step.sh");
  writeFileSync(file, script);
  const r = spawnSync("bash", ["--noprofile", "--norc", "-n", file], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return { status: r.status, stderr: r.stderr };
}

/** Runs the scan step's script as the runner would: inputs as env, $GITHUB_OUTPUT and the summary as files. */
function runScanStep(inputs: Record<string, string>, cwd: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const out = join(cwd, "github-output");
  const summary = join(cwd, "step-summary.md");
  writeFileSync(out, "");
  writeFileSync(summary, "");
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GITHUB_OUTPUT: out,
    GITHUB_STEP_SUMMARY: summary,
    ...extraEnv,
  };
  for (const [k, v] of Object.entries(scanStep.env ?? {})) {
    // Evaluate the `inputs.x` and `github.action_path` expressions as the runner would.
    env[k] = v
      .replace(`${gh("github.action_path")}/bin/wirewarden`, LAUNCHER)
      .replace(
        /^\$\{\{ inputs\.([a-z-]+) \}\}$/,
        (_m, name: string) => inputs[name] ?? action.inputs[name]?.default ?? "",
      );
  }
  // As the runner runs `shell: bash`: a script file, `bash --noprofile --norc -eo pipefail {0}`.
  const script = join(cwd, "step.sh");
  writeFileSync(script, scanStep.run ?? "");
  const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], {
    cwd,
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const outputs = Object.fromEntries(
    readFileSync(out, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split("=", 2) as [string, string]),
  );
  return { status: r.status, stderr: r.stderr, outputs, summary: readFileSync(summary, "utf8") };
}

describe("action.yml (composite GitHub Action)", () => {
  it("declares the inputs with their defaults", () => {
    expect(action.name).toBe("wirewarden");
    expect(Object.keys(action.inputs).sort()).toEqual(
      [
        "baseline",
        "config",
        "env-file",
        "exclude",
        "fail-on",
        "path",
        "python",
        "runtime",
        "sarif-file",
        "sarif-per-module",
        "settings",
        "upload-sarif",
      ].sort(),
    );
    expect(action.inputs.path?.default).toBe(".");
    // Empty: the configuration file's fail-on, else the command's own default (high).
    expect(action.inputs["fail-on"]?.default).toBe("");
    expect(action.inputs.config?.default).toBe("");
    expect(action.inputs["sarif-file"]?.default).toBe("wirewarden.sarif");
    expect(action.inputs["upload-sarif"]?.default).toBe("true");
    for (const input of Object.values(action.inputs)) {
      expect(input.description.length).toBeGreaterThan(10);
      expect(input.required ?? false).toBe(false);
    }
    expect(action.outputs["exit-code"]?.value).toBe(gh("steps.scan.outputs.exit-code"));
  });

  it("sets up Node 20, builds its own checkout, scans, uploads, then fails with the scan's exit code", () => {
    expect(action.runs.using).toBe("composite");
    const names = steps.map((s) => s.uses?.split("@")[0] ?? s.id ?? s.name);
    expect(names).toEqual([
      "actions/setup-node",
      "Install wirewarden",
      "scan",
      "github/codeql-action/upload-sarif",
      "Fail on findings at or above fail-on",
    ]);
    expect(steps[0]).toMatchObject({ uses: "actions/setup-node@v4", with: { "node-version": "20" } });
    const install = step((s) => s.name === "Install wirewarden");
    expect(install["working-directory"]).toBe(gh("github.action_path"));
    expect(install.run).toContain("npm ci --omit=dev");
    expect(install.run).toContain("npm run build");
    expect(scanStep.env?.WW_CLI).toBe(`${gh("github.action_path")}/bin/wirewarden`);
    expect(scanStep.run).toContain("--format sarif --output");
    expect(scanStep.run).toContain('>> "$GITHUB_STEP_SUMMARY"');
    const upload = step((s) => s.uses?.startsWith("github/codeql-action/upload-sarif") ?? false);
    expect(upload.uses).toBe("github/codeql-action/upload-sarif@v3");
    expect(upload.if).toBe(gh("inputs.upload-sarif == 'true' && steps.scan.outputs.sarif == 'true'"));
    expect(upload.with?.sarif_file).toBe(gh("inputs.sarif-file"));
    expect(steps.at(-1)?.run).toBe(`exit "\${WW_EXIT_CODE:-2}"`);
    expect(steps.at(-1)?.env?.WW_EXIT_CODE).toBe(gh("steps.scan.outputs.exit-code"));
  });

  it("has run steps that are valid bash and take inputs only through the environment", () => {
    const runs = steps.filter((s) => s.run !== undefined);
    expect(runs.length).toBe(3);
    for (const s of runs) {
      expect(s.shell).toBe("bash");
      expect(bashSyntax(s.run ?? "")).toEqual({ status: 0, stderr: "" });
      // `${{ }}` inside a script is pasted in as code before bash runs: a script-injection hole.
      expect(s.run).not.toContain(gh("").slice(0, 3));
    }
    expect(bashSyntax("if then fi").status).not.toBe(0);
  });

  it("runs the scan step for real: SARIF written, exit code kept, summary appended", () => {
    if (!existsSync(BUILT_CLI))
      throw new Error("dist/cli/main.js is missing: run `npm run build` (npm test does)");
    const work = tempDir();
    cpSync(join(REPO, "examples", "vulnerable-shop"), join(work, "shop"), { recursive: true });
    // A pull request can put anything in the repository's env file. Node 20 started as `node main.js --env-file
    // prod.env` reads it itself and obeys NODE_OPTIONS (nodejs/node#54232): the action must not let that run code.
    const planted = join(work, "planted-code-ran");
    writeFileSync(
      join(work, "planted.cjs"),
      `require("node:fs").writeFileSync(${JSON.stringify(planted)}, "yes");\n`,
    );
    writeFileSync(
      join(work, "prod.env"),
      `DJANGO_DEBUG=\nNODE_OPTIONS="--require ${join(work, "planted.cjs")}"\n`,
    );
    const r = runScanStep({ path: "shop", "env-file": "prod.env\n\n", "sarif-file": "out/ww.sarif" }, work);
    expect(r.status).toBe(0);
    // The directory of --output does not exist: exit 2, no SARIF, no upload, and the last step fails.
    expect(r.outputs).toEqual({ "exit-code": "2" });
    expect(r.stderr).toMatch(/^wirewarden: cannot write --output out\/ww\.sarif/);

    const ok = runScanStep(
      { path: "shop", "env-file": "prod.env\n\n", settings: "shop.settings.production" },
      work,
    );
    expect(ok.status).toBe(0);
    expect(ok.outputs).toEqual({ "exit-code": "1", sarif: "true" });
    const sarif = JSON.parse(readFileSync(join(work, "wirewarden.sarif"), "utf8"));
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
    expect(ok.summary).toMatch(/^## wirewarden scan: grade F/);
    expect(ok.summary).toContain("**Fails** `--fail-on high`");
    expect(existsSync(planted), "code named by NODE_OPTIONS in the scanned env file ran").toBe(false);

    const baseline = join(work, "baseline.json");
    spawnSync(process.execPath, [BUILT_CLI, "scan", join(work, "shop"), "--write-baseline", baseline, "-q"]);
    const clean = runScanStep({ path: "shop", baseline: "baseline.json", "fail-on": "low" }, work);
    expect(clean.outputs).toEqual({ "exit-code": "0", sarif: "true" });
    expect(clean.summary).toContain("**Passes** `--fail-on low`");
    expect(clean.summary).toContain("known finding(s) suppressed");

    // runtime: true imports the settings with the Python given (here Debian's, with a stand-in for
    // django_cockroachdb on PYTHONPATH) and puts the comparison in the same report.
    const runtime = runScanStep(
      {
        path: "shop",
        settings: "shop.settings.production",
        runtime: "true",
        python: "/usr/bin/python3",
        "fail-on": "none",
        "sarif-file": "runtime.sarif",
      },
      work,
      { PYTHONPATH: join(REPO, "test", "harness", "shims") },
    );
    expect(runtime.outputs).toEqual({ "exit-code": "0", sarif: "true" });
    expect(runtime.stderr).not.toContain("--runtime could not");
    expect(runtime.stderr).toContain(
      "--runtime imported 2 of 2 settings module(s), 0 disagreement(s) with static evaluation (WW001)",
    );
    expect(runtime.summary).toMatch(/^## wirewarden scan: grade F/);

    // No fail-on input: the project's configuration decides; the input, when given, wins over it.
    writeFileSync(join(work, "shop", "pyproject.toml"), `[tool.wirewarden]\nfail-on = "none"\n`);
    const configured = runScanStep({ path: "shop", "sarif-file": "configured.sarif" }, work);
    expect(configured.outputs).toEqual({ "exit-code": "0", sarif: "true" });
    expect(configured.summary).toContain("`--fail-on none`: this run never fails.");
    const strict = runScanStep({ path: "shop", "fail-on": "high", "sarif-file": "strict.sarif" }, work);
    expect(strict.outputs).toEqual({ "exit-code": "1", sarif: "true" });
    // And the config input names another file.
    writeFileSync(join(work, "strict.toml"), `fail-on = "medium"\n`);
    const named = runScanStep({ path: "shop", config: "strict.toml", "sarif-file": "named.sarif" }, work);
    expect(named.outputs).toEqual({ "exit-code": "1", sarif: "true" });
    expect(named.summary).toContain("`--fail-on medium`");
  });
});

describe(".pre-commit-hooks.yaml", () => {
  const hooks = parse(readFileSync(join(REPO, ".pre-commit-hooks.yaml"), "utf8")) as Record<
    string,
    unknown
  >[];
  const hook = hooks[0] as {
    id: string;
    entry: string;
    language: string;
    pass_filenames: boolean;
    files: string;
  };

  it("defines the wirewarden hook: one scan of the repository, no file names", () => {
    expect(hooks).toHaveLength(1);
    expect(hook).toMatchObject({
      id: "wirewarden",
      language: "node",
      entry: "wirewarden scan",
      pass_filenames: false,
    });
    // language: node installs the hook with `npm pack`: the tarball must carry dist/, built by prepack.
    const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8"));
    expect(pkg.bin.wirewarden).toBe("bin/wirewarden");
    expect(pkg.files).toEqual(expect.arrayContaining(["bin", "dist"]));
    expect(pkg.scripts.prepack).toMatch(/npm run build/);
  });

  const triggers = [
    "shop/settings.py",
    "shop/settings/production.py",
    "config/settings/base/__init__.py",
    "settings_prod.py",
    "manage.py",
    "shop/wsgi.py",
    "shop/asgi.py",
    ".env",
    ".env.production",
    "deploy/prod.env",
    "Dockerfile",
    "docker/Dockerfile.web",
    "Containerfile",
    "web.dockerfile",
    "docker-compose.yml",
    "compose.prod.yaml",
    "k8s/statefulset.yaml",
    "charts/cockroachdb/values.yaml",
    ".github/workflows/ci.yml",
    "Procfile",
    "Makefile",
    "scripts/start-db.sh",
    "db/pg_hba.conf",
    "db/cluster.hba.conf",
    "sql/hba.sql",
    "certs/client.app.key",
  ];
  const ignored = [
    "README.md",
    "app/views.py",
    "app/models.py",
    "shop/urls.py",
    "docs/settings.md",
    "package.json",
    "src/index.ts",
    "static/app.js",
    "Dockerfile.md.txt/notes",
    "settings.pyc",
  ];

  it("has a files regex that compiles in JavaScript and picks the files the scan reads", () => {
    const re = new RegExp(hook.files);
    for (const path of triggers) expect(re.test(path), path).toBe(true);
    for (const path of ignored) expect(re.test(path), path).toBe(false);
  });

  it("has a files regex that pre-commit's Python re.search reads the same way", () => {
    const script =
      "import json, re, sys\n" +
      "d = json.load(sys.stdin)\n" +
      "r = re.compile(d['re'])\n" +
      "print(json.dumps([bool(r.search(p)) for p in d['paths']]))\n";
    const r = spawnSync("python3", ["-c", script], {
      input: JSON.stringify({ re: hook.files, paths: [...triggers, ...ignored] }),
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`python3 is needed (apt-get install python3): ${r.stderr}`);
    expect(JSON.parse(r.stdout)).toEqual([...triggers.map(() => true), ...ignored.map(() => false)]);
  });
});
