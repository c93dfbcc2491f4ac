/**
 * Runs the one-file build (dist/cli/wirewarden.cjs, made by scripts/bundle.mjs) through V8's code cache. Node 20
 * has no compile cache of its own: without one, every run parses and compiles the 2 MB build again, and then each
 * function the first time it is called. The cache is made once, when the package is built, from a scan of the
 * bundled example; it is only ever read here. V8 refuses a cache made by another V8 version or other flags, and
 * the build is then compiled as usual.
 */
import { isAscii } from "node:buffer";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { Script } from "node:vm";

/** The build, compiled with `cachedData` when given, wrapped as Node wraps a CommonJS module. */
export function compileOneFile(file: string, cachedData?: Buffer): Script {
  const bytes = readFileSync(file);
  // The build is ASCII (scripts/ascii-only.mjs): read as Latin-1, the same text without a UTF-8 decoder's pass.
  const source = isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
  // A `#!` line is only allowed at the very start of a script, which the wrapper is not.
  const body = source.startsWith("#!") ? `//${source.slice(2)}` : source;
  return new Script(`(function (exports, require, module, __filename, __dirname) {${body}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
}

/** Runs a compiled build as the CommonJS module `file`. */
export function runCompiled(script: Script, file: string): void {
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} };
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
}

/** The code cache's file, beside the build. */
export const codeCacheOf = (file: string): string => `${file}.cache`;

/** Runs the build `file` with its code cache when there is one. */
export function runOneFile(file: string): void {
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(codeCacheOf(file));
  } catch {
    // Built without a cache (or it was removed): compiled as usual.
  }
  runCompiled(compileOneFile(file, cachedData), file);
}
