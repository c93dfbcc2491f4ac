import { ruleMeta } from "../core/catalog.js";
import type { Rule } from "../core/rule.js";
import type { ScanModel } from "../django/model.js";
import { flagHits } from "./deploy-helpers.js";

export const ww201: Rule<ScanModel> = {
  meta: ruleMeta("WW201"),
  check: (model) =>
    flagHits(model, "--insecure", (f) => ({
      message: `${f.where} starts CockroachDB with --insecure: no TLS and no authentication, for SQL, the DB Console and node-to-node traffic`,
      fix: "start with --certs-dir (cockroach cert create-ca / create-node / create-client) and remove --insecure",
    })),
};
