import { describe, expect, it } from "vitest";
import { ww203 } from "../../src/rules/ww203-crdb-helm-tls-disabled.js";
import { findingsOf } from "../helpers/scan.js";

describe("WW203 crdb-helm-tls-disabled", () => {
  it("fires for CockroachDB Helm values with tls.enabled false, at the setting", async () => {
    const [f] = await findingsOf(ww203, {
      "deploy/cockroachdb/values.yaml": "statefulset:\n  replicas: 3\ntls:\n  enabled: false\n",
    });
    expect(f).toMatchObject({ severity: "critical", location: { line: 4 } });
  });

  it("leaves a CrdbCluster to WW206 (the operator's own rule)", async () => {
    expect(
      await findingsOf(ww203, {
        "k8s/crdb.yaml":
          "apiVersion: crdb.cockroachlabs.com/v1alpha1\nkind: CrdbCluster\nmetadata:\n  name: shop\nspec:\n  tlsEnabled: false\n  nodes: 3\n",
      }),
    ).toEqual([]);
  });

  it("is silent for TLS on, and for another chart's tls.enabled", async () => {
    expect(
      await findingsOf(ww203, {
        "deploy/cockroachdb/values.yaml": "tls:\n  enabled: true\n",
        "deploy/redis/values.yaml": "tls:\n  enabled: false\n",
      }),
    ).toEqual([]);
  });
});
