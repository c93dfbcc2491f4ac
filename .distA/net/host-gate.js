/**
 * Politeness for fleet probes (issue 23): at most `perHost` TCP connections open to one host at a time, and at most
 * `perSecond` new connections a second over the whole process, so a probe of 500 endpoints cannot look like an
 * attack on one node (each PostgreSQL connection forks a backend). Every database connection of a probe opens
 * through `Connection.open`, which waits here, within its endpoint's deadline.
 */
/** No cap and no rate unless a probe run sets them (--per-host, --rate): other commands are not gated. */
export const DEFAULT_GATE = { perHost: Number.POSITIVE_INFINITY, perSecond: 0 };
export class HostGate {
    limits;
    hosts = new Map();
    nextStart = 0;
    constructor(limits) {
        this.limits = limits;
    }
    /** Whether a per-host cap is set (then connections close gracefully: net/connection.ts). */
    get capped() {
        return Number.isFinite(this.limits.perHost);
    }
    /**
     * Waits for a slot to `host` (and for the rate), at most `ms`. Returns the release function, or undefined when
     * the wait ran out: the caller reports no connection within its deadline.
     */
    async acquire(host, ms) {
        const key = host.toLowerCase();
        let state = this.hosts.get(key);
        if (!state) {
            state = { open: 0, waiting: [] };
            this.hosts.set(key, state);
        }
        const until = Date.now() + ms;
        if (state.open < this.limits.perHost)
            state.open++;
        else {
            // Woken by a release, which hands its slot over (`open` stays as it is): no one can slip in between.
            const s = state;
            const got = await new Promise((resolve) => {
                const wake = () => {
                    clearTimeout(timer);
                    resolve(true);
                };
                const timer = setTimeout(() => {
                    const i = s.waiting.indexOf(wake);
                    if (i >= 0)
                        s.waiting.splice(i, 1);
                    resolve(false);
                }, ms);
                s.waiting.push(wake);
            });
            if (!got)
                return undefined;
        }
        let released = false;
        const s = state;
        const release = () => {
            if (released)
                return;
            released = true;
            const next = s.waiting.shift();
            if (next)
                next();
            else {
                s.open--;
                if (s.open === 0 && s.waiting.length === 0)
                    this.hosts.delete(key);
            }
        };
        if (this.limits.perSecond > 0) {
            const gap = 1000 / this.limits.perSecond;
            const now = Date.now();
            const start = Math.max(now, this.nextStart);
            this.nextStart = start + gap;
            if (start > now) {
                if (start > until) {
                    release();
                    return undefined;
                }
                await new Promise((resolve) => setTimeout(resolve, start - now));
            }
        }
        return release;
    }
}
let gate = new HostGate(DEFAULT_GATE);
/** The process's gate; `probe` sets it from --per-host and --rate before it starts. */
export function hostGate() {
    return gate;
}
export function configureHostGate(limits) {
    gate = new HostGate(limits);
    return gate;
}
//# sourceMappingURL=host-gate.js.map