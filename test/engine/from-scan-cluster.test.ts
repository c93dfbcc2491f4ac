/**
 * Issue 21, "every node, not only the load balancer": `probe --from-scan` probes every SQL endpoint of the cluster
 * an alias uses, not only the address the alias names. A multi-host HOST (or URL) is one target per host (it used to
 * be one target whose host was "a,b,c"); the nodes the deployment files name are targets of their own, linked to the
 * alias whose host is one of the cluster's names, and probed all the same (said so) when no alias can be linked.
 * Nothing here probes; every address is a loopback one or a name that is never resolved.
 */
import { describe, expect, it } from "vitest";
import { targetsFromScan } from "../../src/engine/probe-from-scan.js";
import type { DbTarget } from "../../src/probe/model.js";
import { tempDir } from "../helpers/cli.js";
import { shopTree } from "../helpers/tree.js";

const settings = (fields: string, extra = "") =>
  [
    "import os",
    extra,
    "DATABASES = {",
    '    "default": {',
    '        "ENGINE": "django.db.backends.postgresql",',
    `        ${fields}`,
    '        "NAME": "shop",',
    '        "OPTIONS": {"sslmode": "verify-full"},',
    "    }",
    "}",
    "",
  ].join("\n");

const COMPOSE = `services:
  web:
    build: .
    command: gunicorn shop.wsgi
  roach1:
    image: cockroachdb/cockroach:v24.1.0
    command: start --certs-dir=/certs --advertise-addr=127.0.0.2:26301 --join=127.0.0.2:26301,127.0.0.3:26302,127.0.0.4:26303
  roach2:
    image: cockroachdb/cockroach:v24.1.0
    command: start --certs-dir=/certs --advertise-addr=127.0.0.3:26302 --join=127.0.0.2:26301,127.0.0.3:26302,127.0.0.4:26303
  roach3:
    image: cockroachdb/cockroach:v24.1.0
    command: start --certs-dir=/certs --advertise-addr=127.0.0.4:26303 --join=127.0.0.2:26301,127.0.0.3:26302,127.0.0.4:26303
`;

/** `endpoint [role] ← source`, or `endpoint (no cluster)`. */
const shown = (t: DbTarget) =>
  t.cluster ? `${t.endpoint} [${t.cluster.role}] ← ${t.source}` : `${t.endpoint} (no cluster) ← ${t.source}`;

async function targetsOf(settingsText: string, extra: Record<string, string> = {}) {
  const dir = shopTree(tempDir("wirewarden-from-scan-cluster-"), settingsText, extra);
  return targetsFromScan(dir, { env: new Map() });
}

describe("probe --from-scan: every host of a host list", () => {
  it.each<[string, string, string[]]>([
    [
      "HOST a,b,c with one PORT per host",
      '"HOST": "127.0.0.2,127.0.0.3,127.0.0.4", "PORT": "26301,26302,26303",',
      [
        "postgresql://127.0.0.2:26301 [node] ← --from-scan: shop.settings alias 'default', host 1 of 3 (shop/settings.py:6)",
        "postgresql://127.0.0.3:26302 [node] ← --from-scan: shop.settings alias 'default', host 2 of 3 (shop/settings.py:6)",
        "postgresql://127.0.0.4:26303 [node] ← --from-scan: shop.settings alias 'default', host 3 of 3 (shop/settings.py:6)",
      ],
    ],
    [
      "HOST a,b with one PORT for both",
      '"HOST": "127.0.0.2,127.0.0.3", "PORT": 26257,',
      [
        "postgresql://127.0.0.2:26257 [node] ← --from-scan: shop.settings alias 'default', host 1 of 2 (shop/settings.py:6)",
        "postgresql://127.0.0.3:26257 [node] ← --from-scan: shop.settings alias 'default', host 2 of 2 (shop/settings.py:6)",
      ],
    ],
    [
      "one host: one target, no cluster (as before)",
      '"HOST": "127.0.0.2", "PORT": 26257,',
      ["postgresql://127.0.0.2:26257 (no cluster) ← --from-scan: shop.settings alias 'default'"],
    ],
  ])("%s", async (_name, fields, expected) => {
    const { targets } = await targetsOf(settings(fields));
    expect(targets.map(shown)).toEqual(expected);
  });

  it("a multi-host URL through dj-database-url: the hosts and ports the URL names", async () => {
    const { targets } = await targetsOf(
      [
        "import dj_database_url",
        'DATABASES = {"default": dj_database_url.parse("postgresql://u:secret@127.0.0.2:26301,127.0.0.3:26302/shop?sslmode=verify-full&load_balance_hosts=random")}',
        "",
      ].join("\n"),
    );
    expect(targets.map((t) => t.endpoint)).toEqual([
      "postgresql://127.0.0.2:26301",
      "postgresql://127.0.0.3:26302",
    ]);
    expect(targets[0]?.cluster?.link).toMatch(
      /^the multi-host URL of shop.settings alias 'default' \(shop\/settings.py:2\): load_balance_hosts/,
    );
    expect(JSON.stringify(targets)).not.toContain("secret");
  });

  it("libpq refuses 2 ports for 3 hosts: a note, no target", async () => {
    const { targets, skipped } = await targetsOf(
      settings('"HOST": "127.0.0.2,127.0.0.3,127.0.0.4", "PORT": "1,2",'),
    );
    expect(targets).toEqual([]);
    expect(skipped).toEqual(["shop.settings alias 'default': libpq refuses 2 port numbers for 3 hosts"]);
  });
});

describe("probe --from-scan: the nodes the deployment names", () => {
  it("compose nodes linked to the alias whose host is one of them; each says where it is named", async () => {
    const { targets } = await targetsOf(settings('"HOST": "127.0.0.2", "PORT": 26301,'), {
      "docker-compose.yml": COMPOSE,
    });
    expect(targets.map(shown)).toEqual([
      "postgresql://127.0.0.2:26301 [node] ← --from-scan: shop.settings alias 'default'; docker-compose.yml:7 (--advertise-addr of compose service roach1)",
      "postgresql://127.0.0.3:26302 [node] ← --from-scan: docker-compose.yml:10 (--advertise-addr of compose service roach2)",
      "postgresql://127.0.0.4:26303 [node] ← --from-scan: docker-compose.yml:13 (--advertise-addr of compose service roach3)",
    ]);
    expect(targets[0]?.cluster).toEqual({
      name: "CockroachDB nodes of docker-compose.yml (roach1, roach2, roach3)",
      role: "node",
      link: "used by shop.settings alias 'default' through 127.0.0.2:26301 (--advertise-addr of compose service roach1)",
    });
  });

  it("an alias on a compose service name is the cluster's public address; the nodes keep its CA", async () => {
    const { targets } = await targetsOf(
      settings('"HOST": "roach2", "PORT": 26257,').replace(
        '{"sslmode": "verify-full"}',
        '{"sslmode": "verify-full", "sslrootcert": "certs/ca.crt"}',
      ),
      {
        "docker-compose.yml": COMPOSE,
        "certs/ca.crt": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
      },
    );
    expect(targets.map((t) => `${t.endpoint} ${t.cluster?.role} ${t.sslrootcertName ?? "-"}`)).toEqual([
      "postgresql://roach2:26257 public certs/ca.crt",
      "postgresql://127.0.0.2:26301 node certs/ca.crt",
      "postgresql://127.0.0.3:26302 node certs/ca.crt",
      "postgresql://127.0.0.4:26303 node certs/ca.crt",
    ]);
    expect(targets[0]?.cluster?.link).toBe(
      "used by shop.settings alias 'default' through roach2:26257 (compose service roach2)",
    );
  });

  it("nodes no alias can be linked to are still probed, as the cluster's nodes, saying so", async () => {
    const { targets } = await targetsOf(settings('"HOST": "127.0.0.9", "PORT": 26257,'), {
      "docker-compose.yml": COMPOSE,
    });
    expect(targets.map((t) => `${t.endpoint} ${t.cluster?.role ?? "-"}`)).toEqual([
      "postgresql://127.0.0.9:26257 -",
      "postgresql://127.0.0.2:26301 node",
      "postgresql://127.0.0.3:26302 node",
      "postgresql://127.0.0.4:26303 node",
    ]);
    expect(targets[1]?.cluster?.link).toBe(
      "no alias of the settings uses roach1, 127.0.0.2, roach2, …: probed as the cluster's nodes all the same",
    );
  });

  it("an alias host list naming the same nodes as the compose file is one cluster", async () => {
    const { targets } = await targetsOf(settings('"HOST": "127.0.0.2,127.0.0.3", "PORT": "26301,26302",'), {
      "docker-compose.yml": COMPOSE,
    });
    expect(new Set(targets.map((t) => t.cluster?.name))).toEqual(
      new Set(["CockroachDB nodes of docker-compose.yml (roach1, roach2, roach3)"]),
    );
    expect(targets).toHaveLength(3);
    expect(targets[0]?.cluster?.link).toContain("the host list of shop.settings alias 'default'");
    expect(targets[0]?.cluster?.link).toContain(
      "used by shop.settings alias 'default' through 127.0.0.2:26301",
    );
  });

  it("an alias on the public Service of a StatefulSet: the Service is the public address, the pods its nodes", async () => {
    const manifest = [
      "apiVersion: v1",
      "kind: Service",
      "metadata: {name: cockroachdb-public, namespace: shop}",
      "spec: {selector: {app: cockroachdb}}",
      "---",
      "apiVersion: apps/v1",
      "kind: StatefulSet",
      "metadata: {name: cockroachdb, namespace: shop}",
      "spec:",
      "  serviceName: cockroachdb",
      "  replicas: 2",
      "  template:",
      "    metadata: {labels: {app: cockroachdb}}",
      "    spec:",
      "      containers:",
      "        - {name: db, image: cockroachdb/cockroach:v24.1.0, args: [start, --certs-dir=/certs]}",
      "",
    ].join("\n");
    const { targets } = await targetsOf(
      settings('"HOST": "cockroachdb-public.shop.svc.cluster.local", "PORT": 26257,'),
      {
        "k8s/crdb.yaml": manifest,
      },
    );
    expect(targets.map(shown)).toEqual([
      "postgresql://cockroachdb-public.shop.svc.cluster.local:26257 [public] ← --from-scan: shop.settings alias 'default'",
      "postgresql://cockroachdb-0.cockroachdb.shop:26257 [node] ← --from-scan: k8s/crdb.yaml:11 (replica 0 of StatefulSet cockroachdb (2 replicas) × headless Service cockroachdb)",
      "postgresql://cockroachdb-1.cockroachdb.shop:26257 [node] ← --from-scan: k8s/crdb.yaml:11 (replica 1 of StatefulSet cockroachdb (2 replicas) × headless Service cockroachdb)",
    ]);
    expect(targets[0]?.cluster?.link).toBe(
      "used by shop.settings alias 'default' through cockroachdb-public.shop.svc.cluster.local:26257 (Service cockroachdb-public (selects StatefulSet cockroachdb's pods))",
    );
  });

  it("an alias on the Helm release's public Service: the release's pods, as the chart names them", async () => {
    const { targets } = await targetsOf(settings('"HOST": "crdb-cockroachdb-public", "PORT": 26257,'), {
      "deploy.sh": "helm install crdb cockroachdb/cockroachdb --set statefulset.replicas=2\n",
    });
    expect(targets.map((t) => `${t.endpoint} ${t.cluster?.role}`)).toEqual([
      "postgresql://crdb-cockroachdb-public:26257 public",
      "postgresql://crdb-cockroachdb-0.crdb-cockroachdb:26257 node",
      "postgresql://crdb-cockroachdb-1.crdb-cockroachdb:26257 node",
    ]);
    expect(targets[2]?.source).toBe(
      "--from-scan: deploy.sh:1 (replica 1 of the cockroachdb chart's StatefulSet crdb-cockroachdb (release crdb; statefulset.replicas 2 (--set in deploy.sh)))",
    );
  });

  it("an alias on a CrdbCluster's public Service: the operator's pods, named as it names them", async () => {
    const { targets } = await targetsOf(settings('"HOST": "shop-db-public.data", "PORT": 26257,'), {
      "k8s/crdb.yaml":
        "apiVersion: crdb.cockroachlabs.com/v1alpha1\nkind: CrdbCluster\nmetadata:\n  name: shop-db\n  namespace: data\nspec:\n  tlsEnabled: true\n  nodes: 3\n",
    });
    expect(targets.map(shown)).toEqual([
      "postgresql://shop-db-public.data:26257 [public] ← --from-scan: shop.settings alias 'default'",
      "postgresql://shop-db-0.shop-db.data:26257 [node] ← --from-scan: k8s/crdb.yaml:8 (node 0 of CrdbCluster shop-db (3 nodes) × the operator's headless Service shop-db)",
      "postgresql://shop-db-1.shop-db.data:26257 [node] ← --from-scan: k8s/crdb.yaml:8 (node 1 of CrdbCluster shop-db (3 nodes) × the operator's headless Service shop-db)",
      "postgresql://shop-db-2.shop-db.data:26257 [node] ← --from-scan: k8s/crdb.yaml:8 (node 2 of CrdbCluster shop-db (3 nodes) × the operator's headless Service shop-db)",
    ]);
    expect(targets[0]?.cluster?.link).toBe(
      "used by shop.settings alias 'default' through shop-db-public.data:26257 (the operator's Service shop-db-public of CrdbCluster shop-db)",
    );
  });

  it("notes of the node reader reach the skipped list with file:line", async () => {
    const { skipped } = await targetsOf(settings('"HOST": "127.0.0.2", "PORT": 26257,'), {
      "deploy.sh": "helm install --generate-name cockroachdb/cockroachdb\n",
    });
    expect(skipped).toEqual([
      "deploy.sh:1: helm cockroachdb/cockroachdb in deploy.sh: the release name is not in the tree (the pods are <release>-cockroachdb-0.<release>-cockroachdb, …): not probed; give them as targets",
    ]);
  });
});

describe("probe --from-scan: an alias through a pooler", () => {
  it("its target says which PgBouncer the tree shows, so the report can say what probe cannot see", async () => {
    const { targets } = await targetsOf(settings('"HOST": "pgbouncer", "PORT": "6432",'), {
      "docker-compose.yml":
        "services:\n  web:\n    command: gunicorn shop.wsgi\n  pgbouncer:\n    image: edoburu/pgbouncer:1.23.1\n",
    });
    expect(targets.map((t) => [t.endpoint, t.pooler])).toEqual([
      ["postgresql://pgbouncer:6432", "compose service pgbouncer (image edoburu/pgbouncer:1.23.1)"],
    ]);
  });
});
