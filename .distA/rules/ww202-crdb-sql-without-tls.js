import { ruleMeta } from "../core/catalog.js";
import { flagHits } from "./deploy-helpers.js";
import { scanRule } from "./kinds.js";
export const ww202 = scanRule({
    meta: ruleMeta("WW202"),
    check: (model) => flagHits(model, "--accept-sql-without-tls", (f) => ({
        message: `${f.where} starts CockroachDB with --accept-sql-without-tls: SQL clients may log in over plaintext`,
        fix: "remove --accept-sql-without-tls and have clients use sslmode=verify-full",
    })),
});
//# sourceMappingURL=ww202-crdb-sql-without-tls.js.map