import { ruleMeta } from "../core/catalog.js";
import { scanRule } from "./kinds.js";
/**
 * `password` sends the password itself to whoever answers (in cleartext when the line also allows plaintext, and to
 * an impostor holding any certificate the client accepts); `cert-password` falls back to it. SCRAM never sends it.
 */
const CLEARTEXT_METHODS = new Set(["password", "cert-password"]);
export const ww207 = scanRule({
    meta: ruleMeta("WW207"),
    check: (model) => model.deploy.hba
        .filter((h) => !h.local && CLEARTEXT_METHODS.has(h.method.toLowerCase()))
        .map((h) => ({
        message: `an HBA rule (${h.source}) lets network clients authenticate with '${h.method}': the password itself crosses the connection, so whoever terminates it (a forged certificate the client accepts, or any reader where TLS is not required) receives it`,
        location: h.location,
        evidence: h.line,
        fix: h.method.toLowerCase() === "cert-password"
            ? "use cert-scram-sha-256 (CockroachDB) so the password fallback is SCRAM, which never sends the password"
            : "use scram-sha-256 (PostgreSQL 10+, CockroachDB 22.2+), which proves the password without sending it",
    })),
});
//# sourceMappingURL=ww207-crdb-hba-cleartext-method.js.map