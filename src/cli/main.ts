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

// bin/wirewarden starts a scan without NODE_EXTRA_CA_CERTS (Node would parse the certificates at start-up, and a scan
// makes no TLS connection): back into the environment before anything reads it.
const carried = process.env.WIREWARDEN_NODE_EXTRA_CA_CERTS;
if (carried !== undefined) {
  process.env.NODE_EXTRA_CA_CERTS = carried;
  delete process.env.WIREWARDEN_NODE_EXTRA_CA_CERTS;
}

const argv = process.argv.slice(2);
// bin/wirewarden hands `--env-file` over as `--wirewarden-env-file`. Seen here under its own name, node was started
// on this file directly, and Node 20 has then already read the file itself and obeyed any NODE_OPTIONS in it
// (nodejs/node#54232): refuse rather than carry on as if nothing had happened.
if (argv.some((a) => a === "--env-file" || a.startsWith("--env-file="))) {
  process.stderr.write(
    "wirewarden: run wirewarden through its command (bin/wirewarden, the installed `wirewarden`, or `npx -- wirewarden`), not `node dist/cli/main.js`, " +
      "when passing --env-file: Node.js itself may read that file and obey a NODE_OPTIONS line in it " +
      "(nodejs/node#54232)\n",
  );
  process.exit(2);
}
/**
 * A scan has nothing left to do once its report is written: it exits then, once stdout and stderr have taken every
 * byte, instead of letting Node free its heap first (~30 ms of every scan, issue 22). Other commands end as Node
 * ends them (a prove or a lab may still be closing servers and children).
 */
function exitOnceWritten(code: number): void {
  const pending = [process.stdout, process.stderr].filter((s) => s.writableLength > 0);
  if (pending.length === 0) process.exit(code);
  let left = pending.length;
  for (const s of pending)
    s.once("drain", () => {
      if (--left === 0) process.exit(code);
    });
}

// No top-level await: the one-file build (scripts/bundle.mjs) is a CommonJS script, for V8's code cache.
void runCli(
  argv.map((a) => a.replace(/^--wirewarden-env-file(?==|$)/, "--env-file")),
  processIo(),
).then((code) => {
  process.exitCode = code;
  if (argv[0] === "scan") exitOnceWritten(code);
});
