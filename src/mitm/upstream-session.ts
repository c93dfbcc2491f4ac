/**
 * The upstream edge of `prove --attack downgrade`: with the password a client gave away, log in to the REAL server
 * and run one query, to show the credential is usable. TCP → SSLRequest → TLS that is always verified (chain
 * against `ca`, host name against `servername`) → StartupMessage → SCRAM-SHA-256 (or MD5 / cleartext, which are
 * acceptable only because the TLS is verified) → simple Query → Terminate.
 *
 * Never throws. Every read is bounded in size (frameMessage) and the whole session by `timeoutMs`. The password
 * never appears in a returned error: nothing formats it in, and every error string is scrubbed of it anyway.
 */

import { createHash } from "node:crypto";
import { isIP } from "node:net";
import { type TLSSocket, connect as tlsConnect } from "node:tls";
import { redactSecrets } from "../core/redact.js";
import { Connection, describeSocketError } from "../net/connection.js";
import {
  frameMessage,
  parseAuthentication,
  parseDataRow,
  parseErrorResponse,
  parseParameterStatus,
  parseSslReply,
  printable,
} from "../pgwire/backend.js";
import {
  passwordMessage,
  saslInitialResponse,
  simpleQuery,
  sslRequest,
  startupMessage,
  terminate,
} from "../pgwire/frontend.js";
import { ScramError, scramClientFinal, scramClientFirst, verifyServerFinal } from "./scram.js";

export interface LoginOptions {
  host: string;
  port: number;
  /** Name the server certificate must match (and SNI, unless an IP address); default `host`. */
  servername?: string;
  /** PEM trust anchors; default Node's system store. Verification is never turned off. */
  ca?: string;
  user: string;
  database: string;
  password: string;
  query: string;
  /** Budget for the whole session, connect to last row. */
  timeoutMs: number;
}

export type AuthMethod = "SCRAM-SHA-256" | "md5" | "cleartext" | "trust";

export type LoginResult =
  | {
      ok: true;
      /** Text values of every DataRow, in order; SQL NULL is the empty string. */
      rows: string[][];
      serverVersion?: string;
      /** How the server had the client prove the password. */
      auth: AuthMethod;
    }
  | { ok: false; stage: "connect" | "tls" | "auth" | "query"; error: string };

export type Stage = "connect" | "tls" | "auth" | "query";

export const APPLICATION_NAME = "wirewarden-prove";
/** Rows kept from one query: `prove` runs `SELECT current_user`; anything much bigger is not a proof query. */
export const MAX_ROWS = 1000;
/** Bytes read from the server over the whole session, all messages together. */
export const MAX_SESSION_BYTES = 4 * 1024 * 1024;
const SCRAM = "SCRAM-SHA-256";
const CLOSE_GRACE_MS = 1000;

export class Failure extends Error {
  constructor(
    readonly stage: Stage,
    message: string,
  ) {
    super(message);
  }
}

export async function loginAndQuery(o: LoginOptions): Promise<LoginResult> {
  let stage: Stage = "connect";
  const sockets: { conn?: Connection; tls?: TLSSocket } = {};
  try {
    const r = await session(o, sockets, (s) => {
      stage = s;
    });
    return r;
  } catch (e) {
    const f = e instanceof Failure ? e : new Failure(stage, `unexpected error: ${describeSocketError(e)}`);
    return { ok: false, stage: f.stage, error: redactSecrets(f.message, { known: [o.password] }) };
  } finally {
    sockets.conn?.close();
    sockets.tls?.destroy();
  }
}

async function session(
  o: LoginOptions,
  sockets: { conn?: Connection; tls?: TLSSocket },
  enter: (s: Stage) => void,
): Promise<LoginResult> {
  const deadline = Date.now() + Math.max(0, o.timeoutMs);
  const left = () => Math.max(0, deadline - Date.now());
  for (const [what, v] of [
    ["user", o.user],
    ["database", o.database],
    ["query", o.query],
  ] as const)
    if (v.includes("\0"))
      throw new Failure(what === "query" ? "query" : "auth", `${what} contains a NUL byte`);
  if (o.password.includes("\0")) throw new Failure("auth", "the password contains a NUL byte");

  const { tls, conn } = await connectVerified(o, left, sockets, enter);
  const reader = new Reader(conn, left, o);

  // Startup and authentication.
  enter("auth");
  conn.write(
    startupMessage({
      user: o.user,
      database: o.database,
      application_name: APPLICATION_NAME,
      // DataRow text arrives in UTF-8 whatever the database's encoding.
      client_encoding: "UTF8",
    }),
  );
  const auth = await authenticate(reader, conn, o);

  // After AuthenticationOk: ParameterStatus, BackendKeyData, until ReadyForQuery.
  let serverVersion: string | undefined;
  for (;;) {
    const m = await reader.next("auth");
    if (m.type === "Z") break;
    if (m.type === "S") {
      const p = parseParameterStatus(m.body);
      if (p?.name === "server_version") serverVersion = p.value;
    } else if (m.type === "E")
      throw new Failure("auth", `authenticated, but the server ended the session: ${serverError(m.body)}`);
    else if (m.type !== "K" && m.type !== "N")
      throw new Failure("auth", `unexpected message '${printable(m.type)}' before ReadyForQuery`);
  }

  // The query.
  enter("query");
  conn.write(simpleQuery(o.query));
  const rows: string[][] = [];
  let queryError: string | undefined;
  for (;;) {
    const m = await reader.next("query");
    if (m.type === "Z") break;
    if (m.type === "D") {
      if (rows.length >= MAX_ROWS)
        throw new Failure("query", `the query returned more than ${MAX_ROWS} rows`);
      const row = parseDataRow(m.body);
      if (!row) throw new Failure("query", "malformed DataRow");
      rows.push(row);
    } else if (m.type === "E") queryError ??= serverError(m.body);
    else if (m.type === "G" || m.type === "H" || m.type === "W")
      throw new Failure("query", "the query started a COPY, which is not supported");
    else if (!["T", "C", "I", "N", "S", "A"].includes(m.type))
      throw new Failure("query", `unexpected message '${printable(m.type)}' in the query's reply`);
  }
  if (queryError !== undefined) throw new Failure("query", queryError);
  // A polite close: Terminate, then FIN; the sockets are no longer destroyed at once (that would drop the
  // Terminate), only after a grace period if the server does not close its side.
  tls.end(terminate());
  sockets.tls = undefined;
  sockets.conn = undefined;
  setTimeout(() => tls.destroy(), CLOSE_GRACE_MS).unref();
  return { ok: true, rows, ...(serverVersion !== undefined ? { serverVersion } : {}), auth };
}

/** Where a verified connection goes: the real server, its certificate's name and the CA that must sign it. */
export interface VerifiedTarget {
  host: string;
  port: number;
  servername?: string;
  ca?: string;
  /** The whole budget, for messages. */
  timeoutMs: number;
}

/**
 * TCP → SSLRequest → a lone 'S' → a TLS handshake that is always verified (chain against `ca`, host name against
 * `servername`, TLS 1.2+): what the session client and the proxy's relay both need before they speak. Throws a
 * Failure saying which step failed; every wait ends by `left()`.
 */
export async function connectVerified(
  o: VerifiedTarget,
  left: () => number,
  sockets: { conn?: Connection; tls?: TLSSocket } = {},
  enter: (s: Stage) => void = () => {},
): Promise<{ tls: TLSSocket; conn: Connection }> {
  const opened = await Connection.open(o.host, o.port, left());
  if (!(opened instanceof Connection)) throw new Failure("connect", opened.error);
  sockets.conn = opened;
  enter("tls");
  opened.write(sslRequest());
  const answer = await opened.waitFor((b) => {
    const r = parseSslReply(b);
    return r.kind === "incomplete" ? undefined : r;
  }, left());
  if (answer.kind !== "ok") throw new Failure("tls", waitFailure(answer, "an answer to SSLRequest", o));
  const reply = answer.value;
  if (reply.kind === "N") throw new Failure("tls", "the server refused TLS (answered N to SSLRequest)");
  if (reply.kind === "E") throw new Failure("tls", "the server answered SSLRequest with an error");
  if (reply.kind !== "S")
    throw new Failure(
      "tls",
      `the server answered SSLRequest with byte 0x${reply.kind === "other" ? hex(reply.byte) : "?"}`,
    );
  if (reply.extra > 0 || opened.buffer.length > 1)
    throw new Failure(
      "tls",
      "bytes arrived after 'S' before the TLS handshake (possible injection); refused",
    );
  const tls = await handshake(opened, o, left());
  sockets.tls = tls;
  return { tls, conn: new Connection(tls) };
}

/** Verified TLS, always: rejectUnauthorized is true and the host name is checked by Node's rules. */
function handshake(conn: Connection, o: VerifiedTarget, timeoutMs: number): Promise<TLSSocket> {
  const socket = conn.detach();
  const name = o.servername ?? o.host;
  return new Promise<TLSSocket>((resolve, reject) => {
    const s = tlsConnect({
      socket,
      // checkServerIdentity verifies `servername` if set, else `host`; SNI may not carry an IP address.
      host: name,
      ...(isIP(name) === 0 ? { servername: name } : {}),
      ...(o.ca !== undefined ? { ca: o.ca } : {}),
      rejectUnauthorized: true,
      minVersion: "TLSv1.2",
    });
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      s.destroy();
      reject(new Failure("tls", why));
    };
    const timer = setTimeout(
      () => fail(`TLS handshake did not finish within the ${o.timeoutMs} ms budget`),
      timeoutMs,
    );
    // A persistent listener: a second 'error' after the first must not become an uncaught exception.
    s.on("error", (e) => fail(`TLS handshake failed: ${tlsError(e)}`));
    s.once("secureConnect", () => {
      if (!s.authorized) return fail(`certificate not verified: ${String(s.authorizationError)}`);
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(s);
    });
  });
}

async function authenticate(reader: Reader, conn: Connection, o: LoginOptions): Promise<AuthMethod> {
  let method: AuthMethod = "trust";
  let scram: { bare: string; nonce: string; expected?: string; verified: boolean } | undefined;
  for (;;) {
    const m = await reader.next("auth");
    if (m.type === "E") throw new Failure("auth", serverError(m.body));
    if (m.type === "N") continue;
    if (m.type !== "R")
      throw new Failure("auth", `unexpected message '${printable(m.type)}' during authentication`);
    const req = parseAuthentication(m.body);
    if (!req) throw new Failure("auth", "malformed authentication request");
    switch (req.code) {
      case 0:
        if (scram && !scram.verified)
          throw new Failure(
            "auth",
            "the server said AuthenticationOk without completing SCRAM (no SASLFinal)",
          );
        return method;
      case 3:
        method = "cleartext";
        conn.write(passwordMessage(Buffer.from(`${o.password}\0`, "utf8")));
        break;
      case 5: {
        if (m.body.length !== 8) throw new Failure("auth", "malformed AuthenticationMD5Password");
        method = "md5";
        const inner = md5hex(Buffer.concat([Buffer.from(o.password, "utf8"), Buffer.from(o.user, "utf8")]));
        const outer = md5hex(Buffer.concat([Buffer.from(inner, "ascii"), m.body.subarray(4, 8)]));
        conn.write(passwordMessage(Buffer.from(`md5${outer}\0`, "ascii")));
        break;
      }
      case 10: {
        if (scram) throw new Failure("auth", "the server restarted SASL authentication");
        if (!req.mechanisms.includes(SCRAM))
          throw new Failure(
            "auth",
            `the server offers no ${SCRAM} (offers: ${req.mechanisms.join(", ") || "none"})`,
          );
        method = SCRAM;
        const first = scramClientFirst();
        scram = { bare: first.bare, nonce: first.nonce, verified: false };
        conn.write(saslInitialResponse(SCRAM, Buffer.from(first.message, "utf8")));
        break;
      }
      case 11: {
        if (!scram || scram.expected !== undefined)
          throw new Failure("auth", "unexpected AuthenticationSASLContinue");
        const serverFirst = m.body.subarray(4).toString("utf8");
        try {
          const final = scramClientFinal({
            password: o.password,
            clientFirstBare: scram.bare,
            serverFirst,
            clientNonce: scram.nonce,
          });
          scram.expected = final.expectedServerSignature;
          conn.write(passwordMessage(Buffer.from(final.message, "utf8")));
        } catch (e) {
          throw new Failure(
            "auth",
            e instanceof ScramError ? `SCRAM: ${e.message}` : "SCRAM: computation failed",
          );
        }
        break;
      }
      case 12: {
        if (!scram?.expected || scram.verified)
          throw new Failure("auth", "unexpected AuthenticationSASLFinal");
        if (!verifyServerFinal(m.body.subarray(4).toString("utf8"), scram.expected))
          throw new Failure(
            "auth",
            "SCRAM: the server's signature is wrong: it does not know this password (or the exchange was tampered with)",
          );
        scram.verified = true;
        break;
      }
      default:
        throw new Failure("auth", `unsupported authentication request: ${req.name}`);
    }
  }
}

/** Reads typed messages one by one, bounded by the session deadline and byte budget. */
class Reader {
  private total = 0;

  constructor(
    private readonly conn: Connection,
    private readonly left: () => number,
    private readonly o: LoginOptions,
  ) {}

  async next(stage: Stage): Promise<{ type: string; body: Buffer }> {
    const r = await this.conn.waitFor((b) => {
      const f = frameMessage(b);
      return f.kind === "incomplete" ? undefined : f;
    }, this.left());
    if (r.kind !== "ok") throw new Failure(stage, waitFailure(r, "the server's next message", this.o));
    const f = r.value;
    if (f.kind === "invalid") throw new Failure(stage, `invalid message from the server: ${f.reason}`);
    const size = 1 + 4 + f.message.body.length;
    this.total += size;
    if (this.total > MAX_SESSION_BYTES)
      throw new Failure(stage, `the server sent more than ${MAX_SESSION_BYTES} bytes`);
    // Copy: the body is a view into the connection's buffer, which consume() moves past.
    const message = { type: f.message.type, body: Buffer.from(f.message.body) };
    this.conn.consume(size);
    return message;
  }
}

function waitFailure(
  r: { kind: "timeout" } | { kind: "closed"; error?: string } | { kind: "overflow" },
  what: string,
  o: Pick<LoginOptions, "timeoutMs">,
): string {
  if (r.kind === "timeout") return `no ${what} within the ${o.timeoutMs} ms budget`;
  if (r.kind === "overflow") return `the server sent more than is read while waiting for ${what}`;
  return `the connection closed while waiting for ${what}${r.error ? `: ${r.error}` : ""}`;
}

function serverError(body: Buffer): string {
  const e = parseErrorResponse(body);
  return [e.severity, e.code].filter((s) => s.length > 0).join(" ") + (e.message ? `: ${e.message}` : "");
}

function md5hex(b: Buffer): string {
  return createHash("md5").update(b).digest("hex");
}

function tlsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException & { reason?: string };
  const code = typeof err?.code === "string" ? err.code : undefined;
  const text = err?.reason ?? describeSocketError(e);
  return code && !text.includes(code) ? `${text} (${code})` : text;
}

function hex(b: number): string {
  return b.toString(16).padStart(2, "0");
}
