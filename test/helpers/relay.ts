/**
 * A loopback TCP relay in front of a real server, for counting what a probe costs the server (issues 22, 23): each
 * connection's span, open from accept until either end closes it — the client's FIN or RST reaching the relay, or
 * the server hanging up (a PostgreSQL backend has ended then).
 */
import { createServer, type Socket, connect as tcpConnect } from "node:net";

export interface Relay {
  port: number;
  /** Connections accepted so far. */
  connections(): number;
  /** One per connection, in accept order; `to` is Infinity while it is open. */
  spans: { from: number; to: number }[];
  close(): Promise<void>;
}

export async function startRelay(upstreamPort: number, host = "127.0.0.1"): Promise<Relay> {
  const spans: Relay["spans"] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const span = { from: performance.now(), to: Number.POSITIVE_INFINITY };
    spans.push(span);
    const upstream = tcpConnect(upstreamPort, host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("error", () => undefined);
      s.on("close", () => sockets.delete(s));
    }
    let open = true;
    const gone = () => {
      if (!open) return;
      open = false;
      span.to = performance.now();
      upstream.destroy();
    };
    for (const event of ["end", "error", "close"]) client.once(event, gone);
    // When the server hangs up first the pipe lets go of the client: keep reading it, or its FIN goes unseen.
    upstream.once("close", () => client.resume());
    upstream.once("end", gone);
    upstream.once("close", gone);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("the relay has no port");
  return {
    port: address.port,
    connections: () => spans.length,
    spans,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The most spans open at once (a close and an accept at the same instant: the close first). */
export function peakOpen(spans: readonly { from: number; to: number }[]): number {
  const events = spans.flatMap((s) => [
    { at: s.from, d: 1 },
    { at: s.to, d: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.d - b.d);
  let open = 0;
  let peak = 0;
  for (const e of events) {
    open += e.d;
    peak = Math.max(peak, open);
  }
  return peak;
}
