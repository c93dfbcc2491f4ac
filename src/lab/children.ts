import type { ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";

/**
 * The one child-process policy of the lab (PostgreSQL clusters, runserver, nginx): every server and temp dir is
 * tracked from the moment it exists; stop() signals the server with its own stop signal, waits a grace period,
 * then kills it and removes its dir; and a process that ends without stop() (an exception, vitest's SIGTERM to
 * its workers) still signals every server and removes every dir on its way out.
 */
export interface LabEntry {
  dir: string;
  child?: ChildProcess;
  /** How the server wants to be asked to stop: SIGQUIT for PostgreSQL (immediate), SIGTERM for nginx's master. */
  stopSignal: NodeJS.Signals;
}

const live = new Set<LabEntry>();
let hooksInstalled = false;

/** Synchronous, for 'exit': signal the servers and remove the dirs. */
function cleanUpNow(): void {
  for (const e of live) {
    e.child?.kill(e.stopSignal);
    try {
      rmSync(e.dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // a dir the dying server still writes to is left for the OS's tmp cleaning
    }
  }
  live.clear();
}

/** Vitest ends its fork workers with SIGTERM, which skips 'exit' handlers: clean up, then die of the signal. */
function onSignal(signal: NodeJS.Signals): void {
  cleanUpNow();
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

export function track(entry: LabEntry): void {
  if (!hooksInstalled) {
    hooksInstalled = true;
    process.once("exit", cleanUpNow);
    process.once("SIGTERM", onSignal);
    process.once("SIGINT", onSignal);
  }
  live.add(entry);
}

/** Resolves true once the child has exited, false after `ms`. */
export function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
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
export async function stopEntry(entry: LabEntry, graceMs: number, beforeRemove?: () => void): Promise<void> {
  const { child } = entry;
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill(entry.stopSignal);
    if (!(await exited(child, graceMs))) child.kill("SIGKILL");
  }
  beforeRemove?.();
  rmSync(entry.dir, { recursive: true, force: true, maxRetries: 3 });
  live.delete(entry);
}
