import { rmSync } from "node:fs";
const live = new Set();
let hooksInstalled = false;
/** Synchronous, for 'exit': signal the servers and remove the dirs. */
function cleanUpNow() {
    for (const e of live) {
        e.child?.kill(e.stopSignal);
        try {
            rmSync(e.dir, { recursive: true, force: true, maxRetries: 3 });
        }
        catch {
            // a dir the dying server still writes to is left for the OS's tmp cleaning
        }
    }
    live.clear();
}
/** Vitest ends its fork workers with SIGTERM, which skips 'exit' handlers: clean up, then die of the signal. */
function onSignal(signal) {
    cleanUpNow();
    if (process.listenerCount(signal) === 0)
        process.kill(process.pid, signal);
}
export function track(entry) {
    if (!hooksInstalled) {
        hooksInstalled = true;
        process.once("exit", cleanUpNow);
        process.once("SIGTERM", onSignal);
        process.once("SIGINT", onSignal);
    }
    live.add(entry);
}
/** Resolves true once the child has exited, false after `ms`. */
export function exited(child, ms) {
    if (child.exitCode !== null || child.signalCode !== null)
        return Promise.resolve(true);
    return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), ms);
        child.once("exit", () => {
            clearTimeout(timer);
            resolve(true);
        });
    });
}
/**
 * Asks the server to stop, kills it after `graceMs`, runs `beforeRemove` (read its log), removes its dir, and
 * stops tracking it.
 */
export async function stopEntry(entry, graceMs, beforeRemove) {
    const { child } = entry;
    if (child && child.exitCode === null && child.signalCode === null) {
        child.kill(entry.stopSignal);
        if (!(await exited(child, graceMs)))
            child.kill("SIGKILL");
    }
    beforeRemove?.();
    rmSync(entry.dir, { recursive: true, force: true, maxRetries: 3 });
    live.delete(entry);
}
//# sourceMappingURL=children.js.map