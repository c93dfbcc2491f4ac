/**
 * Issue 21, "every node, not only the load balancer", proven with real peers: three real PostgreSQL 15 servers
 * (src/lab/pg-cluster.ts) on three loopback addresses, each with another TLS posture — 127.0.0.2 verify-full-clean
 * (a certificate from the lab CA for its IP, hostssl only), 127.0.0.3 accepting plaintext (`host` HBA lines),
 * 127.0.0.4 with a certificate for another name — a Django project whose alias points at the clean one (the
 * "public" address, verify-full with the lab CA), and a compose file that describes the three as CockroachDB nodes
 * (--advertise-addr and --join with literal loopback addresses: nothing is ever resolved). `probe --from-scan`,
 * through the built CLI in a child process, reports all three endpoints and names the plaintext node as the
 * cluster's verdict, although the alias's own endpoint is clean. Certificates are made at test time.
 */
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Cluster, initTemplate, startCluster } from "../../src/lab/pg-cluster.js";
import { type CertificateAuthority, createCa } from "../../src/tls/certs.js";
import { spawnCli, tempDir } from "../helpers/cli.js";
import { shopTree } from "../helpers/tree.js";

const HBA_TLS_ONLY = ["hostssl all all 127.0.0.0/8 scram-sha-256"];

let ca: CertificateAuthority;
let clean: Cluster;
let plaintext: Cluster;
let wrongName: Cluster;
let project: string;
const started: Cluster[] = [];

const endpoint = (c: Cluster) => `postgresql://${c.host}:${c.port}`;

beforeAll(async () => {
  await initTemplate(); // fails saying "apt-get install -y postgresql" when PostgreSQL is missing: never a skip
  ca = await createCa({ commonName: "wirewarden cluster lab CA" });
  const start = async (o: Parameters<typeof startCluster>[0]) => {
    const c = await startCluster(o);
    started.push(c);
    return c;
  };
  [clean, plaintext, wrongName] = await Promise.all([
    start({
      host: "127.0.0.2",
      ssl: true,
      server: await ca.issue({ commonName: "127.0.0.2", ipAddresses: ["127.0.0.2"] }),
      hba: HBA_TLS_ONLY,
    }),
    start({
      host: "127.0.0.3",
      ssl: true,
      server: await ca.issue({ commonName: "127.0.0.3", ipAddresses: ["127.0.0.3"] }),
      hba: ["host all all 127.0.0.0/8 scram-sha-256"],
    }),
    start({
      host: "127.0.0.4",
      ssl: true,
      server: await ca.issue({ commonName: "db.other.example", dnsNames: ["db.other.example"] }),
      hba: HBA_TLS_ONLY,
    }),
  ]);
  const join = started.map((c) => `${c.host}:${c.port}`).join(",");
  const node = (c: Cluster) =>
    `    image: cockroachdb/cockroach:v24.1.0\n    command: start --certs-dir=/certs --advertise-addr=${c.host}:${c.port} --join=${join}`;
  project = shopTree(
    tempDir("wirewarden-cluster-live-"),
    [
      'SECRET_KEY = "wirewarden-test"',
      "DATABASES = {",
      '    "default": {',
      '        "ENGINE": "django.db.backends.postgresql",',
      '        "NAME": "shop",',
      `        "HOST": "${clean.host}",`,
      `        "PORT": ${clean.port},`,
      '        "OPTIONS": {"sslmode": "verify-full", "sslrootcert": "certs/ca.crt"},',
      "    }",
      "}",
      "",
    ].join("\n"),
    {
      "certs/ca.crt": ca.certPem,
      "docker-compose.yml": [
        "services:",
        "  web:",
        "    build: .",
        "    command: gunicorn shop.wsgi",
        "  roach1:",
        node(clean),
        "  roach2:",
        node(plaintext),
        "  roach3:",
        node(wrongName),
      ].join("\n"),
    },
  );
}, 60_000);

afterAll(async () => {
  await Promise.all(started.map((c) => c.stop()));
});

it("probe --from-scan probes every node of the cluster and names the weakest as its verdict (JSON)", () => {
  const began = performance.now();
  const r = spawnCli([
    "probe",
    "--from-scan",
    project,
    "--format",
    "json",
    "--timeout",
    "3000",
    "--no-console",
  ]);
  const ms = performance.now() - began;
  expect(r.stderr).toMatch(/^wirewarden probe: 3 target\(s\), 3 reached, 2 finding\(s\)/);
  expect(r.code).toBe(1); // a critical finding: the plaintext node
  const report = JSON.parse(r.stdout);
  // All three endpoints, the alias's own first.
  expect(report.endpoints.map((e: { endpoint: string }) => e.endpoint)).toEqual(
    [clean, plaintext, wrongName].map(endpoint),
  );
  const ids = (c: Cluster) =>
    report.findings
      .filter((f: { endpoint?: string }) => f.endpoint === endpoint(c))
      .map((f: { ruleId: string; severity: string }) => `${f.ruleId}:${f.severity}`);
  expect(ids(clean)).toEqual([]);
  expect(ids(plaintext)).toEqual(["WW401:critical"]);
  expect(ids(wrongName)).toEqual(["WW404:high"]);
  expect(report.clusters).toEqual([
    {
      name: "CockroachDB nodes of docker-compose.yml (roach1, roach2, roach3)",
      link: `used by shop.settings alias 'default' through ${clean.host}:${clean.port} (--advertise-addr of compose service roach1)`,
      nodes: [
        {
          endpoint: endpoint(clean),
          role: "node",
          source:
            "--from-scan: shop.settings alias 'default'; docker-compose.yml:7 (--advertise-addr of compose service roach1)",
          reached: true,
          worst: null,
          rules: [],
        },
        {
          endpoint: endpoint(plaintext),
          role: "node",
          source: "--from-scan: docker-compose.yml:10 (--advertise-addr of compose service roach2)",
          reached: true,
          worst: "critical",
          rules: ["WW401"],
        },
        {
          endpoint: endpoint(wrongName),
          role: "node",
          source: "--from-scan: docker-compose.yml:13 (--advertise-addr of compose service roach3)",
          reached: true,
          worst: "high",
          rules: ["WW404"],
        },
      ],
      weakest: {
        endpoint: endpoint(plaintext),
        severity: "critical",
        findings: [{ ruleId: "WW401", severity: "critical", words: "plaintext accepted" }],
      },
      verdict: `weakest node ${endpoint(plaintext)}: plaintext accepted (WW401)`,
    },
  ]);
  // Three real servers, probed in parallel through a child process: seconds, not the timeouts.
  expect(ms).toBeLessThan(30_000);
  console.log(`probe --from-scan, 3 nodes: ${Math.round(ms)} ms`);
});

it("the text report has the cluster section: its nodes and the weakest one", () => {
  const r = spawnCli(["probe", "--from-scan", project, "--timeout", "3000", "--no-console", "--no-color"]);
  expect(r.code).toBe(1);
  const section = r.stdout.slice(r.stdout.indexOf("\nclusters\n"));
  expect(section.split("\n").slice(2, 9)).toEqual([
    "  CockroachDB nodes of docker-compose.yml (roach1, roach2, roach3)",
    `    used by shop.settings alias 'default' through ${clean.host}:${clean.port} (--advertise-addr of compose service roach1)`,
    expect.stringMatching(
      new RegExp(`^    ${endpoint(clean)} +no finding  --from-scan: shop.settings alias 'default'`),
    ),
    expect.stringMatching(
      new RegExp(`^    ${endpoint(plaintext)} +critical WW401  --from-scan: docker-compose.yml:10`),
    ),
    expect.stringMatching(
      new RegExp(`^    ${endpoint(wrongName)} +high WW404  --from-scan: docker-compose.yml:13`),
    ),
    `    weakest node ${endpoint(plaintext)}: plaintext accepted (WW401)`,
    "",
  ]);
});

it("the markdown and HTML reports have the clusters too: the verdict, then each node's state", () => {
  const as = (format: string) =>
    spawnCli(["probe", "--from-scan", project, "--timeout", "3000", "--no-console", "--format", format]);
  const md = as("markdown");
  expect(md.code).toBe(1);
  expect(md.stdout).toContain(
    `**CockroachDB nodes of docker-compose.yml (roach1, roach2, roach3)**: weakest node ${endpoint(plaintext)}: plaintext accepted (WW401)`,
  );
  expect(md.stdout).toMatch(
    new RegExp(
      `^\\| \`${endpoint(plaintext)}\` \\| critical WW401 \\| --from-scan: docker-compose.yml:10`,
      "m",
    ),
  );
  const html = as("html");
  expect(html.code).toBe(1);
  const section = html.stdout.slice(html.stdout.indexOf('<section id="clusters">'));
  expect(section).toContain(
    `<p class="verdict bad">weakest node ${endpoint(plaintext)}: plaintext accepted (WW401)</p>`,
  );
  expect(section).toContain(
    `<td><code>${endpoint(clean)}</code></td><td><span class="good">no finding</span></td>`,
  );
  expect(section).toContain(
    `<td><code>${endpoint(wrongName)}</code></td><td><span class="bad">high WW404</span></td>`,
  );
});

it("the same nodes given as one multi-host URL on the command line: one cluster, same verdict", () => {
  const url = `postgresql://${started.map((c) => `${c.host}:${c.port}`).join(",")}/postgres?sslrootcert=${join(project, "certs", "ca.crt")}`;
  const r = spawnCli(["probe", url, "--format", "json", "--timeout", "3000", "--no-console"]);
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout);
  expect(report.endpoints).toHaveLength(3);
  expect(report.clusters).toHaveLength(1);
  expect(report.clusters[0].verdict).toBe(`weakest node ${endpoint(plaintext)}: plaintext accepted (WW401)`);
  expect(report.clusters[0].link).toBe("the target's own host list: libpq tries them in turn");
});
