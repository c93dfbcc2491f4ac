import { ruleMeta } from "../core/catalog.js";
import type { Rule } from "../core/rule.js";
import type { ScanModel } from "../django/model.js";

export const ww203: Rule<ScanModel> = {
  meta: ruleMeta("WW203"),
  check: (model) =>
    model.deploy.tlsOff.map((t) => ({
      message: `${t.where} sets ${t.setting}: the cluster runs insecure, without TLS or authentication`,
      location: t.location,
      evidence: t.setting,
      fix: "tls.enabled: true (Helm) / tlsEnabled: true (operator), with the chart's or cert-manager's certificates",
    })),
};
