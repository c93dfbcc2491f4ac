import { ruleMeta } from "../core/catalog.js";
import { scanRule } from "./kinds.js";
/**
 * The CockroachDB operator (crdb.cockroachlabs.com/v1alpha1) starts every node with --insecure unless the cluster
 * says `tlsEnabled: true`: absent is off, and the insecure cluster accepts any user without a password.
 */
export const ww206 = scanRule({
    meta: ruleMeta("WW206"),
    check: (model) => model.deploy.operatorClusters
        .filter((c) => c.tlsEnabled !== true)
        .map((c) => {
        const absent = c.tlsEnabled === undefined;
        return {
            message: absent
                ? `${c.where} does not set spec.tlsEnabled, so the operator starts its nodes with --insecure: no TLS and no authentication`
                : `${c.where} sets spec.tlsEnabled: ${JSON.stringify(c.tlsEnabled)}, so the operator starts its nodes with --insecure: no TLS and no authentication`,
            location: c.tlsLocation ?? c.location,
            evidence: absent
                ? `kind: CrdbCluster (${c.apiVersion || "no apiVersion"}) without spec.tlsEnabled`
                : `spec.tlsEnabled: ${JSON.stringify(c.tlsEnabled)}`,
            fix: "spec.tlsEnabled: true (the operator then issues node and client certificates), and connect with sslmode=verify-full",
        };
    }),
});
//# sourceMappingURL=ww206-crdb-operator-tls-off.js.map