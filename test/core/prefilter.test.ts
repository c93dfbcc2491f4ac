/**
 * Issue 22: the pre-filters (core/prefilter.ts: a cheap `includes` before a regular expression or a parser, and the
 * walk's deferral of Python files without any reader's literal) lose nothing. Every fixture project of the tests, both examples and the bench's generated 5,500-file tree are scanned
 * twice in this process, with the pre-filters on and off, and must give the same findings and alias verdicts.
 */
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: the bench's generator is plain JavaScript (bench/), outside tsconfig's src.
import { ensureTree, TREE } from "../../bench/tree-generator.mjs";
import { deferredCounts } from "../../src/core/files.js";
import { setPrefilters } from "../../src/core/prefilter.js";
import { mayHoldDeployKeys } from "../../src/deploy/read-deploy.js";
import { scanProject } from "../../src/engine/scan.js";
import { tempDir } from "../helpers/cli.js";
import { FIXTURE_PROJECTS } from "../helpers/fixture-projects.js";
import { shopTree } from "../helpers/tree.js";

const PROJECTS = FIXTURE_PROJECTS;

/** What a scan says, without what legitimately differs between two runs (timings). */
async function said(path: string, prefilters: boolean): Promise<string> {
  setPrefilters(prefilters);
  try {
    const { report } = await scanProject(path, { env: new Map() });
    return JSON.stringify({ findings: report.findings, aliases: report.aliases, summary: report.summary });
  } catch (e) {
    // A fixture that is refused (nothing to analyse) must be refused the same way both times.
    return `refused: ${(e as Error).message}`;
  } finally {
    setPrefilters(true);
  }
}

afterAll(() => setPrefilters(true));

const LOCK = `lockfileVersion: '9.0'\npackages:\n${"  some-package@1.0.0:\n    resolution: {integrity: sha512-abc}\n    environment: 1.1.0\n".repeat(1200)}`;

describe("the pre-filters lose nothing", () => {
  it(`${PROJECTS.length} fixture projects and examples: the same findings with and without them`, async () => {
    expect(PROJECTS.length).toBeGreaterThan(40);
    for (const p of PROJECTS) expect(await said(p, true), p).toBe(await said(p, false));
  }, 120_000);

  it("large YAML files: deployment files (block keys, JSON style) are read, a large data file is not parsed", async () => {
    const pad = (n: number) => `# ${"padding ".repeat(12)}\n`.repeat(n);
    const dir = shopTree(
      tempDir("ww-prefilter-yaml-"),
      'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.internal", "OPTIONS": {"sslmode": "verify-full", "sslrootcert": "/ca.pem"}}}\n',
      {
        // > 64 KiB, block style: a CockroachDB node with --insecure at the end.
        "deploy/docker-compose.yml": `${pad(800)}services:\n  roach:\n    image: cockroachdb/cockroach:v24.1.0\n    command: start --insecure --join=roach\n`,
        // > 64 KiB, JSON style: a CrdbCluster without tlsEnabled.
        "k8s/crdb.yaml": `{"apiVersion": "crdb.cockroachlabs.com/v1alpha1", "kind": "CrdbCluster", "metadata": {"name": "db"}, "spec": {"nodes": 3, "note": "${"x".repeat(70_000)}"}}\n`,
        // > 64 KiB of recorded HTTP: JSON keys inside quoted strings only.
        "tests/cassettes/api.yaml": `interactions:\n${'- request:\n    body: \'{"environment": "prod", "kind": "x", "command": "y"}\'\n    uri: http://localhost/api\n'.repeat(1200)}`,
        // > 64 KiB lock file whose package names look like keys.
        "frontend/pnpm-lock.yaml": LOCK,
        // A small recording (vcrpy's shape) whose bodies hold deployment-looking text: never parsed.
        "tests/cassettes/small.yaml": `interactions:\n- request:\n    body: "services:\\n  db:\\n    command: cockroach start --insecure"\n    uri: http://localhost/\n  response:\n    status: {code: 200}\nversion: 1\n`,
        // Shaped like a recording but with another top-level key: parsed, and its flag found.
        "ops/recorded.yaml": "interactions: []\nversion: 1\ncommand: cockroach start --insecure --join=a\n",
      },
    );
    const on = await said(dir, true);
    for (const id of ["WW201", "WW206"]) expect(on).toContain(`"ruleId":"${id}"`);
    expect(on).toContain("ops/recorded.yaml");
    expect(on).toBe(await said(dir, false));
  });

  it("which large YAML files are parsed at all", () => {
    const big = (body: string) => `${"# filler line of a large file\n".repeat(3000)}${body}`;
    const table: [string, string, boolean][] = [
      ["deploy/docker-compose.yml", big("x: 1\n"), true], // compose files always, even without a key
      ["k8s/app.yaml", big("spec:\n  containers:\n  - env:\n    - name: A\n"), true],
      ["k8s/app.json.yaml", `{"kind": "Deployment", "x": "${"y".repeat(70_000)}"}`, true],
      ["tests/cassettes/api.yaml", big("interactions:\n- request:\n    body: '{\"kind\": 1}'\n"), false],
      ["frontend/pnpm-lock.yaml", LOCK, false],
      ["env/conda-lock.yml", big("package:\n- name: x\n  environment: 1\n"), false],
      ["small/pnpm-lock.yaml", "environment: 1\n", true], // small files always
    ];
    const cassette =
      "# recorded\n---\ninteractions:\n- request:\n    uri: http://x/\n  response: {status: {code: 200}}\nversion: 1\n";
    // Recorded HTTP (vcrpy, pytest-recording): only `interactions` and `version` at the top, whatever the size.
    table.push(
      ["tests/cassettes/small.yaml", cassette, false],
      ["tests/cassettes/crlf.yaml", cassette.replace(/\n/g, "\r\n"), false],
      ["tests/x.yaml", "interactions:\n- request: {}\n", true], // no version: not the shape
      ["tests/y.yaml", `${cassette}kind: Deployment\n`, true], // another top-level key
      ["tests/z.yaml", `- item\n${cassette}`, true], // a list before the key
      ["docker-compose.yml", cassette, true], // compose files always
    );
    // An API description (OpenAPI 3, Swagger 2): one document with its version at the top, whatever the size.
    const api =
      "openapi: 3.0.3\ninfo: {title: x}\npaths:\n  /run:\n    post:\n      requestBody: {content: {x: {example: {command: start --insecure}}}}\n";
    table.push(
      ["static/openapi/schema.yaml", api, false],
      ["static/swagger.yml", `# generated\n---\nswagger: "2.0"\n${api.slice(api.indexOf("info"))}`, false],
      ["k8s/bundle.yaml", `${api}---\nkind: Deployment\n`, true], // a second document: parsed
      ["k8s/cm.yaml", `kind: ConfigMap\ndata:\n  spec.yaml: |\n    openapi: 3.0.3\n`, true], // not at the top level
    );
    for (const [path, text, parsed] of table) expect(mayHoldDeployKeys(path, text), path).toBe(parsed);
  });

  it("the bench's generated 5,500-file tree: the same findings with and without them", async () => {
    ensureTree(false);
    const before = deferredCounts();
    const on = await said(TREE, true);
    expect(on).toContain('"ruleId"');
    // With them, the Python files that hold no reader's literal were deferred (files.ts AsciiArena), and only the
    // few the settings import were read.
    const made = deferredCounts().made - before.made;
    expect(made).toBeGreaterThan(500);
    expect(deferredCounts().read - before.read).toBeLessThan(made / 10);
    expect(on).toBe(await said(TREE, false));
  }, 180_000);
});
