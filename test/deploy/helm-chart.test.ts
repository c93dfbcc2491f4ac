/**
 * deploy/helm/wirewarden, rendered without Helm (none is installable here: test/helpers/helm-template.ts renders
 * the subset of templates the chart keeps to) and every rendered object validated against the Kubernetes API
 * schemas the npm package kubernetes-models ships; then the properties the issue asks for, read off the objects.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CronJob } from "kubernetes-models/batch/v1/CronJob";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { REPO } from "../helpers/cli.js";
import { renderTemplate } from "../helpers/helm-template.js";

const CHART = join(REPO, "deploy", "helm", "wirewarden");
const chart = parse(readFileSync(join(CHART, "Chart.yaml"), "utf8")) as Record<string, unknown>;
const defaults = parse(readFileSync(join(CHART, "values.yaml"), "utf8")) as Record<string, unknown>;

type K8sObject = { apiVersion: string; kind: string; metadata: { name: string }; [k: string]: unknown };

function render(values: Record<string, unknown> = {}): K8sObject[] {
  const merged = deepMerge(defaults, values);
  const root = {
    Values: merged,
    Release: { Name: "fleet", Namespace: "security" },
    Chart: { Name: chart.name, Version: chart.version, AppVersion: chart.appVersion },
  };
  const out: K8sObject[] = [];
  for (const file of readdirSync(join(CHART, "templates")).sort()) {
    const text = renderTemplate(readFileSync(join(CHART, "templates", file), "utf8"), root);
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]?.message}\n${text}`);
      const obj = doc.toJS() as K8sObject | null;
      if (obj) out.push(obj);
    }
  }
  return out;
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const base = out[k];
    out[k] =
      v &&
      typeof v === "object" &&
      !Array.isArray(v) &&
      base &&
      typeof base === "object" &&
      !Array.isArray(base)
        ? deepMerge(base as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

/** Validates an object against its Kubernetes schema; throws with the schema's complaint. */
function validate(obj: K8sObject): void {
  const models: Record<string, new (o: never) => { validate(): void }> = {
    ConfigMap: ConfigMap as never,
    CronJob: CronJob as never,
    NetworkPolicy: NetworkPolicy as never,
  };
  const Model = models[obj.kind];
  if (!Model) throw new Error(`no schema for ${obj.kind}`);
  new Model(obj as never).validate();
}

// Rendered manifests are read by path; their shape is what the schema validation above vouches for.
// biome-ignore lint/suspicious/noExplicitAny: a Kubernetes object read by path in assertions
type Manifest = Record<string, any>;
const byKind = (objs: K8sObject[], kind: string): Manifest => {
  const o = objs.find((x) => x.kind === kind);
  if (!o) throw new Error(`no ${kind}`);
  return o;
};

const TARGETS = ["postgresql://roach-0.roach.db.svc:26257", "pg.db.svc:5432"];

describe("the Helm chart", () => {
  it.each([
    ["defaults", {}],
    [
      "targets, a CA, a Pushgateway",
      {
        targets: TARGETS,
        probe: { caPem: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----" },
        pushgateway: "http://pushgateway.monitoring:9091",
      },
    ],
    [
      "no NetworkPolicy, node selector and tolerations",
      {
        networkPolicy: { enabled: false },
        nodeSelector: { pool: "ops" },
        tolerations: [{ key: "ops", operator: "Exists" }],
      },
    ],
  ])("renders objects the Kubernetes schemas accept (%s)", (_name, values) => {
    const objs = render(values);
    expect(objs.length).toBeGreaterThanOrEqual(2);
    for (const o of objs) expect(() => validate(o), `${o.kind} ${JSON.stringify(o)}`).not.toThrow();
  });

  it("a schema violation is caught (the validation can fail)", () => {
    const cron = byKind(render(), "CronJob");
    cron.spec.jobTemplate.spec.completions = "four";
    expect(() => validate(cron as K8sObject)).toThrow();
  });

  it("an Indexed Job of `shards` pods probing the ConfigMap's targets, as a non-root, read-only pod", () => {
    const objs = render({ targets: TARGETS, shards: 6, parallelism: 3 });
    const job = byKind(objs, "CronJob").spec.jobTemplate.spec;
    expect(job).toMatchObject({ completionMode: "Indexed", completions: 6, parallelism: 3 });
    const pod = job.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532 });
    expect(pod.automountServiceAccountToken).toBe(false);
    const c = pod.containers[0];
    expect(c.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    });
    const env = Object.fromEntries(c.env.map((e: { name: string; value: string }) => [e.name, e.value]));
    expect(env).toMatchObject({
      WIREWARDEN_JOB: "probe",
      WIREWARDEN_SHARD_COUNT: "6",
      WIREWARDEN_PER_HOST: "6",
    });
    expect(c.image).toBe(`ghcr.io/wirewarden/wirewarden:${chart.appVersion}`);
    const targets = byKind(objs, "ConfigMap").data["targets.txt"] as string;
    expect(
      targets
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith("#")),
    ).toEqual(TARGETS);
    // Writable: only the two emptyDirs.
    const writable = c.volumeMounts
      .filter((m: { readOnly?: boolean }) => !m.readOnly)
      .map((m: { mountPath: string }) => m.mountPath);
    expect(writable.sort()).toEqual(["/out", "/tmp"]);
  });

  it("the NetworkPolicy: no ingress; egress to DNS, the database ports, and the Pushgateway only when set", () => {
    const without = byKind(render(), "NetworkPolicy").spec;
    expect(without.policyTypes).toEqual(["Ingress", "Egress"]);
    expect(without.ingress).toEqual([]);
    const ports = (rules: { ports: { port: number }[] }[]) =>
      rules.flatMap((r) => r.ports.map((p) => p.port));
    expect(ports(without.egress).sort((a: number, b: number) => a - b)).toEqual([53, 53, 5432, 6432, 26257]);
    const pushing = byKind(render({ pushgateway: "http://pg:9091" }), "NetworkPolicy").spec;
    expect(ports(pushing.egress)).toContain(9091);
    expect(render({ networkPolicy: { enabled: false } }).some((o) => o.kind === "NetworkPolicy")).toBe(false);
  });

  it("the pod runs the image's entrypoint in its probe mode, and the chart's version is the package's", () => {
    const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string };
    expect(chart.appVersion).toBe(pkg.version);
    const entry = readFileSync(join(REPO, "deploy", "docker", "entrypoint.sh"), "utf8");
    for (const name of [
      "WIREWARDEN_JOB",
      "WIREWARDEN_TARGETS",
      "WIREWARDEN_OUT",
      "WIREWARDEN_PER_HOST",
      "WIREWARDEN_RATE",
      "WIREWARDEN_TIMEOUT",
      "WIREWARDEN_FAIL_ON",
      "WIREWARDEN_PUSHGATEWAY",
      "WIREWARDEN_CA",
    ])
      expect(entry, name).toContain(name);
  });
});
