/**
 * Issue 21, "every node, not only the load balancer": deploy/cluster-nodes.ts names every SQL endpoint of a cluster
 * that the tree names, with the file:line where each is named — compose services running `cockroach start` (their
 * advertise/listen/sql flags and --join lists), Kubernetes StatefulSets (replicas × the headless Service), the
 * operator's CrdbClusters, and the
 * cockroachdb Helm chart installed by a command of the tree. What it cannot name without guessing is a note.
 * Pure over files: nothing here resolves or connects.
 */
import { describe, expect, it } from "vitest";
import {
  chartFullname,
  MAX_NODES_PER_CLUSTER,
  MAX_REPLICAS,
  readClusterNodes,
} from "../../src/deploy/cluster-nodes.js";
import { readDeployFiles } from "../../src/deploy/read-deploy.js";
import { readYaml } from "../../src/deploy/read-yaml.js";

type Files = Record<string, string>;

/** `host:port @ file:line`, one per node, in order. */
function nodesOf(files: Files): string[][] {
  const facts = readClusterNodes(Object.entries(files).map(([path, text]) => ({ path, text })));
  return facts.clusters.map((c) =>
    c.nodes.map((n) => `${n.host}:${n.port} @ ${n.location.file}:${n.location.line}`),
  );
}

function notesOf(files: Files): string[] {
  return readClusterNodes(Object.entries(files).map(([path, text]) => ({ path, text }))).notes.map(
    (n) => `${n.location.file}:${n.location.line}: ${n.note}`,
  );
}

const COMPOSE_FLAGS = `services:
  web:
    image: shop
    command: gunicorn shop.wsgi
  roach1:
    image: cockroachdb/cockroach:v24.1.0
    command: start --certs-dir=/certs --advertise-addr=127.0.0.2:26301 --join=127.0.0.2:26301,127.0.0.3:26302,127.0.0.4:26303
  roach2:
    image: cockroachdb/cockroach:v24.1.0
    command: start --certs-dir=/certs --advertise-addr=127.0.0.3:26302 --join=127.0.0.2:26301,127.0.0.3:26302,127.0.0.4:26303
  roach3:
    image: cockroachdb/cockroach:v24.1.0
    command: ["start", "--certs-dir=/certs", "--advertise-addr=127.0.0.4:26303", "--join=127.0.0.2:26301,127.0.0.3:26302,127.0.0.4:26303"]
`;

const COMPOSE_NAMES = `services:
  roach-0:
    image: cockroachdb/cockroach
    command: start --insecure --join=roach-0,roach-1,roach-2
  roach-1:
    image: cockroachdb/cockroach
    hostname: db-one
    command:
      - start
      - --insecure
      - --join=roach-0,roach-1,roach-2
  roach-2:
    image: cockroachdb/cockroach
    entrypoint: ["/cockroach/cockroach"]
    command: start --insecure --listen-addr=:26258 --join roach-0,roach-1,roach-2
`;

const COMPOSE_SQL_SPLIT = `services:
  n1:
    image: cockroachdb/cockroach
    command: >-
      start --certs-dir=/certs
      --listen-addr=0.0.0.0:26357 --sql-addr=0.0.0.0:26257
      --advertise-addr=n1.internal:26357
      --join=n1.internal:26357,10.9.0.7:26357
`;

const COMPOSE_SCRIPT = `services:
  crdb:
    image: alpine
    command: ["sh", "-c", "exec cockroach start --host=db.lan --port=26400 --advertise-sql-addr=sql.lan:26500 --join=db.lan:26400,peer.lan"]
`;

const STATEFULSET = `apiVersion: v1
kind: Service
metadata:
  name: cockroachdb-public
  namespace: prod
spec:
  selector:
    app: cockroachdb
  ports:
    - port: 26257
      name: grpc
---
apiVersion: v1
kind: Service
metadata:
  name: cockroachdb
  namespace: prod
spec:
  clusterIP: None
  selector:
    app: cockroachdb
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: cockroachdb
  namespace: prod
spec:
  serviceName: cockroachdb
  replicas: 3
  selector:
    matchLabels:
      app: cockroachdb
  template:
    metadata:
      labels:
        app: cockroachdb
    spec:
      containers:
        - name: cockroachdb
          image: cockroachdb/cockroach:v24.1.0
          ports:
            - containerPort: 26257
              name: grpc
            - containerPort: 8080
              name: http
          command:
            - "/bin/bash"
            - "-ecx"
            - exec /cockroach/cockroach start --logtostderr --certs-dir /cockroach/cockroach-certs --advertise-host $(hostname -f) --join cockroachdb-0.cockroachdb,cockroachdb-1.cockroachdb,cockroachdb-2.cockroachdb
`;

const HELM_SCRIPT = `#!/bin/sh
set -e
helm upgrade --install crdb cockroachdb/cockroachdb \\
  --namespace data -f deploy/crdb-values.yaml --set conf.port=26300
`;

describe("cluster nodes, compose", () => {
  it.each<[string, Files, string[][]]>([
    [
      "--advertise-addr of each service, --join naming the same nodes (string and list commands)",
      { "docker-compose.yml": COMPOSE_FLAGS },
      [
        [
          "127.0.0.2:26301 @ docker-compose.yml:7",
          "127.0.0.3:26302 @ docker-compose.yml:10",
          "127.0.0.4:26303 @ docker-compose.yml:13",
        ],
      ],
    ],
    [
      "service names on the compose network, --join by name (with `=` and with a space), --listen-addr's port",
      { "compose.yaml": COMPOSE_NAMES },
      [
        [
          "roach-0:26257 @ compose.yaml:2",
          "roach-1:26257 @ compose.yaml:5",
          "roach-2:26258 @ compose.yaml:12",
        ],
      ],
    ],
    [
      "--sql-addr splits SQL off: the advertised host with the SQL port; a join entry that is only an RPC address is a note",
      { "docker-compose.yml": COMPOSE_SQL_SPLIT },
      [["n1.internal:26257 @ docker-compose.yml:7"]],
    ],
    [
      "a sh -c script: --advertise-sql-addr wins over --host/--port; a join entry of another node is a node",
      { "docker-compose.yml": COMPOSE_SCRIPT },
      [["sql.lan:26500 @ docker-compose.yml:4", "peer.lan:26257 @ docker-compose.yml:4"]],
    ],
    [
      "a service that starts no CockroachDB node is none",
      { "docker-compose.yml": "services:\n  db:\n    image: postgres:16\n    command: postgres -c ssl=on\n" },
      [],
    ],
  ])("%s", (_name, files, expected) => {
    expect(nodesOf(files)).toEqual(expected);
  });

  it("the --join list ties services into one cluster; services that do not join each other are two", () => {
    const two = `services:
  a1:
    image: cockroachdb/cockroach
    command: start --join=a1,a2
  a2:
    image: cockroachdb/cockroach
    command: start --join=a1,a2
  b1:
    image: cockroachdb/cockroach
    command: start-single-node --insecure
`;
    const facts = readClusterNodes([{ path: "docker-compose.yml", text: two }]);
    expect(facts.clusters.map((c) => c.name)).toEqual([
      "CockroachDB nodes of docker-compose.yml (a1, a2)",
      "CockroachDB nodes of docker-compose.yml (b1)",
    ]);
    // The names an alias may use for the cluster: the services, and what --join names.
    expect(facts.clusters[0]?.names.map((n) => n.host)).toEqual(["a1", "a2"]);
  });

  it("the names of a cluster include the join hosts and the advertised hosts", () => {
    const facts = readClusterNodes([{ path: "docker-compose.yml", text: COMPOSE_FLAGS }]);
    expect(facts.clusters[0]?.names.map((n) => n.host)).toEqual([
      "roach1",
      "127.0.0.2",
      "roach2",
      "127.0.0.3",
      "roach3",
      "127.0.0.4",
    ]);
    expect(facts.clusters[0]?.nodes[1]?.how).toBe("--advertise-addr of compose service roach2");
  });

  it("notes what it will not guess", () => {
    expect(notesOf({ "docker-compose.yml": COMPOSE_SQL_SPLIT })).toEqual([
      "docker-compose.yml:8: --join entry 10.9.0.7:26357 of compose service n1 is an RPC address and these nodes take SQL on a separate --sql-addr: its SQL port is not named, not probed",
    ]);
    expect(
      notesOf({
        "docker-compose.yml":
          "services:\n  roach:\n    image: cockroachdb/cockroach\n    command: start --insecure --join=roach\n    deploy:\n      replicas: 3\n",
      }),
    ).toEqual([
      "docker-compose.yml:2: compose service roach runs 3 replicas behind the one name roach: a probe of it reaches whichever replica answers, not each node",
    ]);
    const computed =
      "services:\n  r:\n    image: cockroachdb/cockroach\n    command: start --join=$${PEERS}\n";
    expect(notesOf({ "docker-compose.yml": computed })).toEqual([
      "docker-compose.yml:4: --join entry $${PEERS} of compose service r is computed at run time: not probed",
    ]);
  });
});

describe("cluster nodes, Kubernetes and Helm", () => {
  it.each<[string, Files, string[][]]>([
    [
      "StatefulSet replicas × headless Service, with the namespace written; join entries are the same pods",
      { "k8s/cockroachdb.yaml": STATEFULSET },
      [
        [
          "cockroachdb-0.cockroachdb.prod:26257 @ k8s/cockroachdb.yaml:30",
          "cockroachdb-1.cockroachdb.prod:26257 @ k8s/cockroachdb.yaml:30",
          "cockroachdb-2.cockroachdb.prod:26257 @ k8s/cockroachdb.yaml:30",
        ],
      ],
    ],
    [
      "replicas absent: Kubernetes' default of 1 (join entries past it name pods that do not exist); no namespace: the short name",
      {
        "sts.yaml":
          STATEFULSET.split("---")[2]?.replace("  namespace: prod\n", "").replace("  replicas: 3\n", "") ??
          "",
      },
      [["cockroachdb-0.cockroachdb:26257 @ sts.yaml:7"]],
    ],
    [
      "the chart installed by a helm command of the tree: release crdb, fullname crdb-cockroachdb, -f replicas, --set port",
      {
        "deploy/install.sh": HELM_SCRIPT,
        "deploy/crdb-values.yaml": "statefulset:\n  replicas: 2\n",
      },
      [
        [
          "crdb-cockroachdb-0.crdb-cockroachdb.data:26300 @ deploy/install.sh:3",
          "crdb-cockroachdb-1.crdb-cockroachdb.data:26300 @ deploy/crdb-values.yaml:2",
        ],
      ],
    ],
    [
      "a release whose name contains the chart's is the fullname itself; the chart's default of 3 replicas",
      { Makefile: "deploy:\n\thelm install cockroachdb cockroachdb/cockroachdb\n" },
      [
        [
          "cockroachdb-0.cockroachdb:26257 @ Makefile:2",
          "cockroachdb-1.cockroachdb:26257 @ Makefile:2",
          "cockroachdb-2.cockroachdb:26257 @ Makefile:2",
        ],
      ],
    ],
    [
      "an umbrella chart: the dependency's values under its alias, and its alias as the chart's name",
      {
        "chart/Chart.yaml": "name: shop\ndependencies:\n  - name: cockroachdb\n    alias: db\n",
        "chart/values.yaml": "db:\n  statefulset:\n    replicas: 1\n",
        ".github/workflows/deploy.yml": "jobs:\n  d:\n    steps:\n      - run: helm upgrade shop ./chart\n",
      },
      [["shop-db-0.shop-db:26257 @ .github/workflows/deploy.yml:4"]],
    ],
  ])("%s", (_name, files, expected) => {
    expect(nodesOf(files)).toEqual(expected);
  });

  it("a CrdbCluster: spec.nodes pods of the operator's StatefulSet and headless Service, named as the cluster, on sqlPort", () => {
    const crdb = (spec: string, ns = "  namespace: data\n") =>
      `apiVersion: crdb.cockroachlabs.com/v1alpha1\nkind: CrdbCluster\nmetadata:\n  name: shop-db\n${ns}spec:\n  tlsEnabled: true\n${spec}`;
    expect(nodesOf({ "k8s/crdb.yaml": crdb("  nodes: 3\n  sqlPort: 26300\n") })).toEqual([
      [
        "shop-db-0.shop-db.data:26300 @ k8s/crdb.yaml:8",
        "shop-db-1.shop-db.data:26300 @ k8s/crdb.yaml:8",
        "shop-db-2.shop-db.data:26300 @ k8s/crdb.yaml:8",
      ],
    ]);
    // No sqlPort: the operator's 26257 (its grpcPort, 26258, is not SQL); no namespace: the short names.
    expect(nodesOf({ "crdb.yaml": crdb("  nodes: 1\n", "") })).toEqual([
      ["shop-db-0.shop-db:26257 @ crdb.yaml:7"],
    ]);
    const facts = readClusterNodes([{ path: "k8s/crdb.yaml", text: crdb("  nodes: 3\n") }]);
    expect(facts.clusters[0]?.name).toBe(
      "CockroachDB operator cluster shop-db (namespace data) of k8s/crdb.yaml",
    );
    const names = facts.clusters[0]?.names.map((n) => n.host) ?? [];
    expect(names).toEqual(
      expect.arrayContaining(["shop-db-public", "shop-db-public.data.svc.cluster.local", "shop-db.data"]),
    );
    expect(notesOf({ "crdb.yaml": crdb("  nodes: $NODES\n") })).toEqual([
      'crdb.yaml:8: CrdbCluster shop-db: nodes "$NODES" is not a count the tree gives: its pods are not probed',
    ]);
  });

  it("links a StatefulSet to the Services that select its pods, with their DNS names", () => {
    const facts = readClusterNodes([{ path: "k8s/cockroachdb.yaml", text: STATEFULSET }]);
    const names = facts.clusters[0]?.names.map((n) => n.host) ?? [];
    expect(names).toContain("cockroachdb-public");
    expect(names).toContain("cockroachdb-public.prod.svc.cluster.local");
    expect(facts.clusters[0]?.nodes[0]?.how).toBe(
      "replica 0 of StatefulSet cockroachdb (3 replicas) × headless Service cockroachdb",
    );
  });

  it("a StatefulSet that runs no CockroachDB is none; replicas the tree does not give are a note", () => {
    const pg =
      STATEFULSET.split("---")[2]
        ?.replace(/image: cockroachdb\/cockroach:v24.1.0/, "image: postgres:16")
        .replace(/command:[\s\S]*$/, "") ?? "";
    expect(nodesOf({ "sts.yaml": pg })).toEqual([]);
    const computed = STATEFULSET.split("---")[2]?.replace("replicas: 3", 'replicas: "3x"') ?? "";
    expect(nodesOf({ "sts.yaml": computed })).toEqual([]);
    expect(notesOf({ "sts.yaml": computed })).toEqual([
      'sts.yaml:9: StatefulSet cockroachdb: replicas "3x" is not a number the tree gives: its pods are not probed',
    ]);
  });

  it(`bounded: a StatefulSet of 10,000 replicas names the first ${MAX_REPLICAS} and says so`, () => {
    const big = STATEFULSET.split("---")[2]?.replace("replicas: 3", "replicas: 10000") ?? "";
    expect(nodesOf({ "sts.yaml": big })[0]).toHaveLength(MAX_REPLICAS);
    expect(notesOf({ "sts.yaml": big })).toEqual([
      `sts.yaml:9: StatefulSet cockroachdb: 10000 replicas, the first ${MAX_REPLICAS} probed`,
    ]);
  });

  it("never invents a release name: the chart's values without an install command are a note", () => {
    const files = {
      "charts/cockroachdb/Chart.yaml": "name: cockroachdb\nversion: 14.0.0\n",
      "charts/cockroachdb/values.yaml": "statefulset:\n  replicas: 5\n",
    };
    expect(nodesOf(files)).toEqual([]);
    expect(notesOf(files)).toEqual([
      "charts/cockroachdb/Chart.yaml:1: the cockroachdb Helm chart in charts/cockroachdb: no helm install of the tree names its release, so its pods (<release>-cockroachdb-0, …) are not probed; give them as targets",
    ]);
    expect(notesOf({ "ci.sh": "helm install --generate-name cockroachdb/cockroachdb\n" })).toEqual([
      "ci.sh:1: helm cockroachdb/cockroachdb in ci.sh: the release name is not in the tree (the pods are <release>-cockroachdb-0.<release>-cockroachdb, …): not probed; give them as targets",
    ]);
  });

  it("the chart's fullname template, as _helpers.tpl writes it", () => {
    expect(chartFullname("crdb", "cockroachdb")).toBe("crdb-cockroachdb");
    expect(chartFullname("my-cockroachdb", "cockroachdb")).toBe("my-cockroachdb");
    expect(chartFullname("x", "cockroachdb", "db")).toBe("db");
    expect(chartFullname(undefined, "cockroachdb")).toBeUndefined();
    expect(chartFullname(`${"a".repeat(60)}`, "cockroachdb")).toBe("a".repeat(56));
  });
});

it("bounded: a --join list of 50,000 entries and 5,000 computed ones end quickly, in bounded nodes and notes", () => {
  const hosts = Array.from(
    { length: 50_000 },
    (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:26257`,
  );
  const computed = Array.from({ length: 5_000 }, (_, i) => `$H${i}`);
  const text = `services:\n  r:\n    image: cockroachdb/cockroach\n    command: start --join=${[...hosts, ...computed].join(",")}\n`;
  const began = performance.now();
  const facts = readClusterNodes([{ path: "docker-compose.yml", text }]);
  expect(performance.now() - began).toBeLessThan(5_000);
  expect(facts.clusters[0]?.nodes).toHaveLength(MAX_NODES_PER_CLUSTER);
  expect(facts.notes.length).toBeLessThanOrEqual(51);
  expect(facts.notes.at(-1)?.note).toMatch(/^\d+ more such notes$/);
});

it("reaches the scan model through the deployment readers (DeployFacts.clusterNodes)", () => {
  const facts = readDeployFiles([{ path: "docker-compose.yml", text: COMPOSE_FLAGS }], readYaml);
  expect(facts.clusterNodes?.clusters[0]?.nodes).toHaveLength(3);
});
