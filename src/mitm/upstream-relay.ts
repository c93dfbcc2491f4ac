import { isIP } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { Connection } from "../net/connection.js";
import { requestSsl } from "../net/ssl-request.js";
import { frameMessage, parseErrorResponse } from "../pgwire/backend.js";
import { startupMessage } from "../pgwire/frontend.js";
import { PROOF_QUERY } from "./model.js";

/** The real server behind the proxy (--upstream), always reached over TLS verified against `ca`. */
export interface Upstream {
  host: string;
  port: number;
  /** Name to verify the certificate against (and send as SNI); defaults to `host`. */
  servername?: string;
  /** PEM; the system store when absent. */
  ca?: string;
}

/** SSLRequest, `S`, a verified TLS handshake, then the client's StartupMessage parameters. */
export async function openUpstream(
  u: Upstream,
  params: Record<string, string>,
  timeoutMs: number,
): Promise<{ conn: Connection } | { error: string }> {
  const ssl = await requestSsl(u.host, u.port, timeoutMs);
  if ("unreachable" in ssl) return { error: ssl.unreachable };
  const plain = ssl.conn;
  if (!plain || ssl.answer.kind !== "S" || ssl.answer.extraBytes > 0) {
    plain?.close();
    return { error: "the real server did not accept TLS" };
  }
  const name = u.servername ?? u.host;
  // `host` is what Node checks the certificate's names against; SNI only for names, never for IPs.
  const tls = tlsConnect({
    socket: plain.detach(),
    host: name,
    ...(isIP(name) === 0 ? { servername: name } : {}),
    ...(u.ca ? { ca: u.ca } : {}),
    rejectUnauthorized: true,
  });
  const ready = await new Promise<string | undefined>((resolve) => {
    const timer = setTimeout(() => resolve(`no TLS handshake within ${timeoutMs} ms`), timeoutMs);
    tls.once("secureConnect", () => {
      clearTimeout(timer);
      resolve(undefined);
    });
    tls.once("error", (e) => {
      clearTimeout(timer);
      resolve(`TLS to the real server failed verification: ${e.message}`);
    });
  });
  if (ready) {
    tls.destroy();
    return { error: ready };
  }
  const conn = new Connection(tls);
  conn.write(startupMessage(params));
  return { conn };
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
      if (type === "D" && rows && body.length >= 6) {
        const len = body.readInt32BE(2);
        rows.push(
          len < 0
            ? "NULL"
            : body
                .subarray(6, 6 + len)
                .toString("utf8")
                .slice(0, 200),
        );
      }
    }
    return "too many messages";
  };
  const first = await untilReady();
  if (first) return { sql, error: first };
  const text = Buffer.from(`${sql}\0`, "utf8");
  const head = Buffer.alloc(5);
  head.write("Q", 0, "latin1");
  head.writeUInt32BE(text.length + 4, 1);
  conn.write(Buffer.concat([head, text]));
  const rows: string[] = [];
  const error = await untilReady(rows);
  return error ? { sql, error } : { sql, result: rows.join(", ") };
}
