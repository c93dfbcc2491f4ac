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
import { ww208 } from "../../../src/rules/ww208-crdb-cert-rotation-off.js";
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
      {
        // The umbrella's own tls block is not CockroachDB's.
        name: "an umbrella chart's top-level tls, outside its cockroachdb: block",
        model: scanModel({
          "deploy/shop/Chart.yaml": "apiVersion: v2\nname: shop\ndependencies:\n  - name: cockroachdb\n",
          "deploy/shop/values.yaml": "tls:\n  enabled: false\ncockroachdb:\n  tls:\n    enabled: true\n",
        }),
      },
      {
        name: "--set on another chart's install",
        model: scanModel({ "ci/deploy.sh": "helm install cache bitnami/redis --set tls.enabled=false\n" }),
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
      {
        name: "an umbrella chart's cockroachdb: block (Chart.yaml depends on cockroachdb)",
        model: scanModel({
          "deploy/shop/Chart.yaml":
            "apiVersion: v2\nname: shop\nversion: 1.0.0\ndependencies:\n  - name: cockroachdb\n    version: 14.0.0\n    repository: https://charts.cockroachdb.com/\n",
          "deploy/shop/values.yaml": "web:\n  replicas: 2\ncockroachdb:\n  tls:\n    enabled: false\n",
        }),
        hits: [
          {
            severity: "critical",
            message: /chart shop depends on cockroachdb.*sets cockroachdb\.tls\.enabled: false/,
            at: "deploy/shop/values.yaml:5",
          },
        ],
      },
      {
        name: "the dependency's alias names the block",
        model: scanModel({
          "charts/app/Chart.yaml":
            "apiVersion: v2\nname: app\ndependencies:\n  - name: cockroachdb\n    alias: db\n    version: 14.0.0\n",
          "charts/app/values-prod.yaml": "db:\n  tls:\n    enabled: false\n",
        }),
        hits: [
          {
            severity: "critical",
            evidence: /^db\.tls\.enabled: false$/,
            at: "charts/app/values-prod.yaml:3",
          },
        ],
      },
      {
        name: "a -f values file of helm install cockroachdb/cockroachdb in a Makefile (no 'cockroach' in the file)",
        model: scanModel({
          Makefile:
            "deploy:\n\thelm upgrade --install db cockroachdb/cockroachdb -n data -f deploy/prod.yaml\n",
          "deploy/prod.yaml": "statefulset:\n  replicas: 3\ntls:\n  enabled: false\n",
        }),
        hits: [
          {
            severity: "critical",
            message: /helm cockroachdb\/cockroachdb -f deploy\/prod\.yaml in Makefile/,
            at: "deploy/prod.yaml:4",
          },
        ],
      },
      {
        name: "--set tls.enabled=false on a helm command line, continued over lines",
        model: scanModel({
          "scripts/deploy.sh":
            "#!/bin/sh\nhelm install crdb cockroachdb/cockroachdb \\\n  --set tls.enabled=false \\\n  --namespace db\n",
        }),
        hits: [{ severity: "critical", evidence: /^--set tls\.enabled=false$/, at: "scripts/deploy.sh:3" }],
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
      {
        // The chart's ingress then sets kubernetes.io/ingress.allow-http: "false".
        name: "the chart's ingress behind IAP",
        model: scanModel({
          "deploy/cockroachdb/values.yaml": "ingress:\n  enabled: true\niap:\n  enabled: true\n",
        }),
      },
      {
        name: "the chart's ingress with TLS",
        model: scanModel({
          "deploy/cockroachdb/values.yaml":
            "ingress:\n  enabled: true\n  tls:\n    - hosts: [console.example.com]\n      secretName: console-tls\n",
        }),
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
      {
        name: "the chart's ingress enabled without ingress.tls",
        model: scanModel({
          "deploy/cockroachdb/values.yaml":
            "ingress:\n  enabled: true\n  hosts:\n    - console.example.com\n",
        }),
        hits: [
          {
            severity: "medium",
            message: /ingress publishes the DB Console over plain HTTP/,
            at: "deploy/cockroachdb/values.yaml:2",
          },
        ],
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
  {
    rule: ww208,
    valid: [
      {
        name: "rotation off, but the certificates are not the self-signer's",
        model: scanModel({
          "deploy/cockroachdb/values.yaml":
            "tls:\n  certs:\n    provided: true\n    selfSigner:\n      enabled: false\n      rotateCerts: false\n",
        }),
      },
      {
        name: "durations at or below the chart's defaults, in any Go form",
        model: scanModel({
          "deploy/cockroachdb/values.yaml":
            "tls:\n  certs:\n    selfSigner:\n      caCertDuration: 43800h\n      nodeCertDuration: 4380h0m0s\n      clientCertDuration: 336h\n",
        }),
      },
      {
        name: "a long duration for certificates the self-signer does not issue",
        model: scanModel({
          "deploy/cockroachdb/values.yaml":
            "tls:\n  certs:\n    provided: true\n    selfSigner:\n      enabled: false\n      nodeCertDuration: 87600h\n",
        }),
      },
      {
        name: "a duration that is not a Go duration (the chart's job refuses it; not this rule's)",
        model: scanModel({
          "deploy/cockroachdb/values.yaml": "tls:\n  certs:\n    selfSigner:\n      nodeCertDuration: 10y\n",
        }),
      },
      {
        name: "rotation left on (the chart's default)",
        model: scanModel({
          "deploy/cockroachdb/values.yaml":
            "tls:\n  enabled: true\n  certs:\n    selfSigner:\n      enabled: true\n",
        }),
      },
    ],
    invalid: [
      {
        name: "rotateCerts: false, at its line",
        model: scanModel({
          "deploy/cockroachdb/values.yaml":
            "tls:\n  enabled: true\n  certs:\n    selfSigner:\n      enabled: true\n      rotateCerts: false\n",
        }),
        hits: [{ severity: "low", message: /no longer rotated/, at: "deploy/cockroachdb/values.yaml:6" }],
      },
      {
        name: "--set in a CI workflow on an umbrella chart",
        model: scanModel({
          "deploy/app/Chart.yaml": "apiVersion: v2\nname: app\ndependencies:\n  - name: cockroachdb\n",
          ".github/workflows/deploy.yml":
            "jobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: helm upgrade app deploy/app --set cockroachdb.tls.certs.selfSigner.rotateCerts=false\n",
        }),
        hits: [{ severity: "low", evidence: /rotateCerts=false/, at: ".github/workflows/deploy.yml:5" }],
      },
      {
        name: "a node certificate for ten years and a client one for a year: one hit each, at the line",
        model: scanModel({
          "deploy/cockroachdb/values.yaml":
            "tls:\n  enabled: true\n  certs:\n    selfSigner:\n      nodeCertDuration: 87600h\n      clientCertDuration: 8760h\n",
        }),
        hits: [
          {
            severity: "low",
            message:
              /sets tls\.certs\.selfSigner\.nodeCertDuration: 87600h, longer than the chart's 8760h \(1 year\): a stolen node key stays valid 10 years/,
            fix: /nodeCertDuration: 8760h \(the chart's default\)/,
            at: "deploy/cockroachdb/values.yaml:5",
          },
          {
            severity: "low",
            message:
              /clientCertDuration: 8760h, longer than the chart's 672h \(28 days\): a stolen client key stays valid 1 year/,
            at: "deploy/cockroachdb/values.yaml:6",
          },
        ],
      },
      {
        name: "--set of an umbrella's CA duration",
        model: scanModel({
          "deploy/app/Chart.yaml": "apiVersion: v2\nname: app\ndependencies:\n  - name: cockroachdb\n",
          "deploy.sh":
            "helm install app deploy/app --set cockroachdb.tls.certs.selfSigner.caCertDuration=175200h\n",
        }),
        hits: [
          {
            severity: "low",
            message:
              /--set cockroachdb\.tls\.certs\.selfSigner\.caCertDuration=175200h, longer than the chart's 43800h \(5 years\)/,
            at: "deploy.sh:1",
          },
        ],
      },
    ],
  },
];
