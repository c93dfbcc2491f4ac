import { connect } from "node:net";
import { Deadline } from "./deadline.js";
import { hostGate } from "./host-gate.js";
/** Bytes kept from one peer before giving up on it: the probe reads a few small messages, never a stream. */
export const MAX_BUFFERED_BYTES = 256 * 1024;
/**
 * A TCP connection whose incoming bytes accumulate in one bounded buffer, read by `waitFor(parse)`: the parse
 * function sees everything received so far and says whether it is enough. Every wait ends by its deadline.
 */
export class Connection {
    socket;
    buffer = Buffer.alloc(0);
    closedWith = null;
    wake;
    constructor(socket) {
        this.socket = socket;
        socket.on("data", (chunk) => {
            if (this.buffer.length + chunk.length > MAX_BUFFERED_BYTES) {
                this.closedWith = "overflow";
                socket.destroy();
            }
            else
                this.buffer = Buffer.concat([this.buffer, chunk]);
            this.wake?.();
        });
        const onEnd = (e) => {
            if (this.closedWith === null)
                this.closedWith = e ? describeSocketError(e) : undefined;
            this.wake?.();
        };
        socket.on("error", onEnd);
        socket.on("close", () => onEnd());
    }
    /** `limit`: milliseconds for this connect alone, or the endpoint's deadline. */
    static async open(host, port, limit) {
        const waitMs = msLeft(limit);
        if (waitMs === 0)
            return { error: `no TCP connection ${limitPhrase(limit)}` };
        // Politeness first (host-gate.ts): a slot to this host, within the same deadline.
        const release = await hostGate().acquire(host, waitMs);
        if (!release)
            return {
                error: `no TCP connection ${limitPhrase(limit)}: the per-host connection cap (--per-host) or --rate kept it waiting`,
            };
        const gate = hostGate();
        const opened = await Connection.connect(host, port, limit);
        if ("error" in opened)
            release();
        else {
            opened.socket.once("close", release);
            if (gate.capped)
                closeGracefully(opened.socket);
        }
        return opened;
    }
    static connect(host, port, limit) {
        return new Promise((resolve) => {
            const ms = msLeft(limit);
            if (ms === 0)
                return resolve({ error: `no TCP connection ${limitPhrase(limit)}` });
            const socket = connect({ host, port });
            const timer = setTimeout(() => {
                socket.destroy();
                resolve({ error: `no TCP connection ${limitPhrase(limit)}` });
            }, ms);
            socket.once("connect", () => {
                clearTimeout(timer);
                socket.removeAllListeners("error");
                socket.setNoDelay(true);
                resolve(new Connection(socket));
            });
            socket.once("error", (e) => {
                clearTimeout(timer);
                resolve({ error: describeSocketError(e) });
            });
        });
    }
    write(bytes) {
        if (!this.socket.destroyed)
            this.socket.write(bytes);
    }
    /** Hands the socket to someone else (tls.connect): no more buffering here. */
    detach() {
        this.socket.removeAllListeners("data");
        return this.socket;
    }
    /** Drops `n` consumed bytes from the front of the buffer. */
    consume(n) {
        this.buffer = this.buffer.subarray(n);
    }
    async waitFor(parse, limit) {
        const deadline = Date.now() + msLeft(limit);
        for (;;) {
            const value = parse(this.buffer);
            if (value !== undefined)
                return { kind: "ok", value };
            if (this.closedWith === "overflow")
                return { kind: "overflow" };
            if (this.closedWith !== null)
                return { kind: "closed", ...(this.closedWith ? { error: this.closedWith } : {}) };
            const left = deadline - Date.now();
            if (left <= 0)
                return { kind: "timeout" };
            await new Promise((resolve) => {
                const timer = setTimeout(resolve, left);
                this.wake = () => {
                    clearTimeout(timer);
                    resolve();
                };
            });
            this.wake = undefined;
        }
    }
    close() {
        this.socket.destroy();
    }
}
/** How long a capped connection's close waits for the server's own close before the socket is dropped. */
const GRACEFUL_CLOSE_MS = 250;
/**
 * Under a per-host cap, a slot is freed when the server has seen the connection end, not when this side dropped it:
 * otherwise the next connection the slot lets in reaches the server before the server has noticed the last one
 * close, and the server counts one more than the cap (bench/fleet.mjs measured it). So `destroy` of such a socket —
 * whoever calls it, this module, the TLS layer over it, a check that gives up — half-closes it (FIN), reads until
 * the server's FIN, then destroys it; at most GRACEFUL_CLOSE_MS later whatever the server does.
 */
function closeGracefully(socket) {
    const drop = socket.destroy.bind(socket);
    let closing = false;
    socket.destroy = (error) => {
        if (closing || socket.destroyed)
            return socket;
        closing = true;
        if (error || !socket.writable)
            return drop(error);
        const timer = setTimeout(() => drop(), GRACEFUL_CLOSE_MS);
        timer.unref();
        socket.once("end", () => {
            clearTimeout(timer);
            drop();
        });
        socket.once("error", () => {
            clearTimeout(timer);
            drop();
        });
        socket.on("data", () => undefined);
        socket.resume();
        socket.end();
        return socket;
    };
}
export const msLeft = (limit) => limit instanceof Deadline ? limit.left() : Math.max(0, limit);
/** "within 1500 ms" for a wait of its own, "before the endpoint's 1500 ms deadline" for a shared one. */
export const limitPhrase = (limit) => limit instanceof Deadline ? limit.phrase : `within ${limit} ms`;
export function describeSocketError(e) {
    const err = e;
    if (err?.code === "ECONNREFUSED")
        return "connection refused";
    if (err?.code === "ECONNRESET")
        return "connection reset by the server";
    if (err?.code === "EHOSTUNREACH" || err?.code === "ENETUNREACH")
        return "host unreachable";
    if (err?.code === "ENOTFOUND" || err?.code === "EAI_AGAIN")
        return "host name does not resolve";
    return err?.message ? err.message.split("\n")[0] : String(e);
}
//# sourceMappingURL=connection.js.map