import { ruleMeta } from "../core/catalog.js";
import { proveRule } from "./kinds.js";
import { letThrough } from "./prove-helpers.js";
/**
 * error-reflect let through: the proxy answered SSLRequest with an ErrorResponse, and the client's own error
 * message repeated its text. Before any TLS the server is not authenticated, so whatever it says there is the
 * attacker's to choose, and it lands in the application's logs and error pages (CVE-2024-10977, fixed in libpq
 * 17.1, 16.5, 15.9, 14.14 and 13.17, which report only "server sent an error response during SSL exchange").
 */
export const ww607 = proveRule({
    meta: ruleMeta("WW607"),
    check: (model) => letThrough(model, "error-reflect", (r) => ({
        message: `the real client of '${r.alias}' repeated text an unauthenticated attacker sent in reply to its SSLRequest: its libpq predates the CVE-2024-10977 fix, so attacker-chosen words reach the application's logs and error pages`,
        fix: "upgrade the libpq the client loads to a release with the fix (17.1, 16.5, 15.9, 14.14, 13.17 or later): the system libpq5 package, or a newer psycopg[binary] / psycopg2-binary wheel, which bundles its own",
    })),
});
//# sourceMappingURL=ww607-mitm-error-text-reflected.js.map