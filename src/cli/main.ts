#!/usr/bin/env node
import { processIo } from "./common.js";
import { runCli } from "./program.js";

// A reader that goes away (`wirewarden scan | head`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const code = await runCli(process.argv.slice(2), processIo());
process.exitCode = code;
