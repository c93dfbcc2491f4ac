/**
 * The one instant by which everything about one endpoint must be over. `--timeout` used to bound each wait on
 * its own, and the waits of one endpoint chain (connect, SSLRequest, handshake, startup, parameters, the
 * protocol-2.0 identification), so a server that answered each step just in time held the probe for several
 * timeouts. Every connect and wait now asks how much of the endpoint's time is left.
 */
export class Deadline {
    ms;
    end;
    constructor(
    /** The whole budget, for messages: "… before the endpoint's 5000 ms deadline". */
    ms, now = performance.now()) {
        this.ms = ms;
        this.end = now + Math.max(0, ms);
    }
    /** Milliseconds left (0 once passed). */
    left() {
        return Math.max(0, Math.ceil(this.end - performance.now()));
    }
    passed() {
        return this.left() === 0;
    }
    /** The end of a message about a step that ran out of time. */
    get phrase() {
        return `before the endpoint's ${this.ms} ms deadline`;
    }
}
//# sourceMappingURL=deadline.js.map