import type { TLSSocket } from "node:tls";
import { type Connection, describeSocketError } from "../net/connection.js";
import { frameMessage, parseDataRow, parseErrorResponse } from "../pgwire/backend.js";
import { simpleQuery, startupMessage } from "../pgwire/frontend.js";
import { PROOF_QUERY } from "./model.js";
import { connectVerified, Failure } from "./upstream-session.js";

/** The real server behind the proxy (--upstream), always reached over TLS verified against `ca`. */
export interface Upstream {
  host: string;
  port: number;
  /** Name to verify the certificate against (and send as SNI); defaults to `host`. */
  servername?: string;
  /** PEM; the system store when absent. */
  ca?: string;
}

/**
 * The session client's verified connect (SSLRequest, a lone `S`, TLS 1.2+ verified against `ca` and the name),
 * then the client's StartupMessage parameters: the relay inherits the session's bounds and refusals.
 */
export async function openUpstream(
  u: Upstream,
  params: Record<string, string>,
  timeoutMs: number,
): Promise<{ conn: Connection } | { error: string }> {
  const deadline = Date.now() + Math.max(0, timeoutMs);
  const left = () => Math.max(0, deadline - Date.now());
  const sockets: { conn?: Connection; tls?: TLSSocket } = {};
  try {
    const { conn } = await connectVerified({ ...u, timeoutMs }, left, sockets);
    conn.write(startupMessage(params));
    return { conn };
  } catch (e) {
    sockets.tls?.destroy();
    sockets.conn?.close();
    return { error: e instanceof Failure ? e.message : describeSocketError(e) };
  }
}

/**
 * After AuthenticationOk: skip to ReadyForQuery, run PROOF_QUERY as a simple Query and collect the first column
 * of its rows. Bounded: at most 256 messages either way.
 */
export async function runQuery(
  conn: Connection,
  timeoutMs: number,
): Promise<{ sql: string; result?: string; error?: string }> {
  const sql = PROOF_QUERY;
  const untilReady = async (rows?: string[]): Promise<string | undefined> => {
    for (let i = 0; i < 256; i++) {
      const m = await conn.waitFor((b) => {
        const f = frameMessage(b);
        return f.kind === "incomplete" ? undefined : f;
      }, timeoutMs);
      if (m.kind !== "ok") return "the real server stopped answering";
      if (m.value.kind !== "message") return m.value.reason;
      const { type, body } = m.value.message;
      conn.consume(5 + body.length);
      if (type === "Z") return undefined;
      if (type === "E") return parseErrorResponse(body).message;
      if (type === "D" && rows) {
        const row = parseDataRow(body);
        rows.push(row ? (row[0] ?? "").slice(0, 200) : "(a malformed row)");
      }
    }
    return "too many messages";
  };
  const first = await untilReady();
  if (first) return { sql, error: first };
  conn.write(simpleQuery(sql));
  const rows: string[] = [];
  const error = await untilReady(rows);
  return error ? { sql, error } : { sql, result: rows.join(", ") };
}
