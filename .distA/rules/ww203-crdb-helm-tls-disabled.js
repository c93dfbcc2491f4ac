import { ruleMeta } from "../core/catalog.js";
import { scanRule } from "./kinds.js";
export const ww203 = scanRule({
    meta: ruleMeta("WW203"),
    check: (model) => model.deploy.tlsOff.map((t) => ({
        message: `${t.where} sets ${t.setting}: the cluster runs insecure, without TLS or authentication`,
        location: t.location,
        evidence: t.setting,
        fix: "tls.enabled: true (Helm) / tlsEnabled: true (operator), with the chart's or cert-manager's certificates",
    })),
});
//# sourceMappingURL=ww203-crdb-helm-tls-disabled.js.map