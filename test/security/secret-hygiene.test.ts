/**
 * Secret hygiene: no secret of the scanned project, of a target URL, a --dsn or an --env-file reaches any output
 * of any command, in any format. A project full of secrets — each one a distinctive marker — is scanned, probed
 * (a real PostgreSQL 15, the password in the target URL), proved (the real Django + psycopg2 client and real psql
 * through the proxy, relayed to that server, which accepts the marker passwords), fixed and listed; every stdout,
 * stderr, -o file and --write-baseline file is searched for every marker, and for its URL-encoded and base64
 * forms. The formats come from the code (FORMATS and each command's --format choices), so a new format is covered
 * the day it is added.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Io } from "../../src/cli/common.js";
import { registerFix } from "../../src/cli/fix.js";
import { registerProbe } from "../../src/cli/probe.js";
import { registerProve } from "../../src/cli/prove.js";
import { registerRules } from "../../src/cli/rules.js";
import { registerScan } from "../../src/cli/scan.js";
import { type Cluster, freePort, initTemplate, startCluster } from "../../src/lab/pg-cluster.js";
import { FORMATS } from "../../src/report/index.js";
import { type CertificateAuthority, createCa } from "../../src/tls/certs.js";
import { type CliResult, cli } from "../helpers/cli.js";
import { pooled, runCliProcess } from "../helpers/cli-process.js";
import { requireDjango } from "../helpers/python.js";

const PYTHON = "/usr/bin/python3";
/** Does not resolve: prove routes the client to its proxy with hostaddr, and the proxy relays to the cluster. */
const DB_HOST = "db.lab.test";
const RUN_TIMEOUT_MS = 30_000;
const PARALLEL = 4;

/** Every secret of the test, by what it is. None may appear in any output. */
const M = {
  settingsPassword: "Lit3ralDefaultPwMk01x",
  urlPassword: "S3cr3t-Url-Pw",
  crdbUrlPassword: "CrdbRootPwMk02x",
  atHead: "AtHeadPwMk03x",
  atTail: "AtTailPwMk03y",
  pctHead: "PctHeadPwMk04x",
  pctTail: "PctTailPwMk04y",
  queryPassword: "QueryPwMk05x",
  querySslPassword: "SslQueryPwMk06x",
  topLevelPassword: "TopLevelPwMk07x",
  optionsSslPassword: "OptSslPwMk08x",
  envDefaultPassword: "EnvDefaultPwMk09x",
  varPassword: "VarPwMk10x",
  configDefaultPassword: "ConfigDefaultPwMk11x",
  secretKey: "django-insecure-SecretKeyMk12x",
  dotenvUrlPassword: "DotEnvUrlPwMk13x",
  dotenvPassword: "DotEnvPwMk14x",
  dotenvSecretKey: "DotEnvSecretKeyMk15x",
  dotenvAwsKeyId: "AKIAWWDOTENVMK16XYZQ",
  dotenvAwsSecret: "DotEnvAwsSecret/Mk17+abcdEFGHijkl",
  dotenvCrdbPassword: "DotEnvCrdbPwMk18x",
  dotenvPgPassword: "DotEnvPgPasswordMk19x",
  composePassword: "ComposeWebPwMk20x",
  composeUrlPassword: "ComposeUrlPwMk21x",
  composeAwsSecret: "ComposeAwsSecretMk22x",
  composePgPassword: "ComposePgPwMk23x",
  envFileByNamePassword: "ComposeEnvFilePwMk24x",
  redisPassword: "RedisPwMk25x",
  sentrySecret: "SentrySecretMk26x",
  k8sPassword: "K8sEnvPwMk27x",
  k8sUrlPassword: "K8sUrlPwMk28x",
  stringDataPassword: "K8sStringDataPwMk29x",
  stringDataUrlPassword: "K8sStringDataUrlPwMk30x",
  dataPassword: "K8sDataB64PwMk31x",
  dataUrlPassword: "K8sDataUrlPwMk32x",
  helmPassword: "HelmUnquotedPwMk33x",
  scriptEnvPassword: "ScriptEnvPwMk34x",
  scriptUrlPassword: "ScriptUrlPwMk35x",
  scriptKeywordPassword: "ScriptKwPwMk36x",
  sqlPassword: "SqlUserPwMk37x",
  dockerPassword: "DockerEnvPwMk38x",
  dockerSecretKey: "DockerSecretKeyMk39x",
  privateKeyBody: "PrivKeyBodyMk40xQ",
  envFileUrlPassword: "EnvFileUrlPwMk41x",
  envFilePassword: "EnvFilePwMk42x",
  envFileSecretKey: "EnvFileSecretKeyMk43x",
  envFileAwsSecret: "EnvFileAwsSecretMk44x",
  processPgPassword: "ProcessPgPasswordMk45x",
  processUrlPassword: "ProcessUrlPwMk46x",
  dsnPassword: "DsnPwMk47x",
  dsnSslPassword: "DsnSslPwMk48x",
  probePassword: "ProbeUrlPwMk49x",
  probeQueryPassword: "ProbeQueryPwMk50x",
  probeSslPassword: "ProbeSslPwMk51x",
  probeCrdbPassword: "ProbeCrdbPwMk52x",
  targetsFilePassword: "ProbeTargetsFilePwMk53x",
  badTargetPassword: "BadTargetPwMk55x",
  badDsnPassword: "BadDsnPwMk56x",
  // libpq ends the userinfo at the first `@`, so `#` and `?` may stand unencoded in a password it reads.
  hashHead: "HashHeadPwMk57x",
  hashTail: "HashTailPwMk57y",
  queryMarkHead: "QmHeadPwMk58x",
  queryMarkTail: "QmTailPwMk58y",
  // Key names the redaction must know beyond "password" and "secret".
  shellPass: "ShellDbPassMk59x",
  shellToken: "ShellVaultTokenMk60x",
  replicaPass: "ReplicaPassMk61x",
  computedUrlPassword: "ComputedUrlPwMk62x",
  computedToken: "ComputedTokenMk63x",
  importFailPassword: "ImportFailUrlPwMk64x",
  fromScanPassword: "FromScanPwMk65x",
  fromScanPassword2: "FromScanPwMk66x",
} as const;
const MARKERS = Object.values(M);

/** The forms a marker could leak in: itself, URL-encoded, and base64 (standard and URL alphabet, any alignment). */
function leakForms(marker: string): string[] {
  const forms = new Set([marker, encodeURIComponent(marker), encodeURI(marker)]);
  for (let shift = 0; shift < 3; shift++) {
    const bytes = Buffer.concat([Buffer.alloc(shift, 0x20), Buffer.from(marker)]);
    for (const b64 of [bytes.toString("base64"), bytes.toString("base64url")]) {
      // Only the 4-character groups made of marker bytes alone: the same whatever surrounds the marker.
      forms.add(b64.slice(shift === 0 ? 0 : 4, -4));
    }
  }
  return [...forms].filter((f) => f.length >= 8);
}
const FORMS = MARKERS.flatMap((m) => leakForms(m).map((form) => ({ marker: m, form })));

interface Output {
  what: string;
  text: string;
}

/** Every marker form found in any output, with where and a little context. */
function leaks(outputs: readonly Output[]): string[] {
  const found: string[] = [];
  for (const { what, text } of outputs) {
    for (const { marker, form } of FORMS) {
      const at = text.indexOf(form);
      if (at >= 0)
        found.push(
          `${what}: ${form === marker ? marker : `${marker} as ${form}`} in …${text.slice(Math.max(0, at - 60), at + form.length + 20)}…`,
        );
    }
  }
  return found;
}

const b64 = (s: string) => Buffer.from(s).toString("base64");

/** The --format choices of each command, read from the CLI itself. */
function formatChoices(): Map<string, readonly string[]> {
  const io: Io = { stdout: () => {}, stderr: () => {}, stdoutIsTty: false, stderrIsTty: false, env: {} };
  const program = new Command();
  for (const register of [registerScan, registerProbe, registerProve, registerFix, registerRules])
    register(program, io, () => {});
  const out = new Map<string, readonly string[]>();
  for (const cmd of program.commands) {
    const format = cmd.options.find((o) => o.long === "--format");
    out.set(cmd.name(), format?.argChoices ?? []);
  }
  return out;
}

let work: string;
let project: string;
let envFile: string;
let ca: CertificateAuthority;
let caFile: string;
let caKeyFile: string;
let cluster: Cluster;
let closedPort: number;
/** Environment of every run: a PATH, and secrets a developer's shell would hold. */
let processEnv: NodeJS.ProcessEnv;

function write(root: string, files: Record<string, string>): void {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
}

function settingsPy(port: number): string {
  return `import os

import dj_database_url

SECRET_KEY = "${M.secretKey}"
DEBUG = False


def sslmode_for(url, token=None):
    return "require"


INSTALLED_APPS = []
DB_PASSWORD = "${M.topLevelPassword}"
_pw = "${M.varPassword}"
CRDB_URL = os.environ.get("CRDB_URL", "cockroachdb://root:${M.crdbUrlPassword}@crdb.example.com:26257/defaultdb?sslmode=require")

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "postgres",
        "USER": "ww_app",
        "PASSWORD": "${M.settingsPassword}",
        "HOST": "${DB_HOST}",
        "PORT": ${port},
        "OPTIONS": {"sslmode": "prefer"},
    },
    "replica": dj_database_url.parse("postgres://u:${M.urlPassword}@replica.example.com:5432/db?sslmode=require"),
    "at": dj_database_url.parse("postgres://app:${M.atHead}@${M.atTail}@db-at.example.com/db?sslmode=require"),
    "pct": dj_database_url.parse("postgres://app:${M.pctHead}%40${M.pctTail}@db-pct.example.com/db"),
    "query": dj_database_url.parse(
        "postgresql://app@db-q.example.com/db?sslmode=prefer&password=${M.queryPassword}&sslpassword=${M.querySslPassword}"
    ),
    "keyed": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "db",
        "USER": "app",
        "PASSWORD": DB_PASSWORD,
        "HOST": "db-k.example.com",
        "OPTIONS": {
            "sslmode": "verify-ca",
            "sslcert": "certs/client.crt",
            "sslkey": "certs/client.key",
            "sslpassword": "${M.optionsSslPassword}",
        },
    },
    "envdefault": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "db",
        "USER": "ro",
        "PASSWORD": os.environ.get("DB_RO_PASSWORD", "${M.envDefaultPassword}"),
        "HOST": "db-e.example.com",
        "OPTIONS": {"sslmode": os.environ.get("DB_SSLMODE", "require")},
    },
    "var": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "db",
        "USER": "v",
        "PASSWORD": _pw,
        "HOST": "db-v.example.com",
    },
    "fromenv": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "db",
        "USER": "web",
        "PASSWORD": os.environ.get("DB_PASSWORD", ""),
        "HOST": "db-w.example.com",
        "OPTIONS": {"sslmode": "disable"},
    },
    "cfg": dj_database_url.config(
        default="postgres://cfg:${M.configDefaultPassword}@db-c.example.com/db", ssl_require=True
    ),
    "computed": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "db",
        "HOST": "db-x.example.com",
        "OPTIONS": {
            "sslmode": sslmode_for("postgres://svc:${M.computedUrlPassword}@db-x.example.com/db", token="${M.computedToken}"),
        },
    },
}
REPLICA_PASS = "${M.replicaPass}"
DATABASES["r2"] = {"ENGINE": "django.db.backends.postgresql", "HOST": "r2.example.com", "PASSWORD": REPLICA_PASS, "OPTIONS": {"sslmode": "require"}}
`;
}

function projectFiles(port: number): Record<string, string> {
  return {
    "manage.py": `import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n`,
    "shop/__init__.py": "",
    "shop/settings.py": settingsPy(port),
    "shop/wsgi.py": `import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n`,
    ".env": [
      "DJANGO_SETTINGS_MODULE=shop.settings",
      `DATABASE_URL=postgres://envuser:${M.dotenvUrlPassword}@db-env.example.com:5432/db?sslmode=disable`,
      `DB_PASSWORD=${M.dotenvPassword}`,
      `SECRET_KEY=${M.dotenvSecretKey}`,
      `AWS_ACCESS_KEY_ID=${M.dotenvAwsKeyId}`,
      `AWS_SECRET_ACCESS_KEY=${M.dotenvAwsSecret}`,
      `CRDB_URL=cockroachdb://root:${M.dotenvCrdbPassword}@crdb.example.com:26257/defaultdb?sslmode=require`,
      `PGPASSWORD=${M.dotenvPgPassword}`,
      "PGSSLMODE=prefer",
      `REPORTING_URL=postgresql://rep:${M.hashHead}#${M.hashTail}@db-rep.example.com/db?sslmode=require`,
      "",
    ].join("\n"),
    "docker-compose.yml": `services:
  web:
    build: .
    command: gunicorn shop.wsgi:application
    env_file:
      - deploy/web.secrets
    environment:
      DB_PASSWORD: ${M.composePassword}
      DATABASE_URL: postgres://web:${M.composeUrlPassword}@db-compose.example.com/db?sslmode=require
      AWS_SECRET_ACCESS_KEY: "${M.composeAwsSecret}"
      PGSSLMODE: allow
  db:
    image: postgres:15
    environment:
      - POSTGRES_PASSWORD=${M.composePgPassword}
  crdb:
    image: cockroachdb/cockroach:v23.2.4
    command: start-single-node --insecure --accept-sql-without-tls
`,
    "deploy/web.secrets": [
      `DB_REPLICA_PASSWORD=${M.envFileByNamePassword}`,
      `REDIS_URL=redis://:${M.redisPassword}@redis:6379/0`,
      `SENTRY_DSN=https://publickey:${M.sentrySecret}@sentry.example.com/1`,
      "",
    ].join("\n"),
    "deploy/k8s/web.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: shop:1
          command: ["gunicorn", "shop.wsgi"]
          env:
            - name: DB_PASSWORD
              value: "${M.k8sPassword}"
            - name: DATABASE_URL
              value: postgres://k8s:${M.k8sUrlPassword}@db-k8s.example.com/db?sslmode=prefer
          envFrom:
            - secretRef:
                name: db-secrets
---
apiVersion: v1
kind: Secret
metadata:
  name: db-secrets
type: Opaque
stringData:
  DB_PASSWORD: ${M.stringDataPassword}
  DATABASE_URL: "postgresql://sd:${M.stringDataUrlPassword}@db-sd.example.com/db?sslmode=require"
data:
  DB_REPLICA_PASSWORD: ${b64(M.dataPassword)}
  REPLICA_URL: ${b64(`postgres://b64:${M.dataUrlPassword}@db-b64.example.com/db?sslmode=disable`)}
  PGSSLMODE: ${b64("disable")}
`,
    "deploy/helm/values.yaml": `tls:
  enabled: false
init:
  provisioning:
    enabled: true
    users:
      - name: app
        password: ${M.helmPassword}
`,
    "scripts/db.sh": `#!/bin/sh
COCKROACH_PASSWORD=${M.scriptEnvPassword} cockroach start-single-node --insecure --listen-addr=0.0.0.0:26257
cockroach sql --url "postgresql://root:${M.scriptUrlPassword}@crdb.example.com:26257/defaultdb?sslmode=disable"
psql "host=db.example.com user=app password=${M.scriptKeywordPassword} sslmode=require"
DB_PASS=${M.shellPass} VAULT_TOKEN=${M.shellToken} cockroach start --insecure --join=crdb1,crdb2
psql "postgresql://rep:${M.hashHead}#${M.hashTail}@db-rep.example.com/db?sslmode=require"
psql "postgresql://rep:${M.queryMarkHead}?${M.queryMarkTail}@db-rep.example.com/db?sslmode=require"
`,
    "db/hba.sql": `CREATE USER app WITH PASSWORD '${M.sqlPassword}';
SET CLUSTER SETTING server.host_based_authentication.configuration = 'host all all 0.0.0.0/0 password';
`,
    Dockerfile: `FROM python:3.11
ENV PGSSLMODE=require DB_PASSWORD=${M.dockerPassword}
ENV SECRET_KEY=${M.dockerSecretKey}
CMD ["gunicorn", "shop.wsgi"]
`,
    "certs/client.key": `-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC${M.privateKeyBody}BKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n`,
    "certs/client.crt": "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ\n-----END CERTIFICATE-----\n",
  };
}

/** Runs of one command: what each output was, for the leak check. */
interface Run {
  args: string[];
  /** Files the run writes (-o, --write-baseline): read after it. */
  files?: string[];
  /**
   * Run in this process (runCli with captured streams) rather than as a process of its own: the formatters are
   * pure functions of the report, so the format matrix runs here, while the runs that print to the process's own
   * stdout and stderr (and whatever a child writes there) are real processes.
   */
  inProcess?: boolean;
}

/** Every argv and file the runs were given: each marker must be in one of them (or the check proves nothing). */
const inputs: string[] = [];

async function runAll(runs: readonly Run[]): Promise<{ outputs: Output[]; results: CliResult[] }> {
  for (const r of runs) inputs.push(...r.args);
  const results = await pooled(
    runs.map(
      (r) => () =>
        r.inProcess
          ? cli(r.args, processEnv)
          : runCliProcess(r.args, { env: processEnv, timeoutMs: RUN_TIMEOUT_MS }),
    ),
    PARALLEL,
  );
  const outputs: Output[] = [];
  runs.forEach((run, i) => {
    const r = results[i] as CliResult;
    const label = `wirewarden ${run.args.slice(0, 2).join(" ")} … ${run.args
      .slice(2)
      .filter((a) => a.startsWith("-"))
      .join(" ")}`;
    outputs.push(
      { what: `${label} (stdout)`, text: r.stdout },
      { what: `${label} (stderr)`, text: r.stderr },
    );
    for (const f of run.files ?? [])
      outputs.push({ what: `${label} (file ${f})`, text: readFileSync(f, "utf8") });
  });
  return { outputs, results };
}

let fileCount = 0;
function outFile(ext: string): string {
  fileCount += 1;
  return join(work, `out-${fileCount}.${ext}`);
}

/**
 * The runs a reporting command gets: plain text and JSON with --verbose on stdout (processes of their own), and each
 * format to -o FILE with --verbose and --write-baseline FILE (and --env-file where the command reads settings).
 * `everyFormatOnStdout` adds each format on stdout too. `cheap` is added to every run but the JSON one, which
 * shows the whole of what the command can do.
 */
function reportRuns(
  command: string[],
  opts: { envFile?: boolean; cheap?: string[]; everyFormatOnStdout?: boolean } = {},
): Run[] {
  const cheap = opts.cheap ?? [];
  const runs: Run[] = [
    { args: [...command, ...cheap, "--fail-on", "none"] },
    { args: [...command, "--format", "json", "--verbose", "--fail-on", "none"] },
  ];
  for (const format of FORMATS) {
    if (opts.everyFormatOnStdout && format !== "json")
      runs.push({
        args: [...command, ...cheap, "--format", format, "--verbose", "--fail-on", "none"],
        inProcess: true,
      });
    const out = outFile(format);
    const baseline = outFile("baseline.json");
    runs.push({
      args: [
        ...command,
        ...cheap,
        "--format",
        format,
        "--verbose",
        "-o",
        out,
        "--write-baseline",
        baseline,
        ...(opts.envFile ? ["--env-file", envFile] : []),
      ],
      files: [out, baseline],
      inProcess: true,
    });
  }
  return runs;
}

/** Every report run ended as a report does (0 or 1), not as a usage or internal error. */
function expectReports(results: readonly CliResult[]): void {
  for (const r of results) expect(r.code, r.stderr).toBeLessThan(2);
}

/** The first run that prints JSON on stdout. */
const jsonRun = (runs: readonly Run[], from = 0) =>
  runs.findIndex((r, i) => i >= from && r.args.includes("json") && !r.args.includes("-o"));

function json(r: CliResult | undefined) {
  try {
    return JSON.parse(r?.stdout ?? "");
  } catch {
    throw new Error(`not JSON (exit ${r?.code}): ${r?.stdout.slice(0, 300)}\n${r?.stderr}`);
  }
}

const psqlAsSuperuser = (sql: string) =>
  execFileSync(
    "psql",
    [
      `host=127.0.0.1 port=${cluster.port} user=${cluster.user} dbname=postgres sslmode=require`,
      "-v",
      "ON_ERROR_STOP=1",
      "-qc",
      sql,
    ],
    {
      env: { PATH: process.env.PATH, PGPASSWORD: cluster.password, PGCONNECT_TIMEOUT: "5" },
      timeout: 10_000,
    },
  );

beforeAll(async () => {
  requireDjango();
  await initTemplate();
  work = mkdtempSync(join(tmpdir(), "wirewarden-secret-hygiene-"));
  ca = await createCa({ commonName: "wirewarden secret hygiene CA" });
  caFile = join(work, "ca.pem");
  caKeyFile = join(work, "ca.key");
  writeFileSync(caFile, ca.certPem);
  writeFileSync(caKeyFile, ca.keyPem);
  cluster = await startCluster({
    ssl: true,
    server: await ca.issue({
      commonName: DB_HOST,
      dnsNames: [DB_HOST, "localhost"],
      ipAddresses: ["127.0.0.1"],
    }),
    hba: ["hostssl all all 127.0.0.1/32 scram-sha-256"],
  });
  // The marker passwords are real: the relayed logins of `prove --upstream` succeed with them.
  psqlAsSuperuser(
    `CREATE ROLE ww_app LOGIN PASSWORD '${M.settingsPassword}'; CREATE ROLE ww_dsn LOGIN PASSWORD '${M.dsnPassword}';`,
  );
  closedPort = await freePort("127.0.0.1");
  project = join(work, "project");
  const files = projectFiles(cluster.port);
  write(project, files);
  inputs.push(...Object.values(files));
  chmodSync(join(project, "certs", "client.key"), 0o644);
  envFile = join(work, "prod.env");
  const envText = [
    `DATABASE_URL=postgres://prod:${M.envFileUrlPassword}@db-prod.example.com:5432/db?sslmode=require`,
    `DB_PASSWORD=${M.envFilePassword}`,
    `SECRET_KEY=${M.envFileSecretKey}`,
    `AWS_SECRET_ACCESS_KEY=${M.envFileAwsSecret}`,
    "",
  ].join("\n");
  writeFileSync(envFile, envText);
  inputs.push(envText);
  processEnv = {
    PATH: process.env.PATH,
    PGPASSWORD: M.processPgPassword,
    WW_TEST_DATABASE_URL: `postgres://proc:${M.processUrlPassword}@db-proc.example.com/db`,
  };
  inputs.push(...Object.values(processEnv).map(String));
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("secret hygiene: no secret in any output of any command, in any format", () => {
  it("the formats under test are the ones the code has; the check finds a marker in any form", () => {
    const choices = formatChoices();
    for (const command of ["scan", "probe", "prove"]) expect(choices.get(command)).toEqual([...FORMATS]);
    expect(choices.get("rules")?.length).toBeGreaterThan(0);
    const found = (text: string) => leaks([{ what: "self-test", text }]).length;
    expect(found(`x ${b64(`__${M.dataPassword}__`)} y`)).toBeGreaterThan(0);
    expect(found(`x ${Buffer.from(`_${M.dataPassword}`).toString("base64url")} y`)).toBeGreaterThan(0);
    expect(found(encodeURIComponent(M.dotenvAwsSecret))).toBeGreaterThan(0);
    expect(found(`postgres://app:${M.atHead}@****`)).toBeGreaterThan(0);
    expect(found("postgres://app:****@db-at.example.com/db")).toBe(0);
  });

  it("scan: every format, stdout and -o, --verbose, --env-file, --write-baseline and --baseline", async () => {
    const runs = reportRuns(["scan", project], { envFile: true, everyFormatOnStdout: true });
    const baseline = runs.at(-1)?.files?.[1] as string;
    const { outputs, results } = await runAll(runs);
    const again = await runAll([
      { args: ["scan", project, "--format", "json", "--baseline", baseline, "--fail-on", "none"] },
    ]);
    expect(leaks([...outputs, ...again.outputs])).toEqual([]);
    expectReports([...results, ...again.results]);
    // The secrets were seen (and masked), not missed: WW110 wherever a password is written in the tree.
    const report = json(results[jsonRun(runs)]);
    const ww110 = report.findings.filter((f: { ruleId: string }) => f.ruleId === "WW110");
    const files = new Set(ww110.map((f: { location: { file: string } }) => f.location.file));
    for (const file of [
      "shop/settings.py",
      ".env",
      "docker-compose.yml",
      "deploy/k8s/web.yaml",
      "scripts/db.sh",
    ])
      expect(files).toContain(file);
    expect(ww110.every((f: { evidence: string }) => f.evidence.includes("****"))).toBe(true);
    // The key file was looked at (its mode), and the start command with secrets in its environment was reported.
    expect(report.findings.some((f: { ruleId: string }) => f.ruleId === "WW111")).toBe(true);
    const ww201 = report.findings.filter((f: { ruleId: string }) => f.ruleId === "WW201");
    expect(ww201.map((f: { evidence: string }) => f.evidence).join("\n")).toContain("DB_PASS=****");
    expect(json(again.results[0]).baseline?.suppressed).toBeGreaterThan(0);
  });

  it("probe: a real PostgreSQL, passwords in the target URLs, a --targets file and --from-scan", async () => {
    const targetsFile = join(work, "targets.txt");
    const targetsText = `# lab\npostgres://u:${M.targetsFilePassword}@127.0.0.1:${closedPort}/db\n`;
    writeFileSync(targetsFile, targetsText);
    inputs.push(targetsText);
    const probe = [
      "probe",
      `postgresql://postgres:${M.probePassword}@127.0.0.1:${cluster.port}/postgres?password=${M.probeQueryPassword}&sslpassword=${M.probeSslPassword}&sslrootcert=${caFile}`,
      `cockroachdb://root:${M.probeCrdbPassword}@localhost:${cluster.port}/defaultdb`,
      "--targets",
      targetsFile,
      "--ca",
      caFile,
      "--timeout",
      "3000",
      "--console-port",
      String(closedPort),
    ];
    // --from-scan: a project whose aliases point at the cluster, with their passwords in the settings.
    const local = join(work, "local");
    const localSettings = `DATABASES = {
    "default": {"ENGINE": "django.db.backends.postgresql", "HOST": "127.0.0.1", "PORT": ${cluster.port}, "USER": "ww_app",
                "PASSWORD": "${M.fromScanPassword}", "OPTIONS": {"sslmode": "require", "sslrootcert": "${caFile}"}},
    "replica": {"ENGINE": "django.db.backends.postgresql", "HOST": "localhost", "PORT": ${cluster.port},
                "PASSWORD": "${M.fromScanPassword2}"},
}
`;
    write(local, { "app/__init__.py": "", "app/settings.py": localSettings });
    inputs.push(localSettings);
    const runs = [
      ...reportRuns(probe, { cheap: ["--no-legacy"] }),
      {
        args: [
          "probe",
          "--from-scan",
          local,
          "--env-file",
          envFile,
          "--no-legacy",
          "--format",
          "json",
          "--verbose",
        ],
      },
    ];
    const { outputs, results } = await runAll(runs);
    expect(leaks(outputs)).toEqual([]);
    expectReports(results);
    // The cluster answered (127.0.0.1 and localhost); the closed port of the --targets file did not.
    const reached = (r: CliResult | undefined) =>
      json(r).endpoints.filter((e: { server?: string }) => e.server === "PostgreSQL").length;
    expect(reached(results[jsonRun(runs)])).toBe(2);
    expect(json(results[jsonRun(runs)]).findings.some((f: { ruleId: string }) => f.ruleId === "WW000")).toBe(
      true,
    );
    expect(reached(results.at(-1))).toBe(2);
  });

  it("prove: the real Django client and psql --dsn, relayed to the server that accepts the marker passwords", async () => {
    const upstream = ["--upstream", `127.0.0.1:${cluster.port}`, "--ca", caFile, "--ca-key", caKeyFile];
    const django = [
      "prove",
      project,
      "--settings",
      "shop.settings",
      "--alias",
      "default",
      "--python",
      PYTHON,
    ];
    const dsn = `postgresql://ww_dsn:${M.dsnPassword}@${DB_HOST}:${cluster.port}/postgres?sslmode=prefer&sslpassword=${M.dsnSslPassword}`;
    // A Python start-up per attack: the JSON run makes all four; the others only downgrade, which captures the
    // password, logs in with it and runs a query (WW604, WW605).
    const djangoRuns = reportRuns([...django, ...upstream], {
      envFile: true,
      cheap: ["--attacks", "downgrade"],
    });
    const psqlRuns = reportRuns(["prove", "--dsn", dsn, ...upstream]);
    // Settings that fail to import, on a line that holds a password: one line on stderr, exit 2, no password.
    const broken = join(work, "broken");
    const brokenSettings = `import dj_database_url\nDATABASES = {"default": dj_database_url.parse("postgres://app:${M.importFailPassword}@db.example.com/db", engine=NOT_DEFINED)}\n`;
    write(broken, { "shop/__init__.py": "", "shop/settings.py": brokenSettings });
    inputs.push(brokenSettings);
    const bad: Run[] = [
      { args: ["prove", broken, "--settings", "shop.settings", "--python", PYTHON, "--verbose"] },
      { args: ["prove", "--dsn", `postgresql://u:${M.badDsnPassword}@[::1`, "--timeout", "2000"] },
    ];
    const runs = [...djangoRuns, ...psqlRuns, ...bad];
    const { outputs, results } = await runAll(runs);
    expect(leaks(outputs)).toEqual([]);
    for (const i of [jsonRun(runs), jsonRun(runs, djangoRuns.length)]) {
      const r = json(results[i]);
      // The attacks got the password and used it against the real server: the path a secret takes is exercised.
      expect(r.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(
        expect.arrayContaining(["WW601", "WW604", "WW605"]),
      );
      expect(r.attacks.map((a: { attack: string }) => a.attack)).toEqual([
        "strip",
        "forge",
        "wrong-host",
        "direct-forge",
        "error-reflect",
        "binding-downgrade",
        "downgrade",
      ]);
    }
    expectReports(results.slice(0, -2));
    expect(results.slice(-2).map((r) => r.code)).toEqual([2, 2]);
    expect(results.at(-2)?.stderr).toContain("NOT_DEFINED");
  });

  it("fix: the diff (stdout and -o), --verbose, --env-file, and --write on a copy", async () => {
    const copy = join(work, "fix-copy");
    cpSync(project, copy, { recursive: true });
    const out = outFile("diff");
    const runs: Run[] = [
      { args: ["fix", project] },
      { args: ["fix", project, "--verbose", "--env-file", envFile], inProcess: true },
      {
        args: [
          "fix",
          project,
          "-o",
          out,
          "--client-cert",
          "certs/client.crt",
          "--client-key",
          "certs/client.key",
        ],
        files: [out],
      },
      { args: ["fix", copy, "--write"], inProcess: true },
    ];
    const { outputs, results } = await runAll(runs);
    expect(leaks(outputs)).toEqual([]);
    const [plain] = results;
    expect(plain?.stdout).toContain("verify-full");
    expect(plain?.stdout).toContain('REPLICA_PASS = "****"'); // a context line that holds a password, masked
    expect(plain?.stderr).toMatch(/sslmode of 'computed' is computed \(sslmode_for\(.*\*\*\*\*/); // quotes code, masked
  });

  it("rules, and usage errors whose input holds a secret", async () => {
    const runs: Run[] = (formatChoices().get("rules") ?? []).map((f) => ({ args: ["rules", "--format", f] }));
    runs.push(
      { args: ["rules", "--implemented", "--verbose"] },
      { args: ["probe", `postgresql://u:${M.badTargetPassword}@127.0.0.1:99999/db`] },
      { args: ["probe", `mysql://u:${M.badTargetPassword}@127.0.0.1:3306/db`] },
    );
    const { outputs, results } = await runAll(runs);
    expect(leaks(outputs)).toEqual([]);
    expect(results.slice(-2).map((r) => r.code)).toEqual([2, 2]);
  });

  it("every marker was given to some run (so every check above could have failed)", () => {
    const given = inputs.join("\n");
    const unused = MARKERS.filter((m) => !leakForms(m).some((form) => given.includes(form)));
    expect(unused).toEqual([]);
  });
});
