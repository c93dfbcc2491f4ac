import { ruleMeta } from "../core/catalog.js";
import { scanRule } from "./kinds.js";
/**
 * The cockroachdb chart's self-signer issues the CA, node and client certificates and, by default, rotates them
 * before they expire. Turned off, they are rotated by hand or not at all: an expired CA or node certificate makes
 * verify-full clients fail, and the usual way out is to fall back to weaker sslmodes.
 */
export const ww208 = scanRule({
    meta: ruleMeta("WW208"),
    check: (model) => [
        ...model.deploy.certRotationOff.map((t) => ({
            message: `${t.where} sets ${t.setting}: the chart's self-signed CA, node and client certificates are no longer rotated before they expire`,
            location: t.location,
            evidence: t.setting,
            fix: "tls.certs.selfSigner.rotateCerts: true (the chart's default), or issue the certificates with cert-manager (tls.certs.certManager: true)",
        })),
        // The chart rotates a certificate only inside the expiry window before it ends: a longer life is a longer
        // time a stolen key stays good, whatever rotateCerts says.
        ...model.deploy.certDurations
            .filter((d) => d.hours !== undefined && d.hours > d.chartDefaultHours)
            .map((d) => ({
            message: `${d.where} sets ${d.setting}, longer than the chart's ${d.chartDefaultHours}h (${lifetime(d.chartDefaultHours)}): a stolen ${KIND[d.name] ?? ""} key stays valid ${lifetime(d.hours)}, since the self-signer rotates a certificate only shortly before it expires`,
            location: d.location,
            evidence: d.setting,
            fix: `tls.certs.selfSigner.${d.name}: ${d.chartDefaultHours}h (the chart's default) or shorter`,
        })),
    ],
});
const KIND = {
    caCertDuration: "CA",
    nodeCertDuration: "node",
    clientCertDuration: "client",
};
/** 8760 → "1 year", 672 → "28 days". */
function lifetime(hours) {
    const days = hours / 24;
    if (days >= 365) {
        const years = Math.round((days / 365) * 10) / 10;
        return `${years} year${years === 1 ? "" : "s"}`;
    }
    const d = Math.round(days * 10) / 10;
    return `${d} day${d === 1 ? "" : "s"}`;
}
//# sourceMappingURL=ww208-crdb-cert-rotation-off.js.map