/**
 * A SCRIPTED pgwire server — not a database. It exists only for replies no server available here can produce:
 * CockroachDB's own answers (the 08P01 "node is running secure mode" refusal, `crdb_version`) and hostile
 * behaviour (bytes after 'S', a 2 GB length, silence, a reset mid-handshake). Real PostgreSQL behaviour is
 * always tested against a real PostgreSQL server (src/lab/pg-cluster.ts).
 */
import { createServer, type Server, type Socket } from "node:net";
import { TLSSocket } from "node:tls";

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
  | "reset-in-handshake";

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

/** First 8 bytes of a client's message: SSLRequest, or the head of a StartupMessage. */
function isSslRequest(b: Buffer): boolean {
  return b.length >= 8 && b.readInt32BE(0) === 8 && b.readInt32BE(4) === 80877103;
}

export async function startScriptedServer(
  script: Script,
  tls?: { cert: string; key: string },
): Promise<ScriptedServer> {
  let count = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    socket.once("data", (first) => serve(script, socket, first, tls));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
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

function serve(script: Script, socket: Socket, first: Buffer, tls?: { cert: string; key: string }): void {
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
        const secure = new TLSSocket(socket, { isServer: true, cert: tls.cert, key: tls.key });
        secure.on("error", () => {});
        secure.once("data", () => secure.end(trustWithCrdbVersion()));
      }
      return;
  }
}
