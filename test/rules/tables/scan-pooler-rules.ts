/**
 * The pooler hop (WW119): a PgBouncer between Django and the database, configured by a pgbouncer.ini or by the
 * environment of a PgBouncer image in compose/Kubernetes, linked to the aliases that connect through it.
 */
import type { ScanModel } from "../../../src/django/model.js";
import { ww000 } from "../../../src/rules/ww000-not-analyzed.js";
import { ww119 } from "../../../src/rules/ww119-db-pooler-upstream-unverified.js";
import type { RuleTable } from "../../helpers/rule-tester.js";
import { settingsProject } from "../../helpers/scan.js";
import { scanModel } from "./scan-model.js";

/** Django on verify-full to `host:port`: its own hop is verified, which says nothing of the pooler's. */
const verifiedAlias = (host: string, port: string) =>
  settingsProject(
    `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "${host}", "PORT": "${port}", "OPTIONS": {"sslmode": "verify-full", "sslrootcert": "/etc/ssl/pgbouncer-ca.crt"}}}\n`,
  );

/** A pgbouncer.ini whose [pgbouncer] section has these lines. */
const ini = (lines: string) =>
  `[databases]\n* = host=db.internal port=5432\n\n[pgbouncer]\nlisten_port = 6432\nauth_type = scram-sha-256\n${lines}`;

const CLIENT_TLS =
  "client_tls_sslmode = require\nclient_tls_cert_file = /etc/pgbouncer/tls.crt\nclient_tls_key_file = /etc/pgbouncer/tls.key\n";

/** A compose file with a PgBouncer service `pgbouncer` of `image` and this environment (YAML lines). */
const compose = (image: string, env: string) => ({
  "docker-compose.yml": `services:\n  web:\n    build: .\n    command: gunicorn app.wsgi\n  pgbouncer:\n    image: ${image}\n    environment:\n${env}`,
});

export const SCAN_POOLER_TABLES: readonly RuleTable<ScanModel>[] = [
  {
    rule: ww000,
    valid: [
      {
        name: "the alias connects through the tree's PgBouncer: WW119 judges it, nothing unknown",
        model: scanModel({
          ...verifiedAlias("pgbouncer", "6432"),
          ...compose("edoburu/pgbouncer:1.23.1", "      SERVER_TLS_SSLMODE: verify-full\n"),
        }),
      },
    ],
    invalid: [
      {
        name: "a PgBouncer no alias can be linked to: its upstream leg is judged for nobody, said so",
        model: scanModel({
          ...verifiedAlias("db.internal", "5432"),
          ...compose("edoburu/pgbouncer:1.23.1", "      SERVER_TLS_SSLMODE: prefer\n"),
        }),
        hits: [
          {
            severity: "info",
            message:
              /^the tree configures compose service pgbouncer \(image edoburu\/pgbouncer:1\.23\.1\), and no database alias connects through it as far as the scan can tell \(host pgbouncer, port 6432\)/,
            fix: /pass the alias's HOST and PORT with --env-file/,
            at: "docker-compose.yml:6",
          },
        ],
      },
    ],
  },
  {
    rule: ww119,
    valid: [
      {
        name: "a pgbouncer.ini verifying upstream with a CA and offering TLS to Django",
        model: scanModel({
          ...verifiedAlias("127.0.0.1", "6432"),
          "deploy/pgbouncer.ini": ini(
            `${CLIENT_TLS}server_tls_sslmode = verify-full\nserver_tls_ca_file = /etc/pgbouncer/db-ca.crt\n`,
          ),
        }),
      },
      {
        // A sidecar on loopback: no TLS needed on that hop; the upstream verifies.
        name: "a loopback sidecar without client TLS, verifying upstream",
        model: scanModel({
          ...verifiedAlias("127.0.0.1", "6432"),
          "deploy/pgbouncer.ini": ini("server_tls_sslmode = verify-full\nserver_tls_ca_file = /ca.crt\n"),
        }),
      },
      {
        // The alias goes straight to the database (5432), not through the pooler on 6432.
        name: "a weak pgbouncer.ini no alias connects through",
        model: scanModel({
          ...verifiedAlias("db.internal", "5432"),
          "deploy/pgbouncer.ini": ini("server_tls_sslmode = prefer\n"),
        }),
      },
      {
        name: "an edoburu/pgbouncer service set to verify-full with a CA and client TLS",
        model: scanModel({
          ...verifiedAlias("pgbouncer", "5432"),
          ...compose(
            "edoburu/pgbouncer:1.23.1",
            "      SERVER_TLS_SSLMODE: verify-full\n      SERVER_TLS_CA_FILE: /certs/ca.crt\n      CLIENT_TLS_SSLMODE: require\n",
          ),
        }),
      },
    ],
    invalid: [
      {
        // No version named: disable (up to 1.19, Debian 12's 1.18 measured) or prefer (1.20+); the weaker counts.
        name: "pgbouncer.ini without server_tls_sslmode, on the alias's port 6432",
        model: scanModel({ ...verifiedAlias("10.0.0.5", "6432"), "deploy/pgbouncer.ini": ini(CLIENT_TLS) }),
        hits: [
          {
            severity: "critical",
            message:
              /deploy\/pgbouncer\.ini, which connects on to the database with server_tls_sslmode unset \(PgBouncer's default: disable up to 1\.19, prefer from 1\.20.*the pooler's upstream leg is plaintext/,
            at: "deploy/pgbouncer.ini:1",
          },
        ],
      },
      {
        name: "an edoburu/pgbouncer 1.23 service without SERVER_TLS_SSLMODE: its default prefer",
        model: scanModel({
          ...verifiedAlias("pgbouncer", "5432"),
          ...compose("edoburu/pgbouncer:v1.23.1-p2", "      CLIENT_TLS_SSLMODE: require\n"),
        }),
        hits: [
          {
            severity: "high",
            message:
              /server_tls_sslmode unset \(PgBouncer 1\.23\.1's default prefer\): an attacker on the pooler's upstream path can strip TLS/,
            at: "docker-compose.yml:6",
          },
        ],
      },
      {
        name: "server_tls_sslmode = require, at its line; client TLS off by default, over the network",
        model: scanModel({
          ...verifiedAlias("10.0.0.5", "6432"),
          "deploy/pgbouncer.ini": ini("server_tls_sslmode = require\n"),
        }),
        hits: [
          {
            severity: "high",
            message: /server_tls_sslmode require: TLS without verifying/,
            at: "deploy/pgbouncer.ini:7",
          },
          {
            severity: "high",
            message: /sets no client_tls_sslmode \(PgBouncer's default: disable\)/,
            at: "deploy/pgbouncer.ini:1",
          },
        ],
      },
      {
        name: "verify-full without server_tls_ca_file",
        model: scanModel({
          ...verifiedAlias("127.0.0.1", "6432"),
          "pgbouncer.ini": ini(`${CLIENT_TLS}server_tls_sslmode = verify-full\n`),
        }),
        hits: [{ severity: "medium", message: /names no server_tls_ca_file/, at: "pgbouncer.ini:10" }],
      },
      {
        name: "a bitnami/pgbouncer compose service linked by name, PGBOUNCER_SERVER_TLS_SSLMODE disable",
        model: scanModel({
          ...verifiedAlias("pgbouncer", "6432"),
          ...compose(
            "bitnami/pgbouncer:1.23.1",
            "      PGBOUNCER_SERVER_TLS_SSLMODE: disable\n      PGBOUNCER_CLIENT_TLS_SSLMODE: require\n",
          ),
        }),
        hits: [
          {
            severity: "critical",
            message:
              /compose service pgbouncer \(image bitnami\/pgbouncer:1\.23\.1\).*server_tls_sslmode disable/,
            at: "docker-compose.yml:8",
          },
        ],
      },
      {
        // Reached by the workload's name (its Service usually shares it), not the container's.
        name: "a Kubernetes Deployment running bitnami/pgbouncer, linked by the workload's name",
        model: scanModel({
          ...verifiedAlias("pool", "6432"),
          "k8s/pool.yaml":
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: pool\nspec:\n  template:\n    spec:\n      containers:\n        - name: pgbouncer\n          image: bitnami/pgbouncer:1.23.1\n          env:\n            - name: PGBOUNCER_SERVER_TLS_SSLMODE\n              value: require\n            - name: PGBOUNCER_CLIENT_TLS_SSLMODE\n              value: require\n",
        }),
        hits: [
          {
            severity: "high",
            message:
              /Deployment pool container pgbouncer \(image bitnami\/pgbouncer:1\.23\.1\).*server_tls_sslmode require/,
          },
        ],
      },
      {
        name: "a PgBouncer service whose environment comes from an env_file: unknown, not safe",
        model: scanModel({
          ...verifiedAlias("pgbouncer", "6432"),
          "docker-compose.yml":
            "services:\n  pgbouncer:\n    image: brainsam/pgbouncer:latest\n    env_file: configs/pgbouncer_env\n",
        }),
        hits: [
          {
            severity: "high",
            message:
              /whose upstream TLS setting the scan cannot see \(its environment also comes from configs\/pgbouncer_env/,
            at: "docker-compose.yml:3",
          },
          { severity: "high", message: /client_tls_sslmode/ },
        ],
      },
      {
        // The image writes a configuration from its environment only when none is there: the mounted file is it.
        name: "a PgBouncer image with the tree's pgbouncer.ini bound in: the file's settings, not the environment's",
        model: scanModel({
          ...verifiedAlias("pgbouncer", "6432"),
          "docker-compose.yml":
            "services:\n  pgbouncer:\n    image: edoburu/pgbouncer:1.23.1\n    volumes:\n      - ./docker/pgbouncer/pgbouncer.ini:/etc/pgbouncer/pgbouncer.ini:ro\n    environment:\n      SERVER_TLS_SSLMODE: verify-full\n      CLIENT_TLS_SSLMODE: require\n",
          "docker/pgbouncer/pgbouncer.ini": ini(`${CLIENT_TLS}server_tls_sslmode = prefer\n`),
        }),
        hits: [
          {
            severity: "high",
            message:
              /connects through compose service pgbouncer \(image edoburu\/pgbouncer:1\.23\.1\), configured by docker\/pgbouncer\/pgbouncer\.ini \(mounted at \/etc\/pgbouncer\/pgbouncer\.ini\), which connects on to the database with server_tls_sslmode prefer/,
            fix: /in the \[pgbouncer\] section: server_tls_sslmode = verify-full/,
            at: "docker/pgbouncer/pgbouncer.ini:10",
          },
        ],
      },
      {
        name: "a service built FROM a PgBouncer image that COPYs the tree's ini: that file, and the image's version",
        model: scanModel({
          ...verifiedAlias("pgbouncer", "6432"),
          "docker-compose.yml": "services:\n  pgbouncer:\n    build: ./pgbouncer\n",
          "pgbouncer/Dockerfile": "FROM edoburu/pgbouncer:v1.18.0-p0\nCOPY pgbouncer.ini /etc/pgbouncer/\n",
          "pgbouncer/pgbouncer.ini": ini(CLIENT_TLS),
        }),
        hits: [
          {
            severity: "critical",
            message:
              /compose service pgbouncer \(image edoburu\/pgbouncer:v1\.18\.0-p0\), configured by pgbouncer\/pgbouncer\.ini \(copied by pgbouncer\/Dockerfile:2\).*server_tls_sslmode unset \(PgBouncer 1\.18\.0's default disable\)/,
            at: "pgbouncer/pgbouncer.ini:1",
          },
        ],
      },
      {
        name: "the TLS variables in an env_file of the tree are read, not called unknown",
        model: scanModel({
          ...verifiedAlias("pgbouncer", "6432"),
          "docker-compose.yml":
            "services:\n  pgbouncer:\n    image: edoburu/pgbouncer:1.23.1\n    env_file: env/pgbouncer.env\n",
          "env/pgbouncer.env": "DB_HOST=db\nSERVER_TLS_SSLMODE=require\nCLIENT_TLS_SSLMODE=require\n",
        }),
        hits: [
          {
            severity: "high",
            message: /server_tls_sslmode require: TLS without verifying/,
            at: "env/pgbouncer.env:2",
          },
        ],
      },
      {
        // Two compose files each with their `pgbouncer`: the one of the file that supplies the alias's host.
        name: "the pooler of the compose file that sets the Django service's host, not another file's namesake",
        model: scanModel({
          ...settingsProject(
            'import os\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": os.environ["POSTGRES_HOST"], "PORT": "5432", "OPTIONS": {"sslmode": "verify-full", "sslrootcert": "/ca.crt"}}}\n',
          ),
          "docker-compose.yml":
            "services:\n  web:\n    build: .\n    command: gunicorn app.wsgi\n    environment:\n      POSTGRES_HOST: pgbouncer\n  pgbouncer:\n    image: edoburu/pgbouncer:1.18.0\n    environment:\n      CLIENT_TLS_SSLMODE: require\n",
          "docker-compose.pgbouncer.yml":
            "services:\n  pgbouncer:\n    image: edoburu/pgbouncer:latest\n    environment:\n      SERVER_TLS_SSLMODE: verify-full\n      SERVER_TLS_CA_FILE: /ca.crt\n      CLIENT_TLS_SSLMODE: require\n",
        }),
        hits: [
          {
            severity: "critical",
            message:
              /compose service pgbouncer \(image edoburu\/pgbouncer:1\.18\.0\).*PgBouncer 1\.18\.0's default disable/,
            at: "docker-compose.yml:8",
          },
        ],
      },
      {
        name: "two namesakes and nothing to tell which one runs: the weaker upstream is the reading that is safe",
        model: scanModel({
          ...verifiedAlias("pgbouncer", "6432"),
          "deploy/prod/docker-compose.yml":
            "services:\n  pgbouncer:\n    image: edoburu/pgbouncer:1.23.1\n    environment:\n      SERVER_TLS_SSLMODE: verify-full\n      SERVER_TLS_CA_FILE: /ca.crt\n      CLIENT_TLS_SSLMODE: require\n",
          "deploy/staging/docker-compose.yml":
            "services:\n  pgbouncer:\n    image: edoburu/pgbouncer:1.23.1\n    environment:\n      SERVER_TLS_SSLMODE: require\n      CLIENT_TLS_SSLMODE: require\n",
        }),
        hits: [
          {
            severity: "high",
            message: /server_tls_sslmode require/,
            at: "deploy/staging/docker-compose.yml:5",
          },
        ],
      },
      {
        name: "an %include the scan does not follow: unknown, not safe",
        model: scanModel({
          ...verifiedAlias("127.0.0.1", "6432"),
          "pgbouncer.ini": `%include /etc/pgbouncer/tls.ini\n${ini(CLIENT_TLS)}`,
        }),
        hits: [
          {
            severity: "high",
            message: /whose upstream TLS setting the scan cannot see.*includes \/etc\/pgbouncer\/tls\.ini/,
          },
        ],
      },
    ],
  },
];
