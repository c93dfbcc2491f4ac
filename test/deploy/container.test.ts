/**
 * The container (deploy/docker): no Docker engine runs on this machine, so the image is not built here; the
 * Dockerfile is checked for what it must hold, and the entrypoint — the very command each pod of the Helm chart's
 * Indexed Job runs — is run as Kubernetes would run it, with JOB_COMPLETION_INDEX = 0..N-1, against real
 * PostgreSQL endpoints and a stand-in Pushgateway: the shards cover every endpoint exactly once.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, initTemplate, startCluster } from "../../src/lab/pg-cluster.js";
import { createCa } from "../../src/tls/certs.js";
import { BUILT_CLI, LAUNCHER, REPO, spawnAsync, tempDir } from "../helpers/cli.js";
import { type Relay, startRelay } from "../helpers/relay.js";

const HOST = "127.0.0.1";
const ENTRYPOINT = join(REPO, "deploy", "docker", "entrypoint.sh");

describe("the Dockerfile", () => {
  const text = readFileSync(join(REPO, "deploy", "docker", "Dockerfile"), "utf8");
  const stages = text.split(/^FROM /m).slice(1);

  it("builds in one stage and runs from another, as a numeric non-root user, through the entrypoint", () => {
    expect(stages.length).toBe(2);
    const runtime = stages[1] as string;
    expect(runtime).toMatch(/^USER 65532:65532$/m);
    expect(runtime).not.toMatch(/npm ci(?! --omit)|tsc/);
    expect(runtime).toMatch(/^ENTRYPOINT \["\/usr\/local\/bin\/wirewarden-entrypoint"\]$/m);
  });

  it("gives the build stage what `npm run build` reads", () => {
    const build = stages[0] as string;
    // tsc, then scripts/bundle.mjs, which makes the code cache from one scan of the bundled example.
    for (const src of ["tsconfig.json", "src", "scripts/bundle.mjs", "examples/vulnerable-shop"])
      expect(build).toMatch(new RegExp(`^COPY ${src.replace(/[./]/g, "\\$&")} `, "m"));
    const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as {
      scripts: { build: string };
    };
    expect(pkg.scripts.build).toContain("node scripts/bundle.mjs");
  });

  it("copies only what exists in the repository", () => {
    for (const m of text.matchAll(/^COPY (?!--from)(.+) (\S+)$/gm)) {
      for (const src of (m[1] as string).split(/\s+/)) expect(existsSync(join(REPO, src)), src).toBe(true);
    }
  });
});

let cluster: Cluster;
const relays: Relay[] = [];
let pushgateway: HttpServer;
let pushUrl: string;
const pushed = new Map<string, string>();

beforeAll(async () => {
  if (!existsSync(BUILT_CLI))
    throw new Error("dist/cli/main.js is missing: run `npm run build` (npm test does)");
  await initTemplate(); // fails with "apt-get install -y postgresql" when PostgreSQL is missing
  const ca = await createCa({ commonName: "wirewarden entrypoint test CA" });
  cluster = await startCluster({
    ssl: true,
    server: await ca.issue({ commonName: "localhost", ipAddresses: [HOST] }),
    hba: ["hostssl all all 127.0.0.1/32 scram-sha-256"],
  });
  // Seven endpoints: relays in front of the one server (test/helpers/relay.ts).
  for (let i = 0; i < 7; i++) relays.push(await startRelay(cluster.port, HOST));
  pushgateway = createHttpServer((req, res) => {
    let body = "";
    req.on("data", (d) => {
      body += d;
    });
    req.on("end", () => {
      if (req.method === "PUT") pushed.set(req.url ?? "", body);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => pushgateway.listen(0, HOST, resolve));
  const a = pushgateway.address();
  if (!a || typeof a === "string") throw new Error("no port");
  pushUrl = `http://${HOST}:${a.port}`;
}, 120_000);

afterAll(async () => {
  await Promise.all(relays.map((r) => r.close()));
  await new Promise<void>((resolve) => pushgateway?.close(() => resolve()));
  await cluster?.stop();
});

function entrypoint(args: string[], env: NodeJS.ProcessEnv) {
  return spawnAsync("sh", [ENTRYPOINT, ...args], {
    PATH: process.env.PATH,
    WIREWARDEN_CLI: LAUNCHER,
    ...env,
  });
}

describe("the entrypoint", () => {
  it("with arguments, it is the CLI", async () => {
    const r = await entrypoint(["--version"], {});
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^wirewarden \d+\.\d+\.\d+/);
  });

  it("as the Indexed Job's pods 0..2: every endpoint probed by exactly one shard, each shard's metrics pushed to its own group", async () => {
    const dir = tempDir("ww-entrypoint-");
    const targets = relays.map((r) => `postgresql://${HOST}:${r.port}`);
    writeFileSync(join(dir, "targets.txt"), `# the ConfigMap's file\n${targets.join("\n")}\n`);
    const seen: string[] = [];
    for (let index = 0; index < 3; index++) {
      const r = await entrypoint([], {
        WIREWARDEN_JOB: "probe",
        JOB_COMPLETION_INDEX: String(index),
        WIREWARDEN_SHARD_COUNT: "3",
        WIREWARDEN_TARGETS: join(dir, "targets.txt"),
        WIREWARDEN_OUT: join(dir, "out"),
        WIREWARDEN_FAIL_ON: "none",
        WIREWARDEN_PUSHGATEWAY: pushUrl,
      });
      expect(r.code, r.stderr).toBe(0);
      const lines = readFileSync(join(dir, "out", `shard-${index}.jsonl`), "utf8")
        .split("\n")
        .filter(Boolean);
      const run = JSON.parse(lines[0] as string);
      expect(run.shard).toMatchObject({ index, count: 3 });
      seen.push(
        ...lines
          .map((l) => JSON.parse(l))
          .filter((l) => l.type === "target")
          .map((l) => l.target),
      );
      const metrics = pushed.get(`/metrics/job/wirewarden/shard/${index}`);
      expect(metrics, `shard ${index} pushed`).toBeDefined();
      expect(metrics).not.toContain("# EOF");
    }
    expect(seen.sort()).toEqual([...targets].sort());
    // Each pushed group holds its own endpoints only.
    const pushedEndpoints = [...pushed.values()].flatMap((m) =>
      [...m.matchAll(/^wirewarden_endpoint_up\{endpoint="([^"]+)"\}/gm)].map((x) => x[1]),
    );
    expect(pushedEndpoints.sort()).toEqual([...targets].sort());
  }, 180_000);

  it("refuses an index that is not a number", async () => {
    const r = await entrypoint([], { WIREWARDEN_JOB: "probe", JOB_COMPLETION_INDEX: "x;rm" });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not a number/);
  });
});
