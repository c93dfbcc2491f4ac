import { ruleMeta } from "../core/catalog.js";
import { scanRule } from "./kinds.js";
/** `host`/`hostnossl` entries for network addresses that do not reject: clients may log in without TLS. */
export const ww204 = scanRule({
    meta: ruleMeta("WW204"),
    check: (model) => model.deploy.hba
        .filter((h) => (h.type === "host" || h.type === "hostnossl") && !h.local && h.method !== "reject")
        .map((h) => ({
        message: `an HBA rule (${h.source}) lets non-local clients in without TLS: '${h.line}'`,
        location: h.location,
        evidence: h.line,
        fix: "use hostssl for network clients (and `host all all all reject` after them), keeping host only for local addresses",
    })),
});
//# sourceMappingURL=ww204-crdb-hba-plaintext.js.map