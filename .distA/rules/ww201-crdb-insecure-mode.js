import { ruleMeta } from "../core/catalog.js";
import { flagHits } from "./deploy-helpers.js";
import { scanRule } from "./kinds.js";
export const ww201 = scanRule({
    meta: ruleMeta("WW201"),
    check: (model) => flagHits(model, "--insecure", (f) => ({
        message: `${f.where} starts CockroachDB with --insecure: no TLS and no authentication, for SQL, the DB Console and node-to-node traffic`,
        fix: "start with --certs-dir (cockroach cert create-ca / create-node / create-client) and remove --insecure",
    })),
});
//# sourceMappingURL=ww201-crdb-insecure-mode.js.map