import { ruleMeta } from "../core/catalog.js";
import { proveRule } from "./kinds.js";
import { letThrough } from "./prove-helpers.js";
export const ww603 = proveRule({
    meta: ruleMeta("WW603"),
    check: (model) => letThrough(model, "wrong-host", (r) => ({
        message: `the real client of '${r.alias}' accepted a certificate from its own trusted CA issued for another host name: any server (or stolen key) with a certificate from that CA can impersonate the database`,
        fix: "sslmode 'verify-full' (not 'verify-ca'): the host name must match the certificate",
    })),
});
//# sourceMappingURL=ww603-mitm-wrong-host-accepted.js.map