import { ruleMeta } from "../core/catalog.js";
import type { Rule } from "../core/rule.js";
import type { ScanModel } from "../django/model.js";

export const ww204: Rule<ScanModel> = {
  meta: ruleMeta("WW204"),
  check: (model) =>
    model.deploy.hba.map((h) => ({
      message: `an HBA rule (${h.source}) lets non-local clients in without TLS: '${h.line}'`,
      location: h.location,
      evidence: h.line,
      fix: "use hostssl for network clients (and `host all all all reject` after them), keeping host only for local addresses",
    })),
};
