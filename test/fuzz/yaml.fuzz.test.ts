/**
 * Fuzz: the deployment readers — YAML (src/deploy/read-yaml.ts through readDeployFiles in
 * src/deploy/read-deploy.ts), Dockerfiles, shell scripts / Makefiles / Procfiles, pg_hba.conf and the HBA cluster
 * setting in SQL (read-deploy.ts), and env files (src/django/env-file.ts).
 *
 * Inputs: random YAML-ish text built from YAML's own tokens (keys, `:`, `-`, indentation, anchors, aliases, `<<`
 * merges, flow brackets, quotes, tags, directives, `---`); real compose, Kubernetes, Helm and CrdbCluster
 * documents mutated (character edits, duplicated, dedented and reordered lines, an alias or merge spliced in);
 * alias bombs of several shapes (billion laughs in lists and in maps, `<<` merge fan-out, deep alias chains,
 * self and mutual merge cycles, a recursive alias, 20,000 aliases, aliases nested in anchors under a large
 * document, 10,000 documents in one file); random Dockerfiles, scripts, HBA files and env files; and inputs that
 * made a regex rescan the file from every line (long blank runs) or a reader join a long command once per flag.
 *
 * Properties checked: nothing throws; every case finishes within its time bound (≤ 5 s for a bomb, far less for
 * the rest) and heap growth stays bounded; what cannot be read becomes a `facts.problems` entry (WW000) with a
 * location in the file and a one-line reason, and each bomb does; every location points inside its file; an env
 * file gives back the KEY=value pairs it was written with.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import type { Location } from "../../src/core/finding.js";
import type { DeployFacts } from "../../src/deploy/model.js";
import { type DeployFile, readDeployFiles } from "../../src/deploy/read-deploy.js";
import { readYaml } from "../../src/deploy/read-yaml.js";
import { parseEnvFile } from "../../src/django/env-file.js";
import { plan, timed } from "./fuzz.js";

const SEED = 0x79616d6c;

function read(files: DeployFile[]): DeployFacts {
  return readDeployFiles(files, readYaml);
}

/** The shape every reader result must have: locations inside the files, problems as one-line reasons. */
function expectWellFormed(files: DeployFile[], facts: DeployFacts): void {
  const lines = new Map(files.map((f) => [f.path, f.text.split("\n").length]));
  // Collected, then asserted once: a file can hold tens of thousands of facts.
  const wrong: string[] = [];
  const inside = (what: string, l: Location) => {
    const n = lines.get(l.file);
    if (n === undefined || l.line < 1 || l.line > n || l.column < 1)
      wrong.push(`${what} at ${l.file}:${l.line}:${l.column}`);
  };
  for (const p of facts.problems) {
    inside("problem", p.location);
    if (p.reason.length === 0 || p.reason.includes("\n"))
      wrong.push(`problem reason ${JSON.stringify(p.reason)}`);
  }
  for (const e of facts.env) {
    inside("env", e.location);
    if (e.variable.length === 0) wrong.push("env without a name");
  }
  for (const f of facts.cockroachFlags) {
    inside("flag", f.location);
    if (f.command.length > 200) wrong.push(`command of ${f.command.length} characters`);
  }
  for (const h of facts.hba) inside("hba", h.location);
  for (const t of facts.tlsOff) inside("tlsOff", t.location);
  for (const c of facts.operatorClusters) inside("operator", c.tlsLocation ?? c.location);
  for (const p of facts.poolers) inside("pooler", p.location);
  for (const u of facts.units) inside("unit", u.location);
  expect(wrong).toEqual([]);
}

/** A case within its bounds; returns the facts. */
function bounded(files: DeployFile[], ms = 2_000): DeployFacts {
  const heap = process.memoryUsage().heapUsed;
  const { value, ms: took } = timed(() => read(files));
  expect(took).toBeLessThan(ms);
  expect(process.memoryUsage().heapUsed - heap).toBeLessThan(512 * 1024 * 1024);
  expectWellFormed(files, value);
  return value;
}

// ------------------------------------------------------------------ real documents to mutate

const COMPOSE = `x-defaults: &defaults
  environment:
    PGSSLMODE: disable
    DJANGO_SETTINGS_MODULE: shop.settings.production
  env_file: [deploy/prod.env]
services:
  roach:
    image: cockroachdb/cockroach:v23.2.4
    command: start-single-node --insecure --accept-sql-without-tls
  web:
    <<: *defaults
    build: .
    command: ["gunicorn", "shop.wsgi", "--bind", "0.0.0.0:8000"]
    environment:
      - DATABASE_URL=postgres://app:s3cret@roach:26257/shop?sslmode=require
  worker:
    <<: [*defaults]
    entrypoint: python manage.py rqworker
`;
const K8S = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: cockroachdb
spec:
  template:
    spec:
      containers:
        - name: db
          command: ["/cockroach/cockroach"]
          args: [start, --insecure, --join=cockroachdb-0]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: shop-env}
data:
  PGSSLMODE: prefer
---
apiVersion: v1
kind: Secret
metadata: {name: shop-secret}
data:
  DATABASE_URL: cG9zdGdyZXM6Ly9hcHA6czNjcmV0QGRiOjI2MjU3L3Nob3A=
stringData:
  DB_PASSWORD: hunter2
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: shop}
spec:
  template:
    spec:
      containers:
        - name: web
          command: [gunicorn, shop.wsgi]
          envFrom: [{configMapRef: {name: shop-env}}, {secretRef: {name: shop-secret}}]
          env:
            - {name: DJANGO_SETTINGS_MODULE, value: shop.settings.production}
            - name: DB_HOST
              valueFrom: {configMapKeyRef: {name: shop-env, key: DB_HOST}}
`;
const HELM = `# cockroachdb chart values
tls:
  enabled: false
conf:
  single-node: true
`;
const CRDB = `apiVersion: crdb.cockroachlabs.com/v1alpha1
kind: CrdbCluster
metadata: {name: crdb}
spec:
  tlsEnabled: false
  nodes: 3
`;
const REAL: [string, string][] = [
  ["docker-compose.yml", COMPOSE],
  ["k8s/shop.yaml", K8S],
  ["charts/cockroachdb/values.yaml", HELM],
  ["k8s/crdb.yaml", CRDB],
];

const lineEdit = fc.record({
  at: fc.nat(),
  op: fc.constantFrom("delete", "insert", "duplicate", "dedent", "indent", "swap", "splice"),
  len: fc.nat(8),
  chunk: fc.constantFrom(
    ":",
    "-",
    " ",
    "\t",
    "\n",
    "[",
    "]",
    "{",
    "}",
    "'",
    '"',
    "&a ",
    "*a",
    "<<: *defaults",
    "<<: [*defaults, *defaults]",
    "!!binary ",
    "? ",
    "|",
    ">-",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "#",
    "\u0000",
    "\ufeff",
  ),
});

function mutate(
  text: string,
  edits: readonly { at: number; op: string; len: number; chunk: string }[],
): string {
  let s = text;
  for (const e of edits) {
    const at = e.at % (s.length + 1);
    const lines = s.split("\n");
    const i = e.at % lines.length;
    switch (e.op) {
      case "delete":
        s = s.slice(0, at) + s.slice(at + e.len);
        break;
      case "insert":
        s = s.slice(0, at) + e.chunk + s.slice(at);
        break;
      case "duplicate":
        lines.splice(i, 0, lines[i] as string);
        s = lines.join("\n");
        break;
      case "dedent":
        lines[i] = (lines[i] as string).replace(/^ {1,2}/, "");
        s = lines.join("\n");
        break;
      case "indent":
        lines[i] = `  ${lines[i]}`;
        s = lines.join("\n");
        break;
      case "swap": {
        const j = (i + e.len + 1) % lines.length;
        [lines[i], lines[j]] = [lines[j] as string, lines[i] as string];
        s = lines.join("\n");
        break;
      }
      default:
        // An anchor on one line and an alias or merge of it on another.
        lines[i] = `${lines[i]} &a`;
        lines.splice((i + e.len) % lines.length, 0, `${" ".repeat(e.len % 6)}x: *a`);
        s = lines.join("\n");
    }
  }
  return s;
}

const mutatedReal = fc
  .tuple(fc.constantFrom(...REAL), fc.array(lineEdit, { minLength: 1, maxLength: 6 }))
  .map(([[path, text], edits]) => ({ path, text: mutate(text, edits) }));

/** YAML-ish text from YAML's own tokens. */
const yamlToken = fc.oneof(
  fc.constantFrom(
    "services",
    "web",
    "command",
    "args",
    "env",
    "environment",
    "envFrom",
    "env_file",
    "kind",
    "ConfigMap",
    "Secret",
    "data",
    "name",
    "value",
    "cockroach",
    "start",
    "--insecure",
    "tls",
    "enabled",
    "false",
    "<<",
    ": ",
    ":",
    "- ",
    "\n",
    "\n  ",
    "\n    ",
    "  ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "&a ",
    "&b ",
    "*a",
    "*b",
    "!!str ",
    "!!map ",
    "!custom ",
    "'",
    '"',
    "|\n",
    ">\n",
    "? ",
    "---\n",
    "...\n",
    "%YAML 1.2\n",
    "%TAG ! tag:x,2000:\n",
    "# c\n",
    "~",
    "null",
    "0x1F",
    "1e400",
  ),
  fc.string({ maxLength: 6 }),
);
const yamlish = fc.array(yamlToken, { maxLength: 80 }).map((t) => t.join(""));

// ------------------------------------------------------------------ the other readers

const shellLine = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        "cockroach",
        "/cockroach/cockroach",
        "start",
        "start-single-node",
        "--insecure",
        "--insecure=false",
        "--accept-sql-without-tls",
        "--unencrypted-localhost-http",
        "--certs-dir=/certs",
        "--join=a,b",
        '"',
        "'",
        "=",
        "\\",
        "&&",
        "#",
        "sh -c",
        "gunicorn",
        "manage.py",
      ),
      fc.string({ maxLength: 8 }),
    ),
    { maxLength: 12 },
  )
  .map((t) => t.join(" "));
const dockerfile = fc
  .tuple(
    fc.array(
      fc.oneof(
        shellLine.map((l) => `CMD ${l}`),
        shellLine.map((l) => `ENTRYPOINT ${l}`),
        shellLine.map((l) => `RUN ${l}`),
        fc
          .tuple(
            fc.constantFrom("PGSSLMODE", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "A"),
            fc.string({ maxLength: 12 }),
          )
          .map(([k, v]) => `ENV ${k}=${v}`),
        fc.constantFrom(
          "ENV PGSSLMODE disable",
          "FROM python:3.12",
          "",
          "   ",
          "\\",
          "# comment",
          "ENV",
          "cmd x",
        ),
      ),
      { maxLength: 12 },
    ),
    fc.constantFrom("\n", "\r\n"),
  )
  .map(([lines, eol]) => lines.join(eol));
const hbaText = fc
  .array(
    fc.oneof(
      fc
        .tuple(
          fc.constantFrom("host", "hostnossl", "hostssl", "local", "#host"),
          fc.constantFrom("all", "shop"),
          fc.constantFrom("all", "app"),
          fc.constantFrom("0.0.0.0/0", "127.0.0.1/32", "::1/128", "10.0.0.1", "samenet", "localhost", ""),
          fc.constantFrom("255.255.255.0", ""),
          fc.constantFrom("md5", "reject", "trust", "cert", ""),
        )
        .map((f) => f.join(" ")),
      fc.string({ maxLength: 20 }),
    ),
    { maxLength: 10 },
  )
  .map((l) => l.join("\n"));

const deployFile = fc.oneof(
  { weight: 3, arbitrary: mutatedReal },
  { weight: 2, arbitrary: yamlish.map((text) => ({ path: "compose.yaml", text })) },
  { weight: 1, arbitrary: dockerfile.map((text) => ({ path: "Dockerfile", text })) },
  { weight: 1, arbitrary: shellLine.map((text) => ({ path: "scripts/start.sh", text })) },
  { weight: 1, arbitrary: shellLine.map((text) => ({ path: "Procfile", text: `web: ${text}` })) },
  { weight: 1, arbitrary: hbaText.map((text) => ({ path: "pg_hba.conf", text })) },
  {
    weight: 1,
    arbitrary: hbaText.map((text) => ({
      path: "init.sql",
      text: `SET CLUSTER SETTING server.host_based_authentication.configuration = '${text.replace(/'/g, "''")}';`,
    })),
  },
);

// ------------------------------------------------------------------ alias bombs and other hostile files

function laughsInLists(levels: number, width: number): string {
  const out = ["a0: &a0 [lol]"];
  for (let i = 1; i < levels; i++)
    out.push(
      `a${i}: &a${i} [${Array(width)
        .fill(`*a${i - 1}`)
        .join(", ")}]`,
    );
  return `${out.join("\n")}\n`;
}
function laughsInMaps(levels: number, width: number): string {
  const out = ["x-a0: &a0 {k: v}"];
  for (let i = 1; i < levels; i++)
    out.push(`x-a${i}: &a${i} {${Array.from({ length: width }, (_, j) => `k${j}: *a${i - 1}`).join(", ")}}`);
  return `${out.join("\n")}\nservices:\n  web:\n    environment: *a${levels - 1}\n`;
}
function mergeFanOut(levels: number, width: number): string {
  const out = ["x-a0: &a0 {command: cockroach start --insecure}"];
  for (let i = 1; i < levels; i++)
    out.push(
      `x-a${i}: &a${i}\n  <<: [${Array(width)
        .fill(`*a${i - 1}`)
        .join(", ")}]`,
    );
  return `${out.join("\n")}\nservices:\n  web:\n    <<: *a${levels - 1}\n`;
}
function mergeChain(n: number): string {
  const out = ["x-a0: &a0 {command: cockroach start --insecure}"];
  for (let i = 1; i < n; i++) out.push(`x-a${i}: &a${i}\n  <<: *a${i - 1}`);
  return `${out.join("\n")}\nservices:\n  web:\n    <<: *a${n - 1}\n`;
}
function aliasChain(n: number): string {
  const out = ["a0: &a0 {command: cockroach start --insecure}"];
  for (let i = 1; i < n; i++) out.push(`a${i}: &a${i} {next: *a${i - 1}}`);
  return `${out.join("\n")}\n`;
}
/** Aliases inside anchored nodes, each anchor used, under a big document: the yaml library's slow path. */
function nestedAnchorsUnderFiller(k: number, filler: number): string {
  let nest = "";
  for (let i = 1; i <= k; i++) nest += `&y${i} {p: *x0, q: `;
  nest += `1${"}".repeat(k)}`;
  return `f: [${Array(filler).fill(1).join(",")}]\na0: &x0 x\nn: ${nest}\nr: [${Array.from({ length: k }, (_, i) => `*y${i + 1}`).join(",")}]\n`;
}
function manyAliases(n: number): string {
  return `${Array.from({ length: n }, (_, i) => `a${i}: &a${i} x\n`).join("")}b: [${Array.from({ length: n }, (_, i) => `*a${i}`).join(",")}]\n`;
}

/** name, file, and the problem it must produce (undefined: none required, but nothing may break). */
const BOMBS: [string, DeployFile, RegExp | undefined][] = [
  ["billion laughs in lists (9^10)", { path: "k8s/bomb.yaml", text: laughsInLists(10, 9) }, /alias bomb/],
  ["billion laughs in maps (10^11)", { path: "compose.yaml", text: laughsInMaps(12, 10) }, /alias bomb/],
  ["<< merge fan-out (8^12)", { path: "compose.yaml", text: mergeFanOut(12, 8) }, /alias bomb/],
  ["a chain of 2,000 << merges", { path: "compose.yaml", text: mergeChain(2000) }, /aliases in one document/],
  [
    "a chain of 800 << merges (under the alias limit)",
    { path: "compose.yaml", text: mergeChain(800) },
    undefined,
  ],
  ["a chain of 900 nested aliases", { path: "compose.yaml", text: aliasChain(900) }, undefined],
  [
    "a << merge of itself",
    {
      path: "compose.yaml",
      text: "services:\n  web: &w\n    <<: *w\n    command: cockroach start --insecure\n",
    },
    /refers to a node that contains it/,
  ],
  [
    "two anchors merging each other",
    { path: "compose.yaml", text: "x-a: &a\n  <<: *b\nx-b: &b\n  <<: *a\nservices:\n  web:\n    <<: *a\n" },
    /YAML not (read|expanded)/,
  ],
  [
    "a recursive alias (&a [*a])",
    { path: "compose.yaml", text: "a: &a [*a]\n" },
    /refers to a node that contains it/,
  ],
  ["an alias before its anchor", { path: "compose.yaml", text: "a: *nope\nb: &nope x\n" }, /YAML not/],
  ["20,000 aliases", { path: "compose.yaml", text: manyAliases(20_000) }, /aliases in one document/],
  [
    "20 nested anchors with aliases under 50k filler nodes",
    { path: "compose.yaml", text: nestedAnchorsUnderFiller(20, 50_000) },
    undefined,
  ],
  [
    "10,000 documents",
    {
      path: "k8s/many.yaml",
      text: Array.from(
        { length: 10_000 },
        (_, i) => `kind: ConfigMap\nmetadata: {name: c${i}}\ndata: {PGSSLMODE: disable}\n`,
      ).join("---\n"),
    },
    undefined,
  ],
  [
    "5,000 nested flow lists",
    { path: "compose.yaml", text: `a: ${"[".repeat(5000)}${"]".repeat(5000)}\n` },
    /YAML/,
  ],
  [
    "3,000 nested flow maps",
    { path: "compose.yaml", text: `a: ${"{a: ".repeat(3000)}1${"}".repeat(3000)}\n` },
    /YAML/,
  ],
  [
    "2,000 nested block maps",
    { path: "compose.yaml", text: Array.from({ length: 2000 }, (_, i) => `${" ".repeat(i)}a:\n`).join("") },
    /YAML/,
  ],
];

// ------------------------------------------------------------------ properties

describe("fuzz: deployment readers on hostile files", () => {
  const files = plan(SEED, 300, 20);
  it(
    "never throw; problems become WW000 entries with a place and a one-line reason; bounded time",
    () => {
      fc.assert(
        fc.property(fc.array(deployFile, { minLength: 1, maxLength: 3 }), (picked) => {
          // Distinct paths, as in a tree.
          const unique = picked.map((f, i) => ({ ...f, path: i === 0 ? f.path : `d${i}/${f.path}` }));
          bounded(unique, 1_000);
        }),
        files.params,
      );
    },
    files.timeout,
  );

  const real = plan(SEED + 1, 200, 20);
  it(
    "a mutated real document that YAML itself calls malformed is a problem (WW000), never silence",
    () => {
      fc.assert(
        fc.property(mutatedReal, (f) => {
          const facts = bounded([f], 1_000);
          const malformed = parseAllDocuments(f.text, { uniqueKeys: false, merge: true }).some(
            (d) => d.errors.length > 0,
          );
          if (malformed) expect(facts.problems.length).toBeGreaterThan(0);
        }),
        real.params,
      );
    },
    real.timeout,
  );

  it("the unmutated documents are read in full (the mutation property starts from real facts)", () => {
    const facts = bounded(REAL.map(([path, text]) => ({ path, text })));
    expect(facts.problems).toEqual([]);
    expect(facts.cockroachFlags.map((f) => f.flag)).toEqual([
      "--insecure",
      "--accept-sql-without-tls",
      "--insecure",
    ]);
    expect(facts.tlsOff.map((t) => t.setting)).toEqual(["tls.enabled: false"]);
    expect(facts.operatorClusters.map((c) => c.tlsEnabled)).toEqual([false]);
    const web = facts.units.find((u) => u.where === "compose service web");
    expect(web?.envFiles).toEqual(["deploy/prod.env"]);
    const shop = facts.units.find((u) => u.where === "Deployment shop container web");
    expect(shop?.envFrom).toEqual(["ConfigMap shop-env", "Secret shop-secret"]);
    expect(shop?.keyRefs).toEqual([{ variable: "DB_HOST", source: "ConfigMap shop-env", key: "DB_HOST" }]);
    expect(facts.env.map((e) => `${e.variable}=${e.value}`)).toEqual(
      expect.arrayContaining([
        "PGSSLMODE=disable",
        "DATABASE_URL=postgres://app:s3cret@roach:26257/shop?sslmode=require",
        "PGSSLMODE=prefer",
        "DATABASE_URL=postgres://app:s3cret@db:26257/shop",
        "DB_PASSWORD=hunter2",
      ]),
    );
    // The worker merges the defaults through a list: its environment is read through the merge.
    expect(facts.env.filter((e) => e.where === "compose service worker").map((e) => e.variable)).toEqual([
      "PGSSLMODE",
      "DJANGO_SETTINGS_MODULE",
    ]);
  });

  it.each(BOMBS)("%s: bounded, and a WW000 when it cannot be expanded", (_name, file, expected) => {
    const facts = bounded([file], 5_000);
    if (expected) expect(facts.problems.map((p) => p.reason)).toContainEqual(expect.stringMatching(expected));
  });

  it("long blank runs in Dockerfiles and env files, and a line of 20,000 flags, stay linear", () => {
    // Each used to cost ~10 s (a `^\s*` under /m, `\s+#.*$`) or gigabytes (the command joined once per flag).
    const blank = bounded([
      { path: "Dockerfile", text: `${"\n".repeat(100_000)}CMD cockroach start --insecure\n` },
    ]);
    expect(blank.cockroachFlags).toHaveLength(1);
    expect(bounded([{ path: "Dockerfile", text: `${" \n".repeat(60_000)}ENV A=b\n` }]).env).toHaveLength(1);
    const { value: env, ms } = timed(() => parseEnvFile(`A=x${" ".repeat(100_000)}y\nB=1 # c\n`, ".env"));
    expect(ms).toBeLessThan(1_000);
    expect(env.get("A")?.value).toBe(`x${" ".repeat(100_000)}y`);
    expect(env.get("B")?.value).toBe("1");
    const flags = bounded([{ path: "start.sh", text: `cockroach start ${"--insecure ".repeat(20_000)}\n` }]);
    expect(flags.cockroachFlags).toHaveLength(20_000);
    expect(flags.cockroachFlags[0]?.command).toBe(
      `cockroach start ${"--insecure ".repeat(20_000)}`.slice(0, 200),
    );
  });
});

describe("fuzz: env files", () => {
  const key = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/);
  const value = fc.string({ maxLength: 20 }).filter((v) => !/[\r\n]/.test(v));

  const random = plan(SEED + 2, 500, 5);
  it(
    "never throws on any text; every entry is a valid name with a line inside the file",
    () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 400 }), (text) => {
          const vars = parseEnvFile(text, ".env");
          const lines = text.split(/\r?\n/).length;
          for (const [k, e] of vars) {
            expect(k).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
            expect(e.origin.line).toBeGreaterThanOrEqual(1);
            expect(e.origin.line).toBeLessThanOrEqual(lines);
            expect(e.value).not.toContain("\n");
          }
        }),
        random.params,
      );
    },
    random.timeout,
  );

  const model = plan(SEED + 3, 500, 5);
  it(
    "gives back what KEY=value lines say: quotes, export, comments, last assignment wins",
    () => {
      fc.assert(
        fc.property(
          fc.array(
            fc.tuple(key, value, fc.constantFrom("plain", "double", "single", "export", "comment", "spaced")),
            { maxLength: 8 },
          ),
          (entries) => {
            const expected = new Map<string, string>();
            const lines = entries.map(([k, v, style]) => {
              switch (style) {
                case "double":
                  if (!v.includes('"')) {
                    expected.set(k, v);
                    return `${k}="${v}"`;
                  }
                  break;
                case "single":
                  if (!v.includes("'")) {
                    expected.set(k, v);
                    return `${k}='${v}'`;
                  }
                  break;
                case "export":
                  if (/^[A-Za-z0-9_./:-]*$/.test(v)) {
                    expected.set(k, v);
                    return `export ${k}=${v}`;
                  }
                  break;
                case "comment":
                  if (/^[A-Za-z0-9_./:-]+$/.test(v)) {
                    expected.set(k, v);
                    return `${k}=${v}   # ${v}`;
                  }
                  break;
                case "spaced":
                  if (/^[A-Za-z0-9_./:-]+$/.test(v)) {
                    expected.set(k, v);
                    return `  ${k} =  ${v}  `;
                  }
                  break;
                default:
                  if (/^[A-Za-z0-9_./:@?=&%-]*$/.test(v)) {
                    expected.set(k, v);
                    return `${k}=${v}`;
                  }
              }
              return `# skipped ${k}`;
            });
            const vars = parseEnvFile(lines.join("\n"), ".env");
            expect(new Map([...vars].map(([k, e]) => [k, e.value]))).toEqual(expected);
          },
        ),
        model.params,
      );
    },
    model.timeout,
  );
});
