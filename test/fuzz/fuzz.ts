/**
 * Shared settings of the fuzz tests (test/fuzz/*.fuzz.test.ts).
 *
 * `npm test` runs every property with the file's small default; `npm run fuzz` runs the same files with
 * WIREWARDEN_FUZZ_RUNS cases per property. Seeds are fixed, so a failure reproduces; WIREWARDEN_FUZZ_SEED explores
 * other ones. Every property also has a wall-clock limit that counts as a failure, so a regression that makes a
 * parser slow fails the run instead of stalling CI.
 */
import fc from "fast-check";

/**
 * Cases for one property: `defaultRuns`, or WIREWARDEN_FUZZ_RUNS × `share` when that is set. A property whose
 * single case costs tens of milliseconds (a whole project evaluated twice, a reply cut at every byte) takes a
 * share below 1 so that the long run stays within minutes.
 */
export function fuzzRuns(defaultRuns: number, share = 1): number {
  const raw = process.env.WIREWARDEN_FUZZ_RUNS;
  if (raw === undefined || raw === "") return defaultRuns;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`WIREWARDEN_FUZZ_RUNS must be a positive integer: ${raw}`);
  return Math.max(1, Math.round(n * share));
}

/** The file's seed, unless WIREWARDEN_FUZZ_SEED asks for another. */
export function fuzzSeed(fileSeed: number): number {
  const raw = process.env.WIREWARDEN_FUZZ_SEED;
  return raw ? Number(raw) : fileSeed;
}

export interface FuzzPlan {
  params: fc.Parameters<unknown>;
  /** For `it(…, timeout)`: the property's time limit plus room for setup. */
  timeout: number;
}

/**
 * Parameters for one property: its cases (see fuzzRuns), and a time limit of `msPerRun` per case (at least
 * 10 s) after which fast-check stops and the property fails (failOnInterrupt).
 */
export function plan(seed: number, defaultRuns: number, msPerRun: number, share = 1): FuzzPlan {
  const numRuns = fuzzRuns(defaultRuns, share);
  const limit = Math.max(10_000, Math.ceil(numRuns * msPerRun));
  return {
    params: {
      numRuns,
      seed: fuzzSeed(seed),
      plugins: [fc.interruptAfterTimeLimit(limit, { failOnInterrupt: true })],
    },
    timeout: limit + 60_000,
  };
}

/** Runs `fn` and says how long it took, in milliseconds. */
export function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}

/** Characters that must never reach a report from hostile input: C0/C1 controls, line and paragraph separators. */
export const NOT_ONE_LINE = /[\p{Cc}\p{Zl}\p{Zp}]/u;
