import { ruleMeta } from "../core/catalog.js";
import { scanRule } from "./kinds.js";

/**
 * The cockroachdb chart's self-signer issues the CA, node and client certificates and, by default, rotates them
 * before they expire. Turned off, they are rotated by hand or not at all: an expired CA or node certificate makes
 * verify-full clients fail, and the usual way out is to fall back to weaker sslmodes.
 */
export const ww208 = scanRule({
  meta: ruleMeta("WW208"),
  check: (model) =>
    model.deploy.certRotationOff.map((t) => ({
      message: `${t.where} sets ${t.setting}: the chart's self-signed CA, node and client certificates are no longer rotated before they expire`,
      location: t.location,
      evidence: t.setting,
      fix: "tls.certs.selfSigner.rotateCerts: true (the chart's default), or issue the certificates with cert-manager (tls.certs.certManager: true)",
    })),
});
