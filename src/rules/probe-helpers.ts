import type { FirstReply } from "../probe/model.js";

/** How a server's first reply reads in evidence. */
export function describeReply(r: FirstReply | undefined): string {
  if (!r) return "no reply";
  switch (r.kind) {
    case "auth":
      return `${r.auth.name}${r.auth.mechanisms.length > 0 ? ` [${r.auth.mechanisms.join(", ")}]` : ""} (code ${r.auth.code})`;
    case "error":
      return `ErrorResponse ${r.error.code} "${r.error.message}"`;
    case "closed":
      return `connection closed${r.error ? ` (${r.error})` : ""}`;
    case "timeout":
      return "no reply before the timeout";
    case "invalid":
      return `not a valid reply: ${r.reason}`;
  }
}

/** What to write on the server side so that plaintext logins are refused. */
export const REFUSE_PLAINTEXT_FIX =
  "PostgreSQL: use only `hostssl` entries in pg_hba.conf (or `hostnossl all all 0.0.0.0/0 reject` first); CockroachDB: run without --insecure/--accept-sql-without-tls and use `hostssl` HBA entries; clients: sslmode=verify-full";
