/** Messages a server sends, built by the intercepting proxy when it plays the server itself. */

import { typedMessage } from "./frontend.js";

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n, 0);
  return b;
}

export function authenticationCleartextPassword(): Buffer {
  return typedMessage("R", int32(3));
}

/** AuthenticationSASL listing the mechanisms, e.g. ["SCRAM-SHA-256"]. */
export function authenticationSasl(mechanisms: readonly string[]): Buffer {
  return typedMessage("R", Buffer.concat([int32(10), Buffer.from(`${mechanisms.join("\0")}\0\0`, "utf8")]));
}

export function errorResponse(code: string, text: string, severity = "FATAL"): Buffer {
  return typedMessage("E", Buffer.from(`S${severity}\0V${severity}\0C${code}\0M${text}\0\0`, "utf8"));
}
