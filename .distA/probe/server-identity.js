/**
 * Which server this is, from what it said: CockroachDB refuses plaintext on a secure node with 08P01 "node is
 * running secure mode" and reports `crdb_version`; PostgreSQL's errors name its C source files and routines
 * (ClientAuthentication, pg_hba.conf). CockroachDB also reports a `server_version`, so `crdb_version` wins.
 */
export function identifyServer(replies, parameters) {
    const crdb = parameters.crdb_version;
    if (crdb)
        return { product: "CockroachDB", version: crdb, evidence: "ParameterStatus crdb_version" };
    const errors = replies
        .filter((r) => r?.kind === "error")
        .map((r) => r.error);
    for (const e of errors) {
        if (/secure mode|SSL connection required/i.test(e.message) || /\.go$/.test(e.fields.F ?? ""))
            return { product: "CockroachDB", evidence: `error ${e.code} "${e.message}"` };
    }
    const pg = parameters.server_version;
    if (pg)
        return { product: "PostgreSQL", version: pg, evidence: "ParameterStatus server_version" };
    for (const e of errors) {
        if (/\.c$/.test(e.fields.F ?? "") || /pg_hba\.conf|unsupported frontend protocol/.test(e.message))
            return { product: "PostgreSQL", evidence: `error ${e.code} "${e.message}"` };
    }
    return { product: "unknown", evidence: "no reply that names the server" };
}
//# sourceMappingURL=server-identity.js.map