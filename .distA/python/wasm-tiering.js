import { setFlagsFromString } from "node:v8";
/** V8 majors known to have `--liftoff-only` (Node 20–24); another V8 would print "unrecognized flag" on stderr. */
const LIFTOFF_ONLY_V8 = /^1[1-3]\./;
/**
 * tree-sitter's WebAssembly stays on V8's baseline compiler (issue 22). By default V8 recompiles its hot functions
 * with its optimising compiler on another thread, and a process cannot end before that thread has finished: a
 * scan waited ~90 ms after its report for code it never ran, and that compilation took the second core from the
 * walk meanwhile. Measured on the bundled example, 356 → 212 ms median; saleor and kpi did not get slower. Set
 * before the first WebAssembly is compiled, after the code cache (cli/one-file.ts) was read.
 */
export function baselineWasmOnly() {
    if (LIFTOFF_ONLY_V8.test(process.versions.v8))
        setFlagsFromString("--liftoff-only");
}
/**
 * Undoes baselineWasmOnly. V8 stamps a code cache with the flags of the process that made it and refuses it under
 * other flags: the build's warm-up scan (scripts/bundle.mjs) sets this back before it writes the cache, so that the
 * cache matches a process that has not loaded the grammar yet.
 */
export function restoreWasmTiering() {
    // --liftoff-only also turned these two off; the test of the build's cache (test/build) says if a V8 adds more.
    if (LIFTOFF_ONLY_V8.test(process.versions.v8))
        setFlagsFromString("--no-liftoff-only --wasm-tier-up --wasm-dynamic-tiering");
}
//# sourceMappingURL=wasm-tiering.js.map