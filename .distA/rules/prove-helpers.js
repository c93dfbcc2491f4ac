/** One hit per run of `attack` that the client let through, with the run's evidence. */
export function letThrough(model, attack, hit) {
    return model.runs
        .filter((r) => r.attack === attack && r.outcome === "let-through")
        .map((r) => ({ ...where(r), evidence: r.evidence.join("\n"), ...hit(r) }));
}
export function where(r) {
    return {
        endpoint: `postgresql://${r.endpoint}`,
        alias: r.alias,
        ...(r.settingsModule ? { settingsModule: r.settingsModule } : {}),
    };
}
/** The fix for a leg behind a pooler: the pooler's own settings, where no Django setting reaches. */
export const POOLER_LEG_FIX = "in the pooler's configuration: server_tls_sslmode = verify-full and server_tls_ca_file = the database's CA (WW119 shows where the leg is configured); PgBouncer has no channel binding, so the certificate check is that leg's only defence";
/** An attack's name in a message: one on the leg behind a pooler says so. */
export function attackName(r) {
    return r.via ? `${r.attack} (pooler leg)` : r.attack;
}
export const VERIFY_FULL_FIX = "OPTIONS: {'sslmode': 'verify-full', 'sslrootcert': '/path/to/ca.crt'} for this alias (wirewarden fix writes it); against PostgreSQL itself (not CockroachDB, not through PgBouncer, which have no channel binding), channel_binding='require' also defeats a relay where the server uses SCRAM";
//# sourceMappingURL=prove-helpers.js.map