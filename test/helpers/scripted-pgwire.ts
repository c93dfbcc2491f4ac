/**
 * A SCRIPTED pgwire server — not a database. It exists only for replies no server available here can produce:
 * CockroachDB's own answers (the 08P01 "node is running secure mode" refusal, `crdb_version`) and hostile
 * behaviour (bytes after 'S', a 2 GB / 1 GiB / negative length, silence, a reset mid-handshake, endless
 * ParameterStatus, a byte-per-second drip, a TLS handshake that stalls or stops half-way through the ServerHello,
 * an absurdly long certificate chain). No real server produces these replies, which is why a script stands in.
 * Real PostgreSQL behaviour is always tested against a real PostgreSQL server (src/lab/pg-cluster.ts).
 * Direct TLS (a ClientHello straight after connect) taken without ALPN is scripted too: PostgreSQL 17+ refuses
 * it and PostgreSQL 15 takes no direct TLS, so no server available here produces that reply.
 *
 * Every loop here that sends traffic is bounded in count and time (FLOOD_MAX_MESSAGES and FLOOD_MAX_MS, DRIP_MAX_BYTES), and
 * stops as soon as the peer goes away.
 */
import { createServer, type Server, type Socket } from "node:net";
import { Duplex } from "node:stream";
import { createSecureContext, type SecureContext, TLSSocket } from "node:tls";

export type Script =
  /** CockroachDB secure node: plaintext refused with 08P01; inside TLS, trust and crdb_version. */
  | "crdb-secure"
  /** CockroachDB --insecure: 'N' to SSLRequest, plaintext trust with crdb_version. */
  | "crdb-insecure"
  /** 'S' immediately followed by plaintext bytes (CVE-2021-23222 pattern). */
  | "bytes-after-s"
  /** An ErrorResponse declaring a 2 GB length, to every request. */
  | "huge-length"
  /** Accepts connections and never says anything. */
  | "silent"
  /** 'S', then a TCP reset when the ClientHello arrives. */
  | "reset-in-handshake"
  /** 'S', then the server closes the connection (FIN) before any TLS handshake. */
  | "close-after-s"
  /** Startup: 'R' declaring 1 GiB; SSLRequest: 'E' declaring 1 GiB. */
  | "length-1gib"
  /** Startup: 'R' declaring length -1 (0xffffffff); SSLRequest: 'E' declaring -2^31 (0x80000000). */
  | "length-negative"
  /**
   * Startup: AuthenticationOk, then ParameterStatus messages as fast as the peer reads them and never a
   * ReadyForQuery; SSLRequest: 'N', and the same flood if a startup follows on that connection.
   */
  | "endless-parameters"
  /**
   * Startup: AuthenticationOk, then one ParameterStatus every 50 ms, never a ReadyForQuery; SSLRequest: 'S', then
   * (inside TLS) AuthenticationOk and a ParameterStatus flood. Needs a certificate.
   */
  | "endless-parameters-tls"
  /**
   * Slowloris: every reply is valid but dripped one byte per second — to a startup, an MD5 password request; to
   * SSLRequest, 'S' and then the whole TLS server side (ServerHello onwards) one byte per second. Needs a
   * certificate.
   */
  | "slowloris"
  /**
   * Every answer is correct and comes JUST_IN_TIME_MS after what prompted it: to a startup, AuthenticationOk and
   * then ReadyForQuery as late again (no server_version, so a prober goes on to a protocol-2.0 startup, refused
   * as late); to SSLRequest, 'S', then a TLS server each of whose flights is held back as long, and inside TLS
   * the same slow login. No single wait longer than JUST_IN_TIME_MS runs out; their chain does. Needs a
   * certificate.
   */
  | "just-in-time"
  /** Startup: refused (28000, as a hostssl-only server); SSLRequest: 'S', reads the ClientHello, then silence. */
  | "tls-stall"
  /** As tls-stall, but answers the ClientHello with the first half of a ServerHello record, then silence. */
  | "tls-half-hello"
  /**
   * Startup: refused (28000); SSLRequest: 'S' and a real TLS handshake with the certificate chain given (e.g. a
   * leaf and 999 intermediates); inside TLS, a SCRAM request. Needs a certificate.
   */
  | "tls-refuse-plaintext"
  /**
   * A TLS terminator in front of a database that takes direct TLS (a ClientHello straight after connect) with or
   * without ALPN, selecting `postgresql` when offered — as proxies did before they required ALPN (Neon's proxy
   * before its PR #12783). SCRIPTED because no server available here produces that reply: PostgreSQL 17+ (the
   * lab's 18) closes a direct session without ALPN, and PostgreSQL 15 takes no direct TLS at all. Startup: refused
   * (28000); SSLRequest: 'S' and TLS; inside either session, a SCRAM request. Needs a certificate.
   */
  | "direct-tls-any-alpn"
  /**
   * As direct-tls-any-alpn, but the terminator's ALPN list is another protocol's (`h2`): a ClientHello offering
   * `postgresql` gets the no_application_protocol alert RFC 7301 asks for, one without ALPN a session. SCRIPTED for
   * the same reason: no real server here takes direct TLS without ALPN. The probe must still make that second
   * attempt (only a close without a byte back spares it).
   */
  | "direct-tls-other-alpn"
  /**
   * Startup: refused (28000); SSLRequest: 'S' and a real TLS session with a SCRAM request inside; a direct
   * ClientHello is read and never answered (a hostile peer: the direct-TLS check must end at the deadline).
   * Needs a certificate.
   */
  | "direct-tls-stall";

/** The most messages a flood sends on one connection (about 2.6 MB), whatever the peer does. */
export const FLOOD_MAX_MESSAGES = 100_000;
/** …and for no longer than this. */
export const FLOOD_MAX_MS = 30_000;
/** The most bytes a drip sends on one connection (one a second: two minutes). */
export const DRIP_MAX_BYTES = 120;
/** How late every answer of "just-in-time" comes. */
export const JUST_IN_TIME_MS = 1200;
/** Time between two dripped bytes. */
export const DRIP_INTERVAL_MS = 1000;

export interface ScriptedServerOptions {
  /** A loopback address to listen on (default 127.0.0.1). */
  host?: string;
  /** direct-tls-any-alpn: the certificate of the direct-TLS path, when it is not the SSLRequest path's. */
  directTls?: { cert: string; key: string };
}

export interface ScriptedServer {
  port: number;
  /** Connections accepted so far: tests assert the probe's traffic is bounded. */
  connections: () => number;
  close(): Promise<void>;
}

const CRDB_VERSION = "CockroachDB CCL v23.2.4 (x86_64-pc-linux-gnu, built 2024/04/02 00:00:00, go1.21.8)";

function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, "latin1");
  head.writeUInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

function errorResponse(code: string, text: string): Buffer {
  return message("E", Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${text}\0\0`));
}

function trustWithCrdbVersion(): Buffer {
  return Buffer.concat([
    message("R", Buffer.from([0, 0, 0, 0])),
    message("S", Buffer.from(`server_version\x0013.0.0\0`)),
    message("S", Buffer.from(`crdb_version\0${CRDB_VERSION}\0`)),
    message("Z", Buffer.from("I")),
  ]);
}

/** A TLS handshake record (a ClientHello) as the first bytes: a direct-TLS client, no SSLRequest. */
function isTlsHello(b: Buffer): boolean {
  return b.length >= 3 && b[0] === 0x16 && b[1] === 0x03;
}

/** First 8 bytes of a client's message: SSLRequest, or the head of a StartupMessage. */
function isSslRequest(b: Buffer): boolean {
  return b.length >= 8 && b.readInt32BE(0) === 8 && b.readInt32BE(4) === 80877103;
}

export async function startScriptedServer(
  script: Script,
  tls?: { cert: string; key: string },
  options: ScriptedServerOptions = {},
): Promise<ScriptedServer> {
  const host = options.host ?? "127.0.0.1";
  if (!/^127\.\d+\.\d+\.\d+$/.test(host))
    throw new Error(`scripted server: ${host} is not a loopback address`);
  let count = 0;
  const sockets = new Set<Socket>();
  // One context for every connection: a long chain is parsed once, not once per handshake.
  const context = tls ? createSecureContext({ cert: tls.cert, key: tls.key }) : undefined;
  const directContext = options.directTls ? createSecureContext(options.directTls) : context;
  const server: Server = createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    socket.once("data", (first) => serve(script, socket, first, context, directContext));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("scripted server: no port");
  return {
    port: address.port,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function serve(
  script: Script,
  socket: Socket,
  first: Buffer,
  tls?: SecureContext,
  directTls: SecureContext | undefined = tls,
): void {
  const ssl = isSslRequest(first);
  switch (script) {
    case "silent":
      return;
    case "huge-length":
      socket.write(Buffer.from([0x45, 0x7f, 0xff, 0xff, 0xff, 0x53, 0x46]));
      return;
    case "bytes-after-s":
      if (ssl) socket.write(Buffer.from("SHTTP/1.1 200 OK\r\n\r\nnot tls"));
      else socket.end(errorResponse("28000", "no pg_hba.conf entry, no encryption"));
      return;
    case "close-after-s":
      if (ssl) socket.end("S");
      else socket.end(errorResponse("28000", "no pg_hba.conf entry, no encryption"));
      return;
    case "reset-in-handshake":
      if (ssl) {
        socket.write("S");
        socket.once("data", () => socket.resetAndDestroy());
      } else socket.resetAndDestroy();
      return;
    case "crdb-insecure":
      if (ssl) {
        socket.write("N");
        socket.once("data", () => socket.end(trustWithCrdbVersion()));
      } else socket.end(trustWithCrdbVersion());
      return;
    case "crdb-secure":
      if (!ssl) {
        socket.end(errorResponse("08P01", "node is running secure mode, SSL connection required"));
        return;
      }
      if (!tls) throw new Error("crdb-secure needs a certificate");
      socket.write("S");
      {
        const secure = new TLSSocket(socket, { isServer: true, secureContext: tls });
        secure.on("error", () => {});
        secure.once("data", () => secure.end(trustWithCrdbVersion()));
      }
      return;
    case "length-1gib":
      socket.write(lengthOnly(ssl ? "E" : "R", 0x4000_0000));
      return;
    case "length-negative":
      socket.write(lengthOnly(ssl ? "E" : "R", ssl ? 0x8000_0000 : 0xffff_ffff));
      return;
    case "endless-parameters":
      if (ssl) {
        socket.write("N");
        socket.once("data", () => flood(socket));
      } else flood(socket);
      return;
    case "endless-parameters-tls":
      if (!ssl) {
        socket.write(AUTH_OK);
        const timer = setInterval(() => {
          if (!socket.writable) return clearInterval(timer);
          socket.write(parameterStatus("wirewarden_hostile", "slow"));
        }, 50);
        // Bounded in time like every loop here (the peer normally leaves first).
        setTimeout(() => clearInterval(timer), FLOOD_MAX_MS).unref();
        socket.once("close", () => clearInterval(timer));
        return;
      }
      if (!tls) throw new Error("endless-parameters-tls needs a certificate");
      socket.write("S");
      {
        const secure = new TLSSocket(socket, { isServer: true, secureContext: tls });
        secure.on("error", () => {});
        secure.once("data", () => flood(secure));
      }
      return;
    case "slowloris":
      if (!ssl) {
        drip(socket, message("R", Buffer.from([0, 0, 0, 5, 0x12, 0x34, 0x56, 0x78])));
        return;
      }
      if (!tls) throw new Error("slowloris needs a certificate");
      {
        // The TLS server writes into `slow`, which hands its bytes to the socket one a second.
        const slow = dripDuplex(socket, Buffer.from("S"));
        const secure = new TLSSocket(slow, { isServer: true, secureContext: tls });
        secure.on("error", () => {});
        secure.once("data", () => secure.end(errorResponse("28000", "slowloris says no")));
      }
      return;
    case "just-in-time": {
      const later = (send: () => void) => {
        const timer = setTimeout(() => socket.writable && send(), JUST_IN_TIME_MS);
        socket.once("close", () => clearTimeout(timer));
      };
      if (!ssl && first.length >= 8 && first.readInt32BE(4) === 0x0002_0000) {
        later(() => socket.end(Buffer.from("EFATAL:  unsupported frontend protocol\0")));
        return;
      }
      if (!ssl) {
        later(() => {
          socket.write(AUTH_OK);
          later(() => socket.end(READY_FOR_QUERY));
        });
        return;
      }
      if (!tls) throw new Error("just-in-time needs a certificate");
      later(() => {
        const held = heldBackDuplex(socket);
        socket.write("S");
        const secure = new TLSSocket(held, { isServer: true, secureContext: tls });
        secure.on("error", () => {});
        secure.once("data", () => {
          secure.write(AUTH_OK);
          later(() => secure.end(READY_FOR_QUERY));
        });
      });
      return;
    }
    case "tls-stall":
    case "tls-half-hello":
    case "tls-refuse-plaintext":
      if (!ssl) {
        socket.end(errorResponse("28000", 'no pg_hba.conf entry for host "127.0.0.1", no encryption'));
        return;
      }
      socket.write("S");
      if (script === "tls-stall") return; // the ClientHello is read and never answered
      if (script === "tls-half-hello") {
        socket.once("data", () => {
          const hello = serverHelloRecord();
          socket.write(hello.subarray(0, Math.floor(hello.length / 2)));
        });
        return;
      }
      if (!tls) throw new Error("tls-refuse-plaintext needs a certificate");
      {
        const secure = new TLSSocket(socket, { isServer: true, secureContext: tls });
        secure.on("error", () => {});
        secure.once("data", () =>
          secure.end(message("R", Buffer.from("\0\0\0\x0aSCRAM-SHA-256\0\0", "latin1"))),
        );
      }
      return;
    case "direct-tls-any-alpn":
    case "direct-tls-other-alpn":
    case "direct-tls-stall": {
      if (!tls) throw new Error(`${script} needs a certificate`);
      const scramInside = (secure: TLSSocket) => {
        secure.on("error", () => {});
        secure.once("data", () =>
          secure.end(message("R", Buffer.from("\0\0\0\x0aSCRAM-SHA-256\0\0", "latin1"))),
        );
      };
      if (isTlsHello(first)) {
        if (script === "direct-tls-stall") return; // the direct ClientHello is read and never answered
        // The ClientHello goes back in front of the stream (paused first, or flowing mode would drop it).
        socket.pause();
        socket.unshift(first);
        const alpn = script === "direct-tls-other-alpn" ? ["h2"] : ["postgresql"];
        scramInside(new TLSSocket(socket, { isServer: true, secureContext: directTls, ALPNProtocols: alpn }));
        return;
      }
      if (!ssl) {
        socket.end(errorResponse("28000", 'no pg_hba.conf entry for host "127.0.0.1", no encryption'));
        return;
      }
      socket.write("S");
      scramInside(new TLSSocket(socket, { isServer: true, secureContext: tls }));
      return;
    }
  }
}

const AUTH_OK = message("R", Buffer.from([0, 0, 0, 0]));
const READY_FOR_QUERY = message("Z", Buffer.from("I"));

function parameterStatus(name: string, value: string): Buffer {
  return message("S", Buffer.from(`${name}\0${value}\0`));
}

/** A message head (type and int32 length) with no body: the length is the hostile part. */
function lengthOnly(type: string, length: number): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, "latin1");
  head.writeUInt32BE(length, 1);
  return head;
}

/**
 * AuthenticationOk, then ParameterStatus messages in batches as fast as the peer reads them (respecting
 * backpressure), never ReadyForQuery; stops when the peer leaves, after FLOOD_MAX_MESSAGES or FLOOD_MAX_MS.
 */
function flood(socket: Socket | TLSSocket): void {
  socket.write(AUTH_OK);
  const batch = Buffer.concat(
    Array.from({ length: 1000 }, (_, i) => parameterStatus(`wirewarden_hostile_${i % 10}`, "x")),
  );
  let sent = 0;
  const deadline = Date.now() + FLOOD_MAX_MS;
  const more = () => {
    while (socket.writable && sent < FLOOD_MAX_MESSAGES && Date.now() < deadline) {
      sent += 1000;
      if (!socket.write(batch)) return void socket.once("drain", more);
    }
  };
  more();
}

/** Sends `bytes` one per DRIP_INTERVAL_MS (the first at once); stops when the peer leaves. */
function drip(socket: Socket, bytes: Buffer): void {
  let at = 0;
  const tick = () => {
    if (!socket.writable || at >= bytes.length || at >= DRIP_MAX_BYTES) return clearInterval(timer);
    socket.write(bytes.subarray(at, at + 1));
    at++;
  };
  const timer = setInterval(tick, DRIP_INTERVAL_MS);
  socket.once("close", () => clearInterval(timer));
  tick();
}

/**
 * A duplex whose readable side is what the socket receives and whose writable side reaches the socket one byte per
 * DRIP_INTERVAL_MS, starting with `first` (its first byte at once): a TLS server on top of it answers correctly,
 * just very slowly.
 */
function dripDuplex(socket: Socket, first: Buffer): Duplex {
  let queue = first;
  let sent = 0;
  const tick = () => {
    if (!socket.writable || sent >= DRIP_MAX_BYTES) return clearInterval(timer);
    if (queue.length === 0) return;
    socket.write(queue.subarray(0, 1));
    queue = queue.subarray(1);
    sent++;
  };
  const timer = setInterval(tick, DRIP_INTERVAL_MS);
  socket.once("close", () => clearInterval(timer));
  tick();
  const d = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      queue = Buffer.concat([queue, chunk]);
      callback();
    },
  });
  socket.on("data", (b) => d.push(b));
  socket.once("close", () => d.destroy());
  return d;
}

/**
 * A duplex whose readable side is what the socket receives and whose every write reaches the socket
 * JUST_IN_TIME_MS later: a TLS server on top of it answers each flight correctly, just late.
 */
function heldBackDuplex(socket: Socket): Duplex {
  const timers = new Set<NodeJS.Timeout>();
  const d = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (socket.writable) socket.write(chunk);
      }, JUST_IN_TIME_MS);
      timers.add(timer);
      callback();
    },
  });
  socket.on("data", (b) => d.push(b));
  socket.once("close", () => {
    for (const t of timers) clearTimeout(t);
    d.destroy();
  });
  return d;
}

/** A plausible TLS 1.2 ServerHello record (ECDHE-RSA-AES128-GCM-SHA256, no extensions). */
function serverHelloRecord(): Buffer {
  const body = Buffer.concat([Buffer.from([3, 3]), Buffer.alloc(32, 0x5a), Buffer.from([0, 0xc0, 0x2f, 0])]);
  const handshake = Buffer.concat([Buffer.from([2, 0, 0, body.length]), body]);
  return Buffer.concat([Buffer.from([0x16, 3, 3, 0, handshake.length]), handshake]);
}
