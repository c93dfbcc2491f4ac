import { spawn } from "node:child_process";
import { redactSecrets } from "../core/redact.js";
/**
 * One bounded run of a program the user named (the project's Python, psql): its own process group, exactly the
 * environment given, output capped, the whole group killed at the deadline. Every client `prove` starts goes
 * through here.
 */
/** Output kept per stream; the rest is read and dropped. */
export const OUTPUT_CAP = 64 * 1024;
/** Waiting for the pipes to close after the process group was killed (a grandchild may have left the group). */
const KILL_GRACE_MS = 1_000;
const RAW_CAP = 4 * 1024;
/**
 * Runs `file` in a process group of its own with exactly `env`, writes `input` to its stdin, keeps at most
 * OUTPUT_CAP bytes of each output stream, and kills the whole group once `timeoutMs` has passed.
 */
export function runBounded(file, args, o) {
    const started = performance.now();
    return new Promise((resolve) => {
        const out = [];
        const err = [];
        let outBytes = 0;
        let errBytes = 0;
        let timedOut = false;
        let settled = false;
        let timer;
        let grace;
        const finish = (code, signal, spawnError) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            clearTimeout(grace);
            resolve({
                stdout: Buffer.concat(out).toString("utf8"),
                stderr: Buffer.concat(err).toString("utf8"),
                code,
                signal,
                timedOut,
                spawnError,
                durationMs: Math.round(performance.now() - started),
            });
        };
        const child = spawn(file, args, { env: o.env, stdio: ["pipe", "pipe", "pipe"], detached: true });
        const killGroup = () => {
            try {
                if (child.pid !== undefined)
                    process.kill(-child.pid, "SIGKILL");
            }
            catch {
                // the group is already gone
            }
        };
        child.once("error", (e) => {
            if (child.pid === undefined)
                finish(null, null, e);
        });
        if (child.pid === undefined)
            return; // 'error' follows
        const keep = (chunks, size, b) => {
            if (size < OUTPUT_CAP)
                chunks.push(b.subarray(0, OUTPUT_CAP - size));
            return size + b.length;
        };
        child.stdout.on("data", (b) => {
            outBytes = keep(out, outBytes, b);
        });
        child.stderr.on("data", (b) => {
            errBytes = keep(err, errBytes, b);
        });
        // A client that exits before reading its stdin must not crash us with EPIPE.
        child.stdin.on("error", () => { });
        child.stdin.end(o.input ?? "");
        timer = setTimeout(() => {
            timedOut = true;
            killGroup();
            grace = setTimeout(() => {
                child.stdout.destroy();
                child.stderr.destroy();
                finish(child.exitCode, child.signalCode);
            }, KILL_GRACE_MS);
        }, o.timeoutMs);
        child.once("close", (code, signal) => finish(code, signal));
    });
}
/** Why a program could not be started, e.g. "/usr/bin/python3.13: not found". */
export function spawnFailure(file, e) {
    if (e.code === "ENOENT")
        return `${file}: not found`;
    if (e.code === "EACCES")
        return `${file}: not executable (permission denied)`;
    return `${file}: cannot be run (${e.code ?? e.message})`;
}
/** The last lines of a client's output, redacted, for a run that did not answer as expected. */
export function rawOutput(c) {
    const text = [c.stdout.trim(), c.stderr.trim()].filter((s) => s !== "").join("\n");
    return text === "" ? undefined : redactSecrets(text.slice(-RAW_CAP));
}
//# sourceMappingURL=bounded-run.js.map