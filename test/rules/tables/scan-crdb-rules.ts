/**
 * Rule tables for the CockroachDB deployment rules (WW201–WW205, the file half of WW205): compose files,
 * manifests, Helm values, HBA lines and scripts in memory, read as `scan` reads them from a tree.
 */
import type { ScanModel } from "../../../src/django/model.js";
import { ww201 } from "../../../src/rules/ww201-crdb-insecure-mode.js";
import { ww202 } from "../../../src/rules/ww202-crdb-sql-without-tls.js";
import { ww203 } from "../../../src/rules/ww203-crdb-helm-tls-disabled.js";
import { ww204 } from "../../../src/rules/ww204-crdb-hba-plaintext.js";
import { ww205 } from "../../../src/rules/ww205-crdb-console-plain-http.js";
import { ww206 } from "../../../src/rules/ww206-crdb-operator-tls-off.js";
import { ww207 } from "../../../src/rules/ww207-crdb-hba-cleartext-method.js";
import type { RuleTable } from "../../helpers/rule-tester.js";
import { COMPOSE_INSECURE_CLUSTER, cockroachStatefulSet } from "../../helpers/scan.js";
import { scanModel } from "./scan-model.js";

/** A compose file with one CockroachDB service started with `command`. */
const compose = (command: string) => ({
  "docker-compose.yml": `services:\n  db:\n    image: cockroachdb/cockroach:v23.2.4\n    command: ${command}\n`,
});

/** A CrdbCluster named shop whose spec has these lines (after `nodes: 3`). */
const crdbCluster = (specLines: string) =>
  `apiVersion: crdb.cockroachlabs.com/v1alpha1\nkind: CrdbCluster\nmetadata:\n  name: shop\nspec:\n${specLines}  nodes: 3\n`;

export const SCAN_CRDB_TABLES: readonly RuleTable<ScanModel>[] = [
  {
    rule: ww201,
    valid: [
      {
        name: "a secure node (--certs-dir)",
        model: scanModel(compose("start --certs-dir=/certs --join=db")),
      },
      {
        // A comment, and the same flag on a program that is not cockroach.
        name: "--insecure in a comment and on curl",
        model: scanModel({
          "run.sh": "# cockroach start --insecure (old)\ncurl --insecure https://example.test\n",
        }),
      },
      {
        // Another chart's statefulset.args are another program's flags.
        name: "statefulset.args of a chart that is not CockroachDB",
        model: scanModel({
          "deploy/proxy/values.yaml": "statefulset:\n  args:\n    - --insecure\n",
        }),
      },
    ],
    invalid: [
      {
        name: "a three-node compose cluster, one hit per node",
        model: scanModel({ "docker-compose.yml": COMPOSE_INSECURE_CLUSTER }),
        hits: [
          { severity: "critical", message: /^compose service roach1 starts CockroachDB with --insecure/ },
          { severity: "critical", message: /^compose service roach2 / },
          { severity: "critical", message: /^compose service roach3 / },
        ],
      },
      {
        name: "a StatefulSet with --insecure in args",
        model: scanModel({ "k8s/cockroachdb.yaml": cockroachStatefulSet(`"--insecure"`) }),
        hits: [{ severity: "critical", message: /StatefulSet cockroachdb/, evidence: /--insecure/ }],
      },
      {
        name: "a CrdbCluster's additionalArgs, at the flag",
        model: scanModel({
          "k8s/crdb.yaml": crdbCluster('  tlsEnabled: true\n  additionalArgs:\n    - "--insecure"\n'),
        }),
        hits: [{ severity: "critical", evidence: /--insecure/, at: "k8s/crdb.yaml:8" }],
      },
      {
        name: "startFlags.upsert of the newer operator chart",
        model: scanModel({
          "deploy/values.yaml":
            "cockroachdb:\n  crdbCluster:\n    startFlags:\n      upsert:\n        - --insecure\n",
        }),
        hits: [{ severity: "critical", evidence: /--insecure/, at: "deploy/values.yaml:5" }],
      },
      {
        name: "the cockroachdb chart's statefulset.args",
        model: scanModel({
          "deploy/cockroachdb/values.yaml": "statefulset:\n  replicas: 3\n  args:\n    - --insecure\n",
        }),
        hits: [{ severity: "critical", evidence: /--insecure/, at: "deploy/cockroachdb/values.yaml:4" }],
      },
      {
        name: "a Dockerfile CMD",
        model: scanModel({
          Dockerfile: 'FROM cockroachdb/cockroach\nCMD ["start-single-node", "--insecure"]\n',
        }),
        hits: [{ severity: "critical", evidence: /start-single-node.*--insecure/ }],
      },
    ],
  },
  {
    rule: ww202,
    valid: [
      { name: "no flag", model: scanModel(compose("start --certs-dir=/certs --join=db")) },
      {
        name: "--accept-sql-without-tls=false",
        model: scanModel(compose("start --certs-dir=/certs --accept-sql-without-tls=false")),
      },
    ],
    invalid: [
      {
        name: "in a compose command",
        model: scanModel(compose("start --certs-dir=/certs --accept-sql-without-tls --join=db")),
        hits: [
          {
            severity: "high",
            message: /^compose service db starts CockroachDB with --accept-sql-without-tls/,
          },
        ],
      },
      {
        name: "in a StatefulSet's args",
        model: scanModel({
          "k8s/cockroachdb.yaml": cockroachStatefulSet(`"--certs-dir=/certs", "--accept-sql-without-tls"`),
        }),
        hits: [{ severity: "high", message: /StatefulSet cockroachdb/ }],
      },
    ],
  },
  {
    rule: ww203,
    valid: [
      {
        name: "Helm values with TLS on",
        model: scanModel({ "deploy/cockroachdb/values.yaml": "tls:\n  enabled: true\n" }),
      },
      {
        // Not a CockroachDB chart: its TLS is not the database's.
        name: "another chart's tls.enabled: false",
        model: scanModel({ "deploy/redis/values.yaml": "tls:\n  enabled: false\n" }),
      },
    ],
    invalid: [
      {
        name: "CockroachDB Helm values with tls.enabled: false",
        model: scanModel({
          "deploy/cockroachdb/values.yaml": "statefulset:\n  replicas: 3\ntls:\n  enabled: false\n",
        }),
        hits: [{ severity: "critical", message: /sets tls\.enabled: false: the cluster runs insecure/ }],
      },
    ],
  },
  {
    rule: ww206,
    valid: [
      {
        name: "a CrdbCluster with tlsEnabled: true",
        model: scanModel({ "k8s/crdb.yaml": crdbCluster("  tlsEnabled: true\n") }),
      },
    ],
    invalid: [
      {
        name: "tlsEnabled: false, at its line",
        model: scanModel({ "k8s/crdb.yaml": crdbCluster("  tlsEnabled: false\n") }),
        hits: [
          {
            severity: "critical",
            message:
              /^CrdbCluster shop sets spec\.tlsEnabled: false, so the operator starts its nodes with --insecure/,
            evidence: /tlsEnabled: false/,
            at: "k8s/crdb.yaml:6",
          },
        ],
      },
      {
        name: "tlsEnabled absent (v1alpha1 defaults to insecure), at the resource",
        model: scanModel({
          "k8s/app.yaml": `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\n${crdbCluster("")}`,
        }),
        hits: [
          {
            severity: "critical",
            message: /^CrdbCluster shop does not set spec\.tlsEnabled/,
            evidence: /without spec\.tlsEnabled/,
            at: "k8s/app.yaml:6",
          },
        ],
      },
    ],
  },
  {
    rule: ww204,
    valid: [
      {
        // hostssl for the network, plain host only for loopback, and plaintext rejected.
        name: "hostssl, a loopback host line and a reject",
        model: scanModel({
          "pg_hba.conf":
            "hostssl all all 0.0.0.0/0 scram-sha-256\nhost all all ::1/128 trust\nhostnossl all all 0.0.0.0/0 reject\n",
        }),
      },
      {
        name: "the cluster setting with hostssl only",
        model: scanModel({
          "db/init.sql":
            "SET CLUSTER SETTING server.host_based_authentication.configuration = 'hostssl all all all cert-password';\n",
        }),
      },
    ],
    invalid: [
      {
        name: "host all all 0.0.0.0/0 in pg_hba.conf",
        model: scanModel({
          "db/pg_hba.conf":
            "local all all peer\nhost all all 127.0.0.1/32 scram-sha-256\nhost all all 0.0.0.0/0 password\n",
        }),
        hits: [{ severity: "high", evidence: /^host all all 0\.0\.0\.0\/0 password$/ }],
      },
      {
        name: "a host line in CockroachDB's HBA cluster setting",
        model: scanModel({
          "db/init.sql":
            "SET CLUSTER SETTING server.host_based_authentication.configuration = 'host all all 10.0.0.0/8 password\nhostssl all all all cert-password';\n",
        }),
        hits: [{ severity: "high", evidence: /^host all all 10\.0\.0\.0\/8 password$/ }],
      },
    ],
  },
  {
    rule: ww205,
    valid: [
      {
        name: "a secure node without the flag",
        model: scanModel(compose("start-single-node --certs-dir=/certs")),
      },
    ],
    invalid: [
      {
        name: "--unencrypted-localhost-http in a compose command",
        model: scanModel(compose("start-single-node --certs-dir=/certs --unencrypted-localhost-http")),
        hits: [{ severity: "medium", message: /^compose service db serves the DB Console over plain HTTP/ }],
      },
      {
        name: "in a shell script",
        model: scanModel({
          "scripts/db.sh":
            "#!/bin/sh\ncockroach start-single-node --certs-dir=certs --unencrypted-localhost-http\n",
        }),
        hits: [{ severity: "medium", evidence: /--unencrypted-localhost-http/ }],
      },
    ],
  },
  {
    rule: ww207,
    valid: [
      {
        name: "scram on the network, password only on loopback and sockets",
        model: scanModel({
          "pg_hba.conf":
            "local all all password\nhost all all 127.0.0.1/32 password\nhostssl all all 0.0.0.0/0 scram-sha-256\n",
        }),
      },
      {
        name: "CockroachDB's cluster setting with cert-scram-sha-256",
        model: scanModel({
          "db/init.sql":
            "SET CLUSTER SETTING server.host_based_authentication.configuration = 'hostssl all all all cert-scram-sha-256';\n",
        }),
      },
    ],
    invalid: [
      {
        name: "password on hostssl for the network (IPv4 address and mask columns)",
        model: scanModel({
          "db/pg_hba.conf":
            "# TYPE DATABASE USER ADDRESS METHOD\nhostssl all all 10.0.0.0 255.0.0.0 password\n",
        }),
        hits: [{ severity: "low", message: /with 'password'/, at: "db/pg_hba.conf:2" }],
      },
      {
        name: "cert-password in the cluster setting, on its own line of the setting",
        model: scanModel({
          "db/init.sql":
            "SET CLUSTER SETTING server.host_based_authentication.configuration = 'hostssl all root all cert\nhostssl all all all cert-password';\n",
        }),
        hits: [{ severity: "low", message: /with 'cert-password'/, at: "db/init.sql:2" }],
      },
    ],
  },
];
