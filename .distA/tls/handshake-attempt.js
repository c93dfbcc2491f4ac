import { parseServerReply } from "./client-hello.js";
/** A ServerHello arrives in the first few hundred bytes; more than this without one is not worth reading. */
const MAX_REPLY_BYTES = 64 * 1024;
/**
 * Sends a hand-built ClientHello on an already-connected socket (past SSLRequest/`S` for PostgreSQL) and waits for
 * the server's first answer, the peer closing, or the deadline. The socket is destroyed in every case: the
 * handshake is never completed, so the connection is of no further use. Never rejects.
 */
export function attemptHello(socket, hello, timeoutMs) {
    return new Promise((resolve) => {
        let received = Buffer.alloc(0);
        let settled = false;
        const finish = (outcome) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            socket.off("data", onData);
            socket.destroy();
            resolve(outcome);
        };
        const closed = () => finish({ kind: "closed" });
        const onData = (chunk) => {
            if (received.length + chunk.length > MAX_REPLY_BYTES)
                return finish({ kind: "garbage", reason: `no ServerHello or alert in ${MAX_REPLY_BYTES} bytes` });
            received = Buffer.concat([received, chunk]);
            const reply = parseServerReply(received);
            if (reply.kind !== "incomplete")
                finish(reply);
        };
        const timer = setTimeout(() => finish({ kind: "timeout" }), timeoutMs);
        socket.on("data", onData);
        // `error` (a reset) is always followed by `close`; listening to it keeps it from being thrown.
        socket.on("error", closed);
        socket.once("end", closed);
        socket.once("close", closed);
        if (socket.destroyed)
            return closed();
        socket.resume();
        socket.write(hello, (e) => e && closed());
    });
}
//# sourceMappingURL=handshake-attempt.js.map